/* izp-account-manager.c — the account's whole life, owned by the application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-account-manager.h"
#include "izp-demo.h"
#include "izp-format.h"

struct _IzpAccountManager
{
  GObject       parent_instance;

  GSettings    *settings;
  char         *data_dir;
  guint         seconds_per_minute;

  IzpSession   *session;
  gboolean      is_demo;
  /* The current session's work; cancelled when it is left. */
  GCancellable *cancellable;
  /* The running sync only: "Cancel" stops it and nothing else. */
  GCancellable *sync_cancellable;
  gboolean      sync_by_user;
  guint         sync_timeout_id;
  guint         restore_id;
  /* A sign-in or demo start on its way; cancelled by stop(). */
  GCancellable *opening;
  guint         n_busy;

  gboolean      offline;
  double        sync_progress;
  char         *progress_text;   /* "Synchronizing invoices… 1200 items" */
  char         *last_sync;
  char         *status;
  char         *cabinet;
};

G_DEFINE_FINAL_TYPE (IzpAccountManager, izp_account_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_IS_DEMO,
  PROP_BUSY,
  PROP_SIGNED_IN,
  PROP_SYNCING,
  PROP_SYNC_PROGRESS,
  PROP_OFFLINE,
  PROP_LAST_SYNC,
  PROP_STATUS,
  PROP_CABINET,
  N_PROPS
};

enum {
  DATA_CHANGED,
  SIGN_IN_NEEDED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
notify (IzpAccountManager *self,
        guint              prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_string (IzpAccountManager  *self,
            char              **field,
            const char         *value,
            guint               prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop);
}

static void
set_boolean (IzpAccountManager *self,
             gboolean          *field,
             gboolean           value,
             guint              prop)
{
  if (*field == value)
    return;
  *field = value;
  notify (self, prop);
}

static void
add_busy (IzpAccountManager *self,
          int                delta)
{
  gboolean was_busy = self->n_busy > 0;

  self->n_busy += delta;
  if (was_busy != (self->n_busy > 0))
    notify (self, PROP_BUSY);
}

/* --- Status ------------------------------------------------------------- */

/* "Synchronized today at 10:05", in local time. */
static char *
describe_last_sync (const char *instant)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  g_autofree char *day = NULL;

  if (instant == NULL || (when = g_date_time_new_from_iso8601 (instant, NULL)) == NULL)
    return g_strdup (_("Not synchronized yet"));

  local = g_date_time_to_local (when);
  time = g_date_time_format (local, "%H:%M");
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_strdup_printf (_("Synchronized today at %s"), time);

  day = izp_format_date (izp_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                                       g_date_time_get_day_of_month (local)));
  return g_strdup_printf (_("Synchronized on %s at %s"), day, time);
}

static void
update_status (IzpAccountManager *self)
{
  g_autofree char *text = NULL;

  if (self->session == NULL)
    text = g_strdup ("");
  else if (izp_session_get_syncing (self->session))
    text = g_strdup (self->progress_text != NULL ? self->progress_text : _("Synchronizing…"));
  else
    {
      g_autofree char *last = describe_last_sync (self->last_sync);

      text = self->offline ? g_strdup_printf (_("Offline — %s"), last) : g_steal_pointer (&last);
    }
  set_string (self, &self->status, text, PROP_STATUS);
}

static void
on_overview_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IzpAccountManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStoreOverview) overview = NULL;
  g_autofree char *cabinet = NULL;

  overview = izp_session_read_overview_finish (IZP_SESSION (source), result, &error);
  if (self->session != IZP_SESSION (source))
    return;
  if (overview == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the local store: %s", error->message);
      return;
    }

  cabinet = izp_session_dup_cabinet (self->session);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->last_sync, overview->last_sync, PROP_LAST_SYNC);
  set_string (self, &self->cabinet, cabinet, PROP_CABINET);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* What the status says comes from the store: the last sync, the cabinet. */
static void
refresh (IzpAccountManager *self)
{
  izp_session_read_overview_async (self->session, self->cancellable, on_overview_read, g_object_ref (self));
}

/* --- The current session ------------------------------------------------ */

static void
on_session_changed (IzpAccountManager *self)
{
  refresh (self);
  g_signal_emit (self, signals[DATA_CHANGED], 0);
}

static void
on_session_syncing (IzpAccountManager *self)
{
  gboolean syncing = izp_session_get_syncing (self->session);

  g_object_freeze_notify (G_OBJECT (self));
  if (syncing)
    {
      g_clear_pointer (&self->progress_text, g_free);
      self->sync_progress = 0.0;
      notify (self, PROP_SYNC_PROGRESS);
    }
  notify (self, PROP_SYNCING);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_session_progress (IzpAccountManager *self,
                     const char        *collection,
                     guint64            items_in_collection,
                     guint64            items_in_run)
{
  const IzpCollection *known = izp_schema_find_collection (collection);
  g_autofree char *count = izp_format_count ((gint64) MIN (items_in_run, (guint64) G_MAXINT64));

  g_free (self->progress_text);
  /* Translators: "Synchronizing invoices… 1200 items" */
  self->progress_text = g_strdup_printf (ngettext ("Synchronizing %s… %s item",
                                                   "Synchronizing %s… %s items",
                                                   (gulong) MIN (items_in_run, G_MAXULONG)),
                                         izp_collection_describe (collection), count);
  /* The collections come in order; the last step writes the sync's end. */
  if (known != NULL)
    {
      self->sync_progress = (known->id + 1.0) / (IZP_N_COLLECTIONS + 1.0);
      notify (self, PROP_SYNC_PROGRESS);
    }
  update_status (self);
}

static void
on_session_signed_in (IzpAccountManager *self)
{
  notify (self, PROP_SIGNED_IN);
}

/* Leaves the current session: its work is cancelled and nothing it still
 * reports reaches this manager. Returns it (transfer full), or NULL. */
static IzpSession *
detach (IzpAccountManager *self)
{
  IzpSession *session = g_steal_pointer (&self->session);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->sync_cancellable);
  g_clear_object (&self->sync_cancellable);
  g_clear_handle_id (&self->sync_timeout_id, g_source_remove);
  g_clear_handle_id (&self->restore_id, g_source_remove);
  if (session == NULL)
    return NULL;

  g_signal_handlers_disconnect_by_data (session, self);
  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_SESSION);
  set_boolean (self, &self->is_demo, FALSE, PROP_IS_DEMO);
  set_boolean (self, &self->offline, FALSE, PROP_OFFLINE);
  self->sync_by_user = FALSE;
  self->sync_progress = 0.0;
  notify (self, PROP_SYNC_PROGRESS);
  g_clear_pointer (&self->progress_text, g_free);
  set_string (self, &self->last_sync, NULL, PROP_LAST_SYNC);
  set_string (self, &self->cabinet, NULL, PROP_CABINET);
  if (izp_session_get_syncing (session))
    notify (self, PROP_SYNCING);
  if (izp_session_get_signed_in (session))
    notify (self, PROP_SIGNED_IN);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));

  return session;
}

/* Closes @session once its sync (if any) has ended, then runs @then. */
typedef void (*AfterSync) (IzpSession *session,
                           gpointer    data);

typedef struct
{
  AfterSync then;
  gpointer  data;
  gulong    handler;
} SyncWaiter;

static void
on_old_session_syncing (IzpSession *session,
                        GParamSpec *pspec,
                        SyncWaiter *waiter)
{
  if (izp_session_get_syncing (session))
    return;
  g_signal_handler_disconnect (session, waiter->handler);
  waiter->then (session, waiter->data);
  g_free (waiter);
}

static void
after_sync (IzpSession *session,
            AfterSync   then,
            gpointer    data)
{
  SyncWaiter *waiter;

  if (!izp_session_get_syncing (session))
    {
      then (session, data);
      return;
    }
  /* Cancelled already by detach(): it ends soon, its pages stored. */
  waiter = g_new0 (SyncWaiter, 1);
  waiter->then = then;
  waiter->data = data;
  waiter->handler = g_signal_connect (session, "notify::syncing",
                                      G_CALLBACK (on_old_session_syncing), waiter);
}

static void
close_session (IzpSession *session,
               gpointer    data)
{
  izp_session_close (session);
  g_object_unref (session);
}

static void
on_sync_timeout_cb (IzpAccountManager *self);

static gboolean
on_sync_timeout (gpointer user_data)
{
  on_sync_timeout_cb (user_data);
  return G_SOURCE_CONTINUE;
}

static void
schedule_syncs (IzpAccountManager *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval-minutes");

  g_clear_handle_id (&self->sync_timeout_id, g_source_remove);
  if (self->session != NULL && minutes > 0)
    self->sync_timeout_id = g_timeout_add_seconds (minutes * self->seconds_per_minute,
                                                   on_sync_timeout, self);
}

/* From here on @session is the current one: the app shows its data. */
static void
use_session (IzpAccountManager *self,
             IzpSession        *session,
             gboolean           is_demo)
{
  g_autoptr(IzpSession) previous = detach (self);

  if (previous != NULL)
    after_sync (g_steal_pointer (&previous), close_session, NULL);

  self->session = g_object_ref (session);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (session, "notify::syncing",
                           G_CALLBACK (on_session_syncing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::signed-in",
                           G_CALLBACK (on_session_signed_in), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "progress",
                           G_CALLBACK (on_session_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed",
                           G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_SESSION);
  set_boolean (self, &self->is_demo, is_demo, PROP_IS_DEMO);
  if (izp_session_get_signed_in (session))
    notify (self, PROP_SIGNED_IN);
  update_status (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* --- Sync --------------------------------------------------------------- */

static gboolean
is_network_failure (const GError *error)
{
  return g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_NO_NETWORK) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SERVER_DOWN) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_TIMEOUT) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_TLS);
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IzpAccountManager) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = izp_session_sync_finish (IZP_SESSION (source), result, NULL, &error);
  gboolean by_user = self->sync_by_user;

  /* A session left meanwhile: its result is nobody's business now. */
  if (self->session != IZP_SESSION (source))
    return;

  self->sync_by_user = FALSE;
  g_clear_object (&self->sync_cancellable);

  if (ok)
    {
      set_boolean (self, &self->offline, FALSE, PROP_OFFLINE);
      if (by_user)
        g_signal_emit (self, signals[MESSAGE], 0, _("Synchronization complete"));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    ;
  else if (g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN))
    {
      /* The server revoked the sign-in: the data stays, the user signs in again. */
      g_autoptr(IzpSession) session = detach (self);

      after_sync (g_steal_pointer (&session), close_session, NULL);
      g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, error->message);
      return;
    }
  else
    {
      set_boolean (self, &self->offline, is_network_failure (error), PROP_OFFLINE);
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
    }
  update_status (self);
}

void
izp_account_manager_sync_now (IzpAccountManager *self,
                              gboolean           by_user)
{
  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  if (self->session == NULL || izp_session_get_syncing (self->session))
    return;

  self->sync_by_user = by_user;
  g_clear_object (&self->sync_cancellable);
  /* detach() cancels it with the session's other work. */
  self->sync_cancellable = g_cancellable_new ();
  izp_session_sync_async (self->session, self->sync_cancellable, on_synced, g_object_ref (self));
}

static void
on_sync_timeout_cb (IzpAccountManager *self)
{
  izp_account_manager_sync_now (self, FALSE);
}

void
izp_account_manager_cancel_sync (IzpAccountManager *self)
{
  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

/* Signed in: synchronize now when it makes sense, then every N minutes. */
static void
start_syncing (IzpAccountManager *self,
               gboolean           now)
{
  schedule_syncs (self);
  if (now)
    izp_account_manager_sync_now (self, FALSE);
}

/* --- Sign in, demo, start ----------------------------------------------- */

static void
begin_opening (IzpAccountManager *self)
{
  g_clear_object (&self->opening);
  self->opening = g_cancellable_new ();
  add_busy (self, 1);
}

/* Returns FALSE when the opening was given up (stop()). */
static gboolean
end_opening (IzpAccountManager *self,
             GError            *error)
{
  add_busy (self, -1);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error != NULL)
    g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, error->message);
  return error == NULL;
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IzpAccountManager) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpSession *session = IZP_SESSION (source);

  izp_session_sign_in_finish (session, result, &error);
  if (!end_opening (self, error))
    return;

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "server-url", izp_session_get_server (session));
  g_settings_set_string (self->settings, "account-email", izp_session_get_email (session));
  g_settings_apply (self->settings);

  use_session (self, session, FALSE);
  refresh (self);
  start_syncing (self, TRUE);
}

void
izp_account_manager_sign_in (IzpAccountManager *self,
                             const char        *server,
                             const char        *email,
                             const char        *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpSession) session = NULL;

  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  if (self->n_busy > 0 || self->session != NULL)
    return;

  session = izp_session_new (server, email, self->data_dir, &error);
  if (session == NULL)
    {
      g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, error->message);
      return;
    }
  begin_opening (self);
  izp_session_sign_in_async (session, password, self->opening, on_signed_in, g_object_ref (self));
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpAccountManager) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpSession) session = izp_demo_start_finish (result, &error);

  if (!end_opening (self, error))
    return;

  /* The demo has no data until its first sync. */
  use_session (self, session, TRUE);
  refresh (self);
  start_syncing (self, TRUE);
}

void
izp_account_manager_open_demo (IzpAccountManager *self)
{
  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  if (self->n_busy > 0 || self->session != NULL)
    return;

  begin_opening (self);
  izp_demo_start_async (self->data_dir, 0, self->opening, on_demo_started, g_object_ref (self));
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IzpAccountManager) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpSession *session = IZP_SESSION (source);
  gboolean signed_in = izp_session_restore_finish (session, result, &error);

  if (self->session != session || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (signed_in)
    start_syncing (self, g_settings_get_boolean (self->settings, "sync-on-start"));
  else if (error == NULL)
    {
      g_autoptr(IzpSession) left = detach (self);

      after_sync (g_steal_pointer (&left), close_session, NULL);
      g_signal_emit (self, signals[SIGN_IN_NEEDED], 0,
                     _("Your sign-in has expired. Sign in again to synchronize; your data is still on this computer."));
    }
  else
    {
      /* No keyring: the local data stays readable, only syncing waits. */
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
    }
}

static gboolean
restore_sign_in (gpointer user_data)
{
  IzpAccountManager *self = user_data;

  self->restore_id = 0;
  refresh (self);
  izp_session_restore_async (self->session, self->cancellable, on_restored, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

void
izp_account_manager_start (IzpAccountManager *self,
                           gboolean           demo)
{
  g_autofree char *server = NULL;
  g_autofree char *email = NULL;
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  if (self->session != NULL || self->n_busy > 0)
    return;

  if (demo)
    {
      izp_account_manager_open_demo (self);
      return;
    }

  server = g_settings_get_string (self->settings, "server-url");
  email = g_settings_get_string (self->settings, "account-email");
  if (*email == '\0')
    {
      g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, NULL);
      return;
    }

  session = izp_session_new (server, email, self->data_dir, &error);
  if (session == NULL)
    {
      g_signal_emit (self, signals[SIGN_IN_NEEDED], 0, error->message);
      return;
    }

  use_session (self, session, FALSE);
  /* The pages read the local data first; the keyring (a D-Bus round trip
   * and a key exchange) and the status wait until it is on screen. */
  self->restore_id = g_idle_add_full (G_PRIORITY_LOW, restore_sign_in, self, NULL);
}

void
izp_account_manager_stop (IzpAccountManager *self)
{
  g_autoptr(IzpSession) session = NULL;

  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  g_cancellable_cancel (self->opening);
  session = detach (self);
  if (session != NULL)
    after_sync (g_steal_pointer (&session), close_session, NULL);
}

/* --- Sign out ----------------------------------------------------------- */

typedef struct
{
  IzpSession *session;
  gboolean    delete_data;
} SignOut;

static void
sign_out_free (SignOut *data)
{
  g_clear_object (&data->session);
  g_free (data);
}

static void
on_signed_out (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpAccountManager *self = g_task_get_source_object (task);
  SignOut *data = g_task_get_task_data (task);
  GError *error = NULL;
  GError *delete_error = NULL;

  /* The keyring entry is what matters; a revocation the server did not
   * hear of expires by itself. */
  izp_session_sign_out_finish (data->session, result, &error);

  if (data->delete_data)
    izp_session_delete_local_data (data->session, &delete_error);
  else
    izp_session_close (data->session);

  add_busy (self, -1);
  if (error == NULL)
    error = delete_error;
  else
    g_clear_error (&delete_error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
sign_out_after_sync (IzpSession *session,
                     gpointer    user_data)
{
  GTask *task = user_data;

  izp_session_sign_out_async (session, NULL, on_signed_out, task);
}

void
izp_account_manager_sign_out_async (IzpAccountManager   *self,
                                    gboolean             delete_data,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignOut *data;

  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, izp_account_manager_sign_out_async);
  if (self->session == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!self->is_demo)
    g_settings_set_string (self->settings, "account-email", "");

  data = g_new0 (SignOut, 1);
  data->delete_data = delete_data;
  data->session = detach (self);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_out_free);

  /* Busy until done: a new sign-in waits for the keyring and the files. */
  add_busy (self, 1);
  after_sync (data->session, sign_out_after_sync, g_steal_pointer (&task));
}

gboolean
izp_account_manager_sign_out_finish (IzpAccountManager  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Properties --------------------------------------------------------- */

IzpSession *
izp_account_manager_get_session (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), NULL);
  return self->session;
}

gboolean
izp_account_manager_get_is_demo (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), FALSE);
  return self->is_demo;
}

gboolean
izp_account_manager_get_busy (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), FALSE);
  return self->n_busy > 0;
}

gboolean
izp_account_manager_get_signed_in (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), FALSE);
  return self->session != NULL && izp_session_get_signed_in (self->session);
}

gboolean
izp_account_manager_get_syncing (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), FALSE);
  return self->session != NULL && izp_session_get_syncing (self->session);
}

double
izp_account_manager_get_sync_progress (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), 0.0);
  return self->sync_progress;
}

gboolean
izp_account_manager_get_offline (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), FALSE);
  return self->offline;
}

const char *
izp_account_manager_get_last_sync (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), NULL);
  return self->last_sync;
}

const char *
izp_account_manager_get_status (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), NULL);
  return self->status;
}

const char *
izp_account_manager_get_cabinet (IzpAccountManager *self)
{
  g_return_val_if_fail (IZP_IS_ACCOUNT_MANAGER (self), NULL);
  return self->cabinet;
}

void
izp_account_manager_set_seconds_per_minute (IzpAccountManager *self,
                                            guint              seconds)
{
  g_return_if_fail (IZP_IS_ACCOUNT_MANAGER (self));
  g_return_if_fail (seconds > 0);

  self->seconds_per_minute = seconds;
  if (self->sync_timeout_id != 0)
    schedule_syncs (self);
}

IzpAccountManager *
izp_account_manager_new (GSettings  *settings,
                         const char *data_dir)
{
  IzpAccountManager *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (IZP_TYPE_ACCOUNT_MANAGER, NULL);
  self->settings = g_object_ref (settings);
  self->data_dir = g_strdup (data_dir);
  g_signal_connect_object (settings, "changed::sync-interval-minutes",
                           G_CALLBACK (schedule_syncs), self, G_CONNECT_SWAPPED);
  return self;
}

static void
izp_account_manager_dispose (GObject *object)
{
  IzpAccountManager *self = IZP_ACCOUNT_MANAGER (object);

  izp_account_manager_stop (self);
  g_clear_object (&self->opening);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (izp_account_manager_parent_class)->dispose (object);
}

static void
izp_account_manager_finalize (GObject *object)
{
  IzpAccountManager *self = IZP_ACCOUNT_MANAGER (object);

  g_free (self->data_dir);
  g_free (self->progress_text);
  g_free (self->last_sync);
  g_free (self->status);
  g_free (self->cabinet);

  G_OBJECT_CLASS (izp_account_manager_parent_class)->finalize (object);
}

static void
izp_account_manager_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  IzpAccountManager *self = IZP_ACCOUNT_MANAGER (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_IS_DEMO:
      g_value_set_boolean (value, self->is_demo);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, izp_account_manager_get_busy (self));
      break;
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, izp_account_manager_get_signed_in (self));
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, izp_account_manager_get_syncing (self));
      break;
    case PROP_SYNC_PROGRESS:
      g_value_set_double (value, self->sync_progress);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_LAST_SYNC:
      g_value_set_string (value, self->last_sync);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case PROP_CABINET:
      g_value_set_string (value, self->cabinet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_account_manager_class_init (IzpAccountManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = izp_account_manager_dispose;
  object_class->finalize = izp_account_manager_finalize;
  object_class->get_property = izp_account_manager_get_property;

  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION, flags);
  properties[PROP_IS_DEMO] = g_param_spec_boolean ("is-demo", NULL, NULL, FALSE, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_SIGNED_IN] = g_param_spec_boolean ("signed-in", NULL, NULL, FALSE, flags);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, flags);
  properties[PROP_SYNC_PROGRESS] = g_param_spec_double ("sync-progress", NULL, NULL, 0.0, 1.0, 0.0, flags);
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_string ("last-sync", NULL, NULL, NULL, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, "", flags);
  properties[PROP_CABINET] = g_param_spec_string ("cabinet", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DATA_CHANGED] =
    g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGN_IN_NEEDED] =
    g_signal_new ("sign-in-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
izp_account_manager_init (IzpAccountManager *self)
{
  self->seconds_per_minute = 60;
  self->status = g_strdup ("");
}
