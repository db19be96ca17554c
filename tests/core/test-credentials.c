/* test-credentials.c — the refresh token against a real gnome-keyring-daemon
 *
 * Runs inside tests/wrappers/with-keyring: a private D-Bus session with an
 * unlocked keyring.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-credentials.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  g_main_loop_run (waiter->loop);
  return waiter->result;
}

static void
test_round_trip (void)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *server = "http://127.0.0.1:8080/v1";
  char *token;

  /* Nothing stored yet: NULL and no error. */
  izp_credentials_lookup_async (server, "marie@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_clear_object (&result);

  izp_credentials_store_async (server, "marie@cabinet.fr", "rt-secret-1", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_credentials_store_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Another account on the same server stays apart. */
  izp_credentials_store_async (server, "paul@cabinet.fr", "rt-secret-2", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_credentials_store_finish (result, &error));
  g_clear_object (&result);

  izp_credentials_lookup_async (server, "marie@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "rt-secret-1");
  secret_password_free (token);
  g_clear_object (&result);

  /* A rotated token replaces the old one. */
  izp_credentials_store_async (server, "marie@cabinet.fr", "rt-secret-3", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_credentials_store_finish (result, &error));
  g_clear_object (&result);

  izp_credentials_lookup_async (server, "marie@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_cmpstr (token, ==, "rt-secret-3");
  secret_password_free (token);
  g_clear_object (&result);

  izp_credentials_clear_async (server, "marie@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_credentials_clear_finish (result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  izp_credentials_lookup_async (server, "marie@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  g_assert_null (token);
  g_clear_object (&result);

  izp_credentials_lookup_async (server, "paul@cabinet.fr", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_cmpstr (token, ==, "rt-secret-2");
  secret_password_free (token);
  g_clear_object (&result);

  g_main_loop_unref (waiter.loop);
}

static void
test_schema (void)
{
  const SecretSchema *schema = izp_credentials_get_schema ();

  g_assert_cmpstr (schema->name, ==, "fr.izyinbox.Partner.RefreshToken");
  g_assert_cmpstr (schema->attributes[0].name, ==, "server");
  g_assert_cmpstr (schema->attributes[1].name, ==, "email");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/schema", test_schema);
  g_test_add_func ("/credentials/round-trip", test_round_trip);

  return g_test_run ();
}
