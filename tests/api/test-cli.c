/* test-cli.c — izyinbox-partner-cli as a user runs it
 *
 * The sandbox runs in this process; the CLI runs as a child process, so
 * the keyring it uses is the one of tests/wrappers/with-keyring. The
 * no-keyring case starts the CLI on a private bus with no Secret Service,
 * and the SIGKILL case (suite "slow") kills syncs at random points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "izp-credentials.h"
#include "izp-dashboard.h"
#include "izp-format.h"
#include "izp-test-util.h"
#include "../core/sample-items.h"

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child);
      else
        n++;
    }
  return n;
}

/* TRUE if @needle occurs in any file under @path. */
static gboolean
tree_contains (const char *path,
               const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (tree_contains (child, needle))
            return TRUE;
          continue;
        }
      if (g_file_get_contents (child, &contents, &length, NULL) &&
          g_strstr_len (contents, length, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
keyring_lookup (const char *server)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GError) error = NULL;
  char *secret;
  char *token = NULL;

  izp_credentials_lookup_async (server, EMAIL, NULL, on_done, &waiter);
  g_main_loop_run (waiter.loop);
  secret = izp_credentials_lookup_finish (waiter.result, &error);
  g_assert_no_error (error);
  if (secret != NULL)
    {
      token = g_strdup (secret);
      secret_password_free (secret);
    }
  g_object_unref (waiter.result);
  g_main_loop_unref (waiter.loop);
  return token;
}

static char *
integrity_check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* ------------------------------------------------------------------ */

/* `--help` in a given environment, with this build's translations. */
static char *
help_in (const char *language,
         const char *lc_all,
         const char *lc_messages,
         const char *lang)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = cli_path ();
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);
  const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
  const char *values[] = { language, lc_all, lc_messages, lang };
  char *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (values[i] != NULL)
        g_subprocess_launcher_setenv (launcher, names[i], values[i], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, names[i]);
    }
  g_subprocess_launcher_setenv (launcher, "IZP_LOCALEDIR", localedir, TRUE);

  process = g_subprocess_launcher_spawn (launcher, &error, path, "--help", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

static void
test_language (void)
{
  g_autofree char *fresh = help_in (NULL, "C.UTF-8", NULL, NULL);
  g_autofree char *plain_c = help_in (NULL, "C", NULL, NULL);
  g_autofree char *nothing = help_in (NULL, NULL, NULL, NULL);
  g_autofree char *english = help_in ("en", "C.UTF-8", NULL, NULL);
  /* English whether en_US.UTF-8 is installed or not: the person chose it. */
  g_autofree char *lc_messages = help_in (NULL, NULL, "en_US.UTF-8", NULL);
  /* French whether fr_CH.UTF-8 is installed or not: its translations
   * apply even where the locale is missing. */
  g_autofree char *swiss = help_in (NULL, NULL, NULL, "fr_CH.UTF-8");

  /* No language chosen: French, the product's language. */
  g_assert_nonnull (strstr (fresh, "Commandes :"));
  g_assert_nonnull (strstr (fresh, "Mettre à jour les données locales"));
  g_assert_nonnull (strstr (plain_c, "Commandes :"));
  g_assert_nonnull (strstr (nothing, "Commandes :"));
  /* A language chosen is followed. */
  g_assert_nonnull (strstr (english, "Commands:"));
  g_assert_null (strstr (english, "Commandes"));
  g_assert_nonnull (strstr (lc_messages, "Commands:"));
  g_assert_nonnull (strstr (swiss, "Commandes :"));
}

static void
test_usage (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "status"));
  g_assert_nonnull (strstr (out, "--data-dir"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "izyinbox-partner-cli "));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Usage"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, "--no-such-option", "status", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Usage"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, "status", "--format", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, "login", "--email", EMAIL, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Usage"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, NULL), ==, 2);
}

static void
test_login_sync_status_logout (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (40, 3600, 0, 0, 0);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-cli-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autofree char *store_path = NULL;
  JsonObject *status;
  JsonObject *counts;
  gint64 stored[IZP_N_COLLECTIONS];

  /* Wrong password: exit 1, a message, nothing stored. */
  g_assert_cmpint (run_cli ("wrong\n", NULL, &err, "--server", url, "--data-dir", dir,
                            "--email", EMAIL, "login", "--password-stdin", NULL), ==, 1);
  g_assert_cmpstr (err, !=, "");
  g_clear_pointer (&err, g_free);
  g_assert_null (keyring_lookup (url));
  g_assert_cmpuint (count_files (dir), ==, 0);

  g_assert_cmpint (run_cli ("demo\n", NULL, NULL, "--server", url, "--data-dir", dir,
                            "--email", EMAIL, "login", "--password-stdin", NULL), ==, 0);

  /* Global options also work after the command; the only account is found. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "sync", "--server", url, "--data-dir", dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sync complete"));
  /* Not a terminal: no carriage returns. */
  g_assert_null (strchr (out, '\r'));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "status", "--format", "json", NULL), ==, 0);
  root = izp_json_parse_bounded (out, strlen (out), 1 << 20, 8, &error);
  g_assert_no_error (error);
  status = json_node_get_object (root);
  g_assert_cmpuint (json_object_get_size (status), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (status, "server"), ==, url);
  g_assert_cmpstr (json_object_get_string_member (status, "email"), ==, EMAIL);
  g_assert_true (izp_instant_is_valid (json_object_get_string_member (status, "last_sync")));
  counts = json_object_get_object_member (status, "counts");
  g_assert_cmpuint (json_object_get_size (counts), ==, IZP_N_COLLECTIONS);

  store_path = izp_store_account_path (dir, url, EMAIL);
  store = izp_store_open (store_path, &error);
  g_assert_no_error (error);
  g_assert_true (izp_store_get_counts (store, stored, &error));
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    g_assert_cmpint (json_object_get_int_member (counts, izp_schema_get_collection (i)->name),
                     ==, stored[i]);
  g_assert_cmpint (stored[IZP_COLLECTION_CLIENTS], ==, 40);
  g_clear_object (&store);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "status", NULL), ==, 0);
  g_assert_nonnull (strstr (out, EMAIL));
  /* The dashboard's headline: this month and the one before, by name. */
  {
    g_autofree char *month = izp_format_month (izp_date_today_local ());

    g_assert_nonnull (strstr (out, month));
  }
  g_clear_pointer (&out, g_free);

  /* dashboard: the core's figures, as the JSON of product.md. */
  {
    g_autoptr(IzpDashboard) expected = NULL;
    g_autoptr(JsonNode) expected_json = NULL;
    g_autofree char *expected_text = NULL;

    store = izp_store_open (store_path, &error);
    g_assert_no_error (error);
    expected = izp_dashboard_load (store, izp_date_new (2026, 11, 27), NULL, &error);
    g_assert_no_error (error);
    expected_json = izp_dashboard_to_json (expected);
    expected_text = izp_json_to_string (expected_json);
    g_clear_object (&store);

    g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "dashboard", "--today", "2026-11-27",
                              "--format", "json", NULL), ==, 0);
    g_assert_cmpstr (g_strchomp (out), ==, expected_text);
    g_assert_nonnull (strstr (out, "\"month\":{\"key\":\"2026-11\""));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "dashboard", "--today", "2026-11-27", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "novembre 2026"));
    g_clear_pointer (&out, g_free);
    /* Bad usage: exit 2. */
    g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "dashboard", "--today", "2026-13-01", NULL), ==, 2);
    g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "dashboard", "--format", "xml", NULL), ==, 2);
  }

  /* The refresh token (rotated by the sync) is in the keyring, and
   * nowhere in the data, settings or cache folders. */
  token = keyring_lookup (url);
  g_assert_nonnull (token);
  g_assert_false (tree_contains (dir, token));
  g_assert_false (tree_contains (g_get_user_config_dir (), token));
  g_assert_false (tree_contains (g_get_user_cache_dir (), token));
  g_assert_false (tree_contains (g_get_user_data_dir (), "\"refresh_token\""));

  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--server", url, "--data-dir", dir, "logout", NULL), ==, 0);
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/auth/revoke"), ==, 1);
  g_clear_pointer (&token, g_free);
  token = keyring_lookup (url);
  g_assert_null (token);

  /* Signed out: a sync is a clear failure. */
  g_assert_cmpint (run_cli (NULL, NULL, &err, "--server", url, "--data-dir", dir, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "login"));

  remove_tree (dir);
}

/* Not under the keyring wrapper: a bus with no Secret Service at all. */
static char *
zbar_decode (const char *path)
{
  const char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sbinary", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_strchomp (out);
  return out;
}

/* The lines of `link list` that hold @needle. */
static guint
count_lines_with (const char *text,
                  const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      n++;
  return n;
}

static void
test_links (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (40, 3600, 0, 0, 0);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-cli-XXXXXX", &error);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *link_url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *line = NULL;
  g_autofree char *png = g_build_filename (dir, "code.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "code.svg", NULL);
  g_autofree char *decoded = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autofree char *token = NULL;
  JsonArray *links;
  guint matches = 0;

  g_assert_cmpint (run_cli ("demo\n", NULL, NULL, "--server", url, "--data-dir", dir,
                            "--email", EMAIL, "login", "--password-stdin", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "sync", NULL), ==, 0);

  /* Online: the server's URL alone on standard output. */
  g_assert_cmpint (run_cli (NULL, &out, &err, "--data-dir", dir, "link", "create",
                            "--label", "Boulangerie Zoë & Fils \"#1\" + 🥐", "--channel", "email",
                            "--campaign", "facturation-2026", "--company", "Zoë & Fils",
                            "--email", "zoe+devis@exemple.fr", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_str_has_suffix (out, "\n"));
  link_url = g_strndup (out, strlen (out) - 1);
  g_assert_null (strchr (link_url, '\n'));
  g_assert_true (g_str_has_prefix (link_url, "https://"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  token = sign_in (client, PASSWORD, &error);
  g_assert_no_error (error);
  on_server = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  for (guint i = 0; i < on_server->len; i++)
    {
      JsonObject *link = json_node_get_object (on_server->pdata[i]);

      if (g_strcmp0 (json_object_get_string_member (link, "url"), link_url) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (link, "label"), ==,
                           "Boulangerie Zoë & Fils \"#1\" + 🥐");
          id = g_strdup (json_object_get_string_member (link, "id"));
          matches++;
        }
    }
  g_assert_cmpuint (matches, ==, 1);

  /* Text: id, tab, URL, tab, label. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  line = g_strdup_printf ("%s\t%s\tBoulangerie Zoë & Fils \"#1\" + 🥐\n", id, link_url);
  g_assert_nonnull (strstr (out, line));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", "--format", "json", NULL), ==, 0);
  root = izp_json_parse_bounded (out, strlen (out), 1 << 24, 16, &error);
  g_assert_no_error (error);
  links = json_object_get_array_member (json_node_get_object (root), "links");
  g_assert_cmpuint (json_array_get_length (links), >, 1);
  /* Newest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (links, 0), "id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (links, 0), "state"), ==,
                   "registered");
  g_clear_pointer (&out, g_free);

  /* QR codes that read back as the URL. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "qr", id, "--output", png, NULL), ==, 0);
  decoded = zbar_decode (png);
  g_assert_cmpstr (decoded, ==, link_url);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "qr", id, "--output", svg, NULL), ==, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_cli (NULL, NULL, &err, "--data-dir", dir, "link", "qr", id, "--output",
                            "code.jpg", NULL), ==, 1);
  g_assert_nonnull (strstr (err, ".svg"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "qr", id, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "qr", "lnk_none",
                            "--output", png, NULL), ==, 1);

  /* Archive hides it from the list; --archived shows it; unarchive. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "archive", id, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  g_assert_cmpuint (count_lines_with (out, id), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", "--archived", NULL), ==, 0);
  g_assert_cmpuint (count_lines_with (out, id), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "unarchive", id, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  g_assert_cmpuint (count_lines_with (out, id), ==, 1);
  g_clear_pointer (&out, g_free);

  /* Archived with the server down: archived here at once, queued, said on
   * standard error, status 1; the next sync archives it on the server. */
  g_setenv ("IZP_RETRY_BASE_MS", "1", TRUE);
  izp_sandbox_server_set_faults (server, 1.0, IZP_SANDBOX_FAULT_503, 1);
  g_assert_cmpint (run_cli (NULL, &out, &err, "--data-dir", dir, "link", "archive", id, NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "sync"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  izp_sandbox_server_set_faults (server, 0, 0, 0);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  g_assert_cmpuint (count_lines_with (out, id), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "sync", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&on_server, g_ptr_array_unref);
  on_server = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  matches = 0;
  for (guint i = 0; i < on_server->len; i++)
    {
      JsonObject *link = json_node_get_object (on_server->pdata[i]);

      if (g_strcmp0 (json_object_get_string_member (link, "id"), id) == 0)
        matches += json_object_get_boolean_member (link, "archived") ? 1 : 100;
    }
  g_assert_cmpuint (matches, ==, 1);
  matches = 0;
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "unarchive", id, NULL), ==, 0);

  /* Refused at the field, nothing sent. */
  izp_sandbox_server_reset_counters (server);
  g_assert_cmpint (run_cli (NULL, &out, &err, "--data-dir", dir, "link", "create",
                            "--label", "X", "--channel", "email", "--slug", "mon lien", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "(--slug)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "link", "create", "--label", "X", NULL), ==, 2);
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/referral-links"), ==, 0);

  /* The server is down: queued, said on standard error, status 1; the
   * next sync registers it, once. */
  g_setenv ("IZP_RETRY_BASE_MS", "1", TRUE);
  izp_sandbox_server_set_faults (server, 1.0, IZP_SANDBOX_FAULT_503, 1);
  g_assert_cmpint (run_cli (NULL, &out, &err, "--data-dir", dir, "link", "create",
                            "--label", "Flyer salon", "--channel", "print", NULL), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "sync"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  izp_sandbox_server_set_faults (server, 0, 0, 0);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\ten attente\tFlyer salon\n"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "sync", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 links sent"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "link", "list", NULL), ==, 0);
  g_assert_cmpuint (count_lines_with (out, "\tFlyer salon"), ==, 1);
  g_assert_cmpuint (count_lines_with (out, "\thttps://"), ==, count_lines_with (out, "\t"));
  g_clear_pointer (&out, g_free);

  g_clear_pointer (&on_server, g_ptr_array_unref);
  on_server = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  matches = 0;
  for (guint i = 0; i < on_server->len; i++)
    if (g_strcmp0 (json_object_get_string_member (json_node_get_object (on_server->pdata[i]), "label"),
                   "Flyer salon") == 0)
      matches++;
  g_assert_cmpuint (matches, ==, 1);

  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "logout", NULL), ==, 0);
  g_unsetenv ("IZP_RETRY_BASE_MS");
  remove_tree (dir);
}

static void
test_no_keyring (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (10, 3600, 0, 0, 0);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-cli-XXXXXX", &error);
  g_autofree char *config = g_build_filename (dir, "..", "izp-nokeyring-bus.conf", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *config_arg = NULL;
  g_autofree char *cli = cli_path ();
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *err = NULL;
  const char *bus_config =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:tmpdir=/tmp</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n";

  g_clear_pointer (&config, g_free);
  config = g_strconcat (dir, ".bus.conf", NULL);
  g_assert_true (g_file_set_contents (config, bus_config, -1, &error));
  config_arg = g_strconcat ("--config-file=", config, NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              "dbus-run-session", config_arg, "--",
                              cli, "--server", url, "--data-dir", data, "--email", EMAIL,
                              "login", "--password-stdin", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, "demo\n", NULL, NULL, &err, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err);

  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "keyring"));
  /* No plain-text fallback: nothing at all was written. */
  g_assert_cmpuint (count_files (dir), ==, 0);
  /* The token the server gave was handed back. */
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/auth/revoke"), ==, 1);

  g_unlink (config);
  remove_tree (dir);
}

static gboolean
on_kill_timeout (gpointer user_data)
{
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
on_first_line (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *seen = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source),
                                                                result, NULL, NULL);

  *seen = TRUE;
}

static void
on_process_exit (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static void
test_sigkill (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (1000, 3600, 0, 0, 0);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-cli-XXXXXX", &error);
  g_autofree char *store_path = izp_store_account_path (dir, url, EMAIL);
  g_autofree char *cli = cli_path ();
  g_autofree char *out = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint killed = 0;
  guint mid_collection = 0;

  g_assert_cmpint (run_cli ("demo\n", NULL, NULL, "--server", url, "--data-dir", dir,
                            "--email", EMAIL, "login", "--password-stdin", NULL), ==, 0);

  for (guint run = 0; run < 10 && killed < 5; run++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autofree char *check = NULL;
      gboolean seen = FALSE;
      gboolean exited = FALSE;
      guint delay_ms = g_rand_int_range (rand, 0, 150);
      guint timer;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, cli, "--server", url, "--data-dir", dir, "sync",
                                  "--limit", "20", NULL);
      g_assert_no_error (error);

      /* The first line comes once the sign-in is refreshed and stored and
       * the first page is in: kill somewhere after that. */
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
      g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, on_first_line, &seen);
      g_subprocess_wait_async (process, NULL, on_process_exit, &exited);
      while (!seen && !exited)
        g_main_context_iteration (NULL, TRUE);
      timer = g_timeout_add (delay_ms, on_kill_timeout, process);
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
      if (g_main_context_find_source_by_id (NULL, timer) != NULL)
        g_source_remove (timer);

      if (g_subprocess_get_if_signaled (process))
        {
          g_autoptr(IzpStore) store = NULL;

          g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
          killed++;

          /* Was it killed in the middle of a collection? */
          store = izp_store_open (store_path, &error);
          g_assert_no_error (error);
          for (guint c = 0; c < IZP_N_COLLECTIONS; c++)
            {
              IzpSyncState state;

              g_assert_true (izp_store_get_sync_state (store, c, &state, &error));
              if (state.cursor != NULL)
                mid_collection++;
              izp_sync_state_clear (&state);
            }
        }
      else
        g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

      check = integrity_check (store_path);
      g_assert_cmpstr (check, ==, "ok");
      g_test_message ("run %u: kill after %u ms, %s", run,
                      delay_ms, g_subprocess_get_if_signaled (process) ? "killed" : "finished");
    }
  /* Most runs were interrupted for real. */
  g_assert_cmpuint (killed, >=, 4);
  g_assert_cmpuint (mid_collection, >=, 1);

  /* The next run completes, and the store is exactly the server's. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--server", url, "--data-dir", dir, "sync", NULL), ==, 0);
  {
    g_autoptr(IzpStore) store = izp_store_open (store_path, &error);
    g_autoptr(IzpApiClient) client = new_client (url);
    g_autofree char *token = sign_in (client, PASSWORD, &error);

    g_assert_no_error (error);
    /* Nothing lost, nothing duplicated: exactly the server's data. */
    assert_store_equals_server (store, client);
    assert_documents_equal_server (store, client);
  }

  remove_tree (dir);
}

/* The templates and the signature, from a store written here: the data a
 * sync leaves (the sample items of tests/core). */
static void
test_templates (void)
{
  const char *server = "https://api.example.test/v1";
  const char *link = "https://demo.izyinbox.fr/cabinet-dupont?ref=k7Qx2p&utm_source=partner&utm_medium=email";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-cli-XXXXXX", &error);
  g_autofree char *store_path = izp_store_account_path (dir, server, EMAIL);
  g_autofree char *edit_path = g_build_filename (dir, "templates", "suivi-essai.txt", NULL);
  g_autofree char *edits_dir = g_path_get_dirname (edit_path);
  g_autoptr(IzpStore) store = izp_store_open (store_path, &error);
  g_autoptr(JsonNode) partner = json_from_string (sample_partner, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  IzpCollectionId collections[] = { IZP_COLLECTION_REFERRAL_LINKS, IZP_COLLECTION_LEADS, IZP_COLLECTION_CLIENTS };

  g_assert_no_error (error);
  g_assert_true (izp_store_set_account (store, server, EMAIL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_autofree char *items = g_strdup_printf ("[%s]", sample_items[collections[i]]);
      g_autoptr(JsonNode) node = json_from_string (items, NULL);

      g_assert_true (izp_store_write_page (store, collections[i], json_node_get_array (node), NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (izp_store_put_document (store, "partner", json_node_get_object (partner), NULL, &error));
  g_clear_object (&store);

  /* One line per template: id, a tab, the title; the seed's three first. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "template", "list", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 11);
  g_assert_cmpstr (lines[0], ==, "introduction\tIntroduction IzyInbox");
  g_assert_true (g_str_has_prefix (lines[1], "relance-post-demo\t"));
  g_assert_true (g_str_has_prefix (lines[2], "facturation-electronique\t"));
  g_assert_cmpstr (lines[10], ==, "");
  g_clear_pointer (&out, g_free);

  /* For a lead: its name, its link, its demo date in French. */
  g_assert_cmpint (run_cli (NULL, &out, &err, "--data-dir", dir, "template", "render", "relance-post-demo",
                            "--lead", "lea_0001", "--set", "Expert-comptable=Jean Dupont", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Subject: Suite à votre démo IzyInbox du samedi 28 novembre 2026 à 9 h 30\n\n"
                                        "Bonjour Zoé,\n"));
  g_assert_nonnull (strstr (out, link));
  g_assert_nonnull (strstr (out, "pour Garage Müller"));
  /* The cabinet: not in the settings, so the account's. No signature
   * under it: none is saved (no name). */
  g_assert_true (g_str_has_suffix (out, "\nJean Dupont\nCabinet Dupont & Associés\n"));
  g_assert_null (strchr (out, '['));
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* For a client, as HTML, with a hostile typed value. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "template", "render", "passage-pro",
                            "--client", "cli_0001", "--format", "html",
                            "--set", "Cabinet=<script>x</script>", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n<p>Bonjour Marie,</p>"));
  g_assert_nonnull (strstr (out, "formule Pro"));
  g_assert_nonnull (strstr (out, "&lt;script&gt;x&lt;/script&gt;"));
  g_assert_null (strstr (out, "<script>"));
  g_assert_nonnull (strstr (out, "<a href=\"https://demo.izyinbox.fr/cabinet-dupont?ref=k7Qx2p&amp;utm_source=partner"));
  g_clear_pointer (&out, g_free);

  /* The user's edit is the one rendered. */
  g_assert_cmpint (g_mkdir_with_parents (edits_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (edit_path, "id: suivi-essai\nversion: 1\nbased-on: 1\ntitle: Point pendant l’essai\n"
                                      "subject: Mon objet\n\nMon texte pour [Prénom].\n", -1, NULL));
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "template", "render", "suivi-essai",
                            "--set", "Prénom=Marie", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "Subject: Mon objet\n\nMon texte pour Marie.\n");
  g_clear_pointer (&out, g_free);

  /* Bad usage and failures. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "template", "render", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "template", "render", "introduction",
                            "--set", "Ville=Lyon", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "template", "render", "introduction",
                            "--format", "pdf", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "--data-dir", dir, "template", "render", "absent", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "absent"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "template", "render", "introduction",
                            "--lead", "lea_9999", NULL), ==, 1);

  /* The signature: the tier from the account, --set for this run. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "signature", "--format", "text",
                            "--set", "name=Jean Dupont", "--set", "email=j.dupont@cabinet-dupont.fr", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "-- \nJean Dupont\nCabinet Dupont & Associés\nj.dupont@cabinet-dupont.fr\n"
                            "Partenaire IzyInbox · Certifié\n");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "--data-dir", dir, "signature", "--set", "name=<b>", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "<table cellpadding=\"0\" cellspacing=\"0\""));
  g_assert_nonnull (strstr (out, "&lt;b&gt;"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "--data-dir", dir, "signature", "--set", "tier=Or", NULL), ==, 2);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/language", test_language);
  g_test_add_func ("/cli/login-sync-status-logout", test_login_sync_status_logout);
  g_test_add_func ("/cli/links", test_links);
  g_test_add_func ("/cli/no-keyring", test_no_keyring);
  g_test_add_func ("/cli/sigkill", test_sigkill);
  g_test_add_func ("/cli/templates", test_templates);

  return g_test_run ();
}
