/* izp-template-link.h — [Lien démo] for a prospect who has no link yet
 *
 * The prospect's tracked link, made on the spot through the links core
 * when there is none: an unarchived link already made for the same
 * prospect (registered, or still queued) is used again, so asking twice
 * never makes two. Offline the new link waits in the outbox and has no
 * URL until the next sync: the URL is always the server's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-links.h"
#include "izp-template-sources.h"

G_BEGIN_DECLS

/* The link a template would create for @prospect: labelled with its
 * company (else its name), its names, company and e-mail as the
 * prospect's, @channel and @campaign (NULL or "": none). */
void      izp_template_link_draft_init    (IzpLinkDraft        *draft,
                                           const IzpProspect   *prospect,
                                           const char          *channel,
                                           const char          *campaign);

/* Finishes with the URL of @prospect's link, or NULL with *@out_queued
 * %TRUE (and no error) when the link waits for the next sync. */
void      izp_template_ensure_link_async  (IzpSync             *sync,
                                           const IzpProspect   *prospect,
                                           const char          *channel,
                                           const char          *campaign,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char     *izp_template_ensure_link_finish (IzpSync             *sync,
                                           GAsyncResult        *result,
                                           gboolean            *out_queued,
                                           GError             **error);

/* What a queued link's [Lien démo] says to the partner (translated). */
const char *izp_template_link_pending_message (void);

G_END_DECLS
