/* izp-session.c — one signed-in account, for the UI and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-credentials.h"
#include "izp-json.h"
#include "izp-session.h"

struct _IzpSession
{
  GObject       parent_instance;

  char         *server;
  char         *email;
  gboolean      ephemeral;
  gboolean      signed_in;
  gboolean      syncing;
  char         *store_path;

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
  g_signal_emit (user_data, signals[PROGRESS], 0, collection, items, total);
}

/* The store is opened on first use, so a failed sign-in writes nothing. */
static gboolean
ensure_store (IzpSession  *self,
              GError     **error)
{
  if (self->store != NULL)
    return TRUE;

  self->store = izp_store_open (self->store_path, error);
  if (self->store == NULL)
    return FALSE;
  self->sync = izp_sync_new (self->client, self->store);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_sync_progress), self, 0);
  return TRUE;
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

static void
finish_sign_in (GTask *task)
{
  IzpSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!ensure_store (self, &error) ||
      !izp_store_set_account (self->store, self->server, self->email, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_signed_in (self, TRUE);
  g_task_return_boolean (task, TRUE);
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
  finish_sign_in (task);
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
      finish_sign_in (task);
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
  if (!ensure_store (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_signed_in (self, TRUE);
  g_task_return_boolean (task, TRUE);
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

void
izp_session_sync_async (IzpSession          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  GError *error = NULL;

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
  if (!ensure_store (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  self->syncing = TRUE;
  izp_api_client_refresh_async (self->client, cancellable, on_sync_refreshed, task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
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
/* Reading */

typedef struct
{
  gint64 *counts;
  char   *last_sync;
} Counts;

static void
counts_free (Counts *counts)
{
  g_free (counts->counts);
  g_free (counts->last_sync);
  g_free (counts);
}

static void
read_counts_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  IzpSession *self = source_object;
  Counts *counts = g_new0 (Counts, 1);
  GError *error = NULL;

  counts->counts = g_new0 (gint64, IZP_N_COLLECTIONS);
  if (!izp_store_get_counts (self->store, counts->counts, &error) ||
      !izp_store_get_account (self->store, NULL, NULL, &counts->last_sync, &error))
    {
      counts_free (counts);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, counts, (GDestroyNotify) counts_free);
}

void
izp_session_get_counts_async (IzpSession          *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (IZP_IS_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_session_get_counts_async);
  if (!ensure_store (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, read_counts_in_thread);
}

gint64 *
izp_session_get_counts_finish (IzpSession    *self,
                               GAsyncResult  *result,
                               char         **out_last_sync,
                               GError       **error)
{
  Counts *counts;
  gint64 *values;

  if (out_last_sync != NULL)
    *out_last_sync = NULL;
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  counts = g_task_propagate_pointer (G_TASK (result), error);
  if (counts == NULL)
    return NULL;
  values = g_steal_pointer (&counts->counts);
  if (out_last_sync != NULL)
    *out_last_sync = g_steal_pointer (&counts->last_sync);
  counts_free (counts);
  return values;
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

/**
 * izp_session_dup_cabinet:
 *
 * Returns: (transfer full) (nullable): the name of the signed-in cabinet as
 *   last synchronized, or %NULL before the first sync
 */
char *
izp_session_dup_cabinet (IzpSession *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) partner = NULL;
  const char *cabinet = NULL;

  g_return_val_if_fail (IZP_IS_SESSION (self), NULL);

  if (self->store == NULL)
    return NULL;
  text = izp_store_get_document (self->store, "partner", NULL, NULL);
  if (text != NULL)
    partner = izp_json_parse_bounded (text, strlen (text), IZP_JSON_MAX_BODY_BYTES, IZP_JSON_MAX_DEPTH, NULL);
  if (partner == NULL || !JSON_NODE_HOLDS_OBJECT (partner) ||
      !izp_json_get_string (json_node_get_object (partner), "cabinet", "$.partner", FALSE, &cabinet, NULL))
    return NULL;

  return g_strdup (cabinet);
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
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->store_waiters, g_ptr_array_unref);

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
}

static void
izp_session_init (IzpSession *self)
{
  self->store_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
