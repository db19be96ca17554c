/* izp-commission-csv.h — the ledger, payouts and reconciliation as CSV for
 * French spreadsheets
 *
 * What French Excel and LibreOffice open without an import dialog: UTF-8
 * with a byte-order mark, `;` between fields, a decimal comma, dates
 * `JJ/MM/AAAA`, CRLF line ends, a header row. The same writer serves the
 * app's exports and `izyinbox-partner-cli … --format csv`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-commission-engine.h"

G_BEGIN_DECLS

#define IZP_CSV_BOM "\xef\xbb\xbf"

/* Fields of one CSV document, appended to @out. */
void      izp_csv_begin          (GString    *out);
void      izp_csv_add_text       (GString    *out,
                                  const char *text);
void      izp_csv_add_cents      (GString    *out,
                                  IzpCents    cents);
void      izp_csv_add_rate       (GString    *out,
                                  IzpBasisPoints rate_bp);
void      izp_csv_add_date       (GString    *out,
                                  IzpDate     date);
void      izp_csv_add_count      (GString    *out,
                                  gint64      count);
void      izp_csv_end_row        (GString    *out);

/* Client id → company name; a missing name shows the id. May be NULL. */
typedef GHashTable IzpClientNames;

/* The ledger lines whose indices are in @rows (all lines when @rows is NULL),
 * in that order. */
void      izp_csv_write_ledger   (GString                 *out,
                                  const IzpLedger         *ledger,
                                  const guint             *rows,
                                  guint                    n_rows,
                                  IzpClientNames          *names);
/* @batches: IzpPayoutBatch, as izp_payout_batches() returns them. */
void      izp_csv_write_payouts  (GString                 *out,
                                  const char              *currency,
                                  GArray                  *batches);
void      izp_csv_write_reconciliation (GString                 *out,
                                        const char              *currency,
                                        const IzpReconciliation *reconciliation);

G_END_DECLS
