/* izp-window.h — the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-application.h"
#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_WINDOW (izp_window_get_type ())

G_DECLARE_FINAL_TYPE (IzpWindow, izp_window, IZP, WINDOW, AdwApplicationWindow)

IzpWindow  *izp_window_new               (IzpApplication *application);
const char *izp_window_get_section       (IzpWindow      *self);
const char *izp_window_get_section_title (IzpWindow      *self);
void        izp_window_show_toast        (IzpWindow      *self,
                                          const char     *message);
IzpSession *izp_window_get_session       (IzpWindow      *self);
const char *izp_window_get_page          (IzpWindow      *self);
const char *izp_window_get_status        (IzpWindow      *self);
gboolean    izp_window_get_offline       (IzpWindow      *self);
gboolean    izp_window_is_ready          (IzpWindow      *self);

G_END_DECLS
