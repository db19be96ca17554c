/* izp-ledger-filter.c — which ledger lines a view shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-ledger-filter.h"

void
izp_ledger_filter_init (IzpLedgerFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->from = IZP_DATE_NONE;
  filter->to = IZP_DATE_NONE;
  filter->client_id = NULL;
  filter->kind = IZP_LEDGER_KIND_ANY;
}

gboolean
izp_ledger_filter_match (const IzpLedgerFilter *filter,
                         const IzpLedgerLine   *line)
{
  if (filter->from != IZP_DATE_NONE && line->accrued_on < filter->from)
    return FALSE;
  if (filter->to != IZP_DATE_NONE && line->accrued_on > filter->to)
    return FALSE;
  if (filter->kind != IZP_LEDGER_KIND_ANY && (int) line->kind != filter->kind)
    return FALSE;
  if (filter->client_id != NULL && g_strcmp0 (filter->client_id, line->client_id) != 0)
    return FALSE;
  return TRUE;
}

/**
 * izp_ledger_filter_rows:
 *
 * Returns: (transfer full) (element-type guint)
 */
GArray *
izp_ledger_filter_rows (const IzpLedgerFilter *filter,
                        const IzpLedger       *ledger)
{
  GArray *rows;

  g_return_val_if_fail (filter != NULL && ledger != NULL, NULL);

  rows = g_array_sized_new (FALSE, FALSE, sizeof (guint), ledger->lines->len);
  for (guint i = 0; i < ledger->lines->len; i++)
    {
      if (izp_ledger_filter_match (filter, &g_array_index (ledger->lines, IzpLedgerLine, i)))
        g_array_append_val (rows, i);
    }
  return rows;
}

IzpCents
izp_ledger_sum_rows (const IzpLedger *ledger,
                     const guint     *rows,
                     guint            n_rows,
                     IzpCents         out_by_kind[IZP_LEDGER_N_KINDS])
{
  IzpCents by_kind[IZP_LEDGER_N_KINDS] = { 0 };
  IzpCents total = 0;

  g_return_val_if_fail (ledger != NULL, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, rows[i]);

      by_kind[line->kind] += line->amount_cents;
      total += line->amount_cents;
    }
  if (out_by_kind != NULL)
    memcpy (out_by_kind, by_kind, sizeof by_kind);
  return total;
}
