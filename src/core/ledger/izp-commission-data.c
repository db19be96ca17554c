/* izp-commission-data.c — one account's commission figures, computed from
 * its store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "izp-commission-data.h"
#include "izp-date.h"
#include "izp-ledger-filter.h"
#include "izp-store-query.h"

#define CACHE_KEY "izp-commission-data"

struct _IzpCommissionData
{
  gatomicrefcount          ref_count;
  IzpStoreCommissionInput *stored;
  IzpLedger               *ledger;
  GHashTable              *names;      /* borrowed from stored */
  GPtrArray               *clients_by_name;
  gint64                   load_usec;
};

G_DEFINE_BOXED_TYPE (IzpCommissionData, izp_commission_data,
                     izp_commission_data_ref, izp_commission_data_unref)

IzpCommissionData *
izp_commission_data_ref (IzpCommissionData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
izp_commission_data_unref (IzpCommissionData *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->ledger, izp_ledger_free);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->clients_by_name, g_ptr_array_unref);
  g_clear_pointer (&self->stored, izp_store_commission_input_free);
  g_free (self);
}

/* Each batch of invoices read goes through the engine; the first one
 * starts the computation, every other list being read by then. */
static void
compute_invoices (const IzpStoreCommissionInput *input,
                  const IzpInvoiceFacts         *invoices,
                  gsize                          n_invoices,
                  gpointer                       user_data)
{
  IzpCommissionRun **run = user_data;

  /* The ledger is freed before the input whose ids it points into. */
  if (*run == NULL)
    *run = izp_commission_run_new (&input->input, TRUE, n_invoices);
  izp_commission_run_add_invoices (*run, invoices, n_invoices);
}

/* The engine's input straight from SQLite (the store's typed query), its
 * invoices computed as they are read rather than kept, and the client
 * names, borrowed from the input. */
static gboolean
read_and_compute (IzpCommissionData  *self,
                  IzpStore           *store,
                  GCancellable       *cancellable,
                  GError            **error)
{
  IzpCommissionRun *run = NULL;

  self->stored = izp_store_read_commission_input_batched (store, compute_invoices, &run, cancellable, error);
  if (self->stored == NULL)
    {
      if (run != NULL)
        izp_ledger_free (izp_commission_run_finish (run));
      return FALSE;
    }
  if (run == NULL)
    run = izp_commission_run_new (&self->stored->input, TRUE, 0);
  self->ledger = izp_commission_run_finish (run);

  for (gsize i = 0; i < self->stored->input.n_clients; i++)
    {
      const char *company = self->stored->client_companies[i];

      if (company != NULL)
        g_hash_table_insert (self->names, (gpointer) self->stored->input.clients[i].id, (gpointer) company);
    }
  return TRUE;
}

/* What the dashboard needs of these figures, kept in the store: the next
 * start shows it without computing them. A failure costs only that. */
static void
keep_summary (IzpCommissionData *self,
              IzpStore          *store)
{
  g_autoptr(GArray) days = izp_ledger_daily_totals (self->ledger);
  /* The day does not matter: the summary keeps whether a batch was paid. */
  g_autoptr(GArray) batches = izp_commission_data_payouts (self, izp_date_today_local ());
  g_autoptr(GError) error = NULL;

  if (!izp_store_put_commission_summary (store, self->stored->generation, days, batches, &error))
    g_warning ("Could not keep the commission summary: %s", error->message);
}

/**
 * izp_commission_data_load:
 *
 * Returns: (transfer full) (nullable): the figures, or %NULL with @error set
 */
IzpCommissionData *
izp_commission_data_load (IzpStore  *store,
                          GError   **error)
{
  IzpCommissionData *self;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  self = g_new0 (IzpCommissionData, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->names = g_hash_table_new (g_str_hash, g_str_equal);

  if (!read_and_compute (self, store, NULL, error))
    {
      izp_commission_data_unref (self);
      return NULL;
    }
  /* For the pages' client filter, off the main thread. */
  self->clients_by_name = izp_ledger_clients_by_name (self->ledger, self->names);
  keep_summary (self, store);
  self->load_usec = g_get_monotonic_time () - start;
  return self;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  IzpCommissionData *data = izp_commission_data_load (task_data, &error);

  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_object_set_data_full (task_data, CACHE_KEY, izp_commission_data_ref (data),
                          (GDestroyNotify) izp_commission_data_unref);
  g_task_return_pointer (task, data, (GDestroyNotify) izp_commission_data_unref);
}

void
izp_commission_data_load_async (IzpStore            *store,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IZP_IS_STORE (store));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_commission_data_load_async);
  g_task_set_task_data (task, g_object_ref (store), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

IzpCommissionData *
izp_commission_data_load_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
dup_data (gpointer data,
          gpointer user_data)
{
  return data != NULL ? izp_commission_data_ref (data) : NULL;
}

/**
 * izp_commission_data_dup_cached:
 *
 * Returns: (transfer full) (nullable)
 */
IzpCommissionData *
izp_commission_data_dup_cached (IzpStore *store)
{
  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  /* Under the object's data lock: a worker may replace it meanwhile. */
  return g_object_dup_data (G_OBJECT (store), CACHE_KEY, dup_data, NULL);
}

const IzpCommissionInput *
izp_commission_data_get_input (IzpCommissionData *self)
{
  return &self->stored->input;
}

const IzpLedger *
izp_commission_data_get_ledger (IzpCommissionData *self)
{
  return self->ledger;
}

const char *
izp_commission_data_get_currency (IzpCommissionData *self)
{
  return self->ledger->currency;
}

IzpClientNames *
izp_commission_data_get_names (IzpCommissionData *self)
{
  return self->names;
}

/**
 * izp_commission_data_get_client_name:
 *
 * Returns: (nullable): the client's company name, else @client_id
 */
const char *
izp_commission_data_get_client_name (IzpCommissionData *self,
                                     const char        *client_id)
{
  const char *name;

  if (client_id == NULL)
    return NULL;
  name = g_hash_table_lookup (self->names, client_id);
  return name != NULL ? name : client_id;
}

const char *
izp_commission_data_get_cabinet (IzpCommissionData *self)
{
  return self->stored->cabinet;
}

const char *
izp_commission_data_get_manager_name (IzpCommissionData *self)
{
  return self->stored->manager_name;
}

const char *
izp_commission_data_get_manager_email (IzpCommissionData *self)
{
  return self->stored->manager_email;
}

gint64
izp_commission_data_get_load_usec (IzpCommissionData *self)
{
  return self->load_usec;
}

/**
 * izp_commission_data_payouts:
 *
 * Returns: (transfer full) (element-type IzpPayoutBatch)
 */
GArray *
izp_commission_data_payouts (IzpCommissionData *self,
                             IzpDate            today)
{
  const IzpCommissionInput *input = &self->stored->input;

  return izp_payout_batches (self->ledger, &input->terms, input->statements, input->n_statements, today);
}

IzpReconciliation *
izp_commission_data_reconcile (IzpCommissionData *self)
{
  const IzpCommissionInput *input = &self->stored->input;

  return izp_reconcile (self->ledger, &input->terms, input->statements, input->n_statements);
}

/**
 * izp_commission_data_get_clients_by_name:
 *
 * Returns: (transfer none) (element-type utf8): the clients that have a
 *   line, by name (izp_ledger_clients_by_name())
 */
GPtrArray *
izp_commission_data_get_clients_by_name (IzpCommissionData *self)
{
  return self->clients_by_name;
}
