/* test-store-close.c — closing a store, and deleting its files after
 *
 * A closed store refuses every call with IZP_RECORD_ERROR_CLOSED (no crash,
 * no write to a file about to go); izp_session_delete_local_data() closes
 * first, then removes the database, its -wal and -shm files and the
 * account's folder; and with the store closed no descriptor of this
 * process still points at the files. And a link queued through the session
 * says that the local data changed. Closing folds the write-ahead log into
 * the file: the next start reads one file, with no log to replay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "izp-session.h"
#include "izp-store.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("izp-store-close-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* TRUE when a descriptor of this process opens a file under @prefix. */
static gboolean
is_open (const char *prefix)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
assert_closed_error (GError *error)
{
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_closed_store_refuses (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(JsonArray) items = json_array_new ();
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 counts[IZP_N_COLLECTIONS];
  IzpSyncState state;
  char *text;

  store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (izp_store_set_account (store, "https://api.izyinbox.fr/v1", "a@b.fr", &error));
  /* A page writer prepared before the close: its statements must go too,
   * or SQLite would refuse to close the connection. */
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, items, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (is_open (path));

  izp_store_close (store);
  g_assert_false (is_open (path));
  /* Twice is harmless. */
  izp_store_close (store);

  g_assert_false (izp_store_get_counts (store, counts, &error));
  assert_closed_error (error);
  g_clear_error (&error);
  g_assert_false (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, items, NULL, NULL, &error));
  assert_closed_error (error);
  g_clear_error (&error);
  g_assert_false (izp_store_set_account (store, "https://api.izyinbox.fr/v1", "a@b.fr", &error));
  assert_closed_error (error);
  g_clear_error (&error);
  g_assert_false (izp_store_get_account (store, NULL, NULL, NULL, &error));
  assert_closed_error (error);
  g_clear_error (&error);
  text = izp_store_get_document (store, "partner", NULL, &error);
  g_assert_null (text);
  assert_closed_error (error);
  g_clear_error (&error);
  g_assert_false (izp_store_get_sync_state (store, IZP_COLLECTION_CLIENTS, &state, &error));
  assert_closed_error (error);
  g_clear_error (&error);
  json_object_set_string_member (body, "campaign_id", "cmp_0001");
  json_object_set_string_member (row, "id", "local_1");
  text = izp_store_queue_link (store, body, row, &error);
  g_assert_null (text);
  assert_closed_error (error);
  g_clear_error (&error);

  /* Still on disk: closing is not deleting. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (izp_store_delete_files (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* What was written is in the database file once the store is closed: no
 * -wal file is left for the next opening to replay and look up. */
static void
test_close_folds_the_log (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  sqlite3 *db = NULL;

  store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (izp_store_set_account (store, "https://api.izyinbox.fr/v1", "a@b.fr", &error));
  /* The reader has looked at the data since: both connections are open. */
  g_assert_true (izp_store_get_account (store, &server, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  izp_store_close (store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* And the account is in the file itself, read without the log. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT email FROM account WHERE id = 1", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "a@b.fr");
    sqlite3_finalize (stmt);
  }
  sqlite3_close (db);
  g_assert_true (izp_store_delete_files (path, &error));
  g_assert_no_error (error);
}

static void
on_counts_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = izp_session_get_counts_finish (IZP_SESSION (source), result, NULL, &error);

  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
on_link_queued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *local_id = izp_session_queue_link_finish (IZP_SESSION (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (local_id, "local_"));
  *(gboolean *) user_data = TRUE;
}

static void
count_changes (IzpSession *session,
               guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_session_deletes_after_closing (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "demo", "store.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counts[IZP_N_COLLECTIONS];
  gboolean done = FALSE;
  IzpStore *store;

  session = izp_session_new_ephemeral ("http://127.0.0.1:9/v1", "demo@izyinbox.fr", path, &error);
  g_assert_no_error (error);

  /* A read opens the session's store: the database, its WAL and index. */
  izp_session_get_counts_async (session, NULL, on_counts_read, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  store = izp_session_get_store (session);
  g_assert_nonnull (store);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (shm, G_FILE_TEST_IS_REGULAR));
  g_assert_true (is_open (path));

  /* A link queued offline: one "changed", one more link in the store. */
  {
    g_autoptr(JsonObject) body = json_object_new ();
    guint n_changes = 0;

    json_object_set_string_member (body, "label", "Boulangerie hors ligne");
    json_object_set_string_member (body, "channel", "print");
    g_signal_connect (session, "changed", G_CALLBACK (count_changes), &n_changes);
    done = FALSE;
    izp_session_queue_link_async (session, body, NULL, on_link_queued, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (n_changes, ==, 1);
    g_assert_true (izp_store_get_counts (store, counts, &error));
    g_assert_cmpint (counts[IZP_COLLECTION_REFERRAL_LINKS], ==, 1);
  }

  g_assert_true (izp_session_delete_local_data (session, &error));
  g_assert_no_error (error);
  /* Closed, then deleted: nothing open, nothing left, not even the folder. */
  g_assert_false (is_open (path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_assert_false (izp_store_get_counts (store, counts, &error));
  assert_closed_error (error);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/close/refuses", test_closed_store_refuses);
  g_test_add_func ("/store/close/folds-the-log", test_close_folds_the_log);
  g_test_add_func ("/store/close/session-deletes-after-closing", test_session_deletes_after_closing);

  return g_test_run ();
}
