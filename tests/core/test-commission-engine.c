/* test-commission-engine.c — every rule of commission-rules.md, by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "izp-commission-engine.h"
#include "izp-commission-input.h"
#include "izp-commission-projection.h"
#include "izp-json.h"

static IzpDate
D (const char *text)
{
  IzpDate date = IZP_DATE_NONE;

  g_assert_true (izp_date_parse (text, &date));
  return date;
}

static char *
date_string (IzpDate date)
{
  return izp_date_to_string (date);
}

static IzpTierChange *
history_of (const char *referent_since,
            const char *certifie_since)
{
  IzpTierChange *history = g_new0 (IzpTierChange, 2);

  history[0].tier = IZP_TIER_REFERENT;
  history[0].since = D (referent_since);
  history[1].tier = IZP_TIER_CERTIFIE;
  history[1].since = D (certifie_since);
  return history;
}

static IzpInvoiceFacts
own_invoice (const char *id,
             const char *client_id,
             const char *period_start,
             const char *paid_on,
             IzpCents    amount)
{
  IzpInvoiceFacts invoice = {
    id, client_id, IZP_INVOICE_SOURCE_OWN, NULL, IZP_DATE_NONE,
    D (period_start), amount, "EUR", IZP_INVOICE_STATUS_PAID,
    paid_on != NULL ? D (paid_on) : IZP_DATE_NONE,
  };

  return invoice;
}

static const IzpLedgerLine *
find_line (const IzpLedger *ledger,
           IzpLedgerKind    kind,
           const char      *ref)
{
  for (guint i = 0; i < ledger->lines->len; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, i);

      if (line->kind == kind && g_strcmp0 (line->ref, ref) == 0)
        return line;
    }

  return NULL;
}

static const IzpLedgerLine *
line_for_ref (const IzpLedger *ledger,
              const char      *ref)
{
  for (guint i = 0; i < ledger->lines->len; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, i);

      if (g_strcmp0 (line->ref, ref) == 0)
        return line;
    }

  return NULL;
}

static void
assert_period (IzpPayoutPeriod period,
               const char     *key,
               const char     *due_on)
{
  g_autofree char *due = date_string (period.due_on);

  g_assert_cmpstr (period.key, ==, key);
  g_assert_cmpstr (due, ==, due_on);
}

/* The worked ledger example of the rules page. */
static void
test_worked_example (void)
{
  g_autofree IzpTierChange *history = history_of ("2025-11-03", "2026-09-01");
  IzpClientFacts clients[] = { { "cli_a", D ("2026-01-14"), FALSE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_1", "cli_a", "2026-01-14", "2026-01-14", 14900),
    own_invoice ("inv_9", "cli_a", "2026-09-14", "2026-09-14", 14900),
    own_invoice ("inv_12", "cli_a", "2026-12-14", "2026-12-14", 14900),
    own_invoice ("inv_13", "cli_a", "2027-01-14", "2027-01-14", 14900),
  };
  IzpCommissionInput input = { { "EUR", FALSE, history, 2 }, clients, 1, invoices, 4 };
  g_autoptr(IzpLedger) ledger = NULL;
  const IzpLedgerLine *line;

  ledger = izp_commission_compute (&input);
  g_assert_cmpuint (ledger->lines->len, ==, 4);
  g_assert_cmpuint (ledger->anomalies->len, ==, 0);

  line = find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_1");
  g_assert_nonnull (line);
  g_assert_cmpint (line->rate_bp, ==, 2000);
  g_assert_cmpint (line->basis_cents, ==, 14900);
  g_assert_cmpint (line->amount_cents, ==, 2980);
  g_assert_cmpuint (line->accrued_on, ==, D ("2026-01-14"));
  g_assert_cmpstr (line->client_id, ==, "cli_a");
  assert_period (izp_payout_batch_for (&input.terms, line->accrued_on), "2026-Q1", "2026-04-15");

  line = find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_9");
  g_assert_nonnull (line);
  g_assert_cmpint (line->rate_bp, ==, 2500);
  g_assert_cmpint (line->amount_cents, ==, 3725);
  assert_period (izp_payout_batch_for (&input.terms, line->accrued_on), "2026-09", "2026-10-15");

  line = find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_12");
  g_assert_nonnull (line);
  assert_period (izp_payout_batch_for (&input.terms, line->accrued_on), "2026-12", "2027-01-15");

  line = find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_13");
  g_assert_nonnull (line);
  g_assert_cmpint (line->rate_bp, ==, 1500);
  g_assert_cmpint (line->amount_cents, ==, 2235);

  g_assert_cmpint (izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, NULL), ==,
                   2980 + 3725 + 3725 + 2235);
}

static void
test_tier_on (void)
{
  g_autofree IzpTierChange *history = history_of ("2025-11-03", "2026-09-01");
  IzpPartnerTerms terms = { "EUR", FALSE, history, 2 };
  IzpPartnerTerms empty = { "EUR", FALSE, NULL, 0 };
  /* Out of order, and a later strategique. */
  IzpTierChange shuffled[] = {
    { IZP_TIER_STRATEGIQUE, D ("2027-03-01") },
    { IZP_TIER_REFERENT, D ("2025-11-03") },
    { IZP_TIER_CERTIFIE, D ("2026-09-01") },
  };
  IzpPartnerTerms terms2 = { "EUR", FALSE, shuffled, 3 };

  g_assert_cmpint (izp_tier_on (&terms, D ("2025-01-01")), ==, IZP_TIER_REFERENT);
  g_assert_cmpint (izp_tier_on (&terms, D ("2026-08-31")), ==, IZP_TIER_REFERENT);
  g_assert_cmpint (izp_tier_on (&terms, D ("2026-09-01")), ==, IZP_TIER_CERTIFIE);
  g_assert_cmpint (izp_tier_on (&empty, D ("2026-09-01")), ==, IZP_TIER_REFERENT);
  g_assert_cmpint (izp_tier_on (&terms2, D ("2027-02-28")), ==, IZP_TIER_CERTIFIE);
  g_assert_cmpint (izp_tier_on (&terms2, D ("2027-03-01")), ==, IZP_TIER_STRATEGIQUE);
  g_assert_cmpint (izp_tier_on (&terms2, D ("2026-01-01")), ==, IZP_TIER_REFERENT);
}

static void
test_rates (void)
{
  IzpPartnerTerms terms = { "EUR", FALSE, NULL, 0 };
  IzpPartnerTerms founder = { "EUR", TRUE, NULL, 0 };

  g_assert_cmpint (izp_rate_for (&terms, IZP_TIER_REFERENT, TRUE), ==, 2000);
  g_assert_cmpint (izp_rate_for (&terms, IZP_TIER_REFERENT, FALSE), ==, 1000);
  g_assert_cmpint (izp_rate_for (&founder, IZP_TIER_REFERENT, TRUE), ==, 2500);
  g_assert_cmpint (izp_rate_for (&founder, IZP_TIER_REFERENT, FALSE), ==, 1000);
  g_assert_cmpint (izp_rate_for (&terms, IZP_TIER_CERTIFIE, TRUE), ==, 2500);
  g_assert_cmpint (izp_rate_for (&terms, IZP_TIER_CERTIFIE, FALSE), ==, 1500);
  g_assert_cmpint (izp_rate_for (&founder, IZP_TIER_STRATEGIQUE, TRUE), ==, 2500);
  g_assert_cmpint (izp_rate_for (&terms, IZP_TIER_STRATEGIQUE, FALSE), ==, 1500);
}

/* A founder referent: 2500 bp the first year, 1000 after; half up per line. */
static void
test_founder_and_rounding (void)
{
  IzpClientFacts clients[] = { { "cli_f", D ("2026-03-31"), FALSE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_a", "cli_f", "2026-03-31", "2026-04-02", 5900),
    /* 2500 bp of 10 002 = 2 500.5 → 2 501 */
    own_invoice ("inv_b", "cli_f", "2027-03-30", "2027-04-01", 10002),
    /* 1000 bp of 10 005 = 1 000.5 → 1 001 */
    own_invoice ("inv_c", "cli_f", "2027-03-31", "2027-04-01", 10005),
  };
  IzpCommissionInput input = { { "EUR", TRUE, NULL, 0 }, clients, 1, invoices, 3 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);

  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_a")->amount_cents, ==, 1475);
  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_b")->amount_cents, ==, 2501);
  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_c")->rate_bp, ==, 1000);
  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_c")->amount_cents, ==, 1001);
}

/* 2028-02-29 + 12 months = 2029-02-28: the 28th is already the second year. */
static void
test_leap_day_clamp (void)
{
  IzpClientFacts clients[] = { { "cli_leap", D ("2028-02-29"), FALSE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_27", "cli_leap", "2029-02-27", "2029-02-27", 10000),
    own_invoice ("inv_28", "cli_leap", "2029-02-28", "2029-02-28", 10000),
  };
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, clients, 1, invoices, 2 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);

  g_assert_true (izp_is_first_year (D ("2028-02-29"), D ("2029-02-27")));
  g_assert_false (izp_is_first_year (D ("2028-02-29"), D ("2029-02-28")));
  g_assert_true (izp_is_first_year (D ("2026-01-31"), D ("2027-01-30")));
  g_assert_false (izp_is_first_year (D ("2026-01-31"), D ("2027-01-31")));
  g_assert_nonnull (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_27"));
  g_assert_nonnull (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_28"));
  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_28")->amount_cents, ==, 1000);
}

/* Certifié from 2026-08-05: the rate follows the tier on the payment day,
 * the batch follows the tier on the last day of the month. */
static void
test_tier_change_mid_quarter (void)
{
  g_autofree IzpTierChange *history = history_of ("2025-11-03", "2026-08-05");
  IzpClientFacts clients[] = { { "cli_q", D ("2026-06-01"), FALSE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_jul", "cli_q", "2026-07-01", "2026-07-20", 10000),
    own_invoice ("inv_aug3", "cli_q", "2026-08-01", "2026-08-03", 10000),
    own_invoice ("inv_aug5", "cli_q", "2026-08-01", "2026-08-05", 10000),
    own_invoice ("inv_sep", "cli_q", "2026-09-01", "2026-09-01", 10000),
  };
  IzpCommissionInput input = { { "EUR", FALSE, history, 2 }, clients, 1, invoices, 4 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);
  g_autoptr(GArray) batches = NULL;
  const IzpPayoutBatch *batch;

  g_assert_cmpint (line_for_ref (ledger, "inv_jul")->rate_bp, ==, 2000);
  g_assert_cmpint (line_for_ref (ledger, "inv_aug3")->rate_bp, ==, 2000);
  g_assert_cmpint (line_for_ref (ledger, "inv_aug5")->rate_bp, ==, 2500);
  g_assert_cmpint (line_for_ref (ledger, "inv_sep")->rate_bp, ==, 2500);

  assert_period (izp_payout_batch_for (&input.terms, D ("2026-07-20")), "2026-Q3", "2026-10-15");
  assert_period (izp_payout_batch_for (&input.terms, D ("2026-08-03")), "2026-08", "2026-09-15");
  assert_period (izp_payout_batch_for (&input.terms, D ("2026-12-31")), "2026-12", "2027-01-15");
  assert_period (izp_payout_batch_for (&input.terms, D ("2025-12-31")), "2025-Q4", "2026-01-15");

  batches = izp_payout_batches (ledger, &input.terms, NULL, 0, D ("2026-09-15"));
  g_assert_cmpuint (batches->len, ==, 3);
  batch = &g_array_index (batches, IzpPayoutBatch, 0);
  g_assert_cmpstr (batch->period.key, ==, "2026-Q3");
  g_assert_cmpint (batch->total_cents, ==, 2000);
  g_assert_cmpuint (batch->period.period_start, ==, D ("2026-07-01"));
  g_assert_cmpuint (batch->period.period_end, ==, D ("2026-09-30"));
  g_assert_cmpint (batch->state, ==, IZP_PAYOUT_STATE_DUE);
  batch = &g_array_index (batches, IzpPayoutBatch, 1);
  g_assert_cmpstr (batch->period.key, ==, "2026-08");
  g_assert_cmpint (batch->total_cents, ==, 2000 + 2500);
  g_assert_cmpuint (batch->n_lines, ==, 2);
  /* Due on 2026-09-15 and today is 2026-09-15: not late yet. */
  g_assert_cmpint (batch->state, ==, IZP_PAYOUT_STATE_DUE);
  batch = &g_array_index (batches, IzpPayoutBatch, 2);
  g_assert_cmpstr (batch->period.key, ==, "2026-09");
  g_assert_cmpint (batch->total_cents, ==, 2500);
}

static void
test_payout_states (void)
{
  IzpClientFacts clients[] = { { "cli_p", D ("2026-01-10"), FALSE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_1", "cli_p", "2026-01-10", "2026-01-10", 10000),
    own_invoice ("inv_2", "cli_p", "2026-04-10", "2026-04-10", 10000),
    own_invoice ("inv_3", "cli_p", "2026-07-10", "2026-07-10", 10000),
  };
  IzpStatementFacts statements[] = {
    { "stm_q1", "2026-Q1", IZP_STATEMENT_STATUS_PAID, 2000, NULL, 0 },
    { "stm_q2", "2026-Q2", IZP_STATEMENT_STATUS_ISSUED, 2000, NULL, 0 },
  };
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, clients, 1, invoices, 3 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);
  g_autoptr(GArray) batches = izp_payout_batches (ledger, &input.terms, statements, 2,
                                                  D ("2026-07-16"));

  g_assert_cmpuint (batches->len, ==, 3);
  g_assert_cmpstr (g_array_index (batches, IzpPayoutBatch, 0).period.key, ==, "2026-Q1");
  g_assert_cmpint (g_array_index (batches, IzpPayoutBatch, 0).state, ==, IZP_PAYOUT_STATE_PAID);
  /* Issued but not paid, due 2026-07-15. */
  g_assert_cmpint (g_array_index (batches, IzpPayoutBatch, 1).state, ==, IZP_PAYOUT_STATE_LATE);
  g_assert_cmpint (g_array_index (batches, IzpPayoutBatch, 2).state, ==, IZP_PAYOUT_STATE_DUE);
  g_assert_cmpstr (izp_payout_state_to_string (IZP_PAYOUT_STATE_LATE), ==, "late");
}

/* White-label: 4000 bp whatever the year and the tier. */
static void
test_white_label (void)
{
  g_autofree IzpTierChange *history = history_of ("2025-11-03", "2026-09-01");
  IzpClientFacts clients[] = { { "cli_wl", D ("2026-01-14"), TRUE } };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_1", "cli_wl", "2026-01-14", "2026-01-14", 39900),
    own_invoice ("inv_2", "cli_wl", "2027-02-14", "2027-02-14", 39900),
  };
  IzpCommissionInput input = { { "EUR", TRUE, history, 2 }, clients, 1, invoices, 2 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);

  g_assert_cmpuint (ledger->lines->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, i);

      g_assert_cmpint (line->kind, ==, IZP_LEDGER_KIND_WHITE_LABEL_MARGIN);
      g_assert_cmpint (line->rate_bp, ==, 4000);
      g_assert_cmpint (line->amount_cents, ==, 15960);
    }
}

static void
fill_clients (IzpClientFacts *clients,
              char          (*ids)[16],
              guint           n,
              const char     *first_day)
{
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (ids[i], 16, "cli_%02u", i);
      clients[i].id = ids[i];
      clients[i].activated_on = D (first_day) + i * 3;
      clients[i].white_label = FALSE;
    }
}

/* Tranche bonus: each 10th client ever activated, only while certifié or above. */
static void
test_tranche (void)
{
  IzpClientFacts clients[25];
  char ids[25][16];
  g_autofree IzpTierChange *late = NULL;
  g_autofree IzpTierChange *early = NULL;
  g_autoptr(IzpLedger) referent = NULL;
  g_autoptr(IzpLedger) certifie = NULL;
  g_autoptr(IzpLedger) mixed = NULL;
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, clients, 25 };
  const IzpLedgerLine *line;

  fill_clients (clients, ids, 25, "2026-01-01");
  /* Churn and white-label do not matter; ties on the day go by id: make the
   * 10th and 11th share a day, and list them backwards. */
  clients[3].white_label = TRUE;
  clients[10].activated_on = clients[9].activated_on;
  clients[24].activated_on = IZP_DATE_NONE;   /* a trial: not counted */
  {
    IzpClientFacts swap = clients[9];

    clients[9] = clients[10];
    clients[10] = swap;
  }

  referent = izp_commission_compute (&input);
  g_assert_cmpuint (referent->lines->len, ==, 0);

  early = history_of ("2025-11-03", "2025-12-01");
  input.terms.tier_history = early;
  input.terms.n_tier_history = 2;
  certifie = izp_commission_compute (&input);
  g_assert_cmpuint (certifie->lines->len, ==, 2);
  line = find_line (certifie, IZP_LEDGER_KIND_TRANCHE_BONUS, "tranche:10");
  g_assert_nonnull (line);
  g_assert_cmpint (line->amount_cents, ==, 50000);
  g_assert_cmpint (line->rate_bp, ==, 0);
  g_assert_cmpuint (line->accrued_on, ==, D ("2026-01-01") + 27);
  line = find_line (certifie, IZP_LEDGER_KIND_TRANCHE_BONUS, "tranche:20");
  g_assert_nonnull (line);
  g_assert_cmpuint (line->accrued_on, ==, D ("2026-01-01") + 19 * 3);

  /* Certifié from the day after the 10th: only the 20th pays. */
  late = history_of ("2025-11-03", "2026-01-29");
  input.terms.tier_history = late;
  mixed = izp_commission_compute (&input);
  g_assert_cmpuint (mixed->lines->len, ==, 1);
  g_assert_nonnull (find_line (mixed, IZP_LEDGER_KIND_TRANCHE_BONUS, "tranche:20"));
}

/* Override: the client's first year, paid on or after the sub-partner's activation. */
static void
test_override_and_referral (void)
{
  IzpSubPartnerFacts sub_partners[] = {
    { "prt_s1", D ("2026-05-18") },
    { "prt_s2", IZP_DATE_NONE },
  };
  IzpInvoiceFacts invoices[] = {
    { "inv_in", "sxc_1", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s1", D ("2026-01-10"),
      D ("2027-01-09"), 10000, "EUR", IZP_INVOICE_STATUS_PAID, D ("2027-01-09") },
    { "inv_out", "sxc_1", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s1", D ("2026-01-10"),
      D ("2027-01-10"), 10000, "EUR", IZP_INVOICE_STATUS_PAID, D ("2027-01-10") },
    { "inv_same_day", "sxc_1", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s1", D ("2026-01-10"),
      D ("2026-05-10"), 10010, "EUR", IZP_INVOICE_STATUS_PAID, D ("2026-05-18") },
    { "inv_day_before", "sxc_1", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s1", D ("2026-01-10"),
      D ("2026-05-10"), 10000, "EUR", IZP_INVOICE_STATUS_PAID, D ("2026-05-17") },
    { "inv_not_active", "sxc_2", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s2", D ("2026-01-10"),
      D ("2026-05-10"), 10000, "EUR", IZP_INVOICE_STATUS_PAID, D ("2026-05-17") },
    { "inv_open", "sxc_1", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_s1", D ("2026-01-10"),
      D ("2026-06-10"), 10000, "EUR", IZP_INVOICE_STATUS_OPEN, IZP_DATE_NONE },
  };
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, NULL, 0, invoices, G_N_ELEMENTS (invoices),
                               sub_partners, 2 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);
  const IzpLedgerLine *line;

  g_assert_cmpuint (ledger->anomalies->len, ==, 0);
  g_assert_cmpuint (ledger->lines->len, ==, 3);
  line = find_line (ledger, IZP_LEDGER_KIND_OVERRIDE, "inv_in");
  g_assert_nonnull (line);
  g_assert_cmpint (line->rate_bp, ==, 500);
  g_assert_cmpint (line->amount_cents, ==, 500);
  g_assert_cmpstr (line->client_id, ==, "sxc_1");
  g_assert_null (line_for_ref (ledger, "inv_out"));
  /* 5 % of 10 010 = 500.5 → 501 */
  g_assert_cmpint (find_line (ledger, IZP_LEDGER_KIND_OVERRIDE, "inv_same_day")->amount_cents, ==, 501);
  g_assert_null (line_for_ref (ledger, "inv_day_before"));
  g_assert_null (line_for_ref (ledger, "inv_not_active"));

  line = find_line (ledger, IZP_LEDGER_KIND_REFERRAL_BONUS, "prt_s1");
  g_assert_nonnull (line);
  g_assert_cmpint (line->amount_cents, ==, 100000);
  g_assert_cmpuint (line->accrued_on, ==, D ("2026-05-18"));
  g_assert_null (line->client_id);
  g_assert_null (line_for_ref (ledger, "prt_s2"));
}

/* Campaign: both ends inclusive, every own client (white-label and churned too). */
static void
test_campaign (void)
{
  IzpClientFacts clients[] = {
    { "cli_before", D ("2025-12-31"), FALSE },
    { "cli_first", D ("2026-01-01"), FALSE },
    { "cli_last", D ("2026-01-31"), TRUE },
    { "cli_after", D ("2026-02-01"), FALSE },
    { "cli_trial", IZP_DATE_NONE, FALSE },
  };
  IzpCampaignFacts campaigns[] = {
    { "cmp_jan", D ("2026-01-01"), D ("2026-01-31"), 50000 },
    { "cmp_feb", D ("2026-02-01"), D ("2026-02-01"), 25000 },
  };
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, clients, G_N_ELEMENTS (clients),
                               NULL, 0, NULL, 0, campaigns, 2 };
  g_autoptr(IzpLedger) ledger = izp_commission_compute (&input);
  const IzpLedgerLine *line;

  g_assert_cmpuint (ledger->lines->len, ==, 3);
  line = find_line (ledger, IZP_LEDGER_KIND_CAMPAIGN_BONUS, "cmp_jan:cli_first");
  g_assert_nonnull (line);
  g_assert_cmpint (line->amount_cents, ==, 50000);
  g_assert_cmpuint (line->accrued_on, ==, D ("2026-01-01"));
  g_assert_cmpstr (line->client_id, ==, "cli_first");
  g_assert_nonnull (find_line (ledger, IZP_LEDGER_KIND_CAMPAIGN_BONUS, "cmp_jan:cli_last"));
  line = find_line (ledger, IZP_LEDGER_KIND_CAMPAIGN_BONUS, "cmp_feb:cli_after");
  g_assert_nonnull (line);
  g_assert_cmpint (line->amount_cents, ==, 25000);
}

/* Paid positive invoices that look wrong are anomalies; others give nothing. */
static void
test_anomalies_and_no_line (void)
{
  IzpClientFacts clients[] = {
    { "cli_ok", D ("2026-01-01"), FALSE },
    { "cli_trial", IZP_DATE_NONE, FALSE },
  };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_chf", "cli_ok", "2026-02-01", "2026-02-01", 14900),
    own_invoice ("inv_unknown", "cli_nobody", "2026-02-01", "2026-02-01", 14900),
    own_invoice ("inv_trial", "cli_trial", "2026-02-01", "2026-02-01", 5900),
    { "inv_sp", "sxc_9", IZP_INVOICE_SOURCE_SUB_PARTNER, "prt_nobody", D ("2026-01-01"),
      D ("2026-02-01"), 5900, "EUR", IZP_INVOICE_STATUS_PAID, D ("2026-02-01") },
    own_invoice ("inv_zero", "cli_ok", "2026-02-01", "2026-02-01", 0),
    own_invoice ("inv_credit", "cli_ok", "2026-02-01", "2026-02-01", -14900),
    own_invoice ("inv_void", "cli_ok", "2026-02-01", NULL, 14900),
    own_invoice ("inv_refunded", "cli_ok", "2026-02-01", "2026-02-03", 14900),
    own_invoice ("inv_open", "cli_ok", "2026-02-01", NULL, 14900),
    /* Neither a line nor an anomaly when not paid or not positive. */
    own_invoice ("inv_unknown_open", "cli_nobody", "2026-02-01", NULL, 14900),
    own_invoice ("inv_chf_credit", "cli_ok", "2026-02-01", "2026-02-01", -14900),
  };
  IzpCommissionInput input = { { "EUR", FALSE, NULL, 0 }, clients, 2, invoices, G_N_ELEMENTS (invoices) };
  g_autoptr(IzpLedger) ledger = NULL;
  const IzpAnomaly *anomaly;

  invoices[0].currency = "CHF";
  invoices[6].status = IZP_INVOICE_STATUS_VOID;
  invoices[7].status = IZP_INVOICE_STATUS_REFUNDED;
  invoices[8].status = IZP_INVOICE_STATUS_OPEN;
  invoices[9].status = IZP_INVOICE_STATUS_OPEN;
  invoices[10].currency = "CHF";

  ledger = izp_commission_compute (&input);
  g_assert_cmpuint (ledger->lines->len, ==, 0);
  g_assert_cmpuint (ledger->anomalies->len, ==, 4);

  anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, 0);
  g_assert_cmpstr (anomaly->ref, ==, "inv_chf");
  g_assert_cmpstr (izp_anomaly_reason_to_string (anomaly->reason), ==, "currency");
  anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, 1);
  g_assert_cmpstr (anomaly->ref, ==, "inv_unknown");
  g_assert_cmpstr (izp_anomaly_reason_to_string (anomaly->reason), ==, "client unknown or not activated");
  anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, 2);
  g_assert_cmpstr (anomaly->ref, ==, "inv_trial");
  g_assert_cmpint (anomaly->reason, ==, IZP_ANOMALY_CLIENT_UNKNOWN);
  anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, 3);
  g_assert_cmpstr (anomaly->ref, ==, "inv_sp");
  g_assert_cmpstr (izp_anomaly_reason_to_string (anomaly->reason), ==, "unknown sub-partner");
  g_assert_nonnull (izp_anomaly_reason_describe (anomaly->reason));
}

static void
test_names (void)
{
  static const char * const kinds[] = {
    "recurring_y1", "recurring_y2plus", "white_label_margin", "tranche_bonus",
    "referral_bonus", "override", "campaign_bonus",
  };
  IzpLedgerKind kind;
  IzpTier tier;
  IzpGroupBy by;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_true (izp_ledger_kind_from_string (kinds[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_cmpstr (izp_ledger_kind_to_string (kind), ==, kinds[i]);
    }
  g_assert_false (izp_ledger_kind_from_string ("bonus", &kind));
  g_assert_false (izp_ledger_kind_from_string (NULL, &kind));
  g_assert_true (izp_tier_from_string ("strategique", &tier));
  g_assert_cmpint (tier, ==, IZP_TIER_STRATEGIQUE);
  g_assert_false (izp_tier_from_string ("Certifié", &tier));
  g_assert_true (izp_group_by_from_string ("quarter", &by));
  g_assert_cmpint (by, ==, IZP_GROUP_BY_QUARTER);
  g_assert_false (izp_group_by_from_string ("week", &by));
}

/* A small ledger for grouping and reconciliation. */
static IzpLedger *
small_ledger (void)
{
  IzpLedger *ledger = izp_ledger_new ("EUR");

  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_1", "cli_a", D ("2026-01-14"), 14900, 2000, 2980);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_2", "cli_b", D ("2026-02-01"), 5900, 2000, 1180);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv_3", "cli_a", D ("2026-04-14"), 14900, 2000, 2980);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_REFERRAL_BONUS, "prt_s1", NULL, D ("2026-05-18"), 0, 0, 100000);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_4", "cli_a", D ("2027-01-14"), 14900, 1000, 1490);
  return ledger;
}

static void
test_grouping (void)
{
  g_autoptr(IzpLedger) ledger = small_ledger ();
  g_autoptr(GArray) months = izp_ledger_group (ledger, IZP_GROUP_BY_MONTH, IZP_DATE_NONE, IZP_DATE_NONE);
  g_autoptr(GArray) quarters = izp_ledger_group (ledger, IZP_GROUP_BY_QUARTER, D ("2026-01-15"), D ("2026-12-31"));
  g_autoptr(GArray) years = izp_ledger_group (ledger, IZP_GROUP_BY_YEAR, IZP_DATE_NONE, IZP_DATE_NONE);
  g_autoptr(GArray) clients = izp_ledger_group (ledger, IZP_GROUP_BY_CLIENT, IZP_DATE_NONE, D ("2026-12-31"));
  g_autoptr(GArray) kinds = izp_ledger_group (ledger, IZP_GROUP_BY_KIND, IZP_DATE_NONE, IZP_DATE_NONE);
  IzpCents by_kind[IZP_LEDGER_N_KINDS];
  const IzpLedgerGroup *group;
  g_autofree char *quarter_key = izp_group_key_for_date (IZP_GROUP_BY_QUARTER, D ("2026-11-30"));

  g_assert_cmpstr (quarter_key, ==, "2026-Q4");

  g_assert_cmpuint (months->len, ==, 5);
  g_assert_cmpstr (g_array_index (months, IzpLedgerGroup, 0).key, ==, "2026-01");
  g_assert_cmpstr (g_array_index (months, IzpLedgerGroup, 4).key, ==, "2027-01");

  /* From 2026-01-15: inv_1 is out. */
  g_assert_cmpuint (quarters->len, ==, 2);
  group = &g_array_index (quarters, IzpLedgerGroup, 0);
  g_assert_cmpstr (group->key, ==, "2026-Q1");
  g_assert_cmpint (group->total_cents, ==, 1180);
  group = &g_array_index (quarters, IzpLedgerGroup, 1);
  g_assert_cmpstr (group->key, ==, "2026-Q2");
  g_assert_cmpint (group->total_cents, ==, 102980);
  g_assert_cmpint (group->by_kind[IZP_LEDGER_KIND_REFERRAL_BONUS], ==, 100000);
  g_assert_cmpuint (group->n_lines, ==, 2);

  g_assert_cmpuint (years->len, ==, 2);
  g_assert_cmpstr (g_array_index (years, IzpLedgerGroup, 1).key, ==, "2027");
  g_assert_cmpint (g_array_index (years, IzpLedgerGroup, 1).by_kind[IZP_LEDGER_KIND_RECURRING_Y2PLUS], ==, 1490);

  g_assert_cmpuint (clients->len, ==, 3);
  g_assert_cmpstr (g_array_index (clients, IzpLedgerGroup, 0).key, ==, "");
  g_assert_cmpstr (g_array_index (clients, IzpLedgerGroup, 1).key, ==, "cli_a");
  g_assert_cmpint (g_array_index (clients, IzpLedgerGroup, 1).total_cents, ==, 5960);
  g_assert_cmpstr (g_array_index (clients, IzpLedgerGroup, 2).key, ==, "cli_b");

  g_assert_cmpuint (kinds->len, ==, 3);
  g_assert_cmpstr (g_array_index (kinds, IzpLedgerGroup, 0).key, ==, "recurring_y1");
  g_assert_cmpint (g_array_index (kinds, IzpLedgerGroup, 0).total_cents, ==, 7140);
  g_assert_cmpstr (g_array_index (kinds, IzpLedgerGroup, 1).key, ==, "recurring_y2plus");
  g_assert_cmpstr (g_array_index (kinds, IzpLedgerGroup, 2).key, ==, "referral_bonus");

  g_assert_cmpint (izp_ledger_total (ledger, D ("2026-02-01"), D ("2026-05-18"), by_kind), ==, 104160);
  g_assert_cmpint (by_kind[IZP_LEDGER_KIND_RECURRING_Y1], ==, 4160);
  g_assert_cmpint (by_kind[IZP_LEDGER_KIND_OVERRIDE], ==, 0);
}

/* Month boundaries of every day from 1899-12 to 2101-02 (2000 is leap, 1900
 * and 2100 are not), against GDate. */
static void
test_grouping_month_boundaries (void)
{
  g_autoptr(IzpLedger) ledger = izp_ledger_new ("EUR");
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) quarters = NULL;
  IzpDate first = D ("1899-12-01");
  IzpDate last = D ("2101-02-28");
  guint expected_months = 0;
  int year = 1899;
  int month = 12;

  for (IzpDate day = first; day <= last; day++)
    izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, "inv", NULL, day, 100, 2000, 20);

  months = izp_ledger_group (ledger, IZP_GROUP_BY_MONTH, IZP_DATE_NONE, IZP_DATE_NONE);
  for (guint i = 0; i < months->len; i++)
    {
      const IzpLedgerGroup *group = &g_array_index (months, IzpLedgerGroup, i);
      g_autofree char *key = g_strdup_printf ("%04d-%02d", year, month);

      g_assert_cmpstr (group->key, ==, key);
      g_assert_cmpuint (group->n_lines, ==, g_date_get_days_in_month (month, year));
      expected_months++;
      if (++month > 12)
        {
          month = 1;
          year++;
        }
    }
  g_assert_cmpuint (months->len, ==, expected_months);
  g_assert_cmpuint (expected_months, ==, 1 + 12 * 201 + 2);

  quarters = izp_ledger_group (ledger, IZP_GROUP_BY_QUARTER, D ("2000-01-01"), D ("2000-12-31"));
  g_assert_cmpuint (quarters->len, ==, 4);
  g_assert_cmpuint (g_array_index (quarters, IzpLedgerGroup, 0).n_lines, ==, 31 + 29 + 31);
  g_assert_cmpuint (g_array_index (quarters, IzpLedgerGroup, 3).n_lines, ==, 31 + 30 + 31);
}

static void
test_reconciliation (void)
{
  g_autoptr(IzpLedger) ledger = small_ledger ();
  IzpPartnerTerms terms = { "EUR", FALSE, NULL, 0 };
  IzpStatementLine q1_lines[] = {
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_1", 2980 },          /* matched */
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_2", 1100 },          /* differs by 80 */
    { IZP_LEDGER_KIND_CAMPAIGN_BONUS, "cmp_x:cli_b", 50000 },  /* unknown locally */
  };
  IzpStatementLine q2_lines[] = {
    { IZP_LEDGER_KIND_REFERRAL_BONUS, "prt_s1", 100000 },
    /* inv_3 missing */
  };
  IzpStatementFacts statements[] = {
    { "stm_q1", "2026-Q1", IZP_STATEMENT_STATUS_PAID, 54080, q1_lines, 3 },
    { "stm_q2", "2026-Q2", IZP_STATEMENT_STATUS_ISSUED, 100000, q2_lines, 1 },
  };
  g_autoptr(IzpReconciliation) result = izp_reconcile (ledger, &terms, statements, 2);
  const IzpReconciliationPeriod *period;
  const IzpReconciliationItem *item;

  /* 2027-Q1 has no statement: not compared. */
  g_assert_cmpuint (result->periods->len, ==, 2);

  period = &g_array_index (result->periods, IzpReconciliationPeriod, 0);
  g_assert_cmpstr (period->period, ==, "2026-Q1");
  g_assert_cmpuint (period->n_matched, ==, 1);
  g_assert_cmpuint (period->missing->len, ==, 0);
  g_assert_cmpuint (period->unknown->len, ==, 1);
  item = &g_array_index (period->unknown, IzpReconciliationItem, 0);
  g_assert_cmpstr (item->ref, ==, "cmp_x:cli_b");
  g_assert_cmpint (item->statement_cents, ==, 50000);
  g_assert_cmpuint (period->differences->len, ==, 1);
  item = &g_array_index (period->differences, IzpReconciliationItem, 0);
  g_assert_cmpstr (item->ref, ==, "inv_2");
  g_assert_cmpint (item->local_cents, ==, 1180);
  g_assert_cmpint (item->statement_cents, ==, 1100);
  g_assert_cmpint (period->local_cents, ==, 4160);
  g_assert_cmpint (period->statement_cents, ==, 54080);
  g_assert_cmpint (period->net_difference_cents, ==, 4160 - 54080);

  period = &g_array_index (result->periods, IzpReconciliationPeriod, 1);
  g_assert_cmpstr (period->period, ==, "2026-Q2");
  g_assert_cmpuint (period->n_matched, ==, 1);
  g_assert_cmpuint (period->missing->len, ==, 1);
  item = &g_array_index (period->missing, IzpReconciliationItem, 0);
  g_assert_cmpstr (item->ref, ==, "inv_3");
  g_assert_cmpint (item->kind, ==, IZP_LEDGER_KIND_RECURRING_Y1);
  g_assert_cmpint (item->local_cents, ==, 2980);
  g_assert_cmpint (period->net_difference_cents, ==, 2980);
}

/* Statements written by hand against a ledger the engine computes from a
 * small input, each amount worked out here from the rules:
 *
 *   partner `referent` since 2026-01-01, not a founder: quarterly batches,
 *   20 % in the first year; white-label 40 %; referral bonus 1 000,00 €.
 *
 *   2026-Q1  inv_a1  recurring_y1        20 % × 149,00 =    29,80
 *            inv_b1  white_label_margin  40 % ×  59,00 =    23,60
 *            inv_c1  recurring_y1        20 % × 399,00 =    79,80
 *            cmp_x:cli_a  campaign_bonus (cli_a activated in January) 200,00
 *            local total                                   333,20
 *   2026-Q2  inv_a2  recurring_y1                           29,80
 *            inv_c2  recurring_y1                           79,80
 *            prt_s1  referral_bonus (activated 2026-05-18) 1 000,00
 *            (inv_a9 is open: no line)
 *            local total                                 1 109,60
 *   2026-Q4  inv_a3  recurring_y1                           29,80  (no statement)
 */
static void
test_reconciliation_hand_statements (void)
{
  IzpTierChange history[] = { { IZP_TIER_REFERENT, D ("2026-01-01") } };
  IzpClientFacts clients[] = {
    { "cli_a", D ("2026-01-10"), FALSE },
    { "cli_b", D ("2026-02-01"), TRUE },
    { "cli_c", D ("2026-03-01"), FALSE },
  };
  IzpInvoiceFacts invoices[] = {
    own_invoice ("inv_a1", "cli_a", "2026-01-10", "2026-01-12", 14900),
    own_invoice ("inv_b1", "cli_b", "2026-02-01", "2026-02-03", 5900),
    own_invoice ("inv_c1", "cli_c", "2026-03-01", "2026-03-05", 39900),
    own_invoice ("inv_a2", "cli_a", "2026-04-10", "2026-04-12", 14900),
    own_invoice ("inv_c2", "cli_c", "2026-04-01", "2026-04-06", 39900),
    own_invoice ("inv_a9", "cli_a", "2026-05-10", NULL, 14900),
    own_invoice ("inv_a3", "cli_a", "2026-10-10", "2026-10-12", 14900),
  };
  IzpSubPartnerFacts sub_partners[] = { { "prt_s1", D ("2026-05-18") } };
  IzpCampaignFacts campaigns[] = { { "cmp_x", D ("2026-01-01"), D ("2026-01-31"), 20000 } };
  /* Q1, paid: three lines as computed, inv_c1 short by 0,80 €, and an
   * override IzyInbox pays for an invoice this firm does not know. */
  IzpStatementLine q1_lines[] = {
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_a1", 2980 },
    { IZP_LEDGER_KIND_WHITE_LABEL_MARGIN, "inv_b1", 2360 },
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_c1", 7900 },
    { IZP_LEDGER_KIND_CAMPAIGN_BONUS, "cmp_x:cli_a", 20000 },
    { IZP_LEDGER_KIND_OVERRIDE, "inv_zz", 450 },
  };
  /* Q2, issued: inv_c2 forgotten. */
  IzpStatementLine q2_lines[] = {
    { IZP_LEDGER_KIND_RECURRING_Y1, "inv_a2", 2980 },
    { IZP_LEDGER_KIND_REFERRAL_BONUS, "prt_s1", 100000 },
  };
  /* Q3: a statement for a quarter with no local line at all; and the same
   * ref as a local line but another kind is not a match. */
  IzpStatementLine q3_lines[] = {
    { IZP_LEDGER_KIND_RECURRING_Y2PLUS, "inv_a1", 1490 },
  };
  IzpStatementFacts statements[] = {
    /* 29,80 + 23,60 + 79,00 + 200,00 + 4,50 = 336,90 */
    { "stm_q1", "2026-Q1", IZP_STATEMENT_STATUS_PAID, 33690, q1_lines, G_N_ELEMENTS (q1_lines) },
    /* 29,80 + 1 000,00 = 1 029,80 */
    { "stm_q2", "2026-Q2", IZP_STATEMENT_STATUS_ISSUED, 102980, q2_lines, G_N_ELEMENTS (q2_lines) },
    { "stm_q3", "2026-Q3", IZP_STATEMENT_STATUS_ISSUED, 1490, q3_lines, G_N_ELEMENTS (q3_lines) },
  };
  IzpCommissionInput input = {
    { "EUR", FALSE, history, G_N_ELEMENTS (history) },
    clients, G_N_ELEMENTS (clients), invoices, G_N_ELEMENTS (invoices),
    sub_partners, G_N_ELEMENTS (sub_partners), campaigns, G_N_ELEMENTS (campaigns),
    statements, G_N_ELEMENTS (statements),
  };
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(IzpReconciliation) result = NULL;
  const IzpReconciliationPeriod *period;
  const IzpReconciliationItem *item;

  invoices[5].status = IZP_INVOICE_STATUS_OPEN;
  ledger = izp_commission_compute (&input);
  result = izp_reconcile (ledger, &input.terms, statements, G_N_ELEMENTS (statements));

  /* 8 lines: 4 in Q1, 3 in Q2, 1 in Q4. */
  g_assert_cmpuint (ledger->lines->len, ==, 8);
  g_assert_cmpuint (ledger->anomalies->len, ==, 0);
  /* Q4 has no statement: not compared. */
  g_assert_cmpuint (result->periods->len, ==, 3);

  /* Q1: 3 matched; inv_c1 differs (79,80 here, 79,00 paid); inv_zz unknown.
   * Net 333,20 − 336,90 = −3,70: +0,80 owed here, −4,50 not ours. */
  period = &g_array_index (result->periods, IzpReconciliationPeriod, 0);
  g_assert_cmpstr (period->period, ==, "2026-Q1");
  g_assert_cmpuint (period->n_matched, ==, 3);
  g_assert_cmpuint (period->missing->len, ==, 0);
  g_assert_cmpuint (period->differences->len, ==, 1);
  item = &g_array_index (period->differences, IzpReconciliationItem, 0);
  g_assert_cmpint (item->kind, ==, IZP_LEDGER_KIND_RECURRING_Y1);
  g_assert_cmpstr (item->ref, ==, "inv_c1");
  g_assert_cmpint (item->local_cents, ==, 7980);
  g_assert_cmpint (item->statement_cents, ==, 7900);
  g_assert_cmpuint (period->unknown->len, ==, 1);
  item = &g_array_index (period->unknown, IzpReconciliationItem, 0);
  g_assert_cmpint (item->kind, ==, IZP_LEDGER_KIND_OVERRIDE);
  g_assert_cmpstr (item->ref, ==, "inv_zz");
  g_assert_cmpint (item->local_cents, ==, 0);
  g_assert_cmpint (item->statement_cents, ==, 450);
  g_assert_cmpint (period->local_cents, ==, 33320);
  g_assert_cmpint (period->statement_cents, ==, 33690);
  g_assert_cmpint (period->net_difference_cents, ==, -370);

  /* Q2: 2 matched; inv_c2 missing (79,80). Net 1 109,60 − 1 029,80 = +79,80. */
  period = &g_array_index (result->periods, IzpReconciliationPeriod, 1);
  g_assert_cmpstr (period->period, ==, "2026-Q2");
  g_assert_cmpuint (period->n_matched, ==, 2);
  g_assert_cmpuint (period->differences->len, ==, 0);
  g_assert_cmpuint (period->unknown->len, ==, 0);
  g_assert_cmpuint (period->missing->len, ==, 1);
  item = &g_array_index (period->missing, IzpReconciliationItem, 0);
  g_assert_cmpint (item->kind, ==, IZP_LEDGER_KIND_RECURRING_Y1);
  g_assert_cmpstr (item->ref, ==, "inv_c2");
  g_assert_cmpint (item->local_cents, ==, 7980);
  g_assert_cmpint (item->statement_cents, ==, 0);
  g_assert_cmpint (period->local_cents, ==, 110960);
  g_assert_cmpint (period->statement_cents, ==, 102980);
  g_assert_cmpint (period->net_difference_cents, ==, 7980);

  /* Q3: nothing local; the y2+ line of inv_a1 is unknown. Net 0 − 14,90. */
  period = &g_array_index (result->periods, IzpReconciliationPeriod, 2);
  g_assert_cmpstr (period->period, ==, "2026-Q3");
  g_assert_cmpuint (period->n_matched, ==, 0);
  g_assert_cmpuint (period->missing->len, ==, 0);
  g_assert_cmpuint (period->differences->len, ==, 0);
  g_assert_cmpuint (period->unknown->len, ==, 1);
  g_assert_cmpint (period->local_cents, ==, 0);
  g_assert_cmpint (period->statement_cents, ==, 1490);
  g_assert_cmpint (period->net_difference_cents, ==, -1490);
}

/* The seed's "scénario conservateur", model start. */
static void
test_projection_example (void)
{
  IzpProjectionInput input;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  const IzpProjectionYear *year;

  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_STARTER] = 9;
  input.new_clients[IZP_PLAN_PRO] = 5;
  input.new_clients[IZP_PLAN_ENTERPRISE] = 1;
  input.retention_bp = 9000;
  input.n_years = 3;
  input.tier = IZP_TIER_REFERENT;
  input.founder = FALSE;
  input.model = IZP_ACTIVATION_START;

  years = izp_projection_compute (&input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 3);

  year = &g_array_index (years, IzpProjectionYear, 0);
  g_assert_cmpfloat_with_epsilon (year->expected_active_clients, 15.0, 1e-9);
  g_assert_cmpint (year->arr_cents, ==, 2010000);
  g_assert_cmpint (year->revenue_cents, ==, 2010000);
  g_assert_cmpint (year->commission_cents, ==, 402000);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y1], ==, 402000);
  g_assert_cmpint (year->cumulative_cents, ==, 402000);

  year = &g_array_index (years, IzpProjectionYear, 1);
  g_assert_cmpfloat_with_epsilon (year->expected_active_clients, 28.5, 1e-9);
  g_assert_cmpint (year->arr_cents, ==, 2010000 + 1809000);
  g_assert_cmpint (year->revenue_cents, ==, 2010000 + 1809000);
  g_assert_cmpint (year->commission_cents, ==, 582900);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y2PLUS], ==, 180900);

  year = &g_array_index (years, IzpProjectionYear, 2);
  g_assert_cmpfloat_with_epsilon (year->expected_active_clients, 15 + 13.5 + 12.15, 1e-9);
  g_assert_cmpint (year->commission_cents, ==, 745710);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y2PLUS], ==, 162810 + 180900);
  g_assert_cmpint (year->cumulative_cents, ==, 1730610);
}

/* Spread: a twelfth of the cohort each month; the same yearly total over the
 * first year's clients, half of which pay in the next calendar year. */
static void
test_projection_spread (void)
{
  IzpProjectionInput input;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) years = NULL;
  const IzpProjectionYear *year;

  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_PRO] = 12;
  input.retention_bp = 10000;
  input.n_years = 2;
  input.tier = IZP_TIER_CERTIFIE;
  input.model = IZP_ACTIVATION_SPREAD;

  years = izp_projection_compute (&input, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (years->len, ==, 2);

  /* Year 1: clients 1..12 pay 12, 11, … 1 months: 78 client-months. */
  year = &g_array_index (years, IzpProjectionYear, 0);
  g_assert_cmpfloat_with_epsilon (year->expected_active_clients, 12.0, 1e-9);
  g_assert_cmpint (year->revenue_cents, ==, 78 * 14900);
  g_assert_cmpint (year->arr_cents, ==, 12 * 12 * 14900);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y1], ==, 78 * 3725);
  /* The 10th client activates on 1 October of year 1: one tranche. */
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_TRANCHE_BONUS], ==, 50000);

  /* Year 2: cohort 1 finishes its first year (66 months at 2500 bp), starts
   * its second (78 at 1500 bp); cohort 2 pays 78 months. 20th client in August. */
  year = &g_array_index (years, IzpProjectionYear, 1);
  g_assert_cmpfloat_with_epsilon (year->expected_active_clients, 24.0, 1e-9);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y1], ==, (66 + 78) * 3725);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_RECURRING_Y2PLUS], ==, 78 * 2235);
  g_assert_cmpint (year->by_kind[IZP_LEDGER_KIND_TRANCHE_BONUS], ==, 50000);
}

static void
test_projection_input_check (void)
{
  IzpProjectionInput input;
  g_autoptr(GError) error = NULL;
  GArray *years;

  izp_projection_input_init (&input);
  g_assert_true (izp_projection_input_check (&input, NULL));
  g_assert_cmpint (input.monthly_price[IZP_PLAN_STARTER], ==, 5900);
  g_assert_cmpint (input.monthly_price[IZP_PLAN_PRO], ==, 14900);
  g_assert_cmpint (input.monthly_price[IZP_PLAN_ENTERPRISE], ==, 39900);

  input.n_years = 0;
  years = izp_projection_compute (&input, &error);
  g_assert_null (years);
  g_assert_error (error, IZP_PROJECTION_ERROR, IZP_PROJECTION_ERROR_INVALID);
  g_clear_error (&error);

  input.n_years = 11;
  g_assert_false (izp_projection_input_check (&input, NULL));
  input.n_years = 10;
  input.retention_bp = 10001;
  g_assert_false (izp_projection_input_check (&input, NULL));
  input.retention_bp = 0;
  input.new_clients[IZP_PLAN_PRO] = 10;
  input.tier = IZP_TIER_STRATEGIQUE;
  years = izp_projection_compute (&input, &error);
  g_assert_no_error (error);
  /* No retention: each year only its new clients; 10 a year: one tranche a year. */
  g_assert_cmpfloat_with_epsilon (g_array_index (years, IzpProjectionYear, 9).expected_active_clients, 10.0, 1e-9);
  g_assert_cmpint (g_array_index (years, IzpProjectionYear, 9).by_kind[IZP_LEDGER_KIND_RECURRING_Y2PLUS], ==, 0);
  g_assert_cmpint (g_array_index (years, IzpProjectionYear, 9).by_kind[IZP_LEDGER_KIND_TRANCHE_BONUS], ==, 50000);
  g_assert_cmpint (g_array_index (years, IzpProjectionYear, 9).cumulative_cents, ==,
                   10 * (10 * 12 * 3725 + 50000));
  g_array_unref (years);
}

/* The vector computed by a separate implementation of the rules. */
static JsonNode *
load_json (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "core", "data", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  node = izp_json_parse_bounded (contents, length, 64 * 1024 * 1024, 64, &error);
  g_assert_no_error (error);
  return node;
}

static void
test_vector (void)
{
  g_autoptr(JsonNode) dataset = load_json ("commission-scenario-7.json");
  g_autoptr(JsonNode) expected = load_json ("commission-scenario-7.expected.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionInput) input = izp_commission_input_from_json (dataset, &error);
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(GArray) batches = NULL;
  JsonObject *root;
  JsonObject *by_year;
  JsonArray *groups;
  JsonArray *anomalies;
  JsonArray *expected_batches;
  IzpCents total = 0;

  g_assert_no_error (error);
  g_assert_nonnull (input);
  ledger = izp_commission_compute (input);
  root = json_node_get_object (expected);
  by_year = json_object_get_object_member (root, "commissions_by_year");

  g_assert_cmpint (ledger->lines->len, ==, json_object_get_int_member (root, "ledger_lines"));

  years = izp_ledger_group (ledger, IZP_GROUP_BY_YEAR, IZP_DATE_NONE, IZP_DATE_NONE);
  groups = json_object_get_array_member (by_year, "groups");
  g_assert_cmpuint (years->len, ==, json_array_get_length (groups));
  for (guint i = 0; i < years->len; i++)
    {
      const IzpLedgerGroup *group = &g_array_index (years, IzpLedgerGroup, i);
      JsonObject *want = json_array_get_object_element (groups, i);
      JsonObject *want_kinds = json_object_get_object_member (want, "by_kind");

      g_test_message ("year %s", group->key);
      g_assert_cmpstr (group->key, ==, json_object_get_string_member (want, "key"));
      for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
        {
          const char *name = izp_ledger_kind_to_string (k);
          gint64 want_cents = json_object_has_member (want_kinds, name)
                              ? json_object_get_int_member (want_kinds, name) : 0;

          g_test_message ("  %s: %" G_GINT64_FORMAT " (expected %" G_GINT64_FORMAT ")",
                          name, group->by_kind[k], want_cents);
          g_assert_cmpint (group->by_kind[k], ==, want_cents);
        }
      g_assert_cmpint (group->total_cents, ==, json_object_get_int_member (want, "total_cents"));
      total += group->total_cents;
    }
  g_assert_cmpint (total, ==, json_object_get_int_member (by_year, "total_cents"));

  anomalies = json_object_get_array_member (by_year, "anomalies");
  g_assert_cmpuint (ledger->anomalies->len, ==, json_array_get_length (anomalies));
  for (guint i = 0; i < ledger->anomalies->len; i++)
    {
      const IzpAnomaly *anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, i);
      JsonObject *want = json_array_get_object_element (anomalies, i);

      g_assert_cmpstr (anomaly->ref, ==, json_object_get_string_member (want, "ref"));
      g_assert_cmpstr (izp_anomaly_reason_to_string (anomaly->reason), ==,
                       json_object_get_string_member (want, "reason"));
    }

  /* Batches: same set of keys (the file lists them in key order, we by start). */
  batches = izp_payout_batches (ledger, &input->terms, input->statements, input->n_statements,
                                D ("2028-07-01"));
  expected_batches = json_object_get_array_member (json_object_get_object_member (root, "payouts"),
                                                   "batches");
  g_assert_cmpuint (batches->len, ==, json_array_get_length (expected_batches));
  for (guint i = 0; i < json_array_get_length (expected_batches); i++)
    {
      JsonObject *want = json_array_get_object_element (expected_batches, i);
      const char *key = json_object_get_string_member (want, "key");
      const IzpPayoutBatch *found = NULL;
      g_autofree char *due_on = NULL;

      for (guint j = 0; j < batches->len && found == NULL; j++)
        if (g_strcmp0 (g_array_index (batches, IzpPayoutBatch, j).period.key, key) == 0)
          found = &g_array_index (batches, IzpPayoutBatch, j);

      g_test_message ("batch %s", key);
      g_assert_nonnull (found);
      due_on = date_string (found->period.due_on);
      g_assert_cmpstr (due_on, ==, json_object_get_string_member (want, "due_on"));
      g_assert_cmpint (found->total_cents, ==, json_object_get_int_member (want, "total_cents"));
    }
}

static void
assert_input_error (const char *json,
                    const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = izp_json_parse_bounded (json, strlen (json), 1 << 20, 32, &error);
  g_autoptr(IzpCommissionInput) input = NULL;

  g_assert_no_error (error);
  input = izp_commission_input_from_json (node, &error);
  g_assert_null (input);
  g_assert_error (error, IZP_JSON_ERROR, error->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

#define PARTNER "\"partner\": {\"currency\": \"EUR\", \"founder\": false, " \
                "\"tier_history\": [{\"tier\": \"referent\", \"since\": \"2025-11-03\"}]}"

static void
test_input_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;
  g_autoptr(IzpCommissionInput) input = NULL;
  const char *minimal = "{" PARTNER ", \"clients\": [{\"id\": \"c\", \"activated_on\": null, \"white_label\": false}]}";

  ok = izp_json_parse_bounded (minimal, strlen (minimal), 1 << 20, 32, &error);
  g_assert_no_error (error);
  input = izp_commission_input_from_json (ok, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (input->n_clients, ==, 1);
  g_assert_cmpuint (input->clients[0].activated_on, ==, IZP_DATE_NONE);
  g_assert_cmpuint (input->n_invoices, ==, 0);
  g_assert_cmpuint (input->terms.n_tier_history, ==, 1);

  assert_input_error ("[]", "$");
  assert_input_error ("{}", "partner");
  assert_input_error ("{\"partner\": {\"currency\": 3, \"founder\": false, \"tier_history\": []}}",
                      "$.partner.currency");
  assert_input_error ("{\"partner\": {\"currency\": \"EUR\", \"founder\": false, "
                      "\"tier_history\": [{\"tier\": \"gold\", \"since\": \"2025-11-03\"}]}}",
                      "$.partner.tier_history[0].tier");
  assert_input_error ("{" PARTNER ", \"clients\": [{\"id\": \"c\", \"activated_on\": \"2026-02-30\", "
                      "\"white_label\": false}]}", "$.clients[0].activated_on");
  assert_input_error ("{" PARTNER ", \"clients\": {}}", "clients");
  assert_input_error ("{" PARTNER ", \"invoices\": [{\"id\": \"i\", \"client_id\": \"c\", \"source\": \"own\", "
                      "\"sub_partner_id\": null, \"client_activated_on\": null, \"period_start\": \"2026-01-01\", "
                      "\"amount_cents\": 12.5, \"currency\": \"EUR\", \"status\": \"paid\", \"paid_on\": \"2026-01-01\"}]}",
                      "$.invoices[0].amount_cents");
  assert_input_error ("{" PARTNER ", \"invoices\": [{\"id\": \"i\", \"client_id\": \"c\", \"source\": \"own\", "
                      "\"sub_partner_id\": null, \"client_activated_on\": null, \"period_start\": \"2026-01-01\", "
                      "\"amount_cents\": 1250, \"currency\": \"EUR\", \"status\": \"paid\", \"paid_on\": null}]}",
                      "$.invoices[0].paid_on");
  assert_input_error ("{" PARTNER ", \"statements\": [{\"id\": \"s\", \"period\": \"2026-Q1\", \"status\": \"paid\", "
                      "\"total_cents\": 0, \"lines\": [{\"kind\": \"tip\", \"ref\": \"x\", \"amount_cents\": 1}]}]}",
                      "$.statements[0].lines[0].kind");
  assert_input_error ("{" PARTNER ", \"campaigns\": [\"cmp\"]}", "$.campaigns[0]");
  assert_input_error ("{" PARTNER ", \"campaigns\": [{\"id\": \"k\", \"starts_on\": \"2026-01-01\", "
                      "\"ends_on\": \"2026-01-31\", \"bonus_per_client_cents\": 9000000000000000000}]}",
                      "$.campaigns[0].bonus_per_client_cents");
}

/* Labels: English msgids, and the French of this build's po/fr.po. */
static void
test_labels (void)
{
  /* French first: GLib decides once per process, on the first
   * translation asked for, whether this domain is translated at all. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (izp_tier_get_label (IZP_TIER_REFERENT), ==, "Référent");
  g_assert_cmpstr (izp_tier_get_label (IZP_TIER_CERTIFIE), ==, "Certifié");
  g_assert_cmpstr (izp_tier_get_label (IZP_TIER_STRATEGIQUE), ==, "Stratégique");
  g_assert_cmpstr (izp_ledger_kind_get_label (IZP_LEDGER_KIND_RECURRING_Y1), ==, "Récurrent, 1re année");
  g_assert_cmpstr (izp_ledger_kind_get_label (IZP_LEDGER_KIND_WHITE_LABEL_MARGIN), ==, "Marge marque blanche");
  g_assert_cmpstr (izp_ledger_kind_get_label (IZP_LEDGER_KIND_CAMPAIGN_BONUS), ==, "Prime de campagne");
  g_assert_cmpstr (izp_payout_state_get_label (IZP_PAYOUT_STATE_DUE), ==, "À verser");
  g_assert_cmpstr (izp_invoice_status_get_label (IZP_INVOICE_STATUS_PAID), ==, "Payée");
  /* The keys stay the API's. */
  g_assert_cmpstr (izp_tier_to_string (IZP_TIER_CERTIFIE), ==, "certifie");
  g_assert_cmpstr (izp_ledger_kind_to_string (IZP_LEDGER_KIND_RECURRING_Y1), ==, "recurring_y1");
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (izp_tier_get_label (IZP_TIER_CERTIFIE), ==, "Certified");
  g_assert_cmpstr (izp_ledger_kind_get_label (IZP_LEDGER_KIND_REFERRAL_BONUS), ==, "Referral bonus");
  g_assert_cmpstr (izp_payout_state_get_label (IZP_PAYOUT_STATE_LATE), ==, "Overdue");
  g_assert_cmpstr (izp_invoice_status_get_label (IZP_INVOICE_STATUS_REFUNDED), ==, "Refunded");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commission/labels", test_labels);
  g_test_add_func ("/commission/worked-example", test_worked_example);
  g_test_add_func ("/commission/tier-on", test_tier_on);
  g_test_add_func ("/commission/rates", test_rates);
  g_test_add_func ("/commission/founder-rounding", test_founder_and_rounding);
  g_test_add_func ("/commission/leap-day-clamp", test_leap_day_clamp);
  g_test_add_func ("/commission/tier-change-mid-quarter", test_tier_change_mid_quarter);
  g_test_add_func ("/commission/payout-states", test_payout_states);
  g_test_add_func ("/commission/white-label", test_white_label);
  g_test_add_func ("/commission/tranche", test_tranche);
  g_test_add_func ("/commission/override-referral", test_override_and_referral);
  g_test_add_func ("/commission/campaign", test_campaign);
  g_test_add_func ("/commission/anomalies", test_anomalies_and_no_line);
  g_test_add_func ("/commission/names", test_names);
  g_test_add_func ("/commission/grouping", test_grouping);
  g_test_add_func ("/commission/grouping-month-boundaries", test_grouping_month_boundaries);
  g_test_add_func ("/commission/reconciliation", test_reconciliation);
  g_test_add_func ("/commission/reconciliation-hand-statements", test_reconciliation_hand_statements);
  g_test_add_func ("/commission/projection-example", test_projection_example);
  g_test_add_func ("/commission/projection-spread", test_projection_spread);
  g_test_add_func ("/commission/projection-input-check", test_projection_input_check);
  g_test_add_func ("/commission/vector-scenario-7", test_vector);
  g_test_add_func ("/commission/input-errors", test_input_errors);

  return g_test_run ();
}
