/* izp-date.c — calendar dates and instants of the Partner API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-date.h"

#include <string.h>

static gboolean
read_digits (const char *text,
             gsize       n,
             int        *out_value)
{
  int value = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }

  *out_value = value;
  return TRUE;
}

/**
 * izp_date_parse:
 * @text: a date written `YYYY-MM-DD`
 * @out_date: (out): where to store the day
 *
 * Accepts exactly the API's format and only days that exist.
 *
 * Returns: %TRUE if @text is a valid date
 */
gboolean
izp_date_parse (const char *text,
                IzpDate    *out_date)
{
  int year, month, day;

  g_return_val_if_fail (out_date != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!read_digits (text, 4, &year) ||
      !read_digits (text + 5, 2, &month) ||
      !read_digits (text + 8, 2, &day))
    return FALSE;
  if (year < 1 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  *out_date = izp_date_new (year, month, day);
  return TRUE;
}

IzpDate
izp_date_new (int year,
              int month,
              int day)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_dmy (day, month, year), IZP_DATE_NONE);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static void
to_gdate (IzpDate  date,
          GDate   *out)
{
  g_date_clear (out, 1);
  g_date_set_julian (out, date);
}

char *
izp_date_to_string (IzpDate date)
{
  GDate d;

  g_return_val_if_fail (date != IZP_DATE_NONE, NULL);

  to_gdate (date, &d);
  return g_strdup_printf ("%04d-%02d-%02d",
                          g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d));
}

IzpDate
izp_date_today_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return izp_date_new (g_date_time_get_year (now),
                       g_date_time_get_month (now),
                       g_date_time_get_day_of_month (now));
}

IzpDate
izp_date_today_local (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return izp_date_new (g_date_time_get_year (now),
                       g_date_time_get_month (now),
                       g_date_time_get_day_of_month (now));
}

int
izp_date_get_year (IzpDate date)
{
  GDate d;

  to_gdate (date, &d);
  return g_date_get_year (&d);
}

int
izp_date_get_month (IzpDate date)
{
  GDate d;

  to_gdate (date, &d);
  return g_date_get_month (&d);
}

int
izp_date_get_day (IzpDate date)
{
  GDate d;

  to_gdate (date, &d);
  return g_date_get_day (&d);
}

IzpDate
izp_date_add_days (IzpDate date,
                   int     days)
{
  return (IzpDate) ((gint64) date + days);
}

/**
 * izp_date_add_months:
 * @date: a day
 * @months: calendar months to add (may be negative)
 *
 * A day that does not exist in the target month clamps to that month's last
 * day: 2028-02-29 + 12 months = 2029-02-28.
 *
 * Returns: the new day
 */
IzpDate
izp_date_add_months (IzpDate date,
                     int     months)
{
  GDate d;
  int index, year, month, day;

  to_gdate (date, &d);
  index = g_date_get_year (&d) * 12 + (g_date_get_month (&d) - 1) + months;
  year = index / 12;
  month = index % 12 + 1;
  day = MIN ((int) g_date_get_day (&d), (int) g_date_get_days_in_month (month, year));

  return izp_date_new (year, month, day);
}

IzpDate
izp_date_end_of_month (IzpDate date)
{
  int year = izp_date_get_year (date);
  int month = izp_date_get_month (date);

  return izp_date_new (year, month, g_date_get_days_in_month (month, year));
}

/**
 * izp_instant_is_valid:
 * @text: an instant
 *
 * Returns: %TRUE if @text is RFC 3339 with an explicit offset
 *   (`2026-11-27T09:30:00Z`, `2026-11-28T09:30:00+01:00`)
 */
gboolean
izp_instant_is_valid (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;
  IzpDate day;
  gsize len;

  if (text == NULL)
    return FALSE;
  len = strlen (text);
  /* The shortest form is 2026-11-27T09:30:00Z. */
  if (len < 20 || len > 40 || text[10] != 'T')
    return FALSE;

  {
    char date_part[11];

    memcpy (date_part, text, 10);
    date_part[10] = '\0';
    if (!izp_date_parse (date_part, &day))
      return FALSE;
  }

  if (text[len - 1] != 'Z' && text[len - 6] != '+' && text[len - 6] != '-')
    return FALSE;

  parsed = g_date_time_new_from_iso8601 (text, NULL);
  return parsed != NULL;
}

char *
izp_instant_now_utc (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}
