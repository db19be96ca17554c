/* bench-commission-engine.c — the engine on 240 000 synthetic invoices
 *
 * Part of the benchmark (tests/bench/core-bench.sh, run by scripts/bench),
 * not of the tests: it prints the time of each step and asserts only that
 * the work was done, never how fast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-commission-engine.h"

#define N_CLIENTS        10000
#define N_MONTHS         24
#define N_SUB_PARTNERS   20
#define N_SUB_INVOICES   (N_SUB_PARTNERS * 12 * 20)

static double
elapsed_ms (gint64 since)
{
  return (g_get_monotonic_time () - since) / 1000.0;
}

static void
test_bench_240k (void)
{
  g_autoptr(GStringChunk) strings = g_string_chunk_new (1 << 20);
  g_autofree IzpClientFacts *clients = g_new0 (IzpClientFacts, N_CLIENTS);
  g_autofree IzpInvoiceFacts *invoices = NULL;
  g_autofree IzpSubPartnerFacts *sub_partners = g_new0 (IzpSubPartnerFacts, N_SUB_PARTNERS);
  IzpTierChange history[] = {
    { IZP_TIER_REFERENT, izp_date_new (2025, 1, 1) },
    { IZP_TIER_CERTIFIE, izp_date_new (2026, 6, 15) },
    { IZP_TIER_STRATEGIQUE, izp_date_new (2027, 3, 1) },
  };
  IzpCampaignFacts campaigns[] = {
    { "cmp_a", izp_date_new (2025, 9, 1), izp_date_new (2025, 9, 30), 50000 },
    { "cmp_b", izp_date_new (2026, 1, 1), izp_date_new (2026, 1, 31), 25000 },
  };
  IzpCommissionInput input = { { "EUR", TRUE, history, G_N_ELEMENTS (history) } };
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(GArray) years = NULL;
  g_autoptr(GArray) months = NULL;
  g_autoptr(GArray) batches = NULL;
  IzpDate start = izp_date_new (2025, 1, 1);
  gsize n_invoices = (gsize) N_CLIENTS * N_MONTHS;
  gsize n = 0;
  double best = G_MAXDOUBLE;
  gint64 t0;
  double compute_ms, group_ms, batch_ms;

  invoices = g_new0 (IzpInvoiceFacts, n_invoices);

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      char id[32];

      g_snprintf (id, sizeof id, "cli_%06u", c);
      clients[c].id = g_string_chunk_insert (strings, id);
      /* Activations over the first year, a few on month ends. */
      clients[c].activated_on = izp_date_add_days (start, (int) (c % 365));
      clients[c].white_label = c % 50 == 0;
    }
  for (guint s = 0; s < N_SUB_PARTNERS; s++)
    {
      char id[32];

      g_snprintf (id, sizeof id, "prt_s%03u", s);
      sub_partners[s].id = g_string_chunk_insert (strings, id);
      sub_partners[s].activated_on = s % 4 == 0 ? IZP_DATE_NONE : izp_date_add_days (start, (int) (30 * s));
    }

  /* 240 000 invoices: own clients' monthly invoices, a share of them from
   * sub-partners, some unpaid, some credit notes. */
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      for (guint m = 0; m < N_MONTHS; m++)
        {
          IzpInvoiceFacts *invoice = &invoices[n];
          char id[32];

          g_snprintf (id, sizeof id, "inv_%07" G_GSIZE_FORMAT, n);
          invoice->id = g_string_chunk_insert (strings, id);
          invoice->client_id = clients[c].id;
          invoice->period_start = izp_date_add_months (clients[c].activated_on, (int) m);
          invoice->paid_on = izp_date_add_days (invoice->period_start, (int) (c % 5));
          invoice->amount_cents = c % 3 == 0 ? 5900 : c % 3 == 1 ? 14900 : 39900;
          invoice->currency = "EUR";
          invoice->status = n % 40 == 0 ? IZP_INVOICE_STATUS_OPEN : IZP_INVOICE_STATUS_PAID;
          invoice->source = IZP_INVOICE_SOURCE_OWN;
          if (n % 97 == 0)
            invoice->amount_cents = -invoice->amount_cents;
          if (n < N_SUB_INVOICES)
            {
              invoice->source = IZP_INVOICE_SOURCE_SUB_PARTNER;
              invoice->sub_partner_id = sub_partners[n % N_SUB_PARTNERS].id;
              invoice->client_activated_on = clients[c].activated_on;
            }
          n++;
        }
    }

  input.clients = clients;
  input.n_clients = N_CLIENTS;
  input.invoices = invoices;
  input.n_invoices = n;
  input.sub_partners = sub_partners;
  input.n_sub_partners = N_SUB_PARTNERS;
  input.campaigns = campaigns;
  input.n_campaigns = G_N_ELEMENTS (campaigns);

  /* Best of five, as a benchmark reports it. */
  for (guint run = 0; run < 5; run++)
    {
      g_clear_pointer (&ledger, izp_ledger_free);
      t0 = g_get_monotonic_time ();
      ledger = izp_commission_compute (&input);
      best = MIN (best, elapsed_ms (t0));
    }
  compute_ms = best;

  t0 = g_get_monotonic_time ();
  years = izp_ledger_group (ledger, IZP_GROUP_BY_YEAR, IZP_DATE_NONE, IZP_DATE_NONE);
  months = izp_ledger_group (ledger, IZP_GROUP_BY_MONTH, IZP_DATE_NONE, IZP_DATE_NONE);
  group_ms = elapsed_ms (t0);

  t0 = g_get_monotonic_time ();
  batches = izp_payout_batches (ledger, &input.terms, NULL, 0, izp_date_new (2027, 6, 1));
  batch_ms = elapsed_ms (t0);

  g_print ("# commission engine: %" G_GSIZE_FORMAT " invoices -> %u lines, %u anomalies\n",
           n, ledger->lines->len, ledger->anomalies->len);
  g_print ("# compute (best of 5): %.1f ms (budget for the whole recompute from SQLite: 250 ms)\n",
           compute_ms);
  g_print ("# group by year + by month: %.1f ms; payout batches: %.1f ms (%u batches)\n",
           group_ms, batch_ms, batches->len);

  g_assert_cmpuint (n, ==, 240000);
  g_assert_cmpuint (ledger->lines->len, >, 200000);
  g_assert_cmpuint (years->len, >=, 3);
  g_assert_cmpuint (months->len, >=, 24);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commission/bench-240k", test_bench_240k);

  return g_test_run ();
}
