/* izp-commission-csv.c — the ledger, payouts and reconciliation as CSV for
 * French spreadsheets
 *
 * Amounts are written without grouping (`1245,00`): a grouping space makes
 * Excel read the cell as text. Text that a spreadsheet would run as a
 * formula (a company named `=HYPERLINK(…)`) gets a leading apostrophe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "izp-commission-csv.h"
#include "izp-format.h"

/* A field separator is owed before every field but the first of a row. */
static void
begin_field (GString *out)
{
  if (out->len > 0 && out->str[out->len - 1] != '\n' &&
      !(out->len == strlen (IZP_CSV_BOM) && strcmp (out->str, IZP_CSV_BOM) == 0))
    g_string_append_c (out, ';');
}

void
izp_csv_begin (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, IZP_CSV_BOM);
}

void
izp_csv_end_row (GString *out)
{
  g_return_if_fail (out != NULL);

  g_string_append (out, "\r\n");
}

void
izp_csv_add_text (GString    *out,
                  const char *text)
{
  gboolean quote = FALSE;

  g_return_if_fail (out != NULL);

  begin_field (out);
  if (text == NULL || *text == '\0')
    return;

  if (strpbrk (text, ";\"\r\n") != NULL || text[0] == ' ' || text[strlen (text) - 1] == ' ')
    quote = TRUE;

  if (quote)
    g_string_append_c (out, '"');
  /* A cell that starts like a formula stays text. */
  if (strchr ("=+-@\t\r", text[0]) != NULL)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

void
izp_csv_add_cents (GString  *out,
                   IzpCents  cents)
{
  guint64 magnitude = cents < 0 ? (guint64) 0 - (guint64) cents : (guint64) cents;

  g_return_if_fail (out != NULL);

  begin_field (out);
  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ",%02u",
                          cents < 0 ? "-" : "", magnitude / 100, (guint) (magnitude % 100));
}

/* Basis points as a percentage: 2000 → `20,00`. */
void
izp_csv_add_rate (GString        *out,
                  IzpBasisPoints  rate_bp)
{
  izp_csv_add_cents (out, rate_bp);
}

void
izp_csv_add_date (GString *out,
                  IzpDate  date)
{
  g_autofree char *text = izp_format_date (date);

  g_return_if_fail (out != NULL);

  begin_field (out);
  g_string_append (out, text);
}

void
izp_csv_add_count (GString *out,
                   gint64   count)
{
  g_return_if_fail (out != NULL);

  begin_field (out);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, count);
}

static void
add_header (GString            *out,
            const char * const *columns)
{
  for (guint i = 0; columns[i] != NULL; i++)
    izp_csv_add_text (out, _(columns[i]));
  izp_csv_end_row (out);
}

static const char *
client_name (IzpClientNames *names,
             const char     *client_id)
{
  const char *name = NULL;

  if (client_id == NULL)
    return NULL;
  if (names != NULL)
    name = g_hash_table_lookup (names, client_id);
  return name != NULL ? name : client_id;
}

/**
 * izp_csv_write_ledger:
 * @rows: (array length=n_rows) (nullable): the lines to write, by index
 *
 * One row per line: date, client (company name), kind, reference, basis,
 * rate (%), amount, currency.
 */
void
izp_csv_write_ledger (GString         *out,
                      const IzpLedger *ledger,
                      const guint     *rows,
                      guint            n_rows,
                      IzpClientNames  *names)
{
  static const char * const columns[] = {
    N_("Date"), N_("Client"), N_("Kind"), N_("Reference"), N_("Basis"),
    N_("Rate (%)"), N_("Commission"), N_("Currency"), NULL,
  };
  guint n;

  g_return_if_fail (out != NULL);
  g_return_if_fail (ledger != NULL);

  if (out->len == 0)
    izp_csv_begin (out);
  add_header (out, columns);

  n = rows != NULL ? n_rows : ledger->lines->len;
  /* Room for about 100 bytes a row at once, rather than a copy each time
   * the string doubles (20 MB for the large dataset). */
  {
    gsize len = out->len;

    g_string_set_size (out, len + (gsize) n * 100);
    g_string_truncate (out, len);
  }
  for (guint i = 0; i < n; i++)
    {
      guint index = rows != NULL ? rows[i] : i;
      const IzpLedgerLine *line;

      g_return_if_fail (index < ledger->lines->len);
      line = &g_array_index (ledger->lines, IzpLedgerLine, index);

      izp_csv_add_date (out, line->accrued_on);
      izp_csv_add_text (out, client_name (names, line->client_id));
      izp_csv_add_text (out, izp_ledger_kind_get_label (line->kind));
      izp_csv_add_text (out, line->ref);
      if (line->rate_bp != 0)
        {
          izp_csv_add_cents (out, line->basis_cents);
          izp_csv_add_rate (out, line->rate_bp);
        }
      else
        {
          /* Flat bonuses have neither basis nor rate. */
          izp_csv_add_text (out, NULL);
          izp_csv_add_text (out, NULL);
        }
      izp_csv_add_cents (out, line->amount_cents);
      izp_csv_add_text (out, ledger->currency);
      izp_csv_end_row (out);
    }
}

/**
 * izp_csv_write_payouts:
 * @batches: (element-type IzpPayoutBatch)
 */
void
izp_csv_write_payouts (GString    *out,
                       const char *currency,
                       GArray     *batches)
{
  static const char * const columns[] = {
    N_("Batch"), N_("From"), N_("To"), N_("Due on"), N_("Lines"), N_("Amount"),
    N_("Currency"), N_("State"), NULL,
  };

  g_return_if_fail (out != NULL);
  g_return_if_fail (batches != NULL);

  if (out->len == 0)
    izp_csv_begin (out);
  add_header (out, columns);

  for (guint i = 0; i < batches->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (batches, IzpPayoutBatch, i);

      izp_csv_add_text (out, batch->period.key);
      izp_csv_add_date (out, batch->period.period_start);
      izp_csv_add_date (out, batch->period.period_end);
      izp_csv_add_date (out, batch->period.due_on);
      izp_csv_add_count (out, batch->n_lines);
      izp_csv_add_cents (out, batch->total_cents);
      izp_csv_add_text (out, currency);
      izp_csv_add_text (out, izp_payout_state_get_label (batch->state));
      izp_csv_end_row (out);
    }
}

static void
write_items (GString    *out,
             const char *period,
             const char *finding,
             GArray     *items,
             const char *currency)
{
  for (guint i = 0; i < items->len; i++)
    {
      const IzpReconciliationItem *item = &g_array_index (items, IzpReconciliationItem, i);

      izp_csv_add_text (out, period);
      izp_csv_add_text (out, finding);
      izp_csv_add_text (out, izp_ledger_kind_get_label (item->kind));
      izp_csv_add_text (out, item->ref);
      izp_csv_add_cents (out, item->local_cents);
      izp_csv_add_cents (out, item->statement_cents);
      izp_csv_add_cents (out, item->local_cents - item->statement_cents);
      izp_csv_add_text (out, currency);
      izp_csv_end_row (out);
    }
}

/**
 * izp_csv_write_reconciliation:
 *
 * Per statement period: one row per line missing from the statement,
 * unknown locally or with a different amount, then a row with the period's
 * totals and net difference (local − statement).
 */
void
izp_csv_write_reconciliation (GString                 *out,
                              const char              *currency,
                              const IzpReconciliation *reconciliation)
{
  static const char * const columns[] = {
    N_("Period"), N_("Finding"), N_("Kind"), N_("Reference"), N_("Local amount"),
    N_("Statement amount"), N_("Difference"), N_("Currency"), NULL,
  };

  g_return_if_fail (out != NULL);
  g_return_if_fail (reconciliation != NULL);

  if (out->len == 0)
    izp_csv_begin (out);
  add_header (out, columns);

  for (guint i = 0; i < reconciliation->periods->len; i++)
    {
      const IzpReconciliationPeriod *period =
        &g_array_index (reconciliation->periods, IzpReconciliationPeriod, i);
      g_autofree char *matched = NULL;

      write_items (out, period->period, _("Missing from the statement"), period->missing, currency);
      write_items (out, period->period, _("Unknown locally"), period->unknown, currency);
      write_items (out, period->period, _("Different amount"), period->differences, currency);

      matched = g_strdup_printf (ngettext ("Period total (%u line matches)",
                                           "Period total (%u lines match)",
                                           period->n_matched),
                                 period->n_matched);
      izp_csv_add_text (out, period->period);
      izp_csv_add_text (out, matched);
      izp_csv_add_text (out, NULL);
      izp_csv_add_text (out, NULL);
      izp_csv_add_cents (out, period->local_cents);
      izp_csv_add_cents (out, period->statement_cents);
      izp_csv_add_cents (out, period->net_difference_cents);
      izp_csv_add_text (out, currency);
      izp_csv_end_row (out);
    }
}
