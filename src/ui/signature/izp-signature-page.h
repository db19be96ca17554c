/* izp-signature-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define IZP_TYPE_SIGNATURE_PAGE (izp_signature_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpSignaturePage, izp_signature_page, IZP, SIGNATURE_PAGE, AdwBin)

G_END_DECLS
