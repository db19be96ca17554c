/* izp-row.h — a boxed list's row: a title, a subtitle, prefixes and suffixes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_ROW (izp_row_get_type ())

G_DECLARE_FINAL_TYPE (IzpRow, izp_row, IZP, ROW, AdwPreferencesRow)

GtkWidget  *izp_row_new          (const char *title,
                                  const char *subtitle);
const char *izp_row_get_subtitle (IzpRow     *self);
void        izp_row_set_subtitle (IzpRow     *self,
                                  const char *subtitle);
void        izp_row_add_prefix   (IzpRow     *self,
                                  GtkWidget  *widget);
void        izp_row_add_suffix   (IzpRow     *self,
                                  GtkWidget  *widget);

G_END_DECLS
