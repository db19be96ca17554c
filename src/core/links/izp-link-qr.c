/* izp-link-qr.c — QR codes of referral links, for screen and print
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <setjmp.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <png.h>
#include <qrencode.h>

#include "izp-link-qr.h"

void
izp_link_qr_free (IzpLinkQr *qr)
{
  if (qr == NULL)
    return;
  g_free (qr->dark);
  g_free (qr);
}

IzpLinkQr *
izp_link_qr_encode (const char  *text,
                    GError     **error)
{
  g_autoptr(IzpLinkQr) qr = g_new0 (IzpLinkQr, 1);
  QRcode *code;
  guint width;

  g_return_val_if_fail (text != NULL, NULL);

  if (text[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This link has no address yet: it gets one when the server registers it."));
      return NULL;
    }

  /* 8-bit mode: the URL byte for byte, whatever it holds. */
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This address is too long for a QR code."));
      return NULL;
    }

  width = (guint) code->width;
  qr->size = width + 2 * IZP_LINK_QR_QUIET_ZONE;
  qr->dark = g_new0 (guint8, (gsize) qr->size * qr->size);
  for (guint y = 0; y < width; y++)
    for (guint x = 0; x < width; x++)
      qr->dark[(y + IZP_LINK_QR_QUIET_ZONE) * qr->size + x + IZP_LINK_QR_QUIET_ZONE] =
        code->data[y * width + x] & 1;
  QRcode_free (code);

  return g_steal_pointer (&qr);
}

guint
izp_link_qr_fit_module (const IzpLinkQr *qr,
                        guint            max_px)
{
  g_return_val_if_fail (qr != NULL && qr->size > 0, 1);
  return MAX (1, max_px / qr->size);
}

/* One row of pixels per module row, @channels bytes a pixel. */
static GBytes *
render (const IzpLinkQr *qr,
        guint            module_px,
        guint            channels)
{
  gsize side = (gsize) qr->size * module_px;
  gsize stride = side * channels;
  guint8 *pixels = g_malloc (stride * side);

  for (guint my = 0; my < qr->size; my++)
    {
      guint8 *row = pixels + (gsize) my * module_px * stride;

      for (guint mx = 0; mx < qr->size; mx++)
        memset (row + (gsize) mx * module_px * channels,
                qr->dark[my * qr->size + mx] ? 0x00 : 0xff,
                (gsize) module_px * channels);
      for (guint i = 1; i < module_px; i++)
        memcpy (row + i * stride, row, stride);
    }
  return g_bytes_new_take (pixels, stride * side);
}

GBytes *
izp_link_qr_render_rgb (const IzpLinkQr *qr,
                        guint            module_px)
{
  g_return_val_if_fail (qr != NULL && module_px > 0, NULL);
  return render (qr, module_px, 3);
}

static void
write_to_array (png_structp  png,
                png_bytep    data,
                png_size_t   length)
{
  g_byte_array_append (png_get_io_ptr (png), data, length);
}

static void
flush_nothing (png_structp png)
{
}

/* libpng reports errors by longjmp: no local here owns memory. */
static gboolean
encode_png (png_bytep  *rows,
            guint       side,
            GByteArray *out)
{
  png_structp png;
  png_infop info;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  info = png != NULL ? png_create_info_struct (png) : NULL;
  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return FALSE;
    }

  png_set_write_fn (png, out, write_to_array, flush_nothing);
  png_set_IHDR (png, info, side, side, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_pHYs (png, info, IZP_LINK_QR_PRINT_PPM, IZP_LINK_QR_PRINT_PPM, PNG_RESOLUTION_METER);
  png_write_info (png, info);
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  return TRUE;
}

GBytes *
izp_link_qr_to_png (const IzpLinkQr  *qr,
                    guint             module_px,
                    GError          **error)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autofree png_bytep *rows = NULL;
  guint side;

  g_return_val_if_fail (qr != NULL && module_px > 0, NULL);

  side = qr->size * module_px;
  if (side > 20000)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("This QR code would be too large (%u pixels wide)."), side);
      return NULL;
    }

  pixels = render (qr, module_px, 1);
  rows = g_new (png_bytep, side);
  for (guint y = 0; y < side; y++)
    rows[y] = (png_bytep) g_bytes_get_data (pixels, NULL) + (gsize) y * side;

  out = g_byte_array_new ();
  if (!encode_png (rows, side, out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The QR code could not be turned into a PNG image."));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

char *
izp_link_qr_to_svg (const IzpLinkQr *qr)
{
  GString *svg = g_string_new (NULL);
  /* The same physical size as the PNG at 300 dpi. */
  double mm = qr->size * IZP_LINK_QR_DEFAULT_MODULE_PX * 25.4 / IZP_LINK_QR_PRINT_DPI;

  g_return_val_if_fail (qr != NULL, NULL);

  g_string_append_printf (svg,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "width=\"%.2fmm\" height=\"%.2fmm\" viewBox=\"0 0 %u %u\" "
                          "shape-rendering=\"crispEdges\">\n"
                          "<rect width=\"%u\" height=\"%u\" fill=\"#ffffff\"/>\n"
                          "<path fill=\"#000000\" d=\"",
                          mm, mm, qr->size, qr->size, qr->size, qr->size);
  /* One horizontal run of dark modules per subpath. */
  for (guint y = 0; y < qr->size; y++)
    for (guint x = 0; x < qr->size; x++)
      {
        guint run = 0;

        while (x + run < qr->size && qr->dark[y * qr->size + x + run])
          run++;
        if (run == 0)
          continue;
        g_string_append_printf (svg, "M%u %uh%uv1h-%uz", x, y, run, run);
        x += run;
      }
  g_string_append (svg, "\"/>\n</svg>\n");
  return g_string_free (svg, FALSE);
}

gboolean
izp_link_qr_save (const char  *text,
                  const char  *path,
                  guint        module_px,
                  GError     **error)
{
  g_autoptr(IzpLinkQr) qr = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (text != NULL && path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s”: the file name must end in .png or .svg."), path);
      return FALSE;
    }

  qr = izp_link_qr_encode (text, error);
  if (qr == NULL)
    return FALSE;

  if (g_str_has_suffix (lower, ".svg"))
    {
      g_autofree char *svg = izp_link_qr_to_svg (qr);

      return g_file_set_contents (path, svg, -1, error);
    }
  else
    {
      g_autoptr(GBytes) png = izp_link_qr_to_png (qr, module_px > 0 ? module_px : IZP_LINK_QR_DEFAULT_MODULE_PX,
                                                  error);
      gsize length;
      const char *data;

      if (png == NULL)
        return FALSE;
      data = g_bytes_get_data (png, &length);
      return g_file_set_contents (path, data, length, error);
    }
}
