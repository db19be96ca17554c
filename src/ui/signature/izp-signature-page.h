/* izp-signature-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_SIGNATURE_PAGE (izp_signature_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpSignaturePage, izp_signature_page, IZP, SIGNATURE_PAGE, AdwBin)

/* The account whose tier and cabinet the signature shows (the window binds
 * it); NULL for none. */
void        izp_signature_page_set_session  (IzpSignaturePage  *self,
                                             IzpSession        *session);
IzpSession *izp_signature_page_get_session  (IzpSignaturePage  *self);
/* Writes the signature as a UTF-8 HTML file (what “Save for Thunderbird…”
 * does with the file chosen) and says where to select it. */
gboolean    izp_signature_page_save_to_file (IzpSignaturePage  *self,
                                             GFile             *file,
                                             GError           **error);

G_END_DECLS
