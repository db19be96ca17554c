/* test-server-address.c — the server address a person types
 *
 * An address without /v1 reaches the sandbox's API; an address that
 * answers but is not a Partner API (a web site's HTML, a 404 where every
 * Partner API answers) gets a French message that says so, never the
 * server's own "Unknown path". The web site is a real loopback SoupServer,
 * not the sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "izp-i18n.h"
#include "izp-session.h"
#include "izp-test-util.h"

#define NOT_PARTNER_API_FR \
  "Cette adresse ne répond pas comme l’API Partenaire d’IzyInbox. Vérifiez l’adresse du serveur."

static void
assert_normalized (const char *typed,
                   const char *expected)
{
  g_autofree char *url = izp_api_normalize_server_url (typed);

  g_assert_cmpstr (url, ==, expected);
}

static void
test_normalize (void)
{
  assert_normalized ("https://api.izyinbox.fr", "https://api.izyinbox.fr/v1");
  assert_normalized ("https://api.izyinbox.fr/", "https://api.izyinbox.fr/v1");
  assert_normalized ("  https://api.izyinbox.fr//  ", "https://api.izyinbox.fr/v1");
  assert_normalized ("https://api.izyinbox.fr/v1", "https://api.izyinbox.fr/v1");
  assert_normalized ("https://api.izyinbox.fr/v1/", "https://api.izyinbox.fr/v1");
  assert_normalized ("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1");
  assert_normalized ("http://[::1]:8080/", "http://[::1]:8080/v1");
  /* A path given is the person's choice. */
  assert_normalized ("https://example.com/partner/v1/", "https://example.com/partner/v1");
  /* No scheme: the secure one. */
  assert_normalized (" api.izyinbox.fr ", "https://api.izyinbox.fr/v1");
  assert_normalized ("api.izyinbox.fr/v1/", "https://api.izyinbox.fr/v1");
  /* Not an address: left for izp_api_url_is_allowed() to refuse. */
  assert_normalized ("", "");
  assert_normalized ("http://", "http://");
  assert_normalized ("https://api.izyinbox.fr/?x=1", "https://api.izyinbox.fr/?x=1");
}

/* Signs in through a real session (its keyring entry, its store), as the
 * welcome page and the CLI do, with the address as typed. */
static gboolean
session_sign_in (const char  *typed,
                 char       **out_server,
                 GError     **error)
{
  g_autofree char *dir = g_dir_make_tmp ("izp-address-XXXXXX", NULL);
  g_autoptr(IzpSession) session = izp_session_new (typed, EMAIL, dir, error);
  g_autoptr(GAsyncResult) result = NULL;
  Waiter waiter = { NULL, NULL };
  gboolean ok;

  if (session == NULL)
    return FALSE;
  izp_api_client_set_retry_policy (izp_session_get_client (session), 3, 10, 50, 100);
  izp_session_sign_in_async (session, PASSWORD, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  ok = izp_session_sign_in_finish (session, result, error);
  waiter_clear (&waiter);
  if (out_server != NULL)
    *out_server = g_strdup (izp_session_get_server (session));
  g_clear_object (&session);
  remove_tree (dir);
  return ok;
}

static void
test_sandbox_with_and_without_v1 (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *base = izp_sandbox_server_get_base_url (server);   /* …/v1 */
  g_autofree char *root = g_strndup (base, strlen (base) - strlen ("/v1"));
  g_autofree char *root_slash = g_strconcat (root, "/", NULL);
  g_autofree char *base_slash = g_strconcat (base, "/", NULL);
  const char *typed[] = { root, root_slash, base, base_slash };

  g_assert_true (g_str_has_suffix (base, "/v1"));
  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *used = NULL;

      g_assert_true (session_sign_in (typed[i], &used, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (used, ==, base);
    }
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/auth/token"), ==, 4);
}

/* The sandbox under a wrong path: its own JSON 404 "Unknown path". */
static void
test_sandbox_wrong_path (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *base = izp_sandbox_server_get_base_url (server);
  g_autofree char *root = g_strndup (base, strlen (base) - strlen ("/v1"));
  g_autofree char *wrong = g_strconcat (root, "/api", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (session_sign_in (wrong, NULL, &error));
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_NOT_PARTNER_API);
  g_assert_cmpstr (error->message, ==, NOT_PARTNER_API_FR);
  g_assert_null (strstr (error->message, "Unknown path"));
}

typedef struct
{
  guint n_requests;
  guint status;
} WebSite;

/* A web site: an HTML page for every path, with the status asked for. */
static void
on_web_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  WebSite *site = user_data;
  static const char page[] =
    "<!DOCTYPE html><html lang=\"fr\"><head><title>Bienvenue</title></head>"
    "<body><h1>Notre cabinet</h1></body></html>";

  site->n_requests++;
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    page, sizeof page - 1);
  soup_server_message_set_status (message, site->status, NULL);
}

static void
test_web_site (gconstpointer data)
{
  WebSite site = { 0, GPOINTER_TO_UINT (data) };
  g_autoptr(SoupServer) web = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  soup_server_add_handler (web, NULL, on_web_request, &site, NULL);
  g_assert_true (soup_server_listen_local (web, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (web);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_assert_false (session_sign_in (url, NULL, &error));
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_NOT_PARTNER_API);
  g_assert_cmpstr (error->message, ==, NOT_PARTNER_API_FR);
  /* Said at once: a web page is not a transient failure to retry. */
  g_assert_cmpuint (site.n_requests, ==, 1);

  soup_server_disconnect (web);
}

int
main (int   argc,
      char *argv[])
{
  /* French, as the app speaks with no language chosen, from this build. */
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("IZP_LOCALEDIR", localedir, TRUE);
  izp_i18n_init (LOCALEDIR);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-address/normalize", test_normalize);
  g_test_add_func ("/server-address/sandbox-with-and-without-v1", test_sandbox_with_and_without_v1);
  g_test_add_func ("/server-address/sandbox-wrong-path", test_sandbox_wrong_path);
  g_test_add_data_func ("/server-address/web-site-200", GUINT_TO_POINTER (200), test_web_site);
  g_test_add_data_func ("/server-address/web-site-404", GUINT_TO_POINTER (404), test_web_site);

  return g_test_run ();
}
