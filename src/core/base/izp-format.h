/* izp-format.h — numbers, rates and dates written the French way
 *
 * The one place where the app and the CLI turn numbers into text. The result
 * never depends on the machine's locale (a fresh machine runs in C.UTF-8,
 * where printf's grouping and strftime's month names are English or absent):
 * the product speaks French, so its figures are French whatever the
 * interface's language.
 *
 * Conventions (CLDR "fr", French typography):
 * - thousands grouped by U+202F NARROW NO-BREAK SPACE, decimal comma:
 *   `10 000`, `1 245,00`;
 * - U+202F before `%`: `25 %`, `12,5 %`;
 * - money (izp-money.h): U+00A0 NO-BREAK SPACE before the currency: `1 245,00 €`.
 *   Swiss francs follow CLDR "fr-CH", the convention of French-speaking
 *   Switzerland: the same grouping and decimal comma, the code after the
 *   amount: `1 245,00 CHF` (not de-CH's `CHF 1'245.00`);
 * - dates `30/11/2026`, long dates `30 novembre 2026` (`1er novembre 2026`
 *   on the first, as French writes it), months `novembre 2026`, instants
 *   in local time `30/11/2026 10:05`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-date.h"
#include "izp-money.h"

G_BEGIN_DECLS

#define IZP_FORMAT_THOUSANDS_SEPARATOR "\u202f"
#define IZP_FORMAT_UNIT_SEPARATOR      "\u00a0"

guint64 izp_format_magnitude      (gint64          value);
void    izp_format_append_grouped (GString        *out,
                                   guint64         magnitude);
char   *izp_format_count          (gint64          count);
char   *izp_format_rate           (IzpBasisPoints  rate_bp);
char   *izp_format_date           (IzpDate         date);
char   *izp_format_date_long      (IzpDate         date);
char   *izp_format_month          (IzpDate         date);
char   *izp_format_month_short    (IzpDate         date);
char   *izp_format_instant        (const char     *instant);

G_END_DECLS
