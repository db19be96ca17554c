/* test-template-sources.c — leads, clients, official templates and the
 * cabinet, read from a real store for the templates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "izp-template-library.h"
#include "izp-template-sources.h"
#include "sample-items.h"

typedef struct
{
  char     *dir;
  IzpStore *store;
} Fixture;

static void
put_items (IzpStore        *store,
           IzpCollectionId  collection,
           const char      *items_json)
{
  g_autoptr(JsonNode) node = json_from_string (items_json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (izp_store_write_page (store, collection, json_node_get_array (node), NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *leads = NULL;
  g_autofree char *links = NULL;
  g_autofree char *clients = NULL;
  g_autoptr(JsonNode) partner = json_from_string (sample_partner, NULL);

  fixture->dir = g_dir_make_tmp ("izp-sources-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "store.db", NULL);
  fixture->store = izp_store_open (path, &error);
  g_assert_no_error (error);

  links = g_strdup_printf ("[%s]", sample_items[IZP_COLLECTION_REFERRAL_LINKS]);
  put_items (fixture->store, IZP_COLLECTION_REFERRAL_LINKS, links);
  clients = g_strdup_printf ("[%s]", sample_items[IZP_COLLECTION_CLIENTS]);
  put_items (fixture->store, IZP_COLLECTION_CLIENTS, clients);
  /* A second lead, with no link of its own but the sample link's e-mail;
   * a third one, lost: not someone to write to. */
  leads = g_strdup_printf ("[%s,"
                           "{\"id\":\"lea_0002\",\"updated_at\":\"2026-11-21T08:00:00Z\",\"link_id\":null,"
                           "\"first_name\":\"Anne\",\"last_name\":\"Blanc\",\"company\":null,"
                           "\"email\":\"MARIE@exemple.fr\",\"phone\":null,\"employees\":null,"
                           "\"stage\":\"new\",\"demo_at\":null,\"trial_started_on\":null,"
                           "\"feature_usage_pct\":null,\"client_id\":null,\"lost_reason\":null,"
                           "\"created_at\":\"2026-11-01T08:00:00Z\"},"
                           "{\"id\":\"lea_0003\",\"updated_at\":\"2026-11-21T08:00:00Z\",\"link_id\":null,"
                           "\"first_name\":\"Paul\",\"last_name\":\"Perdu\",\"company\":null,"
                           "\"email\":null,\"phone\":null,\"employees\":null,"
                           "\"stage\":\"lost\",\"demo_at\":null,\"trial_started_on\":null,"
                           "\"feature_usage_pct\":null,\"client_id\":null,\"lost_reason\":\"prix\","
                           "\"created_at\":\"2026-11-01T08:00:00Z\"}]",
                           sample_items[IZP_COLLECTION_LEADS]);
  put_items (fixture->store, IZP_COLLECTION_LEADS, leads);
  put_items (fixture->store, IZP_COLLECTION_TEMPLATES,
             "[{\"id\":\"introduction\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"version\":7,"
             "\"title\":\"Introduction IzyInbox\",\"subject\":\"Objet v7\",\"body\":\"Bonjour [Prénom],\\nv7\"},"
             "{\"id\":\"Bad Id\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"version\":1,"
             "\"title\":\"T\",\"subject\":\"S\",\"body\":\"B\"}]");
  g_assert_true (izp_store_put_document (fixture->store, "partner", json_node_get_object (partner), NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static void
check_sources (IzpTemplateSources *sources)
{
  const char *link = "https://demo.izyinbox.fr/cabinet-dupont?ref=k7Qx2p&utm_source=partner&utm_medium=email";
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  const IzpProspect *zoe, *anne, *marie;

  g_assert_cmpstr (sources->cabinet, ==, "Cabinet Dupont & Associés");
  g_assert_cmpstr (sources->tier, ==, "certifie");
  g_assert_cmpstr (sources->demo_base_url, ==, "https://demo.izyinbox.fr/cabinet-dupont");

  /* Two open leads (by last name: Blanc, Müller), then the client. */
  g_assert_cmpuint (sources->prospects->len, ==, 3);
  anne = g_ptr_array_index (sources->prospects, 0);
  zoe = g_ptr_array_index (sources->prospects, 1);
  marie = g_ptr_array_index (sources->prospects, 2);
  g_assert_cmpstr (anne->id, ==, "lea_0002");
  g_assert_cmpstr (zoe->id, ==, "lea_0001");
  g_assert_cmpstr (marie->id, ==, "cli_0001");
  g_assert_true (izp_template_sources_find (sources, IZP_PROSPECT_CLIENT, "cli_0001") == marie);
  g_assert_null (izp_template_sources_find (sources, IZP_PROSPECT_LEAD, "lea_0003"));

  /* The lead's own link; the other lead's found by its e-mail. */
  g_assert_cmpstr (zoe->link_url, ==, link);
  g_assert_cmpstr (anne->link_url, ==, link);
  g_assert_cmpstr (marie->link_url, ==, link);

  izp_prospect_fill_values (zoe, values);
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_FIRST_NAME), ==, "Zoé");
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_COMPANY), ==, "Garage Müller");
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_DEMO_LINK), ==, link);
  /* 2026-11-28T09:30:00+01:00 is a Saturday, 9:30 in Paris. */
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_DEMO_DATE), ==, "samedi 28 novembre 2026 à 9 h 30");

  izp_prospect_fill_values (marie, values);
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_FIRST_NAME), ==, "Marie");
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_PLAN), ==, "Pro");
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_USAGE), ==, "64\u202f%");

  g_assert_cmpuint (sources->official->len, ==, 1);
  g_assert_cmpint (((IzpTemplate *) g_ptr_array_index (sources->official, 0))->version, ==, 7);
}

static void
test_load (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateSources) sources = izp_template_sources_load (fixture->store, &error);

  g_assert_no_error (error);
  check_sources (sources);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  IzpTemplateSources **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = izp_template_sources_load_finish (IZP_STORE (source), result, &error);
  g_assert_no_error (error);
}

static void
test_load_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autofree char *edits = g_dir_make_tmp ("izp-edits-XXXXXX", NULL);
  g_autoptr(IzpTemplateLibrary) library = izp_template_library_new (edits, NULL);

  izp_template_sources_load_async (fixture->store, NULL, on_loaded, &sources);
  while (sources == NULL)
    g_main_context_iteration (NULL, TRUE);
  check_sources (sources);

  /* The synced version 7 replaces the shipped introduction. */
  izp_template_library_add_official (library, sources->official);
  g_assert_cmpstr (izp_template_library_get (library, "introduction")->subject, ==, "Objet v7");
  g_rmdir (edits);
}

static void
test_demo_dates (void)
{
  g_autofree char *summer = izp_template_format_demo_date ("2026-07-01T08:00:00Z");
  g_autofree char *winter = izp_template_format_demo_date ("2026-12-08T09:00:00Z");
  g_autofree char *bad = izp_template_format_demo_date ("demain");

  /* Paris is UTC+2 in summer, UTC+1 in winter. */
  g_assert_cmpstr (summer, ==, "mercredi 1 juillet 2026 à 10 h");
  g_assert_cmpstr (winter, ==, "mardi 8 décembre 2026 à 10 h");
  g_assert_null (bad);
}

/* The partner's fields, [Signature] as the API's templates use it. */
static void
test_signature_values (void)
{
  g_autoptr(IzpSignature) signature = izp_signature_new ();
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autoptr(IzpTemplateParse) parse = izp_template_parse ("Bien cordialement,\n[Signature]\n[Cabinet]", -1, NULL);
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  IzpTemplateSources sources = { NULL, NULL, (char *) "Cabinet Dupont & Associés", (char *) "strategique", NULL };

  izp_signature_set (signature, IZP_SIGNATURE_NAME, "Jean Dupont");
  izp_signature_set (signature, IZP_SIGNATURE_TITLE, "Expert-comptable");
  izp_template_sources_complete_signature (&sources, signature);
  g_assert_cmpstr (izp_signature_get (signature, IZP_SIGNATURE_TIER), ==, "Stratégique");
  izp_template_values_fill_from_signature (values, signature);
  g_assert_cmpstr (izp_template_values_get (values, IZP_FIELD_ACCOUNTANT), ==, "Jean Dupont");
  text = izp_template_render_text (parse, values, NULL);
  g_assert_cmpstr (text, ==, "Bien cordialement,\nJean Dupont\nExpert-comptable\nCabinet Dupont & Associés");
  html = izp_template_render_html (parse, values, NULL);
  g_assert_cmpstr (html, ==, "<p>Bien cordialement,<br>\nJean Dupont<br>Expert-comptable<br>\n"
                             "Cabinet Dupont &amp; Associés</p>\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/template-sources/load", Fixture, NULL, fixture_set_up, test_load, fixture_tear_down);
  g_test_add ("/template-sources/load-async", Fixture, NULL, fixture_set_up, test_load_async, fixture_tear_down);
  g_test_add_func ("/template-sources/demo-dates", test_demo_dates);
  g_test_add_func ("/template-sources/signature-values", test_signature_values);

  return g_test_run ();
}
