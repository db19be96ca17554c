/* izp-ledger-model.c — the ledger lines a view shows, as a GListModel
 *
 * 240 000 lines must scroll and sort at once: the model is an array of
 * ledger indices (filtered, then permuted by the sort), and an item object
 * is made only when the view asks for one, i.e. for the rows on screen.
 * Sorting permutes the indices with the core's comparison, never through
 * GtkSortListModel (which would make an object per line), and does not
 * emit ::items-changed: the item objects alive (those on screen) stay at
 * their position and are pointed at their new line. Replacing every item
 * would make GTK 4.8 look for its focus and anchor rows by asking for each
 * item in turn, an object per line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-ledger-model.h"
#include <string.h>

#include "izp-ledger-row.h"

struct _IzpLedgerModel
{
  GObject            parent_instance;
  IzpCommissionData *data;
  IzpLedgerFilter    filter;
  char              *client_id;      /* the filter's, owned */
  char              *batch_key;      /* the filter's, owned */
  GArray            *rows;           /* guint */
  GHashTable        *live;           /* position → IzpLedgerRow, not owned */
  IzpLedgerSortKey   sort_key;
  gboolean           descending;
  IzpCents           total;
  IzpCents           by_kind[IZP_LEDGER_N_KINDS];
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (IzpLedgerModel, izp_ledger_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return IZP_TYPE_LEDGER_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return IZP_LEDGER_MODEL (model)->rows->len;
}

static gboolean
is_row (gpointer key,
        gpointer value,
        gpointer user_data)
{
  return value == user_data;
}

static void
on_row_finalized (gpointer  user_data,
                  GObject  *where_the_object_was)
{
  IzpLedgerModel *self = user_data;

  g_hash_table_foreach_remove (self->live, is_row, where_the_object_was);
}

/* The items handed out are forgotten: they no longer follow a sort. */
static void
forget_live_rows (IzpLedgerModel *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_object_weak_unref (row, on_row_finalized, self);
  g_hash_table_remove_all (self->live);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  IzpLedgerModel *self = IZP_LEDGER_MODEL (model);
  IzpLedgerRow *row;

  if (position >= self->rows->len)
    return NULL;
  row = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (row != NULL)
    return g_object_ref (row);
  row = izp_ledger_row_new (self->data, g_array_index (self->rows, guint, position));
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), row);
  g_object_weak_ref (G_OBJECT (row), on_row_finalized, self);
  return row;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
izp_ledger_model_finalize (GObject *object)
{
  IzpLedgerModel *self = IZP_LEDGER_MODEL (object);

  forget_live_rows (self);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->data, izp_commission_data_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_free (self->client_id);
  g_free (self->batch_key);

  G_OBJECT_CLASS (izp_ledger_model_parent_class)->finalize (object);
}

static void
izp_ledger_model_class_init (IzpLedgerModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = izp_ledger_model_finalize;
}

static void
izp_ledger_model_init (IzpLedgerModel *self)
{
  self->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  self->live = g_hash_table_new (NULL, NULL);
  izp_ledger_filter_init (&self->filter);
  self->sort_key = IZP_LEDGER_SORT_DATE;
}

IzpLedgerModel *
izp_ledger_model_new (void)
{
  return g_object_new (IZP_TYPE_LEDGER_MODEL, NULL);
}

/* Filters, sorts and sums again, then tells the view everything changed. */
static void
rebuild (IzpLedgerModel *self)
{
  guint removed = self->rows->len;
  const IzpLedger *ledger;

  forget_live_rows (self);
  g_clear_pointer (&self->rows, g_array_unref);
  if (self->data == NULL)
    {
      self->rows = g_array_new (FALSE, FALSE, sizeof (guint));
      self->total = 0;
      memset (self->by_kind, 0, sizeof self->by_kind);
    }
  else
    {
      ledger = izp_commission_data_get_ledger (self->data);
      self->filter.terms = &izp_commission_data_get_input (self->data)->terms;
      self->rows = izp_ledger_filter_rows (&self->filter, ledger);
      izp_ledger_sort_rows (ledger, (guint *) (gpointer) self->rows->data, self->rows->len,
                            self->sort_key, self->descending, izp_commission_data_get_names (self->data));
      self->total = izp_ledger_sum_rows (ledger, (const guint *) (gpointer) self->rows->data,
                                         self->rows->len, self->by_kind);
    }

  if (removed > 0 || self->rows->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->rows->len);
}

IzpCommissionData *
izp_ledger_model_get_data (IzpLedgerModel *self)
{
  g_return_val_if_fail (IZP_IS_LEDGER_MODEL (self), NULL);

  return self->data;
}

static void
take_filter (IzpLedgerModel        *self,
             const IzpLedgerFilter *filter)
{
  g_free (self->client_id);
  g_free (self->batch_key);
  self->filter = *filter;
  self->client_id = g_strdup (filter->client_id);
  self->batch_key = g_strdup (filter->batch_key);
  self->filter.client_id = self->client_id;
  self->filter.batch_key = self->batch_key;
}

/**
 * izp_ledger_model_set:
 * @data: (nullable): the figures, or %NULL for no lines
 *
 * New figures and filter at once: one pass over the ledger, not two.
 */
void
izp_ledger_model_set (IzpLedgerModel        *self,
                      IzpCommissionData     *data,
                      const IzpLedgerFilter *filter)
{
  g_return_if_fail (IZP_IS_LEDGER_MODEL (self));
  g_return_if_fail (filter != NULL);

  if (data != self->data)
    {
      g_clear_pointer (&self->data, izp_commission_data_unref);
      if (data != NULL)
        self->data = izp_commission_data_ref (data);
    }
  take_filter (self, filter);
  rebuild (self);
}

void
izp_ledger_model_set_filter (IzpLedgerModel        *self,
                             const IzpLedgerFilter *filter)
{
  g_return_if_fail (IZP_IS_LEDGER_MODEL (self));
  g_return_if_fail (filter != NULL);

  take_filter (self, filter);
  rebuild (self);
}

/* Sorting keeps the filtered rows: only their order changes. */
void
izp_ledger_model_sort (IzpLedgerModel   *self,
                       IzpLedgerSortKey  key,
                       gboolean          descending)
{
  g_return_if_fail (IZP_IS_LEDGER_MODEL (self));

  self->sort_key = key;
  self->descending = descending;
  if (self->data == NULL || self->rows->len == 0)
    return;

  izp_ledger_sort_rows (izp_commission_data_get_ledger (self->data),
                        (guint *) (gpointer) self->rows->data, self->rows->len, key, descending,
                        izp_commission_data_get_names (self->data));
  {
    GHashTableIter iter;
    gpointer position, row;

    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, &position, &row))
      izp_ledger_row_set_index (row, g_array_index (self->rows, guint, GPOINTER_TO_UINT (position)));
  }
}

const guint *
izp_ledger_model_get_rows (IzpLedgerModel *self,
                           guint          *out_n_rows)
{
  g_return_val_if_fail (IZP_IS_LEDGER_MODEL (self), NULL);

  *out_n_rows = self->rows->len;
  return (const guint *) (gpointer) self->rows->data;
}

IzpCents
izp_ledger_model_get_total (IzpLedgerModel *self,
                            IzpCents        out_by_kind[IZP_LEDGER_N_KINDS])
{
  g_return_val_if_fail (IZP_IS_LEDGER_MODEL (self), 0);

  if (out_by_kind != NULL)
    memcpy (out_by_kind, self->by_kind, sizeof self->by_kind);
  return self->total;
}
