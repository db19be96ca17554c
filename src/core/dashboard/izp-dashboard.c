/* izp-dashboard.c — the dashboard's figures
 *
 * Every figure follows product.md, "Dashboard figures (exact)". Dates are
 * stored as `YYYY-MM-DD` text, so SQL compares them as text and the
 * indexes on clients.activated_on, leads.stage and invoices (status,
 * paid_on) serve the reads. Ledger lines accrued after today are left out
 * of every sum: with `--today` in the past, a month-end report shows what
 * was known that day.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-dashboard.h"
#include "izp-format.h"
#include "izp-store-query.h"

#define CERTIFIE_CLIENTS_12M     10
#define CERTIFIE_NPS_ABOVE       40
#define STRATEGIQUE_CLIENTS      30
#define STRATEGIQUE_PORTFOLIO    200   /* more than */
#define STRATEGIQUE_CO_MARKETING ((IzpCents) 500000)
#define CHURN_RISK_BELOW         30
#define READY_TO_CLOSE_ABOVE     50
#define UPGRADE_WINDOW_DAYS      31
#define ROCKET_CLIENTS           10
#define ROCKET_MONTHS            6

/* ------------------------------------------------------------------ */
/* Names */

static const char * const requirement_keys[] = {
  "activated_clients_12m", "certification_completed", "nps",
  "activated_clients", "portfolio_size", "co_marketing_cents_per_year",
};

static const char * const badge_keys[IZP_N_BADGES] = {
  "pioneer", "rocket", "diamond", "centurion",
};

const char *
izp_requirement_kind_to_string (IzpRequirementKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (requirement_keys), NULL);

  return requirement_keys[kind];
}

/**
 * izp_requirement_describe:
 *
 * Returns: the requirement and where the cabinet stands, in a line:
 * “7 / 10 clients activated in 12 months”
 */
char *
izp_requirement_describe (const IzpTierRequirement *requirement,
                          const char               *currency)
{
  g_autofree char *current = izp_format_count (requirement->current);
  g_autofree char *target = izp_format_count (requirement->target);

  switch (requirement->kind)
    {
    case IZP_REQUIREMENT_ACTIVATED_CLIENTS_12M:
      /* Translators: "7 / 10 clients activated in 12 months" */
      return g_strdup_printf (_("%s / %s clients activated in 12 months"), current, target);
    case IZP_REQUIREMENT_ACTIVATED_CLIENTS:
      /* Translators: "28 / 30 clients activated" */
      return g_strdup_printf (_("%s / %s clients activated"), current, target);
    case IZP_REQUIREMENT_CERTIFICATION:
      return g_strdup (requirement->met ? _("Certification training completed")
                                        : _("Certification training not completed yet"));
    case IZP_REQUIREMENT_NPS:
      if (!requirement->known)
        return g_strdup_printf (_("Clients’ NPS above %s: not measured yet"), target);
      /* Translators: "Clients’ NPS 46 (above 40 needed)" */
      return g_strdup_printf (_("Clients’ NPS %s (above %s needed)"), current, target);
    case IZP_REQUIREMENT_PORTFOLIO:
      /* Translators: "Portfolio of 150 SMEs (more than 200 needed)" */
      return g_strdup_printf (_("Portfolio of %s SMEs (more than %s needed)"), current, target);
    case IZP_REQUIREMENT_CO_MARKETING:
      {
        g_autofree char *have = izp_money_format (requirement->current, currency);
        g_autofree char *need = izp_money_format (requirement->target, currency);

        /* Translators: "Co-marketing 0,00 € a year (5 000,00 € needed)" */
        return g_strdup_printf (_("Co-marketing %s a year (%s needed)"), have, need);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
izp_badge_kind_to_string (IzpBadgeKind kind)
{
  g_return_val_if_fail ((guint) kind < IZP_N_BADGES, NULL);

  return badge_keys[kind];
}

/* The seed's names, kept as they are in every language. */
const char *
izp_badge_get_label (IzpBadgeKind kind)
{
  static const char * const labels[IZP_N_BADGES] = { "Pioneer", "Rocket", "Diamond", "Centurion" };

  g_return_val_if_fail ((guint) kind < IZP_N_BADGES, NULL);

  return labels[kind];
}

const char *
izp_badge_get_rule (IzpBadgeKind kind)
{
  static const char * const rules[IZP_N_BADGES] = {
    N_("First client referred"),
    N_("10 clients in under 6 months"),
    N_("50 clients referred"),
    N_("100 clients referred"),
  };

  g_return_val_if_fail ((guint) kind < IZP_N_BADGES, NULL);

  return _(rules[kind]);
}

/* ------------------------------------------------------------------ */
/* Freeing */

static void
dashboard_lead_free (IzpDashboardLead *lead)
{
  g_free (lead->lead_id);
  g_free (lead->company);
  g_free (lead->link_id);
  g_free (lead->contact);
  g_free (lead->demo_at);
  g_free (lead);
}

static void
dashboard_client_free (IzpDashboardClient *client)
{
  g_free (client->client_id);
  g_free (client->company);
  g_free (client);
}

static void
dashboard_resource_free (IzpDashboardResource *resource)
{
  g_free (resource->id);
  g_free (resource->title);
  g_free (resource->kind);
  g_free (resource->url);
  g_free (resource);
}

void
izp_dashboard_free (IzpDashboard *dashboard)
{
  if (dashboard == NULL)
    return;
  g_free (dashboard->currency);
  g_free (dashboard->cabinet);
  g_clear_pointer (&dashboard->program_years, g_array_unref);
  g_clear_pointer (&dashboard->demos, g_ptr_array_unref);
  g_clear_pointer (&dashboard->trials, g_ptr_array_unref);
  g_clear_pointer (&dashboard->negotiations, g_ptr_array_unref);
  g_clear_pointer (&dashboard->churn_risk, g_ptr_array_unref);
  g_clear_pointer (&dashboard->ready_to_close, g_ptr_array_unref);
  g_clear_pointer (&dashboard->payouts, g_array_unref);
  g_clear_pointer (&dashboard->late_payouts, g_array_unref);
  g_clear_pointer (&dashboard->upgrades, g_ptr_array_unref);
  g_clear_pointer (&dashboard->requirements, g_array_unref);
  g_free (dashboard->leaderboard_quarter);
  g_clear_pointer (&dashboard->resources, g_ptr_array_unref);
  g_free (dashboard->manager_name);
  g_free (dashboard->manager_email);
  g_free (dashboard->manager_phone);
  g_free (dashboard);
}

static IzpDashboard *
dashboard_new (IzpDate today)
{
  IzpDashboard *dashboard = g_new0 (IzpDashboard, 1);

  dashboard->today = today;
  dashboard->program_years = g_array_new (FALSE, TRUE, sizeof (IzpDashboardProgramYear));
  dashboard->demos = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_lead_free);
  dashboard->trials = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_lead_free);
  dashboard->negotiations = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_lead_free);
  dashboard->churn_risk = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_client_free);
  dashboard->ready_to_close = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_lead_free);
  dashboard->late_payouts = g_array_new (FALSE, TRUE, sizeof (IzpPayoutBatch));
  dashboard->payouts = g_array_new (FALSE, TRUE, sizeof (IzpPayoutBatch));
  dashboard->upgrades = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_client_free);
  dashboard->requirements = g_array_new (FALSE, TRUE, sizeof (IzpTierRequirement));
  dashboard->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) dashboard_resource_free);
  dashboard->bonus_cents = IZP_TRANCHE_BONUS_CENTS;
  return dashboard;
}

/* ------------------------------------------------------------------ */
/* SQL helpers */

typedef struct
{
  sqlite3      *db;
  GCancellable *cancellable;
} Reader;

/* Prepares @sql and binds @n_dates dates as text to ?1, ?2, … */
static sqlite3_stmt *
prepare_with_dates (Reader         *reader,
                    const char     *sql,
                    const IzpDate  *dates,
                    guint           n_dates,
                    GError        **error)
{
  sqlite3_stmt *stmt = izp_record_prepare (reader->db, sql, error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < n_dates; i++)
    {
      g_autofree char *text = izp_date_to_string (dates[i]);

      izp_record_bind_text (stmt, (int) i + 1, text);
    }
  return stmt;
}

/* The single integer a COUNT returns. */
static gboolean
count_rows (Reader         *reader,
            const char     *sql,
            const IzpDate  *dates,
            guint           n_dates,
            gint64         *out_count,
            GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_with_dates (reader, sql, dates, n_dates, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return izp_record_set_sql_error (reader->db, error);
  *out_count = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* SQLITE_ROW → TRUE; the end or an error → FALSE, with @error set on an
 * error or a cancellation (callers check *error). */
static gboolean
next_row (Reader        *reader,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  int rc;

  if (g_cancellable_set_error_if_cancelled (reader->cancellable, error))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    izp_record_set_sql_error (reader->db, error);
  return FALSE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return izp_record_column_dup (stmt, column);
}

static int
int_column_or_unknown (sqlite3_stmt *stmt,
                       int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, column);
}

static IzpDate
date_column (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  IzpDate date = IZP_DATE_NONE;

  if (text != NULL && !izp_date_parse (text, &date))
    date = IZP_DATE_NONE;
  return date;
}

/* ------------------------------------------------------------------ */
/* Partner, leaderboard, resources */

static gboolean
read_partner (Reader        *reader,
              IzpDashboard  *dashboard,
              IzpPartnerTerms *terms,
              GArray        *tier_history,
              gint64        *out_portfolio,
              gboolean      *out_certified,
              gboolean      *out_nps_known,
              gint64        *out_nps,
              IzpCents      *out_co_marketing,
              GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = izp_record_prepare (reader->db,
                             "SELECT json_extract (json, '$.currency'), json_extract (json, '$.cabinet'), "
                             "json_extract (json, '$.joined_on'), json_extract (json, '$.portfolio_size'), "
                             "json_extract (json, '$.certification_completed'), json_extract (json, '$.nps'), "
                             "json_extract (json, '$.co_marketing_cents_per_year'), "
                             "json_extract (json, '$.account_manager.name'), "
                             "json_extract (json, '$.account_manager.email'), "
                             "json_extract (json, '$.account_manager.phone'), "
                             "json_extract (json, '$.founder') "
                             /* Only after a complete sync (the first may be under way). */
                             "FROM documents, account WHERE documents.name = 'partner' "
                             "AND account.id = 1 AND account.last_sync IS NOT NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED,
                   _("The partner’s terms are not on this computer yet: synchronize first."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return izp_record_set_sql_error (reader->db, error);

  dashboard->currency = dup_column (stmt, 0);
  dashboard->cabinet = dup_column (stmt, 1);
  dashboard->joined_on = date_column (stmt, 2);
  *out_portfolio = sqlite3_column_int64 (stmt, 3);
  *out_certified = sqlite3_column_int (stmt, 4) != 0;
  *out_nps_known = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
  *out_nps = sqlite3_column_int64 (stmt, 5);
  *out_co_marketing = sqlite3_column_int64 (stmt, 6);
  dashboard->manager_name = dup_column (stmt, 7);
  dashboard->manager_email = dup_column (stmt, 8);
  dashboard->manager_phone = dup_column (stmt, 9);
  terms->founder = sqlite3_column_int (stmt, 10) != 0;
  if (dashboard->currency == NULL || dashboard->joined_on == IZP_DATE_NONE)
    {
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_DAMAGED,
                   _("The local data is damaged (%s). Synchronize again to repair it."), "partner");
      return FALSE;
    }
  terms->currency = dashboard->currency;

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = izp_record_prepare (reader->db,
                             "SELECT json_extract (t.value, '$.tier'), json_extract (t.value, '$.since') "
                             "FROM documents, json_each (documents.json, '$.tier_history') AS t "
                             "WHERE documents.name = 'partner'",
                             error);
  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    {
      IzpTierChange change;

      if (!izp_tier_from_string ((const char *) sqlite3_column_text (stmt, 0), &change.tier) ||
          (change.since = date_column (stmt, 1)) == IZP_DATE_NONE)
        continue;
      g_array_append_val (tier_history, change);
    }
  terms->tier_history = (const IzpTierChange *) (gpointer) tier_history->data;
  terms->n_tier_history = tier_history->len;
  return *error == NULL;
}

static gboolean
read_leaderboard (Reader        *reader,
                  IzpDashboard  *dashboard,
                  GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (reader->db,
                                                     "SELECT json_extract (json, '$.quarter'), "
                                                     "json_extract (json, '$.me.rank') "
                                                     "FROM documents WHERE name = 'leaderboard'",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  if (next_row (reader, stmt, error))
    {
      dashboard->leaderboard_quarter = dup_column (stmt, 0);
      dashboard->leaderboard_rank = sqlite3_column_int64 (stmt, 1);
    }
  return *error == NULL;
}

static gboolean
read_resources (Reader        *reader,
                IzpDashboard  *dashboard,
                GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (reader->db,
                                                     "SELECT id, title, kind, url FROM resources "
                                                     "ORDER BY title, id LIMIT 20",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    {
      IzpDashboardResource *resource = g_new0 (IzpDashboardResource, 1);

      resource->id = dup_column (stmt, 0);
      resource->title = dup_column (stmt, 1);
      resource->kind = dup_column (stmt, 2);
      resource->url = dup_column (stmt, 3);
      g_ptr_array_add (dashboard->resources, resource);
    }
  return *error == NULL;
}

/* ------------------------------------------------------------------ */
/* Clients */

static void
month_init (IzpDashboardMonth *month,
            IzpDate            day,
            IzpDate            today)
{
  IzpDate first = izp_date_new (izp_date_get_year (day), izp_date_get_month (day), 1);
  IzpDate last = izp_date_end_of_month (first);

  g_snprintf (month->key, sizeof month->key, "%04d-%02d",
              izp_date_get_year (day), izp_date_get_month (day));
  month->from = first;
  month->to = MIN (last, today);
}

static gboolean
read_month_clients (Reader             *reader,
                    IzpDashboardMonth  *month,
                    GError            **error)
{
  const IzpDate dates[] = { month->from, month->to };

  return count_rows (reader,
                     "SELECT count(*) FROM clients WHERE activated_on BETWEEN ?1 AND ?2",
                     dates, 2, &month->new_clients, error) &&
         count_rows (reader,
                     "SELECT count(*) FROM clients WHERE activated_on <= ?2 "
                     "AND (churned_on IS NULL OR churned_on > ?2)",
                     dates, 2, &month->active_clients, error);
}

/* Pioneer, Rocket, Diamond and Centurion, from the activation days in order. */
static gboolean
read_badges (Reader        *reader,
             IzpDashboard  *dashboard,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_with_dates (reader,
                                                     "SELECT activated_on FROM clients "
                                                     "WHERE activated_on <= ?1 ORDER BY activated_on",
                                                     &dashboard->today, 1, error);
  IzpDate window[ROCKET_CLIENTS] = { 0 };   /* the last ten days, a ring */
  gint64 n = 0;

  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    {
      IzpDate day = date_column (stmt, 0);

      if (day == IZP_DATE_NONE)
        continue;
      n++;
      if (n == 1)
        dashboard->badges[IZP_BADGE_PIONEER] = day;
      else if (n == 50)
        dashboard->badges[IZP_BADGE_DIAMOND] = day;
      else if (n == 100)
        dashboard->badges[IZP_BADGE_CENTURION] = day;

      /* The tenth of ten activations less than six months apart: the ring
       * slot after this one still holds the activation nine before. */
      if (n >= ROCKET_CLIENTS && dashboard->badges[IZP_BADGE_ROCKET] == IZP_DATE_NONE &&
          window[(n + 1) % ROCKET_CLIENTS] > izp_date_add_months (day, -ROCKET_MONTHS))
        dashboard->badges[IZP_BADGE_ROCKET] = day;
      window[n % ROCKET_CLIENTS] = day;
    }
  return *error == NULL;
}

static void
add_requirement (IzpDashboard       *dashboard,
                 IzpRequirementKind  kind,
                 gboolean            known,
                 gint64              current,
                 gint64              target,
                 gboolean            met)
{
  IzpTierRequirement requirement = { kind, known, current, target, known && met };

  g_array_append_val (dashboard->requirements, requirement);
}

/* Rows of (id, company, usage_pct) into @clients. */
static gboolean
collect_clients (Reader        *reader,
                 sqlite3_stmt  *stmt,
                 GPtrArray     *clients,
                 GError       **error)
{
  while (next_row (reader, stmt, error))
    {
      IzpDashboardClient *client = g_new0 (IzpDashboardClient, 1);

      client->client_id = dup_column (stmt, 0);
      client->company = dup_column (stmt, 1);
      client->usage_pct = int_column_or_unknown (stmt, 2);
      g_ptr_array_add (clients, client);
    }
  return *error == NULL;
}

static gboolean
read_clients_at_risk (Reader        *reader,
                      IzpDashboard  *dashboard,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare_with_dates (reader,
                                                     "SELECT id, company, usage_pct FROM clients "
                                                     "WHERE activated_on <= ?1 "
                                                     "AND (churned_on IS NULL OR churned_on > ?1) "
                                                     "AND usage_pct < " G_STRINGIFY (CHURN_RISK_BELOW) " "
                                                     "ORDER BY usage_pct, id",
                                                     &dashboard->today, 1, error);

  return stmt != NULL && collect_clients (reader, stmt, dashboard->churn_risk, error);
}

/* Clients whose last paid positive invoice (up to today), paid in the 31
 * days up to today, is larger than the one before it: the rises kept as the
 * last sync finished, while they are of the data as it stands and no
 * invoice was paid after today; else read from each recent client's last
 * two invoices. */
static gboolean
read_upgrades (Reader        *reader,
               IzpDashboard  *dashboard,
               GError       **error)
{
  const IzpDate dates[] = { izp_date_add_days (dashboard->today, -UPGRADE_WINDOW_DAYS), dashboard->today };
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 kept = 0;

  if (!count_rows (reader,
                   "SELECT count(*) FROM payment_rises_kept AS k, commission_inputs AS i "
                   "WHERE k.generation = i.generation "
                   "AND coalesce ((SELECT max (paid_on) FROM invoices WHERE status = 'paid'), '') <= ?2",
                   dates, 2, &kept, error))
    return FALSE;
  stmt = prepare_with_dates (reader,
                             kept > 0
                             ? "SELECT r.client_id, c.company, c.usage_pct FROM payment_rises AS r "
                               "JOIN clients AS c ON c.id = r.client_id "
                               "WHERE r.paid_on > ?1 AND r.paid_on <= ?2 ORDER BY r.client_id"
                             : "SELECT r.client_id, c.company, c.usage_pct "
                               "FROM (" IZP_STORE_PAYMENT_RISES_SQL ") AS r "
                               "JOIN clients AS c ON c.id = r.client_id ORDER BY r.client_id",
                             dates, 2, error);

  return stmt != NULL && collect_clients (reader, stmt, dashboard->upgrades, error);
}

/* ------------------------------------------------------------------ */
/* Leads */

static IzpDashboardLead *
lead_from_row (sqlite3_stmt *stmt)
{
  IzpDashboardLead *lead = g_new0 (IzpDashboardLead, 1);
  const char *first = (const char *) sqlite3_column_text (stmt, 2);
  const char *last = (const char *) sqlite3_column_text (stmt, 3);

  lead->lead_id = dup_column (stmt, 0);
  lead->company = dup_column (stmt, 1);
  lead->link_id = dup_column (stmt, 4);
  lead->contact = g_strdup_printf ("%s %s", first != NULL ? first : "", last != NULL ? last : "");
  g_strstrip (lead->contact);
  lead->feature_usage_pct = -1;
  return lead;
}

#define LEAD_COLUMNS "id, company, first_name, last_name, link_id"

static gint
compare_demos (gconstpointer a,
               gconstpointer b)
{
  const IzpDashboardLead *x = *(IzpDashboardLead * const *) a;
  const IzpDashboardLead *y = *(IzpDashboardLead * const *) b;

  if (x->demo_at_unix != y->demo_at_unix)
    return x->demo_at_unix < y->demo_at_unix ? -1 : 1;
  return strcmp (x->lead_id, y->lead_id);
}

/* Demos on or after today, today being the local day: an instant is
 * compared by the local day it falls on. The SQL keeps a day of margin
 * either side of the text date (the instant's own offset) for that. */
static gboolean
read_demos (Reader        *reader,
            IzpDashboard  *dashboard,
            GError       **error)
{
  const IzpDate since = izp_date_add_days (dashboard->today, -1);
  g_autoptr(sqlite3_stmt) stmt = prepare_with_dates (reader,
                                                     "SELECT " LEAD_COLUMNS ", demo_at FROM leads "
                                                     "WHERE stage = 'demo_scheduled' "
                                                     "AND substr (demo_at, 1, 10) >= ?1",
                                                     &since, 1, error);

  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    {
      const char *demo_at = (const char *) sqlite3_column_text (stmt, 5);
      g_autoptr(GDateTime) instant = demo_at != NULL ? g_date_time_new_from_iso8601 (demo_at, NULL) : NULL;
      g_autoptr(GDateTime) local = instant != NULL ? g_date_time_to_local (instant) : NULL;
      IzpDashboardLead *lead;

      if (local == NULL ||
          izp_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                        g_date_time_get_day_of_month (local)) < dashboard->today)
        continue;
      lead = lead_from_row (stmt);
      lead->demo_at = g_strdup (demo_at);
      lead->demo_at_unix = g_date_time_to_unix (instant);
      g_ptr_array_add (dashboard->demos, lead);
    }
  if (*error != NULL)
    return FALSE;
  g_ptr_array_sort (dashboard->demos, compare_demos);
  return TRUE;
}

static gint
compare_lead_ids (gconstpointer a,
                  gconstpointer b)
{
  return strcmp ((*(IzpDashboardLead * const *) a)->lead_id, (*(IzpDashboardLead * const *) b)->lead_id);
}

static gboolean
read_trials (Reader        *reader,
             IzpDashboard  *dashboard,
             GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (reader->db,
                                                     "SELECT " LEAD_COLUMNS ", trial_started_on, feature_usage_pct "
                                                     "FROM leads WHERE stage = 'trial' "
                                                     "ORDER BY trial_started_on DESC, id",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    {
      IzpDashboardLead *lead = lead_from_row (stmt);
      IzpDate started = date_column (stmt, 5);

      lead->day = started != IZP_DATE_NONE ? (int) dashboard->today - (int) started : 0;
      lead->feature_usage_pct = int_column_or_unknown (stmt, 6);
      g_ptr_array_add (dashboard->trials, lead);
      if (lead->feature_usage_pct > READY_TO_CLOSE_ABOVE)
        {
          IzpDashboardLead *copy = g_new0 (IzpDashboardLead, 1);

          *copy = *lead;
          copy->lead_id = g_strdup (lead->lead_id);
          copy->company = g_strdup (lead->company);
          copy->link_id = g_strdup (lead->link_id);
          copy->contact = g_strdup (lead->contact);
          g_ptr_array_add (dashboard->ready_to_close, copy);
        }
    }
  if (*error != NULL)
    return FALSE;
  g_ptr_array_sort (dashboard->ready_to_close, compare_lead_ids);
  return TRUE;
}

static gboolean
read_negotiations (Reader        *reader,
                   IzpDashboard  *dashboard,
                   GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (reader->db,
                                                     "SELECT " LEAD_COLUMNS " FROM leads "
                                                     "WHERE stage = 'negotiation' ORDER BY created_at, id",
                                                     error);

  if (stmt == NULL)
    return FALSE;
  while (next_row (reader, stmt, error))
    g_ptr_array_add (dashboard->negotiations, lead_from_row (stmt));
  return *error == NULL;
}

/* ------------------------------------------------------------------ */
/* Ledger */

static int
month_index (IzpDate date)
{
  return izp_date_get_year (date) * 12 + izp_date_get_month (date) - 1;
}

/* One pass over the ledger's days (IzpLedgerDay, NULL when not computed):
 * the two months, the twelve, the programme years. */
static void
sum_ledger (IzpDashboard *dashboard,
            const GArray *days)
{
  IzpDate today = dashboard->today;
  int last_month = month_index (today);
  IzpDashboardProgramYear *years;
  guint n_years;
  IzpDate start = dashboard->joined_on;
  guint k = 1;

  /* Year k runs from joined_on + 12(k−1) months to the day before
   * joined_on + 12k months; up to the year that holds today. */
  do
    {
      IzpDashboardProgramYear year = { k, izp_date_add_months (start, 12 * ((int) k - 1)),
                                       izp_date_add_days (izp_date_add_months (start, 12 * (int) k), -1), 0 };

      g_array_append_val (dashboard->program_years, year);
      k++;
    }
  while (g_array_index (dashboard->program_years, IzpDashboardProgramYear,
                        dashboard->program_years->len - 1).to < today);
  years = (IzpDashboardProgramYear *) (gpointer) dashboard->program_years->data;
  n_years = dashboard->program_years->len;

  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    {
      IzpDate day = izp_date_add_months (dashboard->month.from, (int) i - (IZP_DASHBOARD_MONTHS - 1));

      month_init (&dashboard->monthly[i], day, today);
    }

  if (days == NULL)
    return;

  for (guint i = 0; i < days->len; i++)
    {
      const IzpLedgerDay *day = &g_array_index (days, IzpLedgerDay, i);
      int back;

      if (day->day > today)
        continue;
      back = last_month - month_index (day->day);
      if (back == 0)
        dashboard->month.commission_cents += day->amount_cents;
      else if (back == 1)
        dashboard->previous_month.commission_cents += day->amount_cents;
      if (back >= 0 && back < IZP_DASHBOARD_MONTHS)
        dashboard->monthly[IZP_DASHBOARD_MONTHS - 1 - back].commission_cents += day->amount_cents;

      /* Lines before joined_on count in year 1. */
      for (guint y = 0; y < n_years; y++)
        if (day->day <= years[y].to)
          {
            years[y].commission_cents += day->amount_cents;
            break;
          }
    }
  for (guint y = 0; y < n_years; y++)
    dashboard->total_cents += years[y].commission_cents;
}

/* ------------------------------------------------------------------ */
/* The whole read */

static gboolean
read_tier (Reader                *reader,
           IzpDashboard          *dashboard,
           const IzpPartnerTerms *terms,
           gint64                 portfolio,
           gboolean               certified,
           gboolean               nps_known,
           gint64                 nps,
           IzpCents               co_marketing,
           GError               **error)
{
  const IzpDate dates[] = { izp_date_add_months (dashboard->today, -12), dashboard->today };
  gint64 last_12m;

  if (!count_rows (reader, "SELECT count(*) FROM clients WHERE activated_on <= ?1",
                   &dashboard->today, 1, &dashboard->activated, error) ||
      !count_rows (reader, "SELECT count(*) FROM clients WHERE activated_on > ?1 AND activated_on <= ?2",
                   dates, 2, &last_12m, error))
    return FALSE;

  dashboard->tier = izp_tier_on (terms, dashboard->today);
  dashboard->next_step = (dashboard->activated / IZP_TRANCHE_SIZE + 1) * IZP_TRANCHE_SIZE;
  dashboard->bonus_eligible = dashboard->tier == IZP_TIER_CERTIFIE || dashboard->tier == IZP_TIER_STRATEGIQUE;

  switch (dashboard->tier)
    {
    case IZP_TIER_REFERENT:
      dashboard->has_next_tier = TRUE;
      dashboard->next_tier = IZP_TIER_CERTIFIE;
      add_requirement (dashboard, IZP_REQUIREMENT_ACTIVATED_CLIENTS_12M, TRUE, last_12m,
                       CERTIFIE_CLIENTS_12M, last_12m >= CERTIFIE_CLIENTS_12M);
      add_requirement (dashboard, IZP_REQUIREMENT_CERTIFICATION, TRUE, certified, TRUE, certified);
      add_requirement (dashboard, IZP_REQUIREMENT_NPS, nps_known, nps,
                       CERTIFIE_NPS_ABOVE, nps > CERTIFIE_NPS_ABOVE);
      break;

    case IZP_TIER_CERTIFIE:
      dashboard->has_next_tier = TRUE;
      dashboard->next_tier = IZP_TIER_STRATEGIQUE;
      add_requirement (dashboard, IZP_REQUIREMENT_ACTIVATED_CLIENTS, TRUE, dashboard->activated,
                       STRATEGIQUE_CLIENTS, dashboard->activated >= STRATEGIQUE_CLIENTS);
      add_requirement (dashboard, IZP_REQUIREMENT_PORTFOLIO, TRUE, portfolio,
                       STRATEGIQUE_PORTFOLIO, portfolio > STRATEGIQUE_PORTFOLIO);
      add_requirement (dashboard, IZP_REQUIREMENT_CO_MARKETING, TRUE, co_marketing,
                       STRATEGIQUE_CO_MARKETING, co_marketing >= STRATEGIQUE_CO_MARKETING);
      break;

    case IZP_TIER_STRATEGIQUE:
    default:
      break;
    }
  return TRUE;
}

IzpDashboard *
izp_dashboard_read (IzpStore         *store,
                    IzpDate           today,
                    const IzpLedger  *ledger,
                    GArray           *batches,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(IzpDashboard) dashboard = NULL;
  g_autoptr(GArray) tier_history = g_array_new (FALSE, FALSE, sizeof (IzpTierChange));
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) summary_batches = NULL;
  IzpPartnerTerms terms = { NULL, FALSE, NULL, 0 };
  GError *local_error = NULL;
  Reader reader = { NULL, cancellable };
  gint64 portfolio = 0, nps = 0;
  gboolean certified = FALSE, nps_known = FALSE;
  IzpCents co_marketing = 0;
  gboolean ok;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);
  g_return_val_if_fail (today != IZP_DATE_NONE, NULL);

  dashboard = dashboard_new (today);
  month_init (&dashboard->month, today, today);
  month_init (&dashboard->previous_month, izp_date_add_months (dashboard->month.from, -1), today);

  if (ledger != NULL)
    {
      days = izp_ledger_daily_totals (ledger);
      if (batches != NULL)
        g_array_append_vals (dashboard->payouts, batches->data, batches->len);
    }

  reader.db = izp_store_acquire_reader (store);
  /* One snapshot for every figure, even while a sync writes; the churn
   * risks are thousands of clients' rows, read faster from the mapped file
   * than copied into the reader's cache page by page. */
  ok = izp_store_map_reader (reader.db, TRUE, &local_error) &&
       izp_record_exec (reader.db, "BEGIN", &local_error) &&
       (ledger != NULL ||
        izp_store_read_commission_summary (reader.db, today, &days, &summary_batches, &local_error)) &&
       read_partner (&reader, dashboard, &terms, tier_history, &portfolio, &certified,
                     &nps_known, &nps, &co_marketing, &local_error) &&
       read_month_clients (&reader, &dashboard->month, &local_error) &&
       read_month_clients (&reader, &dashboard->previous_month, &local_error) &&
       read_tier (&reader, dashboard, &terms, portfolio, certified, nps_known, nps,
                  co_marketing, &local_error) &&
       read_badges (&reader, dashboard, &local_error) &&
       read_clients_at_risk (&reader, dashboard, &local_error) &&
       read_upgrades (&reader, dashboard, &local_error) &&
       read_demos (&reader, dashboard, &local_error) &&
       read_trials (&reader, dashboard, &local_error) &&
       read_negotiations (&reader, dashboard, &local_error) &&
       read_leaderboard (&reader, dashboard, &local_error) &&
       read_resources (&reader, dashboard, &local_error);
  izp_record_exec (reader.db, "COMMIT", NULL);
  izp_store_map_reader (reader.db, FALSE, NULL);
  izp_store_release_reader (store);

  if (!ok)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  dashboard->has_commissions = days != NULL;
  sum_ledger (dashboard, days);
  if (summary_batches != NULL)
    g_array_append_vals (dashboard->payouts, summary_batches->data, summary_batches->len);
  for (guint i = 0; i < dashboard->payouts->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (dashboard->payouts, IzpPayoutBatch, i);

      if (batch->state == IZP_PAYOUT_STATE_LATE)
        g_array_append_val (dashboard->late_payouts, *batch);
    }
  return g_steal_pointer (&dashboard);
}

/**
 * izp_dashboard_load:
 *
 * The figures with the store's commission summary; when it is not of the
 * data as it stands, the account's commission data first (izp-commission-
 * data: its input read, its ledger computed). On the calling thread.
 */
IzpDashboard *
izp_dashboard_load (IzpStore      *store,
                    IzpDate        today,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(IzpDashboard) dashboard = izp_dashboard_read (store, today, NULL, NULL, cancellable, error);
  g_autoptr(IzpCommissionData) data = NULL;

  if (dashboard == NULL || dashboard->has_commissions)
    return g_steal_pointer (&dashboard);
  data = izp_commission_data_load (store, error);
  if (data == NULL)
    return NULL;
  return izp_dashboard_read_with_data (store, today, data, cancellable, error);
}

IzpDashboard *
izp_dashboard_read_with_data (IzpStore           *store,
                              IzpDate             today,
                              IzpCommissionData  *data,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(GArray) batches = izp_commission_data_payouts (data, today);

  return izp_dashboard_read (store, today, izp_commission_data_get_ledger (data), batches,
                             cancellable, error);
}

typedef struct
{
  IzpDate            today;
  IzpCommissionData *data;
  IzpDashboard      *dashboard;
} ReadData;

static void
read_data_free (ReadData *read)
{
  g_clear_pointer (&read->data, izp_commission_data_unref);
  izp_dashboard_free (read->dashboard);
  g_free (read);
}

static gboolean
run_read (IzpStore      *store,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  ReadData *read = user_data;

  if (read->data == NULL)
    read->dashboard = izp_dashboard_read (store, read->today, NULL, NULL, cancellable, error);
  else
    read->dashboard = izp_dashboard_read_with_data (store, read->today, read->data, cancellable, error);
  return read->dashboard != NULL;
}

static ReadData *
read_data_new (IzpDate            today,
               IzpCommissionData *data)
{
  ReadData *read = g_new0 (ReadData, 1);

  read->today = today;
  read->data = data != NULL ? izp_commission_data_ref (data) : NULL;
  return read;
}

void
izp_dashboard_read_in_session_async (IzpSession          *session,
                                     IzpDate              today,
                                     IzpCommissionData   *data,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (IZP_IS_SESSION (session));

  izp_session_run_async (session, run_read, read_data_new (today, data), (GDestroyNotify) read_data_free,
                         cancellable, callback, user_data);
}

IzpDashboard *
izp_dashboard_read_in_session_finish (IzpSession    *session,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  gpointer data = NULL;

  if (!izp_session_run_finish (session, result, &data, error))
    return NULL;
  return g_steal_pointer (&((ReadData *) data)->dashboard);
}


/* ------------------------------------------------------------------ */
/* JSON */

static void
add_date (JsonBuilder *builder,
          const char  *member,
          IzpDate      date)
{
  g_autofree char *text = izp_date_to_string (date);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *text)
{
  json_builder_set_member_name (builder, member);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
add_month (JsonBuilder             *builder,
           const char              *member,
           const IzpDashboardMonth *month)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  add_string_or_null (builder, "key", month->key);
  add_int (builder, "new_clients", month->new_clients);
  add_int (builder, "active_clients", month->active_clients);
  add_int (builder, "commission_cents", month->commission_cents);
  json_builder_end_object (builder);
}

static void
add_leads (JsonBuilder *builder,
           const char  *member,
           GPtrArray   *leads,
           gboolean     demos,
           gboolean     trials)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < leads->len; i++)
    {
      const IzpDashboardLead *lead = leads->pdata[i];

      json_builder_begin_object (builder);
      add_string_or_null (builder, "lead_id", lead->lead_id);
      add_string_or_null (builder, "company", lead->company);
      if (demos)
        add_string_or_null (builder, "demo_at", lead->demo_at);
      if (trials)
        {
          add_int (builder, "day", lead->day);
          json_builder_set_member_name (builder, "feature_usage_pct");
          if (lead->feature_usage_pct >= 0)
            json_builder_add_int_value (builder, lead->feature_usage_pct);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_ids (JsonBuilder *builder,
         const char  *member,
         GPtrArray   *items,
         gboolean     clients)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_string_value (builder,
                                   clients ? ((IzpDashboardClient *) items->pdata[i])->client_id
                                           : ((IzpDashboardLead *) items->pdata[i])->lead_id);
  json_builder_end_array (builder);
}

JsonNode *
izp_dashboard_to_json (const IzpDashboard *dashboard)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_date (builder, "today", dashboard->today);
  add_string_or_null (builder, "currency", dashboard->currency);
  add_month (builder, "month", &dashboard->month);
  add_month (builder, "previous_month", &dashboard->previous_month);

  json_builder_set_member_name (builder, "program_years");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dashboard->program_years->len; i++)
    {
      const IzpDashboardProgramYear *year = &g_array_index (dashboard->program_years,
                                                            IzpDashboardProgramYear, i);

      json_builder_begin_object (builder);
      add_int (builder, "year", year->year);
      add_date (builder, "from", year->from);
      add_date (builder, "to", year->to);
      add_int (builder, "commission_cents", year->commission_cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  add_int (builder, "total_cents", dashboard->total_cents);

  json_builder_set_member_name (builder, "monthly");
  json_builder_begin_array (builder);
  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    {
      json_builder_begin_object (builder);
      add_string_or_null (builder, "key", dashboard->monthly[i].key);
      add_int (builder, "commission_cents", dashboard->monthly[i].commission_cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "pipeline");
  json_builder_begin_object (builder);
  add_leads (builder, "demos", dashboard->demos, TRUE, FALSE);
  add_leads (builder, "trials", dashboard->trials, FALSE, TRUE);
  add_leads (builder, "negotiations", dashboard->negotiations, FALSE, FALSE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "alerts");
  json_builder_begin_object (builder);
  add_ids (builder, "churn_risk", dashboard->churn_risk, TRUE);
  add_ids (builder, "ready_to_close", dashboard->ready_to_close, FALSE);
  json_builder_set_member_name (builder, "late_payouts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dashboard->late_payouts->len; i++)
    json_builder_add_string_value (builder, g_array_index (dashboard->late_payouts, IzpPayoutBatch, i).period.key);
  json_builder_end_array (builder);
  add_ids (builder, "upgrades", dashboard->upgrades, TRUE);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "tier");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "current", izp_tier_to_string (dashboard->tier));
  add_string_or_null (builder, "next", dashboard->has_next_tier ? izp_tier_to_string (dashboard->next_tier) : NULL);
  json_builder_set_member_name (builder, "requirements");
  json_builder_begin_array (builder);
  for (guint i = 0; i < dashboard->requirements->len; i++)
    {
      const IzpTierRequirement *requirement = &g_array_index (dashboard->requirements, IzpTierRequirement, i);
      gboolean boolean = requirement->kind == IZP_REQUIREMENT_CERTIFICATION;

      json_builder_begin_object (builder);
      add_string_or_null (builder, "key", izp_requirement_kind_to_string (requirement->kind));
      json_builder_set_member_name (builder, "current");
      if (!requirement->known)
        json_builder_add_null_value (builder);
      else if (boolean)
        json_builder_add_boolean_value (builder, requirement->current != 0);
      else
        json_builder_add_int_value (builder, requirement->current);
      json_builder_set_member_name (builder, "target");
      if (boolean)
        json_builder_add_boolean_value (builder, TRUE);
      else
        json_builder_add_int_value (builder, requirement->target);
      json_builder_set_member_name (builder, "met");
      json_builder_add_boolean_value (builder, requirement->met);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "next_bonus");
  json_builder_begin_object (builder);
  add_int (builder, "activated", dashboard->activated);
  add_int (builder, "next_step", dashboard->next_step);
  add_int (builder, "amount_cents", dashboard->bonus_cents);
  json_builder_set_member_name (builder, "eligible");
  json_builder_add_boolean_value (builder, dashboard->bonus_eligible);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "leaderboard");
  json_builder_begin_object (builder);
  add_string_or_null (builder, "quarter", dashboard->leaderboard_quarter);
  json_builder_set_member_name (builder, "rank");
  if (dashboard->leaderboard_rank > 0)
    json_builder_add_int_value (builder, dashboard->leaderboard_rank);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* ------------------------------------------------------------------ */
/* Text */

static void
append_month_line (GString                 *out,
                   const IzpDashboard      *dashboard,
                   const char              *title,
                   const IzpDashboardMonth *month)
{
  g_autofree char *new_clients = izp_format_count (month->new_clients);
  g_autofree char *active = izp_format_count (month->active_clients);
  g_autofree char *commission = izp_money_format (month->commission_cents, dashboard->currency);
  g_autofree char *name = izp_format_month (month->from);

  /* Translators: "This month (novembre 2026): 3 new clients, 28 active clients, 1 245,00 € commission" */
  g_string_append_printf (out, _("%s (%s): %s new clients, %s active clients, %s commission\n"),
                          title, name, new_clients, active, commission);
}

char *
izp_dashboard_headline_text (const IzpDashboard *dashboard)
{
  GString *out = g_string_new (NULL);

  append_month_line (out, dashboard, _("This month"), &dashboard->month);
  append_month_line (out, dashboard, _("Last month"), &dashboard->previous_month);
  return g_string_free (out, FALSE);
}

static void
append_leads (GString    *out,
              const char *title,
              GPtrArray  *leads)
{
  g_autofree char *count = izp_format_count (leads->len);

  g_string_append_printf (out, "%s: %s\n", title, count);
  for (guint i = 0; i < leads->len; i++)
    {
      const IzpDashboardLead *lead = leads->pdata[i];
      const char *name = lead->company != NULL ? lead->company : lead->contact;

      g_string_append_printf (out, "  %s", name);
      if (lead->demo_at != NULL)
        {
          g_autofree char *when = izp_format_instant (lead->demo_at);

          g_string_append_printf (out, " — %s", when);
        }
      else if (lead->feature_usage_pct >= 0 || lead->day > 0)
        {
          g_autofree char *usage = izp_format_rate (MAX (lead->feature_usage_pct, 0) * 100);

          /* Translators: " — D+7, 64 % of the features used"; J+N in French */
          g_string_append_printf (out, _(" — D+%d, %s of the features used"), lead->day, usage);
        }
      g_string_append_c (out, '\n');
    }
}

static void
append_clients (GString    *out,
                const char *title,
                GPtrArray  *clients)
{
  g_autofree char *count = izp_format_count (clients->len);

  g_string_append_printf (out, "%s: %s\n", title, count);
  for (guint i = 0; i < clients->len; i++)
    {
      const IzpDashboardClient *client = clients->pdata[i];

      g_string_append_printf (out, "  %s (%s)\n", client->company != NULL ? client->company : client->client_id,
                              client->client_id);
    }
}

char *
izp_dashboard_to_text (const IzpDashboard *dashboard)
{
  GString *out = g_string_new (NULL);
  g_autofree char *today = izp_format_date_long (dashboard->today);
  g_autofree char *total = izp_money_format (dashboard->total_cents, dashboard->currency);

  /* Translators: "Dashboard of Cabinet Dupont & Associés, 30 novembre 2026" */
  g_string_append_printf (out, _("Dashboard of %s, %s\n\n"),
                          dashboard->cabinet != NULL ? dashboard->cabinet : "", today);
  g_string_append (out, _("Performance\n"));
  {
    g_autofree char *headline = izp_dashboard_headline_text (dashboard);

    g_string_append (out, headline);
  }

  g_string_append (out, _("\nRevenue so far\n"));
  for (guint i = 0; i < dashboard->program_years->len; i++)
    {
      const IzpDashboardProgramYear *year = &g_array_index (dashboard->program_years, IzpDashboardProgramYear, i);
      g_autofree char *amount = izp_money_format (year->commission_cents, dashboard->currency);

      /* Translators: "Year 1: 3 334,00 €" */
      g_string_append_printf (out, _("Year %u: %s\n"), year->year, amount);
    }
  g_string_append_printf (out, _("Total: %s\n"), total);

  g_string_append (out, _("\nCommission per month\n"));
  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    {
      g_autofree char *month = izp_format_month (dashboard->monthly[i].from);
      g_autofree char *amount = izp_money_format (dashboard->monthly[i].commission_cents, dashboard->currency);

      g_string_append_printf (out, "  %s: %s\n", month, amount);
    }

  g_string_append (out, _("\nPipeline\n"));
  append_leads (out, _("Demos scheduled"), dashboard->demos);
  append_leads (out, _("Trials running"), dashboard->trials);
  append_leads (out, _("Negotiations"), dashboard->negotiations);

  g_string_append (out, _("\nAlerts\n"));
  append_clients (out, _("Churn risk (usage under 30 %)"), dashboard->churn_risk);
  append_leads (out, _("Ready to close (trial usage over 50 %)"), dashboard->ready_to_close);
  {
    g_autofree char *count = izp_format_count (dashboard->late_payouts->len);

    g_string_append_printf (out, "%s: %s\n", _("Late payouts"), count);
    for (guint i = 0; i < dashboard->late_payouts->len; i++)
      {
        const IzpPayoutBatch *batch = &g_array_index (dashboard->late_payouts, IzpPayoutBatch, i);
        g_autofree char *amount = izp_money_format (batch->total_cents, dashboard->currency);
        g_autofree char *due = izp_format_date (batch->period.due_on);

        /* Translators: "  2026-Q3: 1 245,00 €, due 15/10/2026" */
        g_string_append_printf (out, _("  %s: %s, due %s\n"), batch->period.key, amount, due);
      }
  }
  append_clients (out, _("Upgrades"), dashboard->upgrades);

  g_string_append (out, _("\nTier\n"));
  g_string_append_printf (out, _("Current tier: %s\n"), izp_tier_get_label (dashboard->tier));
  if (dashboard->has_next_tier)
    {
      g_string_append_printf (out, _("Next tier: %s\n"), izp_tier_get_label (dashboard->next_tier));
      for (guint i = 0; i < dashboard->requirements->len; i++)
        {
          const IzpTierRequirement *requirement = &g_array_index (dashboard->requirements, IzpTierRequirement, i);
          g_autofree char *line = izp_requirement_describe (requirement, dashboard->currency);

          g_string_append_printf (out, "  [%s] %s\n", requirement->met ? "x" : " ", line);
        }
    }
  {
    g_autofree char *activated = izp_format_count (dashboard->activated);
    g_autofree char *step = izp_format_count (dashboard->next_step);
    g_autofree char *bonus = izp_money_format (dashboard->bonus_cents, dashboard->currency);

    /* Translators: "Next bonus: 500,00 € at 40 clients activated (37 now)" */
    g_string_append_printf (out, _("Next bonus: %s at %s clients activated (%s now)"), bonus, step, activated);
    g_string_append (out, dashboard->bonus_eligible ? "\n" : _(", from the Certified tier on\n"));
  }

  if (dashboard->leaderboard_quarter != NULL && dashboard->leaderboard_rank > 0)
    {
      g_autofree char *rank = izp_format_count (dashboard->leaderboard_rank);

      /* Translators: "Leaderboard 2026-Q4: rank 7" */
      g_string_append_printf (out, _("\nLeaderboard %s: rank %s\n"), dashboard->leaderboard_quarter, rank);
    }

  g_string_append (out, _("\nBadges\n"));
  for (guint i = 0; i < IZP_N_BADGES; i++)
    {
      g_autofree char *when = dashboard->badges[i] != IZP_DATE_NONE ? izp_format_date (dashboard->badges[i]) : NULL;

      if (when != NULL)
        /* Translators: "  Pioneer (first client referred): earned on 14/01/2026" */
        g_string_append_printf (out, _("  %s (%s): earned on %s\n"), izp_badge_get_label (i),
                                izp_badge_get_rule (i), when);
      else
        g_string_append_printf (out, _("  %s (%s): not yet\n"), izp_badge_get_label (i), izp_badge_get_rule (i));
    }

  if (dashboard->manager_name != NULL)
    {
      g_string_append (out, _("\nAccount manager\n"));
      g_string_append_printf (out, "  %s", dashboard->manager_name);
      if (dashboard->manager_email != NULL)
        g_string_append_printf (out, " — %s", dashboard->manager_email);
      if (dashboard->manager_phone != NULL)
        g_string_append_printf (out, " — %s", dashboard->manager_phone);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
