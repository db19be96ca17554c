/* izp-when-shown.c — a page's reads wait until the page is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-when-shown.h"

#define PENDING_KEY "izp-when-shown-pending"

static void
on_page_map (GtkWidget *page)
{
  IzpShownFunc func = (IzpShownFunc) g_object_steal_data (G_OBJECT (page), PENDING_KEY);

  g_signal_handlers_disconnect_by_func (page, on_page_map, NULL);
  if (func != NULL)
    func (page);
}

void
izp_when_shown (GtkWidget    *page,
                IzpShownFunc  func)
{
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (func != NULL);

  if (gtk_widget_get_mapped (page))
    {
      func (page);
      return;
    }
  if (g_object_get_data (G_OBJECT (page), PENDING_KEY) == NULL)
    g_signal_connect (page, "map", G_CALLBACK (on_page_map), NULL);
  g_object_set_data (G_OBJECT (page), PENDING_KEY, (gpointer) func);
}
