/* izp-test-util.c — shared helpers of the API tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>

#include "izp-test-util.h"

void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

GAsyncResult *
wait_for (Waiter *waiter)
{
  if (waiter->loop == NULL)
    waiter->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (waiter->loop);
  return g_steal_pointer (&waiter->result);
}

void
waiter_clear (Waiter *waiter)
{
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_object (&waiter->result);
}

/* ------------------------------------------------------------------ */
/* Set-up */

IzpSandboxServer *
start_server_full (guint    n_clients,
                   guint    token_ttl,
                   double   fault_rate,
                   guint    fault_kinds,
                   guint    slow_ms)
{
  IzpSandboxOptions options;
  g_autoptr(GError) error = NULL;
  IzpSandboxServer *server;

  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  options.n_clients = n_clients;
  options.seed = 7;
  options.today = izp_date_new (2026, 11, 27);
  options.token_ttl = token_ttl;
  options.fault_rate = fault_rate;
  options.fault_kinds = fault_kinds;
  options.fault_seed = 11;
  if (slow_ms > 0)
    options.slow_ms = slow_ms;

  server = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (server, &error));
  g_assert_no_error (error);
  return server;
}

IzpSandboxServer *
start_server (void)
{
  return start_server_full (40, 3600, 0, 0, 0);
}

IzpApiClient *
new_client (const char *url)
{
  g_autoptr(GError) error = NULL;
  IzpApiClient *client = izp_api_client_new (url, &error);

  g_assert_no_error (error);
  /* Fast backoff so the tests stay quick; Retry-After capped to 1 s. */
  izp_api_client_set_retry_policy (client, 8, 10, 200, 1000);
  return client;
}

IzpSandboxServer *
start_server_with_file (const char *path)
{
  IzpSandboxOptions options;
  g_autoptr(GError) error = NULL;
  IzpSandboxServer *server;

  izp_sandbox_options_init (&options);
  options.dataset_file = path;
  server = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (server, &error));
  g_assert_no_error (error);
  return server;
}

static gboolean
add_to_dataset (const char  *key,
                JsonObject  *item,
                gpointer     user_data,
                GError     **error)
{
  JsonObject *root = user_data;

  if (strcmp (key, "partner") == 0 || strcmp (key, "leaderboard") == 0)
    {
      json_object_set_object_member (root, key, json_object_ref (item));
      return TRUE;
    }
  if (!json_object_has_member (root, key))
    json_object_set_array_member (root, key, json_array_new ());
  json_array_add_object_element (json_object_get_array_member (root, key), json_object_ref (item));
  return TRUE;
}

char *
write_dataset_file (const char *dir,
                    guint       n_clients)
{
  IzpGeneratorOptions options = { n_clients, 7, izp_date_new (2026, 11, 27) };
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  char *path = g_build_filename (dir, "dataset.json", NULL);

  g_assert_true (izp_generator_run (&options, add_to_dataset, root, &error));
  g_assert_no_error (error);
  json_node_set_object (node, root);
  text = json_to_string (node, TRUE);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

JsonNode *
load_json_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  node = izp_json_parse_bounded (contents, length, 512 * 1024 * 1024, 64, &error);
  g_assert_no_error (error);
  return node;
}

char *
sign_in (IzpApiClient *client,
         const char   *password,
         GError      **error)
{
  return sign_in_as (client, EMAIL, password, error);
}

char *
sign_in_as (IzpApiClient *client,
            const char   *email,
            const char   *password,
            GError      **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  char *token;

  izp_api_client_sign_in_async (client, email, password, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  token = izp_api_client_sign_in_finish (client, result, error);
  waiter_clear (&waiter);
  return token;
}

IzpApiPage *
get_page (IzpApiClient    *client,
          IzpCollectionId  collection,
          const char      *cursor,
          const char      *since,
          guint            limit,
          const char      *etag,
          GError         **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  IzpApiPage *page;

  izp_api_client_get_page_async (client, collection, cursor, since, limit, etag,
                                 NULL, on_done, &waiter);
  result = wait_for (&waiter);
  page = izp_api_client_get_page_finish (client, result, error);
  waiter_clear (&waiter);
  return page;
}

gboolean
run_sync (IzpSync        *sync,
          GCancellable   *cancellable,
          IzpSyncSummary *summary,
          GError        **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  izp_sync_run_async (sync, cancellable, on_done, &waiter);
  result = wait_for (&waiter);
  ok = izp_sync_run_finish (sync, result, summary, error);
  waiter_clear (&waiter);
  return ok;
}


void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
temp_store_init (TempStore  *temp,
                 const char *server_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  temp->dir = g_dir_make_tmp ("izp-client-XXXXXX", &error);
  g_assert_no_error (error);
  path = izp_store_account_path (temp->dir, server_url, EMAIL);
  temp->store = izp_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (izp_store_set_account (temp->store, server_url, EMAIL, &error));
}

void
temp_store_clear (TempStore *temp)
{
  g_clear_object (&temp->store);
  remove_tree (temp->dir);
  g_clear_pointer (&temp->dir, g_free);
}

/* ------------------------------------------------------------------ */
/* Comparing the store with what the server serves now */

static gint
compare_by_id (gconstpointer a,
               gconstpointer b)
{
  JsonObject *oa = json_node_get_object (*(JsonNode **) a);
  JsonObject *ob = json_node_get_object (*(JsonNode **) b);

  return g_strcmp0 (json_object_get_string_member (oa, "id"),
                    json_object_get_string_member (ob, "id"));
}

/* Every live item of @collection, fetched fresh (no updated_since). */
GPtrArray *
fetch_all (IzpApiClient    *client,
           IzpCollectionId  collection)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(IzpApiPage) page = get_page (client, collection, cursor, NULL, 1000, NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < json_array_get_length (page->items); i++)
        {
          JsonNode *node = json_array_get_element (page->items, i);

          if (!izp_schema_is_tombstone (json_node_get_object (node)))
            g_ptr_array_add (items, json_node_copy (node));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);

  g_ptr_array_sort (items, compare_by_id);
  return g_steal_pointer (&items);
}

void
assert_store_equals_server (IzpStore     *store,
                            IzpApiClient *client)
{
  for (guint c = 0; c < IZP_N_COLLECTIONS; c++)
    {
      const IzpCollection *info = izp_schema_get_collection (c);
      g_autoptr(GPtrArray) expected = fetch_all (client, c);
      g_autoptr(GError) error = NULL;
      g_autofree char *dump = izp_store_dump_collection (store, c, &error);
      g_autoptr(JsonNode) stored = NULL;
      JsonArray *rows;

      g_assert_no_error (error);
      stored = izp_json_parse_bounded (dump, strlen (dump), 512 * 1024 * 1024, 64, &error);
      g_assert_no_error (error);
      rows = json_node_get_array (stored);

      if (json_array_get_length (rows) != expected->len)
        g_error ("%s: %u rows in the store, %u items on the server",
                 info->name, json_array_get_length (rows), expected->len);

      for (guint i = 0; i < expected->len; i++)
        {
          JsonNode *want = g_ptr_array_index (expected, i);
          JsonNode *got = json_array_get_element (rows, i);

          if (!json_node_equal (want, got))
            {
              g_autofree char *a = izp_json_to_string (want);
              g_autofree char *b = izp_json_to_string (got);

              g_error ("%s[%u] differs:\n server %s\n store  %s", info->name, i, a, b);
            }
        }
    }
}

void
assert_documents_equal_server (IzpStore     *store,
                               IzpApiClient *client)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) partner = NULL;
  g_autoptr(JsonNode) want = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) got = NULL;
  g_autofree char *stored = NULL;

  izp_api_client_get_partner_async (client, NULL, NULL, on_done, &waiter);
  result = wait_for (&waiter);
  partner = izp_api_client_get_partner_finish (client, result, NULL, NULL, &error);
  g_assert_no_error (error);
  waiter_clear (&waiter);

  stored = izp_store_get_document (store, "partner", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  got = izp_json_parse_bounded (stored, strlen (stored), 1 << 20, 32, &error);
  g_assert_no_error (error);
  json_node_set_object (want, partner);
  g_assert_true (json_node_equal (want, got));

  g_clear_pointer (&stored, g_free);
  stored = izp_store_get_document (store, "leaderboard", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
}

/* ------------------------------------------------------------------ */
/* Comparing the store with the dataset file */

static gint
compare_items_by_id (gconstpointer a,
                     gconstpointer b)
{
  return g_strcmp0 (json_object_get_string_member (*(JsonObject **) a, "id"),
                    json_object_get_string_member (*(JsonObject **) b, "id"));
}

static void
assert_column_equals (const IzpCollection *collection,
                      const IzpField      *field,
                      JsonObject          *item,
                      sqlite3_stmt        *stmt,
                      int                  column)
{
  JsonNode *member = json_object_get_member (item, field->name);
  const char *id = json_object_get_string_member (item, "id");
  int type = sqlite3_column_type (stmt, column);
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  gboolean equal;

  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    {
      if (type != SQLITE_NULL)
        g_error ("%s %s.%s: null in the file, “%s” in the store", collection->name, id,
                 field->name, text);
      return;
    }

  switch (field->kind)
    {
    case IZP_FIELD_INT:
    case IZP_FIELD_CENTS:
      equal = type == SQLITE_INTEGER && sqlite3_column_int64 (stmt, column) == json_node_get_int (member);
      break;

    case IZP_FIELD_BOOL:
      equal = type == SQLITE_INTEGER &&
              sqlite3_column_int (stmt, column) == (json_node_get_boolean (member) ? 1 : 0);
      break;

    case IZP_FIELD_OBJECT:
    case IZP_FIELD_ARRAY:
      {
        g_autoptr(JsonNode) stored = NULL;

        equal = type == SQLITE_TEXT;
        if (equal)
          stored = izp_json_parse_bounded (text, strlen (text), 1 << 20, 32, NULL);
        equal = stored != NULL && json_node_equal (member, stored);
      }
      break;

    case IZP_FIELD_STRING:
    case IZP_FIELD_DATE:
    case IZP_FIELD_INSTANT:
    case IZP_FIELD_ENUM:
    case IZP_FIELD_CURRENCY:
    default:
      equal = type == SQLITE_TEXT && g_strcmp0 (text, json_node_get_string (member)) == 0;
      break;
    }

  if (!equal)
    {
      g_autofree char *want = izp_json_to_string (member);

      g_error ("%s %s.%s: %s in the file, “%s” in the store", collection->name, id,
               field->name, want, text);
    }
}

void
assert_store_equals_dataset (IzpStore   *store,
                             JsonObject *dataset)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) partner = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) stored_partner = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (izp_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL),
                   ==, SQLITE_OK);

  for (guint c = 0; c < IZP_N_COLLECTIONS; c++)
    {
      const IzpCollection *collection = izp_schema_get_collection (c);
      JsonArray *array = json_object_has_member (dataset, collection->name)
                         ? json_object_get_array_member (dataset, collection->name) : NULL;
      g_autoptr(GPtrArray) items = g_ptr_array_new ();
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      guint row = 0;

      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        g_ptr_array_add (items, json_array_get_object_element (array, i));
      g_ptr_array_sort (items, compare_items_by_id);

      for (const IzpField *field = collection->fields; field->name != NULL; field++)
        g_string_append_printf (sql, "%s\"%s\"", field == collection->fields ? "" : ", ", field->name);
      g_string_append_printf (sql, " FROM \"%s\" ORDER BY id", collection->name);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL), ==, SQLITE_OK);

      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          JsonObject *item;
          int column = 0;

          if (row >= items->len)
            g_error ("%s: more rows in the store than the %u items of the file",
                     collection->name, items->len);
          item = g_ptr_array_index (items, row++);
          for (const IzpField *field = collection->fields; field->name != NULL; field++)
            assert_column_equals (collection, field, item, stmt, column++);
        }
      g_clear_pointer (&stmt, sqlite3_finalize);
      if (row != items->len)
        g_error ("%s: %u rows in the store, %u items in the file", collection->name, row, items->len);
    }

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT json FROM documents WHERE name = 'partner'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  stored_partner = izp_json_parse_bounded ((const char *) sqlite3_column_text (stmt, 0),
                                           sqlite3_column_bytes (stmt, 0), 1 << 20, 32, &error);
  g_assert_no_error (error);
  json_node_set_object (partner, json_object_get_object_member (dataset, "partner"));
  g_assert_true (json_node_equal (partner, stored_partner));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* ------------------------------------------------------------------ */
/* The CLI as a child process */

char *
cli_path (void)
{
  const char *root = g_getenv ("IZP_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "cli", "izyinbox-partner-cli", NULL);
}

/* Runs the CLI to the end; returns its exit status. */
int
run_cli (const char  *input,
         char       **out_stdout,
         char       **out_stderr,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, cli_path ());
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL,
                                                &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  if (g_test_verbose ())
    g_test_message ("%s%s", out, err);
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return g_subprocess_get_exit_status (process);
}

static gint
compare_lines (gconstpointer a,
               gconstpointer b)
{
  const IzpLedgerLine *la = a;
  const IzpLedgerLine *lb = b;
  int by_ref = g_strcmp0 (la->ref, lb->ref);

  if (la->kind != lb->kind)
    return la->kind < lb->kind ? -1 : 1;
  if (by_ref != 0)
    return by_ref;
  if (la->accrued_on != lb->accrued_on)
    return la->accrued_on < lb->accrued_on ? -1 : 1;
  return 0;
}

/* The same lines (in the same order, or in any with @in_any_order) and the
 * same anomalies. */
void
assert_ledgers_equal (const IzpLedger *a,
                      const IzpLedger *b,
                      gboolean         in_any_order)
{
  g_autoptr(GArray) la = g_array_copy (a->lines);
  g_autoptr(GArray) lb = g_array_copy (b->lines);

  g_assert_cmpstr (a->currency, ==, b->currency);
  g_assert_cmpuint (la->len, ==, lb->len);
  if (in_any_order)
    {
      g_array_sort (la, compare_lines);
      g_array_sort (lb, compare_lines);
    }
  for (guint i = 0; i < la->len; i++)
    {
      const IzpLedgerLine *x = &g_array_index (la, IzpLedgerLine, i);
      const IzpLedgerLine *y = &g_array_index (lb, IzpLedgerLine, i);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpstr (x->ref, ==, y->ref);
      g_assert_cmpstr (x->client_id, ==, y->client_id);
      g_assert_cmpuint (x->accrued_on, ==, y->accrued_on);
      g_assert_cmpint (x->basis_cents, ==, y->basis_cents);
      g_assert_cmpint (x->rate_bp, ==, y->rate_bp);
      g_assert_cmpint (x->amount_cents, ==, y->amount_cents);
    }

  g_assert_cmpuint (a->anomalies->len, ==, b->anomalies->len);
  for (guint i = 0; i < a->anomalies->len; i++)
    {
      g_assert_cmpstr (g_array_index (a->anomalies, IzpAnomaly, i).ref, ==,
                       g_array_index (b->anomalies, IzpAnomaly, i).ref);
      g_assert_cmpint (g_array_index (a->anomalies, IzpAnomaly, i).reason, ==,
                       g_array_index (b->anomalies, IzpAnomaly, i).reason);
    }
}
