/* izp-commission-engine.h — the partner programme's money rules, as pure functions
 *
 * The contract is the rules page commission-rules.md (v1). Plain structs in, plain structs
 * out: no GObject, no SQLite, no JSON here. Input strings are borrowed; the
 * ledger copies what it keeps into its own string chunk, so it outlives its
 * input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "izp-date.h"
#include "izp-money.h"

G_BEGIN_DECLS

typedef enum
{
  IZP_TIER_REFERENT,
  IZP_TIER_CERTIFIE,
  IZP_TIER_STRATEGIQUE,
} IzpTier;

typedef enum
{
  IZP_LEDGER_KIND_RECURRING_Y1,
  IZP_LEDGER_KIND_RECURRING_Y2PLUS,
  IZP_LEDGER_KIND_WHITE_LABEL_MARGIN,
  IZP_LEDGER_KIND_TRANCHE_BONUS,
  IZP_LEDGER_KIND_REFERRAL_BONUS,
  IZP_LEDGER_KIND_OVERRIDE,
  IZP_LEDGER_KIND_CAMPAIGN_BONUS,
} IzpLedgerKind;

#define IZP_LEDGER_N_KINDS 7

typedef enum
{
  IZP_INVOICE_SOURCE_OWN,
  IZP_INVOICE_SOURCE_SUB_PARTNER,
} IzpInvoiceSource;

typedef enum
{
  IZP_INVOICE_STATUS_PAID,
  IZP_INVOICE_STATUS_OPEN,
  IZP_INVOICE_STATUS_VOID,
  IZP_INVOICE_STATUS_REFUNDED,
} IzpInvoiceStatus;

typedef enum
{
  IZP_ANOMALY_CURRENCY,
  IZP_ANOMALY_CLIENT_UNKNOWN,        /* own client unknown or not activated */
  IZP_ANOMALY_SUB_PARTNER_UNKNOWN,
} IzpAnomalyReason;

typedef enum
{
  IZP_STATEMENT_STATUS_ISSUED,
  IZP_STATEMENT_STATUS_PAID,
} IzpStatementStatus;

typedef enum
{
  IZP_PAYOUT_STATE_PAID,
  IZP_PAYOUT_STATE_DUE,
  IZP_PAYOUT_STATE_LATE,
} IzpPayoutState;

typedef enum
{
  IZP_GROUP_BY_MONTH,
  IZP_GROUP_BY_QUARTER,
  IZP_GROUP_BY_YEAR,
  IZP_GROUP_BY_CLIENT,
  IZP_GROUP_BY_KIND,
} IzpGroupBy;

/* Flat amounts of the rules. */
#define IZP_TRANCHE_BONUS_CENTS      ((IzpCents) 50000)
#define IZP_TRANCHE_SIZE             10
#define IZP_REFERRAL_BONUS_CENTS     ((IzpCents) 100000)
#define IZP_WHITE_LABEL_MARGIN_BP    ((IzpBasisPoints) 4000)
#define IZP_OVERRIDE_BP              ((IzpBasisPoints) 500)

/* Amounts beyond 10 billion (invoices, bonuses, statement lines) are refused
 * by the input reader and ignored by the engine: sums of them stay far from
 * overflowing 64 bits. */
#define IZP_COMMISSION_MAX_CENTS     ((IzpCents) 1000000000000)

/* Inputs */

typedef struct
{
  IzpTier tier;
  IzpDate since;
} IzpTierChange;

typedef struct
{
  const char          *currency;
  gboolean             founder;
  const IzpTierChange *tier_history;     /* any order */
  gsize                n_tier_history;
} IzpPartnerTerms;

typedef struct
{
  const char *id;
  IzpDate     activated_on;              /* IZP_DATE_NONE when not activated */
  gboolean    white_label;
} IzpClientFacts;

typedef struct
{
  const char       *id;
  const char       *client_id;
  IzpInvoiceSource  source;
  const char       *sub_partner_id;      /* sub-partner invoices only */
  IzpDate           client_activated_on; /* sub-partner invoices only */
  IzpDate           period_start;
  IzpCents          amount_cents;        /* excluding VAT; negative for credit notes */
  const char       *currency;
  IzpInvoiceStatus  status;
  IzpDate           paid_on;
} IzpInvoiceFacts;

typedef struct
{
  const char *id;
  IzpDate     activated_on;              /* IZP_DATE_NONE when not activated */
} IzpSubPartnerFacts;

typedef struct
{
  const char *id;
  IzpDate     starts_on;
  IzpDate     ends_on;
  IzpCents    bonus_per_client_cents;
} IzpCampaignFacts;

typedef struct
{
  IzpLedgerKind  kind;
  const char    *ref;
  IzpCents       amount_cents;
} IzpStatementLine;

typedef struct
{
  const char             *id;
  const char             *period;        /* `YYYY-MM` or `YYYY-Qn` */
  IzpStatementStatus      status;
  IzpCents                total_cents;
  const IzpStatementLine *lines;
  gsize                   n_lines;
} IzpStatementFacts;

typedef struct
{
  IzpPartnerTerms           terms;
  const IzpClientFacts     *clients;
  gsize                     n_clients;
  const IzpInvoiceFacts    *invoices;
  gsize                     n_invoices;
  const IzpSubPartnerFacts *sub_partners;
  gsize                     n_sub_partners;
  const IzpCampaignFacts   *campaigns;
  gsize                     n_campaigns;
  /* Not used by izp_commission_compute(); carried for payouts and reconciliation. */
  const IzpStatementFacts  *statements;
  gsize                     n_statements;
} IzpCommissionInput;

/* Outputs */

/* The 8-byte members first: 48 bytes a line, not 56 (a quarter of a
 * million lines for the large dataset). */
typedef struct
{
  const char     *ref;                   /* owned by the ledger (or its input: izp_commission_run_new()) */
  const char     *client_id;             /* the same; NULL for tranche and referral lines */
  IzpCents        basis_cents;           /* 0 for flat amounts */
  IzpCents        amount_cents;
  IzpLedgerKind   kind;
  IzpDate         accrued_on;
  IzpBasisPoints  rate_bp;               /* 0 for flat amounts */
} IzpLedgerLine;

typedef struct
{
  const char       *ref;                 /* invoice id, owned by the ledger */
  IzpAnomalyReason  reason;
} IzpAnomaly;

typedef struct
{
  char         *currency;
  GArray       *lines;                   /* IzpLedgerLine, in input order */
  GArray       *anomalies;               /* IzpAnomaly */
  /*< private >*/
  GStringChunk *strings;
  gboolean      borrows_ids;             /* ids point into the input's strings */
} IzpLedger;

typedef struct
{
  char     key[12];                      /* `YYYY-MM` or `YYYY-Qn` */
  gboolean monthly;
  IzpDate  period_start;
  IzpDate  period_end;
  IzpDate  due_on;
} IzpPayoutPeriod;

typedef struct
{
  IzpPayoutPeriod period;
  IzpCents        total_cents;
  guint           n_lines;
  IzpPayoutState  state;
} IzpPayoutBatch;

/* What the ledger accrued on one day, every kind together. */
typedef struct
{
  IzpDate   day;
  IzpCents  amount_cents;
} IzpLedgerDay;

typedef struct
{
  char     *key;                         /* `YYYY`, `YYYY-MM`, `YYYY-Qn`, client id or kind name */
  IzpCents  by_kind[IZP_LEDGER_N_KINDS];
  IzpCents  total_cents;
  guint     n_lines;
} IzpLedgerGroup;

typedef struct
{
  IzpLedgerKind  kind;
  const char    *ref;                    /* owned by the reconciliation */
  IzpCents       local_cents;            /* 0 when unknown locally */
  IzpCents       statement_cents;        /* 0 when missing from the statement */
} IzpReconciliationItem;

typedef struct
{
  char     *period;
  guint     n_matched;                   /* same kind, ref and amount */
  GArray   *missing;                     /* IzpReconciliationItem: local, not on the statement */
  GArray   *unknown;                     /* IzpReconciliationItem: on the statement, not local */
  GArray   *differences;                 /* IzpReconciliationItem: both, amounts differ */
  IzpCents  local_cents;
  IzpCents  statement_cents;
  IzpCents  net_difference_cents;        /* local − statement: > 0 means IzyInbox pays too little */
} IzpReconciliationPeriod;

typedef struct
{
  GArray       *periods;                 /* IzpReconciliationPeriod, in statement order */
  /*< private >*/
  GStringChunk *strings;
} IzpReconciliation;

/* Names: *_to_string() and *_from_string() are the stable keys of the API,
 * JSON and the CLI; *_get_label() the translated names shown to people. */

const char *izp_tier_to_string             (IzpTier           tier);
const char *izp_tier_get_label             (IzpTier           tier);
gboolean    izp_tier_from_string           (const char       *text,
                                            IzpTier          *out_tier);
const char *izp_ledger_kind_to_string      (IzpLedgerKind     kind);
const char *izp_ledger_kind_get_label      (IzpLedgerKind     kind);
gboolean    izp_ledger_kind_from_string    (const char       *text,
                                            IzpLedgerKind    *out_kind);
const char *izp_invoice_status_to_string   (IzpInvoiceStatus  status);
const char *izp_invoice_status_get_label   (IzpInvoiceStatus  status);
gboolean    izp_invoice_status_from_string (const char       *text,
                                            IzpInvoiceStatus *out_status);
const char *izp_anomaly_reason_to_string   (IzpAnomalyReason  reason);
const char *izp_anomaly_reason_describe    (IzpAnomalyReason  reason);
const char *izp_payout_state_to_string     (IzpPayoutState    state);
const char *izp_payout_state_get_label     (IzpPayoutState    state);

/* Rules */

IzpTier         izp_tier_on                (const IzpPartnerTerms *terms,
                                            IzpDate                date);
gboolean        izp_tier_pays_monthly      (IzpTier                tier);
IzpBasisPoints  izp_rate_for               (const IzpPartnerTerms *terms,
                                            IzpTier                tier,
                                            gboolean               first_year);
gboolean        izp_is_first_year          (IzpDate                activated_on,
                                            IzpDate                period_start);

/* Ledger */

IzpLedger      *izp_ledger_new             (const char            *currency);
void            izp_ledger_free            (IzpLedger             *ledger);
void            izp_ledger_add_line        (IzpLedger             *ledger,
                                            IzpLedgerKind          kind,
                                            const char            *ref,
                                            const char            *client_id,
                                            IzpDate                accrued_on,
                                            IzpCents               basis_cents,
                                            IzpBasisPoints         rate_bp,
                                            IzpCents               amount_cents);
void            izp_ledger_add_anomaly     (IzpLedger             *ledger,
                                            const char            *ref,
                                            IzpAnomalyReason       reason);
IzpCents        izp_ledger_total           (const IzpLedger       *ledger,
                                            IzpDate                from,
                                            IzpDate                to,
                                            IzpCents               out_by_kind[IZP_LEDGER_N_KINDS]);
IzpLedger      *izp_commission_compute     (const IzpCommissionInput *input);

/* The same computation in steps, for invoices read a batch at a time. */
typedef struct _IzpCommissionRun IzpCommissionRun;

IzpCommissionRun *izp_commission_run_new          (const IzpCommissionInput *input,
                                                   gboolean                  borrow_ids,
                                                   gsize                     n_invoices_hint);
void              izp_commission_run_add_invoices (IzpCommissionRun         *run,
                                                   const IzpInvoiceFacts    *invoices,
                                                   gsize                     n_invoices);
IzpLedger        *izp_commission_run_finish       (IzpCommissionRun         *run);
/* IzpLedgerDay, one per day that has lines, in day order. */
GArray         *izp_ledger_daily_totals    (const IzpLedger       *ledger);

/* Payouts */

IzpPayoutPeriod izp_payout_batch_for       (const IzpPartnerTerms *terms,
                                            IzpDate                accrued_on);
/* Paid when IzyInbox's statement of the period says so, else late after its due date. */
IzpPayoutState  izp_payout_state_on        (gboolean               paid,
                                            IzpDate                due_on,
                                            IzpDate                today);
GArray         *izp_payout_batches         (const IzpLedger       *ledger,
                                            const IzpPartnerTerms *terms,
                                            const IzpStatementFacts *statements,
                                            gsize                  n_statements,
                                            IzpDate                today);

/* Grouping for lists and the CLI; from/to are inclusive, IZP_DATE_NONE for open. */

gboolean        izp_group_by_from_string   (const char            *text,
                                            IzpGroupBy            *out_by);
char           *izp_group_key_for_date     (IzpGroupBy             by,
                                            IzpDate                date);
GArray         *izp_ledger_group           (const IzpLedger       *ledger,
                                            IzpGroupBy             by,
                                            IzpDate                from,
                                            IzpDate                to);
GArray         *izp_ledger_group_rows      (const IzpLedger       *ledger,
                                            IzpGroupBy             by,
                                            const guint           *rows,
                                            guint                  n_rows);

/* Reconciliation with IzyInbox's statements */

IzpReconciliation *izp_reconcile           (const IzpLedger         *ledger,
                                            const IzpPartnerTerms   *terms,
                                            const IzpStatementFacts *statements,
                                            gsize                    n_statements);
void               izp_reconciliation_free (IzpReconciliation       *reconciliation);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpLedger, izp_ledger_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpReconciliation, izp_reconciliation_free)

G_END_DECLS
