/* test-link-draft.c — the fields of a new referral link, rule by rule
 *
 * The rules are the contract's (docs/partner-api-v1.md, "Field rules");
 * the messages are the French ones a partner reads under the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-json.h"
#include "izp-link-draft.h"
#include "izp-schema.h"

/* Checks one value of one field: accepted (@message NULL) or refused with
 * exactly @message, the field as the error code. */
static void
assert_field (IzpLinkField  field,
              const char   *value,
              const char   *message)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = izp_link_field_validate (field, value, &error);

  if (message == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, IZP_LINK_ERROR, (int) field);
  g_assert_cmpstr (error->message, ==, message);
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static void
test_label (void)
{
  g_autofree char *max = repeat ("é", 120);
  g_autofree char *over = repeat ("é", 121);
  g_autofree char *emoji_max = repeat ("🥐", 120);

  assert_field (IZP_LINK_FIELD_LABEL, "Boulangerie Martin & Fils « #1 » + 🥐", NULL);
  assert_field (IZP_LINK_FIELD_LABEL, max, NULL);
  /* Characters, not bytes: 120 emoji are 480 bytes and still fine. */
  assert_field (IZP_LINK_FIELD_LABEL, emoji_max, NULL);
  assert_field (IZP_LINK_FIELD_LABEL, over,
                "Libellé : 120 caractères au maximum (121 saisis).");
  assert_field (IZP_LINK_FIELD_LABEL, NULL,
                "Libellé : saisissez un libellé, par exemple l’entreprise du prospect.");
  assert_field (IZP_LINK_FIELD_LABEL, "",
                "Libellé : saisissez un libellé, par exemple l’entreprise du prospect.");
  assert_field (IZP_LINK_FIELD_LABEL, "   ",
                "Libellé : saisissez un libellé, par exemple l’entreprise du prospect.");
  assert_field (IZP_LINK_FIELD_LABEL, "Boulangerie\tMartin",
                "Libellé : retirez les caractères invisibles (tabulations, sauts de ligne ou "
                "autres caractères de contrôle).");
  assert_field (IZP_LINK_FIELD_LABEL, "Boulangerie\nMartin",
                "Libellé : retirez les caractères invisibles (tabulations, sauts de ligne ou "
                "autres caractères de contrôle).");
  /* U+0085, a C1 control. */
  assert_field (IZP_LINK_FIELD_LABEL, "Boulangerie\xc2\x85Martin",
                "Libellé : retirez les caractères invisibles (tabulations, sauts de ligne ou "
                "autres caractères de contrôle).");
  assert_field (IZP_LINK_FIELD_LABEL, "Boulangerie \xff",
                "Libellé : retirez les caractères invisibles (tabulations, sauts de ligne ou "
                "autres caractères de contrôle).");
}

static void
test_channel (void)
{
  const char * const *channels = izp_schema_get_channel_values ();
  const char *expected[] = { "email", "linkedin", "print", "phone", "event", "other", NULL };

  /* Exactly the contract's six values. */
  g_assert_cmpstrv (channels, expected);
  for (guint i = 0; expected[i] != NULL; i++)
    assert_field (IZP_LINK_FIELD_CHANNEL, expected[i], NULL);

  assert_field (IZP_LINK_FIELD_CHANNEL, NULL,
                "Canal : choisissez comment le lien sera partagé.");
  assert_field (IZP_LINK_FIELD_CHANNEL, "Email",
                "Canal : choisissez e-mail, LinkedIn, imprimé, téléphone, événement ou autre.");
  assert_field (IZP_LINK_FIELD_CHANNEL, "fax",
                "Canal : choisissez e-mail, LinkedIn, imprimé, téléphone, événement ou autre.");

  g_assert_cmpstr (izp_channel_get_label ("print"), ==, "Imprimé");
}

static void
check_slug_rules (IzpLinkField  field,
                  const char   *title)
{
  g_autofree char *max = repeat ("a", 63);
  g_autofree char *over = repeat ("a", 64);
  g_autofree char *too_long = g_strdup_printf ("%s : 63 caractères au maximum.", title);
  g_autofree char *hyphen = g_strdup_printf ("%s : commencez par une lettre ou un chiffre.", title);
  g_autofree char *spaces = g_strdup_printf ("%s : pas d’espace ; reliez les mots par des tirets, "
                                             "par exemple « facturation-2026 ».", title);
  g_autofree char *upper = g_strdup_printf ("%s : lettres minuscules uniquement.", title);
  g_autofree char *accent = g_strdup_printf ("%s : « é » n’est pas accepté : utilisez des lettres "
                                             "minuscules sans accent, des chiffres et des tirets.", title);
  g_autofree char *amp = g_strdup_printf ("%s : « & » n’est pas accepté : utilisez des lettres "
                                          "minuscules sans accent, des chiffres et des tirets.", title);

  /* Optional. */
  assert_field (field, NULL, NULL);
  assert_field (field, "", NULL);
  assert_field (field, "facturation-2026", NULL);
  assert_field (field, "2026", NULL);
  assert_field (field, "a", NULL);
  assert_field (field, max, NULL);
  assert_field (field, over, too_long);
  assert_field (field, "-facturation", hyphen);
  assert_field (field, "facturation 2026", spaces);
  assert_field (field, "Facturation", upper);
  assert_field (field, "réunion", accent);
  assert_field (field, "a&b", amp);
}

static void
test_campaign_and_slug (void)
{
  check_slug_rules (IZP_LINK_FIELD_CAMPAIGN, "Campagne");
  check_slug_rules (IZP_LINK_FIELD_SLUG, "Nom du lien");
}

static void
test_prospect_names (void)
{
  g_autofree char *max = repeat ("ß", 200);
  g_autofree char *over = repeat ("ß", 201);
  struct { IzpLinkField field; const char *title; } names[] = {
    { IZP_LINK_FIELD_FIRST_NAME, "Prénom" },
    { IZP_LINK_FIELD_LAST_NAME, "Nom" },
    { IZP_LINK_FIELD_COMPANY, "Entreprise" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *too_long = g_strdup_printf ("%s : 200 caractères au maximum (201 saisis).",
                                                   names[i].title);

      assert_field (names[i].field, NULL, NULL);
      assert_field (names[i].field, "Zoë O’Brien-Müller & Cie \"#1\" + 🥐", NULL);
      assert_field (names[i].field, max, NULL);
      assert_field (names[i].field, over, too_long);
    }
}

static void
test_email (void)
{
  const char *valid[] = {
    "marie@exemple.fr", "marie.martin+devis@boulangerie-martin.fr", "a@b.co", NULL
  };
  const char *invalid[] = {
    "marie", "marie@", "@exemple.fr", "marie@exemple", "marie@@exemple.fr",
    "marie@exem@ple.fr", "marie martin@exemple.fr", "marie@exemple..fr",
    "marie.@exemple.fr", ".marie@exemple.fr", "marie@.fr", "marie@exemple.",
    "mårie@exemple.fr", "marie@exemple.fr,", NULL
  };

  assert_field (IZP_LINK_FIELD_EMAIL, NULL, NULL);
  for (guint i = 0; valid[i] != NULL; i++)
    assert_field (IZP_LINK_FIELD_EMAIL, valid[i], NULL);
  for (guint i = 0; invalid[i] != NULL; i++)
    {
      g_autofree char *message =
        g_strdup_printf ("E-mail du prospect : « %s » n’est pas une adresse valide ; "
                         "elle s’écrit comme nom@entreprise.fr.", invalid[i]);

      assert_field (IZP_LINK_FIELD_EMAIL, invalid[i], message);
    }
}

static void
test_draft_first_fault (void)
{
  IzpLinkDraft draft = { { NULL } };
  g_autoptr(GError) error = NULL;

  izp_link_draft_set (&draft, IZP_LINK_FIELD_LABEL, "Boulangerie");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CHANNEL, "email");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CAMPAIGN, "Bad Campaign");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_EMAIL, "nope");
  g_assert_false (izp_link_draft_validate (&draft, &error));
  /* In form order: the campaign comes before the e-mail. */
  g_assert_error (error, IZP_LINK_ERROR, IZP_LINK_FIELD_CAMPAIGN);
  g_clear_error (&error);

  izp_link_draft_set (&draft, IZP_LINK_FIELD_CAMPAIGN, "bonne-campagne");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_EMAIL, "marie@exemple.fr");
  g_assert_true (izp_link_draft_validate (&draft, &error));
  g_assert_no_error (error);
  izp_link_draft_clear (&draft);
}

static void
test_body (void)
{
  IzpLinkDraft draft = { { NULL } };
  IzpLinkDraft back = { { NULL } };
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  izp_link_draft_set (&draft, IZP_LINK_FIELD_LABEL, "L’été & \"#1\" + 🥐 100%");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CHANNEL, "linkedin");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CAMPAIGN, "");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_LAST_NAME, "Müller & Fils");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_EMAIL, "a+b@exemple.fr");

  body = izp_link_draft_to_body (&draft);
  json_node_set_object (node, body);
  text = izp_json_to_string (node);
  /* As typed; empty fields left out; the prospect nested. */
  g_assert_cmpstr (text, ==,
                   "{\"label\":\"L’été & \\\"#1\\\" + 🥐 100%\",\"channel\":\"linkedin\","
                   "\"prospect\":{\"last_name\":\"Müller & Fils\",\"email\":\"a+b@exemple.fr\"}}");

  izp_link_draft_init_from_body (&back, body);
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    g_assert_cmpstr (back.values[i], ==,
                     draft.values[i] != NULL && draft.values[i][0] != '\0' ? draft.values[i] : NULL);
  izp_link_draft_clear (&back);
  izp_link_draft_clear (&draft);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  /* The messages as a French partner reads them, from this build. */
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/link-draft/label", test_label);
  g_test_add_func ("/link-draft/channel", test_channel);
  g_test_add_func ("/link-draft/campaign-and-slug", test_campaign_and_slug);
  g_test_add_func ("/link-draft/prospect-names", test_prospect_names);
  g_test_add_func ("/link-draft/email", test_email);
  g_test_add_func ("/link-draft/first-fault", test_draft_first_fault);
  g_test_add_func ("/link-draft/body", test_body);

  return g_test_run ();
}
