/* izp-ledger-row.c — one ledger line as a list item
 *
 * Made on demand by IzpLedgerModel for the rows on screen; it keeps the
 * figures alive (a reference) and points at its line. A sort points it at
 * another line and says so with ::changed: the view keeps its widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-ledger-row.h"

struct _IzpLedgerRow
{
  GObject            parent_instance;
  IzpCommissionData *data;
  guint              index;
};

G_DEFINE_FINAL_TYPE (IzpLedgerRow, izp_ledger_row, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
izp_ledger_row_finalize (GObject *object)
{
  IzpLedgerRow *self = IZP_LEDGER_ROW (object);

  g_clear_pointer (&self->data, izp_commission_data_unref);

  G_OBJECT_CLASS (izp_ledger_row_parent_class)->finalize (object);
}

static void
izp_ledger_row_class_init (IzpLedgerRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = izp_ledger_row_finalize;

  /* The row now shows another line. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
izp_ledger_row_init (IzpLedgerRow *self)
{
}

IzpLedgerRow *
izp_ledger_row_new (IzpCommissionData *data,
                    guint              index)
{
  IzpLedgerRow *self = g_object_new (IZP_TYPE_LEDGER_ROW, NULL);

  self->data = izp_commission_data_ref (data);
  self->index = index;
  return self;
}

const IzpLedgerLine *
izp_ledger_row_get_line (IzpLedgerRow *self)
{
  g_return_val_if_fail (IZP_IS_LEDGER_ROW (self), NULL);

  return &g_array_index (izp_commission_data_get_ledger (self->data)->lines, IzpLedgerLine, self->index);
}

IzpCommissionData *
izp_ledger_row_get_data (IzpLedgerRow *self)
{
  g_return_val_if_fail (IZP_IS_LEDGER_ROW (self), NULL);

  return self->data;
}

void
izp_ledger_row_set_index (IzpLedgerRow *self,
                          guint         index)
{
  g_return_if_fail (IZP_IS_LEDGER_ROW (self));

  if (self->index == index)
    return;
  self->index = index;
  g_signal_emit (self, signals[CHANGED], 0);
}
