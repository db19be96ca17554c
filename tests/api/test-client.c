/* test-client.c — API client and sync against the real sandbox server
 *
 * The sandbox runs in-process on its own thread; the client and the sync run
 * on this thread's main context, as in the app. Slow cases (fault
 * injection) are registered only with --slow (suite "slow").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "izp-demo.h"
#include "izp-test-util.h"


/* ------------------------------------------------------------------ */
/* Client */

static void
test_url_policy (void)
{
  const char *allowed[] = {
    "https://api.izyinbox.fr/v1", "http://127.0.0.1:8080/v1", "http://127.9.9.9/v1",
    "http://localhost:1234/v1", "http://[::1]:80/v1",
  };
  const char *refused[] = {
    "http://api.izyinbox.fr/v1", "http://128.0.0.1/v1", "http://10.0.0.1/v1",
    "ftp://127.0.0.1/v1", "http://localhost.example.com/v1", "not a url",
  };

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (izp_api_url_is_allowed (allowed[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IzpApiClient) client = izp_api_client_new (refused[i], &error);

      g_assert_null (client);
      g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_INSECURE_URL);
    }
}

static void
test_sign_in_success (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(IzpApiPage) page = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >, 8);

  /* The access token works. */
  page = get_page (client, IZP_COLLECTION_CLIENTS, NULL, NULL, 5, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (page->items), ==, 5);
  g_assert_nonnull (page->next_cursor);
  g_assert_nonnull (page->etag);
}

static void
test_sign_in_wrong_password (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, "not-the-password", &error);

  g_assert_null (token);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_WRONG_PASSWORD);
  /* No retry on a wrong password. */
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/auth/token"), ==, 1);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  /* Closed on return: nothing listens there. */
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_sign_in_server_down (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/v1", free_port ());
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gint64 start = g_get_monotonic_time ();

  token = sign_in (client, PASSWORD, &error);
  g_assert_null (token);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_SERVER_DOWN);
  g_assert_cmpstr (error->message, !=, "");
  /* It retried (with backoff), then gave up in bounded time. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

static void
on_token_rotated (IzpApiClient *client,
                  const char   *token,
                  gpointer      user_data)
{
  char **out = user_data;

  g_free (*out);
  *out = g_strdup (token);
}

/* A name that does not resolve is what "offline" looks like. */
static void
test_sign_in_no_network (void)
{
  g_autoptr(IzpApiClient) client = new_client ("https://api.nonexistent.invalid/v1");
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);

  g_assert_null (token);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_NO_NETWORK);
}

static void
on_tls_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  guint *requests = user_data;

  (*requests)++;
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, "{}", 2);
}

/* A certificate nobody vouches for: refused at once, never retried. */
static void
test_sign_in_bad_certificate (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "api", "data", "self-signed.pem", NULL);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(IzpApiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  GSList *uris;
  guint requests = 0;

  certificate = g_tls_certificate_new_from_file (pem, &error);
  g_assert_no_error (error);
  server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (server, NULL, on_tls_request, &requests, NULL);
  g_assert_true (soup_server_listen_local (server, 0,
                                           SOUP_SERVER_LISTEN_HTTPS | SOUP_SERVER_LISTEN_IPV4_ONLY,
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("https://127.0.0.1:%d/v1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  client = new_client (url);
  token = sign_in (client, PASSWORD, &error);
  g_assert_null (token);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_TLS);
  g_assert_cmpuint (requests, ==, 0);
}

static void
test_token_expiry (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (40, 1, 0, 0, 0);
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autofree char *rotated = NULL;
  g_autoptr(IzpApiPage) page = NULL;
  guint grants;

  g_assert_no_error (error);
  g_signal_connect (client, "refresh-token-changed", G_CALLBACK (on_token_rotated), &rotated);

  /* Let the 1 s access token expire; the client refreshes by itself. */
  g_usleep (1600 * 1000);
  page = get_page (client, IZP_COLLECTION_CLIENTS, NULL, NULL, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (page->items), ==, 10);

  grants = izp_sandbox_server_count_requests (server, "POST", "/v1/auth/token");
  g_assert_cmpuint (grants, ==, 2);
  /* Rotated, and given to the owner to store. */
  g_assert_nonnull (rotated);
  g_assert_cmpstr (rotated, !=, token);
}

static void
test_revoked_refresh_token (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(IzpApiPage) page = NULL;

  g_assert_no_error (error);
  izp_sandbox_server_revoke_tokens (server);
  izp_sandbox_server_expire_tokens (server);

  page = get_page (client, IZP_COLLECTION_CLIENTS, NULL, NULL, 10, NULL, &error);
  g_assert_null (page);
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN);
  g_assert_false (izp_api_client_has_refresh_token (client));
}

static void
test_conditional_page (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  g_autoptr(IzpApiClient) client = new_client (izp_sandbox_server_get_base_url (server));
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(IzpApiPage) first = NULL;
  g_autoptr(IzpApiPage) again = NULL;

  first = get_page (client, IZP_COLLECTION_CAMPAIGNS, NULL, NULL, 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first->etag);
  again = get_page (client, IZP_COLLECTION_CAMPAIGNS, NULL, NULL, 1000, first->etag, &error);
  g_assert_no_error (error);
  g_assert_true (again->unchanged);
}

/* ------------------------------------------------------------------ */
/* Sync */

/* The store after a full sync holds exactly the dataset FILE the sandbox
 * served: compared field by field with the file as parsed, not with what
 * the client decodes from the server. */
static void
test_full_sync_equals_dataset (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-dataset-XXXXXX", &error);
  g_autofree char *dataset_path = write_dataset_file (dir, 40);
  g_autoptr(IzpSandboxServer) server = start_server_with_file (dataset_path);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(JsonNode) dataset = NULL;
  g_autofree char *last_sync = NULL;
  IzpSyncSummary summary;
  TempStore temp;
  gint64 counts[IZP_N_COLLECTIONS];

  g_assert_no_error (error);
  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  /* Small pages: many cursors. */
  izp_sync_set_page_limit (sync, 37);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.items, >, 100);

  dataset = load_json_file (dataset_path);
  assert_store_equals_dataset (temp.store, json_node_get_object (dataset));

  g_assert_true (izp_store_get_account (temp.store, NULL, NULL, &last_sync, &error));
  g_assert_true (izp_instant_is_valid (last_sync));
  g_assert_true (izp_store_get_counts (temp.store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_CLIENTS], ==, 40);

  g_clear_object (&sync);
  temp_store_clear (&temp);
  remove_tree (dir);
}

static void
test_second_sync_changes_nothing (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  IzpSyncSummary summary;
  TempStore temp;

  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);

  for (guint round = 0; round < 2; round++)
    {
      izp_sandbox_server_reset_counters (server);
      g_assert_true (run_sync (sync, NULL, &summary, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (summary.items, ==, 0);
      /* Only conditional or updated_since requests, one per collection. */
      g_assert_cmpuint (izp_sandbox_server_count_full_reads (server), ==, 0);
      for (guint c = 0; c < IZP_N_COLLECTIONS; c++)
        g_assert_cmpuint (izp_sandbox_server_count_requests (server, "GET",
                                                             izp_schema_get_collection (c)->path), ==, 1);
    }
  /* By the third run every collection answers 304. */
  g_assert_cmpuint (summary.unchanged, ==, IZP_N_COLLECTIONS);

  assert_store_equals_server (temp.store, client);
  g_clear_object (&sync);
  temp_store_clear (&temp);
}

static void
test_server_changes_arrive (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(GPtrArray) clients = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autofree char *touched = NULL;
  g_autofree char *deleted = NULL;
  IzpSyncSummary summary;
  TempStore temp;
  gint64 counts[IZP_N_COLLECTIONS];

  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);

  clients = fetch_all (client, IZP_COLLECTION_CLIENTS);
  invoices = fetch_all (client, IZP_COLLECTION_INVOICES);
  touched = g_strdup (json_object_get_string_member (json_node_get_object (clients->pdata[3]), "id"));
  deleted = g_strdup (json_object_get_string_member (json_node_get_object (invoices->pdata[5]), "id"));

  /* updated_since is "strictly after": wait for the clock to move on. */
  g_usleep (1100 * 1000);
  g_assert_true (izp_sandbox_server_touch (server, "clients", touched, &error));
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_delete (server, "invoices", deleted, &error));
  g_assert_no_error (error);

  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.items, ==, 2);

  g_assert_true (izp_store_get_counts (temp.store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_INVOICES], ==, (gint64) invoices->len - 1);
  assert_store_equals_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

typedef struct
{
  GCancellable *cancellable;
  guint         pages;
  guint         cancel_after;
} CancelAfter;

static void
on_progress_cancel (IzpSync    *sync,
                    const char *collection,
                    guint64     items,
                    guint64     total,
                    gpointer    user_data)
{
  CancelAfter *state = user_data;

  /* In the middle of the invoices. */
  if (g_strcmp0 (collection, "invoices") == 0 && ++state->pages == state->cancel_after)
    g_cancellable_cancel (state->cancellable);
}

static void
test_cancel_and_resume (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAfter state = { cancellable, 0, 2 };
  IzpSyncState sync_state;
  IzpSyncSummary summary;
  TempStore temp;
  gulong handler;

  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  izp_sync_set_page_limit (sync, 50);
  handler = g_signal_connect (sync, "progress", G_CALLBACK (on_progress_cancel), &state);

  g_assert_false (run_sync (sync, cancellable, &summary, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_signal_handler_disconnect (sync, handler);

  /* Stopped in the middle of a collection: its cursor is stored. */
  g_assert_true (izp_store_get_sync_state (temp.store, IZP_COLLECTION_INVOICES, &sync_state, &error));
  g_assert_nonnull (sync_state.cursor);
  g_assert_null (sync_state.updated_since);
  izp_sync_state_clear (&sync_state);

  izp_sandbox_server_reset_counters (server);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  /* Resumed: clients (complete) and invoices (cursor) were not read again
   * from the start; only the seven collections never reached were. */
  g_assert_cmpuint (izp_sandbox_server_count_full_reads (server), ==, IZP_N_COLLECTIONS - 2);
  assert_store_equals_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

static void
test_expired_cursor_restarts (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(JsonArray) empty = json_array_new ();
  IzpSyncSummary summary;
  TempStore temp;

  temp_store_init (&temp, url);
  /* A cursor the server does not know, as after its restart. */
  g_assert_true (izp_store_write_page (temp.store, IZP_COLLECTION_LEADS, empty, "forged-cursor", NULL, &error));

  sync = izp_sync_new (client, temp.store);
  izp_sandbox_server_reset_counters (server);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  /* The forged cursor (refused), then the collection from the start. */
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "GET", "/v1/leads"), >=, 2);
  assert_store_equals_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

static void
on_link_queued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  on_done (source, result, user_data);
}

static void
test_outbox_exactly_once (void)
{
  g_autoptr(IzpSandboxServer) server = start_server ();
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *local_id = NULL;
  g_autofree char *dump = NULL;
  Waiter waiter = { NULL, NULL };
  IzpSyncSummary summary;
  TempStore temp;
  guint matches = 0;
  gint64 counts[IZP_N_COLLECTIONS];

  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);

  /* Created offline: a local row and a queued request. */
  json_object_set_string_member (body, "label", "Boulangerie hors ligne");
  json_object_set_string_member (body, "channel", "print");
  izp_sync_queue_link_async (sync, body, NULL, on_link_queued, &waiter);
  result = wait_for (&waiter);
  local_id = izp_sync_queue_link_finish (sync, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (local_id, "local_"));
  waiter_clear (&waiter);
  g_assert_true (izp_store_get_counts (temp.store, counts, &error));
  g_assert_cmpint (counts[IZP_COLLECTION_REFERRAL_LINKS], ==, 1);

  /* Every response is dropped — after the server committed the POST. */
  izp_sandbox_server_set_faults (server, 1.0, IZP_SANDBOX_FAULT_DROP, 3);
  izp_api_client_set_retry_policy (client, 2, 1, 5, 5);
  g_assert_false (run_sync (sync, NULL, &summary, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* A network failure is no refusal: the entry stays pending, without a message. */
  outbox = izp_store_list_outbox (temp.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  g_assert_cmpint (((IzpOutboxEntry *) outbox->pdata[0])->state, ==, IZP_OUTBOX_PENDING);
  g_assert_null (((IzpOutboxEntry *) outbox->pdata[0])->message);
  g_clear_pointer (&outbox, g_ptr_array_unref);

  /* Back online: the same key again, then a normal sync. */
  izp_sandbox_server_set_faults (server, 0, 0, 0);
  izp_api_client_set_retry_policy (client, 8, 10, 200, 1000);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);

  outbox = izp_store_list_outbox (temp.store, &error);
  g_assert_cmpuint (outbox->len, ==, 0);

  links = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  for (guint i = 0; i < links->len; i++)
    if (g_strcmp0 (json_object_get_string_member (json_node_get_object (links->pdata[i]), "label"),
                   "Boulangerie hors ligne") == 0)
      matches++;
  g_assert_cmpuint (matches, ==, 1);
  /* Sent more than once, registered once. */
  g_assert_cmpuint (izp_sandbox_server_count_requests (server, "POST", "/v1/referral-links"), >=, 2);

  dump = izp_store_dump_collection (temp.store, IZP_COLLECTION_REFERRAL_LINKS, &error);
  g_assert_null (strstr (dump, local_id));
  assert_store_equals_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

/* ------------------------------------------------------------------ */
/* Demo and session */

static void
on_session_progress (IzpSession *session,
                     const char *collection,
                     guint64     items,
                     guint64     total,
                     gpointer    user_data)
{
  guint *calls = user_data;

  (*calls)++;
}

/* No keyring here: the demo session must never need one. */
static void
test_demo_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("izp-demo-XXXXXX", &error);
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(IzpStoreOverview) overview = NULL;
  g_autoptr(JsonObject) partner = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *cabinet = NULL;
  g_autofree char *store_path = NULL;
  Waiter waiter = { NULL, NULL };
  IzpSyncSummary summary;
  guint progress_calls = 0;

  izp_demo_start_async (dir, 30, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  session = izp_demo_start_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (izp_session_get_signed_in (session));
  g_clear_object (&result);

  g_signal_connect (session, "progress", G_CALLBACK (on_session_progress), &progress_calls);
  izp_session_sync_async (session, NULL, on_done, &waiter);
  g_assert_true (izp_session_get_syncing (session));
  result = wait_for (&waiter);
  g_assert_true (izp_session_sync_finish (session, result, &summary, &error));
  g_assert_no_error (error);
  g_assert_false (izp_session_get_syncing (session));
  g_assert_cmpuint (progress_calls, >, 0);
  g_clear_object (&result);

  izp_session_read_overview_async (session, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  overview = izp_session_read_overview_finish (session, result, &error);
  g_assert_no_error (error);
  /* The overview counts nothing (start-up reads it); the counts-only form below does. */
  g_assert_cmpint (overview->counts[IZP_COLLECTION_CLIENTS], ==, 0);
  g_assert_nonnull (overview->last_sync);
  g_clear_object (&result);

  /* The cabinet's name, as the server has it. */
  izp_api_client_get_partner_async (izp_session_get_client (session), NULL, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  partner = izp_api_client_get_partner_finish (izp_session_get_client (session), result,
                                               NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (overview->cabinet, ==, json_object_get_string_member (partner, "cabinet"));
  g_clear_object (&result);

  /* The counts-only form, and the cabinet kept from that read. */
  izp_session_get_counts_async (session, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  counts = izp_session_get_counts_finish (session, result, &last_sync, &error);
  g_assert_no_error (error);
  g_assert_cmpint (counts[IZP_COLLECTION_CLIENTS], ==, 30);
  g_assert_cmpstr (last_sync, ==, overview->last_sync);
  cabinet = izp_session_dup_cabinet (session);
  g_assert_cmpstr (cabinet, ==, overview->cabinet);
  g_clear_object (&result);

  assert_store_equals_server (izp_session_get_store (session), izp_session_get_client (session));

  /* Sign out: revoked on the server; a sync then asks to sign in again. */
  izp_session_sign_out_async (session, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_session_sign_out_finish (session, result, &error));
  g_assert_false (izp_session_get_signed_in (session));
  g_clear_object (&result);
  izp_session_sync_async (session, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_false (izp_session_sync_finish (session, result, NULL, &error));
  g_assert_error (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN);
  waiter_clear (&waiter);

  store_path = g_strdup (izp_store_get_path (izp_session_get_store (session)));
  g_assert_true (g_str_has_prefix (store_path, dir));
  g_clear_object (&session);
  remove_tree (dir);
}

/* ------------------------------------------------------------------ */
/* Slow */

static void
test_sync_under_faults (void)
{
  g_autoptr(IzpSandboxServer) server = start_server_full (40, 3600, 0, 0, 1000);
  const char *url = izp_sandbox_server_get_base_url (server);
  g_autoptr(IzpApiClient) client = new_client (url);
  g_autoptr(IzpSync) sync = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = sign_in (client, PASSWORD, &error);
  IzpSyncSummary summary;
  TempStore temp;
  guint kinds = IZP_SANDBOX_FAULT_500 | IZP_SANDBOX_FAULT_503 | IZP_SANDBOX_FAULT_429 |
                IZP_SANDBOX_FAULT_DROP | IZP_SANDBOX_FAULT_TRUNCATE |
                IZP_SANDBOX_FAULT_MALFORMED | IZP_SANDBOX_FAULT_SLOW;

  g_assert_no_error (error);
  temp_store_init (&temp, url);
  sync = izp_sync_new (client, temp.store);
  /* Small pages: many requests, so every fault kind shows up. */
  izp_sync_set_page_limit (sync, 20);

  izp_sandbox_server_set_faults (server, 0.3, kinds, 5);
  izp_sandbox_server_reset_counters (server);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_test_message ("%u requests for %" G_GUINT64_FORMAT " items",
                  izp_sandbox_server_count_requests (server, NULL, NULL), summary.items);

  izp_sandbox_server_set_faults (server, 0, 0, 0);
  assert_store_equals_server (temp.store, client);
  assert_documents_equal_server (temp.store, client);

  g_clear_object (&sync);
  temp_store_clear (&temp);
}

int
main (int   argc,
      char *argv[])
{
  gboolean slow = FALSE;

  /* "--slow" (ours, not GTest's) adds the long fault-injection case. */
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--slow") == 0)
      {
        slow = TRUE;
        memmove (argv + i, argv + i + 1, (argc - i) * sizeof *argv);
        argc--;
        break;
      }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/url-policy", test_url_policy);
  g_test_add_func ("/client/sign-in/success", test_sign_in_success);
  g_test_add_func ("/client/sign-in/wrong-password", test_sign_in_wrong_password);
  g_test_add_func ("/client/sign-in/server-down", test_sign_in_server_down);
  g_test_add_func ("/client/sign-in/bad-certificate", test_sign_in_bad_certificate);
  g_test_add_func ("/client/sign-in/no-network", test_sign_in_no_network);
  g_test_add_func ("/client/token/expiry-refreshed", test_token_expiry);
  g_test_add_func ("/client/token/revoked-sign-in-again", test_revoked_refresh_token);
  g_test_add_func ("/client/conditional-page", test_conditional_page);
  g_test_add_func ("/sync/full-equals-dataset", test_full_sync_equals_dataset);
  g_test_add_func ("/sync/second-sync-changes-nothing", test_second_sync_changes_nothing);
  g_test_add_func ("/sync/server-changes-arrive", test_server_changes_arrive);
  g_test_add_func ("/sync/cancel-and-resume", test_cancel_and_resume);
  g_test_add_func ("/sync/expired-cursor-restarts", test_expired_cursor_restarts);
  g_test_add_func ("/sync/outbox-exactly-once", test_outbox_exactly_once);
  g_test_add_func ("/session/demo", test_demo_session);
  if (slow)
    g_test_add_func ("/slow/sync-under-faults", test_sync_under_faults);

  return g_test_run ();
}
