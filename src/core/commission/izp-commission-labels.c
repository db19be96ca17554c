/* izp-commission-labels.c — words for the engine's enums (stopgap, see the header)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-commission-labels.h"

const char *
izp_ledger_kind_label (IzpLedgerKind kind)
{
  return izp_ledger_kind_to_string (kind);
}

const char *
izp_payout_state_label (IzpPayoutState state)
{
  return izp_payout_state_to_string (state);
}

char *
izp_commission_format_date (IzpDate date)
{
  if (date == IZP_DATE_NONE)
    return g_strdup ("");
  return g_strdup_printf ("%02d/%02d/%04d", izp_date_get_day (date),
                          izp_date_get_month (date), izp_date_get_year (date));
}

char *
izp_commission_format_month (IzpDate date)
{
  return izp_group_key_for_date (IZP_GROUP_BY_MONTH, date);
}

char *
izp_commission_format_rate (IzpBasisPoints rate_bp)
{
  int whole = rate_bp / 100;
  int rest = rate_bp % 100;

  if (rest == 0)
    return g_strdup_printf ("%d\u202f%%", whole);
  if (rest % 10 == 0)
    return g_strdup_printf ("%d,%d\u202f%%", whole, rest / 10);
  return g_strdup_printf ("%d,%02d\u202f%%", whole, rest);
}

char *
izp_commission_format_count (gint64 count)
{
  g_autofree char *plain = izp_money_format_plain (count * 100);

  /* The money form without its cents: the same grouping. */
  plain[strlen (plain) - 3] = '\0';
  return g_steal_pointer (&plain);
}
