/* izp-i18n.h — which language the app and the CLI speak
 *
 * Like every GNOME app they follow the language the desktop chose
 * (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them). When none
 * was chosen — a fresh machine or a container in C, POSIX or C.UTF-8 — they
 * speak French, the product's language, instead of the English of the
 * source code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *izp_i18n_pick_language (const char *language,
                                    const char *lc_all,
                                    const char *lc_messages,
                                    const char *lang);
char       *izp_i18n_language_of_locale (const char *locale);
void        izp_i18n_init          (const char *localedir);

G_END_DECLS
