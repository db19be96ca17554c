/* izp-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_PREFERENCES_WINDOW (izp_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (IzpPreferencesWindow, izp_preferences_window, IZP, PREFERENCES_WINDOW, AdwPreferencesWindow)

IzpPreferencesWindow *izp_preferences_window_new (GSettings *settings);

G_END_DECLS
