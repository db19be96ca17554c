/* izp-commission-statement.h — the printable A4 "Relevé de commissions" (PDF)
 *
 * Drawn with cairo and Pango (no GTK): the cabinet, the period, the lines
 * grouped by month with their subtotals, the totals by kind, the payout
 * batches and their state, page numbers "Page n / N".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "izp-commission-csv.h"
#include "izp-commission-engine.h"

G_BEGIN_DECLS

typedef struct
{
  const IzpLedger *ledger;
  const char      *cabinet;
  IzpDate          from;            /* inclusive; IZP_DATE_NONE: from the first line */
  IzpDate          to;              /* inclusive; IZP_DATE_NONE: to the last line */
  IzpClientNames  *names;           /* nullable */
  GArray          *batches;         /* IzpPayoutBatch, nullable */
  IzpDate          issued_on;
} IzpStatementRequest;

/* Called now and then with the share done, 0 to 1. */
typedef void (*IzpProgressFunc) (double fraction, gpointer user_data);

gboolean izp_commission_statement_write_pdf (const IzpStatementRequest  *request,
                                             const char                 *path,
                                             IzpProgressFunc             progress,
                                             gpointer                    user_data,
                                             GCancellable               *cancellable,
                                             guint                      *out_n_pages,
                                             GError                    **error);

G_END_DECLS
