/* izp-links-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_LINKS_PAGE (izp_links_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpLinksPage, izp_links_page, IZP, LINKS_PAGE, AdwBin)

G_END_DECLS
