/* izp-commission-claim.c — what a reconciliation found, said in words, and
 * the claim e-mail to the account manager
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "izp-commission-claim.h"
#include "izp-format.h"

/**
 * izp_finding_explain:
 *
 * Returns: (transfer full): one sentence for a line of the reconciliation
 */
char *
izp_finding_explain (IzpFinding                   finding,
                     const IzpReconciliationItem *item,
                     const char                  *currency)
{
  g_autofree char *local = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *difference = NULL;
  const char *kind;

  g_return_val_if_fail (item != NULL, NULL);

  kind = izp_ledger_kind_get_label (item->kind);
  local = izp_money_format (item->local_cents, currency);
  statement = izp_money_format (item->statement_cents, currency);

  switch (finding)
    {
    case IZP_FINDING_MISSING:
      /* TRANSLATORS: %1 kind of commission, %2 its reference, %3 an amount */
      return g_strdup_printf (_("%s %s: %s in your ledger, not on the statement: "
                                "IzyInbox has not counted it."),
                              kind, item->ref, local);
    case IZP_FINDING_UNKNOWN:
      return g_strdup_printf (_("%s %s: %s on the statement, but no such line in your ledger: "
                                "the invoice may not be synced yet, or IzyInbox counted it by mistake."),
                              kind, item->ref, statement);
    case IZP_FINDING_DIFFERENCE:
      difference = izp_money_format (item->local_cents - item->statement_cents, currency);
      return g_strdup_printf (_("%s %s: %s in your ledger, %s on the statement "
                                "(difference %s)."),
                              kind, item->ref, local, statement, difference);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * izp_reconciliation_period_explain:
 *
 * Returns: (transfer full): the period's outcome and net difference in words
 */
char *
izp_reconciliation_period_explain (const IzpReconciliationPeriod *period,
                                   const char                    *currency)
{
  g_autofree char *local = NULL;
  g_autofree char *statement = NULL;
  g_autofree char *net = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *outcome = NULL;
  IzpCents difference;

  g_return_val_if_fail (period != NULL, NULL);

  difference = period->net_difference_cents;
  local = izp_money_format (period->local_cents, currency);
  statement = izp_money_format (period->statement_cents, currency);
  net = izp_money_format (difference < 0 ? -difference : difference, currency);

  counts = g_strdup_printf (_("%u matched, %u missing from the statement, %u unknown locally, "
                              "%u with a different amount."),
                            period->n_matched, period->missing->len, period->unknown->len,
                            period->differences->len);
  if (difference > 0)
    outcome = g_strdup_printf (_("Your ledger comes to %s, the statement to %s: "
                                 "IzyInbox owes you %s more."), local, statement, net);
  else if (difference < 0)
    outcome = g_strdup_printf (_("Your ledger comes to %s, the statement to %s: "
                                 "the statement pays %s more than your ledger."),
                               local, statement, net);
  else
    outcome = g_strdup_printf (_("Your ledger and the statement both come to %s."), local);

  return g_strconcat (counts, " ", outcome, NULL);
}

static gboolean
period_has_claim (const IzpReconciliationPeriod *period)
{
  return period->missing->len > 0 || period->differences->len > 0;
}

gboolean
izp_reconciliation_has_claim (const IzpReconciliation *reconciliation)
{
  g_return_val_if_fail (reconciliation != NULL, FALSE);

  for (guint i = 0; i < reconciliation->periods->len; i++)
    {
      if (period_has_claim (&g_array_index (reconciliation->periods,
                                            IzpReconciliationPeriod, i)))
        return TRUE;
    }
  return FALSE;
}

static void
append_claim_lines (GString    *body,
                    const char *title,
                    IzpFinding  finding,
                    GArray     *items,
                    const char *currency)
{
  if (items->len == 0)
    return;

  g_string_append_printf (body, "%s\n", title);
  for (guint i = 0; i < items->len; i++)
    {
      const IzpReconciliationItem *item = &g_array_index (items, IzpReconciliationItem, i);
      g_autofree char *local = izp_money_format (item->local_cents, currency);

      if (finding == IZP_FINDING_MISSING)
        g_string_append_printf (body, _("- %s, reference %s: %s\n"),
                                izp_ledger_kind_get_label (item->kind), item->ref, local);
      else
        {
          g_autofree char *statement = izp_money_format (item->statement_cents, currency);
          g_autofree char *difference =
            izp_money_format (item->local_cents - item->statement_cents, currency);

          g_string_append_printf (body, _("- %s, reference %s: %s by our computation, "
                                          "%s on the statement (difference %s)\n"),
                                  izp_ledger_kind_get_label (item->kind), item->ref, local,
                                  statement, difference);
        }
    }
}

/**
 * izp_reconciliation_claim:
 * @out_subject: (out) (transfer full)
 * @out_body: (out) (transfer full)
 *
 * The claimed amount is the sum, over the periods with something to claim,
 * of the missing lines and of the differences (lines where the statement
 * pays more count against it).
 */
void
izp_reconciliation_claim (const IzpReconciliation  *reconciliation,
                          const char               *currency,
                          const char               *cabinet,
                          const char               *manager_name,
                          char                    **out_subject,
                          char                    **out_body)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GPtrArray) periods = g_ptr_array_new ();
  g_autofree char *periods_text = NULL;
  g_autofree char *claimed_text = NULL;
  IzpCents claimed = 0;

  g_return_if_fail (reconciliation != NULL);
  g_return_if_fail (out_subject != NULL && out_body != NULL);

  for (guint i = 0; i < reconciliation->periods->len; i++)
    {
      const IzpReconciliationPeriod *period =
        &g_array_index (reconciliation->periods, IzpReconciliationPeriod, i);

      if (!period_has_claim (period))
        continue;
      g_ptr_array_add (periods, period->period);
      for (guint j = 0; j < period->missing->len; j++)
        claimed += g_array_index (period->missing, IzpReconciliationItem, j).local_cents;
      for (guint j = 0; j < period->differences->len; j++)
        {
          const IzpReconciliationItem *item =
            &g_array_index (period->differences, IzpReconciliationItem, j);

          claimed += item->local_cents - item->statement_cents;
        }
    }
  g_ptr_array_add (periods, NULL);
  periods_text = g_strjoinv (", ", (char **) periods->pdata);
  claimed_text = izp_money_format (claimed, currency);

  *out_subject = g_strdup_printf (_("Commission statement %s: lines to check (%s)"),
                                  periods_text, claimed_text);

  if (manager_name != NULL && *manager_name != '\0')
    g_string_append_printf (body, _("Hello %s,\n\n"), manager_name);
  else
    g_string_append (body, _("Hello,\n\n"));
  g_string_append_printf (body, _("We have checked your commission statements for %s against "
                                  "our own computation from the invoices of our clients, and "
                                  "some lines do not match.\n"),
                          periods_text);

  for (guint i = 0; i < reconciliation->periods->len; i++)
    {
      const IzpReconciliationPeriod *period =
        &g_array_index (reconciliation->periods, IzpReconciliationPeriod, i);

      if (!period_has_claim (period))
        continue;
      g_string_append_c (body, '\n');
      g_string_append_printf (body, _("Statement %s\n"), period->period);
      append_claim_lines (body, _("Lines missing from the statement:"), IZP_FINDING_MISSING,
                          period->missing, currency);
      append_claim_lines (body, _("Lines whose amount differs:"), IZP_FINDING_DIFFERENCE,
                          period->differences, currency);
    }

  g_string_append_c (body, '\n');
  g_string_append_printf (body, _("In all, %s is missing by our computation. Could you check "
                                  "these lines and send us a corrected statement?\n\n"),
                          claimed_text);
  g_string_append (body, _("Kind regards,\n"));
  if (cabinet != NULL && *cabinet != '\0')
    g_string_append_printf (body, "%s\n", cabinet);

  *out_body = g_string_free (g_steal_pointer (&body), FALSE);
}

/**
 * izp_mailto_uri:
 * @to: (nullable): the recipient
 *
 * Returns: (transfer full): a `mailto:` URI (RFC 6068)
 */
char *
izp_mailto_uri (const char *to,
                const char *subject,
                const char *body)
{
  g_autofree char *to_part = g_uri_escape_string (to != NULL ? to : "", "@", FALSE);
  g_autofree char *subject_part = g_uri_escape_string (subject != NULL ? subject : "", NULL, FALSE);
  g_autoptr(GString) crlf_body = g_string_new (body != NULL ? body : "");
  g_autofree char *body_part = NULL;

  /* RFC 6068: line breaks in the body are %0D%0A. */
  g_string_replace (crlf_body, "\n", "\r\n", 0);
  body_part = g_uri_escape_string (crlf_body->str, NULL, FALSE);
  return g_strdup_printf ("mailto:%s?subject=%s&body=%s", to_part, subject_part, body_part);
}
