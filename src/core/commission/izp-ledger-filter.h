/* izp-ledger-filter.h — which ledger lines a view shows
 *
 * The one filter behind the Commissions page, its exports and the CLI, so
 * that a total shown, printed or written is the sum of the same lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-commission-engine.h"

G_BEGIN_DECLS

#define IZP_LEDGER_KIND_ANY (-1)

typedef struct
{
  IzpDate                from;        /* inclusive; IZP_DATE_NONE: open */
  IzpDate                to;          /* inclusive; IZP_DATE_NONE: open */
  const char            *client_id;   /* NULL: every client */
  int                    kind;        /* an IzpLedgerKind or IZP_LEDGER_KIND_ANY */
  const char            *batch_key;   /* NULL: any payout batch; else needs @terms */
  const IzpPartnerTerms *terms;
} IzpLedgerFilter;

typedef enum
{
  IZP_LEDGER_SORT_DATE,
  IZP_LEDGER_SORT_CLIENT,
  IZP_LEDGER_SORT_KIND,
  IZP_LEDGER_SORT_REF,
  IZP_LEDGER_SORT_BASIS,
  IZP_LEDGER_SORT_RATE,
  IZP_LEDGER_SORT_AMOUNT,
} IzpLedgerSortKey;


void      izp_ledger_filter_init  (IzpLedgerFilter       *filter);
gboolean  izp_ledger_filter_match (const IzpLedgerFilter *filter,
                                   const IzpLedgerLine   *line);
/* Indices (guint) of the matching lines, in ledger order. */
GArray   *izp_ledger_filter_rows  (const IzpLedgerFilter *filter,
                                   const IzpLedger       *ledger);
/* The sum of the lines at @rows, and per kind when @out_by_kind is set. */
IzpCents  izp_ledger_sum_rows     (const IzpLedger       *ledger,
                                   const guint           *rows,
                                   guint                  n_rows,
                                   IzpCents               out_by_kind[IZP_LEDGER_N_KINDS]);

/* The clients that have a line, by name (@names as below). */
GPtrArray *izp_ledger_clients_by_name (const IzpLedger *ledger,
                                       GHashTable      *names);

/* Sorts the indices @rows by @key, ties in ledger order; client names
 * compare as collated text (@names: client id → company name, as for
 * the CSV; may be NULL: ids then). */
void      izp_ledger_sort_rows    (const IzpLedger       *ledger,
                                   guint                 *rows,
                                   guint                  n_rows,
                                   IzpLedgerSortKey       key,
                                   gboolean               descending,
                                   GHashTable            *names);

G_END_DECLS
