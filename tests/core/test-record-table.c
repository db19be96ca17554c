/* test-record-table.c — items to rows and back, tombstones, speed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "izp-date.h"
#include "izp-json.h"
#include "izp-record-table.h"
#include "sample-items.h"

static sqlite3 *
open_memory_db (void)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  return db;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = izp_json_parse_bounded (text, strlen (text), IZP_JSON_MAX_BODY_BYTES,
                                           IZP_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  return node;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* SELECT @columns FROM the collection's table, each row as JSON, joined by
 * newlines; @where is appended as is. */
static char *
read_rows (sqlite3             *db,
           const IzpCollection *collection,
           const char          *columns,
           const char          *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" %s ORDER BY \"updated_at\", \"id\"",
                                          columns, collection->name, where ? where : "");
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 0)
        g_string_append_c (out, '\n');
      izp_record_table_append_json (collection, stmt, 0, out);
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static void
round_trip (IzpRecordTableFlags flags)
{
  sqlite3 *db = open_memory_db ();
  guint i;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      g_autoptr(JsonNode) item = parse (sample_items[i]);
      g_autoptr(IzpRecordWriter) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) back = NULL;
      g_autofree char *json = NULL;

      g_assert_true (izp_schema_validate (collection->fields, json_node_get_object (item), "$", &error));
      g_assert_no_error (error);

      g_assert_true (izp_record_table_create (db, collection, flags, &error));
      g_assert_no_error (error);
      /* Twice is fine. */
      g_assert_true (izp_record_table_create (db, collection, flags, &error));
      g_assert_no_error (error);

      writer = izp_record_writer_new (db, collection, flags, &error);
      g_assert_no_error (error);
      g_assert_true (izp_record_writer_put (writer, json_node_get_object (item), &error));
      g_assert_no_error (error);

      json = read_rows (db, collection, izp_record_table_select_columns (collection, flags), NULL);
      /* The samples are compact and in schema order: the text comes back. */
      g_assert_cmpstr (json, ==, sample_items[i]);
      back = parse (json);
      g_assert_true (json_node_equal (back, item));
    }

  sqlite3_close (db);
}

static void
test_round_trip_default (void)
{
  round_trip (IZP_RECORD_TABLE_DEFAULT);
}

static void
test_round_trip_tombstones (void)
{
  round_trip (IZP_RECORD_TABLE_TOMBSTONES);
}

static void
test_columns_and_types (void)
{
  const IzpCollection *clients = izp_schema_get_collection (IZP_COLLECTION_CLIENTS);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(JsonNode) item = parse (sample_items[IZP_COLLECTION_CLIENTS]);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpstr (izp_record_table_columns (clients), ==,
                   "\"id\", \"updated_at\", \"company\", \"contact\", \"employees\", \"plan\", "
                   "\"mrr_cents\", \"currency\", \"status\", \"white_label\", \"activated_on\", "
                   "\"churned_on\", \"usage_pct\", \"nps\", \"link_id\", \"lead_id\"");
  g_assert_cmpstr (izp_record_table_select_columns (clients, IZP_RECORD_TABLE_DEFAULT), ==,
                   izp_record_table_columns (clients));
  g_assert_true (g_str_has_suffix (izp_record_table_select_columns (clients, IZP_RECORD_TABLE_TOMBSTONES),
                                   ", \"lead_id\", \"deleted\""));

  g_assert_true (izp_record_table_create (db, clients, IZP_RECORD_TABLE_DEFAULT, &error));
  writer = izp_record_writer_new (db, clients, IZP_RECORD_TABLE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (izp_record_writer_put (writer, json_node_get_object (item), &error));

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT typeof(employees), white_label, typeof(white_label), "
                                       "contact, typeof(nps), typeof(churned_on), mrr_cents FROM clients",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "integer");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "integer");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==,
                   "{\"first_name\":\"Marie\",\"last_name\":\"Martin\",\"email\":\"marie@exemple.fr\",\"phone\":null}");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, "integer");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "null");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 6), ==, 14900);
  sqlite3_finalize (stmt);

  /* The index the sync and the server page with. */
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_master WHERE type = 'index' "
                                       "AND name = 'clients_updated_at_id'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sqlite3_finalize (stmt);

  g_clear_pointer (&writer, izp_record_writer_free);
  sqlite3_close (db);
}

static void
test_optional_and_escapes (void)
{
  const IzpCollection *links = izp_schema_get_collection (IZP_COLLECTION_REFERRAL_LINKS);
  const IzpCollection *templates = izp_schema_get_collection (IZP_COLLECTION_TEMPLATES);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(IzpRecordWriter) template_writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (sample_items[IZP_COLLECTION_REFERRAL_LINKS]);
  g_autoptr(JsonNode) item = NULL;
  g_autoptr(JsonNode) template = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *template_json = NULL;
  JsonObject *object;

  /* No prospect: the member stays absent, it does not become null. */
  g_string_replace (text, "\"prospect\":{\"first_name\":\"Marie\",\"last_name\":null,"
                    "\"company\":\"Boulangerie Martin\",\"email\":\"marie@exemple.fr\"},", "", 1);
  item = parse (text->str);
  g_assert_true (izp_schema_validate (links->fields, json_node_get_object (item), "$", &error));
  g_assert_true (izp_record_table_create (db, links, IZP_RECORD_TABLE_DEFAULT, &error));
  writer = izp_record_writer_new (db, links, IZP_RECORD_TABLE_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (izp_record_writer_put (writer, json_node_get_object (item), &error));
  json = read_rows (db, links, izp_record_table_columns (links), NULL);
  g_assert_cmpstr (json, ==, text->str);

  /* Every character that JSON must escape survives. */
  template = parse (sample_items[IZP_COLLECTION_TEMPLATES]);
  object = json_node_get_object (template);
  json_object_set_string_member (object, "body", "a\"b\\c\nd\te\x01\x1f/é€\xf0\x9f\x98\x80");
  g_assert_true (izp_record_table_create (db, templates, IZP_RECORD_TABLE_DEFAULT, &error));
  template_writer = izp_record_writer_new (db, templates, IZP_RECORD_TABLE_DEFAULT, &error);
  g_assert_true (izp_record_writer_put (template_writer, object, &error));
  g_assert_no_error (error);
  template_json = read_rows (db, templates, izp_record_table_columns (templates), NULL);
  g_assert_nonnull (strstr (template_json, "\"body\":\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f/é€\xf0\x9f\x98\x80\""));
  back = parse (template_json);
  g_assert_true (json_node_equal (back, template));

  g_clear_pointer (&writer, izp_record_writer_free);
  g_clear_pointer (&template_writer, izp_record_writer_free);
  sqlite3_close (db);
}

static void
test_wrong_type_refused (void)
{
  const IzpCollection *invoices = izp_schema_get_collection (IZP_COLLECTION_INVOICES);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) item = parse (sample_items[IZP_COLLECTION_INVOICES]);
  g_autofree char *json = NULL;

  g_assert_true (izp_record_table_create (db, invoices, IZP_RECORD_TABLE_DEFAULT, &error));
  writer = izp_record_writer_new (db, invoices, IZP_RECORD_TABLE_DEFAULT, &error);
  json_object_set_double_member (json_node_get_object (item), "amount_cents", 149.5);
  g_assert_false (izp_record_writer_put (writer, json_node_get_object (item), &error));
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_INVALID);
  g_clear_error (&error);

  /* The failed put left no half-bound statement behind. */
  json_object_set_int_member (json_node_get_object (item), "amount_cents", 100);
  g_assert_true (izp_record_writer_put (writer, json_node_get_object (item), &error));
  g_assert_no_error (error);
  json = read_rows (db, invoices, izp_record_table_columns (invoices), NULL);
  g_assert_nonnull (strstr (json, "\"amount_cents\":100,"));
  g_assert_nonnull (strstr (json, "\"paid_on\":null}"));

  g_clear_pointer (&writer, izp_record_writer_free);
  sqlite3_close (db);
}

static void
put_client (IzpRecordWriter *writer,
            const char      *id,
            const char      *updated_at)
{
  g_autoptr(JsonNode) item = parse (sample_items[IZP_COLLECTION_CLIENTS]);
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (json_node_get_object (item), "id", id);
  json_object_set_string_member (json_node_get_object (item), "updated_at", updated_at);
  g_assert_true (izp_record_writer_put (writer, json_node_get_object (item), &error));
  g_assert_no_error (error);
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

static void
test_tombstones (void)
{
  const IzpCollection *clients = izp_schema_get_collection (IZP_COLLECTION_CLIENTS);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(IzpRecordWriter) writer2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *deleted_json = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *tombstone;

  g_assert_true (izp_record_table_create (db, clients, IZP_RECORD_TABLE_TOMBSTONES, &error));
  writer = izp_record_writer_new (db, clients, IZP_RECORD_TABLE_TOMBSTONES, &error);
  g_assert_no_error (error);
  put_client (writer, "cli_a", "2020-01-01T00:00:00Z");
  put_client (writer, "cli_b", "2020-01-02T00:00:00Z");
  put_client (writer, "cli_c", "2020-01-03T00:00:00Z");
  g_assert_true (izp_record_writer_delete (writer, "cli_b", &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM clients"), ==, 3);
  g_assert_cmpint (query_int (db, "SELECT deleted FROM clients WHERE id = 'cli_b'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT deleted FROM clients WHERE id = 'cli_a'"), ==, 0);
  g_assert_cmpint (query_int (db, "SELECT company IS NULL AND contact IS NULL AND mrr_cents IS NULL "
                                  "FROM clients WHERE id = 'cli_b'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT seq FROM clients WHERE id = 'cli_a'"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT seq FROM clients WHERE id = 'cli_b'"), ==, 4);

  /* The tombstone sorts last: its updated_at is now. */
  lines = g_strsplit (deleted_json = read_rows (db, clients,
                                                izp_record_table_select_columns (clients, IZP_RECORD_TABLE_TOMBSTONES),
                                                NULL), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "{\"id\":\"cli_a\",\"updated_at\":\"2020-01-01T00:00:00Z\",\"company\""));
  g_assert_true (g_str_has_prefix (lines[2], "{\"id\":\"cli_b\",\"deleted\":true,\"updated_at\":\""));
  node = parse (lines[2]);
  tombstone = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (tombstone), ==, 3);
  g_assert_true (izp_schema_is_tombstone (tombstone));
  g_assert_true (izp_instant_is_valid (json_object_get_string_member (tombstone, "updated_at")));

  /* A new writer continues the sequence; a put revives a tombstone. */
  writer2 = izp_record_writer_new (db, clients, IZP_RECORD_TABLE_TOMBSTONES, &error);
  g_assert_no_error (error);
  put_client (writer2, "cli_b", "2030-01-01T00:00:00Z");
  g_assert_cmpint (query_int (db, "SELECT seq FROM clients WHERE id = 'cli_b'"), ==, 5);
  g_assert_cmpint (query_int (db, "SELECT deleted FROM clients WHERE id = 'cli_b'"), ==, 0);

  g_clear_pointer (&writer, izp_record_writer_free);
  g_clear_pointer (&writer2, izp_record_writer_free);
  sqlite3_close (db);
}

static void
test_delete_default (void)
{
  const IzpCollection *clients = izp_schema_get_collection (IZP_COLLECTION_CLIENTS);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (izp_record_table_create (db, clients, IZP_RECORD_TABLE_DEFAULT, &error));
  writer = izp_record_writer_new (db, clients, IZP_RECORD_TABLE_DEFAULT, &error);
  put_client (writer, "cli_a", "2020-01-01T00:00:00Z");
  put_client (writer, "cli_b", "2020-01-01T00:00:00Z");
  put_client (writer, "cli_a", "2020-01-05T00:00:00Z");   /* replaces */
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM clients"), ==, 2);
  g_assert_true (izp_record_writer_delete (writer, "cli_a", &error));
  g_assert_true (izp_record_writer_delete (writer, "cli_unknown", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM clients"), ==, 1);

  g_clear_pointer (&writer, izp_record_writer_free);
  sqlite3_close (db);
}

/* Many rows written and read back. The benchmark (tests/bench/core-bench.sh)
 * runs this test with IZP_BENCH_ROWS=240000, the large dataset's invoices,
 * and reports the times printed here; the test asserts only the results. */
static void
test_many_rows (void)
{
  const IzpCollection *invoices = izp_schema_get_collection (IZP_COLLECTION_INVOICES);
  sqlite3 *db = open_memory_db ();
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) item = parse (sample_items[IZP_COLLECTION_INVOICES]);
  g_autoptr(GString) out = g_string_new (NULL);
  JsonObject *object = json_node_get_object (item);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = NULL;
  const char *rows_env = g_getenv ("IZP_BENCH_ROWS");
  guint n_rows = rows_env != NULL ? (guint) g_ascii_strtoull (rows_env, NULL, 10) : 24000;
  gint64 start;
  double insert_s, append_ms;
  guint i;

  g_assert_true (izp_record_table_create (db, invoices, IZP_RECORD_TABLE_TOMBSTONES, &error));
  writer = izp_record_writer_new (db, invoices, IZP_RECORD_TABLE_TOMBSTONES, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  exec (db, "BEGIN");
  /* 7919 is prime and does not divide n_rows: every id once. */
  g_assert_cmpuint (n_rows, >=, 1000);
  g_assert_cmpuint (n_rows % 7919, !=, 0);
  for (i = 0; i < n_rows; i++)
    {
      char id[32];
      char updated_at[32];

      g_snprintf (id, sizeof id, "inv_%06u", (i * 7919) % n_rows);
      g_snprintf (updated_at, sizeof updated_at, "2026-%02u-%02uT10:00:00Z", 1 + i % 12, 1 + i % 28);
      json_object_set_string_member (object, "id", id);
      json_object_set_string_member (object, "updated_at", updated_at);
      json_object_set_int_member (object, "amount_cents", i);
      if (!izp_record_writer_put (writer, object, &error))
        break;
    }
  exec (db, "COMMIT");
  insert_s = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT COUNT(*) FROM invoices"), ==, n_rows);

  sql = g_strdup_printf ("SELECT %s FROM invoices ORDER BY updated_at, id LIMIT 1000",
                         izp_record_table_select_columns (invoices, IZP_RECORD_TABLE_TOMBSTONES));
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  g_string_append_c (out, '[');
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (out->len > 1)
        g_string_append_c (out, ',');
      izp_record_table_append_json (invoices, stmt, 0, out);
    }
  g_string_append_c (out, ']');
  append_ms = (g_get_monotonic_time () - start) / 1e3;
  sqlite3_finalize (stmt);

  {
    g_autoptr(JsonNode) page = parse (out->str);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (page)), ==, 1000);
  }

  g_test_message ("%u invoices inserted in %.2f s; 1000 rows as JSON in %.2f ms (%" G_GSIZE_FORMAT " bytes)",
                  n_rows, insert_s, append_ms, out->len);

  g_clear_pointer (&writer, izp_record_writer_free);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record-table/round-trip/default", test_round_trip_default);
  g_test_add_func ("/record-table/round-trip/tombstones", test_round_trip_tombstones);
  g_test_add_func ("/record-table/columns-and-types", test_columns_and_types);
  g_test_add_func ("/record-table/optional-and-escapes", test_optional_and_escapes);
  g_test_add_func ("/record-table/wrong-type", test_wrong_type_refused);
  g_test_add_func ("/record-table/tombstones", test_tombstones);
  g_test_add_func ("/record-table/delete-default", test_delete_default);
  g_test_add_func ("/record-table/many-rows", test_many_rows);

  return g_test_run ();
}
