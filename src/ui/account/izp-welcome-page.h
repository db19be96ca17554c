/* izp-welcome-page.h — first run: sign in, or explore the demo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_WELCOME_PAGE (izp_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpWelcomePage, izp_welcome_page, IZP, WELCOME_PAGE, AdwBin)

void        izp_welcome_page_set_busy  (IzpWelcomePage *self,
                                        gboolean        busy);
void        izp_welcome_page_set_error (IzpWelcomePage *self,
                                        const char     *message);
const char *izp_welcome_page_get_error (IzpWelcomePage *self);

G_END_DECLS
