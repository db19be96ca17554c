/* izp-signature-page.c — the “Signature” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-signature-page.h"

struct _IzpSignaturePage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (IzpSignaturePage, izp_signature_page, ADW_TYPE_BIN)

static void
izp_signature_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_SIGNATURE_PAGE);

  G_OBJECT_CLASS (izp_signature_page_parent_class)->dispose (object);
}

static void
izp_signature_page_class_init (IzpSignaturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_signature_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-signature-page.ui");
}

static void
izp_signature_page_init (IzpSignaturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
izp_signature_page_set_store (IzpSignaturePage *self,
                              IzpStore         *store)
{
}
