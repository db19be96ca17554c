/* test-store-query.c — typed reads of a store filled by a real sync
 *
 * The sandbox serves a dataset file; the sync stores it; the queries read
 * it back as typed structs. The commission figures are checked against the
 * external oracle tests/core/data/commission-scenario-7.expected.json, and
 * against the same file read through the JSON input reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-commission-input.h"
#include "izp-store-query.h"
#include "izp-test-util.h"

#define SCENARIO_EMAIL    "hidden7@exemple.fr"
#define SCENARIO_PASSWORD "Mot-de-passe-7!"

static char *
scenario_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "core", "data", name, NULL);
}

static IzpStoreCommissionInput *
read_input (IzpStore      *store,
            GCancellable  *cancellable,
            GError       **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  IzpStoreCommissionInput *input;

  izp_store_read_commission_input_async (store, cancellable, on_done, &waiter);
  result = wait_for (&waiter);
  input = izp_store_read_commission_input_finish (store, result, error);
  waiter_clear (&waiter);
  return input;
}


/* The figures of the oracle file: years, kinds, totals, anomalies. */
static void
assert_matches_oracle (const IzpLedger *ledger,
                       JsonObject      *expected)
{
  JsonObject *by_year = json_object_get_object_member (expected, "commissions_by_year");
  JsonArray *groups = json_object_get_array_member (by_year, "groups");
  JsonArray *anomalies = json_object_get_array_member (by_year, "anomalies");
  g_autoptr(GArray) years = izp_ledger_group (ledger, IZP_GROUP_BY_YEAR, IZP_DATE_NONE, IZP_DATE_NONE);
  IzpCents total = 0;

  g_assert_cmpint (ledger->lines->len, ==, json_object_get_int_member (expected, "ledger_lines"));
  g_assert_cmpuint (years->len, ==, json_array_get_length (groups));
  for (guint i = 0; i < years->len; i++)
    {
      const IzpLedgerGroup *group = &g_array_index (years, IzpLedgerGroup, i);
      JsonObject *want = json_array_get_object_element (groups, i);
      JsonObject *want_kinds = json_object_get_object_member (want, "by_kind");

      g_assert_cmpstr (group->key, ==, json_object_get_string_member (want, "key"));
      for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
        {
          const char *name = izp_ledger_kind_to_string (k);

          g_assert_cmpint (group->by_kind[k], ==,
                           json_object_get_int_member_with_default (want_kinds, name, 0));
        }
      g_assert_cmpint (group->total_cents, ==, json_object_get_int_member (want, "total_cents"));
      total += group->total_cents;
    }
  g_assert_cmpint (total, ==, json_object_get_int_member (by_year, "total_cents"));

  g_assert_cmpuint (ledger->anomalies->len, ==, json_array_get_length (anomalies));
  for (guint i = 0; i < ledger->anomalies->len; i++)
    {
      const IzpAnomaly *anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, i);
      JsonObject *want = json_array_get_object_element (anomalies, i);

      g_assert_cmpstr (anomaly->ref, ==, json_object_get_string_member (want, "ref"));
      g_assert_cmpstr (izp_anomaly_reason_to_string (anomaly->reason), ==,
                       json_object_get_string_member (want, "reason"));
    }
}

static void
test_commission_input_from_synced_store (void)
{
  g_autofree char *dataset_path = scenario_path ("commission-scenario-7.json");
  g_autofree char *expected_path = scenario_path ("commission-scenario-7.expected.json");
  g_autoptr(IzpSandboxServer) server = start_server_with_file (dataset_path);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in_as (client, SCENARIO_EMAIL, SCENARIO_PASSWORD, &error);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(IzpStoreCommissionInput) stored = NULL;
  g_autoptr(IzpCommissionInput) from_json = NULL;
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(IzpLedger) json_ledger = NULL;
  g_autoptr(JsonNode) dataset = load_json_file (dataset_path);
  g_autoptr(JsonNode) expected = load_json_file (expected_path);
  g_autoptr(GArray) batches = NULL;
  JsonArray *expected_batches;
  IzpSyncSummary summary;
  TempStore temp;

  g_assert_no_error (error);
  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  izp_sync_set_page_limit (sync, 100);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);

  stored = read_input (temp.store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  /* The file's lists, as they are in it. */
  g_assert_cmpstr (stored->input.terms.currency, ==, "EUR");
  g_assert_cmpstr (stored->cabinet, ==, "Cabinet Hôtel-de-Ville & Fils 7");
  g_assert_cmpstr (stored->manager_name, ==, "Inès Roux");
  g_assert_cmpstr (stored->manager_email, ==, "ines.roux@izyinbox.fr");
  g_assert_cmpstr (stored->client_companies[0], ==, "Société 0 « L'Étoile » SARL");
  g_assert_true (stored->input.terms.founder);
  g_assert_cmpuint (stored->input.terms.n_tier_history, ==, 2);
  g_assert_cmpuint (stored->input.terms.tier_history[1].tier, ==, IZP_TIER_CERTIFIE);
  g_assert_cmpuint (stored->input.n_clients, ==, 61);
  g_assert_cmpuint (stored->input.n_invoices, ==, 993);
  g_assert_cmpuint (stored->input.n_sub_partners, ==, 1);
  g_assert_cmpuint (stored->input.n_campaigns, ==, 2);
  g_assert_cmpuint (stored->input.n_statements, ==, 0);

  ledger = izp_commission_compute (&stored->input);
  assert_matches_oracle (ledger, json_node_get_object (expected));

  /* Payout batches: due dates and totals of the oracle. */
  batches = izp_payout_batches (ledger, &stored->input.terms, stored->input.statements,
                                stored->input.n_statements, izp_date_new (2028, 7, 1));
  expected_batches = json_object_get_array_member (json_object_get_object_member (
                       json_node_get_object (expected), "payouts"), "batches");
  g_assert_cmpuint (batches->len, ==, json_array_get_length (expected_batches));
  for (guint i = 0; i < json_array_get_length (expected_batches); i++)
    {
      JsonObject *want = json_array_get_object_element (expected_batches, i);
      gboolean found = FALSE;

      for (guint j = 0; j < batches->len; j++)
        {
          const IzpPayoutBatch *batch = &g_array_index (batches, IzpPayoutBatch, j);

          if (g_strcmp0 (batch->period.key, json_object_get_string_member (want, "key")) != 0)
            continue;
          found = TRUE;
          g_assert_cmpint (batch->total_cents, ==, json_object_get_int_member (want, "total_cents"));
        }
      g_assert_true (found);
    }

  /* The same ledger as through the JSON reader of the same file. */
  from_json = izp_commission_input_from_json (dataset, &error);
  g_assert_no_error (error);
  json_ledger = izp_commission_compute (from_json);
  assert_ledgers_equal (ledger, json_ledger, TRUE);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

/* Before any sync there are no terms: a clear error, no crash. */
static void
test_commission_input_before_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  TempStore temp;

  temp_store_init (&temp, "http://127.0.0.1:1/v1");
  input = read_input (temp.store, NULL, &error);
  g_assert_null (input);
  g_assert_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED);
  temp_store_clear (&temp);
}

static GPtrArray *
read_outbox (IzpStore *store)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  izp_store_read_outbox_async (store, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  entries = izp_store_read_outbox_finish (store, result, &error);
  g_assert_no_error (error);
  waiter_clear (&waiter);
  return entries;
}

static void
change_outbox (IzpStore *store,
               gint64    id,
               gboolean  discard)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (discard)
    izp_store_discard_outbox_async (store, id, NULL, on_done, &waiter);
  else
    izp_store_retry_outbox_async (store, id, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_store_change_outbox_finish (store, result, &error));
  g_assert_no_error (error);
  waiter_clear (&waiter);
}

static char *
queue_link (IzpSync    *sync,
            const char *label,
            const char *campaign)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Waiter waiter = { NULL, NULL };
  char *local_id;

  json_object_set_string_member (body, "label", label);
  json_object_set_string_member (body, "channel", "print");
  if (campaign != NULL)
    json_object_set_string_member (body, "campaign", campaign);
  izp_sync_queue_link_async (sync, body, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  local_id = izp_sync_queue_link_finish (sync, result, &error);
  g_assert_no_error (error);
  waiter_clear (&waiter);
  return local_id;
}

static guint
count_links_on_server (IzpApiClient *client,
                       const char   *label)
{
  g_autoptr(GPtrArray) links = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  guint n = 0;

  for (guint i = 0; i < links->len; i++)
    if (g_strcmp0 (json_object_get_string_member (json_node_get_object (links->pdata[i]), "label"),
                   label) == 0)
      n++;
  return n;
}

static gboolean
store_has_link (IzpStore   *store,
                const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = izp_store_dump_collection (store, IZP_COLLECTION_REFERRAL_LINKS, &error);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", id);

  g_assert_no_error (error);
  return strstr (dump, quoted) != NULL;
}

/* A link the server refuses stays, refused, with the server's reason; a
 * retried one is registered exactly once; a discarded one leaves nothing. */
static void
test_outbox_refused_retry_discard (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *refused_id = NULL;
  g_autofree char *retried_id = NULL;
  IzpOutboxEntry *entry;
  IzpSyncSummary summary;
  TempStore temp;

  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);

  /* The campaign is not a slug: the server answers 400 with its reason. */
  refused_id = queue_link (sync, "Salon des artisans", "Pas un slug !");
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 0);

  entries = read_outbox (temp.store);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpint (entry->state, ==, IZP_OUTBOX_REFUSED);
  g_assert_cmpstr (entry->local_id, ==, refused_id);
  g_test_message ("refused: %s", entry->message);
  g_assert_nonnull (strstr (entry->message, "campaign"));
  g_assert_nonnull (strstr (entry->message, "campaign must match"));
  g_assert_cmpint (entry->attempts, ==, 1);
  g_assert_true (store_has_link (temp.store, refused_id));

  /* Not sent again by the next sync while refused. */
  izp_sandbox_server_reset_counters (server);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/referral-links"), ==, 0);

  /* An entry the server refused once (say, before a fix on its side),
   * retried by the user: pending, sent, registered exactly once. */
  retried_id = queue_link (sync, "Flyer boulangerie", NULL);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = read_outbox (temp.store);
  g_assert_cmpuint (entries->len, ==, 2);
  entry = entries->pdata[1];
  g_assert_true (izp_store_refuse_outbox (temp.store, entry, "Le serveur est en maintenance.", &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = read_outbox (temp.store);
  entry = entries->pdata[1];
  g_assert_cmpint (entry->state, ==, IZP_OUTBOX_REFUSED);
  g_assert_cmpstr (entry->message, ==, "Le serveur est en maintenance.");

  change_outbox (temp.store, entry->id, FALSE);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = read_outbox (temp.store);
  entry = entries->pdata[1];
  g_assert_cmpint (entry->state, ==, IZP_OUTBOX_PENDING);
  g_assert_null (entry->message);

  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_links_on_server (client, "Flyer boulangerie"), ==, 1);
  g_assert_false (store_has_link (temp.store, retried_id));

  /* Discard: the refused entry and its local row go. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = read_outbox (temp.store);
  g_assert_cmpuint (entries->len, ==, 1);
  change_outbox (temp.store, ((IzpOutboxEntry *) entries->pdata[0])->id, TRUE);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = read_outbox (temp.store);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_false (store_has_link (temp.store, refused_id));
  g_assert_cmpuint (count_links_on_server (client, "Salon des artisans"), ==, 0);
  assert_store_equals_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-query/commission-input-from-synced-store",
                   test_commission_input_from_synced_store);
  g_test_add_func ("/store-query/commission-input-before-sync", test_commission_input_before_sync);
  g_test_add_func ("/store-query/outbox-refused-retry-discard", test_outbox_refused_retry_discard);

  return g_test_run ();
}
