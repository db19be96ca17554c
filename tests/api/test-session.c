/* test-session.c — a session opens and migrates its store off the caller's
 * thread
 *
 * Sign-in, restore and sync each meet a large version 1 store whose
 * migration takes a while; meanwhile the caller's main loop must keep
 * turning (a 10 ms timeout keeps firing). Done on the main thread instead,
 * the migration would stop it for as long as it lasts: measured first on a
 * copy of the same store, well over the stop allowed. Runs in a private
 * keyring (tests/wrappers/with-keyring): restore reads what a sign-in
 * stored there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "izp-session.h"
#include "izp-test-util.h"

/* Rows per table: enough that the version 2 indexes take well over
 * MIN_MIGRATION (0.6 to 3 s here). */
#define N_ROWS 150000
#define MIN_MIGRATION (200 * G_TIME_SPAN_MILLISECOND)
/* The longest the main loop may stop: half the migration, at least 100 ms.
 * A migration on the main loop stops it for the whole migration; a busy
 * machine (parallel tests, sanitizers) slows both alike. */
#define MAX_STOP (MAX (100 * G_TIME_SPAN_MILLISECOND, migration_usec / 2))

static char *template_path;     /* the version 1 store, built once */
static gint64 migration_usec;   /* migrating a copy of it on this thread */

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Version 1 as it shipped (its literal step, izp_store_migrate() to 1),
 * with N_ROWS invoices, clients, leads and links: version 2 indexes each. */
static void
write_v1_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *insert = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (izp_store_migrate (db, 1, &error));
  g_assert_no_error (error);
  insert = g_strdup_printf (
    "BEGIN;"
    "CREATE TEMP TABLE n AS WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
    "WHERE i < %d) SELECT i FROM s;"
    "INSERT INTO invoices (id, updated_at, client_id, amount_cents, status, paid_on) "
    "SELECT printf('v1inv_%%07d', i), '2026-01-01T00:00:00Z', printf('v1cli_%%07d', (i * 7919) %% %d), "
    "i %% 100000, CASE i %% 3 WHEN 0 THEN 'paid' ELSE 'open' END, "
    "printf('2026-%%02d-%%02d', 1 + i %% 12, 1 + i %% 28) FROM n;"
    "INSERT INTO clients (id, updated_at, company, activated_on) "
    "SELECT printf('v1cli_%%07d', i), '2026-01-01T00:00:00Z', printf('Société %%d', i), "
    "printf('2025-%%02d-%%02d', 1 + (i * 31) %% 12, 1 + i %% 28) FROM n;"
    "INSERT INTO leads (id, updated_at, stage) "
    "SELECT printf('v1lead_%%07d', i), '2026-01-01T00:00:00Z', "
    "CASE i %% 4 WHEN 0 THEN 'new' WHEN 1 THEN 'demo' WHEN 2 THEN 'trial' ELSE 'won' END FROM n;"
    "INSERT INTO referral_links (id, updated_at, archived, created_at) "
    "SELECT printf('v1lnk_%%07d', i), '2026-01-01T00:00:00Z', i %% 2, "
    "printf('2025-%%02d-%%02dT10:00:00Z', 1 + (i * 17) %% 12, 1 + i %% 28) FROM n;"
    "COMMIT;",
    N_ROWS, N_ROWS);
  exec_ok (db, insert);
  sqlite3_close (db);
}

static int
user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

/* A fresh copy of the version 1 store at @path (its folder created). */
static void
put_v1_store (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GFile) from = g_file_new_for_path (template_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (izp_store_delete_files (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (user_version (path), ==, 1);
}

static void
build_template (const char *dir)
{
  g_autofree char *copy = g_build_filename (dir, "copy", "store.db", NULL);
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  template_path = g_build_filename (dir, "template.db", NULL);
  write_v1_store (template_path);

  put_v1_store (copy);
  start = g_get_monotonic_time ();
  store = izp_store_open (copy, &error);
  migration_usec = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_test_message ("migrating %d rows per table from version 1: %.0f ms",
                  N_ROWS, migration_usec / 1000.0);
  /* Shorter, and a main loop blocked by it could pass for a busy one. */
  g_assert_cmpint (migration_usec, >=, MIN_MIGRATION);
  izp_store_close (store);
  g_assert_true (izp_store_delete_files (copy, &error));
}

typedef struct
{
  gint64 last;
  gint64 longest;     /* the longest time the main loop did not turn */
  guint  ticks;
  guint  id;
} Ticker;

static gboolean
on_tick (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();

  ticker->longest = MAX (ticker->longest, now - ticker->last);
  ticker->last = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

/* Times the main loop from before the call is made (a call may block
 * before it returns) until its result is there. */
static void
ticker_start (Ticker *ticker)
{
  ticker->last = g_get_monotonic_time ();
  ticker->longest = 0;
  ticker->ticks = 0;
  ticker->id = g_timeout_add (10, on_tick, ticker);
}

static GAsyncResult *
wait_timed (Waiter *waiter,
            Ticker *ticker)
{
  GAsyncResult *result = wait_for (waiter);

  g_clear_handle_id (&ticker->id, g_source_remove);
  on_tick (ticker);
  return result;
}

static void
assert_loop_kept_turning (const Ticker *ticker,
                          const char   *what)
{
  g_test_message ("%s: main loop turned %u times, longest stop %.0f ms (migration %.0f ms)",
                  what, ticker->ticks, ticker->longest / 1000.0, migration_usec / 1000.0);
  g_assert_cmpint (ticker->longest, <, MAX_STOP);
  g_assert_cmpuint (ticker->ticks, >=, 5);
}

static IzpSession *
new_session (IzpSandboxServer *server,
             const char       *dir)
{
  g_autoptr(GError) error = NULL;
  IzpSession *session = izp_session_new (izp_sandbox_server_get_base_url (server), EMAIL, dir,
                                         &error);

  g_assert_no_error (error);
  izp_api_client_set_retry_policy (izp_session_get_client (session), 3, 10, 50, 100);
  return session;
}

static char *
store_path (IzpSandboxServer *server,
            const char       *dir)
{
  return izp_store_account_path (dir, izp_sandbox_server_get_base_url (server), EMAIL);
}

static void
sign_in_session (IzpSession *session,
                 Ticker     *ticker)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };

  ticker_start (ticker);
  izp_session_sign_in_async (session, PASSWORD, NULL, on_done, &waiter);
  result = wait_timed (&waiter, ticker);
  g_assert_true (izp_session_sign_in_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_true (izp_session_get_signed_in (session));
  waiter_clear (&waiter);
}

static void
test_sign_in (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autofree char *dir = g_dir_make_tmp ("izp-session-XXXXXX", NULL);
  g_autofree char *path = store_path (server, dir);
  g_autoptr(IzpSession) session = new_session (server, dir);
  g_autofree char *email = NULL;
  g_autoptr(GError) error = NULL;
  Ticker ticker;

  put_v1_store (path);
  sign_in_session (session, &ticker);
  assert_loop_kept_turning (&ticker, "sign-in");
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);
  /* The account written into the migrated store. */
  g_assert_true (izp_store_get_account (izp_session_get_store (session), NULL, &email, NULL,
                                        &error));
  g_assert_cmpstr (email, ==, EMAIL);

  izp_session_close (session);
  remove_tree (dir);
}

static void
test_restore (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autofree char *dir = g_dir_make_tmp ("izp-session-XXXXXX", NULL);
  g_autofree char *path = store_path (server, dir);
  g_autoptr(IzpSession) first = new_session (server, dir);
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  Ticker ticker;

  /* A sign-in keeps its refresh token in the keyring; the store it made
   * is replaced by a large version 1 one, as after an update. */
  sign_in_session (first, &ticker);
  izp_session_close (first);
  put_v1_store (path);

  /* At start-up: the keyring, then the store opened and migrated. */
  session = new_session (server, dir);
  ticker_start (&ticker);
  izp_session_restore_async (session, NULL, on_done, &waiter);
  result = wait_timed (&waiter, &ticker);
  g_assert_true (izp_session_restore_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_true (izp_session_get_signed_in (session));
  assert_loop_kept_turning (&ticker, "restore");
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);
  g_assert_nonnull (izp_session_get_sync (session));

  izp_session_close (session);
  waiter_clear (&waiter);
  remove_tree (dir);
}

static void
test_sync (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autofree char *dir = g_dir_make_tmp ("izp-session-XXXXXX", NULL);
  g_autofree char *path = store_path (server, dir);
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(IzpSession) session = new_session (server, dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autofree gint64 *counts = NULL;
  Waiter waiter = { NULL, NULL };
  IzpSyncSummary summary;
  Ticker ticker;

  g_assert_no_error (error);
  put_v1_store (path);
  izp_api_client_set_refresh_token (izp_session_get_client (session), token);

  /* The first call that needs the store is the sync. */
  ticker_start (&ticker);
  izp_session_sync_async (session, NULL, on_done, &waiter);
  g_assert_true (izp_session_get_syncing (session));
  result = wait_timed (&waiter, &ticker);
  g_assert_true (izp_session_sync_finish (session, result, &summary, &error));
  g_assert_no_error (error);
  assert_loop_kept_turning (&ticker, "sync");
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);
  g_clear_object (&result);

  /* The sandbox's 40 clients went into the migrated store. */
  izp_session_get_counts_async (session, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  counts = izp_session_get_counts_finish (session, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts[IZP_COLLECTION_CLIENTS], ==, N_ROWS + 40);

  izp_session_close (session);
  waiter_clear (&waiter);
  remove_tree (dir);
}

/* The session ends while its store opens: the store it gets is closed at
 * once, and a session ended before any opening creates no file. */
static void
test_closed_while_opening (void)
{
  g_autofree char *dir = g_dir_make_tmp ("izp-session-XXXXXX", NULL);
  g_autofree char *path = izp_store_account_path (dir, "http://127.0.0.1:9/v1", EMAIL);
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(IzpSession) unopened = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = NULL;
  gint64 stored[IZP_N_COLLECTIONS];
  Waiter waiter = { NULL, NULL };

  put_v1_store (path);
  session = izp_session_new ("http://127.0.0.1:9/v1", EMAIL, dir, &error);
  g_assert_no_error (error);
  izp_session_get_counts_async (session, NULL, on_done, &waiter);
  izp_session_close (session);
  result = wait_for (&waiter);
  counts = izp_session_get_counts_finish (session, result, NULL, &error);
  g_assert_null (counts);
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
  g_clear_error (&error);
  g_assert_false (izp_store_get_counts (izp_session_get_store (session), stored, &error));
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_true (izp_store_delete_files (path, &error));

  unopened = izp_session_new ("http://127.0.0.1:9/v1", EMAIL, dir, &error);
  izp_session_close (unopened);
  izp_session_get_counts_async (unopened, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_null (izp_session_get_counts_finish (unopened, result, NULL, &error));
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
  g_assert_null (izp_session_get_store (unopened));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  waiter_clear (&waiter);
  remove_tree (dir);
}

typedef struct
{
  GThread *thread;
  gint64   clients;
} Probe;

static gboolean
probe_store (IzpStore      *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Probe *probe = data;
  gint64 counts[IZP_N_COLLECTIONS];

  probe->thread = g_thread_self ();
  if (!izp_store_get_counts (store, counts, error))
    return FALSE;
  probe->clients = counts[IZP_COLLECTION_CLIENTS];
  return TRUE;
}

/* The first call of a session opens (and migrates) its store on the worker
 * that then runs it, the main loop turning meanwhile; a call made during
 * that opening waits for it (one store); after the end, a clear error. */
static void
test_run_opens_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("izp-session-XXXXXX", NULL);
  g_autofree char *path = izp_store_account_path (dir, "http://127.0.0.1:9/v1", EMAIL);
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) overview_result = NULL;
  g_autoptr(IzpStoreOverview) overview = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  Waiter overview_waiter = { NULL, NULL };
  Probe probe = { NULL, 0 };
  Ticker ticker;

  put_v1_store (path);
  session = izp_session_new ("http://127.0.0.1:9/v1", EMAIL, dir, &error);
  g_assert_no_error (error);
  g_assert_null (izp_session_get_store (session));

  ticker_start (&ticker);
  izp_session_run_async (session, probe_store, &probe, NULL, NULL, on_done, &waiter);
  izp_session_read_overview_async (session, NULL, on_done, &overview_waiter);
  result = wait_timed (&waiter, &ticker);
  g_assert_true (izp_session_run_finish (session, result, NULL, &error));
  g_assert_no_error (error);
  assert_loop_kept_turning (&ticker, "first call");
  g_assert_true (probe.thread != g_thread_self ());
  g_assert_cmpint (probe.clients, ==, N_ROWS);
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);

  overview_result = wait_for (&overview_waiter);
  overview = izp_session_read_overview_finish (session, overview_result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (overview);
  g_assert_nonnull (izp_session_get_store (session));
  g_clear_object (&result);

  /* Now open: the same store. */
  probe.thread = NULL;
  izp_session_run_async (session, probe_store, &probe, NULL, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_session_run_finish (session, result, NULL, &error));
  g_assert_cmpint (probe.clients, ==, N_ROWS);
  g_clear_object (&result);

  izp_session_close (session);
  probe.thread = NULL;
  izp_session_run_async (session, probe_store, &probe, NULL, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_false (izp_session_run_finish (session, result, NULL, &error));
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
  g_assert_null (probe.thread);

  waiter_clear (&waiter);
  waiter_clear (&overview_waiter);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("izp-session-v1-XXXXXX", NULL);
  build_template (dir);

  g_test_add_func ("/session/off-main-thread/sign-in", test_sign_in);
  g_test_add_func ("/session/off-main-thread/restore", test_restore);
  g_test_add_func ("/session/off-main-thread/sync", test_sync);
  g_test_add_func ("/session/off-main-thread/closed-while-opening", test_closed_while_opening);
  g_test_add_func ("/session/off-main-thread/run-opens-store", test_run_opens_store);

  status = g_test_run ();
  remove_tree (dir);
  g_free (template_path);
  return status;
}
