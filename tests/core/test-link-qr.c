/* test-link-qr.c — QR codes decoded back by a real reader
 *
 * Each code is written as PNG (small and large modules) and as SVG
 * (rasterised by librsvg through gdk-pixbuf), then read by zbarimg (Debian's
 * zbar-tools), which must give back the exact URL. The PNG must say 300 dpi
 * and keep whole-pixel modules with a 4-module quiet zone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "izp-link-qr.h"

static const char * const urls[] = {
  "https://demo.izyinbox.fr/cabinet-dupont?ref=k7Qx2p&utm_source=partner&utm_medium=email&utm_campaign=facturation-2026",
  "https://demo.izyinbox.fr/cabinet-dupont?ref=A1b2C3&utm_source=partner&utm_medium=print",
  /* What the server makes of odd partner slugs: percent-encoded. */
  "https://demo.izyinbox.fr/cabinet-d%C3%A9j%C3%A0-l%C3%A0%20%26%20%23%2B?ref=Zz9Yy8&utm_source=partner&utm_medium=linkedin&utm_campaign=%F0%9F%A5%90",
  NULL
};

static char *
decode_with_zbar (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                         "-Sbinary", path, NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zbarimg could not read %s: %s", path, err);
  /* --raw ends the text with a newline of its own. */
  if (g_str_has_suffix (out, "\n"))
    out[strlen (out) - 1] = '\0';
  return g_steal_pointer (&out);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The PNG's own header and pHYs chunk, read byte by byte. */
static void
assert_png_header (const char *path,
                   guint       expected_side)
{
  g_autofree char *data = NULL;
  gsize length;
  gsize offset = 8;
  gboolean found_phys = FALSE;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);

  while (offset + 12 <= length)
    {
      const guint8 *chunk = (const guint8 *) data + offset;
      guint32 size = read_be32 (chunk);

      if (memcmp (chunk + 4, "IHDR", 4) == 0)
        {
          g_assert_cmpuint (read_be32 (chunk + 8), ==, expected_side);
          g_assert_cmpuint (read_be32 (chunk + 12), ==, expected_side);
        }
      else if (memcmp (chunk + 4, "pHYs", 4) == 0)
        {
          g_assert_cmpuint (size, ==, 9);
          /* 300 dots per inch = 300 / 0.0254 = 11811 per metre, unit 1. */
          g_assert_cmpuint (read_be32 (chunk + 8), ==, 11811);
          g_assert_cmpuint (read_be32 (chunk + 12), ==, 11811);
          g_assert_cmpuint (chunk[16], ==, 1);
          found_phys = TRUE;
        }
      else if (memcmp (chunk + 4, "IDAT", 4) == 0)
        {
          /* pHYs must come before the image data. */
          g_assert_true (found_phys);
        }
      offset += 12 + size;
    }
  g_assert_true (found_phys);
}

/* Every module is a square of one colour and the border is white. */
static void
assert_crisp (const char *path,
              guint       module_px)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);
  const guint8 *pixels;
  int side, stride, channels;
  guint modules;

  g_assert_no_error (error);
  side = gdk_pixbuf_get_width (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  g_assert_cmpint (side % module_px, ==, 0);
  modules = side / module_px;

  for (int y = 0; y < side; y++)
    for (int x = 0; x < side; x++)
      {
        guint8 v = pixels[y * stride + x * channels];
        guint8 corner = pixels[(y - y % module_px) * stride + (x - x % module_px) * channels];
        guint my = y / module_px, mx = x / module_px;

        g_assert_true (v == 0 || v == 255);
        g_assert_cmpuint (v, ==, corner);
        if (my < 4 || mx < 4 || my >= modules - 4 || mx >= modules - 4)
          g_assert_cmpuint (v, ==, 255);
      }
}

static void
test_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-qr-XXXXXX", &error);
  const guint sizes[] = { 2, 4, 24 };

  g_assert_no_error (error);
  for (guint i = 0; urls[i] != NULL; i++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autofree char *path = g_strdup_printf ("%s/code-%u-%u.PNG", dir, i, sizes[s]);
        g_autoptr(IzpLinkQr) qr = izp_link_qr_encode (urls[i], &error);
        g_autofree char *decoded = NULL;

        g_assert_no_error (error);
        g_assert_true (izp_link_qr_save (urls[i], path, sizes[s], &error));
        g_assert_no_error (error);
        assert_png_header (path, qr->size * sizes[s]);
        assert_crisp (path, sizes[s]);
        decoded = decode_with_zbar (path);
        g_assert_cmpstr (decoded, ==, urls[i]);
        g_unlink (path);
      }
  g_rmdir (dir);
}

static void
test_svg (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-qr-XXXXXX", &error);
  const int sizes[] = { 120, 1200 };

  g_assert_no_error (error);
  for (guint i = 0; urls[i] != NULL; i++)
    {
      g_autofree char *svg_path = g_strdup_printf ("%s/code-%u.svg", dir, i);
      g_autofree char *svg = NULL;

      g_assert_true (izp_link_qr_save (urls[i], svg_path, 0, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
      g_assert_nonnull (strstr (svg, "shape-rendering=\"crispEdges\""));

      for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
        {
          g_autofree char *png_path = g_strdup_printf ("%s/code-%u-%d.png", dir, i, sizes[s]);
          g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_size (svg_path, sizes[s], sizes[s],
                                                                           &error);
          g_autofree char *decoded = NULL;

          g_assert_no_error (error);
          g_assert_true (gdk_pixbuf_save (pixbuf, png_path, "png", &error, NULL));
          g_assert_no_error (error);
          decoded = decode_with_zbar (png_path);
          g_assert_cmpstr (decoded, ==, urls[i]);
          g_unlink (png_path);
        }
      g_unlink (svg_path);
    }
  g_rmdir (dir);
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (4000, 'a');

  g_assert_false (izp_link_qr_save (urls[0], "/tmp/code.jpg", 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_clear_error (&error);

  /* A queued link has no URL yet: no code for it. */
  g_assert_null (izp_link_qr_encode ("", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (izp_link_qr_encode (huge, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_fit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpLinkQr) qr = izp_link_qr_encode (urls[0], &error);

  g_assert_no_error (error);
  /* 116 bytes at level M: version 7 (it holds 122, version 6 only 106),
   * 17 + 4 × 7 = 45 modules, and 2 × 4 of quiet zone. */
  g_assert_cmpuint (qr->size, ==, 45 + 8);
  g_assert_cmpuint (izp_link_qr_fit_module (qr, 200), ==, 3);
  g_assert_cmpuint (izp_link_qr_fit_module (qr, 10), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link-qr/png", test_png);
  g_test_add_func ("/link-qr/svg", test_svg);
  g_test_add_func ("/link-qr/refusals", test_refusals);
  g_test_add_func ("/link-qr/fit", test_fit);

  return g_test_run ();
}
