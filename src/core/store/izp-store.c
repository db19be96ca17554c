/* izp-store.c — the local copy of one account's data (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "izp-date.h"
#include "izp-json.h"
#include "izp-record-table.h"
#include "izp-store.h"

struct _IzpStore
{
  GObject          parent_instance;

  char            *path;
  GMutex           write_lock;
  sqlite3         *writer;
  IzpRecordWriter *record_writers[IZP_N_COLLECTIONS];
  GMutex           read_lock;
  sqlite3         *reader;
};

G_DEFINE_FINAL_TYPE (IzpStore, izp_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (izp-store-error-quark, izp_store_error)

static gboolean
set_sql_error (sqlite3  *db,
               GError  **error)
{
  g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_SQL,
               _("The local data could not be read or written: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_SQL,
                   _("The local data could not be read or written: %s"),
                   message != NULL ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      set_sql_error (db, error);
      return NULL;
    }
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           index)
{
  const unsigned char *text = sqlite3_column_text (stmt, index);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Runs a statement that returns no row. */
static gboolean
step_done (sqlite3       *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sql_error (db, error);
  return TRUE;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* ------------------------------------------------------------------ */
/* Migrations: migrations[n] takes a database from version n to n + 1.
 * Later issues append to this list; a step never changes once shipped. */

typedef gboolean (*MigrationFunc) (sqlite3 *db, GError **error);

static gboolean
migrate_0_to_1 (sqlite3  *db,
                GError  **error)
{
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    if (!izp_record_table_create (db, izp_schema_get_collection (i),
                                  IZP_RECORD_TABLE_DEFAULT, error))
      return FALSE;

  return exec_sql (db,
                   "CREATE TABLE documents ("
                   "  name TEXT PRIMARY KEY,"
                   "  json TEXT NOT NULL,"
                   "  etag TEXT);"
                   "CREATE TABLE sync_state ("
                   "  collection TEXT PRIMARY KEY,"
                   "  cursor TEXT,"
                   "  updated_since TEXT,"
                   "  max_updated_at TEXT,"
                   "  etag TEXT,"
                   "  completed_at TEXT);"
                   "CREATE TABLE outbox ("
                   "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
                   "  kind TEXT NOT NULL,"
                   "  idempotency_key TEXT NOT NULL UNIQUE,"
                   "  body TEXT NOT NULL,"
                   "  local_id TEXT,"
                   "  created_at TEXT NOT NULL,"
                   "  attempts INTEGER NOT NULL DEFAULT 0,"
                   "  last_error TEXT);"
                   "CREATE TABLE account ("
                   "  id INTEGER PRIMARY KEY CHECK (id = 1),"
                   "  server TEXT NOT NULL,"
                   "  email TEXT NOT NULL,"
                   "  last_sync TEXT);",
                   error);
}

static const MigrationFunc migrations[] = {
  migrate_0_to_1,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == IZP_STORE_SCHEMA_VERSION);

static gboolean
read_user_version (sqlite3  *db,
                   int      *out_version,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return set_sql_error (db, error);
  *out_version = sqlite3_column_int (stmt, 0);
  return TRUE;
}

gboolean
izp_store_migrate (sqlite3  *db,
                   int       target,
                   GError  **error)
{
  int version;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (target >= 0 && target <= IZP_STORE_SCHEMA_VERSION, FALSE);

  if (!read_user_version (db, &version, error))
    return FALSE;

  if (version > IZP_STORE_SCHEMA_VERSION || version < 0)
    {
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_TOO_NEW,
                   _("The local data was written by a newer version of the application "
                     "(format %d, this version knows up to %d). Update the application."),
                   version, IZP_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  while (version < target)
    {
      g_autofree char *set_version = NULL;

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!migrations[version] (db, error) || !exec_sql (db, set_version, error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }

      if (!exec_sql (db, "COMMIT", error))
        {
          exec_sql (db, "ROLLBACK", NULL);
          return FALSE;
        }
      version++;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Paths */

char *
izp_store_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "izyinbox-partner", NULL);
}

char *
izp_store_account_path (const char *data_dir,
                        const char *server,
                        const char *email)
{
  g_autoptr(GChecksum) checksum = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (server != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) server, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) email, -1);

  return g_build_filename (data_dir, "accounts", g_checksum_get_string (checksum),
                           "store.db", NULL);
}

void
izp_store_account_free (IzpStoreAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->server);
  g_free (account->email);
  g_free (account->path);
  g_free (account);
}

GPtrArray *
izp_store_list_accounts (const char  *data_dir,
                         GError     **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_store_account_free);
  g_autofree char *root = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  g_return_val_if_fail (data_dir != NULL, NULL);

  root = g_build_filename (data_dir, "accounts", NULL);
  dir = g_dir_open (root, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&accounts);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (root, name, "store.db", NULL);
      g_autoptr(sqlite3_stmt) stmt = NULL;
      sqlite3 *db = NULL;

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
          sqlite3_prepare_v2 (db, "SELECT server, email FROM account WHERE id = 1",
                              -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        {
          IzpStoreAccount *account = g_new0 (IzpStoreAccount, 1);

          account->server = column_dup (stmt, 0);
          account->email = column_dup (stmt, 1);
          account->path = g_steal_pointer (&path);
          g_ptr_array_add (accounts, account);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      sqlite3_close (db);
    }

  return g_steal_pointer (&accounts);
}

/* ------------------------------------------------------------------ */
/* Opening */

static sqlite3 *
open_connection (const char  *path,
                 gboolean     read_only,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);

  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2 (path, &db, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_SQL,
                   _("The local data in “%s” could not be opened: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 10000);
  /* WAL with synchronous=NORMAL: a crash or a kill loses at most the last
   * transaction, never consistency. */
  if (!exec_sql (db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
izp_store_open_reader (IzpStore  *self,
                       GError   **error)
{
  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  return open_connection (self->path, TRUE, error);
}

IzpStore *
izp_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(IzpStore) self = NULL;
  g_autofree char *folder = NULL;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_IO,
                   _("The folder “%s” could not be created: %s"),
                   folder, g_strerror (saved_errno));
      return NULL;
    }

  self = g_object_new (IZP_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  self->writer = open_connection (path, FALSE, error);
  if (self->writer == NULL)
    return NULL;

  /* Refuse a newer format before touching anything. */
  if (!read_user_version (self->writer, &version, error))
    return NULL;
  if (version > IZP_STORE_SCHEMA_VERSION)
    {
      /* Sets the "newer version" error. */
      izp_store_migrate (self->writer, IZP_STORE_SCHEMA_VERSION, error);
      return NULL;
    }

  if (!exec_sql (self->writer, "PRAGMA journal_mode = WAL", error) ||
      !izp_store_migrate (self->writer, IZP_STORE_SCHEMA_VERSION, error))
    return NULL;

  self->reader = open_connection (path, TRUE, error);
  if (self->reader == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

const char *
izp_store_get_path (IzpStore *self)
{
  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  return self->path;
}

/* ------------------------------------------------------------------ */
/* Account */

gboolean
izp_store_set_account (IzpStore    *self,
                       const char  *server,
                       const char  *email,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (server != NULL && email != NULL, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "INSERT INTO account (id, server, email) VALUES (1, ?1, ?2) "
                  "ON CONFLICT (id) DO UPDATE SET server = ?1, email = ?2",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, server);
  bind_text (stmt, 2, email);
  return step_done (self->writer, stmt, error);
}

gboolean
izp_store_get_account (IzpStore    *self,
                       char       **out_server,
                       char       **out_email,
                       char       **out_last_sync,
                       GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  if (out_server != NULL)
    *out_server = NULL;
  if (out_email != NULL)
    *out_email = NULL;
  if (out_last_sync != NULL)
    *out_last_sync = NULL;

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = prepare (self->reader, "SELECT server, email, last_sync FROM account WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return set_sql_error (self->reader, error);

  if (out_server != NULL)
    *out_server = column_dup (stmt, 0);
  if (out_email != NULL)
    *out_email = column_dup (stmt, 1);
  if (out_last_sync != NULL)
    *out_last_sync = column_dup (stmt, 2);
  return TRUE;
}

gboolean
izp_store_set_last_sync (IzpStore    *self,
                         const char  *instant,
                         GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer, "UPDATE account SET last_sync = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, instant);
  return step_done (self->writer, stmt, error);
}

gboolean
izp_store_get_counts (IzpStore  *self,
                      gint64     counts[IZP_N_COLLECTIONS],
                      GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->read_lock);
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", collection->name);
      g_autoptr(sqlite3_stmt) stmt = prepare (self->reader, sql, error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return set_sql_error (self->reader, error);
      counts[i] = sqlite3_column_int64 (stmt, 0);
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Documents */

char *
izp_store_get_document (IzpStore    *self,
                        const char  *name,
                        char       **out_etag,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (out_etag != NULL)
    *out_etag = NULL;

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = prepare (self->reader, "SELECT json, etag FROM documents WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      set_sql_error (self->reader, error);
      return NULL;
    }
  if (out_etag != NULL)
    *out_etag = column_dup (stmt, 1);
  return column_dup (stmt, 0);
}

gboolean
izp_store_put_document (IzpStore    *self,
                        const char  *name,
                        JsonObject  *object,
                        const char  *etag,
                        GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL && object != NULL, FALSE);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  text = izp_json_to_string (node);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "INSERT OR REPLACE INTO documents (name, json, etag) VALUES (?1, ?2, ?3)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, text);
  bind_text (stmt, 3, etag);
  return step_done (self->writer, stmt, error);
}

/* ------------------------------------------------------------------ */
/* Sync state and pages */

void
izp_sync_state_clear (IzpSyncState *state)
{
  g_clear_pointer (&state->cursor, g_free);
  g_clear_pointer (&state->updated_since, g_free);
  g_clear_pointer (&state->max_updated_at, g_free);
  g_clear_pointer (&state->etag, g_free);
  g_clear_pointer (&state->completed_at, g_free);
}

static gboolean
read_sync_state (sqlite3         *db,
                 const char      *collection,
                 IzpSyncState    *state,
                 GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  memset (state, 0, sizeof *state);
  stmt = prepare (db,
                  "SELECT cursor, updated_since, max_updated_at, etag, completed_at "
                  "FROM sync_state WHERE collection = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, collection);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return set_sql_error (db, error);

  state->cursor = column_dup (stmt, 0);
  state->updated_since = column_dup (stmt, 1);
  state->max_updated_at = column_dup (stmt, 2);
  state->etag = column_dup (stmt, 3);
  state->completed_at = column_dup (stmt, 4);
  return TRUE;
}

static gboolean
write_sync_state (sqlite3            *db,
                  const char         *collection,
                  const IzpSyncState *state,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db,
                  "INSERT OR REPLACE INTO sync_state "
                  "(collection, cursor, updated_since, max_updated_at, etag, completed_at) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, collection);
  bind_text (stmt, 2, state->cursor);
  bind_text (stmt, 3, state->updated_since);
  bind_text (stmt, 4, state->max_updated_at);
  bind_text (stmt, 5, state->etag);
  bind_text (stmt, 6, state->completed_at);
  return step_done (db, stmt, error);
}

gboolean
izp_store_get_sync_state (IzpStore        *self,
                          IzpCollectionId  collection,
                          IzpSyncState    *out_state,
                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (out_state != NULL, FALSE);

  /* Read through the writer: the sync reads what it just wrote. */
  locker = g_mutex_locker_new (&self->write_lock);
  return read_sync_state (self->writer, izp_schema_get_collection (collection)->name,
                          out_state, error);
}

/* Instants from the server are RFC 3339; the same UTC form compares as
 * text, anything else through GDateTime. */
static int
compare_instants (const char *a,
                  const char *b)
{
  g_autoptr(GDateTime) da = NULL;
  g_autoptr(GDateTime) db = NULL;
  gsize la = strlen (a);
  gsize lb = strlen (b);

  if (la == lb && a[la - 1] == 'Z' && b[lb - 1] == 'Z')
    return strcmp (a, b);

  da = g_date_time_new_from_iso8601 (a, NULL);
  db = g_date_time_new_from_iso8601 (b, NULL);
  if (da == NULL || db == NULL)
    return strcmp (a, b);
  return g_date_time_compare (da, db);
}

static IzpRecordWriter *
get_record_writer (IzpStore        *self,
                   IzpCollectionId  collection,
                   GError         **error)
{
  if (self->record_writers[collection] == NULL)
    self->record_writers[collection] =
      izp_record_writer_new (self->writer, izp_schema_get_collection (collection),
                             IZP_RECORD_TABLE_DEFAULT, error);
  return self->record_writers[collection];
}

gboolean
izp_store_write_page (IzpStore         *self,
                      IzpCollectionId   collection,
                      JsonArray        *items,
                      const char       *next_cursor,
                      const char       *etag,
                      GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const char *name;
  IzpRecordWriter *writer;
  IzpSyncState state;
  const char *greatest = NULL;
  guint n;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS, FALSE);
  g_return_val_if_fail (items != NULL, FALSE);

  name = izp_schema_get_collection (collection)->name;
  locker = g_mutex_locker_new (&self->write_lock);

  writer = get_record_writer (self, collection, error);
  if (writer == NULL)
    return FALSE;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!read_sync_state (self->writer, name, &state, error))
    goto fail;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonNode *updated = json_object_get_member (item, "updated_at");
      const char *updated_at = updated != NULL ? json_node_get_string (updated) : NULL;
      gboolean ok;

      if (izp_schema_is_tombstone (item))
        ok = izp_record_writer_delete (writer, json_object_get_string_member (item, "id"), error);
      else
        ok = izp_record_writer_put (writer, item, error);
      if (!ok)
        goto fail;

      if (updated_at != NULL && (greatest == NULL || compare_instants (updated_at, greatest) > 0))
        greatest = updated_at;
    }

  if (greatest != NULL &&
      (state.max_updated_at == NULL || compare_instants (greatest, state.max_updated_at) > 0))
    {
      g_free (state.max_updated_at);
      state.max_updated_at = g_strdup (greatest);
    }

  g_clear_pointer (&state.cursor, g_free);
  if (next_cursor != NULL)
    {
      state.cursor = g_strdup (next_cursor);
    }
  else
    {
      /* The collection is complete: next time ask only for what changed. */
      if (state.max_updated_at != NULL)
        {
          g_free (state.updated_since);
          state.updated_since = g_steal_pointer (&state.max_updated_at);
        }
      g_free (state.etag);
      state.etag = g_strdup (etag);
      g_free (state.completed_at);
      state.completed_at = izp_instant_now_utc ();
    }

  if (!write_sync_state (self->writer, name, &state, error))
    goto fail;

  if (!exec_sql (self->writer, "COMMIT", error))
    goto fail;

  izp_sync_state_clear (&state);
  return TRUE;

fail:
  izp_sync_state_clear (&state);
  exec_sql (self->writer, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
izp_store_mark_unchanged (IzpStore         *self,
                          IzpCollectionId   collection,
                          GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *now = izp_instant_now_utc ();

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "UPDATE sync_state SET completed_at = ?2, cursor = NULL WHERE collection = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, izp_schema_get_collection (collection)->name);
  bind_text (stmt, 2, now);
  return step_done (self->writer, stmt, error);
}

gboolean
izp_store_reset_cursor (IzpStore         *self,
                        IzpCollectionId   collection,
                        GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "UPDATE sync_state SET cursor = NULL, max_updated_at = NULL, etag = NULL "
                  "WHERE collection = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, izp_schema_get_collection (collection)->name);
  return step_done (self->writer, stmt, error);
}

/* ------------------------------------------------------------------ */
/* Outbox */

void
izp_outbox_entry_free (IzpOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->kind);
  g_free (entry->idempotency_key);
  g_free (entry->body);
  g_free (entry->local_id);
  g_free (entry->last_error);
  g_free (entry);
}

char *
izp_store_queue_link (IzpStore    *self,
                      JsonObject  *body,
                      JsonObject  *local_row,
                      GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  g_autofree char *now = NULL;
  IzpRecordWriter *writer;

  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  g_return_val_if_fail (body != NULL && local_row != NULL, NULL);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, body);
  text = izp_json_to_string (node);
  key = g_uuid_string_random ();
  now = izp_instant_now_utc ();

  locker = g_mutex_locker_new (&self->write_lock);
  writer = get_record_writer (self, IZP_COLLECTION_REFERRAL_LINKS, error);
  if (writer == NULL)
    return NULL;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = prepare (self->writer,
                  "INSERT INTO outbox (kind, idempotency_key, body, local_id, created_at) "
                  "VALUES ('create_link', ?1, ?2, ?3, ?4)",
                  error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, text);
  bind_text (stmt, 3, json_object_get_string_member_with_default (local_row, "id", NULL));
  bind_text (stmt, 4, now);
  if (!step_done (self->writer, stmt, error) ||
      !izp_record_writer_put (writer, local_row, error) ||
      !exec_sql (self->writer, "COMMIT", error))
    goto fail;

  return g_steal_pointer (&key);

fail:
  exec_sql (self->writer, "ROLLBACK", NULL);
  return NULL;
}

GPtrArray *
izp_store_list_outbox (IzpStore  *self,
                       GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_outbox_entry_free);
  int rc;

  g_return_val_if_fail (IZP_IS_STORE (self), NULL);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "SELECT id, kind, idempotency_key, body, local_id, attempts, last_error "
                  "FROM outbox ORDER BY id",
                  error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpOutboxEntry *entry = g_new0 (IzpOutboxEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->kind = column_dup (stmt, 1);
      entry->idempotency_key = column_dup (stmt, 2);
      entry->body = column_dup (stmt, 3);
      entry->local_id = column_dup (stmt, 4);
      entry->attempts = sqlite3_column_int64 (stmt, 5);
      entry->last_error = column_dup (stmt, 6);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self->writer, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gboolean
izp_store_complete_outbox (IzpStore              *self,
                           const IzpOutboxEntry  *entry,
                           JsonObject            *server_link,
                           GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  IzpRecordWriter *writer;
  const char *server_id;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL && server_link != NULL, FALSE);

  server_id = json_object_get_string_member_with_default (server_link, "id", NULL);

  locker = g_mutex_locker_new (&self->write_lock);
  writer = get_record_writer (self, IZP_COLLECTION_REFERRAL_LINKS, error);
  if (writer == NULL)
    return FALSE;

  if (!exec_sql (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (entry->local_id != NULL && g_strcmp0 (entry->local_id, server_id) != 0 &&
      !izp_record_writer_delete (writer, entry->local_id, error))
    goto fail;
  if (!izp_record_writer_put (writer, server_link, error))
    goto fail;

  stmt = prepare (self->writer, "DELETE FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  if (!step_done (self->writer, stmt, error) ||
      !exec_sql (self->writer, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  exec_sql (self->writer, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
izp_store_fail_outbox (IzpStore              *self,
                       const IzpOutboxEntry  *entry,
                       const char            *message,
                       GError               **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = prepare (self->writer,
                  "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  bind_text (stmt, 2, message);
  return step_done (self->writer, stmt, error);
}

/* ------------------------------------------------------------------ */
/* Reading back */

char *
izp_store_dump_collection (IzpStore         *self,
                           IzpCollectionId   collection,
                           GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) out = g_string_new ("[");
  g_autofree char *sql = NULL;
  const IzpCollection *info;
  gboolean first = TRUE;
  int rc;

  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS, NULL);

  info = izp_schema_get_collection (collection);
  sql = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY id",
                         izp_record_table_columns (info), info->name);

  locker = g_mutex_locker_new (&self->read_lock);
  stmt = prepare (self->reader, sql, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      izp_record_table_append_json (info, stmt, 0, out);
    }
  if (rc != SQLITE_DONE)
    {
      set_sql_error (self->reader, error);
      return NULL;
    }

  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */

static void
izp_store_finalize (GObject *object)
{
  IzpStore *self = (IzpStore *) object;

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    g_clear_pointer (&self->record_writers[i], izp_record_writer_free);
  g_clear_pointer (&self->writer, sqlite3_close);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->write_lock);
  g_mutex_clear (&self->read_lock);

  G_OBJECT_CLASS (izp_store_parent_class)->finalize (object);
}

static void
izp_store_class_init (IzpStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_store_finalize;
}

static void
izp_store_init (IzpStore *self)
{
  g_mutex_init (&self->write_lock);
  g_mutex_init (&self->read_lock);
}

/* ------------------------------------------------------------------ */
/* One item outside a sync run */

gboolean
izp_store_put_item (IzpStore         *self,
                    IzpCollectionId   collection,
                    JsonObject       *item,
                    GError          **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  IzpRecordWriter *writer;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (collection < IZP_N_COLLECTIONS && item != NULL, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  writer = get_record_writer (self, collection, error);
  return writer != NULL && izp_record_writer_put (writer, item, error);
}
