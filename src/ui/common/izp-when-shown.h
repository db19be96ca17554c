/* izp-when-shown.h — a page's reads wait until the page is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*IzpShownFunc) (GtkWidget *page);

/* Calls @func (@page) now if @page is mapped; otherwise once, the next time
 * it is mapped. A section the user is not looking at then reads nothing at
 * start-up or after a sync, so the visible one never waits behind it (the
 * store has one reader connection). Calling it again while a call is
 * pending replaces nothing: one call comes. */
void izp_when_shown (GtkWidget    *page,
                     IzpShownFunc  func);

G_END_DECLS
