/* test-dataset.c — dataset files: validation with JSON paths, loading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "izp-dataset.h"
#include "izp-json.h"
#include "izp-record-table.h"
#include "izp-schema.h"

static sqlite3 *
open_memory_db (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  return db;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
dataset_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "sandbox", "datasets", name, NULL);
}

static JsonNode *
read_json_file (const char *filename)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;
  JsonNode *root;

  g_assert_true (g_file_get_contents (filename, &text, &length, &error));
  root = izp_json_parse_bounded (text, length, IZP_DATASET_MAX_BYTES, IZP_DATASET_MAX_DEPTH, &error);
  g_assert_no_error (error);
  return root;
}

/* Every item of @root's collections comes back from the database as the same
 * JSON, and nothing else is in the tables. */
static void
assert_database_matches (sqlite3  *db,
                         JsonNode *root)
{
  JsonObject *object = json_node_get_object (root);
  guint i;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      JsonArray *items = json_object_has_member (object, collection->name)
                         ? json_object_get_array_member (object, collection->name) : NULL;
      guint n = items != NULL ? json_array_get_length (items) : 0;
      g_autofree char *count_sql = g_strdup_printf ("SELECT COUNT(*) FROM \"%s\"", collection->name);
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE id = ?",
                                              izp_record_table_select_columns (collection, IZP_RECORD_TABLE_TOMBSTONES),
                                              collection->name);
      sqlite3_stmt *stmt = NULL;
      guint j;

      g_assert_cmpint (query_int (db, count_sql), ==, n);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      for (j = 0; j < n; j++)
        {
          JsonObject *item = json_array_get_object_element (items, j);
          g_autoptr(GString) out = g_string_new (NULL);
          g_autoptr(JsonNode) back = NULL;
          g_autoptr(JsonNode) expected = json_node_init_object (json_node_alloc (), item);
          g_autoptr(GError) error = NULL;

          sqlite3_bind_text (stmt, 1, json_object_get_string_member (item, "id"), -1, SQLITE_TRANSIENT);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          izp_record_table_append_json (collection, stmt, 0, out);
          sqlite3_reset (stmt);

          back = izp_json_parse_bounded (out->str, out->len, G_MAXSIZE, 64, &error);
          g_assert_no_error (error);
          if (!json_node_equal (back, expected))
            {
              g_autofree char *expected_text = izp_json_to_string (expected);

              g_error ("%s: %s\n!= %s", collection->name, out->str, expected_text);
            }
        }
      sqlite3_finalize (stmt);
    }
}

static void
test_load_vector (void)
{
  g_autofree char *filename = dataset_path ("commission-scenario-7.json");
  g_autoptr(JsonNode) root = read_json_file (filename);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_memory_db ();
  gint64 start = g_get_monotonic_time ();

  g_assert_true (izp_dataset_load_file (db, filename, &error));
  g_assert_no_error (error);
  g_test_message ("vector loaded in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM clients"), ==, 61);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM invoices"), ==, 993);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM invoices WHERE deleted = 0 AND seq > 0"), ==, 993);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM users"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM documents WHERE name IN ('partner', 'leaderboard')"), ==, 2);
  /* Anomalies of the scenario stay in the data. */
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM invoices WHERE client_id = 'cli_unknown'"), ==, 1);
  assert_database_matches (db, root);

  sqlite3_close (db);
}

static void
test_load_minimal (void)
{
  g_autofree char *filename = dataset_path ("minimal.json");
  g_autoptr(JsonNode) root = read_json_file (filename);
  g_autoptr(JsonNode) partner = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_memory_db ();
  sqlite3_stmt *stmt = NULL;
  const char *json;

  g_assert_true (izp_dataset_validate (root, &error));
  g_assert_no_error (error);
  g_assert_true (izp_dataset_load_file (db, filename, &error));
  g_assert_no_error (error);
  assert_database_matches (db, root);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json FROM documents WHERE name = 'partner'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  json = (const char *) sqlite3_column_text (stmt, 0);
  partner = izp_json_parse_bounded (json, strlen (json), G_MAXSIZE, 64, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (partner, json_object_get_member (json_node_get_object (root), "partner")));
  sqlite3_finalize (stmt);

  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM users WHERE email = 'demo@exemple.fr' "
                                  "AND password = 'Mot-de-passe!'"), ==, 1);
  sqlite3_close (db);
}

typedef struct
{
  const char *file;
  GQuark      domain;
  int         code;
  const char *message;   /* after "Dataset <file>: " */
} BrokenCase;

static void
test_broken (void)
{
  const BrokenCase cases[] = {
    { "broken-amount-double.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.invoices[1].amount_cents: an amount in integer cents is expected" },
    { "broken-amount-string.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.invoices[0].amount_cents: an amount in integer cents is expected" },
    { "broken-missing-company.json", IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING,
      "$.clients[1].company: this member is missing" },
    { "broken-unknown-link.json", IZP_JSON_ERROR, IZP_JSON_ERROR_REFERENCE,
      "$.leads[0].link_id: unknown referral_link “lnk_9999”" },
    { "broken-unknown-lead.json", IZP_JSON_ERROR, IZP_JSON_ERROR_REFERENCE,
      "$.clients[0].lead_id: unknown lead “lea_404”" },
    { "broken-lead-unknown-client.json", IZP_JSON_ERROR, IZP_JSON_ERROR_REFERENCE,
      "$.leads[0].client_id: unknown client “cli_9999”" },
    { "broken-duplicate-id.json", IZP_DATASET_ERROR, IZP_DATASET_ERROR_DUPLICATE,
      "$.clients[1].id: another client has the id “cli_0001”" },
    { "broken-bad-date.json", IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
      "$.campaigns[0].ends_on: a date YYYY-MM-DD is expected" },
    { "broken-bad-instant.json", IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
      "$.referral_links[0].updated_at: an instant such as 2026-11-27T09:30:00Z is expected" },
    { "broken-no-users.json", IZP_DATASET_ERROR, IZP_DATASET_ERROR_NO_USER,
      "$.users: at least one user is needed to sign in" },
    { "broken-duplicate-email.json", IZP_DATASET_ERROR, IZP_DATASET_ERROR_DUPLICATE,
      "$.users[1].email: another user has the e-mail “demo@exemple.fr”" },
    { "broken-missing-partner.json", IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING,
      "$.partner: this member is missing" },
    { "broken-unknown-key.json", IZP_DATASET_ERROR, IZP_DATASET_ERROR_UNKNOWN_KEY,
      "$.client: this key is not part of a dataset" },
    { "broken-collection-not-array.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.sub_partners: an array is expected" },
    { "broken-partner-tier.json", IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
      "$.partner.tier_history[1].tier: “gold” is not one of referent, certifie, strategique" },
    { "broken-statement-line.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.statements[0].lines[0].amount_cents: an amount in integer cents is expected" },
    { "broken-control-char.json", IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
      "$.templates[0].title: the text holds control characters or invalid UTF-8" },
    { "broken-null-plan.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.clients[0].plan: a value is expected, not null" },
    { "broken-contact-type.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$.clients[1].contact.first_name: a string is expected" },
    { "broken-root-array.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
      "$: an object is expected" },
    { "broken-deep.json", IZP_JSON_ERROR, IZP_JSON_ERROR_TOO_DEEP,
      "The JSON document is nested more than 64 levels deep" },
    { "broken-not-json.json", IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX, NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *filename = dataset_path (cases[i].file);
      g_autofree char *prefix = g_strdup_printf ("Dataset %s: ", filename);
      g_autoptr(GError) error = NULL;
      sqlite3 *db = open_memory_db ();

      g_test_message ("%s", cases[i].file);
      g_assert_false (izp_dataset_load_file (db, filename, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message + strlen (prefix), ==, cases[i].message);

      /* Nothing was written: the layout itself is not there. */
      g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM sqlite_master"), ==, 0);
      sqlite3_close (db);
    }
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_memory_db ();

  g_assert_false (izp_dataset_load_file (db, "/nonexistent/dataset.json", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  sqlite3_close (db);
}

static void
test_empty_and_caps (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_memory_db ();
  GString *deep = g_string_new ("{\"users\": ");
  guint i;

  g_assert_false (izp_dataset_load_data (db, "", 0, "vide.json", &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "Dataset vide.json: "));
  g_clear_error (&error);

  for (i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_assert_false (izp_dataset_load_data (db, deep->str, deep->len, "deep.json", &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TOO_DEEP);
  g_string_free (deep, TRUE);
  sqlite3_close (db);
}

static void
test_writer (void)
{
  g_autofree char *filename = dataset_path ("minimal.json");
  g_autoptr(JsonNode) root = read_json_file (filename);
  JsonObject *object = json_node_get_object (root);
  g_autoptr(IzpDatasetWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_memory_db ();

  /* Not committed: rolled back. */
  writer = izp_dataset_writer_new (db, &error);
  g_assert_no_error (error);
  g_assert_true (izp_dataset_writer_add (writer, "clients",
                                         json_array_get_object_element (json_object_get_array_member (object, "clients"), 0),
                                         &error));
  g_assert_no_error (error);
  g_assert_false (izp_dataset_writer_add (writer, "client", object, &error));
  g_assert_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);
  g_clear_pointer (&writer, izp_dataset_writer_free);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'clients'"), ==, 0);

  /* Committed. */
  writer = izp_dataset_writer_new (db, &error);
  g_assert_no_error (error);
  g_assert_true (izp_dataset_writer_add (writer, "partner", json_object_get_object_member (object, "partner"), &error));
  g_assert_true (izp_dataset_writer_add (writer, "users",
                                         json_array_get_object_element (json_object_get_array_member (object, "users"), 0),
                                         &error));
  g_assert_true (izp_dataset_writer_add (writer, "templates",
                                         json_array_get_object_element (json_object_get_array_member (object, "templates"), 0),
                                         &error));
  g_assert_no_error (error);
  g_assert_true (izp_dataset_writer_commit (writer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&writer, izp_dataset_writer_free);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM templates"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM users"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM documents"), ==, 1);

  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/load/vector", test_load_vector);
  g_test_add_func ("/dataset/load/minimal", test_load_minimal);
  g_test_add_func ("/dataset/broken", test_broken);
  g_test_add_func ("/dataset/missing-file", test_missing_file);
  g_test_add_func ("/dataset/empty-and-caps", test_empty_and_caps);
  g_test_add_func ("/dataset/writer", test_writer);

  return g_test_run ();
}
