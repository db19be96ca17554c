/* test-schema.c — every object of the API against its field table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "izp-json.h"
#include "izp-schema.h"
#include "sample-items.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = izp_json_parse_bounded (text, strlen (text), IZP_JSON_MAX_BODY_BYTES,
                                           IZP_JSON_MAX_DEPTH, &error);

  g_assert_no_error (error);
  return node;
}

/* Replaces @from by @to in @sample (it must be there), validates the result
 * against @fields and expects @code and exactly @message. */
static void
assert_invalid (const IzpField *fields,
                const char     *sample,
                const char     *path,
                const char     *from,
                const char     *to,
                IzpJsonError    code,
                const char     *message)
{
  g_autoptr(GString) text = g_string_new (sample);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  node = parse (text->str);
  g_assert_false (izp_schema_validate (fields, json_node_get_object (node), path, &error));
  g_assert_error (error, IZP_JSON_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
assert_valid (const IzpField *fields,
              const char     *sample,
              const char     *from,
              const char     *to)
{
  g_autoptr(GString) text = g_string_new (sample);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  if (from != NULL)
    g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  node = parse (text->str);
  g_assert_true (izp_schema_validate (fields, json_node_get_object (node), "$", &error));
  g_assert_no_error (error);
}

static const IzpField *
fields_of (IzpCollectionId id)
{
  return izp_schema_get_collection (id)->fields;
}

static void
test_collections_table (void)
{
  guint i;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);

      g_assert_cmpint (collection->id, ==, i);
      g_assert_true (izp_schema_find_collection (collection->name) == collection);
      g_assert_true (izp_schema_find_collection_by_path (collection->path) == collection);
      g_assert_cmpstr (collection->fields[0].name, ==, "id");
      g_assert_cmpstr (collection->fields[1].name, ==, "updated_at");
      g_assert_cmpint (collection->fields[1].kind, ==, IZP_FIELD_INSTANT);
      g_assert_cmpuint (izp_schema_count_fields (collection->fields), >=, 5);
    }
  g_assert_cmpstr (izp_schema_get_collection (IZP_COLLECTION_REFERRAL_LINKS)->path, ==,
                   "/v1/referral-links");
  g_assert_null (izp_schema_find_collection ("client"));
  g_assert_null (izp_schema_find_collection_by_path ("/v1/partner"));
}

static void
test_samples_valid (void)
{
  guint i;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    assert_valid (fields_of (i), sample_items[i], NULL, NULL);
  assert_valid (izp_schema_get_partner_fields (), sample_partner, NULL, NULL);
  assert_valid (izp_schema_get_leaderboard_fields (), sample_leaderboard, NULL, NULL);
  assert_valid (izp_schema_get_user_fields (), "{\"email\":\"a@b.fr\",\"password\":\"x\"}", NULL, NULL);
}

static void
test_client (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_CLIENTS);
  const char *sample = sample_items[IZP_COLLECTION_CLIENTS];

  assert_invalid (fields, sample, "$.clients[3]", "\"employees\":12", "\"employees\":12.5",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].employees: an integer is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"employees\":12", "\"employees\":\"12\"",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].employees: an integer is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"mrr_cents\":14900", "\"mrr_cents\":149.00",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].mrr_cents: an amount in integer cents is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"plan\":\"pro\"", "\"plan\":\"gold\"",
                  IZP_JSON_ERROR_VALUE,
                  "$.clients[3].plan: “gold” is not one of starter, pro, enterprise");
  assert_invalid (fields, sample, "$.clients[3]", "\"status\":\"active\"", "\"status\":\"Active\"",
                  IZP_JSON_ERROR_VALUE,
                  "$.clients[3].status: “Active” is not one of trial, active, churned");
  assert_invalid (fields, sample, "$.clients[3]", "\"white_label\":false", "\"white_label\":0",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].white_label: true or false is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"activated_on\":\"2026-01-14\"",
                  "\"activated_on\":\"2026-02-30\"",
                  IZP_JSON_ERROR_VALUE, "$.clients[3].activated_on: a date YYYY-MM-DD is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"activated_on\":\"2026-01-14\"",
                  "\"activated_on\":\"14/01/2026\"",
                  IZP_JSON_ERROR_VALUE, "$.clients[3].activated_on: a date YYYY-MM-DD is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"updated_at\":\"2026-11-20T10:00:00Z\"",
                  "\"updated_at\":\"2026-11-20T10:00:00\"", IZP_JSON_ERROR_VALUE,
                  "$.clients[3].updated_at: an instant such as 2026-11-27T09:30:00Z is expected");
  assert_invalid (fields, sample, "$.clients[3]", "\"currency\":\"EUR\"", "\"currency\":\"USD\"",
                  IZP_JSON_ERROR_VALUE, "$.clients[3].currency: the currency must be EUR or CHF");
  assert_invalid (fields, sample, "$.clients[3]", "\"company\":", "\"société\":",
                  IZP_JSON_ERROR_MISSING, "$.clients[3].company: this member is missing");
  assert_invalid (fields, sample, "$.clients[3]", "\"plan\":\"pro\"", "\"plan\":null",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].plan: a value is expected, not null");
  assert_invalid (fields, sample, "$.clients[3]", "\"id\":\"cli_0001\"", "\"id\":\"\"",
                  IZP_JSON_ERROR_VALUE, "$.clients[3].id: an identifier cannot be empty");
  assert_invalid (fields, sample, "$.clients[3]", "\"id\":\"cli_0001\"", "\"id\":1",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].id: a string is expected");
  /* Nested object. */
  assert_invalid (fields, sample, "$.clients[3]", "\"first_name\":\"Marie\",", "",
                  IZP_JSON_ERROR_MISSING, "$.clients[3].contact.first_name: this member is missing");
  assert_invalid (fields, sample, "$.clients[3]", "\"contact\":{\"first_name\":\"Marie\",\"last_name\":\"Martin\",\"email\":\"marie@exemple.fr\",\"phone\":null}",
                  "\"contact\":\"Marie Martin\"",
                  IZP_JSON_ERROR_TYPE, "$.clients[3].contact: an object is expected");

  /* Nullable members, and members unknown to the schema. */
  assert_valid (fields, sample, "\"nps\":9", "\"nps\":null");
  assert_valid (fields, sample, "\"lead_id\":\"lea_0001\"", "\"lead_id\":null,\"future\":[1,{}]");
}

static void
test_text (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_CLIENTS);
  const char *sample = sample_items[IZP_COLLECTION_CLIENTS];
  const char *message = "$.clients[0].company: the text holds control characters or invalid UTF-8";

  assert_invalid (fields, sample, "$.clients[0]", "Boulangerie", "Boul\\u0001angerie",
                  IZP_JSON_ERROR_VALUE, message);
  assert_invalid (fields, sample, "$.clients[0]", "Boulangerie", "Boul\\u007fangerie",
                  IZP_JSON_ERROR_VALUE, message);
  assert_invalid (fields, sample, "$.clients[0]", "Boulangerie", "Boul\\u0085angerie",
                  IZP_JSON_ERROR_VALUE, message);
  assert_invalid (fields, sample, "$.clients[0]", "Boulangerie", "Boul\\rangerie",
                  IZP_JSON_ERROR_VALUE, message);
  assert_valid (fields, sample, "Boulangerie", "Boul\\tange\\nrie");

  g_assert_true (izp_schema_text_is_valid ("Société « L'Étoile »\t\n"));
  g_assert_false (izp_schema_text_is_valid ("caf\xc3"));
  g_assert_false (izp_schema_text_is_valid ("\x1b[31m"));
}

static void
test_invoice (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_INVOICES);
  const char *sample = sample_items[IZP_COLLECTION_INVOICES];

  assert_invalid (fields, sample, "$.invoices[12]", "\"amount_cents\":-14900",
                  "\"amount_cents\":1245.10", IZP_JSON_ERROR_TYPE,
                  "$.invoices[12].amount_cents: an amount in integer cents is expected");
  assert_invalid (fields, sample, "$.invoices[12]", "\"amount_cents\":-14900",
                  "\"amount_cents\":\"14900\"", IZP_JSON_ERROR_TYPE,
                  "$.invoices[12].amount_cents: an amount in integer cents is expected");
  assert_invalid (fields, sample, "$.invoices[12]", "\"source\":\"own\"", "\"source\":\"partner\"",
                  IZP_JSON_ERROR_VALUE,
                  "$.invoices[12].source: “partner” is not one of own, sub_partner");
  assert_invalid (fields, sample, "$.invoices[12]", "\"status\":\"refunded\"",
                  "\"status\":\"cancelled\"", IZP_JSON_ERROR_VALUE,
                  "$.invoices[12].status: “cancelled” is not one of paid, open, void, refunded");
  assert_invalid (fields, sample, "$.invoices[12]", "\"client_id\":\"cli_0001\"",
                  "\"client_id\":\"\"", IZP_JSON_ERROR_VALUE,
                  "$.invoices[12].client_id: an identifier cannot be empty");
  assert_valid (fields, sample, "\"source\":\"own\",\"sub_partner_id\":null,\"client_activated_on\":null",
                "\"source\":\"sub_partner\",\"sub_partner_id\":\"prt_0042\",\"client_activated_on\":\"2026-01-01\"");
}

static void
test_lead (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_LEADS);
  const char *sample = sample_items[IZP_COLLECTION_LEADS];

  assert_invalid (fields, sample, "$.leads[0]", "\"stage\":\"demo_scheduled\"", "\"stage\":\"demo\"",
                  IZP_JSON_ERROR_VALUE,
                  "$.leads[0].stage: “demo” is not one of new, demo_scheduled, demo_done, trial, "
                  "negotiation, won, lost");
  assert_invalid (fields, sample, "$.leads[0]", "\"demo_at\":\"2026-11-28T09:30:00+01:00\"",
                  "\"demo_at\":\"2026-11-28\"", IZP_JSON_ERROR_VALUE,
                  "$.leads[0].demo_at: an instant such as 2026-11-27T09:30:00Z is expected");
  assert_invalid (fields, sample, "$.leads[0]", ",\"created_at\":\"2026-11-01T08:00:00Z\"", "",
                  IZP_JSON_ERROR_MISSING, "$.leads[0].created_at: this member is missing");
  assert_valid (fields, sample, "\"feature_usage_pct\":null", "\"feature_usage_pct\":80");
}

static void
test_referral_link (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_REFERRAL_LINKS);
  const char *sample = sample_items[IZP_COLLECTION_REFERRAL_LINKS];

  assert_invalid (fields, sample, "$.referral_links[1]", "\"channel\":\"email\"",
                  "\"channel\":\"fax\"", IZP_JSON_ERROR_VALUE,
                  "$.referral_links[1].channel: “fax” is not one of email, linkedin, print, "
                  "phone, event, other");
  assert_invalid (fields, sample, "$.referral_links[1]", "\"won\":0", "\"won\":0.0",
                  IZP_JSON_ERROR_TYPE, "$.referral_links[1].stats.won: an integer is expected");
  assert_invalid (fields, sample, "$.referral_links[1]", "\"company\":\"Boulangerie Martin\"",
                  "\"company\":false", IZP_JSON_ERROR_TYPE,
                  "$.referral_links[1].prospect.company: a string is expected");
  /* prospect may be absent (not null); its members may be absent or null. */
  assert_valid (fields, sample,
                "\"prospect\":{\"first_name\":\"Marie\",\"last_name\":null,\"company\":\"Boulangerie Martin\",\"email\":\"marie@exemple.fr\"},",
                "");
  assert_valid (fields, sample, "\"first_name\":\"Marie\",\"last_name\":null,", "");
  assert_invalid (fields, sample, "$.referral_links[1]",
                  "{\"first_name\":\"Marie\",\"last_name\":null,\"company\":\"Boulangerie Martin\",\"email\":\"marie@exemple.fr\"}",
                  "null", IZP_JSON_ERROR_TYPE,
                  "$.referral_links[1].prospect: a value is expected, not null");
  assert_valid (fields, sample, "\"campaign\":\"facturation-2026\"", "\"campaign\":null");
}

static void
test_statement (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_STATEMENTS);
  const char *sample = sample_items[IZP_COLLECTION_STATEMENTS];

  assert_invalid (fields, sample, "$.statements[0]", "\"kind\":\"campaign_bonus\"",
                  "\"kind\":\"bonus\"", IZP_JSON_ERROR_VALUE,
                  "$.statements[0].lines[1].kind: “bonus” is not one of recurring_y1, "
                  "recurring_y2plus, white_label_margin, tranche_bonus, referral_bonus, override, "
                  "campaign_bonus");
  assert_invalid (fields, sample, "$.statements[0]", "\"amount_cents\":2980", "\"amount_cents\":29.8",
                  IZP_JSON_ERROR_TYPE,
                  "$.statements[0].lines[0].amount_cents: an amount in integer cents is expected");
}

static void
test_statement_lines_and_period (void)
{
  const IzpField *fields = fields_of (IZP_COLLECTION_STATEMENTS);
  const char *sample = sample_items[IZP_COLLECTION_STATEMENTS];

  assert_invalid (fields, sample, "$.statements[0]",
                  "{\"kind\":\"recurring_y1\",\"ref\":\"inv_000001\",\"amount_cents\":2980}",
                  "42", IZP_JSON_ERROR_TYPE, "$.statements[0].lines[0]: an object is expected");
  assert_invalid (fields, sample, "$.statements[0]", "\"status\":\"paid\"", "\"status\":\"late\"",
                  IZP_JSON_ERROR_VALUE, "$.statements[0].status: “late” is not one of issued, paid");
  assert_invalid (fields, sample, "$.statements[0]", "\"period\":\"2026-Q1\"", "\"period\":\"2026-Q5\"",
                  IZP_JSON_ERROR_VALUE, "$.statements[0].period: a period YYYY-MM or YYYY-Qn is expected");
  assert_invalid (fields, sample, "$.statements[0]", "\"period\":\"2026-Q1\"", "\"period\":\"2026-13\"",
                  IZP_JSON_ERROR_VALUE, "$.statements[0].period: a period YYYY-MM or YYYY-Qn is expected");
  assert_valid (fields, sample, "\"period\":\"2026-Q1\"", "\"period\":\"2026-03\"");
  assert_valid (fields, sample, "\"lines\":[", "\"lines\":[],\"x\":[");
}

static void
test_small_collections (void)
{
  assert_invalid (fields_of (IZP_COLLECTION_SUB_PARTNERS), sample_items[IZP_COLLECTION_SUB_PARTNERS],
                  "$.sub_partners[0]", "\"activated_clients\":5", "\"activated_clients\":true",
                  IZP_JSON_ERROR_TYPE, "$.sub_partners[0].activated_clients: an integer is expected");
  assert_valid (fields_of (IZP_COLLECTION_SUB_PARTNERS), sample_items[IZP_COLLECTION_SUB_PARTNERS],
                "\"activated_on\":\"2026-04-15\"", "\"activated_on\":null");
  assert_invalid (fields_of (IZP_COLLECTION_CAMPAIGNS), sample_items[IZP_COLLECTION_CAMPAIGNS],
                  "$.campaigns[1]", "\"ends_on\":\"2026-01-31\"", "\"ends_on\":\"2026-01-32\"",
                  IZP_JSON_ERROR_VALUE, "$.campaigns[1].ends_on: a date YYYY-MM-DD is expected");
  assert_invalid (fields_of (IZP_COLLECTION_RESOURCES), sample_items[IZP_COLLECTION_RESOURCES],
                  "$.resources[0]", "\"kind\":\"slides\"", "\"kind\":\"pdf\"", IZP_JSON_ERROR_VALUE,
                  "$.resources[0].kind: “pdf” is not one of slides, flyer, poster, video, faq, "
                  "email, social, other");
  assert_invalid (fields_of (IZP_COLLECTION_TEMPLATES), sample_items[IZP_COLLECTION_TEMPLATES],
                  "$.templates[0]", "\"version\":3", "\"version\":\"3\"", IZP_JSON_ERROR_TYPE,
                  "$.templates[0].version: an integer is expected");
}

static void
test_partner (void)
{
  const IzpField *fields = izp_schema_get_partner_fields ();

  assert_invalid (fields, sample_partner, "$.partner", "\"tier\":\"certifie\"",
                  "\"tier\":\"gold\"", IZP_JSON_ERROR_VALUE,
                  "$.partner.tier_history[1].tier: “gold” is not one of referent, certifie, strategique");
  assert_invalid (fields, sample_partner, "$.partner", "\"since\":\"2026-09-01\"",
                  "\"since\":\"2026-9-1\"", IZP_JSON_ERROR_VALUE,
                  "$.partner.tier_history[1].since: a date YYYY-MM-DD is expected");
  assert_invalid (fields, sample_partner, "$.partner", "\"founder\":false", "\"founder\":\"no\"",
                  IZP_JSON_ERROR_TYPE, "$.partner.founder: true or false is expected");
  assert_invalid (fields, sample_partner, "$.partner", "\"co_marketing_cents_per_year\":0",
                  "\"co_marketing_cents_per_year\":0.5", IZP_JSON_ERROR_TYPE,
                  "$.partner.co_marketing_cents_per_year: an amount in integer cents is expected");
  assert_invalid (fields, sample_partner, "$.partner", "\"email\":\"ines.roux@izyinbox.fr\"",
                  "\"email\":null", IZP_JSON_ERROR_TYPE,
                  "$.partner.account_manager.email: a value is expected, not null");
}

static void
test_leaderboard_and_user (void)
{
  const IzpField *fields = izp_schema_get_leaderboard_fields ();

  assert_invalid (fields, sample_leaderboard, "$.leaderboard", "\"is_me\":true", "\"is_me\":1",
                  IZP_JSON_ERROR_TYPE, "$.leaderboard.entries[1].is_me: true or false is expected");
  assert_invalid (fields, sample_leaderboard, "$.leaderboard", "\"quarter\":\"2026-Q4\"",
                  "\"quarter\":\"2026-11\"", IZP_JSON_ERROR_VALUE,
                  "$.leaderboard.quarter: a period YYYY-MM or YYYY-Qn is expected");
  assert_invalid (fields, sample_leaderboard, "$.leaderboard", "\"me\":{\"rank\":2,",
                  "\"me\":{", IZP_JSON_ERROR_MISSING, "$.leaderboard.me.rank: this member is missing");
  assert_valid (fields, sample_leaderboard, "\"me\":{\"rank\":2,\"clients\":12}", "\"me\":null");

  assert_invalid (izp_schema_get_user_fields (), "{\"email\":\"a@b.fr\",\"password\":\"x\"}",
                  "$.users[0]", "\"x\"", "7", IZP_JSON_ERROR_TYPE,
                  "$.users[0].password: a string is expected");
}

static void
test_tombstones (void)
{
  const IzpCollection *clients = izp_schema_get_collection (IZP_COLLECTION_CLIENTS);
  g_autoptr(JsonNode) tombstone = parse ("{\"id\":\"cli_1\",\"deleted\":true,\"updated_at\":\"2026-11-27T09:30:00Z\"}");
  g_autoptr(JsonNode) bad = parse ("{\"id\":\"cli_1\",\"deleted\":true,\"updated_at\":\"hier\"}");
  g_autoptr(JsonNode) not_deleted = parse ("{\"id\":\"cli_1\",\"deleted\":false,\"updated_at\":\"2026-11-27T09:30:00Z\"}");
  g_autoptr(JsonNode) item = parse (sample_items[IZP_COLLECTION_CLIENTS]);
  g_autoptr(JsonNode) number = parse ("[1]");
  g_autoptr(GError) error = NULL;
  gboolean is_tombstone;

  g_assert_true (izp_schema_is_tombstone (json_node_get_object (tombstone)));
  g_assert_false (izp_schema_is_tombstone (json_node_get_object (not_deleted)));
  g_assert_false (izp_schema_is_tombstone (json_node_get_object (item)));

  g_assert_true (izp_schema_validate_item (clients, tombstone, "$.data[0]", &is_tombstone, &error));
  g_assert_no_error (error);
  g_assert_true (is_tombstone);

  g_assert_true (izp_schema_validate_item (clients, item, "$.data[1]", &is_tombstone, &error));
  g_assert_no_error (error);
  g_assert_false (is_tombstone);

  g_assert_false (izp_schema_validate_item (clients, bad, "$.data[2]", &is_tombstone, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE);
  g_assert_cmpstr (error->message, ==, "$.data[2].updated_at: an instant such as 2026-11-27T09:30:00Z is expected");
  g_clear_error (&error);

  /* "deleted": false is an ordinary item, which this one is not. */
  g_assert_false (izp_schema_validate_item (clients, not_deleted, "$.data[3]", NULL, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING);
  g_clear_error (&error);

  g_assert_false (izp_schema_validate_item (clients, json_array_get_element (json_node_get_array (number), 0),
                                            "$.data[4]", NULL, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "$.data[4]: an object is expected");
}

/* Labels: English msgids untranslated, French from this build's po/fr.po
 * (written by hand there), the API's values as keys. */
static void
test_labels (void)
{
  const char * const *channels = izp_schema_get_channel_values ();

  g_assert_cmpuint (g_strv_length ((char **) channels), ==, 6);
  g_assert_cmpstr (channels[0], ==, "email");
  g_assert_cmpstr (channels[5], ==, "other");

  /* French first: GLib decides once per process, on the first
   * translation asked for, whether this domain is translated at all. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  textdomain (GETTEXT_PACKAGE);   /* makes gettext see the new LANGUAGE */
  g_assert_cmpstr (izp_channel_get_label ("print"), ==, "Imprimé");
  g_assert_cmpstr (izp_channel_get_label ("event"), ==, "Événement");
  g_assert_cmpstr (izp_lead_stage_get_label ("demo_scheduled"), ==, "Démo planifiée");
  g_assert_cmpstr (izp_lead_stage_get_label ("won"), ==, "Gagné");
  g_assert_cmpstr (izp_collection_get_title (IZP_COLLECTION_CLIENTS), ==, "Clients recommandés");
  g_assert_cmpstr (izp_collection_get_noun (IZP_COLLECTION_REFERRAL_LINKS), ==, "liens de recommandation");
  g_setenv ("LANGUAGE", "en", TRUE);
  textdomain (GETTEXT_PACKAGE);
  g_assert_cmpstr (izp_channel_get_label ("email"), ==, "E-mail");
  g_assert_cmpstr (izp_channel_get_label ("linkedin"), ==, "LinkedIn");
  g_assert_cmpstr (izp_lead_stage_get_label ("demo_scheduled"), ==, "Demo scheduled");
  g_assert_cmpstr (izp_collection_get_title (IZP_COLLECTION_CLIENTS), ==, "Referred clients");
  g_assert_cmpstr (izp_collection_get_noun (IZP_COLLECTION_INVOICES), ==, "invoices");
  g_assert_cmpstr (izp_collection_describe ("sub_partners"), ==, "referred firms");
  g_assert_cmpstr (izp_collection_describe ("gadgets"), ==, "gadgets");
  /* A value from a newer server is shown as it is. */
  g_assert_cmpstr (izp_channel_get_label ("fax"), ==, "fax");
  g_assert_cmpstr (izp_lead_stage_get_label ("on_hold"), ==, "on_hold");
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

  g_test_add_func ("/schema/labels", test_labels);
  g_test_add_func ("/schema/collections", test_collections_table);
  g_test_add_func ("/schema/samples-valid", test_samples_valid);
  g_test_add_func ("/schema/client", test_client);
  g_test_add_func ("/schema/text", test_text);
  g_test_add_func ("/schema/invoice", test_invoice);
  g_test_add_func ("/schema/lead", test_lead);
  g_test_add_func ("/schema/referral-link", test_referral_link);
  g_test_add_func ("/schema/statement", test_statement);
  g_test_add_func ("/schema/statement-lines-period", test_statement_lines_and_period);
  g_test_add_func ("/schema/small-collections", test_small_collections);
  g_test_add_func ("/schema/partner", test_partner);
  g_test_add_func ("/schema/leaderboard-user", test_leaderboard_and_user);
  g_test_add_func ("/schema/tombstones", test_tombstones);

  return g_test_run ();
}
