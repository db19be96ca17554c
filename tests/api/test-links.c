/* test-links.c — referral links against the sandbox server
 *
 * Create online and offline, with every awkward character a partner may
 * type; exactly one link on the server even when the POST's response is
 * lost after the server committed it; a link the server refuses; archive
 * round trip, online and offline (also of a link created offline, and
 * with the PATCH's answer lost); daily clicks fetched and kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "izp-links.h"
#include "izp-test-util.h"

/* Accents, spaces, ampersands, quotes, #, + and emoji. */
#define AWKWARD "L’été à Zoë & Cie \"#1\" + 'ok' 🥐 100% a=b?c/d"

typedef struct
{
  IzpSandboxServer *server;
  IzpApiClient     *client;
  TempStore         temp;
  IzpSync          *sync;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  f->server = start_server ();
  f->client = new_client (izp_sandbox_server_get_base_url (f->server));
  token = sign_in (f->client, PASSWORD, &error);
  g_assert_no_error (error);
  temp_store_init (&f->temp, izp_sandbox_server_get_base_url (f->server));
  f->sync = izp_sync_new (f->client, f->temp.store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sync);
  temp_store_clear (&f->temp);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

static JsonObject *
create_link (IzpSync             *sync,
             const IzpLinkDraft  *draft,
             gboolean            *out_queued,
             GError             **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *link;

  izp_links_create_async (sync, draft, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  link = izp_links_create_finish (sync, result, out_queued, error);
  waiter_clear (&waiter);
  return link;
}

/* A client of a server that is not there: port 9 (discard) refuses, so the
 * network is the failure, not the sign-in. */
static IzpApiClient *
new_offline_client (void)
{
  IzpApiClient *offline = new_client ("http://127.0.0.1:9/v1");

  izp_api_client_set_refresh_token (offline, "offline-token");
  izp_api_client_set_retry_policy (offline, 1, 1, 1, 1);
  return offline;
}

static void
draft_init (IzpLinkDraft *draft,
            const char   *label,
            const char   *channel)
{
  memset (draft, 0, sizeof *draft);
  izp_link_draft_set (draft, IZP_LINK_FIELD_LABEL, label);
  izp_link_draft_set (draft, IZP_LINK_FIELD_CHANNEL, channel);
}

/* The server's links with @label (its own copy, not ours). */
static GPtrArray *
server_links_labelled (IzpApiClient *client,
                       const char   *label)
{
  g_autoptr(GPtrArray) links = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = json_node_get_object (links->pdata[i]);

      if (g_strcmp0 (json_object_get_string_member (link, "label"), label) == 0)
        g_ptr_array_add (matches, json_object_ref (link));
    }
  return matches;
}

static const char *
query_value (GHashTable *query,
             const char *name)
{
  return g_hash_table_lookup (query, name);
}

static void
test_create_online_awkward (Fixture       *f,
                            gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(IzpLinkEntry) entry = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  JsonObject *server_link, *prospect;
  gboolean queued = TRUE;

  draft_init (&draft, AWKWARD, "linkedin");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CAMPAIGN, "facturation-2026");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_SLUG, "zoe-et-cie");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_FIRST_NAME, "Zoë \"#1\" + 🥐");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_LAST_NAME, "O’Brien & Müller");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_COMPANY, "Boulangerie A&B #2 + « Cie » 🥖");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_EMAIL, "zoe+devis@boulangerie-ab.fr");

  link = create_link (f->sync, &draft, &queued, &error);
  g_assert_no_error (error);
  g_assert_false (queued);

  /* Exactly one on the server, every field as typed. */
  on_server = server_links_labelled (f->client, AWKWARD);
  g_assert_cmpuint (on_server->len, ==, 1);
  server_link = on_server->pdata[0];
  prospect = json_object_get_object_member (server_link, "prospect");
  g_assert_cmpstr (json_object_get_string_member (prospect, "first_name"), ==, "Zoë \"#1\" + 🥐");
  g_assert_cmpstr (json_object_get_string_member (prospect, "last_name"), ==, "O’Brien & Müller");
  g_assert_cmpstr (json_object_get_string_member (prospect, "company"), ==,
                   "Boulangerie A&B #2 + « Cie » 🥖");
  g_assert_cmpstr (json_object_get_string_member (prospect, "email"), ==, "zoe+devis@boulangerie-ab.fr");

  /* The URL is the server's, and it is a well-formed one: the contract's
   * query (docs/partner-api-v1.md) with the link's own code. */
  g_assert_cmpstr (json_object_get_string_member (link, "url"), ==,
                   json_object_get_string_member (server_link, "url"));
  uri = g_uri_parse (json_object_get_string_member (link, "url"), G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
  query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (query_value (query, "ref"), ==, json_object_get_string_member (server_link, "code"));
  g_assert_cmpstr (query_value (query, "utm_source"), ==, "partner");
  g_assert_cmpstr (query_value (query, "utm_medium"), ==, "linkedin");
  g_assert_cmpstr (query_value (query, "utm_campaign"), ==, "facturation-2026");
  g_assert_null (g_uri_get_fragment (uri));

  /* Stored as the server answered, nothing left in the outbox. */
  entry = izp_links_find (f->temp.store, json_object_get_string_member (link, "id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->state, ==, IZP_LINK_STATE_REGISTERED);
  g_assert_cmpstr (izp_link_entry_get_url (entry), ==, json_object_get_string_member (server_link, "url"));
  g_assert_cmpstr (izp_link_entry_get_label (entry), ==, AWKWARD);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "POST", "/v1/referral-links"), ==, 1);

  izp_link_draft_clear (&draft);
}

static void
test_create_invalid_sends_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  draft_init (&draft, "Boulangerie", "email");
  izp_link_draft_set (&draft, IZP_LINK_FIELD_CAMPAIGN, "Campagne d'été");
  link = create_link (f->sync, &draft, NULL, &error);
  g_assert_null (link);
  g_assert_error (error, IZP_LINK_ERROR, IZP_LINK_FIELD_CAMPAIGN);

  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "POST", "/v1/referral-links"), ==, 0);
  izp_link_draft_clear (&draft);
}

/* Created with no server to talk to, then registered by the next sync. */
static void
test_create_offline_then_sync (Fixture       *f,
                               gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpApiClient) offline = new_offline_client ();
  g_autoptr(IzpSync) offline_sync = izp_sync_new (offline, f->temp.store);
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(IzpLinkEntry) pending = NULL;
  g_autoptr(IzpLinkEntry) registered = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(GPtrArray) all = NULL;
  IzpSyncSummary summary;
  gboolean queued = FALSE;

  draft_init (&draft, "Hors ligne " AWKWARD, "print");
  local = create_link (offline_sync, &draft, &queued, &error);
  g_assert_no_error (error);
  g_assert_true (queued);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (local, "id"), "local_"));

  pending = izp_links_find (f->temp.store, json_object_get_string_member (local, "id"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (pending->state, ==, IZP_LINK_STATE_PENDING);
  /* No URL of our own making while queued. */
  g_assert_null (izp_link_entry_get_url (pending));

  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);

  on_server = server_links_labelled (f->client, "Hors ligne " AWKWARD);
  g_assert_cmpuint (on_server->len, ==, 1);
  all = izp_links_list (f->temp.store, TRUE, &error);
  for (guint i = 0; i < all->len; i++)
    {
      IzpLinkEntry *entry = all->pdata[i];

      g_assert_false (g_str_has_prefix (izp_link_entry_get_id (entry), "local_"));
      if (g_strcmp0 (izp_link_entry_get_label (entry), "Hors ligne " AWKWARD) == 0)
        {
          g_assert_null (registered);
          registered = izp_links_find (f->temp.store, izp_link_entry_get_id (entry), &error);
        }
    }
  g_assert_nonnull (registered);
  g_assert_cmpint (registered->state, ==, IZP_LINK_STATE_REGISTERED);
  g_assert_cmpstr (izp_link_entry_get_url (registered), ==,
                   json_object_get_string_member (on_server->pdata[0], "url"));
  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

/* The server commits the POST and the answer is lost: the link waits in
 * the outbox, and the next sync's retry with the same key gets the same
 * link back instead of a second one. */
static void
test_create_response_lost (Fixture       *f,
                           gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  IzpSyncSummary summary;
  gboolean queued = FALSE;

  draft_init (&draft, "Réponse perdue & retrouvée", "email");
  izp_sandbox_server_set_faults (f->server, 1.0, IZP_SANDBOX_FAULT_DROP, 5);
  izp_api_client_set_retry_policy (f->client, 2, 1, 5, 5);
  local = create_link (f->sync, &draft, &queued, &error);
  g_assert_no_error (error);
  g_assert_true (queued);
  izp_sandbox_server_set_faults (f->server, 0, 0, 0);
  izp_api_client_set_retry_policy (f->client, 8, 10, 200, 1000);

  /* Committed on the server already, still pending here. */
  on_server = server_links_labelled (f->client, "Réponse perdue & retrouvée");
  g_assert_cmpuint (on_server->len, ==, 1);
  g_clear_pointer (&on_server, g_ptr_array_unref);

  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);

  on_server = server_links_labelled (f->client, "Réponse perdue & retrouvée");
  g_assert_cmpuint (on_server->len, ==, 1);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "POST", "/v1/referral-links"), >=, 3);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

/* A queued body the server refuses (written by an older version with other
 * rules, say): the link shows the server's reason, and sync leaves it for
 * the partner to decide. */
static void
test_refused_kept_with_reason (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpLinkEntry) entry = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *label = g_strnfill (121, 'x');
  Waiter waiter = { NULL, NULL };
  IzpSyncSummary summary;

  json_object_set_string_member (body, "label", label);
  json_object_set_string_member (body, "channel", "email");
  izp_sync_queue_link_async (f->sync, body, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  local_id = izp_sync_queue_link_finish (f->sync, result, &error);
  g_assert_no_error (error);
  waiter_clear (&waiter);

  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 0);

  entry = izp_links_find (f->temp.store, local_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, IZP_LINK_STATE_REFUSED);
  g_assert_nonnull (strstr (entry->refusal, "120"));
  g_assert_null (izp_link_entry_get_url (entry));

  /* Not sent again by the next run. */
  izp_sandbox_server_reset_counters (f->server);
  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "POST", "/v1/referral-links"), ==, 0);
}

/* A link queued with a 121-character label, refused by the next sync. */
static char *
queue_refused (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpLinkEntry) entry = NULL;
  g_autofree char *label = g_strnfill (121, 'x');
  Waiter waiter = { NULL, NULL };
  char *local_id;

  json_object_set_string_member (body, "label", label);
  json_object_set_string_member (body, "channel", "phone");
  izp_sync_queue_link_async (f->sync, body, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  local_id = izp_sync_queue_link_finish (f->sync, result, &error);
  g_assert_no_error (error);
  waiter_clear (&waiter);
  g_assert_true (run_sync (f->sync, NULL, NULL, &error));
  g_assert_no_error (error);

  entry = izp_links_find (f->temp.store, local_id, &error);
  g_assert_cmpint (entry->state, ==, IZP_LINK_STATE_REFUSED);
  return local_id;
}

static JsonObject *
retry_link (IzpSync             *sync,
            const char          *local_id,
            const IzpLinkDraft  *draft,
            gboolean            *out_queued,
            GError             **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *link;

  izp_links_retry_async (sync, local_id, draft, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  link = izp_links_retry_finish (sync, result, out_queued, error);
  waiter_clear (&waiter);
  return link;
}

static void
test_refused_corrected_and_retried (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *local_id = queue_refused (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(IzpLinkEntry) gone = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  IzpLinkDraft draft;
  gboolean queued = TRUE;

  /* As it was: refused again, still there with its reason. */
  again = retry_link (f->sync, local_id, NULL, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED);
  g_clear_error (&error);
  gone = izp_links_find (f->temp.store, local_id, &error);
  g_assert_cmpint (gone->state, ==, IZP_LINK_STATE_REFUSED);
  g_clear_pointer (&gone, izp_link_entry_free);

  /* Corrected: registered, once, and the refused one is gone. */
  draft_init (&draft, "Libellé corrigé & court", "phone");
  link = retry_link (f->sync, local_id, &draft, &queued, &error);
  g_assert_no_error (error);
  g_assert_false (queued);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (link, "url"), "https://"));

  gone = izp_links_find (f->temp.store, local_id, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  on_server = server_links_labelled (f->client, "Libellé corrigé & court");
  g_assert_cmpuint (on_server->len, ==, 1);
  listed = izp_links_list (f->temp.store, TRUE, &error);
  for (guint i = 0; i < listed->len; i++)
    g_assert_cmpint (((IzpLinkEntry *) listed->pdata[i])->state, ==, IZP_LINK_STATE_REGISTERED);

  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

static void
test_refused_discarded (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *local_id = queue_refused (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpLinkEntry) gone = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  Waiter waiter = { NULL, NULL };

  izp_links_discard_async (f->sync, local_id, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_links_discard_finish (f->sync, result, &error));
  g_assert_no_error (error);
  waiter_clear (&waiter);

  gone = izp_links_find (f->temp.store, local_id, &error);
  g_assert_no_error (error);
  g_assert_null (gone);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  /* Nothing of it on the server either. */
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "POST", "/v1/referral-links"), ==, 1);
  assert_store_equals_server (f->temp.store, f->client);
}

static JsonObject *
set_archived_full (IzpSync     *sync,
                   const char  *id,
                   gboolean     archived,
                   gboolean    *out_queued,
                   GError     **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  JsonObject *link;

  izp_links_set_archived_async (sync, id, archived, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  link = izp_links_set_archived_finish (sync, result, out_queued, error);
  waiter_clear (&waiter);
  return link;
}

/* Sent at once: never queued. */
static JsonObject *
set_archived (IzpSync     *sync,
              const char  *id,
              gboolean     archived,
              GError     **error)
{
  gboolean queued = TRUE;
  JsonObject *link = set_archived_full (sync, id, archived, &queued, error);

  g_assert_true (link == NULL || !queued);
  return link;
}

static gboolean
list_holds (IzpStore   *store,
            gboolean    include_archived,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = izp_links_list (store, include_archived, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (izp_link_entry_get_id (entries->pdata[i]), id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_archive_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) archived = NULL;
  g_autoptr(JsonObject) back = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  const char *id;

  draft_init (&draft, "À archiver", "event");
  link = create_link (f->sync, &draft, NULL, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (link, "id");
  g_assert_true (list_holds (f->temp.store, FALSE, id));

  archived = set_archived (f->sync, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (archived, "archived"));
  on_server = server_links_labelled (f->client, "À archiver");
  g_assert_true (json_object_get_boolean_member (on_server->pdata[0], "archived"));
  /* Hidden by default, there when asked for. */
  g_assert_false (list_holds (f->temp.store, FALSE, id));
  g_assert_true (list_holds (f->temp.store, TRUE, id));

  back = set_archived (f->sync, id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_get_boolean_member (back, "archived"));
  g_assert_true (list_holds (f->temp.store, FALSE, id));
  g_clear_pointer (&on_server, g_ptr_array_unref);
  on_server = server_links_labelled (f->client, "À archiver");
  g_assert_false (json_object_get_boolean_member (on_server->pdata[0], "archived"));

  /* A sync afterwards agrees with what the PATCH stored. */
  g_assert_true (run_sync (f->sync, NULL, NULL, &error));
  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

/* The server's copy of the link @id. */
static JsonObject *
server_link (IzpApiClient *client,
             const char   *id)
{
  g_autoptr(GPtrArray) links = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = json_node_get_object (links->pdata[i]);

      if (g_strcmp0 (json_object_get_string_member (link, "id"), id) == 0)
        return json_object_ref (link);
    }
  g_assert_not_reached ();
}

/* Offline, @id gets @archived: at once in the list, its PATCH queued. */
static void
set_archived_offline (Fixture    *f,
                      const char *id,
                      gboolean    archived)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpApiClient) offline = new_offline_client ();
  g_autoptr(IzpSync) offline_sync = izp_sync_new (offline, f->temp.store);
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  IzpOutboxEntry *entry;
  gboolean queued = FALSE;

  local = set_archived_full (offline_sync, id, archived, &queued, &error);
  g_assert_no_error (error);
  g_assert_true (queued);
  g_assert_true (json_object_get_boolean_member (local, "archived") == archived);
  g_assert_true (list_holds (f->temp.store, FALSE, id) == !archived);
  g_assert_true (list_holds (f->temp.store, TRUE, id));

  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_no_error (error);
  entry = outbox->pdata[outbox->len - 1];
  g_assert_cmpstr (entry->kind, ==, "patch_link");
  g_assert_cmpstr (entry->local_id, ==, id);
  g_assert_cmpstr (entry->body, ==, archived ? "{\"archived\":true}" : "{\"archived\":false}");
}

/* Archived then unarchived with no network: each PATCH waits in the
 * outbox and the next sync applies it exactly once. */
static void
test_archive_offline_then_sync (Fixture       *f,
                                gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *path = NULL;
  IzpSyncSummary summary;
  const char *id;

  draft_init (&draft, "Archivé hors ligne", "event");
  link = create_link (f->sync, &draft, NULL, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (link, "id");
  path = g_strconcat ("/v1/referral-links/", id, NULL);

  for (int archived = 1; archived >= 0; archived--)
    {
      set_archived_offline (f, id, archived);
      remote = server_link (f->client, id);
      g_assert_true (json_object_get_boolean_member (remote, "archived") == !archived);
      g_clear_pointer (&remote, json_object_unref);

      g_assert_true (run_sync (f->sync, NULL, &summary, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (summary.outbox_sent, ==, 1);
      remote = server_link (f->client, id);
      g_assert_true (json_object_get_boolean_member (remote, "archived") == archived);
      g_clear_pointer (&remote, json_object_unref);
      g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "PATCH", path), ==, 2 - archived);
      outbox = izp_store_list_outbox (f->temp.store, &error);
      g_assert_cmpuint (outbox->len, ==, 0);
      g_clear_pointer (&outbox, g_ptr_array_unref);
      g_assert_true (list_holds (f->temp.store, FALSE, id) == !archived);
      assert_store_equals_server (f->temp.store, f->client);
    }
  izp_link_draft_clear (&draft);
}

/* A link created and archived offline: the sync registers it, then
 * archives it under the server's id. */
static void
test_archive_offline_created (Fixture       *f,
                              gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpApiClient) offline = new_offline_client ();
  g_autoptr(IzpSync) offline_sync = izp_sync_new (offline, f->temp.store);
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *path = NULL;
  IzpSyncSummary summary;

  draft_init (&draft, "Créé et archivé hors ligne", "print");
  local = create_link (offline_sync, &draft, NULL, &error);
  g_assert_no_error (error);
  set_archived_offline (f, json_object_get_string_member (local, "id"), TRUE);

  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 2);
  on_server = server_links_labelled (f->client, "Créé et archivé hors ligne");
  g_assert_cmpuint (on_server->len, ==, 1);
  g_assert_true (json_object_get_boolean_member (on_server->pdata[0], "archived"));
  path = g_strconcat ("/v1/referral-links/",
                      json_object_get_string_member (on_server->pdata[0], "id"), NULL);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f->server, "PATCH", path), ==, 1);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

/* The server applies the PATCH and the answer is lost: the change waits
 * in the outbox, and sending it again leaves the same state. */
static void
test_archive_response_lost (Fixture       *f,
                            gconstpointer  data)
{
  IzpLinkDraft draft;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(JsonObject) local = NULL;
  g_autoptr(JsonObject) remote = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  const char *id;
  gboolean queued = FALSE;

  draft_init (&draft, "Archivage sans réponse", "email");
  link = create_link (f->sync, &draft, NULL, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (link, "id");

  izp_sandbox_server_set_faults (f->server, 1.0, IZP_SANDBOX_FAULT_DROP, 5);
  izp_api_client_set_retry_policy (f->client, 2, 1, 5, 5);
  local = set_archived_full (f->sync, id, TRUE, &queued, &error);
  g_assert_no_error (error);
  g_assert_true (queued);
  izp_sandbox_server_set_faults (f->server, 0, 0, 0);
  izp_api_client_set_retry_policy (f->client, 8, 10, 200, 1000);

  /* Applied on the server already, still queued here, archived in both. */
  remote = server_link (f->client, id);
  g_assert_true (json_object_get_boolean_member (remote, "archived"));
  g_assert_false (list_holds (f->temp.store, FALSE, id));

  g_assert_true (run_sync (f->sync, NULL, NULL, &error));
  g_assert_no_error (error);
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
  g_clear_pointer (&remote, json_object_unref);
  remote = server_link (f->client, id);
  g_assert_true (json_object_get_boolean_member (remote, "archived"));
  g_assert_false (list_holds (f->temp.store, FALSE, id));
  assert_store_equals_server (f->temp.store, f->client);
  izp_link_draft_clear (&draft);
}

/* A change the server refuses (the link is gone there): kept with the
 * reason; discarding it drops the change alone and gives the flag back. */
static void
test_archive_refused_discarded (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fetch_all (f->client, IZP_COLLECTION_REFERRAL_LINKS);
  g_autoptr(JsonObject) ghost = json_object_ref (json_node_get_object (links->pdata[0]));
  g_autoptr(JsonObject) link = NULL;
  g_autoptr(IzpLinkEntry) refused = NULL;
  g_autoptr(IzpLinkEntry) back = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;

  /* A link this store has and the server does not. */
  json_object_set_string_member (ghost, "id", "lnk_gone_from_server");
  json_object_set_boolean_member (ghost, "archived", FALSE);
  g_assert_true (izp_store_put_item (f->temp.store, IZP_COLLECTION_REFERRAL_LINKS, ghost, &error));

  link = set_archived_full (f->sync, "lnk_gone_from_server", TRUE, NULL, &error);
  g_assert_null (link);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED);
  g_clear_error (&error);
  refused = izp_links_find (f->temp.store, "lnk_gone_from_server", &error);
  g_assert_cmpint (refused->state, ==, IZP_LINK_STATE_REFUSED);
  g_assert_nonnull (refused->refusal);

  izp_links_discard_async (f->sync, "lnk_gone_from_server", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_links_discard_finish (f->sync, result, &error));
  g_assert_no_error (error);
  waiter_clear (&waiter);

  back = izp_links_find (f->temp.store, "lnk_gone_from_server", &error);
  g_assert_nonnull (back);
  g_assert_cmpint (back->state, ==, IZP_LINK_STATE_REGISTERED);
  g_assert_false (izp_link_entry_is_archived (back));
  outbox = izp_store_list_outbox (f->temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);
}

static GPtrArray *
fetch_clicks (IzpSync     *sync,
              const char  *id,
              GError     **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *days;

  izp_links_fetch_clicks_async (sync, id, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  days = izp_links_fetch_clicks_finish (sync, result, error);
  waiter_clear (&waiter);
  return days;
}

static void
test_clicks_fetched_and_kept (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fetch_all (f->client, IZP_COLLECTION_REFERRAL_LINKS);
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) none = NULL;
  JsonObject *link = NULL, *stats;
  gint64 clicks = 0, unique = 0, bots = 0;

  for (guint i = 0; i < links->len && link == NULL; i++)
    {
      JsonObject *candidate = json_node_get_object (links->pdata[i]);

      if (json_object_get_int_member (json_object_get_object_member (candidate, "stats"), "clicks") > 0)
        link = candidate;
    }
  g_assert_nonnull (link);
  stats = json_object_get_object_member (link, "stats");

  /* Nothing kept before the first fetch. */
  none = izp_links_load_clicks (f->temp.store, json_object_get_string_member (link, "id"), &error);
  g_assert_no_error (error);
  g_assert_null (none);

  days = fetch_clicks (f->sync, json_object_get_string_member (link, "id"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, >, 0);
  for (guint i = 0; i < days->len; i++)
    {
      IzpApiClickDay *day = days->pdata[i];

      clicks += day->clicks;
      unique += day->unique;
      bots += day->suspected_bots;
    }
  /* Over the link's life the days add up to its stats (the contract). */
  g_assert_cmpint (clicks, ==, json_object_get_int_member (stats, "clicks"));
  g_assert_cmpint (unique, ==, json_object_get_int_member (stats, "unique_visitors"));
  g_assert_cmpint (bots, ==, json_object_get_int_member (stats, "suspected_bots"));

  kept = izp_links_load_clicks (f->temp.store, json_object_get_string_member (link, "id"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, days->len);
  for (guint i = 0; i < days->len; i++)
    {
      IzpApiClickDay *a = days->pdata[i], *b = kept->pdata[i];

      g_assert_cmpstr (a->day, ==, b->day);
      g_assert_cmpint (a->clicks, ==, b->clicks);
      g_assert_cmpint (a->unique, ==, b->unique);
      g_assert_cmpint (a->suspected_bots, ==, b->suspected_bots);
    }
}

/* An id goes into the path percent-encoded: unescaped, this one would
 * read lnk_0001's clicks. */
static void
test_clicks_id_escaped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = fetch_all (f->client, IZP_COLLECTION_REFERRAL_LINKS);
  const char *first = json_object_get_string_member (json_node_get_object (links->pdata[0]), "id");
  g_autofree char *tricky = g_strconcat (first, "/clicks?from=2026-01-01#", NULL);
  g_autoptr(GPtrArray) days = fetch_clicks (f->sync, tricky, &error);

  g_assert_null (days);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/links/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("create-online-awkward", test_create_online_awkward);
  ADD ("create-invalid-sends-nothing", test_create_invalid_sends_nothing);
  ADD ("create-offline-then-sync", test_create_offline_then_sync);
  ADD ("create-response-lost", test_create_response_lost);
  ADD ("refused-kept-with-reason", test_refused_kept_with_reason);
  ADD ("refused-corrected-and-retried", test_refused_corrected_and_retried);
  ADD ("refused-discarded", test_refused_discarded);
  ADD ("archive-round-trip", test_archive_round_trip);
  ADD ("archive-offline-then-sync", test_archive_offline_then_sync);
  ADD ("archive-offline-created", test_archive_offline_created);
  ADD ("archive-response-lost", test_archive_response_lost);
  ADD ("archive-refused-discarded", test_archive_refused_discarded);
  ADD ("clicks-fetched-and-kept", test_clicks_fetched_and_kept);
  ADD ("clicks-id-escaped", test_clicks_id_escaped);
#undef ADD

  return g_test_run ();
}
