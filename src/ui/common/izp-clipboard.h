/* izp-clipboard.h — rich text on the clipboard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Puts @html (text/html) and @text (text/plain;charset=utf-8) on @widget's
 * clipboard at once: a mail client pastes the formatted version, a plain
 * text field the other. @html should start with the charset <meta>
 * (izp_template_html_document()), which Thunderbird and Evolution read. */
void izp_clipboard_set_rich_text (GtkWidget  *widget,
                                  const char *html,
                                  const char *text);

G_END_DECLS
