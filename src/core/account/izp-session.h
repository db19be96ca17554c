/* izp-session.h — one signed-in account, for the UI and the CLI
 *
 * Ties the API client, the keyring (refresh token only), the account's
 * store and the sync together: sign in, restore the sign-in at start-up,
 * sign out, sync with progress, and read what the dashboard needs. Every
 * call is async and cancellable; nothing blocks the caller's thread on the
 * network or on SQLite, not even opening and migrating the store (on a
 * worker thread, on first use). "changed" says that the local data changed
 * (a sync stored something, a link was queued), so that whatever shows it
 * reads it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-api-client.h"
#include "izp-store.h"
#include "izp-store-query.h"
#include "izp-sync.h"

G_BEGIN_DECLS

#define IZP_SESSION_DEFAULT_SERVER "https://api.izyinbox.fr/v1"

#define IZP_TYPE_SESSION (izp_session_get_type ())

G_DECLARE_FINAL_TYPE (IzpSession, izp_session, IZP, SESSION, GObject)

/* @data_dir NULL: izp_store_default_data_dir(). Refuses a plain http://
 * server other than loopback. */
IzpSession   *izp_session_new              (const char          *server,
                                            const char          *email,
                                            const char          *data_dir,
                                            GError             **error);
/* A session whose sign-in is never written to the keyring (the built-in
 * demo account), with its store at @store_path. */
IzpSession   *izp_session_new_ephemeral    (const char          *server,
                                            const char          *email,
                                            const char          *store_path,
                                            GError             **error);

const char   *izp_session_get_server       (IzpSession          *self);
const char   *izp_session_get_email        (IzpSession          *self);
gboolean      izp_session_get_signed_in    (IzpSession          *self);
gboolean      izp_session_get_syncing      (IzpSession          *self);
IzpApiClient *izp_session_get_client       (IzpSession          *self);
/* NULL until the first sign-in, restore, sync or count has opened it: a
 * failed sign-in writes nothing to disk. */
IzpStore     *izp_session_get_store        (IzpSession          *self);
IzpSync      *izp_session_get_sync         (IzpSession          *self);
/* The cabinet's name as of the last overview or counts read: no SQL. */
char         *izp_session_dup_cabinet      (IzpSession          *self);

/* Password grant, then the refresh token into the keyring. With no keyring
 * the token is revoked and the error says so (IZP_CREDENTIALS_ERROR). */
void          izp_session_sign_in_async    (IzpSession          *self,
                                            const char          *password,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_session_sign_in_finish   (IzpSession          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* At start-up: the refresh token from the keyring. Returns %TRUE when one
 * was found (signed in), %FALSE with no error when there is none. */
void          izp_session_restore_async    (IzpSession          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_session_restore_finish   (IzpSession          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* Revokes on the server (best effort) and clears the keyring entry. */
void          izp_session_sign_out_async   (IzpSession          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_session_sign_out_finish  (IzpSession          *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* One sync run; "progress" (collection, items in it, items in all) is
 * emitted on the caller's context meanwhile; rotated refresh tokens are
 * stored again. IZP_API_ERROR_SIGN_IN_AGAIN means: show the sign-in page. */
void          izp_session_sync_async       (IzpSession          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_session_sync_finish      (IzpSession          *self,
                                            GAsyncResult        *result,
                                            IzpSyncSummary      *out_summary,
                                            GError             **error);

/* A call on the store on a worker; the first one of a session opens the
 * store on that worker too. */
void          izp_session_run_async        (IzpSession          *self,
                                            IzpStoreRunFunc      func,
                                            gpointer             data,
                                            GDestroyNotify       data_destroy,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      izp_session_run_finish       (IzpSession          *self,
                                            GAsyncResult        *result,
                                            gpointer            *out_data,
                                            GError             **error);

/* The last sync instant and the cabinet's name (no counts), the store
 * opened (and migrated) first if need be, all on a worker thread. */
void              izp_session_read_overview_async  (IzpSession          *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
IzpStoreOverview *izp_session_read_overview_finish (IzpSession          *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* The same with the rows per collection (IZP_N_COLLECTIONS gint64, g_free()
 * them; a walk through every table) and the last sync instant (nullable). */
void          izp_session_get_counts_async (IzpSession          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gint64       *izp_session_get_counts_finish (IzpSession         *self,
                                             GAsyncResult       *result,
                                             char              **out_last_sync,
                                             GError            **error);

/* A link created offline, queued for the next sync (izp_sync_queue_link_async()
 * on the session's sync), then "changed" is emitted. Returns the local id. */
void          izp_session_queue_link_async  (IzpSession         *self,
                                             JsonObject         *body,
                                             GCancellable       *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer            user_data);
char         *izp_session_queue_link_finish (IzpSession         *self,
                                             GAsyncResult       *result,
                                             GError            **error);

/* The session is over: its store is closed, every later read or write
 * fails cleanly. Not while a sync runs. */
void          izp_session_close             (IzpSession         *self);
/* Closes the store, then deletes its files and its folder: "sign out and
 * delete the data". Not while a sync runs. */
gboolean      izp_session_delete_local_data (IzpSession         *self,
                                             GError            **error);

G_END_DECLS
