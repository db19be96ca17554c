/* izp-links-page.c — the “Links” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-links-page.h"

struct _IzpLinksPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IzpLinksPage, izp_links_page, ADW_TYPE_BIN)

static void
izp_links_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_LINKS_PAGE);

  G_OBJECT_CLASS (izp_links_page_parent_class)->dispose (object);
}

static void
izp_links_page_class_init (IzpLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_links_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-links-page.ui");
}

static void
izp_links_page_init (IzpLinksPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
