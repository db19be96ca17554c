/* test-signature.c — the signature builder in the real window
 *
 * Fills the fields (through the entries bound to GSettings), checks the
 * live preview, the plain text and the character count, copies (both
 * formats on the clipboard), saves the Thunderbird file; screenshots wide,
 * narrow and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "izp-signature-page.h"
#include "izp-ui-test.h"

static IzpApplication *app;

static const struct
{
  const char *key;
  const char *value;
} fields[] = {
  { "signature-name", "Jean Dupont" },
  { "signature-title", "Expert-comptable associé" },
  { "signature-cabinet", "Cabinet Dupont & Associés" },
  { "signature-email", "j.dupont@cabinet-dupont.fr" },
  { "signature-phone", "06 12 34 56 78" },
  { "signature-website", "www.cabinet-dupont.fr" },
  { "signature-logo-url", "https://www.cabinet-dupont.fr/logo.png" },
  { "signature-demo-link", "https://demo.izyinbox.fr/cabinet-dupont" },
};

static IzpSignaturePage *
open_signature (IzpWindow *window)
{
  izp_ui_test_open_demo (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "signature"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return IZP_SIGNATURE_PAGE (izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_SIGNATURE_PAGE));
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = izp_ui_test_find_by_name (root, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static gboolean
badge_has_tier (gpointer data)
{
  return strstr (label_text (data, "signature-preview"), "Partenaire IzyInbox · ") != NULL;
}

static void
fill_fields (GtkWidget *root)
{
  /* Typed in the entries, as a user would: GSettings follows. */
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *row = izp_ui_test_find_by_name (root, fields[i].key);

      g_assert_nonnull (row);
      gtk_editable_set_text (GTK_EDITABLE (row), fields[i].value);
    }
}

static void
clear_fields (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.izyinbox.Partner");

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_settings_reset (settings, fields[i].key);
}

static void
test_build_copy_save (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 900);
  IzpSignaturePage *page = open_signature (window);
  GtkWidget *root = GTK_WIDGET (page);
  g_autoptr(GSettings) settings = g_settings_new ("fr.izyinbox.Partner");
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-signature-XXXXXX", NULL);
  g_autofree char *file_path = g_build_filename (dir, "signature.html", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  GdkContentFormats *formats;
  long count;

  fill_fields (root);
  name = g_settings_get_string (settings, "signature-name");
  g_assert_cmpstr (name, ==, "Jean Dupont");
  /* The demo account's tier reaches the badge. */
  g_assert_true (izp_ui_test_wait_until (badge_has_tier, root, 20));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  g_assert_nonnull (strstr (label_text (root, "signature-preview"), "Cabinet Dupont & Associés"));
  g_assert_true (g_str_has_prefix (label_text (root, "signature-text"),
                                   "-- \nJean Dupont\nExpert-comptable associé | Cabinet Dupont & Associés\n"));
  /* "1 553 sur les 10 000 caractères…" (digits grouped with narrow
   * no-break spaces): a count under the limit. */
  {
    const char *text = label_text (root, "signature-count");

    count = 0;
    for (const char *p = text; *p != ' '; p++)
      if (g_ascii_isdigit (*p))
        count = count * 10 + (*p - '0');
    g_assert_true (g_str_has_suffix (text, "10\u202f000 caractères autorisés par Gmail"));
    g_assert_cmpint (count, >, 500);
    g_assert_cmpint (count, <, 10000);
  }
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "signature-wide");
  g_clear_pointer (&path, g_free);

  g_assert_true (gtk_widget_activate_action (root, "signature.copy", NULL));
  formats = gdk_clipboard_get_formats (gtk_widget_get_clipboard (root));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/html"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));

  g_assert_true (izp_signature_page_save_to_file (page, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file_path, &saved, NULL, NULL));
  g_assert_true (g_utf8_validate (saved, -1, NULL));
  g_assert_true (g_str_has_prefix (saved, "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">"));
  g_assert_nonnull (strstr (saved, "Cabinet Dupont &amp; Associés"));
  g_assert_nonnull (strstr (label_text (root, "signature-saved"), "Joindre cette signature depuis un fichier"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "signature-saved-wide");

  g_unlink (file_path);
  g_rmdir (dir);
  izp_ui_test_close_window (window);
  clear_fields ();
}

static void
test_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window = izp_ui_test_open_window (app, 360, 760);
  IzpSignaturePage *page = open_signature (window);
  g_autofree char *path = NULL;

  fill_fields (GTK_WIDGET (page));
  g_assert_true (izp_ui_test_wait_until (badge_has_tier, page, 20));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "signature-narrow");
  g_clear_pointer (&path, g_free);
  izp_ui_test_close_window (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = izp_ui_test_open_window (app, 1100, 900);
  page = open_signature (window);
  fill_fields (GTK_WIDGET (page));
  g_assert_true (izp_ui_test_wait_until (badge_has_tier, page, 20));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "signature-dark");
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  clear_fields ();
}

int
main (int   argc,
      char *argv[])
{
  app = izp_ui_test_init (&argc, &argv);

  g_test_add_func ("/signature/build-copy-save", test_build_copy_save);
  g_test_add_func ("/signature/screenshots", test_screenshots);

  return g_test_run ();
}
