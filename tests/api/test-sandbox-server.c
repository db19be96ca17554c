/* test-sandbox-server.c — the sandbox server, rule by rule, over real HTTP
 *
 * The server runs in-process on its own thread; the test thread talks to it
 * with a plain synchronous SoupSession. A few tests run the real
 * izyinbox-sandbox executable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "izp-generator.h"
#include "izp-json.h"
#include "izp-sandbox-server.h"
#include "izp-schema.h"

#define TEST_CLIENTS 40
#define TEST_SEED    7
#define TEST_TODAY   "2026-11-27"
#define TEST_EMAIL   "demo@izyinbox.fr"
#define TEST_PASS    "demo"

typedef struct
{
  IzpSandboxServer *server;
  SoupSession      *session;
  char             *base;     /* http://127.0.0.1:PORT/v1 */
  char             *root;     /* http://127.0.0.1:PORT */
  char             *access;
  char             *refresh;
} Fixture;

typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  GError             *error;
} Response;

static void
response_clear (Response *r)
{
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->headers, soup_message_headers_unref);
  g_clear_error (&r->error);
}

static IzpSandboxOptions
test_options (void)
{
  IzpSandboxOptions options;

  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  options.n_clients = TEST_CLIENTS;
  options.seed = TEST_SEED;
  g_assert_true (izp_date_parse (TEST_TODAY, &options.today));
  return options;
}

static void
fixture_start (Fixture                 *f,
               const IzpSandboxOptions *options)
{
  g_autoptr(GError) error = NULL;

  memset (f, 0, sizeof *f);
  f->server = izp_sandbox_server_new (options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (f->server, &error));
  g_assert_no_error (error);
  f->base = g_strdup (izp_sandbox_server_get_base_url (f->server));
  g_assert_true (g_str_has_prefix (f->base, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (f->base, "/v1"));
  f->root = g_strndup (f->base, strlen (f->base) - 3);
  f->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
fixture_stop (Fixture *f)
{
  izp_sandbox_server_stop (f->server);
  g_assert_finalize_object (f->server);
  g_clear_object (&f->session);
  g_free (f->base);
  g_free (f->root);
  g_free (f->access);
  g_free (f->refresh);
}

/* @url_path starts with "/" and is relative to the base URL, or to the
 * server root when it starts with "/_sandbox". Extra headers come in
 * name/value pairs ending with NULL. */
static Response
request (Fixture    *f,
         const char *method,
         const char *url_path,
         const char *body,
         gboolean    with_token,
         ...)
{
  g_autofree char *url = g_strconcat (g_str_has_prefix (url_path, "/_sandbox") ? f->root : f->base,
                                      url_path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Response r = { 0, };
  const char *name;
  va_list args;

  g_assert_nonnull (msg);
  if (with_token && f->access != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", f->access, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  va_start (args, with_token);
  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name,
                                  va_arg (args, const char *));
  va_end (args);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  r.body = soup_session_send_and_read (f->session, msg, NULL, &r.error);
  r.status = soup_message_get_status (msg);
  r.headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return r;
}

static JsonObject *
response_object (Response *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  const char *data;

  g_assert_no_error (r->error);
  data = g_bytes_get_data (r->body, &length);
  root = izp_json_parse_bounded (data, length, IZP_JSON_MAX_BODY_BYTES, 64, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static void
assert_error (Response   *r,
              guint       status,
              const char *code,
              const char *field)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObject *error;

  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, status);
  object = response_object (r);
  error = json_object_get_object_member (object, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
}

static void
sign_in (Fixture *f)
{
  Response r = request (f, "POST", "/auth/token",
                        "{\"grant_type\":\"password\",\"email\":\"" TEST_EMAIL "\","
                        "\"password\":\"" TEST_PASS "\"}", FALSE, NULL);
  g_autoptr(JsonObject) object = NULL;

  g_assert_cmpuint (r.status, ==, 200);
  object = response_object (&r);
  g_free (f->access);
  g_free (f->refresh);
  f->access = g_strdup (json_object_get_string_member (object, "access_token"));
  f->refresh = g_strdup (json_object_get_string_member (object, "refresh_token"));
  g_assert_cmpstr (json_object_get_string_member (object, "token_type"), ==, "Bearer");
  response_clear (&r);
}

static void
start_signed_in (Fixture *f)
{
  IzpSandboxOptions options = test_options ();

  fixture_start (f, &options);
  sign_in (f);
}

/* ------------------------------------------------------------------ */
/* The dataset as the generator makes it                                */

typedef struct
{
  GHashTable *items;      /* "collection\nid" → JsonNode (object) */
  GHashTable *counts;     /* collection → count */
  JsonObject *root;       /* a dataset file's root object */
} Expected;

static gboolean
collect_item (const char  *key,
              JsonObject  *item,
              gpointer     user_data,
              GError     **error)
{
  Expected *expected = user_data;
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonArray *array;

  json_node_set_object (node, item);
  if (strcmp (key, "partner") == 0 || strcmp (key, "leaderboard") == 0)
    {
      json_object_set_member (expected->root, key, node);
      return TRUE;
    }
  if (!json_object_has_member (expected->root, key))
    json_object_set_array_member (expected->root, key, json_array_new ());
  array = json_object_get_array_member (expected->root, key);
  json_array_add_element (array, json_node_copy (node));

  if (json_object_has_member (item, "id") && strcmp (key, "users") != 0)
    g_hash_table_insert (expected->items,
                         g_strdup_printf ("%s\n%s", key, json_object_get_string_member (item, "id")),
                         node);
  else
    json_node_unref (node);
  return TRUE;
}

static void
expected_init (Expected *expected,
               guint64   seed)
{
  IzpGeneratorOptions gen = { TEST_CLIENTS, seed, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (izp_date_parse (TEST_TODAY, &gen.today));
  expected->items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) json_node_unref);
  expected->root = json_object_new ();
  g_assert_true (izp_generator_run (&gen, collect_item, expected, &error));
  g_assert_no_error (error);
  /* Every collection of the contract is in a dataset, even when empty. */
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);

      if (!json_object_has_member (expected->root, collection->name))
        json_object_set_array_member (expected->root, collection->name, json_array_new ());
    }
}

static void
expected_clear (Expected *expected)
{
  g_clear_pointer (&expected->items, g_hash_table_unref);
  g_clear_pointer (&expected->root, json_object_unref);
}

static char *
write_dataset (JsonObject *root)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  char *path = NULL;
  int fd;

  json_node_set_object (node, root);
  json = izp_json_to_string (node);
  fd = g_file_open_tmp ("izp-dataset-XXXXXX.json", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Pages a whole collection; returns the items in order. */
static GPtrArray *
fetch_all (Fixture    *f,
           const char *path,
           const char *since,
           guint       limit,
           guint      *out_pages)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(GString) url = g_string_new (path);
      g_autoptr(JsonObject) object = NULL;
      JsonArray *data;
      JsonNode *next;
      Response r;

      g_string_append_printf (url, "?limit=%u", limit);
      if (cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

          g_string_append_printf (url, "&cursor=%s", escaped);
        }
      else if (since != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (since, NULL, FALSE);

          g_string_append_printf (url, "&updated_since=%s", escaped);
        }
      r = request (f, "GET", url->str, NULL, TRUE, NULL);
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_nonnull (soup_message_headers_get_one (r.headers, "ETag"));
      object = response_object (&r);
      data = json_object_get_array_member (object, "data");
      g_assert_cmpuint (json_array_get_length (data), <=, limit);
      for (guint i = 0; i < json_array_get_length (data); i++)
        g_ptr_array_add (items, json_node_copy (json_array_get_element (data, i)));
      next = json_object_get_member (object, "next_cursor");
      g_clear_pointer (&cursor, g_free);
      if (!JSON_NODE_HOLDS_NULL (next))
        {
          g_assert_cmpuint (json_array_get_length (data), ==, limit);
          cursor = g_strdup (json_node_get_string (next));
        }
      pages++;
      response_clear (&r);
    }
  while (cursor != NULL);

  if (out_pages != NULL)
    *out_pages = pages;
  return items;
}

static gint64
instant_ms (const char *instant)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (instant, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
}

static const char *
item_id (JsonNode *node)
{
  return json_object_get_string_member (json_node_get_object (node), "id");
}

static const char *
item_updated_at (JsonNode *node)
{
  return json_object_get_string_member (json_node_get_object (node), "updated_at");
}

static void
assert_ordered (GPtrArray *items)
{
  for (guint i = 1; i < items->len; i++)
    {
      gint64 a = instant_ms (item_updated_at (items->pdata[i - 1]));
      gint64 b = instant_ms (item_updated_at (items->pdata[i]));

      g_assert_true (a < b || (a == b && strcmp (item_id (items->pdata[i - 1]),
                                                 item_id (items->pdata[i])) < 0));
    }
}

/* ------------------------------------------------------------------ */
/* Authentication                                                       */

static void
test_auth_password_grant (void)
{
  Fixture f;
  Response r;
  g_autoptr(JsonObject) object = NULL;

  start_signed_in (&f);
  g_assert_cmpuint (strlen (f.access), >=, 32);
  g_assert_cmpuint (strlen (f.refresh), >=, 32);
  g_assert_cmpstr (f.access, !=, f.refresh);

  r = request (&f, "POST", "/auth/token",
               "{\"grant_type\":\"password\",\"email\":\"" TEST_EMAIL "\",\"password\":\"" TEST_PASS "\"}",
               FALSE, NULL);
  object = response_object (&r);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 3600);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Cache-Control"), ==, "no-store");
  response_clear (&r);

  /* The token opens the API. */
  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_auth_password_errors (void)
{
  Fixture f;
  Response r;

  start_signed_in (&f);

  r = request (&f, "POST", "/auth/token",
               "{\"grant_type\":\"password\",\"email\":\"" TEST_EMAIL "\",\"password\":\"wrong\"}",
               FALSE, NULL);
  assert_error (&r, 400, "invalid_grant", NULL);
  response_clear (&r);

  r = request (&f, "POST", "/auth/token",
               "{\"grant_type\":\"password\",\"email\":\"nobody@exemple.fr\",\"password\":\"" TEST_PASS "\"}",
               FALSE, NULL);
  assert_error (&r, 400, "invalid_grant", NULL);
  response_clear (&r);

  r = request (&f, "POST", "/auth/token", "{\"email\":\"" TEST_EMAIL "\"}", FALSE, NULL);
  assert_error (&r, 400, "invalid_request", "grant_type");
  response_clear (&r);

  r = request (&f, "POST", "/auth/token", "{\"grant_type\":\"magic\"}", FALSE, NULL);
  assert_error (&r, 400, "invalid_request", "grant_type");
  response_clear (&r);

  r = request (&f, "POST", "/auth/token", "{\"grant_type\":\"password\",\"email\":\"" TEST_EMAIL "\"}",
               FALSE, NULL);
  assert_error (&r, 400, "invalid_request", "password");
  response_clear (&r);

  r = request (&f, "POST", "/auth/token", "not json", FALSE, NULL);
  assert_error (&r, 400, "invalid_request", NULL);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_auth_refresh_rotation (void)
{
  Fixture f;
  Response r;
  g_autofree char *old_refresh = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) object = NULL;
  const char *new_refresh;

  start_signed_in (&f);
  old_refresh = g_strdup (f.refresh);

  body = g_strdup_printf ("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", old_refresh);
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  object = response_object (&r);
  new_refresh = json_object_get_string_member (object, "refresh_token");
  g_assert_cmpstr (new_refresh, !=, old_refresh);
  g_assert_cmpstr (json_object_get_string_member (object, "access_token"), !=, f.access);
  g_free (f.refresh);
  f.refresh = g_strdup (new_refresh);
  response_clear (&r);

  /* The old refresh token was rotated away. */
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  assert_error (&r, 400, "invalid_grant", NULL);
  response_clear (&r);

  g_free (body);
  body = g_strdup_printf ("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", f.refresh);
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  r = request (&f, "POST", "/auth/token", "{\"grant_type\":\"refresh_token\"}", FALSE, NULL);
  assert_error (&r, 400, "invalid_request", "refresh_token");
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_auth_revoke (void)
{
  Fixture f;
  Response r;
  g_autofree char *body = NULL;

  start_signed_in (&f);
  body = g_strdup_printf ("{\"refresh_token\":\"%s\"}", f.refresh);
  r = request (&f, "POST", "/auth/revoke", body, TRUE, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);

  g_free (body);
  body = g_strdup_printf ("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", f.refresh);
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  assert_error (&r, 400, "invalid_grant", NULL);
  response_clear (&r);

  /* The hook revokes every refresh token and access token. */
  sign_in (&f);
  izp_sandbox_server_revoke_tokens (f.server);
  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  assert_error (&r, 401, "unauthorized", NULL);
  response_clear (&r);
  g_free (body);
  body = g_strdup_printf ("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", f.refresh);
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  assert_error (&r, 400, "invalid_grant", NULL);
  response_clear (&r);

  fixture_stop (&f);
}

static void
assert_invalid_token (Response *r)
{
  assert_error (r, 401, "unauthorized", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "WWW-Authenticate"), ==,
                   "Bearer error=\"invalid_token\"");
}

static void
test_auth_unauthorized (void)
{
  Fixture f;
  Response r;

  start_signed_in (&f);

  r = request (&f, "GET", "/clients", NULL, FALSE, NULL);
  assert_invalid_token (&r);
  response_clear (&r);

  r = request (&f, "GET", "/clients", NULL, FALSE, "Authorization", "Bearer forged-token", NULL);
  assert_invalid_token (&r);
  response_clear (&r);

  izp_sandbox_server_expire_tokens (f.server);
  r = request (&f, "GET", "/clients", NULL, TRUE, NULL);
  assert_invalid_token (&r);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_auth_token_ttl (void)
{
  IzpSandboxOptions options = test_options ();
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *body = NULL;
  Fixture f;
  Response r;

  options.token_ttl = 1;
  fixture_start (&f, &options);
  sign_in (&f);

  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  g_usleep (2100 * 1000);
  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  assert_invalid_token (&r);
  response_clear (&r);

  /* A refresh gives a working token again, with the short lifetime. */
  body = g_strdup_printf ("{\"grant_type\":\"refresh_token\",\"refresh_token\":\"%s\"}", f.refresh);
  r = request (&f, "POST", "/auth/token", body, FALSE, NULL);
  object = response_object (&r);
  g_assert_cmpint (json_object_get_int_member (object, "expires_in"), ==, 1);
  g_free (f.access);
  f.access = g_strdup (json_object_get_string_member (object, "access_token"));
  response_clear (&r);
  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  fixture_stop (&f);
}

/* ------------------------------------------------------------------ */
/* Paging                                                               */

static void
test_paging_equals_dataset (void)
{
  Expected expected = { 0, };
  Fixture f;

  expected_init (&expected, TEST_SEED);
  start_signed_in (&f);

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      const char *path = collection->path + 3;
      JsonArray *array = json_object_get_array_member (expected.root, collection->name);
      g_autoptr(GPtrArray) items = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      guint pages = 0;

      items = fetch_all (&f, path, NULL, 7, &pages);
      g_assert_cmpuint (items->len, ==, json_array_get_length (array));
      g_assert_cmpuint (pages, ==, items->len / 7 + 1);
      assert_ordered (items);

      for (guint k = 0; k < items->len; k++)
        {
          g_autofree char *key = g_strdup_printf ("%s\n%s", collection->name, item_id (items->pdata[k]));
          JsonNode *want = g_hash_table_lookup (expected.items, key);

          g_assert_nonnull (want);
          g_assert_false (g_hash_table_contains (seen, item_id (items->pdata[k])));
          g_hash_table_add (seen, (gpointer) item_id (items->pdata[k]));
          if (!json_node_equal (want, items->pdata[k]))
            {
              g_autofree char *a = izp_json_to_string (want);
              g_autofree char *b = izp_json_to_string (items->pdata[k]);

              g_assert_cmpstr (b, ==, a);
            }
        }

      /* With updated_since: exactly the items strictly after it, in order. */
      if (items->len >= 2)
        {
          const char *since = item_updated_at (items->pdata[items->len / 2]);
          gint64 since_ms = instant_ms (since);
          g_autoptr(GPtrArray) recent = fetch_all (&f, path, since, 3, NULL);
          guint k = 0;

          for (guint n = 0; n < items->len; n++)
            {
              if (instant_ms (item_updated_at (items->pdata[n])) <= since_ms)
                continue;
              g_assert_cmpuint (k, <, recent->len);
              g_assert_true (json_node_equal (items->pdata[n], recent->pdata[k]));
              k++;
            }
          g_assert_cmpuint (k, ==, recent->len);
        }
    }

  fixture_stop (&f);
  expected_clear (&expected);
}

static void
test_paging_updated_since (void)
{
  Fixture f;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autofree char *since = NULL;
  gint64 since_ms;
  guint n_after = 0;
  guint k = 0;

  start_signed_in (&f);
  all = fetch_all (&f, "/invoices", NULL, 1000, NULL);
  g_assert_cmpuint (all->len, >, 20);

  /* An instant that some items have exactly: strictly after excludes them. */
  since = g_strdup (item_updated_at (all->pdata[all->len / 2]));
  since_ms = instant_ms (since);
  for (guint i = 0; i < all->len; i++)
    if (instant_ms (item_updated_at (all->pdata[i])) > since_ms)
      n_after++;

  recent = fetch_all (&f, "/invoices", since, 5, NULL);
  g_assert_cmpuint (recent->len, ==, n_after);
  for (guint i = 0; i < all->len; i++)
    {
      if (instant_ms (item_updated_at (all->pdata[i])) <= since_ms)
        continue;
      g_assert_true (json_node_equal (all->pdata[i], recent->pdata[k]));
      k++;
    }

  /* The same instant written with an offset selects the same items. */
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (since, NULL);
    g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3600);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, tz);
    g_autofree char *with_offset = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S+01:00");
    g_autoptr(GPtrArray) again = fetch_all (&f, "/invoices", with_offset, 1000, NULL);

    g_assert_cmpuint (again->len, ==, n_after);
  }

  fixture_stop (&f);
}

static void
test_paging_changes_and_tombstones (void)
{
  Fixture f;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *since = NULL;
  g_autofree char *touched = NULL;
  g_autofree char *deleted = NULL;
  JsonObject *object;

  start_signed_in (&f);
  all = fetch_all (&f, "/clients", NULL, 1000, NULL);
  since = g_strdup (item_updated_at (all->pdata[all->len - 1]));
  touched = g_strdup (item_id (all->pdata[0]));
  deleted = g_strdup (item_id (all->pdata[1]));

  g_assert_true (izp_sandbox_server_touch (f.server, "clients", touched, &error));
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_delete (f.server, "clients", deleted, &error));
  g_assert_no_error (error);
  g_assert_false (izp_sandbox_server_delete (f.server, "clients", "cli_nope", &error));
  g_assert_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_NOT_FOUND);
  g_clear_error (&error);

  changes = fetch_all (&f, "/clients", since, 10, NULL);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (item_id (changes->pdata[0]), ==, touched);
  object = json_node_get_object (changes->pdata[0]);
  g_assert_cmpint (json_object_get_int_member (object, "usage_pct"), ==,
                   (json_object_get_int_member (json_node_get_object (all->pdata[0]), "usage_pct") + 1) % 101);

  /* The tombstone is exactly {id, deleted, updated_at}. */
  object = json_node_get_object (changes->pdata[1]);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, deleted);
  g_assert_true (json_object_get_boolean_member (object, "deleted"));
  g_assert_cmpuint (json_object_get_size (object), ==, 3);
  g_assert_true (instant_ms (json_object_get_string_member (object, "updated_at")) > instant_ms (since));

  /* A full listing shows it in its place, once. */
  after = fetch_all (&f, "/clients", NULL, 9, NULL);
  g_assert_cmpuint (after->len, ==, all->len);
  g_assert_cmpstr (item_id (after->pdata[after->len - 1]), ==, deleted);
  assert_ordered (after);

  fixture_stop (&f);
}

static void
test_paging_etag (void)
{
  Fixture f;
  Response r;
  g_autofree char *etag = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;

  start_signed_in (&f);

  r = request (&f, "GET", "/clients?limit=1000", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  etag = g_strdup (soup_message_headers_get_one (r.headers, "ETag"));
  g_assert_nonnull (etag);
  g_assert_true (etag[0] == '"');
  response_clear (&r);

  r = request (&f, "GET", "/clients?limit=1000", NULL, TRUE, "If-None-Match", etag, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (r.body), ==, 0);
  response_clear (&r);

  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_autofree char *partner_etag = g_strdup (soup_message_headers_get_one (r.headers, "ETag"));

    response_clear (&r);
    r = request (&f, "GET", "/partner", NULL, TRUE, "If-None-Match", partner_etag, NULL);
    g_assert_cmpuint (r.status, ==, 304);
    response_clear (&r);
  }

  /* A change gives another ETag. */
  all = fetch_all (&f, "/clients", NULL, 1000, NULL);
  g_assert_true (izp_sandbox_server_touch (f.server, "clients", item_id (all->pdata[3]), &error));
  r = request (&f, "GET", "/clients?limit=1000", NULL, TRUE, "If-None-Match", etag, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "ETag"), !=, etag);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_paging_bad_cursor (void)
{
  Fixture f;
  Response r;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *url = NULL;
  g_autofree char *forged = NULL;

  start_signed_in (&f);
  r = request (&f, "GET", "/invoices?limit=3", NULL, TRUE, NULL);
  object = response_object (&r);
  cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
  g_assert_nonnull (cursor);
  response_clear (&r);

  /* The cursor works. */
  url = g_strdup_printf ("/invoices?limit=3&cursor=%s", cursor);
  r = request (&f, "GET", url, NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  /* One character changed in the payload. */
  forged = g_strdup (cursor);
  forged[2] = forged[2] == 'A' ? 'B' : 'A';
  g_free (url);
  url = g_strdup_printf ("/invoices?limit=3&cursor=%s", forged);
  r = request (&f, "GET", url, NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "cursor");
  response_clear (&r);

  r = request (&f, "GET", "/invoices?cursor=garbage", NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "cursor");
  response_clear (&r);

  /* A cursor of another collection. */
  g_free (url);
  url = g_strdup_printf ("/clients?limit=3&cursor=%s", cursor);
  r = request (&f, "GET", url, NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "cursor");
  response_clear (&r);

  /* A cursor of another server run (another key). */
  {
    Fixture other;
    IzpSandboxOptions options = test_options ();

    fixture_start (&other, &options);
    sign_in (&other);
    g_free (url);
    url = g_strdup_printf ("/invoices?limit=3&cursor=%s", cursor);
    r = request (&other, "GET", url, NULL, TRUE, NULL);
    assert_error (&r, 400, "invalid_request", "cursor");
    response_clear (&r);
    fixture_stop (&other);
  }

  fixture_stop (&f);
}

static void
test_paging_bad_parameters (void)
{
  static const char * const bad_limits[] = { "0", "1001", "abc", "-1", "5x", "" };
  Fixture f;
  Response r;

  start_signed_in (&f);
  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      g_autofree char *url = g_strdup_printf ("/leads?limit=%s", bad_limits[i]);

      r = request (&f, "GET", url, NULL, TRUE, NULL);
      assert_error (&r, 400, "invalid_request", "limit");
      response_clear (&r);
    }

  r = request (&f, "GET", "/leads?updated_since=2026-11-27", NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "updated_since");
  response_clear (&r);
  r = request (&f, "GET", "/leads?updated_since=yesterday", NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "updated_since");
  response_clear (&r);

  /* Default limit 500, bounds accepted. */
  r = request (&f, "GET", "/leads?limit=1", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);
  r = request (&f, "GET", "/leads?limit=1000", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  r = request (&f, "GET", "/nothing-here", NULL, TRUE, NULL);
  assert_error (&r, 404, "not_found", NULL);
  response_clear (&r);

  fixture_stop (&f);
}

/* ------------------------------------------------------------------ */
/* Referral links                                                       */

#define LINK_BODY "{\"label\":\"Boulangerie Martin\",\"channel\":\"email\",\"campaign\":\"facturation-2026\"," \
                  "\"prospect\":{\"first_name\":\"Zoé\",\"email\":\"zoe@exemple.fr\"}}"

static char *
partner_demo_base_url (Fixture *f)
{
  Response r = request (f, "GET", "/partner", NULL, TRUE, NULL);
  g_autoptr(JsonObject) object = response_object (&r);
  char *url = g_strdup (json_object_get_string_member (json_object_get_object_member (object, "partner"),
                                                       "demo_base_url"));

  response_clear (&r);
  return url;
}

static void
test_links_create_idempotent (void)
{
  Fixture f;
  Response r;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *expected_url = NULL;
  g_autoptr(GPtrArray) links = NULL;
  JsonObject *link, *stats;
  const char *code;

  start_signed_in (&f);
  base_url = partner_demo_base_url (&f);

  r = request (&f, "POST", "/referral-links", LINK_BODY, TRUE, "Idempotency-Key", "key-1", NULL);
  g_assert_cmpuint (r.status, ==, 201);
  first = response_object (&r);
  response_clear (&r);
  link = json_object_get_object_member (first, "referral_link");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (link, "id"), "lnk_"));
  code = json_object_get_string_member (link, "code");
  g_assert_cmpuint (strlen (code), ==, 6);
  for (const char *p = code; *p; p++)
    g_assert_true (g_ascii_isalnum (*p));
  expected_url = g_strdup_printf ("%s?ref=%s&utm_source=partner&utm_medium=email&utm_campaign=facturation-2026",
                                  base_url, code);
  g_assert_cmpstr (json_object_get_string_member (link, "url"), ==, expected_url);
  g_assert_cmpstr (json_object_get_string_member (link, "label"), ==, "Boulangerie Martin");
  g_assert_false (json_object_get_boolean_member (link, "archived"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (link, "prospect"), "first_name"),
                   ==, "Zoé");
  stats = json_object_get_object_member (link, "stats");
  g_assert_cmpint (json_object_get_int_member (stats, "clicks"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (stats, "won"), ==, 0);
  g_assert_true (izp_instant_is_valid (json_object_get_string_member (link, "created_at")));

  /* Replay: the same link, 200. */
  r = request (&f, "POST", "/referral-links", LINK_BODY, TRUE, "Idempotency-Key", "key-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  again = response_object (&r);
  response_clear (&r);
  g_assert_true (json_node_equal (json_object_get_member (first, "referral_link"),
                                  json_object_get_member (again, "referral_link")));

  /* The same key with another body. */
  r = request (&f, "POST", "/referral-links", "{\"label\":\"Autre\",\"channel\":\"print\"}", TRUE,
               "Idempotency-Key", "key-1", NULL);
  assert_error (&r, 409, "conflict", NULL);
  response_clear (&r);

  r = request (&f, "POST", "/referral-links", LINK_BODY, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "Idempotency-Key");
  response_clear (&r);

  /* Without a campaign, no utm_campaign; the link is listed once. */
  r = request (&f, "POST", "/referral-links", "{\"label\":\"Salon\",\"channel\":\"event\"}", TRUE,
               "Idempotency-Key", "key-2", NULL);
  g_assert_cmpuint (r.status, ==, 201);
  {
    g_autoptr(JsonObject) created = response_object (&r);
    const char *url = json_object_get_string_member (json_object_get_object_member (created, "referral_link"), "url");

    g_assert_true (g_str_has_suffix (url, "&utm_source=partner&utm_medium=event"));
  }
  response_clear (&r);

  links = fetch_all (&f, "/referral-links", NULL, 1000, NULL);
  {
    guint found = 0;

    for (guint i = 0; i < links->len; i++)
      if (strcmp (item_id (links->pdata[i]), json_object_get_string_member (link, "id")) == 0)
        found++;
    g_assert_cmpuint (found, ==, 1);
  }

  fixture_stop (&f);
}

static void
test_links_validation (void)
{
  static const struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"channel\":\"email\"}", "label" },
    { "{\"label\":\"\",\"channel\":\"email\"}", "label" },
    { "{\"label\":42,\"channel\":\"email\"}", "label" },
    { "{\"label\":\"a\\u0007b\",\"channel\":\"email\"}", "label" },
    { "{\"label\":\"ok\"}", "channel" },
    { "{\"label\":\"ok\",\"channel\":\"fax\"}", "channel" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"campaign\":\"Facturation\"}", "campaign" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"campaign\":\"-x\"}", "campaign" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"slug\":\"a b\"}", "slug" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"prospect\":{\"email\":\"not-an-address\"}}", "prospect.email" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"prospect\":{\"email\":\"a@b\"}}", "prospect.email" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"prospect\":{\"company\":\"x\\ny\"}}", "prospect.company" },
    { "{\"label\":\"ok\",\"channel\":\"email\",\"prospect\":[]}", "prospect" },
  };
  g_autofree char *long_label = NULL;
  g_autofree char *body = NULL;
  Fixture f;
  Response r;

  start_signed_in (&f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = g_strdup_printf ("v-%u", i);

      r = request (&f, "POST", "/referral-links", cases[i].body, TRUE, "Idempotency-Key", key, NULL);
      assert_error (&r, 400, "invalid_request", cases[i].field);
      response_clear (&r);
    }

  /* 120 characters (not bytes) pass, 121 do not. */
  long_label = g_strnfill (119, 'x');
  body = g_strdup_printf ("{\"label\":\"%sé\",\"channel\":\"linkedin\",\"slug\":\"ok-1\"}", long_label);
  r = request (&f, "POST", "/referral-links", body, TRUE, "Idempotency-Key", "long-ok", NULL);
  g_assert_cmpuint (r.status, ==, 201);
  response_clear (&r);
  g_free (body);
  body = g_strdup_printf ("{\"label\":\"%séé\",\"channel\":\"linkedin\"}", long_label);
  r = request (&f, "POST", "/referral-links", body, TRUE, "Idempotency-Key", "long-ko", NULL);
  assert_error (&r, 400, "invalid_request", "label");
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_links_too_large (void)
{
  g_autoptr(GString) body = g_string_new ("{\"label\":\"ok\",\"channel\":\"email\",\"padding\":\"");
  Fixture f;
  Response r;

  start_signed_in (&f);
  while (body->len <= 64 * 1024)
    g_string_append (body, "xxxxxxxxxxxxxxxx");
  g_string_append (body, "\"}");
  r = request (&f, "POST", "/referral-links", body->str, TRUE, "Idempotency-Key", "big", NULL);
  assert_error (&r, 413, "payload_too_large", NULL);
  response_clear (&r);

  r = request (&f, "PATCH", "/referral-links/lnk_0001", body->str, TRUE, NULL);
  assert_error (&r, 413, "payload_too_large", NULL);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_links_patch (void)
{
  Fixture f;
  Response r;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *url = NULL;
  g_autofree char *since = NULL;
  JsonObject *link;

  start_signed_in (&f);
  links = fetch_all (&f, "/referral-links", NULL, 1000, NULL);
  g_assert_cmpuint (links->len, >, 0);
  since = g_strdup (item_updated_at (links->pdata[links->len - 1]));
  url = g_strdup_printf ("/referral-links/%s", item_id (links->pdata[0]));

  r = request (&f, "PATCH", url, "{\"label\":\"Nouveau libellé\",\"archived\":true}", TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  object = response_object (&r);
  response_clear (&r);
  link = json_object_get_object_member (object, "referral_link");
  g_assert_cmpstr (json_object_get_string_member (link, "label"), ==, "Nouveau libellé");
  g_assert_true (json_object_get_boolean_member (link, "archived"));
  g_assert_cmpstr (json_object_get_string_member (link, "code"), ==,
                   json_object_get_string_member (json_node_get_object (links->pdata[0]), "code"));

  changes = fetch_all (&f, "/referral-links", since, 10, NULL);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_true (json_node_equal (changes->pdata[0], json_object_get_member (object, "referral_link")));

  r = request (&f, "PATCH", url, "{\"archived\":\"yes\"}", TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "archived");
  response_clear (&r);
  r = request (&f, "PATCH", url, "{\"label\":\"\"}", TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "label");
  response_clear (&r);
  r = request (&f, "PATCH", "/referral-links/lnk_unknown", "{\"archived\":false}", TRUE, NULL);
  assert_error (&r, 404, "not_found", NULL);
  response_clear (&r);

  /* A deleted link cannot be changed any more. */
  g_assert_true (izp_sandbox_server_delete (f.server, "referral_links", item_id (links->pdata[0]), NULL));
  r = request (&f, "PATCH", url, "{\"archived\":false}", TRUE, NULL);
  assert_error (&r, 404, "not_found", NULL);
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_links_clicks (void)
{
  Fixture f;
  g_autoptr(GPtrArray) links = NULL;
  guint checked = 0;

  start_signed_in (&f);
  links = fetch_all (&f, "/referral-links", NULL, 1000, NULL);

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = json_node_get_object (links->pdata[i]);
      JsonObject *stats = json_object_get_object_member (link, "stats");
      g_autofree char *url = g_strdup_printf ("/referral-links/%s/clicks", item_id (links->pdata[i]));
      g_autoptr(JsonObject) object = NULL;
      g_autofree char *first_body = NULL;
      gint64 clicks = 0, unique = 0, bots = 0;
      JsonArray *data;
      Response r;

      r = request (&f, "GET", url, NULL, TRUE, NULL);
      g_assert_cmpuint (r.status, ==, 200);
      object = response_object (&r);
      first_body = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
      response_clear (&r);
      data = json_object_get_array_member (object, "data");
      g_assert_cmpuint (json_array_get_length (data), >=, 1);
      for (guint d = 0; d < json_array_get_length (data); d++)
        {
          JsonObject *day = json_array_get_object_element (data, d);
          IzpDate date;

          g_assert_true (izp_date_parse (json_object_get_string_member (day, "day"), &date));
          g_assert_cmpint (json_object_get_int_member (day, "unique"), <=,
                           json_object_get_int_member (day, "clicks"));
          clicks += json_object_get_int_member (day, "clicks");
          unique += json_object_get_int_member (day, "unique");
          bots += json_object_get_int_member (day, "suspected_bots");
        }
      g_assert_cmpint (clicks, ==, json_object_get_int_member (stats, "clicks"));
      g_assert_cmpint (unique, ==, json_object_get_int_member (stats, "unique_visitors"));
      g_assert_cmpint (bots, ==, json_object_get_int_member (stats, "suspected_bots"));

      /* Deterministic. */
      r = request (&f, "GET", url, NULL, TRUE, NULL);
      {
        g_autofree char *second_body = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));

        g_assert_cmpstr (second_body, ==, first_body);
      }
      response_clear (&r);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);

  {
    Response r;
    g_autofree char *url = g_strdup_printf ("/referral-links/%s/clicks?from=2026-11-01&to=2026-11-03",
                                            item_id (links->pdata[0]));
    g_autoptr(JsonObject) object = NULL;

    r = request (&f, "GET", url, NULL, TRUE, NULL);
    object = response_object (&r);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "data")), ==, 3);
    response_clear (&r);

    g_free (url);
    url = g_strdup_printf ("/referral-links/%s/clicks?from=2026-13-01", item_id (links->pdata[0]));
    r = request (&f, "GET", url, NULL, TRUE, NULL);
    assert_error (&r, 400, "invalid_request", "from");
    response_clear (&r);

    r = request (&f, "GET", "/referral-links/lnk_nope/clicks", NULL, TRUE, NULL);
    assert_error (&r, 404, "not_found", NULL);
    response_clear (&r);
  }

  fixture_stop (&f);
}

/* ------------------------------------------------------------------ */
/* Single objects                                                       */

static void
test_partner_and_leaderboard (void)
{
  Expected expected = { 0, };
  Fixture f;
  Response r;
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *url = NULL;
  const char *quarter;

  expected_init (&expected, TEST_SEED);
  start_signed_in (&f);

  r = request (&f, "GET", "/partner", NULL, TRUE, NULL);
  object = response_object (&r);
  g_assert_true (json_node_equal (json_object_get_member (object, "partner"),
                                  json_object_get_member (expected.root, "partner")));
  response_clear (&r);
  g_clear_pointer (&object, json_object_unref);

  r = request (&f, "GET", "/leaderboard", NULL, TRUE, NULL);
  object = response_object (&r);
  g_assert_true (json_node_equal (json_object_get_member (object, "leaderboard"),
                                  json_object_get_member (expected.root, "leaderboard")));
  quarter = json_object_get_string_member (json_object_get_object_member (object, "leaderboard"), "quarter");
  g_assert_cmpstr (quarter, ==, "2026-Q4");
  response_clear (&r);

  url = g_strdup_printf ("/leaderboard?quarter=%s", quarter);
  r = request (&f, "GET", url, NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  r = request (&f, "GET", "/leaderboard?quarter=2019-Q1", NULL, TRUE, NULL);
  assert_error (&r, 404, "not_found", NULL);
  response_clear (&r);
  r = request (&f, "GET", "/leaderboard?quarter=2026-Q5", NULL, TRUE, NULL);
  assert_error (&r, 400, "invalid_request", "quarter");
  response_clear (&r);

  fixture_stop (&f);
  expected_clear (&expected);
}

/* ------------------------------------------------------------------ */
/* Rate limit, faults, hooks                                            */

static void
test_rate_limit (void)
{
  IzpSandboxOptions options = test_options ();
  guint ok = 0, limited = 0;
  Fixture f;

  options.rate_limit = 5;
  fixture_start (&f, &options);
  /* Sign in may itself be limited: wait for a fresh second first. */
  g_usleep (G_USEC_PER_SEC - g_get_monotonic_time () % G_USEC_PER_SEC);
  sign_in (&f);

  for (guint i = 0; i < 12; i++)
    {
      Response r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);

      if (r.status == 429)
        {
          assert_error (&r, 429, "rate_limited", NULL);
          g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, "1");
          limited++;
        }
      else
        {
          g_assert_cmpuint (r.status, ==, 200);
          ok++;
        }
      response_clear (&r);
    }
  g_assert_cmpuint (limited, >, 0);
  g_assert_cmpuint (ok, <=, 2 * 5);

  /* The next second serves again. */
  g_usleep (1100 * 1000);
  {
    Response r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);

    g_assert_cmpuint (r.status, ==, 200);
    response_clear (&r);
  }
  fixture_stop (&f);
}

static Fixture
start_with_faults (guint kinds)
{
  IzpSandboxOptions options = test_options ();
  Fixture f;

  options.slow_ms = 600;
  fixture_start (&f, &options);
  sign_in (&f);   /* sign-in is never faulted */
  izp_sandbox_server_set_faults (f.server, 1.0, kinds, 1);
  return f;
}

static gboolean
body_is_json (Response *r)
{
  g_autoptr(JsonNode) root = NULL;
  gsize length;
  const char *data = g_bytes_get_data (r->body, &length);

  root = izp_json_parse_bounded (data != NULL ? data : "", length, IZP_JSON_MAX_BODY_BYTES, 64, NULL);
  return root != NULL;
}

static void
test_fault_status (gconstpointer data)
{
  guint kind = GPOINTER_TO_UINT (data);
  Fixture f = start_with_faults (kind);
  Response r = request (&f, "GET", "/clients?limit=10", NULL, TRUE, NULL);

  switch ((IzpSandboxFault) kind)
    {
    case IZP_SANDBOX_FAULT_500:
      assert_error (&r, 500, "internal", NULL);
      break;
    case IZP_SANDBOX_FAULT_503:
      assert_error (&r, 503, "unavailable", NULL);
      g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, "1");
      break;
    case IZP_SANDBOX_FAULT_429:
      assert_error (&r, 429, "rate_limited", NULL);
      g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Retry-After"), ==, "1");
      break;
    case IZP_SANDBOX_FAULT_DROP:
      /* An I/O error, never a short body taken for a whole one. */
      g_assert_nonnull (r.error);
      g_assert_null (r.body);
      break;
    case IZP_SANDBOX_FAULT_SLOW:
      {
        gint64 start;

        response_clear (&r);
        start = g_get_monotonic_time ();
        r = request (&f, "GET", "/clients?limit=10", NULL, TRUE, NULL);
        g_assert_cmpint (g_get_monotonic_time () - start, >=, 550 * 1000);
        g_assert_cmpuint (r.status, ==, 200);
        g_assert_true (body_is_json (&r));
      }
      break;
    case IZP_SANDBOX_FAULT_TRUNCATE:
    case IZP_SANDBOX_FAULT_MALFORMED:
      g_assert_no_error (r.error);
      g_assert_cmpuint (r.status, ==, 200);
      g_assert_cmpuint (g_bytes_get_size (r.body), >, 0);
      g_assert_false (body_is_json (&r));
      break;
    default:
      g_assert_not_reached ();
    }
  response_clear (&r);

  /* The server keeps serving after a fault; a reset turns faults off. */
  izp_sandbox_server_set_faults (f.server, 0.0, 0, 0);
  r = request (&f, "GET", "/clients?limit=10", NULL, TRUE, NULL);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_true (body_is_json (&r));
  response_clear (&r);

  fixture_stop (&f);
}

static void
test_fault_truncate_length (void)
{
  Fixture f = start_with_faults (IZP_SANDBOX_FAULT_TRUNCATE);
  Response r = request (&f, "GET", "/invoices?limit=50", NULL, TRUE, NULL);
  gsize cut = g_bytes_get_size (r.body);
  Response whole;

  g_assert_no_error (r.error);
  /* Valid HTTP: the length header matches the cut body. */
  g_assert_cmpint (soup_message_headers_get_content_length (r.headers), ==, cut);
  izp_sandbox_server_set_faults (f.server, 0.0, 0, 0);
  whole = request (&f, "GET", "/invoices?limit=50", NULL, TRUE, NULL);
  g_assert_cmpuint (cut, <, g_bytes_get_size (whole.body));
  g_assert_true (memcmp (g_bytes_get_data (r.body, NULL), g_bytes_get_data (whole.body, NULL), cut) == 0);
  response_clear (&r);
  response_clear (&whole);
  fixture_stop (&f);
}

static char *
fault_sequence (guint64 seed)
{
  IzpSandboxOptions options = test_options ();
  GString *sequence = g_string_new (NULL);
  Fixture f;

  options.slow_ms = 50;
  fixture_start (&f, &options);
  sign_in (&f);
  izp_sandbox_server_set_faults (f.server, 0.5,
                                 IZP_SANDBOX_FAULT_500 | IZP_SANDBOX_FAULT_503 | IZP_SANDBOX_FAULT_429
                                 | IZP_SANDBOX_FAULT_DROP | IZP_SANDBOX_FAULT_TRUNCATE
                                 | IZP_SANDBOX_FAULT_MALFORMED | IZP_SANDBOX_FAULT_SLOW,
                                 seed);
  for (guint i = 0; i < 40; i++)
    {
      Response r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);

      if (r.error != NULL)
        g_string_append (sequence, "drop ");
      else
        g_string_append_printf (sequence, "%u%s ", r.status, body_is_json (&r) ? "" : "!");
      response_clear (&r);
    }
  fixture_stop (&f);
  return g_string_free (sequence, FALSE);
}

static void
test_fault_repeatable (void)
{
  g_autofree char *a = fault_sequence (42);
  g_autofree char *b = fault_sequence (42);
  g_autofree char *c = fault_sequence (43);

  g_test_message ("seed 42: %s", a);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  /* About half fail, with several kinds. */
  g_assert_nonnull (strstr (a, "200 "));
  g_assert_true (strstr (a, "500") != NULL || strstr (a, "503") != NULL || strstr (a, "drop") != NULL);
}

static void
test_fault_drop_commits_post (void)
{
  Fixture f = start_with_faults (IZP_SANDBOX_FAULT_DROP);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  Response r;

  izp_sandbox_server_set_faults (f.server, 0.0, 0, 0);
  before = fetch_all (&f, "/referral-links", NULL, 1000, NULL);
  izp_sandbox_server_set_faults (f.server, 1.0, IZP_SANDBOX_FAULT_DROP, 1);

  r = request (&f, "POST", "/referral-links", LINK_BODY, TRUE, "Idempotency-Key", "drop-1", NULL);
  g_assert_nonnull (r.error);
  response_clear (&r);

  /* The retry with the same key finds the link committed. */
  izp_sandbox_server_set_faults (f.server, 0.0, 0, 0);
  r = request (&f, "POST", "/referral-links", LINK_BODY, TRUE, "Idempotency-Key", "drop-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  after = fetch_all (&f, "/referral-links", NULL, 1000, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  fixture_stop (&f);
}

static void
test_hooks_counters (void)
{
  Fixture f;
  Response r;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GPtrArray) clients = NULL;
  g_autofree char *since = NULL;
  g_autofree char *url = NULL;
  g_autofree char *hook = NULL;

  start_signed_in (&f);
  izp_sandbox_server_reset_counters (f.server);

  clients = fetch_all (&f, "/clients", NULL, 1000, NULL);
  since = g_strdup (item_updated_at (clients->pdata[clients->len - 1]));
  g_assert_cmpuint (izp_sandbox_server_count_requests (f.server, "GET", "/v1/clients"), ==, 1);
  g_assert_cmpuint (izp_sandbox_server_count_full_reads (f.server), ==, 1);

  /* Incremental and conditional reads are not full reads. */
  g_ptr_array_unref (fetch_all (&f, "/clients", since, 1000, NULL));
  r = request (&f, "GET", "/partner", NULL, TRUE, "If-None-Match", "\"x\"", NULL);
  response_clear (&r);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f.server, NULL, NULL), ==, 3);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f.server, "GET", "/v1/partner"), ==, 1);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f.server, "POST", NULL), ==, 0);
  g_assert_cmpuint (izp_sandbox_server_count_full_reads (f.server), ==, 1);

  /* The same over HTTP, under /_sandbox. */
  r = request (&f, "GET", "/_sandbox/requests", NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  object = response_object (&r);
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "full_reads"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_path"), "/v1/clients"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "by_method"), "GET"), ==, 3);
  response_clear (&r);

  hook = g_strdup_printf ("/_sandbox/touch?collection=clients&id=%s", item_id (clients->pdata[0]));
  r = request (&f, "POST", hook, NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  g_free (hook);
  hook = g_strdup_printf ("/_sandbox/delete?collection=clients&id=%s", item_id (clients->pdata[1]));
  r = request (&f, "POST", hook, NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  r = request (&f, "POST", "/_sandbox/delete?collection=clients&id=cli_nope", NULL, FALSE, NULL);
  assert_error (&r, 404, "not_found", NULL);
  response_clear (&r);
  {
    g_autoptr(GPtrArray) changes = fetch_all (&f, "/clients", since, 1000, NULL);

    g_assert_cmpuint (changes->len, ==, 2);
  }

  r = request (&f, "POST", "/_sandbox/faults?spec=1:500&seed=3", NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 500);
  response_clear (&r);
  r = request (&f, "POST", "/_sandbox/faults/reset", NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  response_clear (&r);

  r = request (&f, "POST", "/_sandbox/expire-tokens", NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  r = request (&f, "GET", "/campaigns", NULL, TRUE, NULL);
  assert_invalid_token (&r);
  response_clear (&r);

  r = request (&f, "POST", "/_sandbox/requests/reset", NULL, FALSE, NULL);
  g_assert_cmpuint (r.status, ==, 204);
  response_clear (&r);
  g_assert_cmpuint (izp_sandbox_server_count_requests (f.server, NULL, NULL), ==, 0);

  (void) url;
  fixture_stop (&f);
}

/* ------------------------------------------------------------------ */
/* Determinism and datasets                                             */

/* Every page's `data` bytes, in order, for every collection. */
static char *
all_page_bytes (guint64 seed)
{
  IzpSandboxOptions options = test_options ();
  GString *out = g_string_new (NULL);
  Fixture f;

  options.seed = seed;
  fixture_start (&f, &options);
  sign_in (&f);
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      g_autofree char *cursor = NULL;

      do
        {
          g_autofree char *url = NULL;
          g_autoptr(JsonObject) object = NULL;
          g_autofree char *body = NULL;
          const char *end;
          JsonNode *next;
          Response r;

          if (cursor != NULL)
            {
              g_autofree char *escaped = g_uri_escape_string (cursor, NULL, FALSE);

              url = g_strdup_printf ("%s?limit=13&cursor=%s", collection->path + 3, escaped);
            }
          else
            url = g_strdup_printf ("%s?limit=13", collection->path + 3);
          r = request (&f, "GET", url, NULL, TRUE, NULL);
          g_assert_cmpuint (r.status, ==, 200);
          body = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
          end = strstr (body, "],\"next_cursor\":");
          g_assert_nonnull (end);
          g_string_append_len (out, body, end - body);
          g_string_append_c (out, '\n');
          object = response_object (&r);
          next = json_object_get_member (object, "next_cursor");
          g_clear_pointer (&cursor, g_free);
          if (!JSON_NODE_HOLDS_NULL (next))
            cursor = g_strdup (json_node_get_string (next));
          response_clear (&r);
        }
      while (cursor != NULL);
    }
  fixture_stop (&f);
  return g_string_free (out, FALSE);
}

static void
test_generator_determinism (void)
{
  g_autofree char *a = all_page_bytes (11);
  g_autofree char *b = all_page_bytes (11);
  g_autofree char *c = all_page_bytes (12);

  g_assert_cmpuint (strlen (a), >, 10000);
  g_assert_true (strcmp (a, b) == 0);
  g_assert_true (strcmp (a, c) != 0);
}

static void
test_dataset_file_loads (void)
{
  Expected expected = { 0, };
  IzpSandboxOptions options;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  Fixture f;

  expected_init (&expected, TEST_SEED);
  path = write_dataset (expected.root);
  izp_sandbox_options_init (&options);
  options.dataset_file = path;
  fixture_start (&f, &options);
  sign_in (&f);
  invoices = fetch_all (&f, "/invoices", NULL, 1000, NULL);
  g_assert_cmpuint (invoices->len, ==,
                    json_array_get_length (json_object_get_array_member (expected.root, "invoices")));
  fixture_stop (&f);
  g_unlink (path);
  expected_clear (&expected);
}

/* Instants with offsets are ordered as instants and served as written. */
static void
test_dataset_offsets (void)
{
  Expected expected = { 0, };
  IzpSandboxOptions options;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) recent = NULL;
  g_autoptr(GPtrArray) after_touch = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *clients;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *third_id = NULL;
  Fixture f;

  expected_init (&expected, TEST_SEED);
  clients = json_object_get_array_member (expected.root, "clients");
  /* 23:30 UTC, written later as a string than 23:45 UTC. */
  json_object_set_string_member (json_array_get_object_element (clients, 0), "updated_at",
                                 "2030-01-01T00:30:00+01:00");
  json_object_set_string_member (json_array_get_object_element (clients, 1), "updated_at",
                                 "2029-12-31T23:45:00Z");
  first_id = g_strdup (json_object_get_string_member (json_array_get_object_element (clients, 0), "id"));
  second_id = g_strdup (json_object_get_string_member (json_array_get_object_element (clients, 1), "id"));
  third_id = g_strdup (json_object_get_string_member (json_array_get_object_element (clients, 2), "id"));
  path = write_dataset (expected.root);
  izp_sandbox_options_init (&options);
  options.dataset_file = path;
  fixture_start (&f, &options);
  sign_in (&f);

  all = fetch_all (&f, "/clients", NULL, 4, NULL);
  assert_ordered (all);
  g_assert_cmpstr (item_id (all->pdata[all->len - 2]), ==, first_id);
  g_assert_cmpstr (item_updated_at (all->pdata[all->len - 2]), ==, "2030-01-01T00:30:00+01:00");
  g_assert_cmpstr (item_id (all->pdata[all->len - 1]), ==, second_id);

  recent = fetch_all (&f, "/clients", "2030-01-01T00:40:00+01:00", 4, NULL);
  g_assert_cmpuint (recent->len, ==, 1);
  g_assert_cmpstr (item_id (recent->pdata[0]), ==, second_id);

  /* A change made now still comes after the dataset's future instants. */
  g_assert_true (izp_sandbox_server_touch (f.server, "clients", third_id, &error));
  g_assert_no_error (error);
  after_touch = fetch_all (&f, "/clients", "2029-12-31T23:45:00Z", 4, NULL);
  g_assert_cmpuint (after_touch->len, ==, 1);
  g_assert_cmpstr (item_id (after_touch->pdata[0]), ==, third_id);

  fixture_stop (&f);
  g_unlink (path);
  expected_clear (&expected);
}

typedef void (*BreakFunc) (JsonObject *root);

static void
break_amount (JsonObject *root)
{
  JsonObject *invoice = json_array_get_object_element (json_object_get_array_member (root, "invoices"), 3);

  json_object_set_double_member (invoice, "amount_cents", 1245.5);
}

static void
break_plan (JsonObject *root)
{
  JsonObject *client = json_array_get_object_element (json_object_get_array_member (root, "clients"), 2);

  json_object_set_string_member (client, "plan", "gold");
}

static void
break_reference (JsonObject *root)
{
  JsonObject *lead = json_array_get_object_element (json_object_get_array_member (root, "leads"), 0);

  json_object_set_string_member (lead, "link_id", "lnk_9999");
}

static void
break_tier_date (JsonObject *root)
{
  JsonObject *partner = json_object_get_object_member (root, "partner");
  JsonObject *tier = json_array_get_object_element (json_object_get_array_member (partner, "tier_history"), 0);

  json_object_set_string_member (tier, "since", "2026-02-30");
}

static const struct
{
  BreakFunc   func;
  const char *path;
} broken_datasets[] = {
  { break_amount, "$.invoices[3].amount_cents" },
  { break_plan, "$.clients[2].plan" },
  { break_reference, "$.leads[0].link_id" },
  { break_tier_date, "$.partner.tier_history[0].since" },
};

static void
test_dataset_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken_datasets); i++)
    {
      Expected expected = { 0, };
      IzpSandboxOptions options;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      IzpSandboxServer *server;

      expected_init (&expected, TEST_SEED);
      broken_datasets[i].func (expected.root);
      path = write_dataset (expected.root);
      izp_sandbox_options_init (&options);
      options.dataset_file = path;
      server = izp_sandbox_server_new (&options, &error);
      g_assert_null (server);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, broken_datasets[i].path));
      g_unlink (path);
      expected_clear (&expected);
    }
}

/* ------------------------------------------------------------------ */
/* The executable                                                       */

static char *
sandbox_program (void)
{
  const char *build_root = g_getenv ("IZP_BUILD_ROOT");

  g_assert_nonnull (build_root);
  return g_build_filename (build_root, "src", "sandbox", "izyinbox-sandbox", NULL);
}

static void
test_executable_serves_and_stops (void)
{
  g_autofree char *program = sandbox_program ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Fixture f = { 0, };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program,
                              "--generate", "--clients", "20", "--seed", "3",
                              "--today", TEST_TODAY, "--port", "0", "--token-ttl", "60", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/v1"));

  f.base = g_strdup (line);
  f.root = g_strndup (line, strlen (line) - 3);
  f.session = soup_session_new ();
  sign_in (&f);
  {
    Response r = request (&f, "GET", "/clients?limit=5", NULL, TRUE, NULL);
    g_autoptr(JsonObject) object = response_object (&r);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "data")), ==, 5);
    response_clear (&r);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_clear_object (&f.session);
  g_free (f.base);
  g_free (f.root);
  g_free (f.access);
  g_free (f.refresh);
}

static void
run_expecting (const char * const *argv,
               int                 status,
               const char         *in_stderr)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &error));
  g_assert_no_error (error);
  g_test_message ("%s", err_text);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, status);
  if (in_stderr != NULL)
    g_assert_nonnull (strstr (err_text, in_stderr));
}

static void
test_executable_errors (void)
{
  g_autofree char *program = sandbox_program ();
  Expected expected = { 0, };
  g_autofree char *path = NULL;

  expected_init (&expected, TEST_SEED);
  break_reference (expected.root);
  path = write_dataset (expected.root);

  {
    const char *argv[] = { program, "--dataset", path, NULL };

    run_expecting (argv, 1, "$.leads[0].link_id");
  }
  {
    const char *argv[] = { program, "--generate", "--faults", "2:500", NULL };

    run_expecting (argv, 2, NULL);
  }
  {
    const char *argv[] = { program, "--generate", "--faults", "0.2:500,boom", NULL };

    run_expecting (argv, 2, "boom");
  }
  {
    const char *argv[] = { program, "--generate", "--dataset", path, NULL };

    run_expecting (argv, 2, NULL);
  }
  {
    const char *argv[] = { program, "--generate", "--today", "2026-02-30", NULL };

    run_expecting (argv, 2, NULL);
  }
  {
    const char *argv[] = { program, "--no-such-option", NULL };

    run_expecting (argv, 2, NULL);
  }

  g_unlink (path);
  expected_clear (&expected);
}

static void
test_parse_faults (void)
{
  g_autoptr(GError) error = NULL;
  double rate = 0;
  guint kinds = 0;

  g_assert_true (izp_sandbox_parse_faults ("0.3:500,429,drop", &rate, &kinds, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (rate, ==, 0.3);
  g_assert_cmpuint (kinds, ==, IZP_SANDBOX_FAULT_500 | IZP_SANDBOX_FAULT_429 | IZP_SANDBOX_FAULT_DROP);
  g_assert_true (izp_sandbox_parse_faults ("1:500,503,429,drop,slow,truncate,malformed", &rate, &kinds, NULL));
  g_assert_cmpuint (kinds, ==, 0x7f);

  for (guint i = 0; i < 7; i++)
    {
      static const char * const bad[] = { "0.3", ":500", "1.5:500", "x:500", "0.3:", "0.3:500,,drop", "-0.1:500" };

      g_assert_false (izp_sandbox_parse_faults (bad[i], &rate, &kinds, &error));
      g_assert_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_OPTIONS);
      g_clear_error (&error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/faults/parse", test_parse_faults);
  g_test_add_func ("/sandbox/auth/password-grant", test_auth_password_grant);
  g_test_add_func ("/sandbox/auth/password-errors", test_auth_password_errors);
  g_test_add_func ("/sandbox/auth/refresh-rotation", test_auth_refresh_rotation);
  g_test_add_func ("/sandbox/auth/revoke", test_auth_revoke);
  g_test_add_func ("/sandbox/auth/unauthorized", test_auth_unauthorized);
  g_test_add_func ("/sandbox/auth/token-ttl", test_auth_token_ttl);
  g_test_add_func ("/sandbox/paging/equals-dataset", test_paging_equals_dataset);
  g_test_add_func ("/sandbox/paging/updated-since", test_paging_updated_since);
  g_test_add_func ("/sandbox/paging/changes-and-tombstones", test_paging_changes_and_tombstones);
  g_test_add_func ("/sandbox/paging/etag", test_paging_etag);
  g_test_add_func ("/sandbox/paging/bad-cursor", test_paging_bad_cursor);
  g_test_add_func ("/sandbox/paging/bad-parameters", test_paging_bad_parameters);
  g_test_add_func ("/sandbox/links/create-idempotent", test_links_create_idempotent);
  g_test_add_func ("/sandbox/links/validation", test_links_validation);
  g_test_add_func ("/sandbox/links/too-large", test_links_too_large);
  g_test_add_func ("/sandbox/links/patch", test_links_patch);
  g_test_add_func ("/sandbox/links/clicks", test_links_clicks);
  g_test_add_func ("/sandbox/objects/partner-and-leaderboard", test_partner_and_leaderboard);
  g_test_add_func ("/sandbox/rate-limit", test_rate_limit);
  g_test_add_data_func ("/sandbox/faults/500", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_500), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/503", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_503), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/429", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_429), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/drop", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_DROP), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/slow", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_SLOW), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/truncate", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_TRUNCATE), test_fault_status);
  g_test_add_data_func ("/sandbox/faults/malformed", GUINT_TO_POINTER (IZP_SANDBOX_FAULT_MALFORMED), test_fault_status);
  g_test_add_func ("/sandbox/faults/truncate-length", test_fault_truncate_length);
  g_test_add_func ("/sandbox/faults/repeatable", test_fault_repeatable);
  g_test_add_func ("/sandbox/faults/drop-commits-post", test_fault_drop_commits_post);
  g_test_add_func ("/sandbox/hooks/counters", test_hooks_counters);
  g_test_add_func ("/sandbox/generator/determinism", test_generator_determinism);
  g_test_add_func ("/sandbox/dataset/file-loads", test_dataset_file_loads);
  g_test_add_func ("/sandbox/dataset/errors", test_dataset_errors);
  g_test_add_func ("/sandbox/dataset/offsets", test_dataset_offsets);
  g_test_add_func ("/sandbox/executable/serves-and-stops", test_executable_serves_and_stops);
  g_test_add_func ("/sandbox/executable/errors", test_executable_errors);

  return g_test_run ();
}
