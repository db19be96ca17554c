/* izp-account-manager.h — the account's whole life, owned by the application
 *
 * Holds the current IzpSession (the signed-in account or the demo) and says
 * what it is doing through properties with notifications: "session",
 * "is-demo", "busy" (a sign-in, demo start or sign-out in progress),
 * "signed-in", "syncing", "sync-progress" (0 … 1), "offline", "last-sync"
 * (ISO 8601, nullable), "status" (the line at the foot of the sidebar) and
 * "cabinet". Operations: start (demo, or the account of last time, its
 * local data at once and the keyring after), sign in, open the demo, sync
 * now, cancel the sync, sign out keeping or deleting the local data;
 * periodic syncs follow the GSettings key "sync-interval-minutes".
 *
 * Signals: "data-changed" when the local data changed (re-emitted from the
 * session's "changed"), "sign-in-needed" (message, nullable) when the
 * welcome page must show, "message" for a passing note (a toast).
 *
 * Every result carries the session it was started for: one that comes back
 * after that session was left never touches the current one.
 *
 * No widget here: the window presents, the manager acts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_ACCOUNT_MANAGER (izp_account_manager_get_type ())

G_DECLARE_FINAL_TYPE (IzpAccountManager, izp_account_manager, IZP, ACCOUNT_MANAGER, GObject)

/* @data_dir NULL: izp_store_default_data_dir(). */
IzpAccountManager *izp_account_manager_new             (GSettings          *settings,
                                                        const char         *data_dir);

IzpSession        *izp_account_manager_get_session     (IzpAccountManager  *self);
gboolean           izp_account_manager_get_is_demo     (IzpAccountManager  *self);
gboolean           izp_account_manager_get_busy        (IzpAccountManager  *self);
gboolean           izp_account_manager_get_signed_in   (IzpAccountManager  *self);
gboolean           izp_account_manager_get_syncing     (IzpAccountManager  *self);
double             izp_account_manager_get_sync_progress (IzpAccountManager *self);
gboolean           izp_account_manager_get_offline     (IzpAccountManager  *self);
const char        *izp_account_manager_get_last_sync   (IzpAccountManager  *self);
const char        *izp_account_manager_get_status      (IzpAccountManager  *self);
const char        *izp_account_manager_get_cabinet     (IzpAccountManager  *self);

/* At start: the demo when asked for, else the account signed in last time,
 * else "sign-in-needed". Does nothing while a session is open. */
void               izp_account_manager_start           (IzpAccountManager  *self,
                                                        gboolean            demo);
/* The last window closed: the session's work stops and it is closed,
 * signed in still (the next start restores it). */
void               izp_account_manager_stop            (IzpAccountManager  *self);

void               izp_account_manager_sign_in         (IzpAccountManager  *self,
                                                        const char         *server,
                                                        const char         *email,
                                                        const char         *password);
void               izp_account_manager_open_demo       (IzpAccountManager  *self);

/* @by_user: a toast says when it is done. Nothing while one runs. */
void               izp_account_manager_sync_now        (IzpAccountManager  *self,
                                                        gboolean            by_user);
/* Stops the running sync; what it stored stays, the next one resumes. */
void               izp_account_manager_cancel_sync     (IzpAccountManager  *self);

/* The session is left at once ("session" becomes NULL); then its running
 * sync is cancelled and waited for, the sign-in revoked and removed from
 * the keyring, and with @delete_data the store closed and its files
 * deleted. Completes when all that is done. */
void               izp_account_manager_sign_out_async  (IzpAccountManager  *self,
                                                        gboolean            delete_data,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean           izp_account_manager_sign_out_finish (IzpAccountManager  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* Tests shorten the minute of "sync-interval-minutes" (default 60 s). */
void               izp_account_manager_set_seconds_per_minute (IzpAccountManager *self,
                                                               guint              seconds);

G_END_DECLS
