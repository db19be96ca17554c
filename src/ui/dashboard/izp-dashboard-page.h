/* izp-dashboard-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-dashboard.h"
#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_DASHBOARD_PAGE (izp_dashboard_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpDashboardPage, izp_dashboard_page, IZP, DASHBOARD_PAGE, AdwBin)

/* Shows @dashboard's figures, or the empty state when it is NULL. */
void     izp_dashboard_page_show       (IzpDashboardPage   *self,
                                        const IzpDashboard *dashboard);
gboolean izp_dashboard_page_has_data   (IzpDashboardPage   *self);
gboolean izp_dashboard_page_has_commissions (IzpDashboardPage *self);

/* The account shown (nullable); the page reads its store, and again on the
 * session's "changed". */
void        izp_dashboard_page_set_session (IzpDashboardPage *self,
                                            IzpSession       *session);
IzpSession *izp_dashboard_page_get_session (IzpDashboardPage *self);
/* TRUE once the page shows what the session's store holds. */
gboolean    izp_dashboard_page_is_loaded   (IzpDashboardPage *self);

G_END_DECLS
