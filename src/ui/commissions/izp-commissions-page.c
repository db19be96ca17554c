/* izp-commissions-page.c — the “Commissions” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-commissions-page.h"

struct _IzpCommissionsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IzpCommissionsPage, izp_commissions_page, ADW_TYPE_BIN)

static void
izp_commissions_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_COMMISSIONS_PAGE);

  G_OBJECT_CLASS (izp_commissions_page_parent_class)->dispose (object);
}

static void
izp_commissions_page_class_init (IzpCommissionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_commissions_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-commissions-page.ui");
}

static void
izp_commissions_page_init (IzpCommissionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
