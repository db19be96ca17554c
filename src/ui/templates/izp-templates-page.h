/* izp-templates-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_TEMPLATES_PAGE (izp_templates_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpTemplatesPage, izp_templates_page, IZP, TEMPLATES_PAGE, AdwBin)

G_END_DECLS
