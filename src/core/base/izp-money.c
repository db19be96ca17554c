/* izp-money.c — money as integer cents, formatted the French way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-money.h"

#include "izp-format.h"

/* The separators and the grouping are izp-format.h's: money follows the
 * same French conventions as every other figure. */

gboolean
izp_currency_is_supported (const char *currency)
{
  return g_strcmp0 (currency, "EUR") == 0 || g_strcmp0 (currency, "CHF") == 0;
}

/**
 * izp_money_format_plain:
 * @cents: an amount in cents
 *
 * Returns: the amount with a decimal comma and grouped thousands, no
 *   currency: `-1 245,00`.
 */
char *
izp_money_format_plain (IzpCents cents)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude = izp_format_magnitude (cents);

  if (cents < 0)
    g_string_append_c (out, '-');
  izp_format_append_grouped (out, magnitude / 100);
  g_string_append_printf (out, ",%02u", (guint) (magnitude % 100));

  return g_string_free (out, FALSE);
}

/**
 * izp_money_format:
 * @cents: an amount in cents
 * @currency: an ISO 4217 code (`EUR`, `CHF`)
 *
 * Returns: the amount as a French reader expects it: `1 245,00 €`, and
 *   Swiss francs as French-speaking Switzerland writes them (CLDR fr-CH):
 *   `1 245,00 CHF`.
 */
char *
izp_money_format (IzpCents    cents,
                  const char *currency)
{
  g_autofree char *plain = izp_money_format_plain (cents);
  const char *symbol = g_strcmp0 (currency, "EUR") == 0 || currency == NULL ? "€" : currency;

  return g_strconcat (plain, IZP_FORMAT_UNIT_SEPARATOR, symbol, NULL);
}

/**
 * izp_money_apply_rate:
 * @basis_cents: the amount the rate applies to
 * @rate_bp: the rate in basis points
 *
 * Rounds half up per line, as the commission rules say:
 * `(basis * rate + 5000) / 10000` in integer arithmetic.
 *
 * Returns: the amount in cents
 */
IzpCents
izp_money_apply_rate (IzpCents       basis_cents,
                      IzpBasisPoints rate_bp)
{
  g_return_val_if_fail (basis_cents >= 0, 0);
  g_return_val_if_fail (rate_bp >= 0, 0);

  return (basis_cents * rate_bp + 5000) / 10000;
}
