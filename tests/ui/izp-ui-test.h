/* izp-ui-test.h — helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-application.h"
#include "izp-window.h"

G_BEGIN_DECLS

IzpApplication *izp_ui_test_init             (int         *argc,
                                              char      ***argv);
IzpApplication *izp_ui_test_init_as_main     (int         *argc,
                                              char      ***argv);
void            izp_ui_test_wait_for_frames  (GtkWidget   *widget,
                                              guint        n_frames);
char           *izp_ui_test_save_screenshot  (GtkWidget   *widget,
                                              const char  *name);
GtkWidget      *izp_ui_test_find_by_type     (GtkWidget   *root,
                                              GType        type);
GtkWidget      *izp_ui_test_find_by_name     (GtkWidget   *root,
                                              const char  *name);
gboolean        izp_ui_test_wait_until       (gboolean   (*condition) (gpointer data),
                                              gpointer     data,
                                              guint        timeout_seconds);

IzpWindow      *izp_ui_test_open_window      (IzpApplication *app,
                                              int          width,
                                              int          height);
void            izp_ui_test_close_window     (IzpWindow   *window);
gboolean        izp_ui_test_is_idle          (gpointer     window);
void            izp_ui_test_open_demo        (IzpWindow   *window);

G_END_DECLS
