/* izp-commission-claim.h — what a reconciliation found, said in words, and
 * the claim e-mail to the account manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-commission-engine.h"

G_BEGIN_DECLS

typedef enum
{
  IZP_FINDING_MISSING,        /* in the ledger, not on the statement */
  IZP_FINDING_UNKNOWN,        /* on the statement, not in the ledger */
  IZP_FINDING_DIFFERENCE,     /* on both, different amounts */
} IzpFinding;

char     *izp_finding_explain          (IzpFinding                     finding,
                                        const IzpReconciliationItem   *item,
                                        const char                    *currency);
char     *izp_reconciliation_period_explain (const IzpReconciliationPeriod *period,
                                             const char                    *currency);
/* %TRUE when some period has a line missing from its statement or a
 * different amount: something to claim. */
gboolean  izp_reconciliation_has_claim (const IzpReconciliation       *reconciliation);
/* The e-mail listing, per period, the missing and differing lines with
 * their references and amounts. @cabinet and @manager_name may be NULL. */
void      izp_reconciliation_claim     (const IzpReconciliation       *reconciliation,
                                        const char                    *currency,
                                        const char                    *cabinet,
                                        const char                    *manager_name,
                                        char                         **out_subject,
                                        char                         **out_body);
/* `mailto:TO?subject=…&body=…`, every part percent-encoded. */
char     *izp_mailto_uri               (const char                    *to,
                                        const char                    *subject,
                                        const char                    *body);

G_END_DECLS
