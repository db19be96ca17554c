/* izp-sync.h — bring the local store up to date with the server
 *
 * One run: send the outbox (links created offline, with their idempotency
 * keys, and changes to links, in the order made), refresh the partner and leaderboard documents (conditionally, with
 * their ETag), then every collection incrementally from where the last run
 * stopped. Each page is stored with its cursor in one transaction, so a run
 * that is interrupted — cancelled, offline, killed — resumes where it
 * stopped. Network on the caller's main context; SQLite on worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-api-client.h"
#include "izp-store.h"

G_BEGIN_DECLS

#define IZP_TYPE_SYNC (izp_sync_get_type ())

G_DECLARE_FINAL_TYPE (IzpSync, izp_sync, IZP, SYNC, GObject)

typedef struct
{
  guint64 items;                      /* items and tombstones received */
  guint   pages;
  guint   unchanged;                  /* collections answered with 304 */
  guint   outbox_sent;
} IzpSyncSummary;

IzpSync        *izp_sync_new              (IzpApiClient        *client,
                                           IzpStore            *store);
IzpApiClient   *izp_sync_get_client       (IzpSync             *self);
IzpStore       *izp_sync_get_store        (IzpSync             *self);

/* Items per page, 1–1000 (default 1000). */
void            izp_sync_set_page_limit   (IzpSync             *self,
                                           guint                limit);
gboolean        izp_sync_is_running       (IzpSync             *self);

/* Emits "progress" (const char *collection, guint64 items_so_far_in_it,
 * guint64 items_so_far_in_run) on the caller's context after each stored
 * page. */
void            izp_sync_run_async        (IzpSync             *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean        izp_sync_run_finish       (IzpSync             *self,
                                           GAsyncResult        *result,
                                           IzpSyncSummary      *out_summary,
                                           GError             **error);

/* A link created offline: stored locally at once (id `local_…`) and queued
 * for the next run. @body is what POST /v1/referral-links takes. Runs the
 * SQLite work on a worker thread. */
void            izp_sync_queue_link_async (IzpSync             *self,
                                           JsonObject          *body,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns the local id. */
char           *izp_sync_queue_link_finish (IzpSync            *self,
                                            GAsyncResult       *result,
                                            GError            **error);

G_END_DECLS
