/* izp-store-query.h — typed reads of the local store, off the caller's thread
 *
 * Each read runs on a worker thread through the store's reader connection
 * (izp_store_run_async()) and returns plain structs built straight from the
 * rows: no JSON text travels to the caller, and the UI runs no SQL. Every
 * read is cancellable: a cancelled read returns G_IO_ERROR_CANCELLED.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-commission-engine.h"
#include "izp-store.h"

G_BEGIN_DECLS

/* What the dashboard and the window title show. */
typedef struct
{
  gint64  counts[IZP_N_COLLECTIONS];   /* rows per collection, when asked for */
  char   *last_sync;                   /* NULL before the first complete sync */
  char   *cabinet;                     /* the partner's name; NULL before the first sync */
} IzpStoreOverview;

/* The commission engine's input as stored: partner terms (currency, founder,
 * tier history), clients, invoices, sub-partners, campaigns and statements,
 * each list in id order. Its strings and arrays belong to it. */
typedef struct
{
  IzpCommissionInput  input;
  /* What the commission pages show beside the figures (nullable strings). */
  const char         *cabinet;
  const char         *manager_name;     /* the partner's account manager */
  const char         *manager_email;
  const char * const *client_companies; /* parallel to input.clients */
  gint64              generation;       /* of the inputs read: izp_store_put_commission_summary() */
  /*< private >*/
  GStringChunk       *strings;
  GStringChunk       *statement_strings; /* when the statements were read apart */
  GArray             *arrays[8];
} IzpStoreCommissionInput;

void                     izp_store_overview_free                  (IzpStoreOverview        *overview);
void                     izp_store_commission_input_free          (IzpStoreCommissionInput *input);

/* Synchronous forms, for a worker thread or the CLI. */
/* With @with_counts, also the rows of each collection: a walk through
 * every table, not for start-up. */
IzpStoreOverview        *izp_store_read_overview                  (IzpStore                *store,
                                                                   gboolean                 with_counts,
                                                                   GError                 **error);
IzpStoreCommissionInput *izp_store_read_commission_input          (IzpStore                *store,
                                                                   GCancellable            *cancellable,
                                                                   GError                 **error);

/* Inside a read transaction on @db (izp_store_acquire_reader()): the
 * commission summary (izp_store_put_commission_summary()) when it was
 * computed from the inputs as they stand — @out_days (IzpLedgerDay) and
 * @out_batches (IzpPayoutBatch, their state on @today) — else both NULL. */
gboolean                 izp_store_read_commission_summary        (sqlite3                 *db,
                                                                   IzpDate                  today,
                                                                   GArray                 **out_days,
                                                                   GArray                 **out_batches,
                                                                   GError                 **error);

/* Given the invoices of a batched read (a few thousand at a time, in id
 * order), once every other list of @input is read: the invoices' strings
 * belong to @input, the array to the reader (it is reused). */
typedef void (*IzpInvoiceBatchFunc) (const IzpStoreCommissionInput *input,
                                     const IzpInvoiceFacts         *invoices,
                                     gsize                          n_invoices,
                                     gpointer                       user_data);

/* izp_store_read_commission_input() keeping no invoice: each batch goes to
 * @invoice_batch (the input's invoices stay empty). */
IzpStoreCommissionInput *izp_store_read_commission_input_batched  (IzpStore                *store,
                                                                   IzpInvoiceBatchFunc      invoice_batch,
                                                                   gpointer                 user_data,
                                                                   GCancellable            *cancellable,
                                                                   GError                 **error);

void                     izp_store_read_overview_async            (IzpStore                *store,
                                                                   gboolean                 with_counts,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
IzpStoreOverview        *izp_store_read_overview_finish           (IzpStore                *store,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);

void                     izp_store_read_commission_input_async    (IzpStore                *store,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
IzpStoreCommissionInput *izp_store_read_commission_input_finish   (IzpStore                *store,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);

/* The outbox, oldest first (element type IzpOutboxEntry): pending entries
 * and those the server refused, with its message. */
void                     izp_store_read_outbox_async              (IzpStore                *store,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
GPtrArray               *izp_store_read_outbox_finish             (IzpStore                *store,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);

/* Refused → pending: sent again at the next sync (izp_store_retry_outbox()). */
void                     izp_store_retry_outbox_async             (IzpStore                *store,
                                                                   gint64                   id,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
/* The entry and its local row go (izp_store_discard_outbox()). */
void                     izp_store_discard_outbox_async           (IzpStore                *store,
                                                                   gint64                   id,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
/* Finishes a retry or a discard. */
gboolean                 izp_store_change_outbox_finish           (IzpStore                *store,
                                                                   GAsyncResult            *result,
                                                                   GError                 **error);

/* Appends to @lines (IzpStatementLine, refs in @strings) a statement's lines
 * as the sync stores them (@json: an array of flat objects, strings without
 * escapes); FALSE, @lines unchanged, on any other form. Exposed for its
 * fuzz target. */
gboolean                 izp_store_scan_statement_lines           (GStringChunk            *strings,
                                                                   const char              *json,
                                                                   GArray                  *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpStoreOverview, izp_store_overview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpStoreCommissionInput, izp_store_commission_input_free)

G_END_DECLS
