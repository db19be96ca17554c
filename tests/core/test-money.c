/* test-money.c — cents, rates and the French money format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-money.h"

static void
assert_format (IzpCents    cents,
               const char *currency,
               const char *expected)
{
  g_autofree char *text = izp_money_format (cents, currency);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_format_eur (void)
{
  assert_format (0, "EUR", "0,00\u00a0€");
  assert_format (5, "EUR", "0,05\u00a0€");
  assert_format (124500, "EUR", "1\u202f245,00\u00a0€");
  assert_format (99999, "EUR", "999,99\u00a0€");
  assert_format (100000, "EUR", "1\u202f000,00\u00a0€");
  assert_format (1730610, "EUR", "17\u202f306,10\u00a0€");
  assert_format (123456789012, "EUR", "1\u202f234\u202f567\u202f890,12\u00a0€");
  assert_format (-298, "EUR", "-2,98\u00a0€");
  assert_format (-124500, "EUR", "-1\u202f245,00\u00a0€");
  assert_format (-1250, "EUR", "-12,50\u00a0€");
  assert_format (-1, "EUR", "-0,01\u00a0€");
}

static void
test_format_chf (void)
{
  /* CLDR fr-CH: grouping and comma as in France, the code after the amount. */
  assert_format (124500, "CHF", "1\u202f245,00\u00a0CHF");
  assert_format (0, "CHF", "0,00\u00a0CHF");
  assert_format (-1250, "CHF", "-12,50\u00a0CHF");
  assert_format (G_MAXINT64, "CHF", "92\u202f233\u202f720\u202f368\u202f547\u202f758,07\u00a0CHF");
}

static void
test_format_extremes (void)
{
  g_autofree char *min = izp_money_format_plain (G_MININT64);
  g_autofree char *max = izp_money_format_plain (G_MAXINT64);

  g_assert_cmpstr (min, ==, "-92\u202f233\u202f720\u202f368\u202f547\u202f758,08");
  g_assert_cmpstr (max, ==, "92\u202f233\u202f720\u202f368\u202f547\u202f758,07");
}

static void
test_apply_rate (void)
{
  /* The rules' worked example: 20 % of 149,00 € = 29,80 €. */
  g_assert_cmpint (izp_money_apply_rate (14900, 2000), ==, 2980);
  /* 25 % of 149,00 € = 37,25 €; 15 % = 22,35 €. */
  g_assert_cmpint (izp_money_apply_rate (14900, 2500), ==, 3725);
  g_assert_cmpint (izp_money_apply_rate (14900, 1500), ==, 2235);
  /* Half up per line: 5 % of 0,10 € = 0,005 € → 0,01 €; of 0,09 € = 0,0045 → 0,00. */
  g_assert_cmpint (izp_money_apply_rate (10, 500), ==, 1);
  g_assert_cmpint (izp_money_apply_rate (9, 500), ==, 0);
  /* 40 % white-label margin on 59,00 € = 23,60 €. */
  g_assert_cmpint (izp_money_apply_rate (5900, 4000), ==, 2360);
}

static void
test_currencies (void)
{
  g_assert_true (izp_currency_is_supported ("EUR"));
  g_assert_true (izp_currency_is_supported ("CHF"));
  g_assert_false (izp_currency_is_supported ("USD"));
  g_assert_false (izp_currency_is_supported ("eur"));
  g_assert_false (izp_currency_is_supported (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/format/eur", test_format_eur);
  g_test_add_func ("/money/format/chf", test_format_chf);
  g_test_add_func ("/money/format/extremes", test_format_extremes);
  g_test_add_func ("/money/apply-rate", test_apply_rate);
  g_test_add_func ("/money/currencies", test_currencies);

  return g_test_run ();
}
