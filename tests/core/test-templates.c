/* test-templates.c — the placeholder language, the shipped templates, edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "izp-template-library.h"
#include "izp-template-text.h"

/* The documented list, written out by hand (README of the placeholders:
 * izp-template-text.h). */
static const char * const documented[] = {
  "Prénom", "Nom", "Entreprise", "Lien démo", "Date démo", "Formule", "Utilisation",
  "Date webinaire", "Lien webinaire", "Cabinet", "Expert-comptable", "Signature", NULL
};

static const char * const hostile[] = {
  "<script>alert(1)</script>",
  "\"><img src=x onerror=alert(1)>",
  "Dupont & Fils 'SARL'",
  "javascript:alert(1)",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "https://evil.example/\"onmouseover=\"alert(1)",
  NULL
};

static IzpTemplateParse *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  IzpTemplateParse *parse = izp_template_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (parse);
  return parse;
}

static char *
render_text (const char              *text,
             const IzpTemplateValues *values,
             guint                   *missing)
{
  g_autoptr(IzpTemplateParse) parse = parse_ok (text);

  return izp_template_render_text (parse, values, missing);
}

static char *
render_html (const char              *text,
             const IzpTemplateValues *values,
             guint                   *missing)
{
  g_autoptr(IzpTemplateParse) parse = parse_ok (text);

  return izp_template_render_html (parse, values, missing);
}

static void
test_every_field (void)
{
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  guint n = 0;

  for (guint i = 0; documented[i] != NULL; i++, n++)
    {
      g_autofree char *text = g_strdup_printf ("a [%s] b", documented[i]);
      g_autofree char *expected = g_strdup_printf ("a v%u b", i);
      g_autofree char *value = g_strdup_printf ("v%u", i);
      g_autofree char *rendered = NULL;
      g_autofree char *html = NULL;
      g_autofree char *expected_html = g_strdup_printf ("<p>a v%u b</p>\n", i);
      g_autoptr(IzpTemplateParse) parse = parse_ok (text);
      int field = izp_template_field_lookup (documented[i], -1);
      guint missing = 99;

      g_assert_cmpint (field, >=, 0);
      g_assert_cmpstr (izp_template_field_get (field)->name, ==, documented[i]);
      g_assert_cmpuint (izp_template_parse_get_problems (parse)->len, ==, 0);
      g_assert_cmpuint (izp_template_parse_get_fields (parse), ==, 1u << field);

      izp_template_values_set (values, field, value);
      rendered = render_text (text, values, &missing);
      g_assert_cmpstr (rendered, ==, expected);
      g_assert_cmpuint (missing, ==, 0);
      html = render_html (text, values, &missing);
      if (!izp_template_field_get (field)->is_link)
        g_assert_cmpstr (html, ==, expected_html);
      g_assert_cmpuint (missing, ==, 0);
    }
  g_assert_cmpuint (n, ==, IZP_N_FIELDS);
  /* The ASCII keys too, for scripts. */
  g_assert_cmpint (izp_template_field_lookup ("first_name", -1), ==, izp_template_field_lookup ("Prénom", -1));
  g_assert_cmpint (izp_template_field_lookup ("prénom", -1), ==, -1);
}

static void
test_unknown_fields (void)
{
  g_autoptr(IzpTemplateParse) parse = parse_ok ("Bonjour [Prénom],\nvoici [Ville] et [Prenom].");
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *text = NULL;
  GPtrArray *problems = izp_template_parse_get_problems (parse);
  const GError *first;
  guint n_unknown = 0;

  g_assert_cmpuint (problems->len, ==, 2);
  first = g_ptr_array_index (problems, 0);
  g_assert_error (first, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_FIELD);
  /* "voici [Ville]": line 2, column 7. */
  g_assert_nonnull (strstr (first->message, "2"));
  g_assert_nonnull (strstr (first->message, "7"));
  g_assert_nonnull (strstr (first->message, "[Ville]"));

  for (guint i = 0; i < izp_template_parse_get_n_tokens (parse); i++)
    {
      const IzpTemplateToken *token = izp_template_parse_get_token (parse, i);

      if (token->kind != IZP_TOKEN_UNKNOWN)
        continue;
      n_unknown++;
      if (n_unknown == 1)
        {
          g_assert_cmpstr (token->text, ==, "Ville");
          g_assert_cmpuint (token->line, ==, 2);
          g_assert_cmpuint (token->column, ==, 7);
          /* "Bonjour [Prénom],\n" is 19 bytes (é is two), "voici " 6. */
          g_assert_cmpuint (token->start, ==, 25);
          g_assert_cmpuint (token->end, ==, 32);
        }
    }
  g_assert_cmpuint (n_unknown, ==, 2);

  /* Rendered as written, never dropped. */
  izp_template_values_set (values, IZP_FIELD_FIRST_NAME, "Marie");
  text = izp_template_render_text (parse, values, NULL);
  g_assert_cmpstr (text, ==, "Bonjour Marie,\nvoici [Ville] et [Prenom].");
}

static void
test_literal_brackets (void)
{
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autoptr(IzpTemplateParse) parse = parse_ok ("[[Prénom]] vaut [Prénom] ; a]b ; [[x]]");

  izp_template_values_set (values, IZP_FIELD_FIRST_NAME, "Marie");
  g_assert_cmpuint (izp_template_parse_get_problems (parse)->len, ==, 0);
  text = izp_template_render_text (parse, values, NULL);
  g_assert_cmpstr (text, ==, "[Prénom] vaut Marie ; a]b ; [x]");
  html = izp_template_render_html (parse, values, NULL);
  g_assert_cmpstr (html, ==, "<p>[Prénom] vaut Marie ; a]b ; [x]</p>\n");
}

static void
test_unterminated (void)
{
  g_autoptr(IzpTemplateParse) parse = parse_ok ("Prix [en euros\n[Prénom]");
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *text = NULL;
  GPtrArray *problems = izp_template_parse_get_problems (parse);

  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (problems, 0), IZP_TEMPLATE_TEXT_ERROR,
                  IZP_TEMPLATE_TEXT_ERROR_UNTERMINATED);
  izp_template_values_set (values, IZP_FIELD_FIRST_NAME, "Marie");
  text = izp_template_render_text (parse, values, NULL);
  g_assert_cmpstr (text, ==, "Prix [en euros\nMarie");
}

static void
test_missing_values (void)
{
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  guint missing = 0;

  izp_template_values_set (values, IZP_FIELD_FIRST_NAME, "Marie");
  izp_template_values_set (values, IZP_FIELD_COMPANY, "");   /* empty is missing */
  text = render_text ("[Prénom] de [Entreprise] : [Lien démo]", values, &missing);
  g_assert_cmpstr (text, ==, "Marie de [Entreprise] : [Lien démo]");
  g_assert_cmpuint (missing, ==, (1u << IZP_FIELD_COMPANY) | (1u << IZP_FIELD_DEMO_LINK));

  html = render_html ("[Prénom] de [Entreprise]", values, &missing);
  g_assert_cmpuint (missing, ==, 1u << IZP_FIELD_COMPANY);
  g_assert_nonnull (strstr (html, ">[Entreprise]</span>"));
}

static void
test_html_structure (void)
{
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *html = NULL;
  g_autofree char *document = NULL;

  izp_template_values_set (values, IZP_FIELD_DEMO_LINK, "https://demo.izyinbox.fr/cabinet-dupont?r=AB12&c=mail");
  html = render_html ("\nBonjour,\nligne deux\n\n\nVoir https://izyinbox.fr/aide.\n[Lien démo]\n", values, NULL);
  g_assert_cmpstr (html, ==,
                   "<p>Bonjour,<br>\nligne deux</p>\n"
                   "<p>Voir <a href=\"https://izyinbox.fr/aide\">https://izyinbox.fr/aide</a>.<br>\n"
                   "<a href=\"https://demo.izyinbox.fr/cabinet-dupont?r=AB12&amp;c=mail\">"
                   "https://demo.izyinbox.fr/cabinet-dupont?r=AB12&amp;c=mail</a></p>\n");
  document = izp_template_html_document (html);
  g_assert_true (g_str_has_prefix (document,
                                   "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">"));
}

/* Parses @html as HTML and fails on any element or attribute that could run
 * code, and on any text that still holds a raw "<script". */
static void
walk_for_danger (xmlNode *node)
{
  for (; node != NULL; node = node->next)
    {
      if (node->type == XML_ELEMENT_NODE)
        {
          g_assert_cmpstr ((const char *) node->name, !=, "script");
          g_assert_cmpstr ((const char *) node->name, !=, "img");
          g_assert_cmpstr ((const char *) node->name, !=, "style");
          for (xmlAttr *attr = node->properties; attr != NULL; attr = attr->next)
            {
              g_autofree char *value = (char *) xmlGetProp (node, attr->name);

              g_assert_false (g_str_has_prefix ((const char *) attr->name, "on"));
              g_assert_cmpstr ((const char *) attr->name, !=, "class");
              if (g_strcmp0 ((const char *) attr->name, "href") == 0 ||
                  g_strcmp0 ((const char *) attr->name, "src") == 0)
                g_assert_true (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://") ||
                               g_str_has_prefix (value, "mailto:") || g_str_has_prefix (value, "tel:"));
            }
        }
      walk_for_danger (node->children);
    }
}

static void
assert_html_safe (const char *html)
{
  g_autofree char *wrapped = g_strdup_printf ("<html><body>%s</body></html>", html);
  htmlDocPtr doc = htmlReadMemory (wrapped, strlen (wrapped), NULL, "UTF-8",
                                   HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);

  g_assert_nonnull (doc);
  walk_for_danger (xmlDocGetRootElement (doc));
  xmlFreeDoc (doc);
}

static void
test_html_escapes_hostile_values (void)
{
  for (guint h = 0; hostile[h] != NULL; h++)
    for (guint f = 0; f < IZP_N_FIELDS; f++)
      {
        g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
        g_autofree char *markup = izp_template_field_markup (f);
        g_autofree char *text = g_strdup_printf ("Avant %s après", markup);
        g_autofree char *html = NULL;
        g_autofree char *plain = NULL;

        izp_template_values_set (values, f, hostile[h]);
        html = render_html (text, values, NULL);
        g_assert_null (strstr (html, "<script"));
        g_assert_null (strstr (html, "<img"));
        g_assert_null (strstr (html, "href=\"javascript:"));
        g_assert_null (strstr (html, "href=\"data:"));
        assert_html_safe (html);
        /* The plain text is the value as typed. */
        plain = render_text (text, values, NULL);
        g_assert_nonnull (strstr (plain, hostile[h]));
      }
}

static void
test_bad_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (300 * 1024, 'a');

  g_assert_null (izp_template_parse ("caf\xc3", -1, &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_ENCODING);
  g_clear_error (&error);
  g_assert_null (izp_template_parse ("a\0b", 3, &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_ENCODING);
  g_clear_error (&error);
  g_assert_null (izp_template_parse (big, -1, &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_TOO_LONG);
}

static void
test_assignment (void)
{
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (izp_template_values_parse_assignment (values, "Prénom=Marie=Claire", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_FIRST_NAME), ==, "Marie=Claire");
  g_assert_true (izp_template_values_parse_assignment (values, "company=Boulangerie", &error));
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_COMPANY), ==, "Boulangerie");
  g_assert_false (izp_template_values_parse_assignment (values, "Ville=Lyon", &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME);
  g_clear_error (&error);
  g_assert_false (izp_template_values_parse_assignment (values, "Prénom", &error));
  g_assert_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME);
}

static void
test_mailto (void)
{
  g_autofree char *uri = izp_template_mailto ("marie.martin@example.fr", "Démo & essai",
                                              "Bonjour Marie,\nhttps://a.fr/?x=1&y=2");

  /* é is C3 A9; line break CR LF; & ? = / : percent-encoded. */
  g_assert_cmpstr (uri, ==,
                   "mailto:marie.martin@example.fr?subject=D%C3%A9mo%20%26%20essai"
                   "&body=Bonjour%20Marie%2C%0D%0Ahttps%3A%2F%2Fa.fr%2F%3Fx%3D1%26y%3D2");
  g_free (uri);
  uri = izp_template_mailto (NULL, NULL, "a b");
  g_assert_cmpstr (uri, ==, "mailto:?body=a%20b");
}

/* What a mail client decodes gets back the exact subject and body: the
 * body's line breaks as CRLF (RFC 6068), everything else byte for byte. */
static void
test_mailto_hostile (void)
{
  static const char subject[] = "Démo & essai? #1 100% + «offre» 🥐";
  static const char body[] = "Bonjour Zoë,\nVoici : https://a.fr/?x=1&y=2#top\n\n+33 6 12 34 56 78 — 50% 🎉\r\nFin=?&";
  static const char body_crlf[] = "Bonjour Zoë,\r\nVoici : https://a.fr/?x=1&y=2#top\r\n\r\n+33 6 12 34 56 78 — 50% 🎉\r\nFin=?&";
  g_autofree char *uri = izp_template_mailto ("zoe+demo@exemple.fr", subject, body);
  const char *query = strchr (uri, '?');
  g_auto(GStrv) pairs = NULL;
  g_autofree char *to = NULL;
  g_autofree char *got_subject = NULL;
  g_autofree char *got_body = NULL;

  g_assert_true (g_str_has_prefix (uri, "mailto:"));
  g_assert_nonnull (query);
  /* Nothing the URI syntax gives a meaning to is left bare in the values. */
  for (const char *p = query + 1; *p != '\0'; p++)
    g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%=&", *p) != NULL);
  g_assert_null (strchr (query, '#'));
  g_assert_null (strchr (query, '+'));
  g_assert_null (strstr (uri, "\n"));
  g_assert_nonnull (strstr (uri, "%0D%0A"));

  to = g_uri_unescape_segment (uri + strlen ("mailto:"), query, NULL);
  g_assert_cmpstr (to, ==, "zoe+demo@exemple.fr");
  pairs = g_strsplit (query + 1, "&", -1);
  g_assert_cmpuint (g_strv_length (pairs), ==, 2);
  g_assert_true (g_str_has_prefix (pairs[0], "subject="));
  g_assert_true (g_str_has_prefix (pairs[1], "body="));
  got_subject = g_uri_unescape_string (pairs[0] + strlen ("subject="), NULL);
  got_body = g_uri_unescape_string (pairs[1] + strlen ("body="), NULL);
  g_assert_cmpstr (got_subject, ==, subject);
  g_assert_cmpstr (got_body, ==, body_crlf);
}

/* ------------------------------------------------------------------ */
/* The shipped templates */

static void
test_shipped_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shipped = izp_template_library_load_shipped (&error);
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  const char * const named[] = { "introduction", "relance-post-demo", "facturation-electronique" };

  g_assert_no_error (error);
  g_assert_cmpuint (shipped->len, ==, 10);
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    g_assert_cmpstr (((IzpTemplate *) g_ptr_array_index (shipped, i))->id, ==, named[i]);

  for (guint f = 0; f < IZP_N_FIELDS; f++)
    izp_template_values_set (values, f, izp_template_field_get (f)->example);

  for (guint i = 0; i < shipped->len; i++)
    {
      IzpTemplate *template_ = g_ptr_array_index (shipped, i);
      g_autoptr(IzpTemplateParse) subject = parse_ok (template_->subject);
      g_autoptr(IzpTemplateParse) body = parse_ok (template_->body);
      g_autofree char *text = NULL;
      g_autofree char *html = NULL;
      guint missing = 0;
      glong words = 0;
      g_auto(GStrv) split = NULL;

      g_test_message ("%s", template_->id);
      g_assert_cmpuint (izp_template_parse_get_problems (subject)->len, ==, 0);
      g_assert_cmpuint (izp_template_parse_get_problems (body)->len, ==, 0);
      g_assert_cmpint (template_->version, >=, 1);
      /* A subject a phone shows whole, a body one reads in a minute. */
      g_assert_cmpint (g_utf8_strlen (template_->subject, -1), <=, 90);
      g_assert_true (g_str_has_prefix (template_->body, "Bonjour [Prénom],"));

      text = izp_template_render_text (body, values, &missing);
      g_assert_cmpuint (missing, ==, 0);
      g_assert_null (strchr (text, '['));
      split = g_strsplit_set (text, " \n", -1);
      for (guint w = 0; split[w] != NULL; w++)
        words += split[w][0] != '\0';
      g_assert_cmpint (words, >=, 60);
      g_assert_cmpint (words, <=, 220);
      html = izp_template_render_html (body, values, NULL);
      assert_html_safe (html);
      /* Typographic apostrophes, no straight ones, no double spaces. */
      g_assert_null (strchr (template_->body, '\''));
      g_assert_null (strstr (template_->body, "  "));
      g_assert_null (strstr (template_->body, "TODO"));
    }
}

static const IzpTemplate *
find_template (GPtrArray  *templates,
               const char *id)
{
  for (guint i = 0; i < templates->len; i++)
    if (g_strcmp0 (((IzpTemplate *) g_ptr_array_index (templates, i))->id, id) == 0)
      return g_ptr_array_index (templates, i);
  return NULL;
}

/* The dates of the reform (product.md): receive from 1 September 2026 for
 * all, issue from then for large and mid-size companies, from 1 September
 * 2027 for SMEs and micro-businesses; a plateforme agréée; the formats. */
static void
test_e_invoicing_facts (void)
{
  g_autoptr(GPtrArray) shipped = izp_template_library_load_shipped (NULL);
  const IzpTemplate *template_ = find_template (shipped, "facturation-electronique");
  const char *body = template_->body;
  const char *y2026 = strstr (body, "1er septembre 2026");
  const char *y2027 = strstr (body, "1er septembre 2027");

  g_assert_nonnull (y2026);
  g_assert_nonnull (y2027);
  /* 2026: receive (everyone) and issue (large and mid-size). */
  g_assert_nonnull (g_strstr_len (y2026, y2027 - y2026, "recevoir"));
  g_assert_nonnull (g_strstr_len (y2026, y2027 - y2026, "grandes entreprises"));
  g_assert_nonnull (g_strstr_len (y2026, y2027 - y2026, "ETI"));
  g_assert_null (g_strstr_len (y2026, y2027 - y2026, "PME"));
  /* 2027: SMEs and micro-businesses issue. */
  g_assert_nonnull (strstr (y2027, "PME"));
  g_assert_nonnull (strstr (y2027, "micro-entreprises"));
  g_assert_nonnull (strstr (y2027, "émettre"));
  g_assert_nonnull (strstr (body, "plateforme agréée"));
  g_assert_nonnull (strstr (body, "Factur-X"));
  g_assert_nonnull (strstr (body, "UBL"));
  g_assert_nonnull (strstr (body, "CII"));
  g_assert_nonnull (strstr (template_->subject, "1er septembre 2026"));
  /* No other year is named as a deadline. */
  g_assert_null (strstr (body, "2025"));
  g_assert_null (strstr (body, "2028"));
}

static void
test_file_format (void)
{
  const char *good = "id: essai\nversion: 3\ntitle: Essai\nsubject: Objet [Prénom]\nbased-on: 2\n\nCorps\n\nfin\n";
  const char * const bad[] = {
    "",
    "id: essai\n",
    "id: essai\nversion: 1\ntitle: T\n\ncorps",                 /* no subject */
    "id: Essai\nversion: 1\ntitle: T\nsubject: S\n\ncorps",     /* upper case */
    "id: essai\nversion: 0\ntitle: T\nsubject: S\n\ncorps",
    "id: essai\nversion: -1\ntitle: T\nsubject: S\n\ncorps",
    "id: essai\nversion: 1x\ntitle: T\nsubject: S\n\ncorps",
    "id: essai\nid: autre\nversion: 1\ntitle: T\nsubject: S\n\ncorps",
    "id: essai\nversion: 1\ncolour: bleu\ntitle: T\nsubject: S\n\ncorps",
    "id essai\nversion: 1\ntitle: T\nsubject: S\n\ncorps",
    "id: essai\nversion: 1\ntitle: T\nsubject: caf\xc3\n\ncorps",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplate) template_ = izp_template_parse_file (good, strlen (good), &error);
  g_autoptr(IzpTemplate) again = NULL;
  g_autofree char *file = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (template_->id, ==, "essai");
  g_assert_cmpint (template_->version, ==, 3);
  g_assert_cmpint (template_->based_on, ==, 2);
  g_assert_cmpstr (template_->subject, ==, "Objet [Prénom]");
  g_assert_cmpstr (template_->body, ==, "Corps\n\nfin");

  file = izp_template_to_file (template_);
  again = izp_template_parse_file (file, strlen (file), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->body, ==, template_->body);
  g_assert_cmpint (again->based_on, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(IzpTemplate) none = izp_template_parse_file (bad[i], strlen (bad[i]), &error);

      g_test_message ("bad file %u", i);
      g_assert_null (none);
      g_assert_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID);
      g_clear_error (&error);
    }
}

/* ------------------------------------------------------------------ */
/* Edits */

static char *
new_edits_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("izp-templates-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
test_edit_survives_restart_and_revert (void)
{
  g_autofree char *dir = new_edits_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateLibrary) library = izp_template_library_new (dir, &error);
  g_autoptr(IzpTemplateLibrary) restarted = NULL;
  g_autofree char *official_body = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_no_error (error);
  ids = izp_template_library_list_ids (library);
  g_assert_cmpuint (g_strv_length (ids), ==, 10);
  official_body = g_strdup (izp_template_library_get (library, "introduction")->body);
  g_assert_null (izp_template_library_get_edit (library, "introduction"));

  g_assert_true (izp_template_library_save_edit (library, "introduction", "Mon objet",
                                                 "Bonjour [Prénom],\nmon texte", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (izp_template_library_get (library, "introduction")->body, ==, "Bonjour [Prénom],\nmon texte");

  restarted = izp_template_library_new (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (izp_template_library_get (restarted, "introduction")->subject, ==, "Mon objet");
  g_assert_cmpstr (izp_template_library_get (restarted, "introduction")->body, ==, "Bonjour [Prénom],\nmon texte");
  g_assert_cmpstr (izp_template_library_get (restarted, "introduction")->title, ==, "Introduction IzyInbox");
  g_assert_false (izp_template_library_has_newer_official (restarted, "introduction"));

  g_assert_true (izp_template_library_revert (restarted, "introduction", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (izp_template_library_get (restarted, "introduction")->body, ==, official_body);
  g_clear_object (&restarted);
  restarted = izp_template_library_new (dir, &error);
  g_assert_null (izp_template_library_get_edit (restarted, "introduction"));
  g_assert_cmpstr (izp_template_library_get (restarted, "introduction")->body, ==, official_body);

  g_assert_false (izp_template_library_save_edit (restarted, "absent", "s", "b", &error));
  g_assert_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_NOT_FOUND);
  remove_dir (dir);
}

static void
test_newer_official_does_not_overwrite (void)
{
  g_autofree char *dir = new_edits_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateLibrary) library = izp_template_library_new (dir, &error);
  g_autoptr(GPtrArray) official = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_template_free);
  gint64 shipped_version = izp_template_library_get (library, "relance-post-demo")->version;

  g_assert_true (izp_template_library_save_edit (library, "relance-post-demo", "Objet à moi", "Corps à moi", &error));

  /* Not newer: ignored. */
  g_ptr_array_add (official, izp_template_new ("relance-post-demo", shipped_version, "Vieux", "vieil objet", "vieux"));
  /* Newer, and a template the app did not ship. */
  g_ptr_array_add (official, izp_template_new ("relance-post-demo", shipped_version + 1, "Relance après la démo",
                                               "Nouvel objet", "Nouveau corps officiel"));
  g_ptr_array_add (official, izp_template_new ("voeux", 1, "Vœux", "Bonne année [Prénom]", "Bonjour [Prénom],"));
  izp_template_library_add_official (library, official);

  g_assert_cmpstr (izp_template_library_get (library, "relance-post-demo")->body, ==, "Corps à moi");
  g_assert_cmpstr (izp_template_library_get_official (library, "relance-post-demo")->body, ==, "Nouveau corps officiel");
  g_assert_true (izp_template_library_has_newer_official (library, "relance-post-demo"));
  g_assert_false (izp_template_library_has_newer_official (library, "introduction"));
  g_assert_nonnull (izp_template_library_get (library, "voeux"));

  /* Newer official text, no edit: it replaces the shipped one. */
  g_ptr_array_set_size (official, 0);
  g_ptr_array_add (official, izp_template_new ("introduction", 100, "Introduction IzyInbox", "Objet v100", "Corps v100"));
  izp_template_library_add_official (library, official);
  g_assert_cmpstr (izp_template_library_get (library, "introduction")->body, ==, "Corps v100");

  /* Keeping the edit silences the notice and survives a restart. */
  g_assert_true (izp_template_library_keep_edit (library, "relance-post-demo", &error));
  g_assert_false (izp_template_library_has_newer_official (library, "relance-post-demo"));
  g_assert_cmpstr (izp_template_library_get (library, "relance-post-demo")->body, ==, "Corps à moi");
  remove_dir (dir);
}

/* The helper saves new text and stops between its write and its rename;
 * killed there, the previous text must be intact. */
static void
test_crash_during_save (void)
{
  g_autofree char *dir = new_edits_dir ();
  g_autofree char *helper = g_test_build_filename (G_TEST_BUILT, "core", "template-save-helper", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateLibrary) library = izp_template_library_new (dir, &error);
  g_autoptr(IzpTemplateLibrary) after = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { helper, dir, "introduction", NULL };
  GPid pid;
  int out_fd;
  int status;
  char buffer[256];
  gssize n;
  guint leftovers = 0;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_true (izp_template_library_save_edit (library, "introduction", "Objet v1", "Texte précieux v1", &error));
  g_assert_no_error (error);

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, NULL, &out_fd, NULL, &error));
  g_assert_no_error (error);
  /* The helper prints the temporary file's path once it is written. */
  n = read (out_fd, buffer, sizeof buffer - 1);
  g_assert_cmpint (n, >, 0);
  buffer[n] = '\0';
  g_assert_true (g_str_has_prefix (buffer, "written "));
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  close (out_fd);
  g_spawn_close_pid (pid);

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    leftovers += name[0] == '.';
  g_assert_cmpuint (leftovers, ==, 1);   /* the killed write, not renamed */

  after = izp_template_library_new (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (izp_template_library_get (after, "introduction")->body, ==, "Texte précieux v1");
  g_assert_cmpstr (izp_template_library_get (after, "introduction")->subject, ==, "Objet v1");
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/templates/every-field", test_every_field);
  g_test_add_func ("/templates/unknown-fields", test_unknown_fields);
  g_test_add_func ("/templates/literal-brackets", test_literal_brackets);
  g_test_add_func ("/templates/unterminated", test_unterminated);
  g_test_add_func ("/templates/missing-values", test_missing_values);
  g_test_add_func ("/templates/html-structure", test_html_structure);
  g_test_add_func ("/templates/html-escapes-hostile-values", test_html_escapes_hostile_values);
  g_test_add_func ("/templates/bad-text", test_bad_text);
  g_test_add_func ("/templates/assignment", test_assignment);
  g_test_add_func ("/templates/mailto", test_mailto);
  g_test_add_func ("/templates/mailto-hostile", test_mailto_hostile);
  g_test_add_func ("/templates/shipped", test_shipped_templates);
  g_test_add_func ("/templates/e-invoicing-facts", test_e_invoicing_facts);
  g_test_add_func ("/templates/file-format", test_file_format);
  g_test_add_func ("/templates/edit-survives-restart-and-revert", test_edit_survives_restart_and_revert);
  g_test_add_func ("/templates/newer-official-does-not-overwrite", test_newer_official_does_not_overwrite);
  g_test_add_func ("/templates/crash-during-save", test_crash_during_save);

  return g_test_run ();
}
