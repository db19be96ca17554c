/* izp-credentials.c — the refresh token in the system keyring
 *
 * Only the refresh token is ever stored, and only here: never in SQLite,
 * GSettings or a file. With no Secret Service the caller gets a clear error
 * and nothing is written anywhere else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "izp-credentials.h"

G_DEFINE_QUARK (izp-credentials-error-quark, izp_credentials_error)

const SecretSchema *
izp_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "fr.izyinbox.Partner.RefreshToken",
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/* Turns libsecret's and D-Bus's errors into one the user can act on. */
static GError *
translate_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
      error->domain == G_IO_ERROR)
    return g_error_new (IZP_CREDENTIALS_ERROR, IZP_CREDENTIALS_ERROR_NO_SERVICE,
                        _("No keyring is available to keep your sign-in safely. "
                          "Install and start a Secret Service such as GNOME Keyring, then try again."));

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new (IZP_CREDENTIALS_ERROR, IZP_CREDENTIALS_ERROR_LOCKED,
                        _("The keyring is locked. Unlock it, then try again."));

  return g_error_new (IZP_CREDENTIALS_ERROR, IZP_CREDENTIALS_ERROR_FAILED,
                      _("The keyring could not be used: %s"), error->message);
}

static void
on_store_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
izp_credentials_store_async (const char          *server,
                             const char          *email,
                             const char          *refresh_token,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);
  g_return_if_fail (refresh_token != NULL && *refresh_token != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_credentials_store_async);

  /* The label is what Seahorse shows. */
  label = g_strdup_printf (_("IzyInbox Partenaires — %s"), email);
  secret_password_store (izp_credentials_get_schema (), SECRET_COLLECTION_DEFAULT,
                         label, refresh_token, cancellable,
                         on_store_done, g_steal_pointer (&task),
                         "server", server,
                         "email", email,
                         NULL);
}

gboolean
izp_credentials_store_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  /* NULL with no error means "not found": returned as NULL, no error. */
  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
izp_credentials_lookup_async (const char          *server,
                              const char          *email,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_credentials_lookup_async);
  secret_password_lookup (izp_credentials_get_schema (), cancellable,
                          on_lookup_done, task,
                          "server", server,
                          "email", email,
                          NULL);
}

/**
 * izp_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the refresh token, or %NULL with no
 *   error when none is stored. Free it with secret_password_free().
 */
char *
izp_credentials_lookup_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_clear_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE with no error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
izp_credentials_clear_async (const char          *server,
                             const char          *email,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server != NULL);
  g_return_if_fail (email != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_credentials_clear_async);
  secret_password_clear (izp_credentials_get_schema (), cancellable,
                         on_clear_done, task,
                         "server", server,
                         "email", email,
                         NULL);
}

gboolean
izp_credentials_clear_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
