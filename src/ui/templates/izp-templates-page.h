/* izp-templates-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_TEMPLATES_PAGE (izp_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpTemplatesPage, izp_templates_page, IZP, TEMPLATES_PAGE, AdwBin)

/* The account whose leads, clients and official templates to use (the
 * window binds it); NULL for none. Read again when its data changes. */
void        izp_templates_page_set_session (IzpTemplatesPage *self,
                                            IzpSession       *session);
IzpSession *izp_templates_page_get_session (IzpTemplatesPage *self);
/* TRUE once the store's data is on screen. */
gboolean    izp_templates_page_is_loaded   (IzpTemplatesPage *self);

/* What “Open in Mail Client” opens: `mailto:` with the recipient, the
 * filled subject and body (and signature, when it goes in e-mails). */
char       *izp_templates_page_dup_mailto_uri (IzpTemplatesPage *self);

G_END_DECLS
