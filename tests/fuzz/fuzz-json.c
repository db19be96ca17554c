/* fuzz-json.c — the bounded parser, the schema and the record tables
 *
 * The input is a body as the network would give it. Whatever parses is
 * checked against every object of the schema, as the client would; an item
 * that validates goes through a record table and must come back with the
 * same members. Invariants that fail abort, so libFuzzer reports them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "izp-json.h"
#include "izp-record-table.h"
#include "izp-schema.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static sqlite3 *db;

static void
check_record_round_trip (const IzpCollection *collection,
                         JsonObject          *item)
{
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *sql = NULL;
  GError *error = NULL;
  sqlite3_stmt *stmt = NULL;
  const IzpField *field;
  JsonObject *back_object;

  g_assert (izp_record_table_create (db, collection, IZP_RECORD_TABLE_TOMBSTONES, NULL));
  writer = izp_record_writer_new (db, collection, IZP_RECORD_TABLE_TOMBSTONES, NULL);
  g_assert (writer != NULL);
  g_assert (izp_record_writer_put (writer, item, NULL));

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE id = ?",
                         izp_record_table_select_columns (collection, IZP_RECORD_TABLE_TOMBSTONES),
                         collection->name);
  g_assert (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, json_object_get_string_member (item, "id"), -1, SQLITE_TRANSIENT);
  g_assert (sqlite3_step (stmt) == SQLITE_ROW);
  izp_record_table_append_json (collection, stmt, 0, out);
  sqlite3_finalize (stmt);

  back = izp_json_parse_bounded (out->str, out->len, G_MAXSIZE, IZP_JSON_MAX_DEPTH + 1, &error);
  if (back == NULL)
    g_error ("%s: %s", error->message, out->str);
  back_object = json_node_get_object (back);
  g_assert (izp_schema_validate (collection->fields, back_object, "$", NULL));

  for (field = collection->fields; field->name != NULL; field++)
    {
      JsonNode *in = json_object_get_member (item, field->name);
      JsonNode *again = json_object_get_member (back_object, field->name);

      if (in == NULL)
        g_assert (again == NULL);
      else if (!json_node_equal (in, again))
        g_error ("%s.%s differs: %s", collection->name, field->name, out->str);
    }

  g_assert (izp_record_writer_delete (writer, json_object_get_string_member (item, "id"), NULL));
}

static void
check_object (JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  GError *error = NULL;
  guint i;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      gboolean is_tombstone;

      if (izp_schema_validate_item (collection, node, "$", &is_tombstone, &error))
        {
          g_assert (error == NULL);
          if (!is_tombstone)
            check_record_round_trip (collection, object);
        }
      else
        {
          g_assert (error != NULL && g_str_has_prefix (error->message, "$"));
          g_clear_error (&error);
        }
    }

  if (!izp_schema_validate (izp_schema_get_partner_fields (), object, "$.partner", &error))
    g_clear_error (&error);
  if (!izp_schema_validate (izp_schema_get_leaderboard_fields (), object, "$", &error))
    g_clear_error (&error);
  if (!izp_schema_validate (izp_schema_get_user_fields (), object, "$", &error))
    g_clear_error (&error);
  izp_schema_is_tombstone (object);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (db == NULL)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_assert (sqlite3_open (":memory:", &db) == SQLITE_OK);
    }

  root = izp_json_parse_bounded ((const char *) data, size, IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      g_assert (error != NULL && error->domain == IZP_JSON_ERROR);
      g_clear_error (&error);
      return 0;
    }

  /* What we write, we can read back. */
  text = izp_json_to_string (root);
  again = izp_json_parse_bounded (text, strlen (text), G_MAXSIZE, IZP_JSON_MAX_DEPTH, &error);
  if (again == NULL)
    g_error ("%s: %s", error->message, text);
  if (!json_node_equal (root, again))
    g_error ("the text does not read back the same: %s", text);

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);
      JsonNode *page = json_object_get_member (object, "data");

      check_object (root);
      /* A page of items. */
      if (page != NULL && JSON_NODE_HOLDS_ARRAY (page))
        {
          JsonArray *items = json_node_get_array (page);
          guint i, n = MIN (json_array_get_length (items), 64);

          for (i = 0; i < n; i++)
            if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (items, i)))
              check_object (json_array_get_element (items, i));
        }
    }

  return 0;
}
