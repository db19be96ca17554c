/* izp-dashboard-events.h — what a sync brought that deserves a notification
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-dashboard.h"

G_BEGIN_DECLS

typedef enum
{
  IZP_EVENT_CLIENT_ACTIVATED,            /* a referred client activated */
  IZP_EVENT_READY_TO_CLOSE,              /* a trial crossed 50 % usage */
  IZP_EVENT_CHURN_RISK,                  /* an active client under 30 % usage */
  IZP_EVENT_PAYOUT_PAID,                 /* a payout batch paid */
} IzpEventKind;

#define IZP_N_EVENT_KINDS 4

typedef struct
{
  IzpEventKind  kind;
  char         *key;                     /* `client-activated:cli_0042`, … */
  char         *subject;                 /* the company, or the batch's period */
} IzpDashboardEvent;

/* The GSettings key that switches @kind on and off. */
const char *izp_event_kind_get_setting   (IzpEventKind          kind);

/* The events of @dashboard (read with its commissions: its paid payouts
 * count) and of every client activated up to its day
 * not remembered in @store yet, each remembered from now on, so that none
 * comes twice. The very first call for a store remembers what is there
 * and returns nothing: the first sync brings no notifications. On the
 * calling thread (a worker). */
GPtrArray  *izp_dashboard_take_new_events (IzpStore            *store,
                                           const IzpDashboard  *dashboard,
                                           GError             **error);
void        izp_dashboard_take_new_events_async  (IzpStore            *store,
                                                  IzpDashboard        *dashboard,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray  *izp_dashboard_take_new_events_finish (IzpStore            *store,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
