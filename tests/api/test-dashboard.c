/* test-dashboard.c — the dashboard's figures from a store filled by a real sync
 *
 * 1. tests/core/data/dashboard-fixed.json, a dataset written for these
 *    tests; every expected value below is computed by hand from it, in the
 *    comments, following product.md "Dashboard figures (exact)" and
 *    commission-rules.md.
 * 2. A generated dataset: the same figures cross-checked against the
 *    engine's own ledger sums and plain SQL written differently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>

#include "izp-dashboard-events.h"
#include "izp-dashboard.h"
#include "izp-store-query.h"
#include "izp-test-util.h"

#define FIXED_EMAIL    "fixe@exemple.fr"
#define FIXED_PASSWORD "Mot-de-passe-fixe!"

typedef struct
{
  IzpSandboxServer *server;
  TempStore         temp;
} Synced;

/* One sync run into the store of @synced. */
static void
sync_again (Synced     *synced,
            const char *email,
            const char *password)
{
  const char *url = izp_sandbox_server_get_base_url (synced->server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in_as (client, email, password, &error);
  g_autoptr(IzpSync) sync = NULL;
  IzpSyncSummary summary;

  g_assert_no_error (error);
  sync = izp_sync_new (client, synced->temp.store);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
}

static void
sync_store (Synced     *synced,
            const char *email,
            const char *password)
{
  temp_store_init (&synced->temp, izp_sandbox_server_get_base_url (synced->server));
  sync_again (synced, email, password);
}

static void
synced_clear (Synced *synced)
{
  temp_store_clear (&synced->temp);
  g_clear_object (&synced->server);
}

static IzpDashboard *
load (IzpStore *store,
      IzpDate   today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionData) data = izp_commission_data_load (store, &error);
  IzpDashboard *dashboard;

  g_assert_no_error (error);
  dashboard = izp_dashboard_read_with_data (store, today, data, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dashboard);
  return dashboard;
}

static const char *
lead_id (GPtrArray *leads,
         guint      i)
{
  return ((IzpDashboardLead *) leads->pdata[i])->lead_id;
}

static const char *
client_id (GPtrArray *clients,
           guint      i)
{
  return ((IzpDashboardClient *) clients->pdata[i])->client_id;
}

static void
assert_requirement (const IzpDashboard *dashboard,
                    guint               i,
                    IzpRequirementKind  kind,
                    gint64              current,
                    gint64              target,
                    gboolean            met)
{
  const IzpTierRequirement *requirement = &g_array_index (dashboard->requirements, IzpTierRequirement, i);

  g_assert_cmpint (requirement->kind, ==, kind);
  g_assert_true (requirement->known);
  g_assert_cmpint (requirement->current, ==, current);
  g_assert_cmpint (requirement->target, ==, target);
  g_assert_cmpint (requirement->met, ==, met);
}

static char *
fixed_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", "dashboard-fixed.json", NULL);
}

/* Partner: joined 2027-03-10, referent, certifie from 2028-02-15, not a
 * founder (y1 2000 bp as referent, 2500 as certifie; y2+ 1500 certifie).
 * Ledger lines (commission-rules.md):
 *   inv_12 c01 1 000 paid 2027-03-05 (before joined) y1 referent →   200
 *   inv_01 c01 5 900 paid 2027-03-20 y1 referent               → 1 180
 *   inv_10 c03 5 900 paid 2027-09-12 y1 referent               → 1 180
 *   inv_03 c02 14 900 paid 2028-01-05 y1 referent              → 2 980
 *   inv_05 c06 5 900 paid 2028-02-01 y1 referent               → 1 180
 *   inv_02 c01 5 900 paid 2028-02-20 y1 certifie               → 1 475
 *   inv_04 c02 14 900 paid 2028-03-01 y1 certifie              → 3 725
 *   inv_06 c06 14 900 paid 2028-03-02 y1 certifie              → 3 725
 *   inv_08 c09 39 900 paid 2028-03-10 y1 certifie              → 9 975
 *   tranche:10, c10 (the 10th client) activated 2028-03-15, certifie → 50 000
 *   inv_11 c01 5 900 paid 2028-03-16 (after today) y2+ certifie →  885, in no sum
 *   inv_07 (credit note), inv_09 (open): no line. */
static void
test_fixed_dataset (void)
{
  g_autofree char *path = fixed_path ();
  Synced synced = { start_server_with_file (path), { NULL, NULL } };
  g_autoptr(IzpDashboard) d = NULL;
  g_autoptr(IzpDashboard) before = NULL;
  const IzpDashboardProgramYear *years;
  static const IzpCents monthly[IZP_DASHBOARD_MONTHS] = {
    0, 0, 0, 0, 0, 1180, 0, 0, 0, 2980, 2655, 67425,   /* 2027-04 … 2028-03 */
  };

  sync_store (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  d = load (synced.temp.store, izp_date_new (2028, 3, 15));

  g_assert_cmpstr (d->currency, ==, "EUR");
  g_assert_cmpstr (d->cabinet, ==, "Cabinet Fixe & Associés");

  /* M = 2028-03-01 … 2028-03-15: c09 (03-01), c10 (03-15, today) new;
   * active: c01, c02, c05, c06, c07, c08, c09, c10 (c03 churned 02-29,
   * c04 churned 03-10, c12 activated 03-20 after today, c11 never) = 8;
   * commission 3 725 + 3 725 + 9 975 + 50 000 = 67 425. */
  g_assert_cmpstr (d->month.key, ==, "2028-03");
  g_assert_cmpint (d->month.new_clients, ==, 2);
  g_assert_cmpint (d->month.active_clients, ==, 8);
  g_assert_cmpint (d->month.commission_cents, ==, 67425);
  /* P = February 2028 (29 days): c06 (02-01), c07, c08 (02-29) new; c05
   * (01-31) not; active on 02-29: c01, c02, c04, c05, c06, c07, c08 = 7
   * (c03 churned on 02-29 itself is no longer active);
   * commission 1 180 + 1 475 = 2 655. */
  g_assert_cmpstr (d->previous_month.key, ==, "2028-02");
  g_assert_cmpint (d->previous_month.new_clients, ==, 3);
  g_assert_cmpint (d->previous_month.active_clients, ==, 7);
  g_assert_cmpint (d->previous_month.commission_cents, ==, 2655);

  /* Year 1: 2027-03-10 … 2028-03-09: 200 + 1 180 + 1 180 + 2 980 + 1 180
   * + 1 475 + 3 725 + 3 725 = 15 645; year 2: 2028-03-10 … 2029-03-09:
   * 9 975 (paid on its first day) + 50 000 = 59 975; total 75 620. */
  g_assert_cmpuint (d->program_years->len, ==, 2);
  years = (const IzpDashboardProgramYear *) (gpointer) d->program_years->data;
  g_assert_cmpuint (years[0].from, ==, izp_date_new (2027, 3, 10));
  g_assert_cmpuint (years[0].to, ==, izp_date_new (2028, 3, 9));
  g_assert_cmpint (years[0].commission_cents, ==, 15645);
  g_assert_cmpuint (years[1].from, ==, izp_date_new (2028, 3, 10));
  g_assert_cmpuint (years[1].to, ==, izp_date_new (2029, 3, 9));
  g_assert_cmpint (years[1].commission_cents, ==, 59975);
  g_assert_cmpint (d->total_cents, ==, 75620);

  g_assert_cmpstr (d->monthly[0].key, ==, "2027-04");
  g_assert_cmpstr (d->monthly[11].key, ==, "2028-03");
  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    g_assert_cmpint (d->monthly[i].commission_cents, ==, monthly[i]);

  /* Demos on or after today, soonest first: lea_01 earlier today, lea_02
   * tomorrow, lea_04 on the 20th; lea_03 (yesterday) not. */
  g_assert_cmpuint (d->demos->len, ==, 3);
  g_assert_cmpstr (lead_id (d->demos, 0), ==, "lea_01");
  g_assert_cmpstr (lead_id (d->demos, 1), ==, "lea_02");
  g_assert_cmpstr (lead_id (d->demos, 2), ==, "lea_04");
  g_assert_cmpstr (((IzpDashboardLead *) d->demos->pdata[0])->demo_at, ==, "2028-03-15T09:00:00+01:00");
  /* Trials: started 03-08 → J+7, 03-03 → J+12, 02-26 → J+18 (29 February
   * counted). */
  g_assert_cmpuint (d->trials->len, ==, 3);
  g_assert_cmpstr (lead_id (d->trials, 0), ==, "lea_05");
  g_assert_cmpint (((IzpDashboardLead *) d->trials->pdata[0])->day, ==, 7);
  g_assert_cmpint (((IzpDashboardLead *) d->trials->pdata[0])->feature_usage_pct, ==, 51);
  g_assert_cmpint (((IzpDashboardLead *) d->trials->pdata[1])->day, ==, 12);
  g_assert_cmpint (((IzpDashboardLead *) d->trials->pdata[2])->day, ==, 18);
  g_assert_cmpuint (d->negotiations->len, ==, 2);
  g_assert_cmpstr (lead_id (d->negotiations, 0), ==, "lea_08");
  g_assert_cmpstr (lead_id (d->negotiations, 1), ==, "lea_09");
  g_assert_null (((IzpDashboardLead *) d->negotiations->pdata[1])->company);

  /* Churn risk: active today with usage < 30: c02 (25), c07 (29); c08
   * (30) not, c03 (10, churned) not, c11 (5, never activated) not. */
  g_assert_cmpuint (d->churn_risk->len, ==, 2);
  g_assert_cmpstr (client_id (d->churn_risk, 0), ==, "cli_02");
  g_assert_cmpstr (client_id (d->churn_risk, 1), ==, "cli_07");
  /* Ready to close: trials over 50 %: lea_05 (51), lea_07 (64); lea_06 (50) not. */
  g_assert_cmpuint (d->ready_to_close->len, ==, 2);
  g_assert_cmpstr (lead_id (d->ready_to_close, 0), ==, "lea_05");
  g_assert_cmpstr (lead_id (d->ready_to_close, 1), ==, "lea_07");
  /* Batches: 2027-Q1 paid (statement); 2027-Q3 due 2027-10-15: late;
   * 2028-Q1 due 04-15; 2028-02 due 03-15 = today: not late yet. */
  g_assert_cmpuint (d->late_payouts->len, ==, 1);
  g_assert_cmpstr (g_array_index (d->late_payouts, IzpPayoutBatch, 0).period.key, ==, "2027-Q3");
  /* Upgrades: c06 paid 14 900 on 03-02 after 5 900 (the credit note of
   * 03-05 is not positive); c02 paid 14 900 twice: not larger. */
  g_assert_cmpuint (d->upgrades->len, ==, 1);
  g_assert_cmpstr (client_id (d->upgrades, 0), ==, "cli_06");

  /* Certifie since 02-15: next strategique; 10 clients ever activated up
   * to today, portfolio 180, no co-marketing. */
  g_assert_cmpint (d->tier, ==, IZP_TIER_CERTIFIE);
  g_assert_true (d->has_next_tier);
  g_assert_cmpint (d->next_tier, ==, IZP_TIER_STRATEGIQUE);
  g_assert_cmpuint (d->requirements->len, ==, 3);
  assert_requirement (d, 0, IZP_REQUIREMENT_ACTIVATED_CLIENTS, 10, 30, FALSE);
  assert_requirement (d, 1, IZP_REQUIREMENT_PORTFOLIO, 180, 200, FALSE);
  assert_requirement (d, 2, IZP_REQUIREMENT_CO_MARKETING, 0, 500000, FALSE);

  /* The 10th client today: the next step is 20, and certifie earns it. */
  g_assert_cmpint (d->activated, ==, 10);
  g_assert_cmpint (d->next_step, ==, 20);
  g_assert_cmpint (d->bonus_cents, ==, 50000);
  g_assert_true (d->bonus_eligible);

  g_assert_cmpstr (d->leaderboard_quarter, ==, "2028-Q1");
  g_assert_cmpint (d->leaderboard_rank, ==, 7);

  /* Pioneer: c01 on 2027-03-20; ten activations span a year: no Rocket. */
  g_assert_cmpuint (d->badges[IZP_BADGE_PIONEER], ==, izp_date_new (2027, 3, 20));
  g_assert_cmpuint (d->badges[IZP_BADGE_ROCKET], ==, IZP_DATE_NONE);
  g_assert_cmpuint (d->badges[IZP_BADGE_DIAMOND], ==, IZP_DATE_NONE);
  g_assert_cmpuint (d->badges[IZP_BADGE_CENTURION], ==, IZP_DATE_NONE);

  g_assert_cmpuint (d->resources->len, ==, 2);
  g_assert_cmpstr (d->manager_name, ==, "Inès Roux");
  g_assert_cmpstr (d->manager_phone, ==, "+33 1 23 45 67 89");

  /* 2028-02-10, before the tier change. M = 02-01 … 02-10: c06 new;
   * active c01 … c06 = 6; commission inv_05 1 180. P = January: c05
   * (01-31) new; active c01 … c05 = 5; commission inv_03 2 980. */
  before = load (synced.temp.store, izp_date_new (2028, 2, 10));
  g_assert_cmpint (before->month.new_clients, ==, 1);
  g_assert_cmpint (before->month.active_clients, ==, 6);
  g_assert_cmpint (before->month.commission_cents, ==, 1180);
  g_assert_cmpint (before->previous_month.new_clients, ==, 1);
  g_assert_cmpint (before->previous_month.active_clients, ==, 5);
  g_assert_cmpint (before->previous_month.commission_cents, ==, 2980);
  /* One programme year: 200 + 1 180 + 1 180 + 2 980 + 1 180 = 6 720. */
  g_assert_cmpuint (before->program_years->len, ==, 1);
  g_assert_cmpint (before->total_cents, ==, 6720);
  /* Referent: next certifie; activated after 2027-02-10: c01 … c06 = 6 / 10;
   * certification done; NPS 45 > 40. */
  g_assert_cmpint (before->tier, ==, IZP_TIER_REFERENT);
  g_assert_cmpint (before->next_tier, ==, IZP_TIER_CERTIFIE);
  g_assert_cmpuint (before->requirements->len, ==, 3);
  assert_requirement (before, 0, IZP_REQUIREMENT_ACTIVATED_CLIENTS_12M, 6, 10, FALSE);
  assert_requirement (before, 1, IZP_REQUIREMENT_CERTIFICATION, 1, 1, TRUE);
  assert_requirement (before, 2, IZP_REQUIREMENT_NPS, 45, 40, TRUE);
  g_assert_cmpint (before->activated, ==, 6);
  g_assert_cmpint (before->next_step, ==, 10);
  g_assert_false (before->bonus_eligible);
  /* All four demos are still ahead, lea_03 first. */
  g_assert_cmpuint (before->demos->len, ==, 4);
  g_assert_cmpstr (lead_id (before->demos, 0), ==, "lea_03");
  g_assert_cmpuint (before->upgrades->len, ==, 0);

  synced_clear (&synced);
}

/* The dashboard read with the store's commission summary only. */
static IzpDashboard *
read_with_summary (IzpStore *store,
                   IzpDate   today)
{
  g_autoptr(GError) error = NULL;
  IzpDashboard *dashboard = izp_dashboard_read (store, today, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dashboard);
  return dashboard;
}

/* What the store keeps of the ledger gives the same figures as the ledger
 * (the hand-computed values of /dashboard/fixed-dataset), and only while
 * the data it was computed from stands. */
static void
test_fixed_summary (void)
{
  g_autofree char *path = fixed_path ();
  Synced synced = { start_server_with_file (path), { NULL, NULL } };
  IzpStore *store;
  g_autoptr(IzpDashboard) d = NULL;
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(GError) error = NULL;
  const IzpDashboardProgramYear *years;

  sync_store (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  store = synced.temp.store;

  /* Never computed: no commission figure, and no invented zero. */
  d = read_with_summary (store, izp_date_new (2028, 3, 15));
  g_assert_false (d->has_commissions);
  g_assert_cmpuint (d->payouts->len, ==, 0);
  g_clear_pointer (&d, izp_dashboard_free);

  data = izp_commission_data_load (store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&data, izp_commission_data_unref);

  d = read_with_summary (store, izp_date_new (2028, 3, 15));
  g_assert_true (d->has_commissions);
  g_assert_cmpint (d->month.commission_cents, ==, 67425);
  g_assert_cmpint (d->previous_month.commission_cents, ==, 2655);
  years = (const IzpDashboardProgramYear *) (gpointer) d->program_years->data;
  g_assert_cmpint (years[0].commission_cents, ==, 15645);
  g_assert_cmpint (years[1].commission_cents, ==, 59975);
  g_assert_cmpint (d->total_cents, ==, 75620);
  g_assert_cmpint (d->monthly[5].commission_cents, ==, 1180);   /* 2027-09 */
  g_assert_cmpint (d->monthly[11].commission_cents, ==, 67425); /* 2028-03 */
  /* 2027-Q1 paid, 2027-Q3 late, 2028-02 due today, 2028-Q1 due 04-15. */
  g_assert_cmpuint (d->late_payouts->len, ==, 1);
  g_assert_cmpstr (g_array_index (d->late_payouts, IzpPayoutBatch, 0).period.key, ==, "2027-Q3");
  g_assert_cmpint (g_array_index (d->payouts, IzpPayoutBatch, 0).state, ==, IZP_PAYOUT_STATE_PAID);
  g_clear_pointer (&d, izp_dashboard_free);

  /* Another day, from the same summary: 2028-02-10 (see fixed-dataset). */
  d = read_with_summary (store, izp_date_new (2028, 2, 10));
  g_assert_true (d->has_commissions);
  g_assert_cmpint (d->month.commission_cents, ==, 1180);
  g_assert_cmpint (d->previous_month.commission_cents, ==, 2980);
  g_assert_cmpint (d->total_cents, ==, 6720);
  g_clear_pointer (&d, izp_dashboard_free);

  /* A change to a lead is no input of the ledger: the summary stands. */
  g_usleep (1100 * 1000);
  g_assert_true (izp_sandbox_server_touch (synced.server, "leads", "lea_01", &error));
  g_assert_no_error (error);
  sync_again (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  d = read_with_summary (store, izp_date_new (2028, 3, 15));
  g_assert_true (d->has_commissions);
  g_clear_pointer (&d, izp_dashboard_free);

  /* inv_08 (c09, 39 900 paid 2028-03-10 → 9 975) removed: the summary no
   * longer stands; computed again, 67 425 − 9 975 = 57 450 this month,
   * year 2 59 975 − 9 975 = 50 000, total 65 645. */
  g_usleep (1100 * 1000);
  g_assert_true (izp_sandbox_server_delete (synced.server, "invoices", "inv_08", &error));
  g_assert_no_error (error);
  sync_again (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  d = read_with_summary (store, izp_date_new (2028, 3, 15));
  g_assert_false (d->has_commissions);
  g_assert_cmpint (d->month.commission_cents, ==, 0);
  g_clear_pointer (&d, izp_dashboard_free);

  d = izp_dashboard_load (store, izp_date_new (2028, 3, 15), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (d->has_commissions);
  g_assert_cmpint (d->month.commission_cents, ==, 57450);
  g_clear_pointer (&d, izp_dashboard_free);
  d = read_with_summary (store, izp_date_new (2028, 3, 15));
  g_assert_true (d->has_commissions);
  g_assert_cmpint (d->month.commission_cents, ==, 57450);
  years = (const IzpDashboardProgramYear *) (gpointer) d->program_years->data;
  g_assert_cmpint (years[1].commission_cents, ==, 50000);
  g_assert_cmpint (d->total_cents, ==, 65645);

  synced_clear (&synced);
}

/* The JSON of product.md, member by member. */
static void
test_fixed_json (void)
{
  g_autofree char *path = fixed_path ();
  Synced synced = { start_server_with_file (path), { NULL, NULL } };
  g_autoptr(IzpDashboard) d = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  JsonObject *root, *month, *pipeline, *trial, *alerts, *tier, *requirement, *bonus, *board;
  JsonArray *years, *monthly;

  sync_store (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  d = load (synced.temp.store, izp_date_new (2028, 3, 15));
  node = izp_dashboard_to_json (d);
  text = izp_json_to_string (node);
  g_test_message ("%s", text);
  root = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (root, "today"), ==, "2028-03-15");
  g_assert_cmpstr (json_object_get_string_member (root, "currency"), ==, "EUR");
  month = json_object_get_object_member (root, "month");
  g_assert_cmpstr (json_object_get_string_member (month, "key"), ==, "2028-03");
  g_assert_cmpint (json_object_get_int_member (month, "new_clients"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (month, "active_clients"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (month, "commission_cents"), ==, 67425);
  month = json_object_get_object_member (root, "previous_month");
  g_assert_cmpstr (json_object_get_string_member (month, "key"), ==, "2028-02");
  g_assert_cmpint (json_object_get_int_member (month, "commission_cents"), ==, 2655);
  years = json_object_get_array_member (root, "program_years");
  g_assert_cmpuint (json_array_get_length (years), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 0), "year"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (years, 0), "from"), ==, "2027-03-10");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (years, 0), "to"), ==, "2028-03-09");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 1), "commission_cents"), ==, 59975);
  g_assert_cmpint (json_object_get_int_member (root, "total_cents"), ==, 75620);
  monthly = json_object_get_array_member (root, "monthly");
  g_assert_cmpuint (json_array_get_length (monthly), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (monthly, 0), "key"), ==, "2027-04");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (monthly, 11), "commission_cents"), ==, 67425);

  pipeline = json_object_get_object_member (root, "pipeline");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (pipeline, "demos"), 1), "demo_at"),
                   ==, "2028-03-16T14:30:00+01:00");
  trial = json_array_get_object_element (json_object_get_array_member (pipeline, "trials"), 2);
  g_assert_cmpstr (json_object_get_string_member (trial, "lead_id"), ==, "lea_07");
  g_assert_cmpstr (json_object_get_string_member (trial, "company"), ==, "Boucherie Brun");
  g_assert_cmpint (json_object_get_int_member (trial, "day"), ==, 18);
  g_assert_cmpint (json_object_get_int_member (trial, "feature_usage_pct"), ==, 64);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (json_object_get_array_member (pipeline, "negotiations"), 1),
                                             "company"));

  alerts = json_object_get_object_member (root, "alerts");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (alerts, "churn_risk"), 1), ==, "cli_07");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (alerts, "ready_to_close"), 0), ==, "lea_05");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (alerts, "late_payouts"), 0), ==, "2027-Q3");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (alerts, "upgrades"), 0), ==, "cli_06");

  tier = json_object_get_object_member (root, "tier");
  g_assert_cmpstr (json_object_get_string_member (tier, "current"), ==, "certifie");
  g_assert_cmpstr (json_object_get_string_member (tier, "next"), ==, "strategique");
  requirement = json_array_get_object_element (json_object_get_array_member (tier, "requirements"), 0);
  g_assert_cmpstr (json_object_get_string_member (requirement, "key"), ==, "activated_clients");
  g_assert_cmpint (json_object_get_int_member (requirement, "current"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (requirement, "target"), ==, 30);
  g_assert_false (json_object_get_boolean_member (requirement, "met"));

  bonus = json_object_get_object_member (root, "next_bonus");
  g_assert_cmpint (json_object_get_int_member (bonus, "activated"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (bonus, "next_step"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (bonus, "amount_cents"), ==, 50000);
  g_assert_true (json_object_get_boolean_member (bonus, "eligible"));
  board = json_object_get_object_member (root, "leaderboard");
  g_assert_cmpstr (json_object_get_string_member (board, "quarter"), ==, "2028-Q1");
  g_assert_cmpint (json_object_get_int_member (board, "rank"), ==, 7);

  /* The text summary carries the same figures, French style. */
  summary = izp_dashboard_to_text (d);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "674,25"));
  g_assert_nonnull (strstr (summary, "756,20"));

  synced_clear (&synced);
}

static GPtrArray *
take_events (IzpStore *store,
             IzpDate   today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionData) data = izp_commission_data_load (store, &error);
  g_autoptr(IzpDashboard) d = NULL;
  GPtrArray *events;

  g_assert_no_error (error);
  d = izp_dashboard_read_with_data (store, today, data, NULL, &error);
  g_assert_no_error (error);
  events = izp_dashboard_take_new_events (store, d, &error);
  g_assert_no_error (error);
  return events;
}

static gboolean
has_event (GPtrArray    *events,
           IzpEventKind  kind,
           const char   *key)
{
  for (guint i = 0; i < events->len; i++)
    {
      const IzpDashboardEvent *event = events->pdata[i];

      if (event->kind == kind && g_str_equal (event->key, key))
        return TRUE;
    }
  return FALSE;
}

/* Notifications: nothing for what the first look finds, each new event
 * once, never again. */
static void
test_fixed_events (void)
{
  g_autofree char *path = fixed_path ();
  Synced synced = { start_server_with_file (path), { NULL, NULL } };
  IzpDate today = izp_date_new (2028, 3, 15);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *store_path = NULL;
  sqlite3 *db = NULL;

  sync_store (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  first = take_events (synced.temp.store, today);
  g_assert_cmpuint (first->len, ==, 0);
  again = take_events (synced.temp.store, today);
  g_assert_cmpuint (again->len, ==, 0);

  /* What a later sync brings: cli_11 activated today (usage 5: also a churn
   * risk), lea_06 from 50 to 55 % (crosses 50 %), cli_08 from 30 to 20 %
   * (a new churn risk), the 2027-Q3 batch paid. Five events. */
  store_path = izp_store_account_path (synced.temp.dir, izp_sandbox_server_get_base_url (synced.server), EMAIL);
  g_assert_cmpint (sqlite3_open (store_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE clients SET activated_on = '2028-03-15', status = 'active' WHERE id = 'cli_11';"
                                 "UPDATE leads SET feature_usage_pct = 55 WHERE id = 'lea_06';"
                                 "UPDATE clients SET usage_pct = 20 WHERE id = 'cli_08';"
                                 "INSERT INTO statements (id, updated_at, period, period_start, period_end, status, "
                                 " due_on, paid_on, currency, total_cents, lines) "
                                 "SELECT 'stm_2027_Q3', updated_at, '2027-Q3', '2027-07-01', '2027-09-30', 'paid', "
                                 " '2027-10-15', '2027-10-20', currency, 1180, '[]' FROM statements "
                                 "WHERE id = 'stm_2027_Q1';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fresh = take_events (synced.temp.store, today);
  g_assert_cmpuint (fresh->len, ==, 5);
  g_assert_true (has_event (fresh, IZP_EVENT_CLIENT_ACTIVATED, "client-activated:cli_11"));
  g_assert_true (has_event (fresh, IZP_EVENT_READY_TO_CLOSE, "ready-to-close:lea_06"));
  g_assert_true (has_event (fresh, IZP_EVENT_CHURN_RISK, "churn-risk:cli_08"));
  g_assert_true (has_event (fresh, IZP_EVENT_CHURN_RISK, "churn-risk:cli_11"));
  g_assert_true (has_event (fresh, IZP_EVENT_PAYOUT_PAID, "payout-paid:2027-Q3"));

  /* Once: the next look finds nothing new. */
  after = take_events (synced.temp.store, today);
  g_assert_cmpuint (after->len, ==, 0);

  synced_clear (&synced);
}

/* ------------------------------------------------------------------ */
/* Generated dataset: cross-checks */

static gint64
sql_count (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* Active on @end, walking every client in C rather than with the SQL of
 * the code under test. */
static gint64
count_active (sqlite3 *db,
              IzpDate  end)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT activated_on, churned_on FROM clients", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      IzpDate activated = IZP_DATE_NONE, churned = IZP_DATE_NONE;
      const char *a = (const char *) sqlite3_column_text (stmt, 0);
      const char *c = (const char *) sqlite3_column_text (stmt, 1);

      if (a != NULL)
        g_assert_true (izp_date_parse (a, &activated));
      if (c != NULL)
        g_assert_true (izp_date_parse (c, &churned));
      if (activated != IZP_DATE_NONE && activated <= end && (churned == IZP_DATE_NONE || churned > end))
        count++;
    }
  sqlite3_finalize (stmt);
  return count;
}

/* 2 000 clients, or the large dataset's 10 000 with --large. */
static guint n_generated_clients = 2000;

/* The upgrades of @today, by client id, space-separated. */
static char *
upgrades_on (IzpStore *store,
             IzpDate   today)
{
  g_autoptr(IzpDashboard) d = read_with_summary (store, today);
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; i < d->upgrades->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", client_id (d->upgrades, i));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* The rises in the clients' payments kept as a sync finishes: in the fixed
 * dataset only cli_06 ever paid more than the time before (14 900 on
 * 2028-03-02 after 5 900; cli_01's 5 900 of 03-16 equals the one before).
 * The dashboard reads them while they are of the data as it stands and no
 * invoice was paid after its day (the last payment: 2028-03-16); else from
 * the invoices. */
static void
test_fixed_upgrades (void)
{
  g_autofree char *path = fixed_path ();
  Synced synced = { start_server_with_file (path), { NULL, NULL } };
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  IzpStore *store;
  char *ids;

  sync_store (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  store = synced.temp.store;
  g_assert_cmpint (sqlite3_open_v2 (izp_store_get_path (store), &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sql_count (db, "SELECT count(*) FROM payment_rises"), ==, 1);
  g_assert_cmpint (sql_count (db, "SELECT count(*) FROM payment_rises "
                                  "WHERE client_id = 'cli_06' AND paid_on = '2028-03-02'"), ==, 1);

  /* The 31 days up to today: (03-01, 04-01] holds 03-02, (03-02, 04-02] not. */
  ids = upgrades_on (store, izp_date_new (2028, 3, 16));
  g_assert_cmpstr (ids, ==, "cli_06");
  g_free (ids);
  ids = upgrades_on (store, izp_date_new (2028, 4, 1));
  g_assert_cmpstr (ids, ==, "cli_06");
  g_free (ids);
  ids = upgrades_on (store, izp_date_new (2028, 4, 2));
  g_assert_cmpstr (ids, ==, "");
  g_free (ids);

  /* Read from the kept rises: emptied by hand, none on the same day… */
  exec_sql (db, "DELETE FROM payment_rises");
  ids = upgrades_on (store, izp_date_new (2028, 3, 16));
  g_assert_cmpstr (ids, ==, "");
  g_free (ids);
  /* …but a day before the last payment is read from the invoices. */
  ids = upgrades_on (store, izp_date_new (2028, 3, 15));
  g_assert_cmpstr (ids, ==, "cli_06");
  g_free (ids);

  /* Rises of another generation of the data are not read. */
  exec_sql (db, "UPDATE commission_inputs SET generation = generation + 1");
  ids = upgrades_on (store, izp_date_new (2028, 3, 16));
  g_assert_cmpstr (ids, ==, "cli_06");
  g_free (ids);

  /* Kept again for this generation, once: a second call changes nothing. */
  g_assert_true (izp_store_keep_payment_rises (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_count (db, "SELECT count(*) FROM payment_rises WHERE client_id = 'cli_06'"), ==, 1);
  exec_sql (db, "DELETE FROM payment_rises");
  g_assert_true (izp_store_keep_payment_rises (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_count (db, "SELECT count(*) FROM payment_rises"), ==, 0);

  /* A sync that brings an invoice keeps them anew. */
  g_usleep (1100 * 1000);
  g_assert_true (izp_sandbox_server_touch (synced.server, "invoices", "inv_05", &error));
  g_assert_no_error (error);
  sync_again (&synced, FIXED_EMAIL, FIXED_PASSWORD);
  g_assert_cmpint (sql_count (db, "SELECT count(*) FROM payment_rises WHERE client_id = 'cli_06'"), ==, 1);
  ids = upgrades_on (store, izp_date_new (2028, 3, 16));
  g_assert_cmpstr (ids, ==, "cli_06");
  g_free (ids);

  sqlite3_close (db);
  synced_clear (&synced);
}

/* The upgrades of @today by plain SQL, written apart from the code under
 * test: each client's paid positive invoices of its own ranked by window
 * function, the last one paid in the 31 days and larger than the second. */
static char *
sql_upgrades (sqlite3 *db,
              IzpDate  today)
{
  g_autofree char *to = izp_date_to_string (today);
  g_autofree char *from = izp_date_to_string (izp_date_add_days (today, -31));
  g_autoptr(GString) ids = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "WITH ranked AS (SELECT client_id, paid_on, amount_cents, "
                                       "  row_number () OVER (PARTITION BY client_id "
                                       "    ORDER BY paid_on DESC, period_start DESC, id DESC) AS rank "
                                       "  FROM invoices WHERE status = 'paid' AND amount_cents > 0 "
                                       "  AND source = 'own' AND paid_on <= ?2) "
                                       "SELECT last.client_id FROM ranked AS last JOIN ranked AS before "
                                       "ON before.client_id = last.client_id AND before.rank = 2 "
                                       "WHERE last.rank = 1 AND last.paid_on > ?1 "
                                       "AND last.amount_cents > before.amount_cents ORDER BY last.client_id",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (ids, "%s%s", ids->len > 0 ? " " : "", sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static void
test_generated_cross_check (void)
{
  Synced synced = { start_server_full (n_generated_clients, 3600, 0, 0, 0), { NULL, NULL } };
  IzpDate today = izp_date_new (2026, 11, 27);
  g_autoptr(IzpDashboard) d = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(GArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  IzpCents years_sum = 0;
  guint late = 0;
  gint64 start;

  sync_store (&synced, EMAIL, PASSWORD);

  d = load (synced.temp.store, today);

  input = izp_store_read_commission_input (synced.temp.store, NULL, &error);
  g_assert_no_error (error);
  ledger = izp_commission_compute (&input->input);
  batches = izp_payout_batches (ledger, &input->input.terms, input->input.statements,
                                input->input.n_statements, today);
  /* The figures alone, the ledger being known: best of 5 (the benchmark
   * prints it for the large dataset; budget 100 ms). */
  {
    gint64 best = G_MAXINT64;

    for (guint run = 0; run < 5; run++)
      {
        g_autoptr(IzpDashboard) again = NULL;

        start = g_get_monotonic_time ();
        again = izp_dashboard_read (synced.temp.store, today, ledger, batches, NULL, &error);
        best = MIN (best, g_get_monotonic_time () - start);
        g_assert_no_error (error);
        g_assert_cmpint (again->total_cents, ==, d->total_cents);
      }
    g_test_message ("dashboard figures, %u clients: %" G_GINT64_FORMAT ".%" G_GINT64_FORMAT
                    " ms (best of 5; budget 100 ms)", n_generated_clients, best / 1000, best % 1000 / 100);
  }

  path = izp_store_account_path (synced.temp.dir, izp_sandbox_server_get_base_url (synced.server), EMAIL);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  /* Month figures. */
  g_assert_cmpint (d->month.new_clients, ==,
                   sql_count (db, "SELECT count(*) FROM clients WHERE substr (activated_on, 1, 7) = '2026-11' "
                                  "AND activated_on <= '2026-11-27'"));
  g_assert_cmpint (d->previous_month.new_clients, ==,
                   sql_count (db, "SELECT count(*) FROM clients WHERE substr (activated_on, 1, 7) = '2026-10'"));
  g_assert_cmpint (d->month.active_clients, ==, count_active (db, today));
  g_assert_cmpint (d->previous_month.active_clients, ==, count_active (db, izp_date_new (2026, 10, 31)));
  g_assert_cmpint (d->month.active_clients, >, 0);

  /* Commission figures against the engine's own sums. */
  g_assert_cmpint (d->month.commission_cents, ==,
                   izp_ledger_total (ledger, izp_date_new (2026, 11, 1), today, NULL));
  g_assert_cmpint (d->previous_month.commission_cents, ==,
                   izp_ledger_total (ledger, izp_date_new (2026, 10, 1), izp_date_new (2026, 10, 31), NULL));
  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    g_assert_cmpint (d->monthly[i].commission_cents, ==,
                     izp_ledger_total (ledger, d->monthly[i].from, d->monthly[i].to, NULL));
  for (guint i = 0; i < d->program_years->len; i++)
    {
      const IzpDashboardProgramYear *year = &g_array_index (d->program_years, IzpDashboardProgramYear, i);

      g_assert_cmpint (year->commission_cents, ==,
                       izp_ledger_total (ledger, i == 0 ? IZP_DATE_NONE : year->from, MIN (year->to, today), NULL));
      years_sum += year->commission_cents;
    }
  g_assert_cmpint (d->total_cents, ==, years_sum);
  g_assert_cmpint (d->total_cents, ==, izp_ledger_total (ledger, IZP_DATE_NONE, today, NULL));
  g_assert_cmpint (d->total_cents, >, 0);
  for (guint i = 0; i < batches->len; i++)
    late += g_array_index (batches, IzpPayoutBatch, i).state == IZP_PAYOUT_STATE_LATE;
  g_assert_cmpuint (d->late_payouts->len, ==, late);

  /* Pipeline and alerts against plain SQL. */
  g_assert_cmpint (d->trials->len, ==, sql_count (db, "SELECT count(*) FROM leads WHERE stage = 'trial'"));
  g_assert_cmpint (d->negotiations->len, ==, sql_count (db, "SELECT count(*) FROM leads WHERE stage = 'negotiation'"));
  g_assert_cmpint (d->ready_to_close->len, ==,
                   sql_count (db, "SELECT count(*) FROM leads WHERE stage = 'trial' AND feature_usage_pct > 50"));
  g_assert_cmpint (d->churn_risk->len, ==,
                   sql_count (db, "SELECT count(*) FROM clients WHERE activated_on IS NOT NULL "
                                  "AND activated_on <= '2026-11-27' AND usage_pct < 30 "
                                  "AND NOT (churned_on IS NOT NULL AND churned_on <= '2026-11-27')"));
  g_assert_cmpint (d->activated, ==,
                   sql_count (db, "SELECT count(*) FROM clients WHERE activated_on <= '2026-11-27'"));
  g_assert_cmpint (d->next_step, ==, (d->activated / 10 + 1) * 10);
  for (guint i = 1; i < d->demos->len; i++)
    g_assert_cmpint (((IzpDashboardLead *) d->demos->pdata[i - 1])->demo_at_unix, <=,
                     ((IzpDashboardLead *) d->demos->pdata[i])->demo_at_unix);
  /* Badges: the 1st, 50th and 100th activation days. */
  if (d->activated >= 100)
    {
      g_autofree char *day = izp_date_to_string (d->badges[IZP_BADGE_CENTURION]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT activated_on FROM clients WHERE activated_on IS NOT NULL "
                                               "ORDER BY activated_on LIMIT 1 OFFSET 99", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, day);
      sqlite3_finalize (stmt);
    }

  /* Each lead of the pipeline with the link it came through. */
  {
    GPtrArray *lists[] = { d->demos, d->trials, d->ready_to_close, d->negotiations };
    guint with_link = 0;

    for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
      for (guint i = 0; i < lists[l]->len; i++)
        {
          const IzpDashboardLead *lead = lists[l]->pdata[i];
          sqlite3_stmt *stmt = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT link_id FROM leads WHERE id = ?1", -1, &stmt, NULL),
                           ==, SQLITE_OK);
          sqlite3_bind_text (stmt, 1, lead->lead_id, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpstr (lead->link_id, ==, (const char *) sqlite3_column_text (stmt, 0));
          with_link += lead->link_id != NULL;
          sqlite3_finalize (stmt);
        }
    g_assert_cmpuint (with_link, >, 0);
  }

  /* Upgrades against plain SQL: on the test's day, and on the day of the
   * last payment (the rises kept by the sync, no payment after it). */
  {
    g_autofree char *last_paid = NULL;
    IzpDate last_day = IZP_DATE_NONE;
    sqlite3_stmt *stmt = NULL;
    IzpDate days[2];

    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT max (paid_on) FROM invoices WHERE status = 'paid'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_true (izp_date_parse ((const char *) sqlite3_column_text (stmt, 0), &last_day));
    sqlite3_finalize (stmt);
    days[0] = today;
    days[1] = last_day;
    for (guint i = 0; i < G_N_ELEMENTS (days); i++)
      {
        g_autofree char *expected = sql_upgrades (db, days[i]);
        g_autofree char *shown = upgrades_on (synced.temp.store, days[i]);

        g_assert_cmpstr (shown, ==, expected);
        g_assert_cmpstr (expected, !=, "");
      }
  }

  sqlite3_close (db);
  synced_clear (&synced);
}

int
main (int    argc,
      char **argv)
{
  /* Demo instants are compared by the local day: one time zone for all. */
  gboolean large = argc > 1 && g_str_equal (argv[argc - 1], "--large");

  g_setenv ("TZ", "Europe/Paris", TRUE);
  /* The 10 000-client run belongs to the slow suite and the benchmark. */
  if (large)
    argc--;
  g_test_init (&argc, &argv, NULL);
  if (large)
    {
      n_generated_clients = 10000;
      g_test_add_func ("/dashboard/large-cross-check", test_generated_cross_check);
      return g_test_run ();
    }

  g_test_add_func ("/dashboard/fixed-dataset", test_fixed_dataset);
  g_test_add_func ("/dashboard/fixed-json", test_fixed_json);
  g_test_add_func ("/dashboard/fixed-summary", test_fixed_summary);
  g_test_add_func ("/dashboard/fixed-upgrades", test_fixed_upgrades);
  g_test_add_func ("/dashboard/fixed-events", test_fixed_events);
  g_test_add_func ("/dashboard/generated-cross-check", test_generated_cross_check);
  return g_test_run ();
}
