/* izp-commissions-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_COMMISSIONS_PAGE (izp_commissions_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpCommissionsPage, izp_commissions_page, IZP, COMMISSIONS_PAGE, AdwBin)

G_END_DECLS
