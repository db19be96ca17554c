/* test-commission-export.c — what the ledger becomes for people: CSV,
 * reconciliation sentences, the claim e-mail, sorting, the calculator
 *
 * Expected values are computed by hand in the comments, from the rules
 * page (commission-rules.md) and the hand-written statements below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "izp-commission-claim.h"
#include "izp-commission-csv.h"
#include "izp-commission-projection.h"
#include "izp-json.h"
#include "izp-ledger-filter.h"

#define D(text) parse_date (text)

static IzpDate
parse_date (const char *text)
{
  IzpDate date;

  g_assert_true (izp_date_parse (text, &date));
  return date;
}

/* The CSV read back by Python's csv module (tests/api/read-csv.py). */
static JsonArray *
read_back (GString   *csv,
           JsonNode **out_root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("IZP_SOURCE_ROOT"), "tests", "api", "read-csv.py", NULL);
  g_autoptr(GSubprocess) process = NULL;
  JsonObject *object;
  int fd = g_file_open_tmp ("izp-csv-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, &error));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", script, path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_unlink (path);

  *out_root = izp_json_parse_bounded (out, strlen (out), 1 << 20, 8, &error);
  g_assert_no_error (error);
  object = json_node_get_object (*out_root);
  g_assert_true (json_object_get_boolean_member (object, "bom"));
  g_assert_true (json_object_get_boolean_member (object, "crlf"));
  return json_object_get_array_member (object, "rows");
}

static const char *
cell (JsonArray *rows,
      guint      row,
      guint      column)
{
  return json_array_get_string_element (json_array_get_array_element (rows, row), column);
}

static void
test_csv_ledger (void)
{
  g_autoptr(IzpLedger) ledger = izp_ledger_new ("CHF");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;
  guint only[] = { 2, 0 };

  g_hash_table_insert (names, (gpointer) "cli_1", (gpointer) "Dupont; Fils & \"Associés\"");
  g_hash_table_insert (names, (gpointer) "cli_2", (gpointer) "=HYPERLINK(\"http://x\")");
  g_hash_table_insert (names, (gpointer) "cli_3", (gpointer) "Boulangerie\ndu Port");
  /* 14 900 × 25 % = 3 725; a flat bonus; 1 234 567,89 × 20 % = 246 913,578 → 246 913,58. */
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_1", "cli_1", D ("2028-02-29"), 14900, 2500, 3725);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_TRANCHE_BONUS, "tranche:10", NULL, D ("2026-01-05"), 0, 0, 50000);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv;2", "cli_2", D ("2026-12-31"), 123456789, 2000,
                       izp_money_apply_rate (123456789, 2000));
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_OVERRIDE, "inv_3", "cli_3", D ("2027-01-01"), 5900, 500, 295);

  izp_csv_write_ledger (csv, ledger, NULL, 0, names);
  rows = read_back (csv, &root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (rows, i)), ==, 8);

  g_assert_cmpstr (cell (rows, 1, 0), ==, "29/02/2028");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "Dupont; Fils & \"Associés\"");
  g_assert_cmpstr (cell (rows, 1, 3), ==, "inv_1");
  g_assert_cmpstr (cell (rows, 1, 4), ==, "149,00");
  g_assert_cmpstr (cell (rows, 1, 5), ==, "25,00");
  g_assert_cmpstr (cell (rows, 1, 6), ==, "37,25");
  g_assert_cmpstr (cell (rows, 1, 7), ==, "CHF");
  /* Flat bonus: no client, no basis, no rate. */
  g_assert_cmpstr (cell (rows, 2, 0), ==, "05/01/2026");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "");
  g_assert_cmpstr (cell (rows, 2, 4), ==, "");
  g_assert_cmpstr (cell (rows, 2, 5), ==, "");
  g_assert_cmpstr (cell (rows, 2, 6), ==, "500,00");
  /* A formula stays text; no grouping in amounts. */
  g_assert_cmpstr (cell (rows, 3, 1), ==, "'=HYPERLINK(\"http://x\")");
  g_assert_cmpstr (cell (rows, 3, 3), ==, "inv;2");
  g_assert_cmpstr (cell (rows, 3, 4), ==, "1234567,89");
  g_assert_cmpstr (cell (rows, 3, 6), ==, "246913,58");
  g_assert_cmpstr (cell (rows, 4, 1), ==, "Boulangerie\ndu Port");
  g_assert_cmpstr (cell (rows, 4, 6), ==, "2,95");
  g_clear_pointer (&root, json_node_unref);

  /* Rows as shown: the order given. */
  g_string_truncate (csv, 0);
  izp_csv_write_ledger (csv, ledger, only, G_N_ELEMENTS (only), names);
  rows = read_back (csv, &root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (cell (rows, 1, 3), ==, "inv;2");
  g_assert_cmpstr (cell (rows, 2, 3), ==, "inv_1");
}

static void
test_csv_negative_and_counts (void)
{
  g_autoptr(GString) csv = g_string_new (NULL);

  izp_csv_begin (csv);
  izp_csv_add_cents (csv, -5);
  izp_csv_add_cents (csv, -123456);
  izp_csv_add_cents (csv, G_MININT64);
  izp_csv_add_count (csv, 240000);
  izp_csv_add_text (csv, " padded ");
  izp_csv_end_row (csv);
  g_assert_cmpstr (csv->str, ==, IZP_CSV_BOM "-0,05;-1234,56;-92233720368547758,08;240000;\" padded \"\r\n");
}

/* A referent partner (quarterly batches) and hand-written statements with
 * each kind of difference. */
static IzpLedger *
reconciliation_ledger (void)
{
  IzpLedger *ledger = izp_ledger_new ("EUR");

  /* 2026-Q1: three lines; 2026-Q2: one. */
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_a", "cli_1", D ("2026-01-14"), 14900, 2000, 2980);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_b", "cli_2", D ("2026-02-14"), 5900, 2000, 1180);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_REFERRAL_BONUS, "sub_1", NULL, D ("2026-03-31"), 0, 0, 100000);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_c", "cli_1", D ("2026-04-14"), 14900, 2000, 2980);
  return ledger;
}

static void
test_reconciliation_explained (void)
{
  g_autoptr(IzpLedger) ledger = reconciliation_ledger ();
  IzpPartnerTerms terms = { "EUR", FALSE, NULL, 0 };
  /* Q1: inv_a matches, inv_b paid 10,00 instead of 11,80, the referral
   * bonus is missing, inv_z is unknown locally. Q2: all right. */
  IzpStatementLine q1[] = {
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_a", 2980 },
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_b", 1000 },
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_z", 700 },
  };
  IzpStatementLine q2[] = { { IZP_LEDGER_KIND_RECURRING_Y1, "inv_c", 2980 } };
  IzpStatementFacts statements[] = {
    { "st_1", "2026-Q1", IZP_STATEMENT_STATUS_PAID, 4680, q1, G_N_ELEMENTS (q1) },
    { "st_2", "2026-Q2", IZP_STATEMENT_STATUS_ISSUED, 2980, q2, G_N_ELEMENTS (q2) },
  };
  g_autoptr(IzpReconciliation) reconciliation = izp_reconcile (ledger, &terms, statements, 2);
  const IzpReconciliationPeriod *first;
  const IzpReconciliationPeriod *second;
  g_autofree char *missing = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *matching = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  g_assert_cmpuint (reconciliation->periods->len, ==, 2);
  first = &g_array_index (reconciliation->periods, IzpReconciliationPeriod, 0);
  second = &g_array_index (reconciliation->periods, IzpReconciliationPeriod, 1);
  g_assert_cmpuint (first->n_matched, ==, 1);
  g_assert_cmpuint (first->missing->len, ==, 1);
  g_assert_cmpuint (first->unknown->len, ==, 1);
  g_assert_cmpuint (first->differences->len, ==, 1);
  /* Local 2 980 + 1 180 + 100 000 = 104 160; statement 4 680; net 99 480. */
  g_assert_cmpint (first->local_cents, ==, 104160);
  g_assert_cmpint (first->statement_cents, ==, 4680);
  g_assert_cmpint (first->net_difference_cents, ==, 99480);
  g_assert_cmpuint (second->n_matched, ==, 1);
  g_assert_cmpint (second->net_difference_cents, ==, 0);

  missing = izp_finding_explain (IZP_FINDING_MISSING, &g_array_index (first->missing, IzpReconciliationItem, 0), "EUR");
  g_assert_nonnull (strstr (missing, "sub_1"));
  g_assert_nonnull (strstr (missing, "1\u202f000,00\u00a0€"));
  unknown = izp_finding_explain (IZP_FINDING_UNKNOWN, &g_array_index (first->unknown, IzpReconciliationItem, 0), "EUR");
  g_assert_nonnull (strstr (unknown, "inv_z"));
  g_assert_nonnull (strstr (unknown, "7,00\u00a0€"));
  difference = izp_finding_explain (IZP_FINDING_DIFFERENCE, &g_array_index (first->differences, IzpReconciliationItem, 0), "EUR");
  g_assert_nonnull (strstr (difference, "11,80\u00a0€"));
  g_assert_nonnull (strstr (difference, "10,00\u00a0€"));
  g_assert_nonnull (strstr (difference, "1,80\u00a0€"));
  summary = izp_reconciliation_period_explain (first, "EUR");
  g_assert_nonnull (strstr (summary, "994,80\u00a0€"));
  matching = izp_reconciliation_period_explain (second, "EUR");
  g_assert_nonnull (strstr (matching, "29,80\u00a0€"));

  /* The claim lists the missing and the differing lines, not the unknown
   * one, and claims 1 000,00 + 1,80 = 1 001,80. Q2 has nothing to claim. */
  g_assert_true (izp_reconciliation_has_claim (reconciliation));
  izp_reconciliation_claim (reconciliation, "EUR", "Cabinet Martin", "Inès Roux", &subject, &body);
  g_assert_nonnull (strstr (subject, "2026-Q1"));
  g_assert_null (strstr (subject, "2026-Q2"));
  g_assert_nonnull (strstr (subject, "1\u202f001,80\u00a0€"));
  g_assert_nonnull (strstr (body, "Inès Roux"));
  g_assert_nonnull (strstr (body, "sub_1"));
  g_assert_nonnull (strstr (body, "inv_b"));
  g_assert_null (strstr (body, "inv_z"));
  g_assert_null (strstr (body, "inv_a"));
  g_assert_nonnull (strstr (body, "Cabinet Martin"));

  uri = izp_mailto_uri ("ines.roux@izyinbox.fr", "a b&c", "l1\nl2");
  g_assert_cmpstr (uri, ==, "mailto:ines.roux@izyinbox.fr?subject=a%20b%26c&body=l1%0D%0Al2");

  /* The CSV: one row per finding, a total row per period. */
  izp_csv_write_reconciliation (csv, "EUR", reconciliation);
  rows = read_back (csv, &root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1 + 3 + 1 + 1);
  g_assert_cmpstr (cell (rows, 1, 3), ==, "sub_1");
  g_assert_cmpstr (cell (rows, 1, 6), ==, "1000,00");
  g_assert_cmpstr (cell (rows, 2, 3), ==, "inv_z");
  g_assert_cmpstr (cell (rows, 2, 6), ==, "-7,00");
  g_assert_cmpstr (cell (rows, 3, 3), ==, "inv_b");
  g_assert_cmpstr (cell (rows, 3, 6), ==, "1,80");
  g_assert_cmpstr (cell (rows, 4, 6), ==, "994,80");
  g_assert_cmpstr (cell (rows, 5, 0), ==, "2026-Q2");
  g_assert_cmpstr (cell (rows, 5, 6), ==, "0,00");
}

static void
test_claim_nothing (void)
{
  g_autoptr(IzpLedger) ledger = reconciliation_ledger ();
  IzpPartnerTerms terms = { "EUR", FALSE, NULL, 0 };
  IzpStatementLine q2[] = { { IZP_LEDGER_KIND_RECURRING_Y1, "inv_c", 2980 } };
  IzpStatementFacts statement = { "st_2", "2026-Q2", IZP_STATEMENT_STATUS_PAID, 2980, q2, 1 };
  g_autoptr(IzpReconciliation) reconciliation = izp_reconcile (ledger, &terms, &statement, 1);

  g_assert_false (izp_reconciliation_has_claim (reconciliation));
}

static void
test_payouts_csv (void)
{
  g_autoptr(IzpLedger) ledger = reconciliation_ledger ();
  IzpPartnerTerms terms = { "EUR", FALSE, NULL, 0 };
  g_autoptr(GArray) batches = izp_payout_batches (ledger, &terms, NULL, 0, D ("2026-04-16"));
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *rows;

  izp_csv_write_payouts (csv, "EUR", batches);
  rows = read_back (csv, &root);
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  /* Q1 due 15/04/2026, late on the 16th; Q2 due 15/07/2026. */
  g_assert_cmpstr (cell (rows, 1, 0), ==, "2026-Q1");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "01/01/2026");
  g_assert_cmpstr (cell (rows, 1, 2), ==, "31/03/2026");
  g_assert_cmpstr (cell (rows, 1, 3), ==, "15/04/2026");
  g_assert_cmpstr (cell (rows, 1, 4), ==, "3");
  g_assert_cmpstr (cell (rows, 1, 5), ==, "1041,60");
  g_assert_cmpstr (cell (rows, 1, 7), ==, izp_payout_state_get_label (IZP_PAYOUT_STATE_LATE));
  g_assert_cmpstr (cell (rows, 2, 3), ==, "15/07/2026");
  g_assert_cmpstr (cell (rows, 2, 7), ==, izp_payout_state_get_label (IZP_PAYOUT_STATE_DUE));
}

static void
test_sort_and_filter (void)
{
  g_autoptr(IzpLedger) ledger = izp_ledger_new ("EUR");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GArray) groups = NULL;
  g_autoptr(GArray) window = NULL;
  IzpLedgerFilter filter;
  IzpTierChange history[] = { { IZP_TIER_CERTIFIE, D ("2026-02-10") } };
  IzpPartnerTerms terms = { "EUR", FALSE, history, 1 };

  g_hash_table_insert (names, (gpointer) "c_e", (gpointer) "Épicerie Zola");
  g_hash_table_insert (names, (gpointer) "c_a", (gpointer) "Atelier Dubois");
  g_hash_table_insert (names, (gpointer) "c_z", (gpointer) "Zinguerie Petit");
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "i0", "c_z", D ("2026-01-31"), 5900, 2000, 1180);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "i1", "c_e", D ("2026-02-28"), 14900, 2500, 3725);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_TRANCHE_BONUS, "tranche:10", NULL, D ("2026-02-11"), 0, 0, 50000);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "i3", "c_a", D ("2026-01-05"), 5900, 2000, 1180);

  izp_ledger_filter_init (&filter);
  rows = izp_ledger_filter_rows (&filter, ledger);
  izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len, IZP_LEDGER_SORT_AMOUNT, TRUE, names);
  /* Largest first; the two 11,80 in ledger order. */
  g_assert_cmpuint (g_array_index (rows, guint, 0), ==, 2);
  g_assert_cmpuint (g_array_index (rows, guint, 1), ==, 1);
  g_assert_cmpuint (g_array_index (rows, guint, 2), ==, 0);
  g_assert_cmpuint (g_array_index (rows, guint, 3), ==, 3);
  /* Clients by name as a French reader sorts them (É with E), no client
   * first. */
  if (setlocale (LC_COLLATE, "fr_FR.UTF-8") == NULL)
    g_test_incomplete ("no fr_FR.UTF-8 locale: the accents' collation is not checked");
  else
    {
      izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len, IZP_LEDGER_SORT_CLIENT, FALSE, names);
      g_assert_cmpuint (g_array_index (rows, guint, 0), ==, 2);
      g_assert_cmpuint (g_array_index (rows, guint, 1), ==, 3);
      g_assert_cmpuint (g_array_index (rows, guint, 2), ==, 1);
      g_assert_cmpuint (g_array_index (rows, guint, 3), ==, 0);
      setlocale (LC_COLLATE, "");
    }
  izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len, IZP_LEDGER_SORT_DATE, FALSE, names);
  g_assert_cmpuint (g_array_index (rows, guint, 0), ==, 3);
  g_assert_cmpuint (izp_ledger_sum_rows (ledger, (guint *) (gpointer) rows->data, rows->len, NULL), ==,
                    1180 + 3725 + 50000 + 1180);

  /* A batch's lines: January is quarterly (2026-Q1, tier referent on 31
   * January), February monthly (certifie from the 10th). */
  filter.batch_key = "2026-Q1";
  filter.terms = &terms;
  window = izp_ledger_filter_rows (&filter, ledger);
  g_assert_cmpuint (window->len, ==, 2);
  g_assert_cmpuint (izp_ledger_sum_rows (ledger, (guint *) (gpointer) window->data, window->len, NULL), ==, 2360);
  filter.batch_key = "2026-02";
  g_clear_pointer (&window, g_array_unref);
  window = izp_ledger_filter_rows (&filter, ledger);
  g_assert_cmpuint (window->len, ==, 2);

  /* Groups of the rows shown equal the groups of the whole ledger. */
  groups = izp_ledger_group_rows (ledger, IZP_GROUP_BY_MONTH, (guint *) (gpointer) rows->data, rows->len);
  g_assert_cmpuint (groups->len, ==, 2);
  g_assert_cmpstr (g_array_index (groups, IzpLedgerGroup, 0).key, ==, "2026-01");
  g_assert_cmpint (g_array_index (groups, IzpLedgerGroup, 0).total_cents, ==, 2360);
  g_assert_cmpint (g_array_index (groups, IzpLedgerGroup, 1).total_cents, ==, 53725);
}

static gint64
line_value (const IzpLedgerLine *line,
            IzpLedgerSortKey     key)
{
  switch (key)
    {
    case IZP_LEDGER_SORT_DATE:   return line->accrued_on;
    case IZP_LEDGER_SORT_KIND:   return line->kind;
    case IZP_LEDGER_SORT_BASIS:  return line->basis_cents;
    case IZP_LEDGER_SORT_RATE:   return line->rate_bp;
    case IZP_LEDGER_SORT_AMOUNT: return line->amount_cents;
    case IZP_LEDGER_SORT_CLIENT:
    case IZP_LEDGER_SORT_REF:
    default:                     g_assert_not_reached ();
    }
}

/* Random lines (negative and huge amounts too), a random subset in random
 * order: every key, both ways, sorts and keeps ties in ledger order. */
static void
test_sort_random (void)
{
  static const IzpLedgerSortKey keys[] = {
    IZP_LEDGER_SORT_DATE, IZP_LEDGER_SORT_KIND, IZP_LEDGER_SORT_BASIS, IZP_LEDGER_SORT_RATE, IZP_LEDGER_SORT_AMOUNT,
  };
  g_autoptr(IzpLedger) ledger = izp_ledger_new ("EUR");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) subset = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < 3000; i++)
    {
      IzpCents amount = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, -50, 50)
                        : (IzpCents) g_rand_int (rand) * g_rand_int_range (rand, 1, 100000);

      izp_ledger_add_line (ledger, (IzpLedgerKind) g_rand_int_range (rand, 0, IZP_LEDGER_N_KINDS), "r", "c",
                           D ("2020-01-01") + (IzpDate) g_rand_int_range (rand, 0, 3000),
                           g_rand_int_range (rand, 0, 3) * 100, g_rand_int_range (rand, 0, 3) * 500, amount);
      if (g_rand_boolean (rand))
        g_array_append_val (subset, i);
    }
  for (guint i = subset->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (rand, 0, (gint32) i);
      guint swap = g_array_index (subset, guint, i - 1);

      g_array_index (subset, guint, i - 1) = g_array_index (subset, guint, j);
      g_array_index (subset, guint, j) = swap;
    }

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (int descending = 0; descending <= 1; descending++)
      {
        g_autoptr(GArray) rows = g_array_copy (subset);

        izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len, keys[k], descending, NULL);
        g_assert_cmpuint (rows->len, ==, subset->len);
        for (guint i = 1; i < rows->len; i++)
          {
            guint a = g_array_index (rows, guint, i - 1);
            guint b = g_array_index (rows, guint, i);
            gint64 va = line_value (&g_array_index (ledger->lines, IzpLedgerLine, a), keys[k]);
            gint64 vb = line_value (&g_array_index (ledger->lines, IzpLedgerLine, b), keys[k]);

            if (va == vb)
              g_assert_cmpuint (a, <, b);
            else if (descending)
              g_assert_cmpint (va, >, vb);
            else
              g_assert_cmpint (va, <, vb);
          }
      }
}

static IzpCents
project_total (IzpProjectionInput *input,
               IzpCents            out_years[3])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = izp_projection_compute (input, &error);
  IzpCents total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < years->len; i++)
    {
      out_years[i] = g_array_index (years, IzpProjectionYear, i).commission_cents;
      total += out_years[i];
    }
  return total;
}

static void
test_projection_by_hand (void)
{
  IzpProjectionInput input;
  IzpCents years[3] = { 0 };

  /* 10 Pro a year, all kept, 2 years, certifie. Year 1: 10 × 149 × 12 =
   * 17 880 € × 25 % = 4 470,00, and the 10th client activated while
   * certified earns the €500 tranche bonus: 4 970,00. Year 2: cohort 1 in
   * its second year 17 880 × 15 % = 2 682,00, cohort 2 4 470,00, the 20th
   * client 500,00: 7 652,00. Total 12 622,00. */
  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_PRO] = 10;
  input.retention_bp = 10000;
  input.n_years = 2;
  input.tier = IZP_TIER_CERTIFIE;
  g_assert_cmpint (project_total (&input, years), ==, 1262200);
  g_assert_cmpint (years[0], ==, 497000);
  g_assert_cmpint (years[1], ==, 765200);

  /* 1 Enterprise a year, 50 % kept, 2 years, founding referent. Year 1:
   * 399 × 12 = 4 788 € × 25 % = 1 197,00. Year 2: half of cohort 1,
   * 2 394 × 10 % = 239,40, cohort 2 1 197,00: 1 436,40. Total 2 633,40. */
  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_ENTERPRISE] = 1;
  input.retention_bp = 5000;
  input.n_years = 2;
  input.founder = TRUE;
  g_assert_cmpint (project_total (&input, years), ==, 263340);
  g_assert_cmpint (years[0], ==, 119700);
  g_assert_cmpint (years[1], ==, 143640);

  /* The seed's conservative case (the rules page). */
  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_STARTER] = 9;
  input.new_clients[IZP_PLAN_PRO] = 5;
  input.new_clients[IZP_PLAN_ENTERPRISE] = 1;
  g_assert_cmpint (project_total (&input, years), ==, 1730610);
  g_assert_cmpint (years[0], ==, 402000);
  g_assert_cmpint (years[1], ==, 582900);
  g_assert_cmpint (years[2], ==, 745710);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commission-export/csv-ledger", test_csv_ledger);
  g_test_add_func ("/commission-export/csv-numbers", test_csv_negative_and_counts);
  g_test_add_func ("/commission-export/reconciliation-explained", test_reconciliation_explained);
  g_test_add_func ("/commission-export/claim-nothing", test_claim_nothing);
  g_test_add_func ("/commission-export/payouts-csv", test_payouts_csv);
  g_test_add_func ("/commission-export/sort-and-filter", test_sort_and_filter);
  g_test_add_func ("/commission-export/sort-random", test_sort_random);
  g_test_add_func ("/commission-export/projection-by-hand", test_projection_by_hand);

  return g_test_run ();
}
