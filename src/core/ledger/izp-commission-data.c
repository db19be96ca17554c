/* izp-commission-data.c — one account's commission figures, computed from
 * its store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "izp-commission-data.h"
#include "izp-commission-input.h"
#include "izp-json.h"

#define CACHE_KEY "izp-commission-data"

struct _IzpCommissionData
{
  gatomicrefcount     ref_count;
  IzpCommissionInput *input;
  IzpLedger          *ledger;
  GHashTable         *names;
  char               *cabinet;
  char               *manager_name;
  char               *manager_email;
  gint64              load_usec;
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
  g_clear_pointer (&self->input, izp_commission_input_free);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_free (self->cabinet);
  g_free (self->manager_name);
  g_free (self->manager_email);
  g_free (self);
}

static char *
dup_member_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* STOPGAP until the store branch's typed queries are merged: the engine's
 * input goes through the store's JSON dump and izp_commission_input_from_json().
 * The store branch builds IzpCommissionInput straight from SQLite; this
 * function is the one call site to replace. */
static gboolean
read_input (IzpCommissionData  *self,
            IzpStore           *store,
            GError            **error)
{
  static const struct { IzpCollectionId id; const char *member; } collections[] = {
    { IZP_COLLECTION_CLIENTS, "clients" },
    { IZP_COLLECTION_INVOICES, "invoices" },
    { IZP_COLLECTION_SUB_PARTNERS, "sub_partners" },
    { IZP_COLLECTION_CAMPAIGNS, "campaigns" },
    { IZP_COLLECTION_STATEMENTS, "statements" },
  };
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) dataset = json_object_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *partner_text = NULL;
  JsonObject *partner;
  JsonArray *clients;

  partner_text = izp_store_get_document (store, "partner", NULL, error);
  if (partner_text == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_SQL,
                     _("The partner's profile has not been synced yet."));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, partner_text, -1, error))
    return FALSE;
  json_object_set_member (dataset, "partner", json_node_copy (json_parser_get_root (parser)));

  for (guint i = 0; i < G_N_ELEMENTS (collections); i++)
    {
      g_autofree char *text = izp_store_dump_collection (store, collections[i].id, error);

      if (text == NULL || !json_parser_load_from_data (parser, text, -1, error))
        return FALSE;
      json_object_set_member (dataset, collections[i].member,
                              json_node_copy (json_parser_get_root (parser)));
    }

  partner = json_object_get_object_member (dataset, "partner");
  if (partner == NULL)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE, _("%s: an object is expected"), "partner");
      return FALSE;
    }
  self->cabinet = dup_member_string (partner, "cabinet");
  if (json_object_has_member (partner, "account_manager") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (partner, "account_manager")))
    {
      JsonObject *manager = json_object_get_object_member (partner, "account_manager");

      self->manager_name = dup_member_string (manager, "name");
      self->manager_email = dup_member_string (manager, "email");
    }

  clients = json_object_get_array_member (dataset, "clients");
  for (guint i = 0; clients != NULL && i < json_array_get_length (clients); i++)
    {
      JsonObject *client = json_array_get_object_element (clients, i);
      char *id = dup_member_string (client, "id");
      char *company = dup_member_string (client, "company");

      if (id != NULL && company != NULL)
        g_hash_table_insert (self->names, id, company);
      else
        {
          g_free (id);
          g_free (company);
        }
    }

  json_node_take_object (root, g_steal_pointer (&dataset));
  self->input = izp_commission_input_from_json (root, error);
  return self->input != NULL;
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
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!read_input (self, store, error))
    {
      izp_commission_data_unref (self);
      return NULL;
    }

  self->ledger = izp_commission_compute (self->input);
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
  return self->input;
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
  return self->cabinet;
}

const char *
izp_commission_data_get_manager_name (IzpCommissionData *self)
{
  return self->manager_name;
}

const char *
izp_commission_data_get_manager_email (IzpCommissionData *self)
{
  return self->manager_email;
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
  return izp_payout_batches (self->ledger, &self->input->terms, self->input->statements,
                             self->input->n_statements, today);
}

IzpReconciliation *
izp_commission_data_reconcile (IzpCommissionData *self)
{
  return izp_reconcile (self->ledger, &self->input->terms, self->input->statements,
                        self->input->n_statements);
}
