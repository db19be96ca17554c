/* izp-i18n.c — which language the app and the CLI speak
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "izp-i18n.h"

/* C, POSIX, C.UTF-8, C.utf8: locales that choose no language. */
static gboolean
locale_chooses_no_language (const char *locale)
{
  return strcmp (locale, "C") == 0 || strcmp (locale, "POSIX") == 0 ||
         g_str_has_prefix (locale, "C.") || g_str_has_prefix (locale, "POSIX.");
}

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* The locale gettext takes its language from: the first of LC_ALL,
 * LC_MESSAGES and LANG that is set. */
static const char *
messages_locale (const char *lc_all,
                 const char *lc_messages,
                 const char *lang)
{
  return is_set (lc_all) ? lc_all
       : is_set (lc_messages) ? lc_messages
       : is_set (lang) ? lang
       : "C";
}

/**
 * izp_i18n_language_of_locale:
 * @locale: a locale name: `fr_CH.UTF-8@euro`
 *
 * Returns: (transfer full): its language and territory, `fr_CH`, as
 *   LANGUAGE takes them
 */
char *
izp_i18n_language_of_locale (const char *locale)
{
  g_return_val_if_fail (locale != NULL, NULL);

  return g_strndup (locale, strcspn (locale, ".@"));
}

/**
 * izp_i18n_pick_language:
 * @language: (nullable): `$LANGUAGE`
 * @lc_all: (nullable): `$LC_ALL`
 * @lc_messages: (nullable): `$LC_MESSAGES`
 * @lang: (nullable): `$LANG`
 *
 * gettext takes the messages locale from the first of LC_ALL, LC_MESSAGES
 * and LANG that is set; LANGUAGE, a list of languages, comes before it.
 *
 * Returns: (nullable): "fr" when none of them chooses a language, %NULL
 *   when the person chose one (English included)
 */
const char *
izp_i18n_pick_language (const char *language,
                        const char *lc_all,
                        const char *lc_messages,
                        const char *lang)
{
  const char *locale = messages_locale (lc_all, lc_messages, lang);

  if (!locale_chooses_no_language (locale))
    return NULL;
  if (is_set (language))
    return NULL;
  return "fr";
}

/**
 * izp_i18n_init:
 * @localedir: where this build's translations are installed
 *
 * Call first in main(), instead of setlocale() and bindtextdomain(); the
 * app then tells GTK not to call setlocale() again. `$IZP_LOCALEDIR`
 * overrides @localedir, so that tests read the build tree's translations.
 */
void
izp_i18n_init (const char *localedir)
{
  const char *language = izp_i18n_pick_language (g_getenv ("LANGUAGE"), g_getenv ("LC_ALL"),
                                                 g_getenv ("LC_MESSAGES"), g_getenv ("LANG"));
  const char *messages;
  const char *override = g_getenv ("IZP_LOCALEDIR");

  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);

  if (setlocale (LC_ALL, "") == NULL && !is_set (g_getenv ("LANGUAGE")))
    {
      /* The language chosen has no locale installed here (common in
       * containers): its translations still apply through LANGUAGE. */
      g_autofree char *chosen = izp_i18n_language_of_locale (
        messages_locale (g_getenv ("LC_ALL"), g_getenv ("LC_MESSAGES"), g_getenv ("LANG")));

      if (!locale_chooses_no_language (chosen))
        g_setenv ("LANGUAGE", chosen, TRUE);
    }
  /* gettext ignores LANGUAGE in the plain C locale, and C is ASCII: C.UTF-8
   * (built into glibc since 2.35) keeps UTF-8 text and lets LANGUAGE work. */
  messages = setlocale (LC_MESSAGES, NULL);
  if (messages == NULL || strcmp (messages, "C") == 0 || strcmp (messages, "POSIX") == 0)
    setlocale (LC_ALL, "C.UTF-8");

  bindtextdomain (GETTEXT_PACKAGE, is_set (override) ? override : localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
