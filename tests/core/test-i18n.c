/* test-i18n.c — French when nobody chose a language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-i18n.h"

static void
test_no_language_chosen (void)
{
  /* (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) */
  g_assert_cmpstr (izp_i18n_pick_language (NULL, NULL, NULL, NULL), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language ("", "", "", ""), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language (NULL, "C.UTF-8", NULL, NULL), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language (NULL, "C.utf8", NULL, NULL), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language (NULL, "C", NULL, NULL), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language (NULL, NULL, "POSIX", NULL), ==, "fr");
  g_assert_cmpstr (izp_i18n_pick_language (NULL, NULL, NULL, "C.UTF-8"), ==, "fr");
  /* LC_ALL wins over a LANG that chose a language, as in gettext. */
  g_assert_cmpstr (izp_i18n_pick_language (NULL, "C.UTF-8", NULL, "de_DE.UTF-8"), ==, "fr");
}

static void
test_language_chosen (void)
{
  g_assert_null (izp_i18n_pick_language ("en", "C.UTF-8", NULL, NULL));
  g_assert_null (izp_i18n_pick_language ("en", NULL, NULL, NULL));
  g_assert_null (izp_i18n_pick_language (NULL, NULL, "en_US.UTF-8", NULL));
  g_assert_null (izp_i18n_pick_language (NULL, NULL, NULL, "en_GB.UTF-8"));
  g_assert_null (izp_i18n_pick_language (NULL, "de_CH.UTF-8", NULL, NULL));
  g_assert_null (izp_i18n_pick_language (NULL, NULL, NULL, "fr_CH.UTF-8"));
  /* LC_MESSAGES chose English even if LANG did not. */
  g_assert_null (izp_i18n_pick_language (NULL, NULL, "en_US.UTF-8", "C.UTF-8"));
}

static void
test_language_of_locale (void)
{
  g_autofree char *swiss = izp_i18n_language_of_locale ("fr_CH.UTF-8");
  g_autofree char *euro = izp_i18n_language_of_locale ("fr_FR@euro");
  g_autofree char *bare = izp_i18n_language_of_locale ("de");

  g_assert_cmpstr (swiss, ==, "fr_CH");
  g_assert_cmpstr (euro, ==, "fr_FR");
  g_assert_cmpstr (bare, ==, "de");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/no-language-chosen", test_no_language_chosen);
  g_test_add_func ("/i18n/language-chosen", test_language_chosen);
  g_test_add_func ("/i18n/language-of-locale", test_language_of_locale);

  return g_test_run ();
}
