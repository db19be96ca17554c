/* izp-commission-projection.c — the commission calculator ("Projection")
 *
 * How fractional clients become cents: the projection bills, for each
 * cohort, each calendar year of the projection and each year of the
 * client's life (k = 0 first year, 1, …), ONE line whose basis is
 *
 *   round half up (cohort MRR × Σ client-months × retention^k)
 *
 * (client-months counted in twelfths of the cohort for the `spread` model),
 * and whose amount is izp_money_apply_rate (basis, izp_rate_for (…)): the
 * same functions as the ledger. One line per cohort-year rather than per
 * month keeps the rounding to one per line, as for an invoice; with
 * per-month lines the seed's example would drift by a few cents
 * (year 3 = 7 457,16 € instead of 7 457,10 €). The only doubles are the
 * expected client counts (retention^k); every amount is integer cents.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "izp-commission-projection.h"

#define MONTHS_PER_YEAR 12

G_DEFINE_QUARK (izp-projection-error-quark, izp_projection_error)

void
izp_projection_input_init (IzpProjectionInput *input)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->monthly_price[IZP_PLAN_STARTER] = 5900;
  input->monthly_price[IZP_PLAN_PRO] = 14900;
  input->monthly_price[IZP_PLAN_ENTERPRISE] = 39900;
  input->retention_bp = 9000;
  input->n_years = 3;
  input->tier = IZP_TIER_REFERENT;
  input->founder = FALSE;
  input->model = IZP_ACTIVATION_START;
}

gboolean
izp_projection_input_check (const IzpProjectionInput  *input,
                            GError                   **error)
{
  g_return_val_if_fail (input != NULL, FALSE);

  if (input->n_years < 1 || input->n_years > IZP_PROJECTION_MAX_YEARS)
    {
      g_set_error (error, IZP_PROJECTION_ERROR, IZP_PROJECTION_ERROR_INVALID,
                   _("The number of years must be between 1 and %d"), IZP_PROJECTION_MAX_YEARS);
      return FALSE;
    }
  if (input->retention_bp < 0 || input->retention_bp > 10000)
    {
      g_set_error_literal (error, IZP_PROJECTION_ERROR, IZP_PROJECTION_ERROR_INVALID,
                           _("The retention must be between 0 and 100 percent"));
      return FALSE;
    }
  for (guint p = 0; p < IZP_N_PLANS; p++)
    {
      /* Caps that keep every product far from overflowing 64 bits. */
      if (input->monthly_price[p] < 0 || input->monthly_price[p] > 100000000 ||
          input->new_clients[p] > 1000000)
        {
          g_set_error_literal (error, IZP_PROJECTION_ERROR, IZP_PROJECTION_ERROR_INVALID,
                               _("Plan prices and client counts must be positive and realistic"));
          return FALSE;
        }
    }
  if ((guint) input->tier > IZP_TIER_STRATEGIQUE ||
      (guint) input->model > IZP_ACTIVATION_SPREAD)
    {
      g_set_error_literal (error, IZP_PROJECTION_ERROR, IZP_PROJECTION_ERROR_INVALID,
                           _("Unknown tier or activation model"));
      return FALSE;
    }

  return TRUE;
}

static IzpCents
round_half_up (double value)
{
  return (IzpCents) floor (value + 0.5);
}

/**
 * izp_projection_compute:
 *
 * Returns: (transfer full) (element-type IzpProjectionYear): one entry per
 *   year, or %NULL with @error set when the input is out of range
 */
GArray *
izp_projection_compute (const IzpProjectionInput  *input,
                        GError                   **error)
{
  /* client_months[cohort][year][k]: months billed, in whole cohorts (start)
   * or twelfths of a cohort (spread). */
  guint client_months[IZP_PROJECTION_MAX_YEARS][IZP_PROJECTION_MAX_YEARS][IZP_PROJECTION_MAX_YEARS + 1];
  double retention_power[IZP_PROJECTION_MAX_YEARS + 1];
  IzpTierChange tier_change;
  IzpPartnerTerms terms;
  IzpCents cohort_mrr = 0;
  guint cohort_clients = 0;
  guint n_months, divisor, tranches_paid = 0;
  IzpCents cumulative = 0;
  gboolean pays_tranches;
  GArray *years;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!izp_projection_input_check (input, error))
    return NULL;

  /* The projection's partner keeps its starting tier throughout. */
  tier_change.tier = input->tier;
  tier_change.since = 1;
  terms.currency = NULL;
  terms.founder = input->founder;
  terms.tier_history = &tier_change;
  terms.n_tier_history = 1;
  pays_tranches = izp_tier_pays_monthly (input->tier);

  for (guint p = 0; p < IZP_N_PLANS; p++)
    {
      cohort_mrr += (IzpCents) input->new_clients[p] * input->monthly_price[p];
      cohort_clients += input->new_clients[p];
    }

  retention_power[0] = 1.0;
  for (guint k = 1; k <= IZP_PROJECTION_MAX_YEARS; k++)
    retention_power[k] = retention_power[k - 1] * (input->retention_bp / 10000.0);

  memset (client_months, 0, sizeof client_months);
  n_months = input->n_years * MONTHS_PER_YEAR;
  divisor = input->model == IZP_ACTIVATION_START ? 1 : MONTHS_PER_YEAR;

  years = g_array_new (FALSE, TRUE, sizeof (IzpProjectionYear));
  g_array_set_size (years, input->n_years);

  for (guint cohort = 0; cohort < input->n_years; cohort++)
    {
      guint n_starts = input->model == IZP_ACTIVATION_START ? 1 : MONTHS_PER_YEAR;

      for (guint s = 0; s < n_starts; s++)
        {
          guint activated = cohort * MONTHS_PER_YEAR + s;

          for (guint t = activated; t < n_months; t++)
            client_months[cohort][t / MONTHS_PER_YEAR][(t - activated) / MONTHS_PER_YEAR]++;
        }
    }

  for (guint y = 0; y < input->n_years; y++)
    {
      IzpProjectionYear *year = &g_array_index (years, IzpProjectionYear, y);
      guint last_month = y * MONTHS_PER_YEAR + MONTHS_PER_YEAR - 1;
      double expected = 0;
      double expected_mrr = 0;

      year->year = y + 1;

      /* Recurring lines: one per cohort and year of the client's life. */
      for (guint cohort = 0; cohort <= y; cohort++)
        {
          for (guint k = 0; k <= y - cohort + 1 && k <= IZP_PROJECTION_MAX_YEARS; k++)
            {
              guint months = client_months[cohort][y][k];
              gboolean first_year = k == 0;
              IzpBasisPoints rate;
              IzpCents basis;

              if (months == 0)
                continue;
              basis = round_half_up ((double) cohort_mrr * months * retention_power[k] / divisor);
              rate = izp_rate_for (&terms, izp_tier_on (&terms, 1), first_year);
              year->revenue_cents += basis;
              year->by_kind[first_year ? IZP_LEDGER_KIND_RECURRING_Y1
                                       : IZP_LEDGER_KIND_RECURRING_Y2PLUS] += izp_money_apply_rate (basis, rate);
            }
        }

      /* Expected clients in the year's last month. */
      for (guint cohort = 0; cohort <= y; cohort++)
        {
          guint n_starts = input->model == IZP_ACTIVATION_START ? 1 : MONTHS_PER_YEAR;

          for (guint s = 0; s < n_starts; s++)
            {
              guint activated = cohort * MONTHS_PER_YEAR + s;

              double kept = retention_power[(last_month - activated) / MONTHS_PER_YEAR];

              expected += (double) cohort_clients / n_starts * kept;
              expected_mrr += (double) cohort_mrr / n_starts * kept;
            }
        }
      year->expected_active_clients = expected;
      year->arr_cents = round_half_up (expected_mrr * MONTHS_PER_YEAR);

      /* Tranche bonuses on whole clients ever activated, in the order they come. */
      if (pays_tranches && cohort_clients > 0)
        {
          guint n_starts = input->model == IZP_ACTIVATION_START ? 1 : MONTHS_PER_YEAR;

          for (guint s = 0; s < n_starts; s++)
            {
              /* Clients activated so far, in twelfths for the spread model. */
              guint64 twelfths = ((guint64) y * n_starts + s + 1) * cohort_clients * (MONTHS_PER_YEAR / n_starts);
              guint64 whole = twelfths / MONTHS_PER_YEAR;

              while ((tranches_paid + 1) * (guint64) IZP_TRANCHE_SIZE <= whole)
                {
                  tranches_paid++;
                  year->by_kind[IZP_LEDGER_KIND_TRANCHE_BONUS] += IZP_TRANCHE_BONUS_CENTS;
                }
            }
        }

      for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
        year->commission_cents += year->by_kind[k];
      cumulative += year->commission_cents;
      year->cumulative_cents = cumulative;
    }

  return years;
}

const char *
izp_projection_describe_model (IzpActivationModel model)
{
  if (model == IZP_ACTIVATION_SPREAD)
    return _("Model: each year's new clients activate evenly, a twelfth at the start of each month, "
             "and pay one invoice a month; retention applies at each client's anniversary.");
  return _("Model: each year's new clients activate on the first day of the year and pay 12 monthly "
           "invoices a year while retained; a cohort keeps retention^k of its clients in its year k.");
}
