/* izp-store.h — the local copy of one account's data (SQLite)
 *
 * One database per account (server + e-mail), in WAL mode, migrated by
 * `PRAGMA user_version`. The sync writes through it; the UI and the CLI read
 * typed results through izp-store-query.h. Every function is thread-safe:
 * writes go through one connection, reads through another (WAL lets them run
 * side by side), each behind its own lock — call them from a worker thread,
 * for instance with izp_store_run_async(). SQLite failures are
 * IZP_RECORD_ERROR_SQL (izp-record-table.h), the one SQL error domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include <gio/gio.h>

#include "izp-record-table.h"
#include "izp-schema.h"

G_BEGIN_DECLS

#define IZP_STORE_ERROR (izp_store_error_quark ())

typedef enum
{
  IZP_STORE_ERROR_TOO_NEW,    /* written by a newer version of the app */
  IZP_STORE_ERROR_IO,         /* the folder could not be created */
  IZP_STORE_ERROR_NOT_SYNCED, /* a read needs data no sync has brought yet */
  IZP_STORE_ERROR_DAMAGED,    /* a stored value is not what the contract allows */
} IzpStoreError;

/* The schema version this build writes; see izp_store_migrate(). */
#define IZP_STORE_SCHEMA_VERSION 5

typedef struct
{
  char *cursor;            /* NULL: not in the middle of a run */
  char *updated_since;     /* NULL: never completed */
  char *max_updated_at;    /* greatest updated_at seen in the current run */
  char *etag;
  char *completed_at;
} IzpSyncState;

typedef enum
{
  IZP_OUTBOX_PENDING,        /* sent at the next sync */
  IZP_OUTBOX_REFUSED,        /* the server refused it: the user retries or discards */
} IzpOutboxState;

/* Outbox kinds: a new link (POST), a change to a link (PATCH of local_id). */
#define IZP_OUTBOX_CREATE_LINK "create_link"
#define IZP_OUTBOX_PATCH_LINK  "patch_link"

typedef struct
{
  gint64          id;
  char           *kind;      /* IZP_OUTBOX_CREATE_LINK or IZP_OUTBOX_PATCH_LINK */
  char           *idempotency_key;
  char           *body;      /* JSON */
  char           *local_id;  /* the local row standing in for it */
  char           *created_at;
  gint64          attempts;  /* refusals so far */
  IzpOutboxState  state;
  char           *message;   /* REFUSED: the server's reason, as shown to the user */
} IzpOutboxEntry;

typedef struct
{
  char *server;
  char *email;
  char *path;                /* …/store.db */
} IzpStoreAccount;

#define IZP_TYPE_STORE (izp_store_get_type ())

G_DECLARE_FINAL_TYPE (IzpStore, izp_store, IZP, STORE, GObject)

GQuark       izp_store_error_quark        (void);

void         izp_sync_state_clear         (IzpSyncState   *state);
void         izp_outbox_entry_free        (IzpOutboxEntry *entry);
void         izp_store_account_free       (IzpStoreAccount *account);

/* `$XDG_DATA_HOME/izyinbox-partner`. */
char        *izp_store_default_data_dir   (void);
/* `DATA_DIR/accounts/<sha256 of server and e-mail>/store.db`. */
char        *izp_store_account_path       (const char     *data_dir,
                                           const char     *server,
                                           const char     *email);
/* Accounts found under @data_dir (element type IzpStoreAccount). */
GPtrArray   *izp_store_list_accounts      (const char     *data_dir,
                                           GError        **error);

/* Brings @db from its user_version up to @target, in order, each step in
 * its own transaction. A database newer than this build is refused. */
gboolean     izp_store_migrate            (sqlite3        *db,
                                           int             target,
                                           GError        **error);

/* Opens (creating the folders, mode 0700) and migrates. */
IzpStore    *izp_store_open               (const char     *path,
                                           GError        **error);
/* The same on a worker thread. */
void         izp_store_open_async         (const char     *path,
                                           GCancellable   *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer        user_data);
IzpStore    *izp_store_open_finish        (GAsyncResult   *result,
                                           GError        **error);
const char  *izp_store_get_path           (IzpStore       *self);

gboolean     izp_store_set_account        (IzpStore       *self,
                                           const char     *server,
                                           const char     *email,
                                           GError        **error);
/* Any out argument may be NULL; *out_last_sync is NULL before a full sync. */
gboolean     izp_store_get_account        (IzpStore       *self,
                                           char          **out_server,
                                           char          **out_email,
                                           char          **out_last_sync,
                                           GError        **error);
/* Remembers event keys; @out_new[i] says whether keys[i] is new. */
gboolean     izp_store_remember_keys      (IzpStore            *self,
                                           const char * const  *keys,
                                           guint                n_keys,
                                           gboolean            *out_new,
                                           GError             **error);
gboolean     izp_store_set_last_sync      (IzpStore       *self,
                                           const char     *instant,
                                           GError        **error);

/* Rows per collection (tombstones are deleted rows: not counted). */
gboolean     izp_store_get_counts         (IzpStore       *self,
                                           gint64          counts[IZP_N_COLLECTIONS],
                                           GError        **error);

/* "partner", "leaderboard": the JSON text, or NULL with no error if absent. */
char        *izp_store_get_document       (IzpStore       *self,
                                           const char     *name,
                                           char          **out_etag,
                                           GError        **error);
gboolean     izp_store_put_document       (IzpStore       *self,
                                           const char     *name,
                                           JsonObject     *object,
                                           const char     *etag,
                                           GError        **error);

gboolean     izp_store_get_sync_state     (IzpStore       *self,
                                           IzpCollectionId collection,
                                           IzpSyncState   *out_state,
                                           GError        **error);

/* Stores one page and where the sync stands, in ONE transaction: items are
 * put, tombstones deleted; with a @next_cursor the cursor is remembered,
 * without one the collection is complete (updated_since = the greatest
 * updated_at seen, cursor cleared, @etag kept for a conditional request). */
gboolean     izp_store_write_page         (IzpStore       *self,
                                           IzpCollectionId collection,
                                           JsonArray      *items,
                                           const char     *next_cursor,
                                           const char     *etag,
                                           GError        **error);
/* 304 on a collection: it is complete and unchanged. */
gboolean     izp_store_mark_unchanged     (IzpStore       *self,
                                           IzpCollectionId collection,
                                           GError        **error);
/* The server forgot our cursor: the next run starts this collection over
 * from its last completed updated_since. */
gboolean     izp_store_reset_cursor       (IzpStore       *self,
                                           IzpCollectionId collection,
                                           GError        **error);

/* A link created offline: the local row (id @local_row.id) and the queued
 * request in one transaction. Returns the idempotency key. */
char        *izp_store_queue_link         (IzpStore       *self,
                                           JsonObject     *body,
                                           JsonObject     *local_row,
                                           GError        **error);
/* A change to a link made offline (@body the PATCH's): the link's row as
 * it now stands locally and the queued request in one transaction. The
 * entry names the link by @local_row's id, re-pointed to the server's id
 * when a queued creation of it is registered. Returns the key. */
char        *izp_store_queue_link_patch   (IzpStore       *self,
                                           JsonObject     *body,
                                           JsonObject     *local_row,
                                           GError        **error);
/* Element type IzpOutboxEntry, oldest first. */
GPtrArray   *izp_store_list_outbox        (IzpStore       *self,
                                           GError        **error);
/* The server registered it: the local row is replaced by @server_link and
 * the entry removed, in one transaction (also how a change is settled:
 * @server_link the row to keep). */
gboolean     izp_store_complete_outbox    (IzpStore       *self,
                                           const IzpOutboxEntry *entry,
                                           JsonObject     *server_link,
                                           GError        **error);
/* The server refused it (a 4xx): kept, not sent again, with @message. */
gboolean     izp_store_refuse_outbox      (IzpStore       *self,
                                           const IzpOutboxEntry *entry,
                                           const char     *message,
                                           GError        **error);
/* A refused entry goes back to pending (sent at the next sync, with the
 * same idempotency key). An unknown or pending @id is left as it is. */
gboolean     izp_store_retry_outbox       (IzpStore       *self,
                                           gint64          id,
                                           GError        **error);
/* A creation: the entry, the local row standing in for it and the changes
 * queued for that row go, in one transaction. A change (patch_link): only
 * the entry goes, the link's row stays. */
gboolean     izp_store_discard_outbox     (IzpStore       *self,
                                           gint64          id,
                                           GError        **error);

/* A collection as a compact JSON array ordered by id, rows turned back into
 * items with izp_record_table_append_json(). */
char        *izp_store_dump_collection    (IzpStore       *self,
                                           IzpCollectionId collection,
                                           GError        **error);

/* The read-only connection, locked until izp_store_release_reader(): for
 * the typed reads of izp-store-query.c, on a worker thread. */
sqlite3     *izp_store_acquire_reader     (IzpStore       *self);
void         izp_store_release_reader     (IzpStore       *self);

/* Work for a worker thread: reads or writes through @store, puts its
 * results into @data, returns FALSE with @error set on failure. It may
 * check @cancellable between rows; a transaction it began, it finishes. */
typedef gboolean (*IzpStoreRunFunc) (IzpStore      *store,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* The one way to run a store call off the caller's thread: @func runs on a
 * worker with @data (freed with @data_destroy once the result is). If
 * @cancellable is cancelled before @func starts, or while it runs, the
 * result is G_IO_ERROR_CANCELLED. */
void         izp_store_run_async          (IzpStore       *self,
                                           IzpStoreRunFunc func,
                                           gpointer        data,
                                           GDestroyNotify  data_destroy,
                                           GCancellable   *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer        user_data);
/* @out_data: (out) (transfer none) (optional): the @data given to
 * izp_store_run_async(), alive as long as @result, to take results from. */
gboolean     izp_store_run_finish         (IzpStore       *self,
                                           GAsyncResult   *result,
                                           gpointer       *out_data,
                                           GError        **error);

/* Closes both connections at once (waiting for a call in progress); every
 * later call fails with IZP_RECORD_ERROR_CLOSED. Idempotent. */
void         izp_store_close              (IzpStore       *self);
/* Removes the database at @path (and its -wal and -shm files), then its
 * folder if nothing else is in it. A store open on it must be closed
 * first: izp_session_delete_local_data() does both in order. */
gboolean     izp_store_delete_files       (const char     *path,
                                           GError        **error);

/* One item the server answered outside a sync run (a PATCH): put as is,
 * the sync state untouched. */
gboolean     izp_store_put_item           (IzpStore       *self,
                                           IzpCollectionId collection,
                                           JsonObject     *item,
                                           GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpOutboxEntry, izp_outbox_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpStoreAccount, izp_store_account_free)

/* A read-only connection of its own (sqlite3_close() it), for a read beside
 * the reader's. */
sqlite3     *izp_store_open_reader_apart  (IzpStore      *self,
                                           GError       **error);

/* Maps the file under the reader for a walk through whole tables, or no
 * longer; between izp_store_acquire_reader() and izp_store_release_reader(). */
gboolean     izp_store_map_reader         (sqlite3       *db,
                                           gboolean       mapped,
                                           GError       **error);

/* What the dashboard needs of the ledger, kept for the inputs' generation it
 * was computed from (see izp-store-query.h for the reads). */
gboolean     izp_store_put_commission_summary (IzpStore     *self,
                                               gint64        generation,
                                               const GArray *days,
                                               const GArray *batches,
                                               GError      **error);

/* The rises in the clients' payments: each client paid in (?1, ?2] whose
 * last paid positive invoice of its own up to ?2 (by day paid, then period,
 * then id) is larger than the one before it, with the day it was paid.
 * Dates as text; columns client_id, paid_on. Along invoices_status_paid_on
 * for the clients, invoices_client_paid_on for each one's last two. */
#define IZP_STORE_PAYMENT_RISES_SQL \
  "WITH recent AS (SELECT client_id, max (paid_on) AS paid_on FROM invoices " \
  "                WHERE status = 'paid' AND paid_on > ?1 AND paid_on <= ?2 " \
  "                AND amount_cents > 0 AND source = 'own' GROUP BY client_id), " \
  "last_two AS (SELECT recent.client_id, recent.paid_on, " \
  "             (" IZP_STORE_PAID_POSITIVE_OF_CLIENT " LIMIT 1) AS last_cents, " \
  "             (" IZP_STORE_PAID_POSITIVE_OF_CLIENT " LIMIT 1 OFFSET 1) AS before_cents " \
  "             FROM recent) " \
  "SELECT client_id, paid_on FROM last_two WHERE last_cents > before_cents"
#define IZP_STORE_PAID_POSITIVE_OF_CLIENT \
  "SELECT i.amount_cents FROM invoices AS i WHERE i.client_id = recent.client_id " \
  "AND i.paid_on <= ?2 AND i.status = 'paid' AND i.amount_cents > 0 AND i.source = 'own' " \
  "ORDER BY i.paid_on DESC, i.period_start DESC, i.id DESC"

/* Keeps every client's rise (IZP_STORE_PAYMENT_RISES_SQL over all days) for
 * the inputs' generation, once: a sync calls it as it finishes. */
gboolean     izp_store_keep_payment_rises (IzpStore      *self,
                                           GError       **error);

G_END_DECLS
