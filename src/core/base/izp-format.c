/* izp-format.c — numbers, rates and dates written the French way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-format.h"

#include <string.h>

/* French month names, written here rather than asked of strftime(), which
 * gives English ones under C.UTF-8 and only knows the locales installed. */
static const char * const month_names[12] = {
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
};

/**
 * izp_format_magnitude:
 *
 * Returns: the magnitude of @value as unsigned, so that G_MININT64 has one too
 */
guint64
izp_format_magnitude (gint64 value)
{
  return value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
}

/**
 * izp_format_append_grouped:
 * @out: where to append
 * @magnitude: a non-negative integer
 *
 * Appends @magnitude with its thousands grouped: `1 234 567`.
 */
void
izp_format_append_grouped (GString *out,
                           guint64  magnitude)
{
  char digits[32];
  gsize n_digits;

  g_return_if_fail (out != NULL);

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  n_digits = strlen (digits);

  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append (out, IZP_FORMAT_THOUSANDS_SEPARATOR);
      g_string_append_c (out, digits[i]);
    }
}

/**
 * izp_format_count:
 * @count: a number of things
 *
 * Returns: @count with its thousands grouped: `10 000`, `-1 234`
 */
char *
izp_format_count (gint64 count)
{
  GString *out = g_string_new (NULL);

  if (count < 0)
    g_string_append_c (out, '-');
  izp_format_append_grouped (out, izp_format_magnitude (count));

  return g_string_free (out, FALSE);
}

/**
 * izp_format_rate:
 * @rate_bp: a rate in basis points
 *
 * Returns: the rate as a percentage with only the decimals it needs:
 *   2500 → `25 %`, 1250 → `12,5 %`, 5 → `0,05 %`
 */
char *
izp_format_rate (IzpBasisPoints rate_bp)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude = izp_format_magnitude (rate_bp);
  guint hundredths = (guint) (magnitude % 100);

  if (rate_bp < 0)
    g_string_append_c (out, '-');
  izp_format_append_grouped (out, magnitude / 100);
  if (hundredths % 10 != 0)
    g_string_append_printf (out, ",%02u", hundredths);
  else if (hundredths != 0)
    g_string_append_printf (out, ",%u", hundredths / 10);
  g_string_append (out, IZP_FORMAT_THOUSANDS_SEPARATOR "%");

  return g_string_free (out, FALSE);
}

/**
 * izp_format_date:
 * @date: a date, or %IZP_DATE_NONE
 *
 * Returns: `30/11/2026`, or an empty string for no date
 */
char *
izp_format_date (IzpDate date)
{
  if (date == IZP_DATE_NONE)
    return g_strdup ("");

  return g_strdup_printf ("%02d/%02d/%04d", izp_date_get_day (date),
                          izp_date_get_month (date), izp_date_get_year (date));
}

/**
 * izp_format_date_long:
 * @date: a date, or %IZP_DATE_NONE
 *
 * Returns: `30 novembre 2026`, `1er décembre 2026`, or an empty string
 */
char *
izp_format_date_long (IzpDate date)
{
  int day;

  if (date == IZP_DATE_NONE)
    return g_strdup ("");

  day = izp_date_get_day (date);
  return g_strdup_printf ("%d%s %s %d", day, day == 1 ? "er" : "",
                          month_names[izp_date_get_month (date) - 1],
                          izp_date_get_year (date));
}

/**
 * izp_format_month_short:
 * @date: any day of the month
 *
 * Returns: the month's abbreviated name, as CLDR "fr" writes it on an axis:
 * `janv.`, `févr.`, `mars`, … `déc.`
 */
char *
izp_format_month_short (IzpDate date)
{
  static const char * const short_names[12] = {
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
  };

  g_return_val_if_fail (date != IZP_DATE_NONE, g_strdup (""));

  return g_strdup (short_names[izp_date_get_month (date) - 1]);
}

/**
 * izp_format_month:
 * @date: any day of the month, or %IZP_DATE_NONE
 *
 * Returns: `novembre 2026`, or an empty string
 */
char *
izp_format_month (IzpDate date)
{
  if (date == IZP_DATE_NONE)
    return g_strdup ("");

  return g_strdup_printf ("%s %d", month_names[izp_date_get_month (date) - 1],
                          izp_date_get_year (date));
}

/**
 * izp_format_instant:
 * @instant: an RFC 3339 instant (`2026-11-30T09:05:00Z`)
 *
 * Returns: the instant in the machine's time zone, `30/11/2026 10:05`, or
 *   %NULL if @instant is not one
 */
char *
izp_format_instant (const char *instant)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (instant != NULL, NULL);

  when = g_date_time_new_from_iso8601 (instant, NULL);
  if (when == NULL)
    return NULL;
  local = g_date_time_to_local (when);
  day = izp_format_date (izp_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                                       g_date_time_get_day_of_month (local)));
  return g_strdup_printf ("%s %02d:%02d", day, g_date_time_get_hour (local),
                          g_date_time_get_minute (local));
}
