/* izp-money.h — money as integer cents, formatted the French way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Cents in the partner's currency. Never a double. */
typedef gint64 IzpCents;

/* Basis points: 100 bp = 1 %. */
typedef gint32 IzpBasisPoints;

gboolean  izp_currency_is_supported (const char     *currency);
char     *izp_money_format          (IzpCents        cents,
                                     const char     *currency);
char     *izp_money_format_plain    (IzpCents        cents);
IzpCents  izp_money_apply_rate      (IzpCents        basis_cents,
                                     IzpBasisPoints  rate_bp);

G_END_DECLS
