/* izp-links.h — the partner's referral links: create, list, archive, clicks
 *
 * A new link never gets lost: its local row and its queued request (with
 * the idempotency key) are stored in one transaction before the first
 * attempt, then sent at once; when that fails for want of a network the
 * link waits in the outbox for the next sync, which sends the same key so
 * the server registers it exactly once. Its URL is always the server's.
 * SQLite work on worker threads, network on the caller's context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-api-client.h"
#include "izp-link-draft.h"
#include "izp-store.h"
#include "izp-sync.h"

G_BEGIN_DECLS

typedef enum
{
  IZP_LINK_STATE_REGISTERED,  /* the server's: URL, code, stats */
  IZP_LINK_STATE_PENDING,     /* queued: no URL until the next sync */
  IZP_LINK_STATE_REFUSED,     /* the server said no: see refusal */
} IzpLinkState;

typedef struct
{
  JsonObject   *link;         /* the stored referral_link item */
  IzpLinkState  state;
  char         *refusal;      /* REFUSED: the server's reason */
} IzpLinkEntry;

void          izp_link_entry_free          (IzpLinkEntry        *entry);

const char   *izp_link_entry_get_id        (const IzpLinkEntry  *entry);
const char   *izp_link_entry_get_label     (const IzpLinkEntry  *entry);
/* NULL while not registered. */
const char   *izp_link_entry_get_url       (const IzpLinkEntry  *entry);
gboolean      izp_link_entry_is_archived   (const IzpLinkEntry  *entry);
/* A member of "stats" (0 when absent). */
gint64        izp_link_entry_get_stat      (const IzpLinkEntry  *entry,
                                            const char          *name);

/* Every link of the store, newest first (element type IzpLinkEntry);
 * archived ones only with @include_archived. Blocking: a worker thread. */
GPtrArray    *izp_links_list               (IzpStore            *store,
                                            gboolean             include_archived,
                                            GError             **error);
/* One link by id (NULL with no error if unknown). Blocking. */
IzpLinkEntry *izp_links_find               (IzpStore            *store,
                                            const char          *id,
                                            GError             **error);

/* Validates @draft, queues it (local row + outbox entry) and sends it.
 * Returns the server's link, or — no network, server down — the local
 * row with *@out_queued = %TRUE. A refusal by the server is kept (state
 * REFUSED) and returned as IZP_API_ERROR_REJECTED. */
void          izp_links_create_async       (IzpSync             *sync,
                                            const IzpLinkDraft  *draft,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonObject   *izp_links_create_finish      (IzpSync             *sync,
                                            GAsyncResult        *result,
                                            gboolean            *out_queued,
                                            GError             **error);

/* A refused link (@local_id): with @draft %NULL, sent again as it was,
 * with the same idempotency key; corrected (@draft), queued anew — a
 * new key, since the body differs — and the refused one dropped. The
 * result is as izp_links_create_finish()'s. */
void          izp_links_retry_async        (IzpSync             *sync,
                                            const char          *local_id,
                                            const IzpLinkDraft  *draft,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonObject   *izp_links_retry_finish       (IzpSync             *sync,
                                            GAsyncResult        *result,
                                            gboolean            *out_queued,
                                            GError             **error);

/* A refused (or still pending) link given up: its queued request and its
 * local row go, in one transaction. A refused change (archive) goes alone
 * and the link's flag is set back as the server has it. */
void          izp_links_discard_async      (IzpSync             *sync,
                                            const char          *local_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_links_discard_finish     (IzpSync             *sync,
                                            GAsyncResult        *result,
                                            GError             **error);

/* The flag set on the local row and its PATCH {"archived"} queued, in one
 * transaction (the list shows it at once), then sent: the server's link
 * comes back into the store. No network — or a link not registered yet,
 * or older changes of it still queued —: the local row, *@out_queued =
 * %TRUE, the next sync sends it. A refusal is kept as a link's
 * (IZP_API_ERROR_REJECTED); discarding it gives the flag back. */
void          izp_links_set_archived_async (IzpSync             *sync,
                                            const char          *link_id,
                                            gboolean             archived,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
JsonObject   *izp_links_set_archived_finish (IzpSync            *sync,
                                             GAsyncResult       *result,
                                             gboolean           *out_queued,
                                             GError            **error);

/* GET …/clicks over the link's life, kept in the store for offline use.
 * Element type IzpApiClickDay. */
void          izp_links_fetch_clicks_async (IzpSync             *sync,
                                            const char          *link_id,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
GPtrArray    *izp_links_fetch_clicks_finish (IzpSync            *sync,
                                             GAsyncResult       *result,
                                             GError            **error);
/* The days kept by the last fetch; NULL with no error if never fetched.
 * Blocking. */
GPtrArray    *izp_links_load_clicks        (IzpStore            *store,
                                            const char          *link_id,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpLinkEntry, izp_link_entry_free)

G_END_DECLS
