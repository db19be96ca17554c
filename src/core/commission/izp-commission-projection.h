/* izp-commission-projection.h — the commission calculator ("Projection")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-commission-engine.h"

G_BEGIN_DECLS

#define IZP_PROJECTION_ERROR (izp_projection_error_quark ())

typedef enum
{
  IZP_PROJECTION_ERROR_INVALID,
} IzpProjectionError;

typedef enum
{
  IZP_PLAN_STARTER,
  IZP_PLAN_PRO,
  IZP_PLAN_ENTERPRISE,
} IzpPlan;

#define IZP_N_PLANS 3
#define IZP_PROJECTION_MAX_YEARS 10

typedef enum
{
  IZP_ACTIVATION_START,     /* each cohort activates on the first day of its year */
  IZP_ACTIVATION_SPREAD,    /* a twelfth of each cohort at the start of each month */
} IzpActivationModel;

typedef struct
{
  guint               new_clients[IZP_N_PLANS];   /* new clients each year, per plan */
  IzpCents            monthly_price[IZP_N_PLANS]; /* excluding VAT */
  IzpBasisPoints      retention_bp;               /* yearly retention: 9000 = 90 % */
  guint               n_years;                    /* 1 to 10 */
  IzpTier             tier;
  gboolean            founder;
  IzpActivationModel  model;
} IzpProjectionInput;

typedef struct
{
  guint     year;                                 /* 1, 2, … */
  double    expected_active_clients;              /* in the year's last month */
  IzpCents  arr_cents;                            /* 12 × the expected MRR of the last month */
  IzpCents  revenue_cents;                        /* invoiced in the year: the lines' basis */
  IzpCents  by_kind[IZP_LEDGER_N_KINDS];
  IzpCents  commission_cents;
  IzpCents  cumulative_cents;
} IzpProjectionYear;

GQuark    izp_projection_error_quark (void);
void      izp_projection_input_init  (IzpProjectionInput        *input);
gboolean  izp_projection_input_check (const IzpProjectionInput  *input,
                                      GError                   **error);
GArray   *izp_projection_compute     (const IzpProjectionInput  *input,
                                      GError                   **error);
/* The activation model in one translated sentence, for the calculator. */
const char *izp_projection_describe_model (IzpActivationModel model);

G_END_DECLS
