/* izp-ledger-row.h — one ledger line as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "izp-commission-data.h"

G_BEGIN_DECLS

#define IZP_TYPE_LEDGER_ROW (izp_ledger_row_get_type ())

G_DECLARE_FINAL_TYPE (IzpLedgerRow, izp_ledger_row, IZP, LEDGER_ROW, GObject)

IzpLedgerRow        *izp_ledger_row_new      (IzpCommissionData *data,
                                              guint              index);
const IzpLedgerLine *izp_ledger_row_get_line (IzpLedgerRow      *self);
IzpCommissionData   *izp_ledger_row_get_data (IzpLedgerRow      *self);
void                 izp_ledger_row_set_index (IzpLedgerRow     *self,
                                               guint             index);

G_END_DECLS
