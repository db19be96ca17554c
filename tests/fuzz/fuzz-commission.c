/* fuzz-commission.c — the commission input reader and the engine behind it
 *
 * Any dataset-shaped JSON either is refused with a message that starts with
 * its JSON path, or goes through the whole engine (ledger, groups, payout
 * batches, reconciliation) without a crash, a critical or an overflow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "izp-commission-engine.h"
#include "izp-commission-input.h"
#include "izp-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(IzpCommissionInput) input = NULL;
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(IzpReconciliation) reconciliation = NULL;
  g_autoptr(GArray) batches = NULL;
  GError *error = NULL;
  IzpCents total;
  IzpCents by_kind[IZP_LEDGER_N_KINDS];

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  root = izp_json_parse_bounded ((const char *) data, size, IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      g_assert (error != NULL);
      g_clear_error (&error);
      return 0;
    }

  input = izp_commission_input_from_json (root, &error);
  if (input == NULL)
    {
      g_assert (error != NULL && error->message[0] == '$');
      g_clear_error (&error);
      return 0;
    }

  ledger = izp_commission_compute (input);
  total = izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, by_kind);

  for (guint by = IZP_GROUP_BY_MONTH; by <= IZP_GROUP_BY_KIND; by++)
    {
      g_autoptr(GArray) groups = izp_ledger_group (ledger, (IzpGroupBy) by,
                                                   IZP_DATE_NONE, IZP_DATE_NONE);
      IzpCents sum = 0;

      for (guint i = 0; i < groups->len; i++)
        sum += g_array_index (groups, IzpLedgerGroup, i).total_cents;
      g_assert (sum == total);
    }

  batches = izp_payout_batches (ledger, &input->terms, input->statements, input->n_statements,
                                izp_date_new (2027, 1, 1));
  reconciliation = izp_reconcile (ledger, &input->terms, input->statements, input->n_statements);
  g_assert (reconciliation->periods->len <= input->n_statements);

  return 0;
}
