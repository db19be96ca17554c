/* izp-templates-page.c — the “Templates” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-templates-page.h"

struct _IzpTemplatesPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IzpTemplatesPage, izp_templates_page, ADW_TYPE_BIN)

static void
izp_templates_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_TEMPLATES_PAGE);

  G_OBJECT_CLASS (izp_templates_page_parent_class)->dispose (object);
}

static void
izp_templates_page_class_init (IzpTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_templates_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-templates-page.ui");
}

static void
izp_templates_page_init (IzpTemplatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
