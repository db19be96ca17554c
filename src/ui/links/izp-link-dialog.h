/* izp-link-dialog.h — “New Link”: the form, checked as it is typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-link-draft.h"
#include "izp-sync.h"

G_BEGIN_DECLS

#define IZP_TYPE_LINK_DIALOG (izp_link_dialog_get_type ())

G_DECLARE_FINAL_TYPE (IzpLinkDialog, izp_link_dialog, IZP, LINK_DIALOG, AdwWindow)

/* Emits "created" (const char *id, gboolean queued, const char *refusal)
 * once the link is stored, then closes. The channel and campaign start
 * from the Preferences' defaults. */
IzpLinkDialog *izp_link_dialog_new          (GtkWindow    *parent,
                                             IzpSync      *sync);
/* A link the server refused, its fields filled in to be corrected; Send
 * retries it under a new key (izp_links_retry_async()). */
IzpLinkDialog *izp_link_dialog_new_correction (GtkWindow          *parent,
                                               IzpSync            *sync,
                                               const char         *local_id,
                                               const IzpLinkDraft *draft);
/* For the tests: type into a field as the user would. */
void           izp_link_dialog_set_field    (IzpLinkDialog *self,
                                             guint          field,
                                             const char    *value);
gboolean       izp_link_dialog_can_create   (IzpLinkDialog *self);
/* What a field holds now (the channel as the API's value). */
char          *izp_link_dialog_dup_field    (IzpLinkDialog *self,
                                             guint          field);

G_END_DECLS
