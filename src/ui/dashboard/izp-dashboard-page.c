/* izp-dashboard-page.c — the “Dashboard” section
 *
 * Until an account is synchronized: what the section is for. Once it is:
 * what the local store holds, collection by collection, so that the user
 * sees at once that the data is there, offline too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include "izp-dashboard-page.h"
#include "izp-format.h"
#include "izp-schema.h"

struct _IzpDashboardPage
{
  AdwBin                parent_instance;

  GtkStack             *stack;
  AdwPreferencesGroup  *summary_group;
  GtkLabel             *count_labels[IZP_N_COLLECTIONS];
};

G_DEFINE_FINAL_TYPE (IzpDashboardPage, izp_dashboard_page, ADW_TYPE_BIN)

/**
 * izp_dashboard_page_set_counts:
 * @counts: (nullable) (array fixed-size=IZP_N_COLLECTIONS): rows per
 *   collection, or %NULL when no account is open
 * @last_sync: (nullable): the last full synchronization
 */
void
izp_dashboard_page_set_counts (IzpDashboardPage *self,
                               const gint64     *counts,
                               const char       *last_sync)
{
  g_return_if_fail (IZP_IS_DASHBOARD_PAGE (self));

  if (counts == NULL || last_sync == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      g_autofree char *text = izp_format_count (counts[i]);

      gtk_label_set_label (self->count_labels[i], text);
    }
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

/* TRUE when the page shows synchronized data rather than its empty state. */
gboolean
izp_dashboard_page_has_data (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "summary") == 0;
}

static void
izp_dashboard_page_class_init (IzpDashboardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No gtk_widget_dispose_template(): the bound stack is AdwBin's child,
   * and AdwBin's own dispose releases it. */

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, summary_group);
}

static void
izp_dashboard_page_init (IzpDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("0");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), izp_collection_get_title (i));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->summary_group, row);
      self->count_labels[i] = GTK_LABEL (label);
    }
}
