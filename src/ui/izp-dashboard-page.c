/* izp-dashboard-page.c — the “Dashboard” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-dashboard-page.h"

struct _IzpDashboardPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IzpDashboardPage, izp_dashboard_page, ADW_TYPE_BIN)

static void
izp_dashboard_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_DASHBOARD_PAGE);

  G_OBJECT_CLASS (izp_dashboard_page_parent_class)->dispose (object);
}

static void
izp_dashboard_page_class_init (IzpDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_dashboard_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-dashboard-page.ui");
}

static void
izp_dashboard_page_init (IzpDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
