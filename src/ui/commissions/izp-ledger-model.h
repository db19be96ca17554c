/* izp-ledger-model.h — the ledger lines a view shows, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "izp-commission-data.h"
#include "izp-ledger-filter.h"

G_BEGIN_DECLS

#define IZP_TYPE_LEDGER_MODEL (izp_ledger_model_get_type ())

G_DECLARE_FINAL_TYPE (IzpLedgerModel, izp_ledger_model, IZP, LEDGER_MODEL, GObject)

IzpLedgerModel    *izp_ledger_model_new        (void);
/* @data may be NULL: no lines. Keeps the sort. */
void               izp_ledger_model_set        (IzpLedgerModel        *self,
                                                IzpCommissionData     *data,
                                                const IzpLedgerFilter *filter);
IzpCommissionData *izp_ledger_model_get_data   (IzpLedgerModel        *self);
void               izp_ledger_model_set_filter (IzpLedgerModel        *self,
                                                const IzpLedgerFilter *filter);
void               izp_ledger_model_sort       (IzpLedgerModel        *self,
                                                IzpLedgerSortKey       key,
                                                gboolean               descending);
/* The ledger indices shown, in the order shown. */
const guint       *izp_ledger_model_get_rows   (IzpLedgerModel        *self,
                                                guint                 *out_n_rows);
/* The sum of what is shown, and per kind. */
IzpCents           izp_ledger_model_get_total  (IzpLedgerModel        *self,
                                                IzpCents               out_by_kind[IZP_LEDGER_N_KINDS]);

G_END_DECLS
