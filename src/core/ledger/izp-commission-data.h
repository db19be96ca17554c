/* izp-commission-data.h — one account's commission figures, computed from
 * its store
 *
 * The engine's input read from the store, the ledger computed from it, and
 * what the pages, the exports and the CLI need beside it (client names,
 * cabinet, account manager). The invoices go through the engine as they are
 * read and are not kept: the input's invoices are empty, the ledger's lines
 * point into the input's ids. Immutable once built and reference-counted:
 * a worker thread builds it, the main thread and export threads read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "izp-commission-csv.h"
#include "izp-commission-engine.h"
#include "izp-store.h"

G_BEGIN_DECLS

typedef struct _IzpCommissionData IzpCommissionData;

#define IZP_TYPE_COMMISSION_DATA (izp_commission_data_get_type ())

GType                     izp_commission_data_get_type      (void) G_GNUC_CONST;

/* Reads and computes on the calling thread: call it from a worker. */
IzpCommissionData        *izp_commission_data_load          (IzpStore           *store,
                                                             GError            **error);
void                      izp_commission_data_load_async    (IzpStore           *store,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
IzpCommissionData        *izp_commission_data_load_finish   (GAsyncResult       *result,
                                                             GError            **error);

/* The last figures computed for @store in this process (by
 * izp_commission_data_load_async()), or NULL: a page shows them at once
 * while a fresh computation runs. */
IzpCommissionData        *izp_commission_data_dup_cached    (IzpStore           *store);

IzpCommissionData        *izp_commission_data_ref           (IzpCommissionData  *self);
void                      izp_commission_data_unref         (IzpCommissionData  *self);

const IzpCommissionInput *izp_commission_data_get_input     (IzpCommissionData  *self);
const IzpLedger          *izp_commission_data_get_ledger    (IzpCommissionData  *self);
const char               *izp_commission_data_get_currency  (IzpCommissionData  *self);
/* Client id → company name. */
IzpClientNames           *izp_commission_data_get_names     (IzpCommissionData  *self);
/* The ids of the clients that have a line, by name. */
GPtrArray                *izp_commission_data_get_clients_by_name (IzpCommissionData *self);
const char               *izp_commission_data_get_client_name (IzpCommissionData *self,
                                                               const char        *client_id);
const char               *izp_commission_data_get_cabinet   (IzpCommissionData  *self);
/* The account manager's name and e-mail, NULL when there is none. */
const char               *izp_commission_data_get_manager_name  (IzpCommissionData *self);
const char               *izp_commission_data_get_manager_email (IzpCommissionData *self);
/* Microseconds the read and the computation took. */
gint64                    izp_commission_data_get_load_usec (IzpCommissionData  *self);

/* Shortcuts over the engine with this data's terms and statements. */
GArray                   *izp_commission_data_payouts       (IzpCommissionData  *self,
                                                             IzpDate             today);
IzpReconciliation        *izp_commission_data_reconcile     (IzpCommissionData  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpCommissionData, izp_commission_data_unref)

G_END_DECLS
