/* izp-demo.c — the built-in demo account
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-demo.h"
#include "izp-sandbox-server.h"

typedef struct
{
  char             *store_path;
  guint             n_clients;
  IzpSandboxServer *server;
  IzpSession       *session;
} Demo;

static void
demo_free (Demo *demo)
{
  g_free (demo->store_path);
  g_clear_object (&demo->server);
  g_clear_object (&demo->session);
  g_free (demo);
}

/* Generating the dataset takes a moment: off the caller's thread. */
static void
start_server_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  Demo *demo = task_data;
  IzpSandboxOptions options;
  GError *error = NULL;

  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  if (demo->n_clients > 0)
    options.n_clients = demo->n_clients;
  options.today = izp_date_today_utc ();

  demo->server = izp_sandbox_server_new (&options, &error);
  if (demo->server == NULL || !izp_sandbox_server_start (demo->server, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A new dataset each time: start from an empty store. The previous
   * demo's session closed it when it ended. */
  if (!izp_store_delete_files (demo->store_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_demo_signed_in (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Demo *demo = g_task_get_task_data (task);
  GError *error = NULL;

  if (!izp_session_sign_in_finish (IZP_SESSION (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&demo->session), g_object_unref);
}

static void
on_server_started (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Demo *demo = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  demo->session = izp_session_new_ephemeral (izp_sandbox_server_get_base_url (demo->server),
                                             IZP_DEMO_EMAIL, demo->store_path, &error);
  if (demo->session == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The server stops when the session goes. */
  g_object_set_data_full (G_OBJECT (demo->session), "izp-demo-server",
                          g_steal_pointer (&demo->server), g_object_unref);

  izp_session_sign_in_async (demo->session, IZP_DEMO_PASSWORD, cancellable,
                             on_demo_signed_in, g_steal_pointer (&task));
}

void
izp_demo_start_async (const char          *data_dir,
                      guint                n_clients,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) server_task = NULL;
  g_autofree char *default_dir = NULL;
  Demo *demo;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_demo_start_async);

  if (data_dir == NULL)
    data_dir = default_dir = izp_store_default_data_dir ();

  demo = g_new0 (Demo, 1);
  demo->store_path = g_build_filename (data_dir, "demo", "store.db", NULL);
  demo->n_clients = n_clients;
  g_task_set_task_data (task, demo, (GDestroyNotify) demo_free);

  server_task = g_task_new (NULL, cancellable, on_server_started, g_object_ref (task));
  g_task_set_task_data (server_task, demo, NULL);
  g_task_run_in_thread (server_task, start_server_in_thread);
}

IzpSession *
izp_demo_start_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
