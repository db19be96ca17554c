/* izp-dashboard.h — the dashboard's figures, exactly as product.md defines them
 *
 * One read of the store (SQL on indexed columns: counts and short lists,
 * never every row) plus one pass over the commission ledger gives the
 * plain struct below; the app, `izyinbox-partner-cli dashboard` and the
 * notifications all show this struct, so they show the same figures.
 * The ledger and the payout batches are an input: the account's
 * commission data (izp-commission-data, layer ledger) gives them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "izp-commission-data.h"
#include "izp-commission-engine.h"
#include "izp-session.h"
#include "izp-store.h"

G_BEGIN_DECLS

#define IZP_DASHBOARD_MONTHS 12

typedef struct
{
  char     key[8];                       /* `YYYY-MM` */
  IzpDate  from;
  IzpDate  to;                           /* today for the current month */
  gint64   new_clients;
  gint64   active_clients;
  IzpCents commission_cents;
} IzpDashboardMonth;

typedef struct
{
  guint    year;                         /* 1, 2, … */
  IzpDate  from;
  IzpDate  to;
  IzpCents commission_cents;
} IzpDashboardProgramYear;

typedef struct
{
  char       *lead_id;
  char       *company;                   /* nullable */
  char       *link_id;                   /* nullable: the link it came through */
  char       *contact;                   /* first and last name */
  char       *demo_at;                   /* demos: the instant as stored */
  gint64      demo_at_unix;
  int         day;                       /* trials: N of J+N */
  int         feature_usage_pct;         /* trials: -1 when unknown */
} IzpDashboardLead;

typedef struct
{
  char *client_id;
  char *company;
  int   usage_pct;                       /* -1 when unknown */
} IzpDashboardClient;

typedef enum
{
  IZP_REQUIREMENT_ACTIVATED_CLIENTS_12M,
  IZP_REQUIREMENT_CERTIFICATION,
  IZP_REQUIREMENT_NPS,
  IZP_REQUIREMENT_ACTIVATED_CLIENTS,
  IZP_REQUIREMENT_PORTFOLIO,
  IZP_REQUIREMENT_CO_MARKETING,
} IzpRequirementKind;

typedef struct
{
  IzpRequirementKind kind;
  gboolean           known;              /* FALSE: no value (an NPS not measured yet) */
  gint64             current;            /* booleans are 0 or 1 */
  gint64             target;
  gboolean           met;
} IzpTierRequirement;

typedef enum
{
  IZP_BADGE_PIONEER,                     /* the first client activated */
  IZP_BADGE_ROCKET,                      /* 10 clients activated in under 6 months */
  IZP_BADGE_DIAMOND,                     /* 50 clients activated */
  IZP_BADGE_CENTURION,                   /* 100 clients activated */
} IzpBadgeKind;

#define IZP_N_BADGES 4

typedef struct
{
  char *id;
  char *title;
  char *kind;                            /* `slides`, `flyer`, … */
  char *url;
} IzpDashboardResource;

typedef struct
{
  IzpDate              today;
  gboolean             has_commissions;  /* FALSE: the ledger is not computed yet, its sums 0 */
  char                *currency;
  char                *cabinet;
  IzpDate              joined_on;

  IzpDashboardMonth    month;            /* M, up to today */
  IzpDashboardMonth    previous_month;   /* P */
  GArray              *program_years;    /* IzpDashboardProgramYear */
  IzpCents             total_cents;
  IzpDashboardMonth    monthly[IZP_DASHBOARD_MONTHS]; /* oldest first, ending with M */

  GPtrArray           *demos;            /* IzpDashboardLead, soonest first */
  GPtrArray           *trials;           /* IzpDashboardLead, most recent start first */
  GPtrArray           *negotiations;     /* IzpDashboardLead */

  GPtrArray           *churn_risk;       /* IzpDashboardClient */
  GPtrArray           *ready_to_close;   /* IzpDashboardLead */
  GArray              *payouts;          /* IzpPayoutBatch, every batch */
  GArray              *late_payouts;     /* IzpPayoutBatch */
  GPtrArray           *upgrades;         /* IzpDashboardClient */

  IzpTier              tier;
  gboolean             has_next_tier;
  IzpTier              next_tier;
  GArray              *requirements;     /* IzpTierRequirement, of the next tier */

  gint64               activated;        /* own clients ever activated, up to today */
  gint64               next_step;        /* the next multiple of 10 above it */
  IzpCents             bonus_cents;
  gboolean             bonus_eligible;

  char                *leaderboard_quarter; /* NULL before the first sync */
  gint64               leaderboard_rank;    /* 0 when not ranked */

  IzpDate              badges[IZP_N_BADGES]; /* the day earned, IZP_DATE_NONE if not */

  GPtrArray           *resources;        /* IzpDashboardResource */
  char                *manager_name;     /* nullable, as the three below */
  char                *manager_email;
  char                *manager_phone;
} IzpDashboard;

void          izp_dashboard_free              (IzpDashboard        *dashboard);

/* Reads the store (on the caller's thread: a worker, or the CLI) and sums
 * @ledger, with @batches (IzpPayoutBatch) its payouts. With @ledger NULL,
 * the commission figures come from the summary the store keeps of the last
 * ledger computed (izp_store_put_commission_summary()), when it is of the
 * data as it stands; otherwise has_commissions is FALSE. */
IzpDashboard *izp_dashboard_read              (IzpStore            *store,
                                               IzpDate              today,
                                               const IzpLedger     *ledger,
                                               GArray              *batches,
                                               GCancellable        *cancellable,
                                               GError             **error);

/* The same with the account's commission data (its ledger and payouts). */
IzpDashboard *izp_dashboard_read_with_data    (IzpStore            *store,
                                               IzpDate              today,
                                               IzpCommissionData   *data,
                                               GCancellable        *cancellable,
                                               GError             **error);
/* izp_dashboard_read_with_data() on a worker, on @session's store — with
 * @data NULL, izp_dashboard_read() with the store's commission summary. The
 * first read of a session opens the store on the same worker
 * (izp_session_run_async()). With no complete sync yet:
 * IZP_STORE_ERROR_NOT_SYNCED. */
void          izp_dashboard_read_in_session_async  (IzpSession          *session,
                                                    IzpDate              today,
                                                    IzpCommissionData   *data,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
IzpDashboard *izp_dashboard_read_in_session_finish (IzpSession          *session,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Reads with the store's commission summary, or else computes the
 * commission data first (the CLI, on its own thread). */
IzpDashboard *izp_dashboard_load              (IzpStore            *store,
                                               IzpDate              today,
                                               GCancellable        *cancellable,
                                               GError             **error);

const char   *izp_requirement_kind_to_string  (IzpRequirementKind   kind);
/* “7 / 10 clients activated in 12 months”; @currency for co-marketing. */
char         *izp_requirement_describe        (const IzpTierRequirement *requirement,
                                               const char          *currency);
const char   *izp_badge_kind_to_string        (IzpBadgeKind         kind);
const char   *izp_badge_get_label             (IzpBadgeKind         kind);
const char   *izp_badge_get_rule              (IzpBadgeKind         kind);

/* The JSON of product.md (`dashboard --format json`). */
JsonNode     *izp_dashboard_to_json           (const IzpDashboard  *dashboard);
/* The same as a French summary (`dashboard --format text`). */
char         *izp_dashboard_to_text           (const IzpDashboard  *dashboard);
/* The headline lines printed by `status`. */
char         *izp_dashboard_headline_text     (const IzpDashboard  *dashboard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpDashboard, izp_dashboard_free)

G_END_DECLS
