/* izp-commission-labels.h — words for the engine's enums, for people
 *
 * STOPGAP: the polish branch brings the app's label tables (ledger kinds,
 * tiers, payout states in French) and its French formatter (izp-format.h:
 * dates, months, rates). Until it is merged these return the stable codes
 * and plain numeric forms; every caller goes through here, so the swap is
 * one file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-commission-engine.h"

G_BEGIN_DECLS

const char *izp_ledger_kind_label  (IzpLedgerKind  kind);
const char *izp_payout_state_label (IzpPayoutState state);
/* `30/11/2026` */
char       *izp_commission_format_date  (IzpDate        date);
/* The month of a day, for headings */
char       *izp_commission_format_month (IzpDate        date);
/* `240 000` */
char       *izp_commission_format_count (gint64         count);
/* `20 %`, `12,5 %` */
char       *izp_commission_format_rate  (IzpBasisPoints rate_bp);

G_END_DECLS
