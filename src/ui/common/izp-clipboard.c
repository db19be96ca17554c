/* izp-clipboard.c — rich text on the clipboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-clipboard.h"

void
izp_clipboard_set_rich_text (GtkWidget  *widget,
                             const char *html,
                             const char *text)
{
  g_autoptr(GBytes) html_bytes = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (html != NULL && text != NULL);

  html_bytes = g_bytes_new (html, strlen (html));
  text_bytes = g_bytes_new (text, strlen (text));
  providers[0] = gdk_content_provider_new_for_bytes ("text/html", html_bytes);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", text_bytes);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
}
