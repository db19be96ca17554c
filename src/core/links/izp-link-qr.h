/* izp-link-qr.h — QR codes of referral links, for screen and print
 *
 * libqrencode at error correction M, a 4-module quiet zone, and every
 * module a whole number of pixels (PNG) or one unit of the viewBox (SVG),
 * so the code stays crisp at any size. The PNG says 300 dpi in its pHYs
 * chunk: placed as is, it prints at its intended size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define IZP_LINK_QR_QUIET_ZONE     4
#define IZP_LINK_QR_PRINT_DPI      300
/* 300 dpi in pixels per metre, rounded as PNG files write it. */
#define IZP_LINK_QR_PRINT_PPM      11811
/* At 300 dpi, 10 px per module: a 41-module code (with its quiet zone) is
 * 3.5 cm wide, readable from a flyer. */
#define IZP_LINK_QR_DEFAULT_MODULE_PX 10

typedef struct
{
  guint   size;          /* modules per side, quiet zone included */
  guint8 *dark;          /* size × size, 1 for a dark module */
} IzpLinkQr;

void        izp_link_qr_free         (IzpLinkQr   *qr);

/* The modules of @text (UTF-8, 8-bit mode, level M). */
IzpLinkQr  *izp_link_qr_encode       (const char  *text,
                                      GError     **error);
/* Module size for a code at most @max_px wide (≥ 1). */
guint       izp_link_qr_fit_module   (const IzpLinkQr *qr,
                                      guint        max_px);
/* RGB, 3 bytes a pixel, rows of size × @module_px × 3 bytes. */
GBytes     *izp_link_qr_render_rgb   (const IzpLinkQr *qr,
                                      guint        module_px);
GBytes     *izp_link_qr_to_png       (const IzpLinkQr *qr,
                                      guint        module_px,
                                      GError     **error);
char       *izp_link_qr_to_svg       (const IzpLinkQr *qr);

/* Writes @text's code to @path: SVG for a name ending in .svg, PNG for
 * .png, anything else refused. */
gboolean    izp_link_qr_save         (const char  *text,
                                      const char  *path,
                                      guint        module_px,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpLinkQr, izp_link_qr_free)

G_END_DECLS
