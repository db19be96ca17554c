/* izp-dashboard-events.c — what a sync brought that deserves a notification
 *
 * Each event has a stable key; the store remembers the keys notified
 * (table notified_events), so an event comes once, whatever the number of
 * syncs or restarts. A `baseline` key marks that the store's state was
 * seen once: before it, everything is remembered silently.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-dashboard-events.h"

#define BASELINE_KEY "baseline"

static const char * const key_prefixes[IZP_N_EVENT_KINDS] = {
  "client-activated:", "ready-to-close:", "churn-risk:", "payout-paid:",
};

static const char * const settings[IZP_N_EVENT_KINDS] = {
  "notify-client-activated", "notify-ready-to-close", "notify-churn-risk", "notify-payout-paid",
};

const char *
izp_event_kind_get_setting (IzpEventKind kind)
{
  g_return_val_if_fail ((guint) kind < IZP_N_EVENT_KINDS, NULL);

  return settings[kind];
}

static void
event_free (IzpDashboardEvent *event)
{
  /* The new events are stolen from the list, leaving NULLs. */
  if (event == NULL)
    return;
  g_free (event->key);
  g_free (event->subject);
  g_free (event);
}

static void
add_event (GPtrArray    *events,
           IzpEventKind  kind,
           const char   *id,
           const char   *subject)
{
  IzpDashboardEvent *event = g_new0 (IzpDashboardEvent, 1);

  event->kind = kind;
  event->key = g_strconcat (key_prefixes[kind], id, NULL);
  event->subject = g_strdup (subject != NULL ? subject : id);
  g_ptr_array_add (events, event);
}

/* Every client activated up to @today. */
static gboolean
add_activations (IzpStore   *store,
                 IzpDate     today,
                 GPtrArray  *events,
                 GError    **error)
{
  sqlite3 *db = izp_store_acquire_reader (store);
  g_autofree char *day = izp_date_to_string (today);
  sqlite3_stmt *stmt = izp_record_prepare (db, "SELECT id, company FROM clients "
                                               "WHERE activated_on <= ?1 ORDER BY activated_on, id",
                                           error);
  gboolean ok = stmt != NULL;
  int rc = SQLITE_DONE;

  if (ok)
    {
      izp_record_bind_text (stmt, 1, day);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        add_event (events, IZP_EVENT_CLIENT_ACTIVATED, (const char *) sqlite3_column_text (stmt, 0),
                   (const char *) sqlite3_column_text (stmt, 1));
      if (rc != SQLITE_DONE)
        ok = izp_record_set_sql_error (db, error);
      sqlite3_finalize (stmt);
    }
  izp_store_release_reader (store);
  return ok;
}

GPtrArray *
izp_dashboard_take_new_events (IzpStore            *store,
                               const IzpDashboard  *dashboard,
                               GError             **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  g_autofree const char **keys = NULL;
  g_autofree gboolean *is_new = NULL;
  gboolean first;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  if (!add_activations (store, dashboard->today, events, error))
    return NULL;
  for (guint i = 0; i < dashboard->ready_to_close->len; i++)
    {
      const IzpDashboardLead *lead = dashboard->ready_to_close->pdata[i];

      add_event (events, IZP_EVENT_READY_TO_CLOSE, lead->lead_id,
                 lead->company != NULL ? lead->company : lead->contact);
    }
  for (guint i = 0; i < dashboard->churn_risk->len; i++)
    {
      const IzpDashboardClient *client = dashboard->churn_risk->pdata[i];

      add_event (events, IZP_EVENT_CHURN_RISK, client->client_id, client->company);
    }
  for (guint i = 0; i < dashboard->payouts->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (dashboard->payouts, IzpPayoutBatch, i);

      if (batch->state == IZP_PAYOUT_STATE_PAID)
        add_event (events, IZP_EVENT_PAYOUT_PAID, batch->period.key, batch->period.key);
    }

  /* The baseline first: its being new says this is the first look. */
  keys = g_new0 (const char *, events->len + 1);
  is_new = g_new0 (gboolean, events->len + 1);
  keys[0] = BASELINE_KEY;
  for (guint i = 0; i < events->len; i++)
    keys[i + 1] = ((IzpDashboardEvent *) events->pdata[i])->key;
  if (!izp_store_remember_keys (store, keys, events->len + 1, is_new, error))
    return NULL;

  first = is_new[0];
  for (guint i = 0; i < events->len && !first; i++)
    if (is_new[i + 1])
      g_ptr_array_add (fresh, g_steal_pointer (&events->pdata[i]));
  return g_steal_pointer (&fresh);
}

typedef struct
{
  IzpDashboard      *dashboard;
  GPtrArray         *events;
} TakeData;

static void
take_data_free (TakeData *take)
{
  izp_dashboard_free (take->dashboard);
  g_clear_pointer (&take->events, g_ptr_array_unref);
  g_free (take);
}

static gboolean
run_take (IzpStore      *store,
          gpointer       user_data,
          GCancellable  *cancellable,
          GError       **error)
{
  TakeData *take = user_data;

  take->events = izp_dashboard_take_new_events (store, take->dashboard, error);
  return take->events != NULL;
}

/* Takes @dashboard (transfer full). */
void
izp_dashboard_take_new_events_async (IzpStore            *store,
                                     IzpDashboard        *dashboard,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  TakeData *take = g_new0 (TakeData, 1);

  take->dashboard = dashboard;
  izp_store_run_async (store, run_take, take, (GDestroyNotify) take_data_free,
                       cancellable, callback, user_data);
}

GPtrArray *
izp_dashboard_take_new_events_finish (IzpStore      *store,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  gpointer data = NULL;

  if (!izp_store_run_finish (store, result, &data, error))
    return NULL;
  return g_steal_pointer (&((TakeData *) data)->events);
}
