/* test-store.c — the per-account SQLite store: migrations, pages, outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "izp-json.h"
#include "izp-store.h"
#include "izp-store-query.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("izp-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (path);
}

static int
user_version (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = izp_json_parse_bounded (text, strlen (text), 1 << 20, 32, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = izp_json_parse_bounded (text, strlen (text), 1 << 20, 32, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

/* Every earlier version (0 = a new, empty file) up to the current one. */
static void
test_migrate_from_every_version (void)
{
  for (int from = 0; from < IZP_STORE_SCHEMA_VERSION; from++)
    {
      g_autofree char *dir = make_temp_dir ();
      g_autofree char *path = g_build_filename (dir, "store.db", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(IzpStore) store = NULL;
      gint64 counts[IZP_N_COLLECTIONS];
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
      g_assert_true (izp_store_migrate (db, from, &error));
      g_assert_no_error (error);
      sqlite3_close (db);
      g_assert_cmpint (user_version (path), ==, from);

      store = izp_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (store);
      g_assert_true (izp_store_get_counts (store, counts, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
        g_assert_cmpint (counts[i], ==, 0);
      g_clear_object (&store);
      g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);

      /* Opening again is a no-op. */
      store = izp_store_open (path, &error);
      g_assert_no_error (error);
      g_clear_object (&store);
      remove_tree (dir);
    }
}

static char *
read_schema (sqlite3 *db)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_master "
                                       "ORDER BY rowid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s|%s|%s|%s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3) != NULL
                              ? (const char *) sqlite3_column_text (stmt, 3) : "");
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* Version 1 as it shipped: the dump was taken from the code of that
 * release, which built the tables from izp-schema. */
static void
test_version_1_as_shipped (void)
{
  g_autofree char *dump_path = g_test_build_filename (G_TEST_DIST, "core", "data",
                                                      "store-schema-v1.txt", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *schema = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (dump_path, &expected, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_true (izp_store_migrate (db, 1, &error));
  g_assert_no_error (error);
  schema = read_schema (db);
  g_assert_cmpstr (schema, ==, expected);
  sqlite3_close (db);
}

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The plan SQLite picks for @sql names @index. */
static void
assert_plan_uses (sqlite3    *db,
                  const char *sql,
                  const char *index)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_test_message ("%s\n%s", sql, plan->str);
  g_assert_nonnull (strstr (plan->str, index));
}

/* Nor does it name @step. */
static void
assert_plan_lacks (sqlite3    *db,
                   const char *sql,
                   const char *step)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_assert_null (strstr ((const char *) sqlite3_column_text (stmt, 3), step));
  sqlite3_finalize (stmt);
}

/* A version 1 file with rows in every table the app wrote then. */
static void
test_migrate_1_to_2_keeps_data (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *server = NULL;
  g_autofree char *schema = NULL;
  gint64 counts[IZP_N_COLLECTIONS];
  IzpOutboxEntry *entry;
  sqlite3 *db = NULL;
  const char *indexes[] = {
    "invoices_client_paid_on", "invoices_status_paid_on", "clients_activated_on",
    "leads_stage", "referral_links_archived_created_at",
  };

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (izp_store_migrate (db, 1, &error));
  g_assert_no_error (error);
  exec_ok (db,
           "INSERT INTO clients (id, updated_at, company, contact, employees, plan, mrr_cents, "
           "currency, status, white_label, activated_on, churned_on, usage_pct, nps, link_id, lead_id) "
           "VALUES ('cli_1', '2026-11-01T10:00:00Z', 'Boulangerie Martin SARL', "
           "'{\"first_name\":\"Marie\",\"last_name\":\"Martin\",\"email\":null,\"phone\":null}', "
           "12, 'pro', 14900, 'EUR', 'active', 0, '2026-01-14', NULL, 64, 9, NULL, NULL);"
           "INSERT INTO invoices VALUES ('inv_1', '2026-11-01T10:00:00Z', 'cli_1', 'own', NULL, NULL, "
           "'2026-02-01', '2026-02-28', 14900, 'EUR', 'paid', '2026-03-02');"
           "INSERT INTO leads (id, updated_at, first_name, last_name, stage, created_at) "
           "VALUES ('lead_1', '2026-11-01T10:00:00Z', 'Paul', 'Roux', 'new', '2026-10-01T09:00:00Z');"
           "INSERT INTO referral_links VALUES ('local_1', '2026-11-01T10:00:00Z', '', '', 'Flyer', "
           "'print', NULL, NULL, 0, '2026-11-01T10:00:00Z', "
           "'{\"clicks\":0,\"unique_visitors\":0,\"suspected_bots\":0,\"leads\":0,\"demos\":0,"
           "\"trials\":0,\"won\":0}');"
           "INSERT INTO outbox (kind, idempotency_key, body, local_id, created_at) VALUES "
           "('create_link', 'key-1', '{\"label\":\"Flyer\",\"channel\":\"print\"}', 'local_1', "
           "'2026-11-01T10:00:00Z');"
           "INSERT INTO outbox (kind, idempotency_key, body, local_id, created_at, attempts, last_error) "
           "VALUES ('create_link', 'key-2', '{\"label\":\"\",\"channel\":\"print\"}', NULL, "
           "'2026-11-01T10:00:00Z', 1, 'Le serveur a refusé la demande (label) : label is required');"
           "INSERT INTO documents VALUES ('partner', '{\"cabinet\":\"Cabinet Durand\"}', '\"p1\"');"
           "INSERT INTO sync_state (collection, updated_since) VALUES ('clients', '2026-11-01T10:00:00Z');"
           "INSERT INTO account (id, server, email) VALUES (1, 'http://127.0.0.1:1/v1', 'a@b.fr');");
  sqlite3_close (db);

  store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);

  g_assert_true (izp_store_get_counts (store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_CLIENTS], ==, 1);
  g_assert_cmpint (counts[IZP_COLLECTION_INVOICES], ==, 1);
  g_assert_cmpint (counts[IZP_COLLECTION_LEADS], ==, 1);
  g_assert_cmpint (counts[IZP_COLLECTION_REFERRAL_LINKS], ==, 1);
  dump = izp_store_dump_collection (store, IZP_COLLECTION_INVOICES, &error);
  g_assert_cmpstr (dump, ==,
                   "[{\"id\":\"inv_1\",\"updated_at\":\"2026-11-01T10:00:00Z\",\"client_id\":\"cli_1\","
                   "\"source\":\"own\",\"sub_partner_id\":null,\"client_activated_on\":null,"
                   "\"period_start\":\"2026-02-01\",\"period_end\":\"2026-02-28\",\"amount_cents\":14900,"
                   "\"currency\":\"EUR\",\"status\":\"paid\",\"paid_on\":\"2026-03-02\"}]");
  g_assert_true (izp_store_get_account (store, &server, NULL, NULL, &error));
  g_assert_cmpstr (server, ==, "http://127.0.0.1:1/v1");

  /* An entry version 1 had refused (it kept the reason) is refused now. */
  outbox = izp_store_list_outbox (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 2);
  entry = outbox->pdata[0];
  g_assert_cmpstr (entry->idempotency_key, ==, "key-1");
  g_assert_cmpint (entry->state, ==, IZP_OUTBOX_PENDING);
  g_assert_null (entry->message);
  entry = outbox->pdata[1];
  g_assert_cmpint (entry->state, ==, IZP_OUTBOX_REFUSED);
  g_assert_cmpstr (entry->message, ==, "Le serveur a refusé la demande (label) : label is required");
  g_assert_cmpint (entry->attempts, ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  schema = read_schema (db);
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *row = g_strdup_printf ("\nindex|%s|", indexes[i]);

      g_assert_nonnull (strstr (schema, row));
    }

  /* The typical reads of the pages use them. */
  assert_plan_uses (db, "SELECT id, amount_cents FROM invoices WHERE client_id = 'cli_1'",
                    "invoices_client_paid_on");
  /* The ledger's read: invoices in id order, with no sort (WITHOUT ROWID). */
  assert_plan_uses (db, "SELECT id, amount_cents FROM invoices ORDER BY id", "SCAN invoices");
  assert_plan_lacks (db, "SELECT id, amount_cents FROM invoices ORDER BY id", "TEMP B-TREE");
  assert_plan_uses (db, "SELECT id, amount_cents FROM invoices WHERE status = 'paid' "
                    "AND paid_on BETWEEN '2026-01-01' AND '2026-03-31'", "invoices_status_paid_on");
  assert_plan_uses (db, "SELECT id FROM clients WHERE activated_on >= '2026-01-01' "
                    "ORDER BY activated_on", "clients_activated_on");
  assert_plan_uses (db, "SELECT count(*) FROM leads WHERE stage = 'new'", "leads_stage");
  assert_plan_uses (db, "SELECT id, label FROM referral_links WHERE archived = 0 "
                    "ORDER BY created_at DESC", "referral_links_archived_created_at");
  sqlite3_close (db);
  remove_tree (dir);
}

static void
test_refuse_newer_version (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = izp_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
  /* Untouched. */
  g_assert_cmpint (user_version (path), ==, 99);
  remove_tree (dir);
}

static void
test_account_paths (void)
{
  g_autofree char *a = izp_store_account_path ("/d", "https://api.izyinbox.fr/v1", "a@b.fr");
  g_autofree char *b = izp_store_account_path ("/d", "https://api.izyinbox.fr/v1", "c@b.fr");
  g_autofree char *c = izp_store_account_path ("/d", "https://api.izyinbox.fr/v1", "a@b.fr");

  g_assert_true (g_str_has_prefix (a, "/d/accounts/"));
  g_assert_true (g_str_has_suffix (a, "/store.db"));
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, ==, c);
}

static const char *client_page_1 =
  "[{\"id\":\"cli_0001\",\"updated_at\":\"2026-11-01T10:00:00Z\",\"company\":\"Boulangerie Martin SARL\","
  "\"contact\":{\"first_name\":\"Marie\",\"last_name\":\"Martin\",\"email\":\"m@b.fr\",\"phone\":\"01\"},"
  "\"employees\":12,\"plan\":\"pro\",\"mrr_cents\":14900,\"currency\":\"EUR\",\"status\":\"active\","
  "\"white_label\":false,\"activated_on\":\"2026-01-14\",\"churned_on\":null,\"usage_pct\":64,\"nps\":9,"
  "\"link_id\":null,\"lead_id\":null},"
  "{\"id\":\"cli_0002\",\"updated_at\":\"2026-11-02T10:00:00Z\",\"company\":\"Garage\","
  "\"contact\":{\"first_name\":\"Paul\",\"last_name\":\"Roux\",\"email\":\"p@b.fr\",\"phone\":\"02\"},"
  "\"employees\":3,\"plan\":\"starter\",\"mrr_cents\":4900,\"currency\":\"EUR\",\"status\":\"trial\","
  "\"white_label\":false,\"activated_on\":null,\"churned_on\":null,\"usage_pct\":10,\"nps\":null,"
  "\"link_id\":null,\"lead_id\":null}]";

static void
test_pages_and_sync_state (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(JsonArray) page1 = NULL;
  g_autoptr(JsonArray) page2 = NULL;
  g_autofree char *dump = NULL;
  IzpSyncState state = { 0 };
  gint64 counts[IZP_N_COLLECTIONS];

  store = izp_store_open (path, &error);
  g_assert_no_error (error);

  page1 = parse_array (client_page_1);
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, page1, "cursor-2", "\"e1\"", &error));
  g_assert_no_error (error);

  /* In the middle of a run: the cursor, no updated_since yet. */
  g_assert_true (izp_store_get_sync_state (store, IZP_COLLECTION_CLIENTS, &state, &error));
  g_assert_cmpstr (state.cursor, ==, "cursor-2");
  g_assert_null (state.updated_since);
  g_assert_cmpstr (state.max_updated_at, ==, "2026-11-02T10:00:00Z");
  izp_sync_state_clear (&state);

  /* Last page: a tombstone; the collection completes. */
  page2 = parse_array ("[{\"id\":\"cli_0001\",\"deleted\":true,\"updated_at\":\"2026-11-03T08:00:00Z\"}]");
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, page2, NULL, "\"e2\"", &error));
  g_assert_no_error (error);
  g_assert_true (izp_store_get_sync_state (store, IZP_COLLECTION_CLIENTS, &state, &error));
  g_assert_null (state.cursor);
  g_assert_cmpstr (state.updated_since, ==, "2026-11-03T08:00:00Z");
  g_assert_cmpstr (state.etag, ==, "\"e2\"");
  g_assert_nonnull (state.completed_at);
  izp_sync_state_clear (&state);

  g_assert_true (izp_store_get_counts (store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_CLIENTS], ==, 1);

  dump = izp_store_dump_collection (store, IZP_COLLECTION_CLIENTS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (dump, "\"cli_0002\""));
  g_assert_null (strstr (dump, "\"cli_0001\""));

  /* A reset cursor keeps the last completed point. */
  g_assert_true (izp_store_reset_cursor (store, IZP_COLLECTION_CLIENTS, &error));
  g_assert_true (izp_store_get_sync_state (store, IZP_COLLECTION_CLIENTS, &state, &error));
  g_assert_cmpstr (state.updated_since, ==, "2026-11-03T08:00:00Z");
  izp_sync_state_clear (&state);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_account_and_documents (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = izp_store_account_path (dir, "http://127.0.0.1:1/v1", "a@b.fr");
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(JsonObject) doc = parse_object ("{\"quarter\":\"2026-Q4\",\"entries\":[],\"me\":{\"rank\":1,\"clients\":2}}");
  g_autofree char *server = NULL;
  g_autofree char *email = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *json = NULL;
  g_autofree char *etag = NULL;

  store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (izp_store_set_account (store, "http://127.0.0.1:1/v1", "a@b.fr", &error));
  g_assert_true (izp_store_get_account (store, &server, &email, &last_sync, &error));
  g_assert_cmpstr (server, ==, "http://127.0.0.1:1/v1");
  g_assert_cmpstr (email, ==, "a@b.fr");
  g_assert_null (last_sync);
  g_assert_true (izp_store_set_last_sync (store, "2026-11-27T10:00:00Z", &error));
  g_clear_pointer (&last_sync, g_free);
  g_assert_true (izp_store_get_account (store, NULL, NULL, &last_sync, &error));
  g_assert_cmpstr (last_sync, ==, "2026-11-27T10:00:00Z");

  g_assert_null (izp_store_get_document (store, "leaderboard", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (izp_store_put_document (store, "leaderboard", doc, "\"x\"", &error));
  json = izp_store_get_document (store, "leaderboard", &etag, &error);
  g_assert_cmpstr (json, ==, "{\"quarter\":\"2026-Q4\",\"entries\":[],\"me\":{\"rank\":1,\"clients\":2}}");
  g_assert_cmpstr (etag, ==, "\"x\"");

  accounts = izp_store_list_accounts (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accounts->len, ==, 1);
  g_assert_cmpstr (((IzpStoreAccount *) accounts->pdata[0])->email, ==, "a@b.fr");

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_outbox (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonObject) body = parse_object ("{\"label\":\"Boulangerie\",\"channel\":\"email\"}");
  g_autoptr(JsonObject) local = parse_object (
    "{\"id\":\"local_1\",\"updated_at\":\"2026-11-27T10:00:00Z\",\"code\":\"\",\"url\":\"\","
    "\"label\":\"Boulangerie\",\"channel\":\"email\",\"campaign\":null,\"archived\":false,"
    "\"created_at\":\"2026-11-27T10:00:00Z\",\"stats\":{\"clicks\":0,\"unique_visitors\":0,"
    "\"suspected_bots\":0,\"leads\":0,\"demos\":0,\"trials\":0,\"won\":0}}");
  g_autoptr(JsonObject) server = parse_object (
    "{\"id\":\"lnk_9999\",\"updated_at\":\"2026-11-27T10:00:01Z\",\"code\":\"k7Qx2p\",\"url\":\"https://x/?ref=k7Qx2p\","
    "\"label\":\"Boulangerie\",\"channel\":\"email\",\"campaign\":null,\"archived\":false,"
    "\"created_at\":\"2026-11-27T10:00:01Z\",\"stats\":{\"clicks\":0,\"unique_visitors\":0,"
    "\"suspected_bots\":0,\"leads\":0,\"demos\":0,\"trials\":0,\"won\":0}}");
  g_autofree char *key = NULL;
  g_autofree char *dump = NULL;
  gint64 counts[IZP_N_COLLECTIONS];

  store = izp_store_open (path, &error);
  g_assert_no_error (error);

  key = izp_store_queue_link (store, body, local, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_true (izp_store_get_counts (store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_REFERRAL_LINKS], ==, 1);

  entries = izp_store_list_outbox (store, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((IzpOutboxEntry *) entries->pdata[0])->idempotency_key, ==, key);
  g_assert_cmpstr (((IzpOutboxEntry *) entries->pdata[0])->local_id, ==, "local_1");

  g_assert_true (izp_store_complete_outbox (store, entries->pdata[0], server, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = izp_store_list_outbox (store, &error);
  g_assert_cmpuint (entries->len, ==, 0);

  dump = izp_store_dump_collection (store, IZP_COLLECTION_REFERRAL_LINKS, &error);
  g_assert_nonnull (strstr (dump, "lnk_9999"));
  g_assert_null (strstr (dump, "local_1"));
  g_assert_true (izp_store_get_counts (store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_REFERRAL_LINKS], ==, 1);

  g_clear_object (&store);
  remove_tree (dir);
}

static const char *partner_json =
  "{\"id\":\"prt_1\",\"cabinet\":\"Cabinet Durand & Associés\",\"currency\":\"EUR\",\"founder\":false,"
  "\"tier_history\":[{\"tier\":\"referent\",\"since\":\"2025-11-03\"},"
  "{\"tier\":\"strategique\",\"since\":\"2026-06-01\"}]}";

/* Two statements: one of two lines, one (issued) with none. */
static const char *statements_json =
  "[{\"id\":\"stm_2026_q2\",\"updated_at\":\"2026-07-01T10:00:00Z\",\"period\":\"2026-Q2\","
  "\"period_start\":\"2026-04-01\",\"period_end\":\"2026-06-30\",\"status\":\"paid\","
  "\"due_on\":\"2026-07-15\",\"paid_on\":\"2026-07-14\",\"currency\":\"EUR\",\"total_cents\":53725,"
  "\"lines\":[{\"kind\":\"recurring_y1\",\"ref\":\"inv_00003\",\"amount_cents\":3725},"
  "{\"kind\":\"tranche_bonus\",\"ref\":\"tranche-1\",\"amount_cents\":50000}]},"
  "{\"id\":\"stm_2026_q3\",\"updated_at\":\"2026-10-01T10:00:00Z\",\"period\":\"2026-Q3\","
  "\"period_start\":\"2026-07-01\",\"period_end\":\"2026-09-30\",\"status\":\"issued\","
  "\"due_on\":\"2026-10-15\",\"paid_on\":null,\"currency\":\"EUR\",\"total_cents\":0,\"lines\":[]}]";

/* @n paid invoices of 100.00 € for cli_0002, one a month from 2026-01. */
static JsonArray *
make_invoices (guint n)
{
  JsonArray *invoices = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"id\":\"inv_%05u\",\"updated_at\":\"2026-11-01T10:00:00Z\",\"client_id\":\"cli_0002\","
        "\"source\":\"own\",\"sub_partner_id\":null,\"client_activated_on\":null,"
        "\"period_start\":\"2026-%02u-01\",\"period_end\":\"2026-%02u-28\",\"amount_cents\":10000,"
        "\"currency\":\"EUR\",\"status\":\"paid\",\"paid_on\":\"2026-%02u-05\"}",
        i, i % 12 + 1, i % 12 + 1, i % 12 + 1);
      g_autoptr(JsonObject) invoice = parse_object (text);

      json_array_add_object_element (invoices, g_steal_pointer (&invoice));
    }
  return invoices;
}

static IzpStore *
open_filled_store (const char *path,
                   guint       n_invoices)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) clients = parse_array (client_page_1);
  g_autoptr(JsonArray) invoices = make_invoices (n_invoices);
  g_autoptr(JsonObject) partner = parse_object (partner_json);
  g_autoptr(JsonArray) statements = parse_array (statements_json);
  IzpStore *store = izp_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_STATEMENTS, statements, NULL, NULL, &error));
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, clients, NULL, NULL, &error));
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_INVOICES, invoices, NULL, NULL, &error));
  g_assert_true (izp_store_put_document (store, "partner", partner, NULL, &error));
  g_assert_true (izp_store_set_account (store, "http://127.0.0.1:1/v1", "a@b.fr", &error));
  g_assert_true (izp_store_set_last_sync (store, "2026-11-27T10:00:00Z", &error));
  g_assert_no_error (error);
  return store;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static void
test_typed_reads (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpStoreOverview) overview = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  GAsyncResult *slot = NULL;
  const IzpInvoiceFacts *invoice;
  const IzpStatementFacts *statement;

  izp_store_read_overview_async (store, TRUE, NULL, on_done, &slot);
  result = wait_result (&slot);
  overview = izp_store_read_overview_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->counts[IZP_COLLECTION_CLIENTS], ==, 2);
  g_assert_cmpint (overview->counts[IZP_COLLECTION_INVOICES], ==, 3);
  g_assert_cmpint (overview->counts[IZP_COLLECTION_LEADS], ==, 0);
  g_assert_cmpstr (overview->last_sync, ==, "2026-11-27T10:00:00Z");
  g_assert_cmpstr (overview->cabinet, ==, "Cabinet Durand & Associés");
  g_clear_object (&result);
  g_clear_pointer (&overview, izp_store_overview_free);

  /* What start-up reads: no walk through the tables. */
  overview = izp_store_read_overview (store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (overview->counts[IZP_COLLECTION_INVOICES], ==, 0);
  g_assert_cmpstr (overview->last_sync, ==, "2026-11-27T10:00:00Z");
  g_assert_cmpstr (overview->cabinet, ==, "Cabinet Durand & Associés");

  izp_store_read_commission_input_async (store, NULL, on_done, &slot);
  result = wait_result (&slot);
  input = izp_store_read_commission_input_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (input->input.terms.currency, ==, "EUR");
  g_assert_false (input->input.terms.founder);
  g_assert_cmpuint (input->input.terms.n_tier_history, ==, 2);
  g_assert_cmpint (input->input.terms.tier_history[1].tier, ==, IZP_TIER_STRATEGIQUE);
  g_assert_cmpuint (input->input.terms.tier_history[1].since, ==, izp_date_new (2026, 6, 1));
  g_assert_cmpuint (input->input.n_clients, ==, 2);
  g_assert_cmpstr (input->input.clients[0].id, ==, "cli_0001");
  g_assert_cmpstr (input->client_companies[0], ==, "Boulangerie Martin SARL");
  g_assert_cmpstr (input->client_companies[1], ==, "Garage");
  g_assert_cmpstr (input->cabinet, ==, "Cabinet Durand & Associés");
  g_assert_null (input->manager_name);
  g_assert_cmpuint (input->input.clients[0].activated_on, ==, izp_date_new (2026, 1, 14));
  g_assert_cmpuint (input->input.clients[1].activated_on, ==, IZP_DATE_NONE);
  g_assert_cmpuint (input->input.n_invoices, ==, 3);
  invoice = &input->input.invoices[2];
  g_assert_cmpstr (invoice->id, ==, "inv_00002");
  g_assert_cmpstr (invoice->client_id, ==, "cli_0002");
  g_assert_cmpint (invoice->source, ==, IZP_INVOICE_SOURCE_OWN);
  g_assert_null (invoice->sub_partner_id);
  g_assert_cmpuint (invoice->period_start, ==, izp_date_new (2026, 3, 1));
  g_assert_cmpint (invoice->amount_cents, ==, 10000);
  g_assert_cmpint (invoice->status, ==, IZP_INVOICE_STATUS_PAID);
  g_assert_cmpuint (invoice->paid_on, ==, izp_date_new (2026, 3, 5));
  g_assert_cmpuint (input->input.n_sub_partners, ==, 0);
  g_assert_cmpuint (input->input.n_campaigns, ==, 0);

  g_assert_cmpuint (input->input.n_statements, ==, 2);
  statement = &input->input.statements[0];
  g_assert_cmpstr (statement->id, ==, "stm_2026_q2");
  g_assert_cmpstr (statement->period, ==, "2026-Q2");
  g_assert_cmpint (statement->status, ==, IZP_STATEMENT_STATUS_PAID);
  g_assert_cmpint (statement->total_cents, ==, 53725);
  g_assert_cmpuint (statement->n_lines, ==, 2);
  g_assert_cmpint (statement->lines[0].kind, ==, IZP_LEDGER_KIND_RECURRING_Y1);
  g_assert_cmpstr (statement->lines[0].ref, ==, "inv_00003");
  g_assert_cmpint (statement->lines[0].amount_cents, ==, 3725);
  g_assert_cmpint (statement->lines[1].kind, ==, IZP_LEDGER_KIND_TRANCHE_BONUS);
  g_assert_cmpint (statement->lines[1].amount_cents, ==, 50000);
  statement = &input->input.statements[1];
  g_assert_cmpint (statement->status, ==, IZP_STATEMENT_STATUS_ISSUED);
  g_assert_cmpuint (statement->n_lines, ==, 0);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_query_cancelled (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 5000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  GAsyncResult *slot = NULL;

  /* Cancelled while reading: it stops between rows. */
  g_cancellable_cancel (cancellable);
  input = izp_store_read_commission_input (store, cancellable, &error);
  g_assert_null (input);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Cancelled once started, on a worker. */
  g_cancellable_reset (cancellable);
  izp_store_read_commission_input_async (store, cancellable, on_done, &slot);
  g_cancellable_cancel (cancellable);
  result = wait_result (&slot);
  input = izp_store_read_commission_input_finish (store, result, &error);
  g_assert_null (input);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  /* The store still answers. */
  izp_store_read_commission_input_async (store, NULL, on_done, &slot);
  result = wait_result (&slot);
  input = izp_store_read_commission_input_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (input->input.n_invoices, ==, 5000);

  g_clear_object (&store);
  remove_tree (dir);
}

typedef struct
{
  guint   pending;
  guint   opened;
  GError *error;
} Openers;

static void
on_store_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Openers *openers = user_data;
  g_autoptr(IzpStore) store = izp_store_open_finish (result, openers->error == NULL ? &openers->error : NULL);

  if (store != NULL)
    openers->opened++;
  openers->pending--;
}

/* Several openers of one old file at once (the app and the CLI): each
 * migration step runs once, every opener gets the migrated store. */
static void
test_open_async_concurrently (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  Openers openers = { 4, 0, NULL };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (izp_store_migrate (db, 1, &error));
  g_assert_no_error (error);
  sqlite3_close (db);

  for (guint i = 0; i < 4; i++)
    izp_store_open_async (path, NULL, on_store_opened, &openers);
  while (openers.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (openers.error);
  g_assert_cmpuint (openers.opened, ==, 4);
  g_assert_cmpint (user_version (path), ==, IZP_STORE_SCHEMA_VERSION);
  remove_tree (dir);
}

/* A value the contract does not allow, written behind the store's back. */
static void
test_damaged_row (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE invoices SET paid_on = '2026-02-30' WHERE id = 'inv_00001'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  input = izp_store_read_commission_input (store, NULL, &error);
  g_assert_null (input);
  g_assert_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "invoices inv_00001.paid_on"));

  g_clear_object (&store);
  remove_tree (dir);
}

/* Invoices come in id order (byte order) whatever the table's order,
 * ids longer than 16 bytes included. */
static void
test_invoices_in_id_order (void)
{
  static const char * const expected[] = {
    "A", "inv_000", "inv_00000", "inv_00001", "inv_00002", "inv_00002_long_id_a",
    "inv_00002_long_id_b", "z",
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  const char * const added[] = { "z", "inv_00002_long_id_b", "inv_000", "inv_00002_long_id_a", "A" };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (added); i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO invoices (id, updated_at, client_id, source, sub_partner_id, client_activated_on, "
        "period_start, period_end, amount_cents, currency, status, paid_on) "
        "SELECT '%s', updated_at, client_id, source, sub_partner_id, client_activated_on, period_start, "
        "period_end, amount_cents, currency, status, paid_on FROM invoices WHERE id = 'inv_00001'",
        added[i]);

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);

  input = izp_store_read_commission_input (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (input->input.n_invoices, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (input->input.invoices[i].id, ==, expected[i]);

  g_clear_object (&store);
  remove_tree (dir);
}

/* Statement lines stored in another form than the sync's (escapes, other
 * key order, spaces) read the same; a line of unknown kind is damaged. */
static void
test_statement_line_forms (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  const IzpStatementFacts *q2, *q3;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE statements SET lines = '[ {\"amount_cents\" : -7, \"ref\":\"a\", "
                                 "\"kind\":\"tranche_bonus\", \"note\": 1},"
                                 "{\"kind\":\"recurring_y1\",\"ref\":\"inv\\u005f9\",\"amount_cents\":12}]' "
                                 "WHERE id = 'stm_2026_q2';"
                                 "UPDATE statements SET lines = '[{\"kind\":\"recurring_y1\",\"ref\":\"b\","
                                 "\"amount_cents\":0}]' WHERE id = 'stm_2026_q3'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  input = izp_store_read_commission_input (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (input->input.n_statements, ==, 2);
  q2 = &input->input.statements[0];
  q3 = &input->input.statements[1];
  g_assert_cmpstr (q2->id, ==, "stm_2026_q2");
  g_assert_cmpuint (q2->n_lines, ==, 2);
  g_assert_cmpint (q2->lines[0].kind, ==, IZP_LEDGER_KIND_TRANCHE_BONUS);
  g_assert_cmpstr (q2->lines[0].ref, ==, "a");
  g_assert_cmpint (q2->lines[0].amount_cents, ==, -7);
  g_assert_cmpint (q2->lines[1].kind, ==, IZP_LEDGER_KIND_RECURRING_Y1);
  g_assert_cmpstr (q2->lines[1].ref, ==, "inv_9");
  g_assert_cmpint (q2->lines[1].amount_cents, ==, 12);
  g_assert_cmpuint (q3->n_lines, ==, 1);
  g_assert_cmpstr (q3->lines[0].ref, ==, "b");
  g_assert_cmpint (q3->lines[0].amount_cents, ==, 0);
  g_clear_pointer (&input, izp_store_commission_input_free);

  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE statements SET lines = '[{\"kind\":\"gift\",\"ref\":\"b\","
                                 "\"amount_cents\":1}]' WHERE id = 'stm_2026_q3'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  input = izp_store_read_commission_input (store, NULL, &error);
  g_assert_null (input);
  g_assert_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "statements stm_2026_q3.line_kind"));

  g_clear_object (&store);
  remove_tree (dir);
}

typedef struct
{
  IzpStore *store;
  gint      stop;
} Toggler;

/* Writes the Q3 statement paid, then issued, then paid…: one generation of
 * the inputs each time. */
static gpointer
toggle_statement (gpointer data)
{
  Toggler *toggler = data;
  gboolean paid = TRUE;

  while (!g_atomic_int_get (&toggler->stop))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf ("[{\"id\":\"stm_2026_q3\",\"updated_at\":\"2026-10-01T10:00:00Z\","
                                               "\"period\":\"2026-Q3\",\"period_start\":\"2026-07-01\","
                                               "\"period_end\":\"2026-09-30\",\"status\":\"%s\","
                                               "\"due_on\":\"2026-10-15\",\"paid_on\":null,\"currency\":\"EUR\","
                                               "\"total_cents\":0,\"lines\":[]}]", paid ? "paid" : "issued");
      g_autoptr(JsonArray) page = parse_array (json);

      g_assert_true (izp_store_write_page (toggler->store, IZP_COLLECTION_STATEMENTS, page, NULL, NULL, &error));
      g_assert_no_error (error);
      paid = !paid;
    }
  return NULL;
}

/* The statements are read on a connection of their own beside the
 * invoices: whatever a sync writes meanwhile, what a read gives is one
 * snapshot — the statement's state always that of the generation read. */
static void
test_commission_input_one_snapshot (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(IzpStore) store = open_filled_store (path, 2000);
  Toggler toggler = { store, 0 };
  GThread *writer;
  guint paid_seen = 0, issued_seen = 0;

  /* Generation 5 now (migration, three pages, the partner): Q3 issued;
   * each toggle adds one, so an even generation has it paid. */
  writer = g_thread_new ("toggler", toggle_statement, &toggler);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IzpStoreCommissionInput) input = izp_store_read_commission_input (store, NULL, &error);
      const IzpStatementFacts *q3;

      g_assert_no_error (error);
      g_assert_cmpuint (input->input.n_statements, ==, 2);
      g_assert_cmpuint (input->input.n_invoices, ==, 2000);
      q3 = &input->input.statements[1];
      g_assert_cmpstr (q3->period, ==, "2026-Q3");
      g_assert_cmpint (q3->status == IZP_STATEMENT_STATUS_PAID, ==, input->generation % 2 == 0);
      if (q3->status == IZP_STATEMENT_STATUS_PAID)
        paid_seen++;
      else
        issued_seen++;
    }
  g_atomic_int_set (&toggler.stop, 1);
  g_thread_join (writer);
  g_test_message ("Q3 seen paid %u times, issued %u times", paid_seen, issued_seen);

  g_clear_object (&store);
  remove_tree (dir);
}

/* The store's commission summary, read as the dashboard reads it. */
static gboolean
summary_stands (IzpStore *store,
                GArray  **out_days,
                GArray  **out_batches)
{
  sqlite3 *db = izp_store_acquire_reader (store);
  g_autoptr(GError) error = NULL;
  gboolean ok = izp_store_read_commission_summary (db, izp_date_new (2026, 3, 20), out_days, out_batches, &error);

  izp_store_release_reader (store);
  g_assert_no_error (error);
  g_assert_true (ok);
  return *out_days != NULL;
}

static void
put_summary (IzpStore *store,
             gint64    generation,
             GArray   *days,
             GArray   *batches)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (izp_store_put_commission_summary (store, generation, days, batches, &error));
  g_assert_no_error (error);
}

/* Written for the inputs' generation it was computed from; every write to
 * an input (not a lead, not the same partner again) makes it stale, and a
 * computation that read the inputs before that writes nothing. */
static void
test_commission_summary (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (IzpLedgerDay));
  g_autoptr(GArray) batches = g_array_new (FALSE, TRUE, sizeof (IzpPayoutBatch));
  g_autoptr(GArray) read_days = NULL;
  g_autoptr(GArray) read_batches = NULL;
  g_autoptr(JsonArray) clients = parse_array (client_page_1);
  g_autoptr(JsonArray) leads = parse_array ("[{\"id\":\"lea_1\",\"updated_at\":\"2026-11-02T10:00:00Z\","
                                            "\"first_name\":\"Paul\",\"last_name\":\"Roux\","
                                            "\"stage\":\"new\",\"created_at\":\"2026-11-01T09:00:00Z\"}]");
  g_autoptr(JsonObject) partner = json_object_new ();
  IzpLedgerDay day1 = { izp_date_new (2026, 1, 5), 1200 };
  IzpLedgerDay day2 = { izp_date_new (2026, 2, 1), -300 };
  IzpPayoutBatch paid = { { "2026-01", TRUE, 0, 0, 0 }, 1200, 1, IZP_PAYOUT_STATE_PAID };
  IzpPayoutBatch unpaid = { { "2026-02", TRUE, 0, 0, 0 }, -300, 1, IZP_PAYOUT_STATE_DUE };

  paid.period.period_start = izp_date_new (2026, 1, 1);
  paid.period.period_end = izp_date_new (2026, 1, 31);
  paid.period.due_on = izp_date_new (2026, 2, 15);
  unpaid.period.period_start = izp_date_new (2026, 2, 1);
  unpaid.period.period_end = izp_date_new (2026, 2, 28);
  unpaid.period.due_on = izp_date_new (2026, 3, 15);
  g_array_append_val (days, day1);
  g_array_append_val (days, day2);
  g_array_append_val (batches, paid);
  g_array_append_val (batches, unpaid);
  json_object_set_string_member (partner, "cabinet", "Cabinet Durand");

  store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (summary_stands (store, &read_days, &read_batches));
  g_assert_null (read_batches);

  /* A new store is at generation 1. */
  put_summary (store, 1, days, batches);
  g_assert_true (summary_stands (store, &read_days, &read_batches));
  g_assert_cmpuint (read_days->len, ==, 2);
  g_assert_cmpuint (g_array_index (read_days, IzpLedgerDay, 0).day, ==, izp_date_new (2026, 1, 5));
  g_assert_cmpint (g_array_index (read_days, IzpLedgerDay, 0).amount_cents, ==, 1200);
  g_assert_cmpint (g_array_index (read_days, IzpLedgerDay, 1).amount_cents, ==, -300);
  /* Their state on 2026-03-20: paid; the other due 03-15, so late. */
  g_assert_cmpuint (read_batches->len, ==, 2);
  g_assert_cmpstr (g_array_index (read_batches, IzpPayoutBatch, 0).period.key, ==, "2026-01");
  g_assert_cmpint (g_array_index (read_batches, IzpPayoutBatch, 0).state, ==, IZP_PAYOUT_STATE_PAID);
  g_assert_cmpint (g_array_index (read_batches, IzpPayoutBatch, 1).state, ==, IZP_PAYOUT_STATE_LATE);
  g_assert_cmpuint (g_array_index (read_batches, IzpPayoutBatch, 1).period.due_on, ==, izp_date_new (2026, 3, 15));
  g_assert_cmpint (g_array_index (read_batches, IzpPayoutBatch, 1).total_cents, ==, -300);
  g_clear_pointer (&read_days, g_array_unref);
  g_clear_pointer (&read_batches, g_array_unref);

  /* Leads are no input. */
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_LEADS, leads, NULL, NULL, &error));
  g_assert_true (summary_stands (store, &read_days, &read_batches));
  g_clear_pointer (&read_days, g_array_unref);
  g_clear_pointer (&read_batches, g_array_unref);

  /* The partner: a change counts (generation 2), the same text again not. */
  g_assert_true (izp_store_put_document (store, "partner", partner, NULL, &error));
  g_assert_false (summary_stands (store, &read_days, &read_batches));
  put_summary (store, 2, days, batches);
  g_assert_true (izp_store_put_document (store, "partner", partner, NULL, &error));
  g_assert_true (summary_stands (store, &read_days, &read_batches));
  g_clear_pointer (&read_days, g_array_unref);
  g_clear_pointer (&read_batches, g_array_unref);

  /* Clients are (generation 3): a computation from generation 2 that ends
   * after the sync writes nothing; one from generation 3 does. */
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_CLIENTS, clients, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (summary_stands (store, &read_days, &read_batches));
  put_summary (store, 2, days, batches);
  g_assert_false (summary_stands (store, &read_days, &read_batches));
  g_array_set_size (days, 1);
  put_summary (store, 3, days, batches);
  g_assert_true (summary_stands (store, &read_days, &read_batches));
  g_assert_cmpuint (read_days->len, ==, 1);

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/migrate-from-every-version", test_migrate_from_every_version);
  g_test_add_func ("/store/version-1-as-shipped", test_version_1_as_shipped);
  g_test_add_func ("/store/migrate-1-to-2-keeps-data", test_migrate_1_to_2_keeps_data);
  g_test_add_func ("/store/refuse-newer-version", test_refuse_newer_version);
  g_test_add_func ("/store/account-paths", test_account_paths);
  g_test_add_func ("/store/pages-and-sync-state", test_pages_and_sync_state);
  g_test_add_func ("/store/account-and-documents", test_account_and_documents);
  g_test_add_func ("/store/outbox", test_outbox);
  g_test_add_func ("/store/statement-line-forms", test_statement_line_forms);
  g_test_add_func ("/store/invoices-in-id-order", test_invoices_in_id_order);
  g_test_add_func ("/store/typed-reads", test_typed_reads);
  g_test_add_func ("/store/query-cancelled", test_query_cancelled);
  g_test_add_func ("/store/damaged-row", test_damaged_row);
  g_test_add_func ("/store/open-async-concurrently", test_open_async_concurrently);
  g_test_add_func ("/store/commission-summary", test_commission_summary);
  g_test_add_func ("/store/commission-input-one-snapshot", test_commission_input_one_snapshot);

  return g_test_run ();
}
