/* izp-record-table.c — a collection of the API as a SQLite table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "izp-date.h"
#include "izp-json.h"
#include "izp-record-table.h"

G_DEFINE_QUARK (izp-record-error-quark, izp_record_error)

struct _IzpRecordWriter
{
  sqlite3               *db;
  const IzpCollection   *collection;
  IzpRecordTableFlags    flags;
  guint                  n_fields;
  sqlite3_stmt          *put;
  sqlite3_stmt          *delete;
  gint64                 next_seq;
};

typedef struct
{
  char  *columns;
  char  *tombstone_columns;
  guint  n_fields;
} ColumnList;

static ColumnList column_lists[IZP_N_COLLECTIONS];

static gboolean
field_is_integer (const IzpField *field)
{
  switch (field->kind)
    {
    case IZP_FIELD_INT:
    case IZP_FIELD_CENTS:
    case IZP_FIELD_BOOL:
      return TRUE;

    case IZP_FIELD_STRING:
    case IZP_FIELD_DATE:
    case IZP_FIELD_INSTANT:
    case IZP_FIELD_ENUM:
    case IZP_FIELD_CURRENCY:
    case IZP_FIELD_OBJECT:
    case IZP_FIELD_ARRAY:
    default:
      return FALSE;
    }
}

/* Built once per collection; the strings live as long as the process. */
static const ColumnList *
get_column_list (const IzpCollection *collection)
{
  ColumnList *list;

  g_assert (collection->id < IZP_N_COLLECTIONS);
  list = &column_lists[collection->id];

  if (g_once_init_enter (&list->columns))
    {
      GString *columns = g_string_new (NULL);
      const IzpField *field;
      char *tombstone_columns;

      for (field = collection->fields; field->name != NULL; field++)
        {
          if (columns->len > 0)
            g_string_append (columns, ", ");
          g_string_append_printf (columns, "\"%s\"", field->name);
        }
      list->n_fields = izp_schema_count_fields (collection->fields);
      tombstone_columns = g_strconcat (columns->str, ", \"deleted\"", NULL);
      list->tombstone_columns = tombstone_columns;
      g_once_init_leave (&list->columns, g_string_free (columns, FALSE));
    }

  return list;
}

/**
 * izp_record_set_sql_error:
 *
 * Sets @error from the last SQLite failure of @db.
 *
 * Returns: %FALSE, to be returned by the caller
 */
gboolean
izp_record_set_sql_error (sqlite3  *db,
                          GError  **error)
{
  g_set_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_SQL,
               _("The local data could not be read or written: %s"), sqlite3_errmsg (db));
  return FALSE;
}

/* A closed store has no connection left: every call on it ends here. */
static gboolean
check_open (sqlite3  *db,
            GError  **error)
{
  if (db != NULL)
    return TRUE;
  g_set_error_literal (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED,
                       _("The local data is closed."));
  return FALSE;
}

sqlite3_stmt *
izp_record_prepare (sqlite3     *db,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (!check_open (db, error))
    return NULL;
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      izp_record_set_sql_error (db, error);
      return NULL;
    }
  return stmt;
}

void
izp_record_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

char *
izp_record_column_dup (sqlite3_stmt *stmt,
                       int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Runs statements that return no rows (schema, BEGIN, COMMIT). */
gboolean
izp_record_exec (sqlite3     *db,
                 const char  *sql,
                 GError     **error)
{
  if (!check_open (db, error))
    return FALSE;
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

/**
 * izp_record_table_create:
 * @db: a database
 * @collection: the collection
 * @flags: %IZP_RECORD_TABLE_TOMBSTONES for the sandbox
 * @error: a #GError
 *
 * Creates the table named after @collection (if it does not exist) and its
 * index on (`updated_at`, `id`).
 */
gboolean
izp_record_table_create (sqlite3                *db,
                         const IzpCollection    *collection,
                         IzpRecordTableFlags     flags,
                         GError                **error)
{
  g_autoptr(GString) sql = NULL;
  g_autofree char *index_sql = NULL;
  const IzpField *field;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (collection != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "CREATE TABLE IF NOT EXISTS \"%s\" (", collection->name);
  for (field = collection->fields; field->name != NULL; field++)
    {
      if (field != collection->fields)
        g_string_append (sql, ", ");
      g_string_append_printf (sql, "\"%s\" %s", field->name,
                              field_is_integer (field) ? "INTEGER" : "TEXT");
      if (strcmp (field->name, "id") == 0)
        g_string_append (sql, " PRIMARY KEY NOT NULL");
      else if (strcmp (field->name, "updated_at") == 0)
        g_string_append (sql, " NOT NULL");
    }
  if (flags & IZP_RECORD_TABLE_TOMBSTONES)
    g_string_append (sql, ", \"deleted\" INTEGER NOT NULL DEFAULT 0, \"seq\" INTEGER");
  g_string_append (sql, ")");

  if (!izp_record_exec (db, sql->str, error))
    return FALSE;

  index_sql = g_strdup_printf ("CREATE INDEX IF NOT EXISTS \"%s_updated_at_id\" "
                               "ON \"%s\" (\"updated_at\", \"id\")",
                               collection->name, collection->name);
  return izp_record_exec (db, index_sql, error);
}

const char *
izp_record_table_columns (const IzpCollection *collection)
{
  g_return_val_if_fail (collection != NULL, NULL);

  return get_column_list (collection)->columns;
}

const char *
izp_record_table_select_columns (const IzpCollection *collection,
                                 IzpRecordTableFlags  flags)
{
  const ColumnList *list;

  g_return_val_if_fail (collection != NULL, NULL);

  list = get_column_list (collection);
  return (flags & IZP_RECORD_TABLE_TOMBSTONES) ? list->tombstone_columns : list->columns;
}

static void
append_column_string (GString      *out,
                      sqlite3_stmt *stmt,
                      int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  int length = sqlite3_column_bytes (stmt, column);

  izp_json_append_string (out, text != NULL ? text : "", text != NULL ? length : 0);
}

void
izp_record_table_append_json (const IzpCollection    *collection,
                              sqlite3_stmt           *stmt,
                              int                     first_column,
                              GString                *out)
{
  const ColumnList *list;
  const IzpField *field;
  gboolean first = TRUE;
  int deleted_column;
  int column;

  g_return_if_fail (collection != NULL);
  g_return_if_fail (stmt != NULL);
  g_return_if_fail (out != NULL);

  list = get_column_list (collection);
  deleted_column = first_column + (int) list->n_fields;

  if (sqlite3_column_count (stmt) > deleted_column &&
      g_strcmp0 (sqlite3_column_name (stmt, deleted_column), "deleted") == 0 &&
      sqlite3_column_int (stmt, deleted_column) != 0)
    {
      /* "id" and "updated_at" are the first two fields of every collection. */
      g_string_append (out, "{\"id\":");
      append_column_string (out, stmt, first_column);
      g_string_append (out, ",\"deleted\":true,\"updated_at\":");
      append_column_string (out, stmt, first_column + 1);
      g_string_append_c (out, '}');
      return;
    }

  g_string_append_c (out, '{');
  for (field = collection->fields, column = first_column;
       field->name != NULL;
       field++, column++)
    {
      int type = sqlite3_column_type (stmt, column);

      if (type == SQLITE_NULL && (field->flags & IZP_FIELD_OPTIONAL) != 0)
        continue;

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append_c (out, '"');
      g_string_append (out, field->name);
      g_string_append (out, "\":");

      if (type == SQLITE_NULL)
        {
          g_string_append (out, "null");
          continue;
        }

      switch (field->kind)
        {
        case IZP_FIELD_INT:
        case IZP_FIELD_CENTS:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
          break;

        case IZP_FIELD_BOOL:
          g_string_append (out, sqlite3_column_int (stmt, column) ? "true" : "false");
          break;

        case IZP_FIELD_OBJECT:
        case IZP_FIELD_ARRAY:
          /* Stored as compact JSON by izp_record_writer_put(). */
          g_string_append_len (out, (const char *) sqlite3_column_text (stmt, column),
                               sqlite3_column_bytes (stmt, column));
          break;

        case IZP_FIELD_STRING:
        case IZP_FIELD_DATE:
        case IZP_FIELD_INSTANT:
        case IZP_FIELD_ENUM:
        case IZP_FIELD_CURRENCY:
        default:
          append_column_string (out, stmt, column);
          break;
        }
    }
  g_string_append_c (out, '}');
}

static sqlite3_stmt *
prepare_statement (sqlite3     *db,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      izp_record_set_sql_error (db, error);
      return NULL;
    }
  return stmt;
}

/**
 * izp_record_writer_new:
 * @db: a database where izp_record_table_create() made the table
 * @collection: the collection
 * @flags: the flags the table was created with
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): a writer, or %NULL with @error set
 */
IzpRecordWriter *
izp_record_writer_new (sqlite3                *db,
                       const IzpCollection    *collection,
                       IzpRecordTableFlags     flags,
                       GError                **error)
{
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GString) sql = NULL;
  guint i;

  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_open (db, error))
    return NULL;

  writer = g_new0 (IzpRecordWriter, 1);
  writer->db = db;
  writer->collection = collection;
  writer->flags = flags;
  writer->n_fields = get_column_list (collection)->n_fields;
  writer->next_seq = 1;

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "INSERT OR REPLACE INTO \"%s\" (%s", collection->name,
                          izp_record_table_columns (collection));
  if (flags & IZP_RECORD_TABLE_TOMBSTONES)
    g_string_append (sql, ", \"deleted\", \"seq\"");
  g_string_append (sql, ") VALUES (");
  for (i = 0; i < writer->n_fields; i++)
    g_string_append_printf (sql, "%s?%u", i > 0 ? ", " : "", i + 1);
  if (flags & IZP_RECORD_TABLE_TOMBSTONES)
    g_string_append_printf (sql, ", 0, ?%u", writer->n_fields + 1);
  g_string_append (sql, ")");

  writer->put = prepare_statement (db, sql->str, error);
  if (writer->put == NULL)
    return NULL;

  g_string_truncate (sql, 0);
  if (flags & IZP_RECORD_TABLE_TOMBSTONES)
    {
      sqlite3_stmt *max_seq;

      g_string_append_printf (sql, "INSERT OR REPLACE INTO \"%s\" (\"id\", \"updated_at\", "
                              "\"deleted\", \"seq\") VALUES (?1, ?2, 1, ?3)",
                              collection->name);

      {
        g_autofree char *max_sql = g_strdup_printf ("SELECT MAX(\"seq\") FROM \"%s\"",
                                                    collection->name);

        if (sqlite3_prepare_v2 (db, max_sql, -1, &max_seq, NULL) != SQLITE_OK)
          {
            izp_record_set_sql_error (db, error);
            return NULL;
          }
      }
      if (sqlite3_step (max_seq) == SQLITE_ROW)
        writer->next_seq = sqlite3_column_int64 (max_seq, 0) + 1;
      sqlite3_finalize (max_seq);
    }
  else
    {
      g_string_append_printf (sql, "DELETE FROM \"%s\" WHERE \"id\" = ?1", collection->name);
    }

  writer->delete = prepare_statement (db, sql->str, error);
  if (writer->delete == NULL)
    return NULL;

  return g_steal_pointer (&writer);
}

static gboolean
set_invalid_member_error (IzpRecordWriter  *writer,
                          const IzpField   *field,
                          GError          **error)
{
  g_set_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_INVALID,
               _("%s: the member “%s” has the wrong type"),
               writer->collection->item_name, field->name);
  return FALSE;
}

/* Runs a prepared write once and readies it for the next row. */
gboolean
izp_record_step (sqlite3       *db,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

gboolean
izp_record_writer_put (IzpRecordWriter        *writer,
                       JsonObject             *item,
                       GError                **error)
{
  const IzpField *field;
  int param;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (field = writer->collection->fields, param = 1; field->name != NULL; field++, param++)
    {
      JsonNode *node = json_object_get_member (item, field->name);
      GType value_type;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;   /* cleared bindings are NULL */

      value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      switch (field->kind)
        {
        case IZP_FIELD_INT:
        case IZP_FIELD_CENTS:
          if (value_type != G_TYPE_INT64)
            goto invalid;
          sqlite3_bind_int64 (writer->put, param, json_node_get_int (node));
          break;

        case IZP_FIELD_BOOL:
          if (value_type != G_TYPE_BOOLEAN)
            goto invalid;
          sqlite3_bind_int (writer->put, param, json_node_get_boolean (node) ? 1 : 0);
          break;

        case IZP_FIELD_OBJECT:
        case IZP_FIELD_ARRAY:
          if (field->kind == IZP_FIELD_OBJECT ? !JSON_NODE_HOLDS_OBJECT (node)
                                              : !JSON_NODE_HOLDS_ARRAY (node))
            goto invalid;
          sqlite3_bind_text (writer->put, param, izp_json_to_string (node), -1, g_free);
          break;

        case IZP_FIELD_STRING:
        case IZP_FIELD_DATE:
        case IZP_FIELD_INSTANT:
        case IZP_FIELD_ENUM:
        case IZP_FIELD_CURRENCY:
        default:
          if (value_type != G_TYPE_STRING)
            goto invalid;
          sqlite3_bind_text (writer->put, param, json_node_get_string (node), -1, SQLITE_STATIC);
          break;
        }
      continue;

    invalid:
      sqlite3_clear_bindings (writer->put);
      return set_invalid_member_error (writer, field, error);
    }

  if (writer->flags & IZP_RECORD_TABLE_TOMBSTONES)
    sqlite3_bind_int64 (writer->put, param, writer->next_seq++);

  return izp_record_step (writer->db, writer->put, error);
}

gboolean
izp_record_writer_delete (IzpRecordWriter        *writer,
                          const char             *id,
                          GError                **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sqlite3_bind_text (writer->delete, 1, id, -1, SQLITE_TRANSIENT);
  if (writer->flags & IZP_RECORD_TABLE_TOMBSTONES)
    {
      sqlite3_bind_text (writer->delete, 2, izp_instant_now_utc (), -1, g_free);
      sqlite3_bind_int64 (writer->delete, 3, writer->next_seq++);
    }

  return izp_record_step (writer->db, writer->delete, error);
}

void
izp_record_writer_free (IzpRecordWriter *writer)
{
  if (writer == NULL)
    return;

  sqlite3_finalize (writer->put);
  sqlite3_finalize (writer->delete);
  g_free (writer);
}
