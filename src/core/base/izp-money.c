/* izp-money.c — money as integer cents, formatted the French way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-money.h"

#include <string.h>

/* French typography (and CLDR): a narrow no-break space between thousands and a
 * no-break space before the currency. Written by hand so that the result does
 * not depend on which locales the machine has. */
#define THOUSANDS_SEPARATOR "\u202f"
#define CURRENCY_SEPARATOR  "\u00a0"

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
  /* Work on the magnitude as unsigned so that G_MININT64 has one too. */
  guint64 magnitude = cents < 0 ? (guint64) 0 - (guint64) cents : (guint64) cents;
  guint64 units = magnitude / 100;
  guint cents_part = (guint) (magnitude % 100);
  char digits[32];
  gsize n_digits;

  g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, units);
  n_digits = strlen (digits);

  if (cents < 0)
    g_string_append_c (out, '-');

  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append (out, THOUSANDS_SEPARATOR);
      g_string_append_c (out, digits[i]);
    }

  g_string_append_printf (out, ",%02u", cents_part);

  return g_string_free (out, FALSE);
}

/**
 * izp_money_format:
 * @cents: an amount in cents
 * @currency: an ISO 4217 code (`EUR`, `CHF`)
 *
 * Returns: the amount as a French reader expects it: `1 245,00 €`,
 *   `1 245,00 CHF`.
 */
char *
izp_money_format (IzpCents    cents,
                  const char *currency)
{
  g_autofree char *plain = izp_money_format_plain (cents);
  const char *symbol = g_strcmp0 (currency, "EUR") == 0 || currency == NULL ? "€" : currency;

  return g_strconcat (plain, CURRENCY_SEPARATOR, symbol, NULL);
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
