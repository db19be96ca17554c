/* izp-session.c — one signed-in account, for the UI and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-credentials.h"
#include "izp-session.h"

struct _IzpSession
{
  GObject       parent_instance;

  char         *server;
  char         *email;
  gboolean      ephemeral;
  gboolean      signed_in;
  gboolean      syncing;
  gboolean      stored_in_sync;   /* the running sync stored a page */
  char         *store_path;
  char         *cabinet;      /* as of the last overview read */
  gboolean      closed;       /* izp_session_close(): no store opens again */

  /* StoreWaiter: calls waiting for the store being opened on a worker
   * (NULL: none is). */
  GArray       *open_waiters;

  IzpApiClient *client;
  IzpStore     *store;
  IzpSync      *sync;

  /* Rotated refresh tokens being written to the keyring; a sync waits for
   * them so that an interruption never loses the sign-in. */
  guint         pending_stores;
  GError       *store_error;
  GPtrArray    *store_waiters;
};

G_DEFINE_FINAL_TYPE (IzpSession, izp_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SIGNED_IN,
  PROP_SYNCING,
  N_PROPS
};

enum {
  PROGRESS,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_signed_in (IzpSession *self,
               gboolean    signed_in)
{
  if (self->signed_in == signed_in)
    return;
  self->signed_in = signed_in;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIGNED_IN]);
}

/* ------------------------------------------------------------------ */
/* Rotated tokens */

static void
wake_store_waiters (IzpSession *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (self->pending_stores > 0)
    return;

  waiters = g_steal_pointer (&self->store_waiters);
  self->store_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (self->store_error != NULL)
        g_task_return_error (waiter, g_error_copy (self->store_error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
  g_clear_error (&self->store_error);
}

static void
on_rotated_token_stored (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(IzpSession) self = user_data;
  GError *error = NULL;

  if (!izp_credentials_store_finish (result, &error))
    {
      if (self->store_error == NULL)
        self->store_error = error;
      else
        g_error_free (error);
    }
  self->pending_stores--;
  wake_store_waiters (self);
}

static void
on_refresh_token_changed (IzpApiClient *client,
                          const char   *token,
                          gpointer      user_data)
{
  IzpSession *self = user_data;

  if (self->ephemeral)
    return;

  /* The server rotated it and revoked the old one: store it at once. */
  self->pending_stores++;
  izp_credentials_store_async (self->server, self->email, token, NULL,
                               on_rotated_token_stored, g_object_ref (self));
}

/* Completes @task once no rotated token is still being stored. */
static void
wait_for_token_stores (IzpSession *self,
                       GTask      *task)
{
  g_ptr_array_add (self->store_waiters, task);
  wake_store_waiters (self);
}

static void
on_sync_progress (IzpSync    *sync,
                  const char *collection,
                  guint64     items,
                  guint64     total,
                  gpointer    user_data)
{
  IzpSession *self = user_data;

  self->stored_in_sync = TRUE;
  g_signal_emit (self, signals[PROGRESS], 0, collection, items, total);
}

static void
adopt_store (IzpSession *self,
             IzpStore   *store)
{
  self->store = store;
  self->sync = izp_sync_new (self->client, self->store);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_sync_progress), self, 0);
}

/* What a call does once the store is open (@error NULL) or could not be
 * opened: it owns @task and @error. */
typedef void (*StoreReadyFunc) (GTask  *task,
                                GError *error);

typedef struct
{
  GTask          *task;
  StoreReadyFunc  ready;
} StoreWaiter;

static void
call_ready (IzpSession     *self,
            GTask          *task,
            StoreReadyFunc  ready,
            const GError   *open_error)
{
  GError *error = NULL;

  if (open_error != NULL)
    error = g_error_copy (open_error);
  else if (self->closed)
    g_set_error_literal (&error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED,
                         _("The local data is closed."));
  else
    g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
  ready (task, error);
}

/* The opening ended with @store, or @error: every call waiting for it goes on. */
static void
store_opened (IzpSession   *self,
              IzpStore     *store,
              const GError *error)
{
  g_autoptr(GArray) waiters = g_steal_pointer (&self->open_waiters);

  if (store != NULL)
    {
      adopt_store (self, store);
      /* The session ended meanwhile: so does this store. */
      if (self->closed)
        izp_store_close (store);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      StoreWaiter *waiter = &g_array_index (waiters, StoreWaiter, i);

      call_ready (self, waiter->task, waiter->ready, error);
    }
}

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpSession) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpStore *store = izp_store_open_finish (result, &error);

  store_opened (self, store, error);
}

/* Runs @ready with @task (taken) once the store is open. It is opened and
 * migrated on first use, on a worker thread, so that a failed sign-in
 * writes nothing and the caller's thread never waits on SQLite; calls made
 * meanwhile wait for that one opening. Not after izp_session_close(). */
static void
with_store (IzpSession     *self,
            GTask          *task,
            StoreReadyFunc  ready)
{
  StoreWaiter waiter = { task, ready };

  /* Open, closed, or given up already: a cancelled call creates no file. */
  if (self->store != NULL || self->closed ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      call_ready (self, task, ready, NULL);
      return;
    }

  if (self->open_waiters != NULL)
    {
      g_array_append_val (self->open_waiters, waiter);
      return;
    }
  self->open_waiters = g_array_new (FALSE, FALSE, sizeof (StoreWaiter));
  g_array_append_val (self->open_waiters, waiter);
  /* Not one caller's cancellable: the others still want the store. Once
   * started, opening ends by itself (a migration is one transaction per
   * step); a caller cancelled meanwhile hears G_IO_ERROR_CANCELLED then. */
  izp_store_open_async (self->store_path, NULL, on_store_opened, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* A call on the store */

typedef struct
{
  IzpStoreRunFunc  func;
  gpointer         data;
  GDestroyNotify   data_destroy;
  /* When the call opens the store itself, on its worker: */
  char            *path;
  GCancellable    *cancellable;  /* the caller's, for @func only */
  IzpStore        *opened;
  GError          *open_error;
} SessionCall;

static void
session_call_free (SessionCall *call)
{
  if (call->data_destroy != NULL)
    call->data_destroy (call->data);
  g_free (call->path);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->opened);
  g_clear_error (&call->open_error);
  g_free (call);
}

static void
on_store_call_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (izp_store_run_finish (IZP_STORE (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The store is open (or could not be): the call runs on it. */
static void
call_on_open_store (GTask  *task,
                    GError *error)
{
  IzpSession *self = g_task_get_source_object (task);
  SessionCall *call = g_task_get_task_data (task);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  izp_store_run_async (self->store, call->func, call->data, NULL, g_task_get_cancellable (task),
                       on_store_call_done, task);
}

/* On the worker: the store opened, then the call on it at once. */
static void
open_and_call_in_thread (GTask        *inner,
                         gpointer      source_object,
                         gpointer      task_data,
                         GCancellable *unused)
{
  SessionCall *call = task_data;
  GError *error = NULL;

  call->opened = izp_store_open (call->path, &call->open_error);
  if (call->opened == NULL)
    g_task_return_boolean (inner, FALSE);
  else if (g_cancellable_set_error_if_cancelled (call->cancellable, &error) ||
           !call->func (call->opened, call->data, call->cancellable, &error))
    g_task_return_error (inner, error);
  else
    g_task_return_boolean (inner, TRUE);
}

static void
on_opened_and_called (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  SessionCall *call = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* The session takes the store, and whoever waited for it goes on. */
  store_opened (self, g_steal_pointer (&call->opened), call->open_error);
  if (call->open_error != NULL)
    g_task_return_error (task, g_steal_pointer (&call->open_error));
  else if (self->closed)
    {
      g_clear_error (&error);
      g_task_return_new_error (task, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED, _("The local data is closed."));
    }
  else if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * izp_session_run_async:
 * @func: runs on a worker with the store
 * @data: (transfer full): given to @func, freed with @data_destroy after
 *   the result
 *
 * izp_store_run_async() on the session's store. When nothing has opened it
 * yet, it is opened on the same worker just before @func: the first read
 * of a session at start-up then waits for no turn of the main loop, busy
 * building and drawing the window meanwhile.
 */
void
izp_session_run_async (IzpSession          *self,
                       IzpStoreRunFunc      func,
                       gpointer             data,
                       GDestroyNotify       data_destroy,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  SessionCall *call;
  g_autoptr(GTask) inner = NULL;

  g_return_if_fail (IZP_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  call = g_new0 (SessionCall, 1);
  call->func = func;
  call->data = data;
  call->data_destroy = data_destroy;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_run_async);
  g_task_set_task_data (task, call, (GDestroyNotify) session_call_free);

  /* Open, opening, closed or given up: as every other call. */
  if (self->store != NULL || self->open_waiters != NULL || self->closed ||
      g_cancellable_is_cancelled (cancellable))
    {
      with_store (self, task, call_on_open_store);
      return;
    }

  /* This call opens the store: the others wait for it meanwhile. */
  self->open_waiters = g_array_new (FALSE, FALSE, sizeof (StoreWaiter));
  call->path = g_strdup (self->store_path);
  call->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  inner = g_task_new (NULL, NULL, on_opened_and_called, task);
  g_task_set_task_data (inner, call, NULL);
  g_task_run_in_thread (inner, open_and_call_in_thread);
}

/* @out_data: (out) (transfer none) (optional): the @data given to
 * izp_session_run_async(), valid until @result is freed. */
gboolean
izp_session_run_finish (IzpSession    *self,
                        GAsyncResult  *result,
                        gpointer      *out_data,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == izp_session_run_async, FALSE);

  if (out_data != NULL)
    *out_data = ((SessionCall *) g_task_get_task_data (G_TASK (result)))->data;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Sign in */

typedef struct
{
  char *refresh_token;
  GError *error;
} SignIn;

static void
sign_in_free (SignIn *data)
{
  if (data->refresh_token != NULL)
    memset (data->refresh_token, 0, strlen (data->refresh_token));
  g_free (data->refresh_token);
  g_clear_error (&data->error);
  g_free (data);
}

static gboolean
set_account_in_thread (IzpStore      *store,
                       gpointer       data,
                       GCancellable  *cancellable,
                       GError       **error)
{
  IzpSession *self = data;

  /* server and email never change after construction. */
  return izp_store_set_account (store, self->server, self->email, error);
}

static void
on_sign_in_account_set (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!izp_store_run_finish (IZP_STORE (source), result, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_signed_in (self, TRUE);
  g_task_return_boolean (task, TRUE);
}

static void
set_account (GTask  *task,
             GError *error)
{
  IzpSession *self = g_task_get_source_object (task);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  izp_store_run_async (self->store, set_account_in_thread, g_object_ref (self), g_object_unref,
                       g_task_get_cancellable (task), on_sign_in_account_set, task);
}

/* The grant succeeded: only now is the store created. Takes @task. */
static void
finish_sign_in (GTask *task)
{
  with_store (g_task_get_source_object (task), task, set_account);
}

static void
on_revoked_after_keyring_failure (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SignIn *data = g_task_get_task_data (task);

  izp_api_client_revoke_finish (IZP_API_CLIENT (source), result, NULL);
  g_task_return_error (task, g_steal_pointer (&data->error));
}

static void
on_sign_in_stored (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);

  if (!izp_credentials_store_finish (result, &data->error))
    {
      /* Nowhere safe to keep it: give it back, write it nowhere else. */
      izp_api_client_revoke_async (self->client, NULL, on_revoked_after_keyring_failure,
                                   g_steal_pointer (&task));
      return;
    }
  finish_sign_in (g_steal_pointer (&task));
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  SignIn *data = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;

  data->refresh_token = izp_api_client_sign_in_finish (self->client, result, &error);
  if (data->refresh_token == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (self->ephemeral)
    {
      finish_sign_in (g_steal_pointer (&task));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  izp_credentials_store_async (self->server, self->email, data->refresh_token,
                               cancellable, on_sign_in_stored, g_steal_pointer (&task));
}

void
izp_session_sign_in_async (IzpSession          *self,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));
  g_return_if_fail (password != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_sign_in_async);
  g_task_set_task_data (task, g_new0 (SignIn, 1), (GDestroyNotify) sign_in_free);
  izp_api_client_sign_in_async (self->client, self->email, password, cancellable,
                                on_signed_in, task);
}

gboolean
izp_session_sign_in_finish (IzpSession    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Restore */

static void
finish_restore (GTask  *task,
                GError *error)
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    {
      set_signed_in (g_task_get_source_object (task), TRUE);
      g_task_return_boolean (task, TRUE);
    }
  g_object_unref (task);
}

static void
on_restore_lookup (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *token;

  token = izp_credentials_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (token == NULL)
    {
      set_signed_in (self, FALSE);
      g_task_return_boolean (task, FALSE);
      return;
    }

  izp_api_client_set_refresh_token (self->client, token);
  secret_password_free (token);
  with_store (self, g_steal_pointer (&task), finish_restore);
}

void
izp_session_restore_async (IzpSession          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_restore_async);
  if (self->ephemeral)
    {
      g_task_return_boolean (task, izp_api_client_has_refresh_token (self->client));
      g_object_unref (task);
      return;
    }
  izp_credentials_lookup_async (self->server, self->email, cancellable, on_restore_lookup, task);
}

gboolean
izp_session_restore_finish (IzpSession    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Sign out */

static void
on_sign_out_cleared (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!izp_credentials_clear_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_sign_out_revoked (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Best effort: signing out must work offline too. */
  if (!izp_api_client_revoke_finish (self->client, result, &error))
    g_debug ("revoke failed: %s", error->message);

  set_signed_in (self, FALSE);
  if (self->ephemeral)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  izp_credentials_clear_async (self->server, self->email, NULL, on_sign_out_cleared,
                               g_steal_pointer (&task));
}

void
izp_session_sign_out_async (IzpSession          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_sign_out_async);
  izp_api_client_revoke_async (self->client, cancellable, on_sign_out_revoked, task);
}

gboolean
izp_session_sign_out_finish (IzpSession    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Sync */

static void
finish_sync_task (GTask  *task,
                  GError *error)
{
  IzpSession *self = g_task_get_source_object (task);

  if (error != NULL && g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN))
    set_signed_in (self, FALSE);
  self->syncing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  /* A full run writes its instant at least; an interrupted one kept the
   * pages it stored. */
  if (error == NULL || self->stored_in_sync)
    g_signal_emit (self, signals[CHANGED], 0);
  self->stored_in_sync = FALSE;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_memdup2 (g_task_get_task_data (task), sizeof (IzpSyncSummary)),
                           g_free);
}

static void
on_sync_tokens_stored (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GError *sync_error = g_object_steal_data (G_OBJECT (task), "sync-error");

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_clear_error (&sync_error);
      finish_sync_task (task, error);
      return;
    }
  finish_sync_task (task, sync_error);
}

static void
on_sync_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  GTask *waiter;

  izp_sync_run_finish (self->sync, result, g_task_get_task_data (task), &error);
  if (error != NULL)
    g_object_set_data_full (G_OBJECT (task), "sync-error", error, (GDestroyNotify) g_error_free);

  /* Return only once a rotated token is safely stored. */
  waiter = g_task_new (self, NULL, on_sync_tokens_stored, g_steal_pointer (&task));
  wait_for_token_stores (self, waiter);
}

static void
on_sync_refresh_stored (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      finish_sync_task (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  izp_sync_run_async (self->sync, cancellable, on_sync_done, g_steal_pointer (&task));
}

static void
on_sync_refreshed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  GTask *waiter;

  if (!izp_api_client_refresh_finish (self->client, result, &error))
    {
      finish_sync_task (task, error);
      return;
    }

  /* The rotated refresh token is in the keyring before the long part. */
  waiter = g_task_new (self, NULL, on_sync_refresh_stored, g_steal_pointer (&task));
  wait_for_token_stores (self, waiter);
}

static void
refresh_for_sync (GTask  *task,
                  GError *error)
{
  IzpSession *self = g_task_get_source_object (task);

  if (error != NULL)
    {
      finish_sync_task (task, error);
      g_object_unref (task);
      return;
    }
  izp_api_client_refresh_async (self->client, g_task_get_cancellable (task), on_sync_refreshed,
                                task);
}

void
izp_session_sync_async (IzpSession          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_sync_async);
  g_task_set_task_data (task, g_new0 (IzpSyncSummary, 1), g_free);

  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running."));
      g_object_unref (task);
      return;
    }

  /* Syncing from now on, while the store opens too. */
  self->syncing = TRUE;
  self->stored_in_sync = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  with_store (self, task, refresh_for_sync);
}

gboolean
izp_session_sync_finish (IzpSession      *self,
                         GAsyncResult    *result,
                         IzpSyncSummary  *out_summary,
                         GError         **error)
{
  g_autofree IzpSyncSummary *summary = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  summary = g_task_propagate_pointer (G_TASK (result), error);
  if (summary == NULL)
    return FALSE;
  if (out_summary != NULL)
    *out_summary = *summary;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Outbox */

static void
on_link_queued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *local_id = izp_sync_queue_link_finish (IZP_SYNC (source), result, &error);

  if (local_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_signal_emit (self, signals[CHANGED], 0);
  g_task_return_pointer (task, local_id, g_free);
}

void
izp_session_queue_link_async (IzpSession          *self,
                              JsonObject          *body,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_queue_link_async);
  if (self->sync == NULL)
    {
      g_task_return_new_error (task, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED,
                               _("The local data is not open yet."));
      g_object_unref (task);
      return;
    }
  izp_sync_queue_link_async (self->sync, body, cancellable, on_link_queued, task);
}

char *
izp_session_queue_link_finish (IzpSession    *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* End of the session */

void
izp_session_close (IzpSession *self)
{
  g_return_if_fail (IZP_IS_SESSION (self));
  g_return_if_fail (!self->syncing);

  self->closed = TRUE;
  if (self->store != NULL)
    izp_store_close (self->store);
}

gboolean
izp_session_delete_local_data (IzpSession  *self,
                               GError     **error)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), FALSE);
  g_return_val_if_fail (!self->syncing, FALSE);

  /* Closed first: deleting files SQLite still has open would leave it
   * writing into a database nobody can find again. */
  izp_session_close (self);
  return izp_store_delete_files (self->store_path, error);
}

/* ------------------------------------------------------------------ */
/* Reading */

static void
on_overview_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;
  IzpStoreOverview *overview = izp_store_read_overview_finish (IZP_STORE (source), result, &error);

  if (overview == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (self->cabinet);
  self->cabinet = g_strdup (overview->cabinet);
  g_task_return_pointer (task, overview, (GDestroyNotify) izp_store_overview_free);
}

static void
read_overview_from_store (GTask  *task,
                          GError *error)
{
  IzpSession *self = g_task_get_source_object (task);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* Only the counts-only form counts rows: a walk through every table. */
  izp_store_read_overview_async (self->store,
                                 g_task_get_source_tag (task) == izp_session_get_counts_async,
                                 g_task_get_cancellable (task), on_overview_read, task);
}

static void
read_overview (IzpSession          *self,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  with_store (self, task, read_overview_from_store);
}

void
izp_session_read_overview_async (IzpSession          *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  read_overview (self, izp_session_read_overview_async, cancellable, callback, user_data);
}

IzpStoreOverview *
izp_session_read_overview_finish (IzpSession    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
izp_session_get_counts_async (IzpSession          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  read_overview (self, izp_session_get_counts_async, cancellable, callback, user_data);
}

gint64 *
izp_session_get_counts_finish (IzpSession    *self,
                               GAsyncResult  *result,
                               char         **out_last_sync,
                               GError       **error)
{
  g_autoptr(IzpStoreOverview) overview = NULL;

  if (out_last_sync != NULL)
    *out_last_sync = NULL;
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  overview = g_task_propagate_pointer (G_TASK (result), error);
  if (overview == NULL)
    return NULL;
  if (out_last_sync != NULL)
    *out_last_sync = g_steal_pointer (&overview->last_sync);
  return g_memdup2 (overview->counts, sizeof overview->counts);
}

/**
 * izp_session_dup_cabinet:
 *
 * Returns: (transfer full) (nullable): the name of the signed-in cabinet as
 *   of the last overview or counts read (no SQL here), or %NULL before
 */
char *
izp_session_dup_cabinet (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);

  return g_strdup (self->cabinet);
}

/* ------------------------------------------------------------------ */

const char *
izp_session_get_server (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);
  return self->server;
}

const char *
izp_session_get_email (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);
  return self->email;
}

gboolean
izp_session_get_signed_in (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), FALSE);
  return self->signed_in;
}

gboolean
izp_session_get_syncing (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), FALSE);
  return self->syncing;
}

IzpApiClient *
izp_session_get_client (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);
  return self->client;
}

IzpStore *
izp_session_get_store (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);
  return self->store;
}

IzpSync *
izp_session_get_sync (IzpSession *self)
{
  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);
  return self->sync;
}

static IzpSession *
session_new (const char  *server,
             const char  *email,
             const char  *store_path,
             gboolean     ephemeral,
             GError     **error)
{
  g_autoptr(IzpSession) self = NULL;

  self = g_object_new (IZP_TYPE_SESSION, NULL);
  self->server = g_strdup (server);
  self->email = g_strdup (email);
  self->ephemeral = ephemeral;

  self->store_path = g_strdup (store_path);

  self->client = izp_api_client_new (server, error);
  if (self->client == NULL)
    return NULL;
  g_signal_connect_object (self->client, "refresh-token-changed",
                           G_CALLBACK (on_refresh_token_changed), self, 0);
  return g_steal_pointer (&self);
}

IzpSession *
izp_session_new (const char  *server,
                 const char  *email,
                 const char  *data_dir,
                 GError     **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  server = normalized = izp_api_normalize_server_url (server);
  if (!izp_api_url_is_allowed (server, error))
    return NULL;
  if (data_dir == NULL)
    data_dir = default_dir = izp_store_default_data_dir ();
  path = izp_store_account_path (data_dir, server, email);
  return session_new (server, email, path, FALSE, error);
}

IzpSession *
izp_session_new_ephemeral (const char  *server,
                           const char  *email,
                           const char  *store_path,
                           GError     **error)
{
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  return session_new (server, email, store_path, TRUE, error);
}

static void
izp_session_finalize (GObject *object)
{
  IzpSession *self = (IzpSession *) object;

  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->cabinet, g_free);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->store_waiters, g_ptr_array_unref);
  /* An opening holds a reference: none is under way. */
  g_assert (self->open_waiters == NULL);

  G_OBJECT_CLASS (izp_session_parent_class)->finalize (object);
}

static void
izp_session_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  IzpSession *self = IZP_SESSION (object);

  switch (prop_id)
    {
    case PROP_SIGNED_IN:
      g_value_set_boolean (value, self->signed_in);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_session_class_init (IzpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_session_finalize;
  object_class->get_property = izp_session_get_property;

  properties[PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_UINT64, G_TYPE_UINT64);
  /**
   * IzpSession::changed:
   *
   * The local data changed: a sync stored something, a link was queued.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
izp_session_init (IzpSession *self)
{
  self->store_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
