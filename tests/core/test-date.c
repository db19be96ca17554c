/* test-date.c — dates of the API and calendar arithmetic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-date.h"

static IzpDate
parse (const char *text)
{
  IzpDate date = IZP_DATE_NONE;

  g_assert_true (izp_date_parse (text, &date));
  return date;
}

static void
assert_date (IzpDate     date,
             const char *expected)
{
  g_autofree char *text = izp_date_to_string (date);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_parse (void)
{
  IzpDate date;
  const char *bad[] = {
    "", "2026-1-14", "2026-01-1", "2026/01/14", "2026-13-01", "2026-00-10",
    "2026-02-29", "2026-04-31", "0000-01-01", "2026-01-14T00:00:00Z", "２０２６-01-14",
    "2026-01-1x", " 2026-01-14",
  };

  assert_date (parse ("2026-01-14"), "2026-01-14");
  assert_date (parse ("2028-02-29"), "2028-02-29");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (izp_date_parse (bad[i], &date));
  g_assert_false (izp_date_parse (NULL, &date));
}

static void
test_add_months (void)
{
  /* The rules: a missing day clamps to the month's last day. */
  assert_date (izp_date_add_months (parse ("2028-02-29"), 12), "2029-02-28");
  assert_date (izp_date_add_months (parse ("2026-01-31"), 1), "2026-02-28");
  assert_date (izp_date_add_months (parse ("2028-01-31"), 1), "2028-02-29");
  assert_date (izp_date_add_months (parse ("2026-01-14"), 12), "2027-01-14");
  assert_date (izp_date_add_months (parse ("2026-11-30"), 3), "2027-02-28");
  assert_date (izp_date_add_months (parse ("2026-03-31"), -1), "2026-02-28");
  assert_date (izp_date_add_months (parse ("2026-01-15"), -1), "2025-12-15");
}

static void
test_parts (void)
{
  IzpDate date = parse ("2026-09-14");

  g_assert_cmpint (izp_date_get_year (date), ==, 2026);
  g_assert_cmpint (izp_date_get_month (date), ==, 9);
  g_assert_cmpint (izp_date_get_day (date), ==, 14);
  assert_date (izp_date_end_of_month (date), "2026-09-30");
  assert_date (izp_date_end_of_month (parse ("2028-02-03")), "2028-02-29");
  assert_date (izp_date_add_days (parse ("2026-12-31"), 1), "2027-01-01");
}

static void
test_instants (void)
{
  g_assert_true (izp_instant_is_valid ("2026-11-27T09:30:00Z"));
  g_assert_true (izp_instant_is_valid ("2026-11-28T09:30:00+01:00"));
  g_assert_true (izp_instant_is_valid ("2026-11-28T09:30:00.123Z"));
  g_assert_false (izp_instant_is_valid ("2026-11-28T09:30:00"));
  g_assert_false (izp_instant_is_valid ("2026-11-28 09:30:00Z"));
  g_assert_false (izp_instant_is_valid ("2026-02-30T09:30:00Z"));
  g_assert_false (izp_instant_is_valid ("hier"));
  g_assert_false (izp_instant_is_valid (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse", test_parse);
  g_test_add_func ("/date/add-months", test_add_months);
  g_test_add_func ("/date/parts", test_parts);
  g_test_add_func ("/date/instants", test_instants);

  return g_test_run ();
}
