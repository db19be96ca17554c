/* test-format.c — counts, rates and dates written the French way
 *
 * Expected strings are written by hand from the conventions of izp-format.h
 * (CLDR "fr"): U+202F between thousands and before %, decimal comma.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "izp-format.h"

#define NNBSP "\u202f"

static void
assert_text (char       *text,
             const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_count (void)
{
  assert_text (izp_format_count (0), "0");
  assert_text (izp_format_count (7), "7");
  assert_text (izp_format_count (999), "999");
  assert_text (izp_format_count (1000), "1" NNBSP "000");
  assert_text (izp_format_count (10000), "10" NNBSP "000");
  assert_text (izp_format_count (240000), "240" NNBSP "000");
  assert_text (izp_format_count (1234567), "1" NNBSP "234" NNBSP "567");
  assert_text (izp_format_count (-1234), "-1" NNBSP "234");
  assert_text (izp_format_count (-999), "-999");
  assert_text (izp_format_count (G_MAXINT64),
               "9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "807");
  assert_text (izp_format_count (G_MININT64),
               "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "808");
}

static void
test_rate (void)
{
  assert_text (izp_format_rate (2500), "25" NNBSP "%");
  assert_text (izp_format_rate (2000), "20" NNBSP "%");
  assert_text (izp_format_rate (1250), "12,5" NNBSP "%");
  assert_text (izp_format_rate (1255), "12,55" NNBSP "%");
  assert_text (izp_format_rate (500), "5" NNBSP "%");
  assert_text (izp_format_rate (5), "0,05" NNBSP "%");
  assert_text (izp_format_rate (0), "0" NNBSP "%");
  assert_text (izp_format_rate (10000), "100" NNBSP "%");
  assert_text (izp_format_rate (-250), "-2,5" NNBSP "%");
  /* 123 456 bp = 1 234,56 % */
  assert_text (izp_format_rate (123456), "1" NNBSP "234,56" NNBSP "%");
  assert_text (izp_format_rate (G_MININT32), "-21" NNBSP "474" NNBSP "836,48" NNBSP "%");
}

static void
test_dates (void)
{
  assert_text (izp_format_date (izp_date_new (2026, 11, 30)), "30/11/2026");
  assert_text (izp_format_date (izp_date_new (2027, 1, 5)), "05/01/2027");
  assert_text (izp_format_date (izp_date_new (1, 1, 1)), "01/01/0001");
  assert_text (izp_format_date (IZP_DATE_NONE), "");

  assert_text (izp_format_date_long (izp_date_new (2026, 11, 30)), "30 novembre 2026");
  assert_text (izp_format_date_long (izp_date_new (2026, 12, 1)), "1er décembre 2026");
  assert_text (izp_format_date_long (izp_date_new (2028, 2, 29)), "29 février 2028");
  assert_text (izp_format_date_long (izp_date_new (2026, 8, 15)), "15 août 2026");
  assert_text (izp_format_date_long (IZP_DATE_NONE), "");

  assert_text (izp_format_month (izp_date_new (2026, 11, 30)), "novembre 2026");
  assert_text (izp_format_month (izp_date_new (2027, 1, 1)), "janvier 2027");
  assert_text (izp_format_month (izp_date_new (2026, 12, 31)), "décembre 2026");
  assert_text (izp_format_month (IZP_DATE_NONE), "");
  assert_text (izp_format_month_short (izp_date_new (2026, 2, 28)), "févr.");
  assert_text (izp_format_month_short (izp_date_new (2026, 6, 1)), "juin");
  assert_text (izp_format_month_short (izp_date_new (2026, 12, 31)), "déc.");
}

static void
test_instant (void)
{
  /* TZ is Paris time (set in main): UTC+1 in winter, UTC+2 in summer. */
  assert_text (izp_format_instant ("2026-11-30T09:05:00Z"), "30/11/2026 10:05");
  assert_text (izp_format_instant ("2026-07-14T23:30:00Z"), "15/07/2026 01:30");
  assert_text (izp_format_instant ("2026-11-30T10:05:00+01:00"), "30/11/2026 10:05");
  g_assert_null (izp_format_instant ("hier"));
}

/* The same text under another locale with its own grouping and month
 * names, if the machine has one: nothing comes from the locale. */
static void
test_locale_independent (void)
{
  static const char * const locales[] = { "en_US.UTF-8", "de_CH.UTF-8", "fr_FR.UTF-8" };
  const char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    found = setlocale (LC_ALL, locales[i]);
  if (found == NULL)
    {
      g_test_skip ("none of en_US, de_CH, fr_FR.UTF-8 is installed");
      return;
    }

  assert_text (izp_format_count (10000), "10" NNBSP "000");
  assert_text (izp_format_rate (1250), "12,5" NNBSP "%");
  assert_text (izp_format_month (izp_date_new (2026, 11, 1)), "novembre 2026");
  assert_text (izp_money_format (124500, "EUR"), "1" NNBSP "245,00\u00a0€");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  /* Paris time as a POSIX rule, so that no tzdata file is needed. */
  g_setenv ("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/format/count", test_count);
  g_test_add_func ("/format/rate", test_rate);
  g_test_add_func ("/format/dates", test_dates);
  g_test_add_func ("/format/instant", test_instant);
  g_test_add_func ("/format/locale-independent", test_locale_independent);

  return g_test_run ();
}
