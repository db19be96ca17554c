/* izp-record-table.h — a collection of the API as a SQLite table
 *
 * Generic over izp-schema: scalar fields become typed columns named after the
 * field (TEXT, INTEGER; booleans 0/1), nested objects and arrays become TEXT
 * columns holding compact JSON. Used by the client store and by the sandbox
 * server, so rows and JSON convert the same way on both sides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "izp-schema.h"

G_BEGIN_DECLS

/* The one SQL error domain of the record tables and of the store built on
 * them: every SQLite failure is IZP_RECORD_ERROR_SQL. */
#define IZP_RECORD_ERROR (izp_record_error_quark ())

typedef enum
{
  IZP_RECORD_ERROR_SQL,
  IZP_RECORD_ERROR_INVALID,   /* put: a member of the wrong JSON type */
  IZP_RECORD_ERROR_CLOSED,    /* the connection was closed (izp_store_close) */
} IzpRecordError;

typedef enum
{
  IZP_RECORD_TABLE_DEFAULT    = 0,
  /* Sandbox: deleted rows stay as tombstones (column `deleted`), and a
   * monotonic `seq` column orders writes. */
  IZP_RECORD_TABLE_TOMBSTONES = 1 << 0,
} IzpRecordTableFlags;

typedef struct _IzpRecordWriter IzpRecordWriter;

GQuark            izp_record_error_quark        (void);
gboolean          izp_record_set_sql_error      (sqlite3                *db,
                                                 GError                **error);
gboolean          izp_record_exec               (sqlite3                *db,
                                                 const char             *sql,
                                                 GError                **error);
gboolean          izp_record_step               (sqlite3                *db,
                                                 sqlite3_stmt           *stmt,
                                                 GError                **error);
/* sqlite3_prepare_v2(), with @error set on failure. */
sqlite3_stmt     *izp_record_prepare            (sqlite3                *db,
                                                 const char             *sql,
                                                 GError                **error);
/* Binds @text (NULL binds NULL), copied. */
void              izp_record_bind_text          (sqlite3_stmt           *stmt,
                                                 int                     index,
                                                 const char             *text);
/* A copy of a text column, or NULL. */
char             *izp_record_column_dup         (sqlite3_stmt           *stmt,
                                                 int                     index);

/* CREATE TABLE IF NOT EXISTS + the (updated_at, id) index. */
gboolean          izp_record_table_create       (sqlite3                *db,
                                                 const IzpCollection    *collection,
                                                 IzpRecordTableFlags     flags,
                                                 GError                **error);

/* "id", "updated_at", "company", … in schema order, quoted, for a SELECT. */
const char       *izp_record_table_columns      (const IzpCollection    *collection);

/* The same, plus `"deleted"` as the LAST column with
 * %IZP_RECORD_TABLE_TOMBSTONES (identical to izp_record_table_columns()
 * otherwise). Select these from a tombstone table so that
 * izp_record_table_append_json() writes tombstones as tombstones. */
const char       *izp_record_table_select_columns (const IzpCollection  *collection,
                                                   IzpRecordTableFlags   flags);

/* Appends the row read from @stmt (columns from @first_column on, in the
 * order of izp_record_table_columns()) as a compact JSON object to @out:
 * members in schema order, `null` for a NULL nullable column, OPTIONAL
 * members left out when NULL. If the column right after them is named
 * `deleted` (see izp_record_table_select_columns()) and is non-zero, the
 * row is written as `{"id":…,"deleted":true,"updated_at":…}`. */
void              izp_record_table_append_json  (const IzpCollection    *collection,
                                                 sqlite3_stmt           *stmt,
                                                 int                     first_column,
                                                 GString                *out);

/* Prepared INSERT OR REPLACE / DELETE for many rows in one transaction
 * (the caller begins and commits it). The object must already have passed
 * izp_schema_validate(); a member of the wrong JSON type still gives
 * %IZP_RECORD_ERROR_INVALID rather than a bad row. Members not in the schema
 * are dropped.
 *
 * With %IZP_RECORD_TABLE_TOMBSTONES, put sets `deleted` = 0 and delete keeps
 * the row as a tombstone: `deleted` = 1, `updated_at` = now (UTC, seconds,
 * `Z`), every other column NULL (an unknown id gets a tombstone too). Both
 * set `seq` to the next value after the table's greatest `seq` when the
 * writer was created: use one writer per table at a time. */
IzpRecordWriter  *izp_record_writer_new         (sqlite3                *db,
                                                 const IzpCollection    *collection,
                                                 IzpRecordTableFlags     flags,
                                                 GError                **error);
gboolean          izp_record_writer_put         (IzpRecordWriter        *writer,
                                                 JsonObject             *item,
                                                 GError                **error);
gboolean          izp_record_writer_delete      (IzpRecordWriter        *writer,
                                                 const char             *id,
                                                 GError                **error);
void              izp_record_writer_free        (IzpRecordWriter        *writer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpRecordWriter, izp_record_writer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
