/* izp-store.c — the local copy of one account's data (SQLite)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "izp-commission-engine.h"
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


/* ------------------------------------------------------------------ */
/* Migrations: migrations[n] takes a database from version n to n + 1.
 * Later issues append to this list; a step never changes once shipped, so
 * each is literal SQL (never built from izp-schema, whose fields grow).
 * tests/core/data/store-schema-v1.txt is what version 1 shipped as. */

typedef gboolean (*MigrationFunc) (sqlite3 *db, GError **error);

static gboolean
migrate_0_to_1 (sqlite3  *db,
                GError  **error)
{
  return izp_record_exec (db,
                          "CREATE TABLE \"clients\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"company\" TEXT, \"contact\" TEXT, \"employees\" INTEGER, "
                          "\"plan\" TEXT, \"mrr_cents\" INTEGER, \"currency\" TEXT, \"status\" TEXT, "
                          "\"white_label\" INTEGER, \"activated_on\" TEXT, \"churned_on\" TEXT, "
                          "\"usage_pct\" INTEGER, \"nps\" INTEGER, \"link_id\" TEXT, \"lead_id\" TEXT);"
                          "CREATE INDEX \"clients_updated_at_id\" ON \"clients\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"invoices\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"client_id\" TEXT, \"source\" TEXT, "
                          "\"sub_partner_id\" TEXT, \"client_activated_on\" TEXT, \"period_start\" TEXT, "
                          "\"period_end\" TEXT, \"amount_cents\" INTEGER, \"currency\" TEXT, \"status\" TEXT, "
                          "\"paid_on\" TEXT);"
                          "CREATE INDEX \"invoices_updated_at_id\" ON \"invoices\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"leads\" (\"id\" TEXT PRIMARY KEY NOT NULL, \"updated_at\" TEXT NOT NULL, "
                          "\"link_id\" TEXT, \"first_name\" TEXT, \"last_name\" TEXT, \"company\" TEXT, "
                          "\"email\" TEXT, \"phone\" TEXT, \"employees\" INTEGER, \"stage\" TEXT, \"demo_at\" TEXT, "
                          "\"trial_started_on\" TEXT, \"feature_usage_pct\" INTEGER, \"client_id\" TEXT, "
                          "\"lost_reason\" TEXT, \"created_at\" TEXT);"
                          "CREATE INDEX \"leads_updated_at_id\" ON \"leads\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"referral_links\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"code\" TEXT, \"url\" TEXT, \"label\" TEXT, "
                          "\"channel\" TEXT, \"campaign\" TEXT, \"prospect\" TEXT, \"archived\" INTEGER, "
                          "\"created_at\" TEXT, \"stats\" TEXT);"
                          "CREATE INDEX \"referral_links_updated_at_id\" ON \"referral_links\" (\"updated_at\", "
                          "\"id\");"
                          "CREATE TABLE \"sub_partners\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"cabinet\" TEXT, \"city\" TEXT, \"joined_on\" TEXT, "
                          "\"activated_on\" TEXT, \"activated_clients\" INTEGER);"
                          "CREATE INDEX \"sub_partners_updated_at_id\" ON \"sub_partners\" (\"updated_at\", "
                          "\"id\");"
                          "CREATE TABLE \"campaigns\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"name\" TEXT, \"starts_on\" TEXT, \"ends_on\" TEXT, "
                          "\"bonus_per_client_cents\" INTEGER);"
                          "CREATE INDEX \"campaigns_updated_at_id\" ON \"campaigns\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"statements\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"period\" TEXT, \"period_start\" TEXT, "
                          "\"period_end\" TEXT, \"status\" TEXT, \"due_on\" TEXT, \"paid_on\" TEXT, \"currency\" TEXT, "
                          "\"total_cents\" INTEGER, \"lines\" TEXT);"
                          "CREATE INDEX \"statements_updated_at_id\" ON \"statements\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"resources\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"title\" TEXT, \"kind\" TEXT, \"url\" TEXT);"
                          "CREATE INDEX \"resources_updated_at_id\" ON \"resources\" (\"updated_at\", \"id\");"
                          "CREATE TABLE \"templates\" (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"version\" INTEGER, \"title\" TEXT, \"subject\" TEXT, "
                          "\"body\" TEXT);"
                          "CREATE INDEX \"templates_updated_at_id\" ON \"templates\" (\"updated_at\", \"id\");"
                          "CREATE TABLE documents (  name TEXT PRIMARY KEY,  json TEXT NOT NULL, "
                          " etag TEXT);"
                          "CREATE TABLE sync_state (  collection TEXT PRIMARY KEY,  cursor TEXT, "
                          " updated_since TEXT,  max_updated_at TEXT,  etag TEXT,  completed_at TEXT);"
                          "CREATE TABLE outbox (  id INTEGER PRIMARY KEY AUTOINCREMENT,  kind TEXT NOT NULL, "
                          " idempotency_key TEXT NOT NULL UNIQUE,  body TEXT NOT NULL,  local_id TEXT, "
                          " created_at TEXT NOT NULL,  attempts INTEGER NOT NULL DEFAULT 0, "
                          " last_error TEXT);"
                          "CREATE TABLE account (  id INTEGER PRIMARY KEY CHECK (id = 1), "
                          " server TEXT NOT NULL,  email TEXT NOT NULL,  last_sync TEXT);",
                          error);
}

/* The indexes of the typed reads (izp-store-query.c), and the outbox
 * entry's state: pending, or refused by the server with its message (kept
 * in last_error, which version 1 only ever set on a refusal). */
static gboolean
migrate_1_to_2 (sqlite3  *db,
                GError  **error)
{
  return izp_record_exec (db,
                          "CREATE INDEX invoices_client_id ON invoices (client_id);"
                          "CREATE INDEX invoices_status_paid_on ON invoices (status, paid_on);"
                          "CREATE INDEX clients_activated_on ON clients (activated_on);"
                          "CREATE INDEX leads_stage ON leads (stage);"
                          "CREATE INDEX referral_links_archived_created_at "
                          "ON referral_links (archived, created_at);"
                          "ALTER TABLE outbox ADD COLUMN state TEXT NOT NULL DEFAULT 'pending' "
                          "CHECK (state IN ('pending', 'refused'));"
                          "UPDATE outbox SET state = 'refused' WHERE last_error IS NOT NULL;",
                          error);
}

/* The dashboard's upgrades alert reads each client's last two paid
 * invoices: this index gives them without walking the client's history.
 * The events already notified (izp_store_remember_keys()), so that none
 * is notified twice. */
static gboolean
migrate_2_to_3 (sqlite3  *db,
                GError  **error)
{
  return izp_record_exec (db,
                          "CREATE INDEX invoices_client_paid_on "
                          "ON invoices (client_id, paid_on, period_start, id);"
                          "CREATE TABLE notified_events (  key TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;",
                          error);
}

/* Invoices kept in id order (WITHOUT ROWID): the ledger reads them in the
 * order it computes them, with no sort, and the id needs no second index
 * (nor the client: invoices_client_paid_on starts with it). The two paid_on
 * indexes carry what the dashboard's upgrades alert reads of an invoice, and
 * clients_activated_on the churn day, so that counting the active clients
 * or the upgrades never looks a row up; clients_usage_pct finds the churn
 * risks (usage under 30 %) without walking every client.
 * The commission summary: what the dashboard needs of the ledger — its
 * totals by day, its payout batches — written when the ledger is computed
 * (izp_store_put_commission_summary()) for the generation of the inputs it
 * was computed from; every write to an input bumps commission_inputs, so a
 * summary of older inputs is never read. */
static gboolean
migrate_3_to_4 (sqlite3  *db,
                GError  **error)
{
  return izp_record_exec (db,
                          "CREATE TABLE invoices_by_id (\"id\" TEXT PRIMARY KEY NOT NULL, "
                          "\"updated_at\" TEXT NOT NULL, \"client_id\" TEXT, \"source\" TEXT, "
                          "\"sub_partner_id\" TEXT, \"client_activated_on\" TEXT, \"period_start\" TEXT, "
                          "\"period_end\" TEXT, \"amount_cents\" INTEGER, \"currency\" TEXT, \"status\" TEXT, "
                          "\"paid_on\" TEXT) WITHOUT ROWID;"
                          "INSERT INTO invoices_by_id SELECT id, updated_at, client_id, source, sub_partner_id, "
                          "client_activated_on, period_start, period_end, amount_cents, currency, status, paid_on "
                          "FROM invoices;"
                          "DROP TABLE invoices;"
                          "ALTER TABLE invoices_by_id RENAME TO invoices;"
                          "CREATE INDEX \"invoices_updated_at_id\" ON \"invoices\" (\"updated_at\", \"id\");"
                          "CREATE INDEX invoices_status_paid_on "
                          "ON invoices (status, paid_on, source, amount_cents, client_id);"
                          "CREATE INDEX invoices_client_paid_on "
                          "ON invoices (client_id, paid_on, period_start, id, status, source, amount_cents);"
                          "DROP INDEX clients_activated_on;"
                          "CREATE INDEX clients_activated_on ON clients (activated_on, churned_on);"
                          "CREATE INDEX clients_usage_pct ON clients (usage_pct, activated_on, churned_on);"
                          "CREATE TABLE commission_inputs (  id INTEGER PRIMARY KEY CHECK (id = 1), "
                          " generation INTEGER NOT NULL);"
                          "INSERT INTO commission_inputs (id, generation) VALUES (1, 1);"
                          "CREATE TABLE commission_summary (  id INTEGER PRIMARY KEY CHECK (id = 1), "
                          " generation INTEGER NOT NULL);"
                          "CREATE TABLE commission_days (  day TEXT PRIMARY KEY NOT NULL, "
                          " amount_cents INTEGER NOT NULL) WITHOUT ROWID;"
                          "CREATE TABLE payout_batches (  period TEXT PRIMARY KEY NOT NULL, "
                          " monthly INTEGER NOT NULL,  period_start TEXT NOT NULL,  period_end TEXT NOT NULL, "
                          " due_on TEXT NOT NULL,  total_cents INTEGER NOT NULL,  n_lines INTEGER NOT NULL, "
                          " paid INTEGER NOT NULL) WITHOUT ROWID;",
                          error);
}

/* The rises in the clients' payments (izp_store_keep_payment_rises()),
 * kept as a sync finishes: the dashboard's upgrades alert reads them rather
 * than every recent client's last two invoices at start-up. */
static gboolean
migrate_4_to_5 (sqlite3  *db,
                GError  **error)
{
  return izp_record_exec (db,
                          "CREATE TABLE payment_rises (  client_id TEXT PRIMARY KEY NOT NULL, "
                          " paid_on TEXT NOT NULL) WITHOUT ROWID;"
                          "CREATE INDEX payment_rises_paid_on ON payment_rises (paid_on, client_id);"
                          "CREATE TABLE payment_rises_kept (  id INTEGER PRIMARY KEY CHECK (id = 1), "
                          " generation INTEGER NOT NULL);",
                          error);
}

static const MigrationFunc migrations[] = {
  migrate_0_to_1,
  migrate_1_to_2,
  migrate_2_to_3,
  migrate_3_to_4,
  migrate_4_to_5,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == IZP_STORE_SCHEMA_VERSION);

static gboolean
read_user_version (sqlite3  *db,
                   int      *out_version,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (db, "PRAGMA user_version", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return izp_record_set_sql_error (db, error);
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

      if (!izp_record_exec (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Read again under the write lock: another process (the CLI beside
       * the app) may have taken the same step meanwhile. */
      if (!read_user_version (db, &version, error))
        {
          izp_record_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }
      if (version >= target)
        return izp_record_exec (db, "COMMIT", error);

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!migrations[version] (db, error) || !izp_record_exec (db, set_version, error))
        {
          izp_record_exec (db, "ROLLBACK", NULL);
          return FALSE;
        }

      if (!izp_record_exec (db, "COMMIT", error))
        {
          izp_record_exec (db, "ROLLBACK", NULL);
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

          account->server = izp_record_column_dup (stmt, 0);
          account->email = izp_record_column_dup (stmt, 1);
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
      g_set_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_SQL,
                   _("The local data in “%s” could not be opened: %s"),
                   path, db != NULL ? sqlite3_errmsg (db) : "?");
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, 10000);
  /* WAL with synchronous=NORMAL: a crash or a kill loses at most the last
   * transaction, never consistency. */
  if (!izp_record_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

sqlite3 *
izp_store_acquire_reader (IzpStore *self)
{
  g_return_val_if_fail (IZP_IS_STORE (self), NULL);

  g_mutex_lock (&self->read_lock);
  return self->reader;
}

void
izp_store_release_reader (IzpStore *self)
{
  g_return_if_fail (IZP_IS_STORE (self));

  g_mutex_unlock (&self->read_lock);
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

  if (!izp_record_exec (self->writer, "PRAGMA journal_mode = WAL", error) ||
      !izp_store_migrate (self->writer, IZP_STORE_SCHEMA_VERSION, error))
    return NULL;

  self->reader = open_connection (path, TRUE, error);
  if (self->reader == NULL)
    return NULL;
  /* Reads go through a cache of 8 MiB; the file is mapped only while a
   * read walks whole tables (izp_store_map_reader()). */
  if (!izp_record_exec (self->reader, "PRAGMA cache_size = -8192;", error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
izp_store_get_path (IzpStore *self)
{
  g_return_val_if_fail (IZP_IS_STORE (self), NULL);
  return self->path;
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  IzpStore *store = izp_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
izp_store_open_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

IzpStore *
izp_store_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == izp_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Running a call on a worker */

typedef struct
{
  IzpStoreRunFunc func;
  gpointer        data;
  GDestroyNotify  data_destroy;
} RunCall;

static void
run_call_free (RunCall *call)
{
  if (call->data_destroy != NULL)
    call->data_destroy (call->data);
  g_free (call);
}

static void
run_call_in_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  RunCall *call = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (!call->func (source_object, call->data, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
izp_store_run_async (IzpStore            *self,
                     IzpStoreRunFunc      func,
                     gpointer             data,
                     GDestroyNotify       data_destroy,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunCall *call;

  g_return_if_fail (IZP_IS_STORE (self));
  g_return_if_fail (func != NULL);

  call = g_new0 (RunCall, 1);
  call->func = func;
  call->data = data;
  call->data_destroy = data_destroy;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_store_run_async);
  g_task_set_task_data (task, call, (GDestroyNotify) run_call_free);
  g_task_run_in_thread (task, run_call_in_thread);
}

gboolean
izp_store_run_finish (IzpStore      *self,
                      GAsyncResult  *result,
                      gpointer      *out_data,
                      GError       **error)
{
  RunCall *call;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == izp_store_run_async, FALSE);

  call = g_task_get_task_data (G_TASK (result));
  if (out_data != NULL)
    *out_data = call->data;
  return g_task_propagate_boolean (G_TASK (result), error);
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
  stmt = izp_record_prepare (self->writer,
                             "INSERT INTO account (id, server, email) VALUES (1, ?1, ?2) "
                             "ON CONFLICT (id) DO UPDATE SET server = ?1, email = ?2",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, server);
  izp_record_bind_text (stmt, 2, email);
  return izp_record_step (self->writer, stmt, error);
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
  stmt = izp_record_prepare (self->reader, "SELECT server, email, last_sync FROM account WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return izp_record_set_sql_error (self->reader, error);

  if (out_server != NULL)
    *out_server = izp_record_column_dup (stmt, 0);
  if (out_email != NULL)
    *out_email = izp_record_column_dup (stmt, 1);
  if (out_last_sync != NULL)
    *out_last_sync = izp_record_column_dup (stmt, 2);
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
  stmt = izp_record_prepare (self->writer, "UPDATE account SET last_sync = ?1 WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, instant);
  return izp_record_step (self->writer, stmt, error);
}

/**
 * izp_store_remember_keys:
 * @keys: (array length=n_keys): event keys
 * @out_new: (array length=n_keys): TRUE where the key was not remembered yet
 *
 * Remembers every key, in one transaction.
 */
gboolean
izp_store_remember_keys (IzpStore            *self,
                         const char * const  *keys,
                         guint                n_keys,
                         gboolean            *out_new,
                         GError             **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = izp_record_prepare (self->writer, "INSERT OR IGNORE INTO notified_events (key) VALUES (?1)", error);
  for (guint i = 0; stmt != NULL && i < n_keys; i++)
    {
      sqlite3_reset (stmt);
      izp_record_bind_text (stmt, 1, keys[i]);
      if (!izp_record_step (self->writer, stmt, error))
        {
          g_clear_pointer (&stmt, sqlite3_finalize);
          break;
        }
      out_new[i] = sqlite3_changes (self->writer) > 0;
    }
  if (stmt == NULL)
    {
      izp_record_exec (self->writer, "ROLLBACK", NULL);
      return FALSE;
    }
  return izp_record_exec (self->writer, "COMMIT", error);
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
      g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (self->reader, sql, error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_step (stmt) != SQLITE_ROW)
        return izp_record_set_sql_error (self->reader, error);
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
  stmt = izp_record_prepare (self->reader, "SELECT json, etag FROM documents WHERE name = ?1", error);
  if (stmt == NULL)
    return NULL;
  izp_record_bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      izp_record_set_sql_error (self->reader, error);
      return NULL;
    }
  if (out_etag != NULL)
    *out_etag = izp_record_column_dup (stmt, 1);
  return izp_record_column_dup (stmt, 0);
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
  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* The partner's terms are an input of the commissions. */
  if (g_strcmp0 (name, "partner") == 0)
    {
      stmt = izp_record_prepare (self->writer,
                                 "UPDATE commission_inputs SET generation = generation + 1 "
                                 "WHERE NOT EXISTS (SELECT 1 FROM documents WHERE name = ?1 AND json = ?2)",
                                 error);
      if (stmt == NULL)
        goto fail;
      izp_record_bind_text (stmt, 1, name);
      izp_record_bind_text (stmt, 2, text);
      if (!izp_record_step (self->writer, stmt, error))
        goto fail;
      g_clear_pointer (&stmt, sqlite3_finalize);
    }
  stmt = izp_record_prepare (self->writer,
                             "INSERT OR REPLACE INTO documents (name, json, etag) VALUES (?1, ?2, ?3)",
                             error);
  if (stmt == NULL)
    goto fail;
  izp_record_bind_text (stmt, 1, name);
  izp_record_bind_text (stmt, 2, text);
  izp_record_bind_text (stmt, 3, etag);
  if (izp_record_step (self->writer, stmt, error) &&
      izp_record_exec (self->writer, "COMMIT", error))
    return TRUE;

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return FALSE;
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
  stmt = izp_record_prepare (db,
                             "SELECT cursor, updated_since, max_updated_at, etag, completed_at "
                             "FROM sync_state WHERE collection = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, collection);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return izp_record_set_sql_error (db, error);

  state->cursor = izp_record_column_dup (stmt, 0);
  state->updated_since = izp_record_column_dup (stmt, 1);
  state->max_updated_at = izp_record_column_dup (stmt, 2);
  state->etag = izp_record_column_dup (stmt, 3);
  state->completed_at = izp_record_column_dup (stmt, 4);
  return TRUE;
}

static gboolean
write_sync_state (sqlite3            *db,
                  const char         *collection,
                  const IzpSyncState *state,
                  GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = izp_record_prepare (db,
                             "INSERT OR REPLACE INTO sync_state "
                             "(collection, cursor, updated_since, max_updated_at, etag, completed_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, collection);
  izp_record_bind_text (stmt, 2, state->cursor);
  izp_record_bind_text (stmt, 3, state->updated_since);
  izp_record_bind_text (stmt, 4, state->max_updated_at);
  izp_record_bind_text (stmt, 5, state->etag);
  izp_record_bind_text (stmt, 6, state->completed_at);
  return izp_record_step (db, stmt, error);
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

/* The collections the commission ledger is computed from. */
static gboolean
is_commission_input (IzpCollectionId collection)
{
  switch (collection)
    {
    case IZP_COLLECTION_CLIENTS:
    case IZP_COLLECTION_INVOICES:
    case IZP_COLLECTION_SUB_PARTNERS:
    case IZP_COLLECTION_CAMPAIGNS:
    case IZP_COLLECTION_STATEMENTS:
      return TRUE;
    case IZP_COLLECTION_LEADS:
    case IZP_COLLECTION_REFERRAL_LINKS:
    case IZP_COLLECTION_RESOURCES:
    case IZP_COLLECTION_TEMPLATES:
    case IZP_N_COLLECTIONS:
    default:
      return FALSE;
    }
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

  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
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

  if (n > 0 && is_commission_input (collection) &&
      !izp_record_exec (self->writer, "UPDATE commission_inputs SET generation = generation + 1", error))
    goto fail;

  if (!izp_record_exec (self->writer, "COMMIT", error))
    goto fail;

  izp_sync_state_clear (&state);
  return TRUE;

fail:
  izp_sync_state_clear (&state);
  izp_record_exec (self->writer, "ROLLBACK", NULL);
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
  stmt = izp_record_prepare (self->writer,
                             "UPDATE sync_state SET completed_at = ?2, cursor = NULL WHERE collection = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, izp_schema_get_collection (collection)->name);
  izp_record_bind_text (stmt, 2, now);
  return izp_record_step (self->writer, stmt, error);
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
  stmt = izp_record_prepare (self->writer,
                             "UPDATE sync_state SET cursor = NULL, max_updated_at = NULL, etag = NULL "
                             "WHERE collection = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, izp_schema_get_collection (collection)->name);
  return izp_record_step (self->writer, stmt, error);
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
  g_free (entry->created_at);
  g_free (entry->message);
  g_free (entry);
}

/* The request @kind for the link @local_row and the row itself, in one
 * transaction; the entry's local_id is the row's id. */
static char *
queue_outbox (IzpStore    *self,
              const char  *kind,
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

  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return NULL;

  stmt = izp_record_prepare (self->writer,
                             "INSERT INTO outbox (kind, idempotency_key, body, local_id, created_at) "
                             "VALUES (?5, ?1, ?2, ?3, ?4)",
                             error);
  if (stmt == NULL)
    goto fail;
  izp_record_bind_text (stmt, 5, kind);
  izp_record_bind_text (stmt, 1, key);
  izp_record_bind_text (stmt, 2, text);
  izp_record_bind_text (stmt, 3, json_object_get_string_member_with_default (local_row, "id", NULL));
  izp_record_bind_text (stmt, 4, now);
  if (!izp_record_step (self->writer, stmt, error) ||
      !izp_record_writer_put (writer, local_row, error) ||
      !izp_record_exec (self->writer, "COMMIT", error))
    goto fail;

  return g_steal_pointer (&key);

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return NULL;
}

char *
izp_store_queue_link (IzpStore    *self,
                      JsonObject  *body,
                      JsonObject  *local_row,
                      GError     **error)
{
  return queue_outbox (self, IZP_OUTBOX_CREATE_LINK, body, local_row, error);
}

char *
izp_store_queue_link_patch (IzpStore    *self,
                            JsonObject  *body,
                            JsonObject  *local_row,
                            GError     **error)
{
  return queue_outbox (self, IZP_OUTBOX_PATCH_LINK, body, local_row, error);
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

  /* The reader sees every committed write: the sync lists between runs. */
  locker = g_mutex_locker_new (&self->read_lock);
  stmt = izp_record_prepare (self->reader,
                             "SELECT id, kind, idempotency_key, body, local_id, created_at, "
                             "attempts, state, last_error FROM outbox ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpOutboxEntry *entry = g_new0 (IzpOutboxEntry, 1);

      entry->id = sqlite3_column_int64 (stmt, 0);
      entry->kind = izp_record_column_dup (stmt, 1);
      entry->idempotency_key = izp_record_column_dup (stmt, 2);
      entry->body = izp_record_column_dup (stmt, 3);
      entry->local_id = izp_record_column_dup (stmt, 4);
      entry->created_at = izp_record_column_dup (stmt, 5);
      entry->attempts = sqlite3_column_int64 (stmt, 6);
      entry->state = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), "refused") == 0
                     ? IZP_OUTBOX_REFUSED : IZP_OUTBOX_PENDING;
      entry->message = izp_record_column_dup (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    {
      izp_record_set_sql_error (self->reader, error);
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

  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (entry->local_id != NULL && g_strcmp0 (entry->local_id, server_id) != 0)
    {
      g_autoptr(sqlite3_stmt) repoint = NULL;

      if (!izp_record_writer_delete (writer, entry->local_id, error))
        goto fail;
      /* Changes queued for the link before it was registered now name it
       * by the server's id. */
      repoint = izp_record_prepare (self->writer,
                                    "UPDATE outbox SET local_id = ?2 WHERE local_id = ?1 AND id <> ?3",
                                    error);
      if (repoint == NULL)
        goto fail;
      izp_record_bind_text (repoint, 1, entry->local_id);
      izp_record_bind_text (repoint, 2, server_id);
      sqlite3_bind_int64 (repoint, 3, entry->id);
      if (!izp_record_step (self->writer, repoint, error))
        goto fail;
    }
  if (!izp_record_writer_put (writer, server_link, error))
    goto fail;

  stmt = izp_record_prepare (self->writer, "DELETE FROM outbox WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, entry->id);
  if (!izp_record_step (self->writer, stmt, error) ||
      !izp_record_exec (self->writer, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return FALSE;
}

/* One UPDATE of one outbox entry, through the writer. */
static gboolean
update_outbox (IzpStore    *self,
               const char  *sql,
               gint64       id,
               const char  *message,
               GError     **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  locker = g_mutex_locker_new (&self->write_lock);
  stmt = izp_record_prepare (self->writer, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (message != NULL)
    izp_record_bind_text (stmt, 2, message);
  return izp_record_step (self->writer, stmt, error);
}

gboolean
izp_store_refuse_outbox (IzpStore              *self,
                         const IzpOutboxEntry  *entry,
                         const char            *message,
                         GError               **error)
{
  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (entry != NULL && message != NULL, FALSE);

  return update_outbox (self,
                        "UPDATE outbox SET state = 'refused', attempts = attempts + 1, "
                        "last_error = ?2 WHERE id = ?1",
                        entry->id, message, error);
}

gboolean
izp_store_retry_outbox (IzpStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  return update_outbox (self,
                        "UPDATE outbox SET state = 'pending', last_error = NULL "
                        "WHERE id = ?1 AND state = 'refused'",
                        id, NULL, error);
}

gboolean
izp_store_discard_outbox (IzpStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) delete = NULL;
  g_autofree char *local_id = NULL;
  gboolean is_patch = FALSE;
  IzpRecordWriter *writer;
  int rc;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  writer = get_record_writer (self, IZP_COLLECTION_REFERRAL_LINKS, error);
  if (writer == NULL)
    return FALSE;

  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;

  select = izp_record_prepare (self->writer, "SELECT local_id, kind FROM outbox WHERE id = ?1", error);
  if (select == NULL)
    goto fail;
  sqlite3_bind_int64 (select, 1, id);
  rc = sqlite3_step (select);
  if (rc == SQLITE_ROW)
    {
      local_id = izp_record_column_dup (select, 0);
      is_patch = g_strcmp0 ((const char *) sqlite3_column_text (select, 1), IZP_OUTBOX_PATCH_LINK) == 0;
    }
  else if (rc != SQLITE_DONE)
    {
      izp_record_set_sql_error (self->writer, error);
      goto fail;
    }

  /* A dropped change leaves the link itself alone; a dropped creation
   * takes its row and the changes queued for it. */
  delete = izp_record_prepare (self->writer,
                               is_patch ? "DELETE FROM outbox WHERE id = ?1"
                                        : "DELETE FROM outbox WHERE id = ?1 OR local_id = ?2",
                               error);
  if (delete == NULL)
    goto fail;
  sqlite3_bind_int64 (delete, 1, id);
  if (!is_patch)
    izp_record_bind_text (delete, 2, local_id);
  if ((!is_patch && local_id != NULL && !izp_record_writer_delete (writer, local_id, error)) ||
      !izp_record_step (self->writer, delete, error) ||
      !izp_record_exec (self->writer, "COMMIT", error))
    goto fail;
  return TRUE;

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return FALSE;
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
  stmt = izp_record_prepare (self->reader, sql, error);
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
      izp_record_set_sql_error (self->reader, error);
      return NULL;
    }

  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------ */

static void
close_connections (IzpStore *self)
{
  /* Prepared statements first: sqlite3_close() refuses a connection that
   * still has some. */
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    g_clear_pointer (&self->record_writers[i], izp_record_writer_free);
  /* The reader first: the last connection to close checkpoints the WAL
   * into the file and removes it, and a read-only one cannot. */
  g_clear_pointer (&self->reader, sqlite3_close);
  g_clear_pointer (&self->writer, sqlite3_close);
}

static void
izp_store_finalize (GObject *object)
{
  IzpStore *self = (IzpStore *) object;

  close_connections (self);
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

void
izp_store_close (IzpStore *self)
{
  g_autoptr(GMutexLocker) write_locker = NULL;
  g_autoptr(GMutexLocker) read_locker = NULL;

  g_return_if_fail (IZP_IS_STORE (self));

  /* Both locks, always in this order: a write or a read in progress on a
   * worker thread ends before its connection goes. */
  write_locker = g_mutex_locker_new (&self->write_lock);
  read_locker = g_mutex_locker_new (&self->read_lock);
  close_connections (self);
}

gboolean
izp_store_delete_files (const char  *path,
                        GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "" };
  g_autofree char *folder = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  /* The database last: until it goes, what is left is still a database. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_IO,
                       _("The file “%s” could not be deleted: %s"),
                       file, g_strerror (saved_errno));
          return FALSE;
        }
    }

  /* The account's folder holds only its store; leave it if something else
   * was put there. */
  folder = g_path_get_dirname (path);
  if (g_rmdir (folder) != 0 && errno != ENOENT && errno != ENOTEMPTY && errno != EEXIST)
    {
      int saved_errno = errno;

      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_IO,
                   _("The folder “%s” could not be deleted: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
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

/* ------------------------------------------------------------------ */
/* Commission summary */

static gboolean
write_summary_rows (sqlite3       *db,
                    const GArray  *days,
                    const GArray  *batches,
                    GError       **error)
{
  g_autoptr(sqlite3_stmt) day_stmt = NULL;
  g_autoptr(sqlite3_stmt) batch_stmt = NULL;

  if (!izp_record_exec (db, "DELETE FROM commission_days; DELETE FROM payout_batches;", error))
    return FALSE;
  day_stmt = izp_record_prepare (db, "INSERT INTO commission_days (day, amount_cents) VALUES (?1, ?2)", error);
  if (day_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < days->len; i++)
    {
      const IzpLedgerDay *day = &g_array_index (days, IzpLedgerDay, i);
      g_autofree char *text = izp_date_to_string (day->day);

      sqlite3_reset (day_stmt);
      izp_record_bind_text (day_stmt, 1, text);
      sqlite3_bind_int64 (day_stmt, 2, day->amount_cents);
      if (!izp_record_step (db, day_stmt, error))
        return FALSE;
    }
  batch_stmt = izp_record_prepare (db,
                                   "INSERT INTO payout_batches (period, monthly, period_start, period_end, "
                                   "due_on, total_cents, n_lines, paid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                   error);
  if (batch_stmt == NULL)
    return FALSE;
  for (guint i = 0; i < batches->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (batches, IzpPayoutBatch, i);
      g_autofree char *start = izp_date_to_string (batch->period.period_start);
      g_autofree char *end = izp_date_to_string (batch->period.period_end);
      g_autofree char *due = izp_date_to_string (batch->period.due_on);

      sqlite3_reset (batch_stmt);
      izp_record_bind_text (batch_stmt, 1, batch->period.key);
      sqlite3_bind_int (batch_stmt, 2, batch->period.monthly);
      izp_record_bind_text (batch_stmt, 3, start);
      izp_record_bind_text (batch_stmt, 4, end);
      izp_record_bind_text (batch_stmt, 5, due);
      sqlite3_bind_int64 (batch_stmt, 6, batch->total_cents);
      sqlite3_bind_int64 (batch_stmt, 7, batch->n_lines);
      sqlite3_bind_int (batch_stmt, 8, batch->state == IZP_PAYOUT_STATE_PAID);
      if (!izp_record_step (db, batch_stmt, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * izp_store_put_commission_summary:
 * @generation: the inputs' generation the ledger was computed from
 *   (IzpStoreCommissionInput.generation)
 * @days: (element-type IzpLedgerDay): izp_ledger_daily_totals()
 * @batches: (element-type IzpPayoutBatch): izp_payout_batches()
 *
 * Keeps what the dashboard needs of the ledger, in one transaction —
 * unless a sync changed the inputs since they were read: then nothing is
 * written (and %TRUE returned), the next computation will.
 */
gboolean
izp_store_put_commission_summary (IzpStore      *self,
                                  gint64         generation,
                                  const GArray  *days,
                                  const GArray  *batches,
                                  GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 current;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);
  g_return_val_if_fail (days != NULL && batches != NULL, FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = izp_record_prepare (self->writer, "SELECT generation FROM commission_inputs", error);
  if (stmt == NULL)
    goto fail;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      izp_record_set_sql_error (self->writer, error);
      goto fail;
    }
  current = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (current != generation)
    return izp_record_exec (self->writer, "COMMIT", error);

  stmt = izp_record_prepare (self->writer,
                             "INSERT OR REPLACE INTO commission_summary (id, generation) VALUES (1, ?1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, generation);
  if (write_summary_rows (self->writer, days, batches, error) &&
      izp_record_step (self->writer, stmt, error) &&
      izp_record_exec (self->writer, "COMMIT", error))
    return TRUE;

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * izp_store_keep_payment_rises:
 *
 * Keeps the rises of IZP_STORE_PAYMENT_RISES_SQL over all days, with the
 * inputs' generation they are of — in one transaction, and only when the
 * ones kept are of another generation. The dashboard reads them while they
 * stand and no invoice was paid after its day.
 */
gboolean
izp_store_keep_payment_rises (IzpStore  *self,
                              GError   **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (IZP_IS_STORE (self), FALSE);

  locker = g_mutex_locker_new (&self->write_lock);
  if (!izp_record_exec (self->writer, "BEGIN IMMEDIATE", error))
    return FALSE;
  stmt = izp_record_prepare (self->writer,
                             "SELECT 1 FROM payment_rises_kept k, commission_inputs i "
                             "WHERE k.generation = i.generation", error);
  if (stmt == NULL)
    goto fail;
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return izp_record_exec (self->writer, "COMMIT", error);
    case SQLITE_DONE:
      break;
    default:
      izp_record_set_sql_error (self->writer, error);
      goto fail;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = izp_record_prepare (self->writer,
                             "INSERT INTO payment_rises (client_id, paid_on) " IZP_STORE_PAYMENT_RISES_SQL,
                             error);
  if (stmt == NULL)
    goto fail;
  /* Every day: after the empty text, up to the last day there is. */
  izp_record_bind_text (stmt, 1, "");
  izp_record_bind_text (stmt, 2, "9999-12-31");
  if (izp_record_exec (self->writer, "DELETE FROM payment_rises", error) &&
      izp_record_step (self->writer, stmt, error) &&
      izp_record_exec (self->writer,
                       "INSERT OR REPLACE INTO payment_rises_kept (id, generation) "
                       "SELECT 1, generation FROM commission_inputs; COMMIT",
                       error))
    return TRUE;

fail:
  izp_record_exec (self->writer, "ROLLBACK", NULL);
  return FALSE;
}

/**
 * izp_store_map_reader:
 * @db: the reader, as izp_store_acquire_reader() gives it
 * @mapped: whether to map the file
 *
 * A read that walks a whole table (the commission input: every invoice)
 * reads it faster from the mapped file than copied page by page; but every
 * mapped page read counts in the process's memory (RSS) until unmapped, so
 * the other reads — the dashboard's, at start-up — do without.
 */
gboolean
izp_store_map_reader (sqlite3  *db,
                      gboolean  mapped,
                      GError  **error)
{
  return izp_record_exec (db, mapped ? "PRAGMA mmap_size = 268435456" : "PRAGMA mmap_size = 0", error);
}

/**
 * izp_store_open_reader_apart:
 *
 * A read-only connection of its own, for a read that runs beside the
 * reader's (izp-store-query's statements, while the reader walks the
 * invoices). It sees its own snapshot: the caller checks it against the
 * reader's. Close it with sqlite3_close().
 *
 * Returns: (transfer full) (nullable): the connection
 */
sqlite3 *
izp_store_open_reader_apart (IzpStore  *self,
                             GError   **error)
{
  sqlite3 *db;

  g_return_val_if_fail (IZP_IS_STORE (self), NULL);

  db = open_connection (self->path, TRUE, error);
  if (db != NULL && !izp_record_exec (db, "PRAGMA cache_size = -8192; PRAGMA mmap_size = 268435456;", error))
    g_clear_pointer (&db, sqlite3_close);
  return db;
}
