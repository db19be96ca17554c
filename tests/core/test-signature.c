/* test-signature.c — the e-mail-safe signature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include <libxml/parser.h>

#include "izp-signature.h"
#include "izp-template-text.h"

static const char * const hostile[] = {
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "Dupont & Fils 'SARL' <b>",
  "javascript:alert(1)",
  "data:image/png;base64,iVBORw0KGgo=",
  "https://evil.example/\"onmouseover=\"alert(1)",
  NULL
};

static IzpSignature *
sample_signature (void)
{
  IzpSignature *signature = izp_signature_new ();

  /* The seed's example. */
  izp_signature_set (signature, IZP_SIGNATURE_NAME, "Jean Dupont");
  izp_signature_set (signature, IZP_SIGNATURE_TITLE, "Expert-Comptable");
  izp_signature_set (signature, IZP_SIGNATURE_CABINET, "Cabinet Dupont & Associés");
  izp_signature_set (signature, IZP_SIGNATURE_EMAIL, "j.dupont@cabinet-dupont.fr");
  izp_signature_set (signature, IZP_SIGNATURE_PHONE, "06 12 34 56 78");
  izp_signature_set (signature, IZP_SIGNATURE_WEBSITE, "www.cabinet-dupont.fr");
  izp_signature_set (signature, IZP_SIGNATURE_LOGO_URL, "https://www.cabinet-dupont.fr/logo.png");
  izp_signature_set (signature, IZP_SIGNATURE_TIER, "Certifié");
  izp_signature_set (signature, IZP_SIGNATURE_DEMO_LINK, "https://demo.izyinbox.fr/cabinet-dupont");
  return signature;
}

static void
check_element (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      g_assert_cmpstr ((const char *) node->name, !=, "style");
      g_assert_cmpstr ((const char *) node->name, !=, "script");
      g_assert_cmpstr ((const char *) node->name, !=, "p");
      g_assert_cmpstr ((const char *) node->name, !=, "link");
      if (strcmp ((const char *) node->name, "table") == 0)
        {
          g_autofree char *padding = (char *) xmlGetProp (node, (const xmlChar *) "cellpadding");
          g_autofree char *spacing = (char *) xmlGetProp (node, (const xmlChar *) "cellspacing");

          g_assert_cmpstr (padding, ==, "0");
          g_assert_cmpstr (spacing, ==, "0");
        }
      if (strcmp ((const char *) node->name, "img") == 0)
        {
          g_autofree char *width = (char *) xmlGetProp (node, (const xmlChar *) "width");
          g_autofree char *height = (char *) xmlGetProp (node, (const xmlChar *) "height");
          g_autofree char *src = (char *) xmlGetProp (node, (const xmlChar *) "src");

          g_assert_cmpstr (width, ==, "64");
          g_assert_cmpstr (height, ==, "64");
          g_assert_true (g_str_has_prefix (src, "https://") || g_str_has_prefix (src, "http://"));
        }
      for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
        {
          const char *name = (const char *) attr->name;
          g_autofree char *value = (char *) xmlGetProp (node, attr->name);

          g_assert_cmpstr (name, !=, "class");
          g_assert_false (g_str_has_prefix (name, "on"));
          if (strcmp (name, "href") == 0)
            g_assert_true (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://") ||
                           g_str_has_prefix (value, "mailto:") || g_str_has_prefix (value, "tel:"));
          if (strcmp (name, "style") == 0)
            {
              g_assert_null (strstr (value, "url("));
              g_assert_null (strstr (value, "@import"));
              g_assert_null (strstr (value, "@font-face"));
            }
        }
      check_element (node->children);
    }
}

/* Well-formed (parsed back as XML after a <br> fix-up: the only void
 * element besides <img>), and e-mail-safe. */
static void
assert_signature_html (const char *html)
{
  g_autoptr(GString) xml = g_string_new ("<div>");
  xmlDocPtr doc;

  g_string_append (xml, html);
  g_string_append (xml, "</div>");
  g_string_replace (xml, "<br>", "<br/>", 0);
  /* <img …> is written without its slash, as HTML: close it for XML. */
  for (char *img = strstr (xml->str, "<img "); img != NULL; img = strstr (img + 1, "<img "))
    {
      char *end = strchr (img, '>');

      g_assert_nonnull (end);
      g_string_insert_c (xml, end - xml->str, '/');
    }
  doc = xmlReadMemory (xml->str, xml->len, NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  check_element (xmlDocGetRootElement (doc));
  xmlFreeDoc (doc);

  g_assert_null (strstr (html, "<style"));
  g_assert_null (strstr (html, "class="));
  g_assert_null (strstr (html, "<p"));
  g_assert_null (strstr (html, "src=\"data:"));
  g_assert_null (strstr (html, "href=\"data:"));
  g_assert_null (strstr (html, "<script"));
  g_assert_cmpint (g_utf8_strlen (html, -1), <, IZP_SIGNATURE_GMAIL_LIMIT);
}

static void
test_seed_example (void)
{
  g_autoptr(IzpSignature) signature = sample_signature ();
  g_autofree char *html = izp_signature_to_html (signature);
  g_autofree char *text = izp_signature_to_text (signature);

  assert_signature_html (html);
  g_assert_nonnull (strstr (html, "Cabinet Dupont &amp; Associés"));
  g_assert_nonnull (strstr (html, "href=\"mailto:j.dupont@cabinet-dupont.fr\""));
  g_assert_nonnull (strstr (html, "href=\"tel:0612345678\""));
  g_assert_nonnull (strstr (html, "href=\"https://www.cabinet-dupont.fr\""));
  g_assert_nonnull (strstr (html, "src=\"https://www.cabinet-dupont.fr/logo.png\""));
  g_assert_nonnull (strstr (html, "Partenaire IzyInbox · Certifié"));
  g_assert_nonnull (strstr (html, "href=\"https://demo.izyinbox.fr/cabinet-dupont\""));
  g_assert_nonnull (strstr (html, "font-family:-apple-system"));

  g_assert_cmpstr (text, ==,
                   "-- \n"
                   "Jean Dupont\n"
                   "Expert-Comptable | Cabinet Dupont & Associés\n"
                   "j.dupont@cabinet-dupont.fr | 06 12 34 56 78\n"
                   "www.cabinet-dupont.fr\n"
                   "Partenaire IzyInbox · Certifié\n"
                   "Démo gratuite : https://demo.izyinbox.fr/cabinet-dupont\n");
}

static void
test_long_values (void)
{
  g_autoptr(IzpSignature) signature = izp_signature_new ();
  g_autofree char *html = NULL;

  for (guint f = 0; f < IZP_N_SIGNATURE_FIELDS; f++)
    {
      g_autoptr(GString) value = g_string_new (NULL);

      if (f == IZP_SIGNATURE_WEBSITE || f == IZP_SIGNATURE_LOGO_URL || f == IZP_SIGNATURE_DEMO_LINK)
        g_string_append (value, "https://exemple.fr/");
      while (g_utf8_strlen (value->str, -1) < 2000)
        g_string_append (value, f == IZP_SIGNATURE_EMAIL ? "a" : "é");
      if (f == IZP_SIGNATURE_EMAIL)
        g_string_append (value, "@exemple.fr");
      izp_signature_set (signature, f, value->str);
      g_assert_cmpuint (g_utf8_strlen (izp_signature_get (signature, f), -1), ==,
                        izp_signature_field_max_length (f));
    }
  html = izp_signature_to_html (signature);
  g_test_message ("longest signature: %ld characters", g_utf8_strlen (html, -1));
  assert_signature_html (html);
}

static void
test_hostile_values (void)
{
  for (guint h = 0; hostile[h] != NULL; h++)
    for (guint f = 0; f < IZP_N_SIGNATURE_FIELDS; f++)
      {
        g_autoptr(IzpSignature) signature = sample_signature ();
        g_autofree char *html = NULL;

        izp_signature_set (signature, f, hostile[h]);
        html = izp_signature_to_html (signature);
        g_assert_null (strstr (html, "<script"));
        g_assert_null (strstr (html, "<b>"));
        g_assert_null (strstr (html, "<img src=x"));
        assert_signature_html (html);
      }
}

static void
test_line_breaks_and_empty (void)
{
  g_autoptr(IzpSignature) signature = izp_signature_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (izp_signature_is_empty (signature));
  izp_signature_set (signature, IZP_SIGNATURE_NAME, "  Jean\nDupont  ");
  g_assert_cmpstr (izp_signature_get (signature, IZP_SIGNATURE_NAME), ==, "Jean Dupont");
  izp_signature_set (signature, IZP_SIGNATURE_NAME, "   ");
  g_assert_null (izp_signature_get (signature, IZP_SIGNATURE_NAME));

  g_assert_true (izp_signature_parse_assignment (signature, "cabinet=Cabinet A=B", &error));
  g_assert_cmpstr (izp_signature_get (signature, IZP_SIGNATURE_CABINET), ==, "Cabinet A=B");
  g_assert_false (izp_signature_parse_assignment (signature, "fax=01", &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME);

  izp_signature_set_badge (signature, FALSE);
  text = izp_signature_to_text (signature);
  g_assert_cmpstr (text, ==, "-- \nCabinet A=B\n");
}

static void
test_append_to_email (void)
{
  g_autoptr(IzpSignature) empty = izp_signature_new ();
  g_autoptr(IzpSignature) signature = izp_signature_new ();
  g_autofree char *html = g_strdup ("<p>Bonjour,</p>\n");
  g_autofree char *text = g_strdup ("Bonjour,");

  /* No name, nothing added: a cabinet and a badge alone are not a
   * signature. */
  izp_signature_set (empty, IZP_SIGNATURE_CABINET, "Cabinet Dupont & Associés");
  izp_signature_append_to_email (empty, &html, &text);
  g_assert_cmpstr (html, ==, "<p>Bonjour,</p>\n");
  g_assert_cmpstr (text, ==, "Bonjour,");

  izp_signature_set (signature, IZP_SIGNATURE_NAME, "Jean Dupont");
  izp_signature_set_badge (signature, FALSE);
  izp_signature_append_to_email (signature, &html, &text);
  g_assert_true (g_str_has_prefix (html, "<p>Bonjour,</p>\n<br>\n<table cellpadding=\"0\""));
  g_assert_cmpstr (text, ==, "Bonjour,\n\n-- \nJean Dupont\n");
}

/* The memory backend of the test environment, the app's real schema. */
static void
test_from_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("fr.izyinbox.Partner");
  g_autoptr(IzpSignature) signature = NULL;
  g_autofree char *text = NULL;

  g_settings_set_string (settings, "signature-name", "Jean Dupont");
  g_settings_set_string (settings, "signature-logo-url", "https://www.cabinet-dupont.fr/logo.png");
  g_settings_set_string (settings, "signature-demo-link", "https://demo.izyinbox.fr/cabinet-dupont");
  g_settings_set_boolean (settings, "signature-badge", FALSE);
  signature = izp_signature_new_from_settings (settings);
  g_assert_cmpstr (izp_signature_get (signature, IZP_SIGNATURE_NAME), ==, "Jean Dupont");
  g_assert_cmpstr (izp_signature_get (signature, IZP_SIGNATURE_LOGO_URL), ==, "https://www.cabinet-dupont.fr/logo.png");
  g_assert_null (izp_signature_get (signature, IZP_SIGNATURE_TIER));
  text = izp_signature_to_text (signature);
  g_assert_cmpstr (text, ==, "-- \nJean Dupont\nDémo gratuite : https://demo.izyinbox.fr/cabinet-dupont\n");
}

static void
test_tier_labels (void)
{
  /* French in any locale: the badge goes out in a French e-mail. */
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (izp_signature_tier_label ("referent"), ==, "Référent");
  g_assert_cmpstr (izp_signature_tier_label ("certifie"), ==, "Certifié");
  g_assert_cmpstr (izp_signature_tier_label ("strategique"), ==, "Stratégique");
  g_assert_null (izp_signature_tier_label ("gold"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signature/seed-example", test_seed_example);
  g_test_add_func ("/signature/long-values", test_long_values);
  g_test_add_func ("/signature/hostile-values", test_hostile_values);
  g_test_add_func ("/signature/line-breaks-and-empty", test_line_breaks_and_empty);
  g_test_add_func ("/signature/from-settings", test_from_settings);
  g_test_add_func ("/signature/append-to-email", test_append_to_email);
  g_test_add_func ("/signature/tier-labels", test_tier_labels);

  return g_test_run ();
}
