/* izp-sandbox-server.c — the reference Partner API v1 server (sandbox)
 *
 * One SQLite connection, guarded by a mutex, holds the dataset (layout of
 * izp-dataset.h) plus the server's own tables (tokens, idempotency keys).
 * Every collection table gets a `sort_key` column: its updated_at in UTC with
 * milliseconds, so that instants given with offsets still order correctly
 * while items are served exactly as they were loaded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/socket.h>

#include "izp-dataset.h"
#include "izp-generator.h"
#include "izp-json.h"
#include "izp-link-draft.h"
#include "izp-record-table.h"
#include "izp-sandbox-server.h"
#include "izp-schema.h"

#define MAX_WRITE_BODY   (64 * 1024)
#define MAX_LIMIT        1000
#define DEFAULT_LIMIT    500
#define SORT_KEY_LEN     24   /* 2026-11-27T09:30:00.000Z */
#define MAX_CLICK_DAYS   3660

typedef struct
{
  guint    status;
  GString *body;    /* NULL: no body */
} Reply;

struct _IzpSandboxServer
{
  GObject            parent_instance;

  IzpSandboxOptions  options;
  char              *dataset_file;
  char              *database_path;

  GMutex             lock;          /* guards everything below but the thread fields */
  sqlite3           *db;
  guint8             cursor_key[32];
  gint64             last_instant_ms;
  char              *quarter;

  double             fault_rate;
  guint              fault_kinds;
  guint64            fault_state;

  gint64             rate_second;
  guint              rate_count;

  GHashTable        *request_counts; /* "METHOD /path" → count */
  guint              full_reads;

  /* The serving thread */
  GThread           *thread;
  GMainContext      *context;
  GMainLoop         *loop;
  SoupServer        *server;
  char              *base_url;
  GMutex             start_lock;
  GCond              start_cond;
  gboolean           start_done;
  GError            *start_error;
};

G_DEFINE_FINAL_TYPE (IzpSandboxServer, izp_sandbox_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (izp-sandbox-error-quark, izp_sandbox_error)

static const struct
{
  const char *name;
  guint       kind;
} fault_names[] = {
  { "500", IZP_SANDBOX_FAULT_500 },
  { "503", IZP_SANDBOX_FAULT_503 },
  { "429", IZP_SANDBOX_FAULT_429 },
  { "drop", IZP_SANDBOX_FAULT_DROP },
  { "slow", IZP_SANDBOX_FAULT_SLOW },
  { "truncate", IZP_SANDBOX_FAULT_TRUNCATE },
  { "malformed", IZP_SANDBOX_FAULT_MALFORMED },
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

void
izp_sandbox_options_init (IzpSandboxOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->n_clients = 60;
  options->seed = 1;
  options->token_ttl = 3600;
  options->slow_ms = 2000;
}

gboolean
izp_sandbox_parse_faults (const char  *spec,
                          double      *out_rate,
                          guint       *out_kinds,
                          GError     **error)
{
  const char *colon;
  g_autofree char *rate_text = NULL;
  g_auto(GStrv) kinds = NULL;
  char *end = NULL;
  double rate;
  guint mask = 0;

  g_return_val_if_fail (spec != NULL, FALSE);

  colon = strchr (spec, ':');
  if (colon == NULL || colon == spec)
    {
      g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_OPTIONS,
                   _("Invalid fault specification “%s”: RATE:KIND,KIND… is expected"), spec);
      return FALSE;
    }

  rate_text = g_strndup (spec, colon - spec);
  rate = g_ascii_strtod (rate_text, &end);
  if (end == NULL || *end != '\0' || !(rate >= 0.0 && rate <= 1.0))
    {
      g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_OPTIONS,
                   _("Invalid fault rate “%s”: a number between 0 and 1 is expected"), rate_text);
      return FALSE;
    }

  if (colon[1] == '\0')
    {
      g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_OPTIONS,
                   _("Invalid fault specification “%s”: at least one kind is expected"), spec);
      return FALSE;
    }

  kinds = g_strsplit (colon + 1, ",", -1);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (fault_names); k++)
        {
          if (strcmp (kinds[i], fault_names[k].name) == 0)
            {
              mask |= fault_names[k].kind;
              known = TRUE;
            }
        }
      if (!known)
        {
          g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_OPTIONS,
                       _("Unknown fault kind “%s” (expected 500, 503, 429, drop, slow, truncate or malformed)"),
                       kinds[i]);
          return FALSE;
        }
    }

  if (out_rate != NULL)
    *out_rate = rate;
  if (out_kinds != NULL)
    *out_kinds = mask;
  return TRUE;
}

static guint64
next_random (guint64 *state)
{
  /* splitmix64: tiny, and the same sequence on every platform. */
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static double
next_unit (guint64 *state)
{
  return (next_random (state) >> 11) * (1.0 / 9007199254740992.0);
}

static gboolean
strings_equal_constant_time (const char *a,
                             const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guint diff = (guint) (la ^ lb);

  /* Always walk the whole of @b so the time depends on neither content. */
  for (gsize i = 0; i < lb; i++)
    diff |= (guint) ((guchar) b[i] ^ (guchar) a[i < la ? i : 0]);
  return diff == 0 && la == lb;
}

static char *
random_token (guint n_bytes)
{
  g_autofree guint8 *bytes = g_malloc (n_bytes);
  g_autofree char *b64 = NULL;

  /* GLib's global GRand is seeded from /dev/urandom. */
  for (guint i = 0; i < n_bytes; i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  b64 = g_base64_encode (bytes, n_bytes);
  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strdup (b64);
}

static char *
random_code (guint length)
{
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  GString *code = g_string_sized_new (length);

  for (guint i = 0; i < length; i++)
    g_string_append_c (code, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  return g_string_free (code, FALSE);
}

/* The ordering key of an instant: UTC with milliseconds, fixed width. */
static gboolean
instant_to_sort_key (const char *instant,
                     char        out[SORT_KEY_LEN + 1])
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;

  if (instant == NULL)
    return FALSE;

  /* The common case, already `YYYY-MM-DDTHH:MM:SSZ`. */
  if (strlen (instant) == 20 && instant[10] == 'T' && instant[19] == 'Z'
      && instant[4] == '-' && instant[13] == ':')
    {
      memcpy (out, instant, 19);
      memcpy (out + 19, ".000Z", 6);
      return TRUE;
    }

  parsed = g_date_time_new_from_iso8601 (instant, NULL);
  if (parsed == NULL)
    return FALSE;
  utc = g_date_time_to_utc (parsed);
  base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  if (base == NULL || strlen (base) != 19)
    return FALSE;
  g_snprintf (out, SORT_KEY_LEN + 1, "%s.%03dZ", base,
              g_date_time_get_microsecond (utc) / 1000);
  return TRUE;
}

static gint64
sort_key_to_ms (const char *sort_key)
{
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (sort_key, NULL);

  if (parsed == NULL)
    return 0;
  return g_date_time_to_unix (parsed) * 1000 + g_date_time_get_microsecond (parsed) / 1000;
}

static void
sql_sort_key (sqlite3_context  *ctx,
              int               argc,
              sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char key[SORT_KEY_LEN + 1];

  if (text != NULL && instant_to_sort_key (text, key))
    sqlite3_result_text (ctx, key, SORT_KEY_LEN, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (ctx);
}


/* A new instant for a write: now, but strictly after every updated_at
 * already served, so `updated_since` never hides a change. Lock held. */
static void
next_instant (IzpSandboxServer *self,
              char              instant[SORT_KEY_LEN + 1])
{
  gint64 now_ms = g_get_real_time () / 1000;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *base = NULL;

  if (now_ms <= self->last_instant_ms)
    now_ms = self->last_instant_ms + 1;
  self->last_instant_ms = now_ms;

  dt = g_date_time_new_from_unix_utc (now_ms / 1000);
  base = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S");
  g_snprintf (instant, SORT_KEY_LEN + 1, "%s.%03dZ", base, (int) (now_ms % 1000));
}

/* ------------------------------------------------------------------ */
/* Database                                                             */

static gboolean
emit_to_writer (const char  *key,
                JsonObject  *item,
                gpointer     user_data,
                GError     **error)
{
  return izp_dataset_writer_add (user_data, key, item, error);
}

static gboolean
generate_dataset (IzpSandboxServer  *self,
                  GError           **error)
{
  g_autoptr(IzpDatasetWriter) writer = NULL;
  IzpGeneratorOptions gen = { 0, };

  gen.n_clients = self->options.n_clients;
  gen.seed = self->options.seed;
  gen.today = self->options.today != IZP_DATE_NONE ? self->options.today : izp_date_today_utc ();

  writer = izp_dataset_writer_new (self->db, error);
  if (writer == NULL)
    return FALSE;
  if (!izp_generator_run (&gen, emit_to_writer, writer, error))
    return FALSE;
  return izp_dataset_writer_commit (writer, error);
}

static gboolean
prepare_server_tables (IzpSandboxServer  *self,
                       GError           **error)
{
  g_autofree char *max_key = NULL;

  if (!izp_record_exec (self->db,
                 "CREATE TABLE IF NOT EXISTS sandbox_access_tokens ("
                 "  token TEXT PRIMARY KEY, email TEXT NOT NULL, expires_at INTEGER NOT NULL);"
                 "CREATE TABLE IF NOT EXISTS sandbox_refresh_tokens ("
                 "  token TEXT PRIMARY KEY, email TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
                 "CREATE TABLE IF NOT EXISTS sandbox_idempotency ("
                 "  key TEXT PRIMARY KEY, body_hash TEXT NOT NULL, link_id TEXT NOT NULL);",
                 error))
    return FALSE;

  if (!izp_record_exec (self->db, "BEGIN", error))
    return FALSE;

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt = NULL;

      sql = g_strdup_printf ("ALTER TABLE \"%1$s\" ADD COLUMN sort_key TEXT;"
                             "UPDATE \"%1$s\" SET sort_key = izp_sort_key (\"updated_at\");"
                             "CREATE INDEX IF NOT EXISTS \"sandbox_%1$s_order\""
                             "  ON \"%1$s\" (sort_key, \"id\");",
                             collection->name);
      if (!izp_record_exec (self->db, sql, error))
        goto fail;

      g_free (sql);
      sql = g_strdup_printf ("SELECT max (sort_key), count (*) - count (sort_key) FROM \"%s\"",
                             collection->name);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          izp_record_set_sql_error (self->db, error);
          goto fail;
        }
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *key = (const char *) sqlite3_column_text (stmt, 0);

          if (sqlite3_column_int64 (stmt, 1) != 0)
            {
              /* The loader validated every instant; this is a bug. */
              g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_DATABASE,
                           "%s: updated_at that cannot be ordered", collection->name);
              sqlite3_finalize (stmt);
              goto fail;
            }
          if (key != NULL && (max_key == NULL || strcmp (key, max_key) > 0))
            {
              g_free (max_key);
              max_key = g_strdup (key);
            }
        }
      sqlite3_finalize (stmt);
    }

  if (!izp_record_exec (self->db, "COMMIT", error))
    return FALSE;

  if (max_key != NULL)
    self->last_instant_ms = sort_key_to_ms (max_key);
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static char *
read_document (IzpSandboxServer *self,
               const char       *name)
{
  sqlite3_stmt *stmt = NULL;
  char *json = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT json FROM documents WHERE name = ?", -1,
                          &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return json;
}

static JsonObject *
read_document_object (IzpSandboxServer *self,
                      const char       *name)
{
  g_autofree char *json = read_document (self, name);
  g_autoptr(JsonNode) root = NULL;

  if (json == NULL)
    return NULL;
  root = izp_json_parse_bounded (json, strlen (json), IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
open_database (IzpSandboxServer  *self,
               GError           **error)
{
  const char *path = self->database_path != NULL ? self->database_path : ":memory:";
  g_autoptr(JsonObject) board = NULL;

  if (self->database_path != NULL)
    g_unlink (self->database_path);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      izp_record_set_sql_error (self->db, error);
      return FALSE;
    }

  if (!izp_record_exec (self->db,
                 "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;"
                 "PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;",
                 error))
    return FALSE;

  if (sqlite3_create_function (self->db, "izp_sort_key", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                               sql_sort_key, NULL, NULL) != SQLITE_OK)
    return izp_record_set_sql_error (self->db, error);

  if (self->options.generate)
    {
      if (!generate_dataset (self, error))
        return FALSE;
    }
  else if (!izp_dataset_load_file (self->db, self->dataset_file, error))
    return FALSE;

  if (!prepare_server_tables (self, error))
    return FALSE;

  board = read_document_object (self, "leaderboard");
  if (board != NULL && json_object_has_member (board, "quarter")
      && JSON_NODE_HOLDS_VALUE (json_object_get_member (board, "quarter")))
    self->quarter = g_strdup (json_object_get_string_member (board, "quarter"));

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Cursors: collection, last (sort_key, id) and the query's updated_since,
 * signed with a key drawn at start (valid for the process lifetime).     */

static char *
sign_payload (IzpSandboxServer *self,
              const char       *payload)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, self->cursor_key,
                                      sizeof self->cursor_key);
  g_autofree char *hex = NULL;

  g_hmac_update (hmac, (const guchar *) payload, -1);
  hex = g_strdup (g_hmac_get_string (hmac));
  hex[32] = '\0';
  return g_steal_pointer (&hex);
}

static char *
encode_cursor (IzpSandboxServer *self,
               const char       *collection,
               const char       *sort_key,
               const char       *id,
               const char       *since_key)
{
  g_autofree char *payload = g_strjoin ("\n", collection, sort_key, id, since_key, NULL);
  g_autofree char *mac = sign_payload (self, payload);
  g_autofree char *b64 = g_base64_encode ((const guchar *) payload, strlen (payload));

  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  g_strdelimit (b64, "=", '\0');
  return g_strconcat (b64, ".", mac, NULL);
}

static gboolean
decode_cursor (IzpSandboxServer  *self,
               const char        *cursor,
               const char        *collection,
               char             **out_sort_key,
               char             **out_id,
               char             **out_since_key)
{
  const char *dot;
  g_autofree char *b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *mac = NULL;
  g_auto(GStrv) parts = NULL;
  gsize raw_len = 0;
  gsize b64_len;

  if (cursor == NULL || strlen (cursor) > 2048)
    return FALSE;
  dot = strrchr (cursor, '.');
  if (dot == NULL || strlen (dot + 1) != 32 || dot == cursor)
    return FALSE;

  b64_len = dot - cursor;
  b64 = g_malloc0 (b64_len + 4);
  memcpy (b64, cursor, b64_len);
  for (gsize i = 0; i < b64_len; i++)
    {
      if (b64[i] == '-')
        b64[i] = '+';
      else if (b64[i] == '_')
        b64[i] = '/';
      else if (!g_ascii_isalnum (b64[i]))
        return FALSE;
    }
  while (b64_len % 4 != 0)
    b64[b64_len++] = '=';

  raw = g_base64_decode (b64, &raw_len);
  if (raw == NULL || raw_len == 0 || memchr (raw, '\0', raw_len) != NULL)
    return FALSE;
  payload = g_strndup ((const char *) raw, raw_len);

  mac = sign_payload (self, payload);
  if (!strings_equal_constant_time (dot + 1, mac))
    return FALSE;

  parts = g_strsplit (payload, "\n", -1);
  if (g_strv_length (parts) != 4 || strcmp (parts[0], collection) != 0
      || strlen (parts[1]) != SORT_KEY_LEN)
    return FALSE;

  *out_sort_key = g_strdup (parts[1]);
  *out_id = g_strdup (parts[2]);
  *out_since_key = g_strdup (parts[3]);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Replies                                                              */

static void
reply_body (Reply   *r,
            guint    status,
            GString *body)
{
  if (r->body != NULL)
    g_string_free (r->body, TRUE);
  r->status = status;
  r->body = body;
}

static void
reply_error (Reply      *r,
             guint       status,
             const char *code,
             const char *message,
             const char *field)
{
  GString *body = g_string_new ("{\"error\":{\"code\":");

  izp_json_append_string (body, code, -1);
  g_string_append (body, ",\"message\":");
  izp_json_append_string (body, message, -1);
  if (field != NULL)
    {
      g_string_append (body, ",\"field\":");
      izp_json_append_string (body, field, -1);
    }
  g_string_append (body, "}}");
  reply_body (r, status, body);
}

static void
reply_invalid (Reply      *r,
               const char *field,
               const char *message)
{
  reply_error (r, SOUP_STATUS_BAD_REQUEST, "invalid_request", message, field);
}

static void
reply_retry_later (SoupServerMessage *msg,
                   Reply             *r,
                   guint              status)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Retry-After", "1");
  if (status == 429)
    reply_error (r, 429, "rate_limited", "Too many requests, retry later", NULL);
  else
    reply_error (r, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                 "Service temporarily unavailable", NULL);
}

/* Sends the ETag of @body, or turns the reply into a 304 when the client
 * already has it. */
static void
reply_with_etag (SoupServerMessage *msg,
                 Reply             *r,
                 GString           *body)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *if_none_match = soup_message_headers_get_list (req, "If-None-Match");
  g_autofree char *hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                       (const guchar *) body->str, body->len);
  g_autofree char *etag = NULL;

  hash[32] = '\0';
  etag = g_strdup_printf ("\"%s\"", hash);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);

  if (if_none_match != NULL)
    {
      g_auto(GStrv) tags = g_strsplit (if_none_match, ",", -1);

      for (guint i = 0; tags[i] != NULL; i++)
        {
          const char *tag = g_strstrip (tags[i]);

          if (g_str_has_prefix (tag, "W/"))
            tag += 2;
          if (strcmp (tag, etag) == 0 || strcmp (tag, "*") == 0)
            {
              g_string_free (body, TRUE);
              reply_body (r, SOUP_STATUS_NOT_MODIFIED, NULL);
              return;
            }
        }
    }

  reply_body (r, SOUP_STATUS_OK, body);
}

/* ------------------------------------------------------------------ */
/* Bodies of writes                                                     */

static JsonObject *
parse_body_object (SoupServerMessage *msg,
                   Reply             *r)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize length;

  if (soup_message_headers_get_content_length (req) > MAX_WRITE_BODY
      || (body != NULL && body->length > MAX_WRITE_BODY))
    {
      reply_error (r, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                   "The body is over 64 KiB", NULL);
      return NULL;
    }

  bytes = soup_message_body_flatten (body);
  data = g_bytes_get_data (bytes, &length);
  root = izp_json_parse_bounded (data != NULL ? data : "", length, MAX_WRITE_BODY,
                                 IZP_JSON_MAX_DEPTH, &error);
  if (root == NULL)
    {
      reply_invalid (r, NULL, error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_invalid (r, NULL, "A JSON object is expected");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* Reads an optional or required string member, answering 400 with its
 * name as `field`. */
static gboolean
get_member_string (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   const char **out_value,
                   Reply       *r)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *message = g_strdup_printf ("%s is required", member);

          reply_invalid (r, member, message);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf ("%s must be a string", member);

      reply_invalid (r, member, message);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
check_label (const char *label,
             Reply      *r)
{
  glong n_chars;

  if (!izp_link_text_is_clean (label))
    {
      reply_invalid (r, "label", "label must be UTF-8 text without control characters");
      return FALSE;
    }
  n_chars = g_utf8_strlen (label, -1);
  if (n_chars < 1 || n_chars > 120)
    {
      reply_invalid (r, "label", "label must have 1 to 120 characters");
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Authentication                                                       */

static void
issue_tokens (IzpSandboxServer  *self,
              SoupServerMessage *msg,
              const char        *email,
              Reply             *r)
{
  g_autofree char *access = random_token (32);
  g_autofree char *refresh = random_token (32);
  sqlite3_stmt *stmt = NULL;
  GString *body;

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO sandbox_access_tokens (token, email, expires_at) VALUES (?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, access, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC + self->options.token_ttl);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO sandbox_refresh_tokens (token, email) VALUES (?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, refresh, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, email, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  body = g_string_new ("{\"access_token\":");
  izp_json_append_string (body, access, -1);
  g_string_append_printf (body, ",\"token_type\":\"Bearer\",\"expires_in\":%u,\"refresh_token\":",
                          self->options.token_ttl);
  izp_json_append_string (body, refresh, -1);
  g_string_append_c (body, '}');
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  reply_body (r, SOUP_STATUS_OK, body);
}

static void
handle_token (IzpSandboxServer  *self,
              SoupServerMessage *msg,
              Reply             *r)
{
  g_autoptr(JsonObject) request = parse_body_object (msg, r);
  const char *grant_type;
  sqlite3_stmt *stmt = NULL;

  if (request == NULL || !get_member_string (request, "grant_type", TRUE, &grant_type, r))
    return;

  if (strcmp (grant_type, "password") == 0)
    {
      const char *email;
      const char *password;
      g_autofree char *expected = NULL;
      g_autofree char *canonical_email = NULL;

      if (!get_member_string (request, "email", TRUE, &email, r)
          || !get_member_string (request, "password", TRUE, &password, r))
        return;

      sqlite3_prepare_v2 (self->db,
                          "SELECT email, password FROM users WHERE email = ? COLLATE NOCASE",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, email, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          canonical_email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          expected = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_finalize (stmt);

      /* Compare even for an unknown user, so both cases take the same time. */
      if (!strings_equal_constant_time (password, expected != NULL ? expected : "\x01")
          || expected == NULL)
        {
          reply_error (r, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                       "Wrong e-mail or password", NULL);
          return;
        }
      issue_tokens (self, msg, canonical_email, r);
    }
  else if (strcmp (grant_type, "refresh_token") == 0)
    {
      const char *refresh;
      g_autofree char *email = NULL;

      if (!get_member_string (request, "refresh_token", TRUE, &refresh, r))
        return;

      sqlite3_prepare_v2 (self->db,
                          "SELECT email FROM sandbox_refresh_tokens WHERE token = ? AND revoked = 0",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, refresh, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        email = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);

      if (email == NULL)
        {
          reply_error (r, SOUP_STATUS_BAD_REQUEST, "invalid_grant",
                       "The refresh token is unknown or revoked", NULL);
          return;
        }

      /* Rotation: the old refresh token dies with this answer. */
      sqlite3_prepare_v2 (self->db,
                          "UPDATE sandbox_refresh_tokens SET revoked = 1 WHERE token = ?",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, refresh, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);

      issue_tokens (self, msg, email, r);
    }
  else
    {
      reply_invalid (r, "grant_type", "grant_type must be password or refresh_token");
    }
}

static void
handle_revoke (IzpSandboxServer  *self,
               SoupServerMessage *msg,
               Reply             *r)
{
  g_autoptr(JsonObject) request = parse_body_object (msg, r);
  const char *refresh;
  sqlite3_stmt *stmt = NULL;

  if (request == NULL || !get_member_string (request, "refresh_token", TRUE, &refresh, r))
    return;

  sqlite3_prepare_v2 (self->db,
                      "UPDATE sandbox_refresh_tokens SET revoked = 1 WHERE token = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, refresh, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  /* As RFC 7009: an unknown token is not an error. */
  reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
}

static gboolean
authenticate (IzpSandboxServer  *self,
              SoupServerMessage *msg,
              Reply             *r)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *header = soup_message_headers_get_one (req, "Authorization");
  const char *message = "An access token is required";
  sqlite3_stmt *stmt = NULL;

  if (header != NULL && g_ascii_strncasecmp (header, "Bearer ", 7) == 0)
    {
      const char *token = header + 7;
      gboolean valid = FALSE;

      while (*token == ' ')
        token++;
      sqlite3_prepare_v2 (self->db,
                          "SELECT expires_at FROM sandbox_access_tokens WHERE token = ?",
                          -1, &stmt, NULL);
      sqlite3_bind_text (stmt, 1, token, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          valid = sqlite3_column_int64 (stmt, 0) > g_get_real_time () / G_USEC_PER_SEC;
          message = "The access token has expired";
        }
      else
        {
          message = "The access token is unknown";
        }
      sqlite3_finalize (stmt);
      if (valid)
        return TRUE;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer error=\"invalid_token\"");
  reply_error (r, SOUP_STATUS_UNAUTHORIZED, "unauthorized", message, NULL);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Reads                                                                */

static void
handle_page (IzpSandboxServer    *self,
             SoupServerMessage   *msg,
             const IzpCollection *collection,
             GHashTable          *query,
             Reply               *r)
{
  const char *limit_text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  const char *since = query != NULL ? g_hash_table_lookup (query, "updated_since") : NULL;
  const char *cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autofree char *after_key = NULL;
  g_autofree char *after_id = NULL;
  g_autofree char *since_key = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *last_key = NULL;
  g_autofree char *last_id = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 limit = DEFAULT_LIMIT;
  guint n_rows = 0;
  GString *body;

  if (limit_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_LIMIT, &limit, NULL))
        {
          reply_invalid (r, "limit", "limit must be an integer from 1 to 1000");
          return;
        }
    }

  if (since != NULL)
    {
      char key[SORT_KEY_LEN + 1];

      if (!izp_instant_is_valid (since) || !instant_to_sort_key (since, key))
        {
          reply_invalid (r, "updated_since", "updated_since must be an RFC 3339 instant");
          return;
        }
      since_key = g_strdup (key);
    }

  if (cursor != NULL)
    {
      g_autofree char *cursor_since = NULL;

      if (!decode_cursor (self, cursor, collection->name, &after_key, &after_id, &cursor_since))
        {
          reply_invalid (r, "cursor", "The cursor is unknown or expired");
          return;
        }
      /* The cursor carries the query it continues; it wins. */
      g_free (since_key);
      since_key = g_steal_pointer (&cursor_since);
    }

  /* Tombstone columns: append_json writes deleted rows as tombstones. */
  sql = g_strdup_printf ("SELECT sort_key, %s FROM \"%s\" %s ORDER BY sort_key, \"id\" LIMIT ?3",
                         izp_record_table_select_columns (collection, IZP_RECORD_TABLE_TOMBSTONES),
                         collection->name,
                         after_key != NULL ? "WHERE (sort_key, \"id\") > (?1, ?2)"
                         : since_key != NULL && since_key[0] != '\0' ? "WHERE sort_key > ?1"
                         : "");

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_warning ("page query: %s", sqlite3_errmsg (self->db));
      reply_error (r, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "Database error", NULL);
      return;
    }
  if (after_key != NULL)
    {
      sqlite3_bind_text (stmt, 1, after_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, after_id, -1, SQLITE_STATIC);
    }
  else if (since_key != NULL && since_key[0] != '\0')
    {
      sqlite3_bind_text (stmt, 1, since_key, -1, SQLITE_STATIC);
    }
  /* One more row than asked tells whether there is a next page. */
  sqlite3_bind_int64 (stmt, 3, (sqlite3_int64) limit + 1);

  body = g_string_sized_new (limit * 400 + 64);
  g_string_append (body, "{\"data\":[");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n_rows == limit)
        {
          n_rows++;
          break;
        }
      if (n_rows > 0)
        g_string_append_c (body, ',');
      izp_record_table_append_json (collection, stmt, 1, body);
      g_free (last_key);
      g_free (last_id);
      last_key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      last_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      n_rows++;
    }
  sqlite3_finalize (stmt);

  g_string_append (body, "],\"next_cursor\":");
  if (n_rows > limit)
    {
      g_autofree char *next = encode_cursor (self, collection->name, last_key, last_id,
                                             since_key != NULL ? since_key : "");

      izp_json_append_string (body, next, -1);
    }
  else
    {
      g_string_append (body, "null");
    }
  g_string_append_c (body, '}');

  reply_with_etag (msg, r, body);
}

static void
handle_document (IzpSandboxServer  *self,
                 SoupServerMessage *msg,
                 const char        *name,
                 Reply             *r)
{
  g_autofree char *json = read_document (self, name);
  GString *body;

  if (json == NULL)
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "No such document", NULL);
      return;
    }
  body = g_string_new ("{");
  izp_json_append_string (body, name, -1);
  g_string_append_c (body, ':');
  g_string_append (body, json);
  g_string_append_c (body, '}');
  reply_with_etag (msg, r, body);
}

static gboolean
is_valid_quarter (const char *text)
{
  return strlen (text) == 7 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1])
         && g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]) && text[4] == '-'
         && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4';
}

static void
handle_leaderboard (IzpSandboxServer  *self,
                    SoupServerMessage *msg,
                    GHashTable        *query,
                    Reply             *r)
{
  const char *quarter = query != NULL ? g_hash_table_lookup (query, "quarter") : NULL;

  if (quarter != NULL && !is_valid_quarter (quarter))
    {
      reply_invalid (r, "quarter", "quarter must look like 2026-Q4");
      return;
    }
  /* Only the dataset's quarter exists in the sandbox. */
  if (quarter != NULL && g_strcmp0 (quarter, self->quarter) != 0)
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "No leaderboard for this quarter", NULL);
      return;
    }
  handle_document (self, msg, "leaderboard", r);
}

/* ------------------------------------------------------------------ */
/* Referral links                                                       */

static const IzpCollection *
links_collection (void)
{
  return izp_schema_get_collection (IZP_COLLECTION_REFERRAL_LINKS);
}

static gboolean
reply_link (IzpSandboxServer *self,
            const char       *id,
            guint             status,
            Reply            *r)
{
  const IzpCollection *collection = links_collection ();
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE \"id\" = ? AND deleted = 0",
                                          izp_record_table_columns (collection),
                                          collection->name);
  sqlite3_stmt *stmt = NULL;
  GString *body;
  gboolean found = FALSE;

  body = g_string_new ("{\"referral_link\":");
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          izp_record_table_append_json (collection, stmt, 0, body);
          found = TRUE;
        }
      sqlite3_finalize (stmt);
    }
  g_string_append_c (body, '}');

  if (!found)
    {
      g_string_free (body, TRUE);
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "No such referral link", NULL);
      return FALSE;
    }
  reply_body (r, status, body);
  return TRUE;
}

static gboolean
update_sort_key (IzpSandboxServer *self,
                 const char       *table,
                 const char       *id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE \"%s\" SET sort_key = izp_sort_key (\"updated_at\")"
                                          " WHERE \"id\" = ?", table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

static gboolean
link_exists (IzpSandboxServer *self,
             const char       *column,
             const char       *value)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM referral_links WHERE \"%s\" = ?", column);
  sqlite3_stmt *stmt = NULL;
  gboolean exists;

  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

static char *
build_link_url (IzpSandboxServer *self,
                const char       *code,
                const char       *channel,
                const char       *campaign)
{
  g_autoptr(JsonObject) partner = read_document_object (self, "partner");
  const char *base = "https://demo.izyinbox.fr/";
  g_autofree char *code_esc = g_uri_escape_string (code, NULL, FALSE);
  g_autofree char *channel_esc = g_uri_escape_string (channel, NULL, FALSE);
  GString *url;

  if (partner != NULL && json_object_has_member (partner, "demo_base_url"))
    {
      JsonNode *node = json_object_get_member (partner, "demo_base_url");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        base = json_node_get_string (node);
    }

  url = g_string_new (base);
  g_string_append_printf (url, "%cref=%s&utm_source=partner&utm_medium=%s",
                          strchr (base, '?') != NULL ? '&' : '?', code_esc, channel_esc);
  if (campaign != NULL)
    {
      g_autofree char *campaign_esc = g_uri_escape_string (campaign, NULL, FALSE);

      g_string_append_printf (url, "&utm_campaign=%s", campaign_esc);
    }
  return g_string_free (url, FALSE);
}

/* Validates the body of POST /v1/referral-links; on success @out_prospect
 * holds a copy of the prospect (or NULL). */
static gboolean
check_new_link (JsonObject  *request,
                const char **out_label,
                const char **out_channel,
                const char **out_campaign,
                JsonObject **out_prospect,
                Reply       *r)
{
  static const char * const channels[] = { "email", "linkedin", "print", "phone", "event", "other", NULL };
  static const char * const prospect_members[] = { "first_name", "last_name", "company", "email", NULL };
  const char *slug;
  JsonNode *prospect_node;

  *out_prospect = NULL;
  if (!get_member_string (request, "label", TRUE, out_label, r) || !check_label (*out_label, r))
    return FALSE;

  if (!get_member_string (request, "channel", TRUE, out_channel, r))
    return FALSE;
  if (!g_strv_contains (channels, *out_channel))
    {
      reply_invalid (r, "channel", "channel must be email, linkedin, print, phone, event or other");
      return FALSE;
    }

  if (!get_member_string (request, "campaign", FALSE, out_campaign, r))
    return FALSE;
  if (*out_campaign != NULL && !izp_link_slug_is_valid (*out_campaign))
    {
      reply_invalid (r, "campaign", "campaign must match ^[a-z0-9][a-z0-9-]{0,62}$");
      return FALSE;
    }

  /* The slug is checked but not stored: the link object has no slug. */
  if (!get_member_string (request, "slug", FALSE, &slug, r))
    return FALSE;
  if (slug != NULL && !izp_link_slug_is_valid (slug))
    {
      reply_invalid (r, "slug", "slug must match ^[a-z0-9][a-z0-9-]{0,62}$");
      return FALSE;
    }

  prospect_node = json_object_get_member (request, "prospect");
  if (prospect_node != NULL && !JSON_NODE_HOLDS_NULL (prospect_node))
    {
      JsonObject *prospect;
      g_autoptr(JsonObject) copy = json_object_new ();

      if (!JSON_NODE_HOLDS_OBJECT (prospect_node))
        {
          reply_invalid (r, "prospect", "prospect must be an object");
          return FALSE;
        }
      prospect = json_node_get_object (prospect_node);
      for (guint i = 0; prospect_members[i] != NULL; i++)
        {
          g_autofree char *field = g_strconcat ("prospect.", prospect_members[i], NULL);
          JsonNode *node = json_object_get_member (prospect, prospect_members[i]);
          const char *value;

          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              reply_invalid (r, field, "must be a string");
              return FALSE;
            }
          value = json_node_get_string (node);
          if (!izp_link_text_is_clean (value) || g_utf8_strlen (value, -1) > 200)
            {
              reply_invalid (r, field, "must be UTF-8 text without control characters, at most 200 characters");
              return FALSE;
            }
          if (strcmp (prospect_members[i], "email") == 0 && !izp_link_email_is_valid (value))
            {
              reply_invalid (r, field, "must be a valid e-mail address");
              return FALSE;
            }
          json_object_set_string_member (copy, prospect_members[i], value);
        }
      *out_prospect = g_steal_pointer (&copy);
    }
  return TRUE;
}

static void
handle_create_link (IzpSandboxServer  *self,
                    SoupServerMessage *msg,
                    Reply             *r)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (req, "Idempotency-Key");
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonObject) prospect = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(JsonObject) stats = NULL;
  g_autoptr(IzpRecordWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *body_hash = NULL;
  g_autofree char *stored_hash = NULL;
  g_autofree char *stored_id = NULL;
  g_autofree char *id = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  const char *label, *channel, *campaign;
  char now[SORT_KEY_LEN + 1];
  sqlite3_stmt *stmt = NULL;

  if (key == NULL || key[0] == '\0' || strlen (key) > 200 || !izp_link_text_is_clean (key))
    {
      reply_invalid (r, "Idempotency-Key", "The Idempotency-Key header is required");
      return;
    }

  request = parse_body_object (msg, r);
  if (request == NULL)
    return;

  bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  body_hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  sqlite3_prepare_v2 (self->db,
                      "SELECT body_hash, link_id FROM sandbox_idempotency WHERE key = ?",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      stored_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      stored_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);

  if (stored_hash != NULL)
    {
      if (strcmp (stored_hash, body_hash) != 0)
        reply_error (r, SOUP_STATUS_CONFLICT, "conflict",
                     "This Idempotency-Key was used with another body", "Idempotency-Key");
      else
        reply_link (self, stored_id, SOUP_STATUS_OK, r);
      return;
    }

  if (!check_new_link (request, &label, &channel, &campaign, &prospect, r))
    return;

  do
    {
      g_free (code);
      code = random_code (6);
    }
  while (link_exists (self, "code", code));
  do
    {
      g_autofree char *suffix = random_code (8);

      g_free (id);
      id = g_strconcat ("lnk_s", suffix, NULL);
    }
  while (link_exists (self, "id", id));

  url = build_link_url (self, code, channel, campaign);
  next_instant (self, now);

  stats = json_object_new ();
  json_object_set_int_member (stats, "clicks", 0);
  json_object_set_int_member (stats, "unique_visitors", 0);
  json_object_set_int_member (stats, "suspected_bots", 0);
  json_object_set_int_member (stats, "leads", 0);
  json_object_set_int_member (stats, "demos", 0);
  json_object_set_int_member (stats, "trials", 0);
  json_object_set_int_member (stats, "won", 0);

  item = json_object_new ();
  json_object_set_string_member (item, "id", id);
  json_object_set_string_member (item, "code", code);
  json_object_set_string_member (item, "url", url);
  json_object_set_string_member (item, "label", label);
  json_object_set_string_member (item, "channel", channel);
  if (campaign != NULL)
    json_object_set_string_member (item, "campaign", campaign);
  else
    json_object_set_null_member (item, "campaign");
  if (prospect != NULL)
    json_object_set_object_member (item, "prospect", json_object_ref (prospect));
  json_object_set_boolean_member (item, "archived", FALSE);
  json_object_set_string_member (item, "created_at", now);
  json_object_set_object_member (item, "stats", g_steal_pointer (&stats));
  json_object_set_string_member (item, "updated_at", now);

  if (!izp_schema_validate (links_collection ()->fields, item, "$", &error))
    {
      reply_invalid (r, NULL, error->message);
      return;
    }

  sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  writer = izp_record_writer_new (self->db, links_collection (), IZP_RECORD_TABLE_TOMBSTONES, &error);
  if (writer == NULL || !izp_record_writer_put (writer, item, &error)
      || !update_sort_key (self, "referral_links", id))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      g_warning ("create link: %s", error != NULL ? error->message : sqlite3_errmsg (self->db));
      reply_error (r, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "Database error", NULL);
      return;
    }
  g_clear_pointer (&writer, izp_record_writer_free);

  sqlite3_prepare_v2 (self->db,
                      "INSERT INTO sandbox_idempotency (key, body_hash, link_id) VALUES (?, ?, ?)",
                      -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, body_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);

  reply_link (self, id, SOUP_STATUS_CREATED, r);
}

static gboolean
find_live_item (IzpSandboxServer     *self,
                const char           *collection_name,
                const char           *id,
                const IzpCollection **out_collection,
                GError              **error)
{
  const IzpCollection *collection = collection_name != NULL ?
                                    izp_schema_find_collection (collection_name) : NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (collection == NULL || id == NULL)
    {
      g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_NOT_FOUND,
                   "Unknown collection “%s”", collection_name != NULL ? collection_name : "");
      return FALSE;
    }
  sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE \"id\" = ? AND deleted = 0", collection->name);
  sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (!found)
    {
      g_set_error (error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_NOT_FOUND,
                   "No item “%s” in %s", id, collection->name);
      return FALSE;
    }
  *out_collection = collection;
  return TRUE;
}

static void
handle_patch_link (IzpSandboxServer  *self,
                   SoupServerMessage *msg,
                   const char        *id,
                   Reply             *r)
{
  g_autoptr(JsonObject) request = NULL;
  const IzpCollection *collection = NULL;
  const char *label = NULL;
  JsonNode *archived_node;
  int archived = -1;
  char now[SORT_KEY_LEN + 1];
  sqlite3_stmt *stmt = NULL;

  request = parse_body_object (msg, r);
  if (request == NULL)
    return;

  if (!get_member_string (request, "label", FALSE, &label, r))
    return;
  if (label != NULL && !check_label (label, r))
    return;

  archived_node = json_object_get_member (request, "archived");
  if (archived_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (archived_node)
          || json_node_get_value_type (archived_node) != G_TYPE_BOOLEAN)
        {
          reply_invalid (r, "archived", "archived must be true or false");
          return;
        }
      archived = json_node_get_boolean (archived_node) ? 1 : 0;
    }

  if (!find_live_item (self, "referral_links", id, &collection, NULL))
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "No such referral link", NULL);
      return;
    }

  if (label == NULL && archived < 0)
    {
      reply_link (self, id, SOUP_STATUS_OK, r);
      return;
    }

  next_instant (self, now);
  sqlite3_prepare_v2 (self->db,
                      "UPDATE referral_links SET \"label\" = coalesce (?1, \"label\"),"
                      " \"archived\" = coalesce (?2, \"archived\"),"
                      " \"updated_at\" = ?3, sort_key = ?3"
                      " WHERE \"id\" = ?4 AND deleted = 0",
                      -1, &stmt, NULL);
  if (label != NULL)
    sqlite3_bind_text (stmt, 1, label, -1, SQLITE_STATIC);
  if (archived >= 0)
    sqlite3_bind_int (stmt, 2, archived);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  reply_link (self, id, SOUP_STATUS_OK, r);
}

static guint64
hash_string (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    h = (h ^ *p) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

/* Adds @total to @values so that each value stays within @caps where
 * possible; deterministic for a given @state. */
static void
spread_total (gint64       *values,
              const gint64 *caps,
              gint64        total,
              gint64        caps_sum,
              guint         n,
              guint64      *state)
{
  gint64 left = total;
  guint start;

  if (caps != NULL && caps_sum > 0)
    {
      for (guint i = 0; i < n; i++)
        {
          values[i] = (gint64) ((double) caps[i] * (double) MIN (total, caps_sum) / (double) caps_sum);
          left -= values[i];
        }
    }

  start = (guint) (next_random (state) % n);
  /* First respect the caps, then (only for inconsistent stats) ignore them. */
  for (guint pass = 0; pass < 2 && left > 0; pass++)
    {
      gboolean progress = TRUE;

      while (left > 0 && progress)
        {
          progress = FALSE;
          for (guint k = 0; k < n && left > 0; k++)
            {
              guint i = (start + k) % n;

              if (pass == 0 && caps != NULL && values[i] >= caps[i])
                continue;
              if (pass == 1 && left >= n)
                {
                  gint64 share = left / n;

                  for (guint j = 0; j < n; j++)
                    values[j] += share;
                  left -= share * n;
                  progress = TRUE;
                  break;
                }
              values[i]++;
              left--;
              progress = TRUE;
            }
          if (pass == 0 && caps == NULL)
            break;
        }
    }
}

static gint64
stats_member (JsonObject *stats,
              const char *member)
{
  JsonNode *node = stats != NULL ? json_object_get_member (stats, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return MAX (0, json_node_get_int (node));
}

static gboolean
parse_query_date (GHashTable *query,
                  const char *name,
                  IzpDate    *out_date,
                  Reply      *r)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  *out_date = IZP_DATE_NONE;
  if (text == NULL)
    return TRUE;
  if (!izp_date_parse (text, out_date))
    {
      g_autofree char *message = g_strdup_printf ("%s must be a date YYYY-MM-DD", name);

      reply_invalid (r, name, message);
      return FALSE;
    }
  return TRUE;
}

static IzpDate
date_of_instant (const char *instant)
{
  char day[11];
  IzpDate date = IZP_DATE_NONE;

  if (instant == NULL || strlen (instant) < 10)
    return IZP_DATE_NONE;
  memcpy (day, instant, 10);
  day[10] = '\0';
  izp_date_parse (day, &date);
  return date;
}

static void
handle_clicks (IzpSandboxServer  *self,
               SoupServerMessage *msg,
               const char        *id,
               GHashTable        *query,
               Reply             *r)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *updated_at = NULL;
  g_autofree char *stats_json = NULL;
  g_autoptr(JsonNode) stats_root = NULL;
  g_autofree gint64 *clicks = NULL;
  g_autofree gint64 *unique = NULL;
  g_autofree gint64 *bots = NULL;
  JsonObject *stats = NULL;
  IzpDate first, last, from, to;
  gint64 n_clicks;
  guint64 state;
  guint n_days;
  GString *body;
  gboolean found = FALSE;

  if (!parse_query_date (query, "from", &from, r) || !parse_query_date (query, "to", &to, r))
    return;

  sqlite3_prepare_v2 (self->db,
                      "SELECT \"created_at\", \"updated_at\", \"stats\" FROM referral_links"
                      " WHERE \"id\" = ? AND deleted = 0", -1, &stmt, NULL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      stats_json = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (!found)
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "No such referral link", NULL);
      return;
    }

  if (stats_json != NULL)
    stats_root = izp_json_parse_bounded (stats_json, strlen (stats_json), MAX_WRITE_BODY,
                                         IZP_JSON_MAX_DEPTH, NULL);
  if (stats_root != NULL && JSON_NODE_HOLDS_OBJECT (stats_root))
    stats = json_node_get_object (stats_root);

  /* The link's life: from its creation to its last change. */
  first = date_of_instant (created_at);
  last = date_of_instant (updated_at);
  if (first == IZP_DATE_NONE)
    first = last;
  if (last < first)
    last = first;
  if (last - first + 1 > MAX_CLICK_DAYS)
    first = last - MAX_CLICK_DAYS + 1;
  n_days = last - first + 1;

  if (from == IZP_DATE_NONE)
    from = first;
  if (to == IZP_DATE_NONE)
    to = MAX (last, from);
  if (to < from)
    {
      reply_invalid (r, "to", "to must not be before from");
      return;
    }
  if (to - from + 1 > MAX_CLICK_DAYS)
    {
      reply_invalid (r, "to", "The range is limited to 3660 days");
      return;
    }

  clicks = g_new0 (gint64, n_days);
  unique = g_new0 (gint64, n_days);
  bots = g_new0 (gint64, n_days);
  state = hash_string (id);

  n_clicks = stats_member (stats, "clicks");
  if (n_clicks <= 1000000)
    {
      for (gint64 i = 0; i < n_clicks; i++)
        clicks[next_random (&state) % n_days]++;
    }
  else
    {
      spread_total (clicks, NULL, n_clicks, 0, n_days, &state);
    }
  spread_total (unique, clicks, stats_member (stats, "unique_visitors"), n_clicks, n_days, &state);
  spread_total (bots, clicks, stats_member (stats, "suspected_bots"), n_clicks, n_days, &state);

  body = g_string_new ("{\"data\":[");
  for (IzpDate day = from; day <= to; day++)
    {
      g_autofree char *text = izp_date_to_string (day);
      gboolean in_life = day >= first && day <= last;
      guint i = day - first;

      if (day > from)
        g_string_append_c (body, ',');
      g_string_append_printf (body,
                              "{\"day\":\"%s\",\"clicks\":%" G_GINT64_FORMAT
                              ",\"unique\":%" G_GINT64_FORMAT
                              ",\"suspected_bots\":%" G_GINT64_FORMAT "}",
                              text,
                              in_life ? clicks[i] : 0,
                              in_life ? unique[i] : 0,
                              in_life ? bots[i] : 0);
    }
  g_string_append (body, "]}");
  reply_with_etag (msg, r, body);
}

/* ------------------------------------------------------------------ */
/* Test hooks                                                           */

static gboolean
change_item_locked (IzpSandboxServer  *self,
                    const char        *collection_name,
                    const char        *id,
                    gboolean           delete,
                    GError           **error)
{
  const IzpCollection *collection = NULL;
  const char *change = "";
  g_autofree char *sql = NULL;
  char now[SORT_KEY_LEN + 1];
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!find_live_item (self, collection_name, id, &collection, error))
    return FALSE;

  if (delete)
    change = "deleted = 1,";
  else if (collection->id == IZP_COLLECTION_CLIENTS)
    change = "\"usage_pct\" = (coalesce (\"usage_pct\", -1) + 1) % 101,";
  else if (collection->id == IZP_COLLECTION_REFERRAL_LINKS)
    change = "\"stats\" = json_set (\"stats\", '$.clicks', json_extract (\"stats\", '$.clicks') + 1),";

  next_instant (self, now);
  sql = g_strdup_printf ("UPDATE \"%s\" SET %s \"updated_at\" = ?1, sort_key = ?1 WHERE \"id\" = ?2",
                         collection->name, change);
  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return izp_record_set_sql_error (self->db, error);
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (self->db, error);
  return TRUE;
}

gboolean
izp_sandbox_server_touch (IzpSandboxServer  *self,
                          const char        *collection,
                          const char        *id,
                          GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = change_item_locked (self, collection, id, FALSE, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
izp_sandbox_server_delete (IzpSandboxServer  *self,
                           const char        *collection,
                           const char        *id,
                           GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), FALSE);

  g_mutex_lock (&self->lock);
  ok = change_item_locked (self, collection, id, TRUE, error);
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
exec_locked (IzpSandboxServer *self,
             const char       *sql)
{
  g_mutex_lock (&self->lock);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  g_mutex_unlock (&self->lock);
}

void
izp_sandbox_server_revoke_tokens (IzpSandboxServer *self)
{
  g_return_if_fail (IZP_IS_SANDBOX_SERVER (self));

  exec_locked (self, "UPDATE sandbox_refresh_tokens SET revoked = 1;"
                     "DELETE FROM sandbox_access_tokens;");
}

void
izp_sandbox_server_expire_tokens (IzpSandboxServer *self)
{
  g_return_if_fail (IZP_IS_SANDBOX_SERVER (self));

  exec_locked (self, "UPDATE sandbox_access_tokens SET expires_at = 0;");
}

static guint
count_requests_locked (IzpSandboxServer *self,
                       const char       *method,
                       const char       *path)
{
  GHashTableIter iter;
  gpointer key, value;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->request_counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *space = strchr (key, ' ');
      gsize method_len = space - (const char *) key;

      if ((method == NULL || (strlen (method) == method_len && strncmp (method, key, method_len) == 0))
          && (path == NULL || strcmp (path, space + 1) == 0))
        count += GPOINTER_TO_UINT (value);
    }
  return count;
}

guint
izp_sandbox_server_count_requests (IzpSandboxServer *self,
                                   const char       *method,
                                   const char       *path)
{
  guint count;

  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  count = count_requests_locked (self, method, path);
  g_mutex_unlock (&self->lock);
  return count;
}

guint
izp_sandbox_server_count_full_reads (IzpSandboxServer *self)
{
  guint count;

  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  count = self->full_reads;
  g_mutex_unlock (&self->lock);
  return count;
}

void
izp_sandbox_server_reset_counters (IzpSandboxServer *self)
{
  g_return_if_fail (IZP_IS_SANDBOX_SERVER (self));

  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->request_counts);
  self->full_reads = 0;
  g_mutex_unlock (&self->lock);
}

static void
set_faults_locked (IzpSandboxServer *self,
                   double            rate,
                   guint             kinds,
                   guint64           seed)
{
  self->fault_rate = kinds != 0 ? rate : 0.0;
  self->fault_kinds = kinds;
  self->fault_state = seed;
}

void
izp_sandbox_server_set_faults (IzpSandboxServer *self,
                               double            rate,
                               guint             kinds,
                               guint64           seed)
{
  g_return_if_fail (IZP_IS_SANDBOX_SERVER (self));

  g_mutex_lock (&self->lock);
  set_faults_locked (self, rate, kinds, seed);
  g_mutex_unlock (&self->lock);
}

static void
append_counts (GString    *body,
               GHashTable *counts)
{
  GHashTableIter iter;
  gpointer key, value;
  gboolean first = TRUE;

  g_string_append_c (body, '{');
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!first)
        g_string_append_c (body, ',');
      first = FALSE;
      izp_json_append_string (body, key, -1);
      g_string_append_printf (body, ":%u", GPOINTER_TO_UINT (value));
    }
  g_string_append_c (body, '}');
}

static void
handle_hook (IzpSandboxServer  *self,
             SoupServerMessage *msg,
             const char        *method,
             const char        *path,
             GHashTable        *query,
             Reply             *r)
{
  const char *hook = path + strlen ("/_sandbox/");
  const char *collection = query != NULL ? g_hash_table_lookup (query, "collection") : NULL;
  const char *id = query != NULL ? g_hash_table_lookup (query, "id") : NULL;
  g_autoptr(GError) error = NULL;

  if (strcmp (hook, "requests") == 0 && strcmp (method, "GET") == 0)
    {
      g_autoptr(GHashTable) by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) by_method = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      GString *body = g_string_new (NULL);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->request_counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *space = strchr (key, ' ');
          char *method_name = g_strndup (key, space - (const char *) key);
          guint n = GPOINTER_TO_UINT (value);

          g_hash_table_insert (by_method, method_name,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_method, method_name)) + n));
          g_hash_table_insert (by_path, g_strdup (space + 1),
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (by_path, space + 1)) + n));
        }
      g_string_append_printf (body, "{\"total\":%u,\"full_reads\":%u,\"by_path\":",
                              count_requests_locked (self, NULL, NULL), self->full_reads);
      append_counts (body, by_path);
      g_string_append (body, ",\"by_method\":");
      append_counts (body, by_method);
      g_string_append_c (body, '}');
      reply_body (r, SOUP_STATUS_OK, body);
      return;
    }

  if (strcmp (method, "POST") != 0)
    {
      reply_error (r, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", "Use POST", NULL);
      return;
    }

  if (strcmp (hook, "touch") == 0 || strcmp (hook, "delete") == 0)
    {
      if (!change_item_locked (self, collection, id, strcmp (hook, "delete") == 0, &error))
        reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", error->message, NULL);
      else
        reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (strcmp (hook, "revoke-tokens") == 0)
    {
      sqlite3_exec (self->db, "UPDATE sandbox_refresh_tokens SET revoked = 1;"
                              "DELETE FROM sandbox_access_tokens;", NULL, NULL, NULL);
      reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (strcmp (hook, "expire-tokens") == 0)
    {
      sqlite3_exec (self->db, "UPDATE sandbox_access_tokens SET expires_at = 0;", NULL, NULL, NULL);
      reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (strcmp (hook, "requests/reset") == 0)
    {
      g_hash_table_remove_all (self->request_counts);
      self->full_reads = 0;
      reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (strcmp (hook, "faults/reset") == 0)
    {
      set_faults_locked (self, 0.0, 0, 0);
      reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (strcmp (hook, "faults") == 0)
    {
      const char *spec = query != NULL ? g_hash_table_lookup (query, "spec") : NULL;
      const char *seed_text = query != NULL ? g_hash_table_lookup (query, "seed") : NULL;
      guint64 seed = 0;
      double rate = 0;
      guint kinds = 0;

      if (spec == NULL || !izp_sandbox_parse_faults (spec, &rate, &kinds, &error))
        {
          reply_invalid (r, "spec", error != NULL ? error->message : "spec=RATE:KIND,… is required");
          return;
        }
      if (seed_text != NULL && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
        {
          reply_invalid (r, "seed", "seed must be an integer");
          return;
        }
      set_faults_locked (self, rate, kinds, seed);
      reply_body (r, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "Unknown sandbox hook", NULL);
    }
}

/* ------------------------------------------------------------------ */
/* Routing                                                              */

static void
reply_method_not_allowed (SoupServerMessage *msg,
                          Reply             *r,
                          const char        *allowed)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  reply_error (r, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request", "Method not allowed", NULL);
}

static void
dispatch (IzpSandboxServer  *self,
          SoupServerMessage *msg,
          const char        *method,
          const char        *path,
          GHashTable        *query,
          Reply             *r)
{
  const char *rest;
  gboolean is_get = strcmp (method, "GET") == 0;

  if (!g_str_has_prefix (path, "/v1/"))
    {
      reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "Unknown path", NULL);
      return;
    }
  rest = path + 3;   /* "/clients" */

  if (strcmp (rest, "/auth/token") == 0 || strcmp (rest, "/auth/revoke") == 0)
    {
      if (strcmp (method, "POST") != 0)
        reply_method_not_allowed (msg, r, "POST");
      else if (strcmp (rest, "/auth/token") == 0)
        handle_token (self, msg, r);
      else
        handle_revoke (self, msg, r);
      return;
    }

  if (!authenticate (self, msg, r))
    return;

  if (strcmp (rest, "/partner") == 0)
    {
      if (is_get)
        handle_document (self, msg, "partner", r);
      else
        reply_method_not_allowed (msg, r, "GET");
      return;
    }
  if (strcmp (rest, "/leaderboard") == 0)
    {
      if (is_get)
        handle_leaderboard (self, msg, query, r);
      else
        reply_method_not_allowed (msg, r, "GET");
      return;
    }

  if (g_str_has_prefix (rest, "/referral-links/"))
    {
      g_autofree char *id = g_strdup (rest + strlen ("/referral-links/"));
      char *slash = strchr (id, '/');

      if (slash != NULL && strcmp (slash, "/clicks") == 0)
        {
          *slash = '\0';
          if (is_get)
            handle_clicks (self, msg, id, query, r);
          else
            reply_method_not_allowed (msg, r, "GET");
        }
      else if (slash != NULL || id[0] == '\0')
        reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "Unknown path", NULL);
      else if (strcmp (method, "PATCH") == 0)
        handle_patch_link (self, msg, id, r);
      else
        reply_method_not_allowed (msg, r, "PATCH");
      return;
    }

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);

      if (strcmp (path, collection->path) != 0)
        continue;

      if (is_get)
        handle_page (self, msg, collection, query, r);
      else if (collection->id == IZP_COLLECTION_REFERRAL_LINKS && strcmp (method, "POST") == 0)
        handle_create_link (self, msg, r);
      else
        reply_method_not_allowed (msg, r, collection->id == IZP_COLLECTION_REFERRAL_LINKS ?
                                          "GET, POST" : "GET");
      return;
    }

  reply_error (r, SOUP_STATUS_NOT_FOUND, "not_found", "Unknown path", NULL);
}

static void
record_request (IzpSandboxServer  *self,
                SoupServerMessage *msg,
                const char        *method,
                const char        *path,
                GHashTable        *query)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  g_autofree char *key = g_strconcat (method, " ", path, NULL);
  gboolean is_read = strcmp (method, "GET") == 0 && !g_str_has_prefix (path, "/v1/referral-links/");
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, key));

  g_hash_table_replace (self->request_counts, g_steal_pointer (&key), GUINT_TO_POINTER (count + 1));
  if (is_read
      && soup_message_headers_get_one (req, "If-None-Match") == NULL
      && (query == NULL || (!g_hash_table_contains (query, "updated_since")
                            && !g_hash_table_contains (query, "cursor"))))
    self->full_reads++;
}

/* The fault for this request, 0 for none; draws from the PRNG in arrival
 * order so a seed gives the same sequence. */
static guint
draw_fault (IzpSandboxServer *self)
{
  guint kinds[G_N_ELEMENTS (fault_names)];
  guint n_kinds = 0;

  if (self->fault_rate <= 0.0 || self->fault_kinds == 0)
    return 0;
  if (next_unit (&self->fault_state) >= self->fault_rate)
    return 0;
  for (guint k = 0; k < G_N_ELEMENTS (fault_names); k++)
    {
      if (self->fault_kinds & fault_names[k].kind)
        kinds[n_kinds++] = fault_names[k].kind;
    }
  return kinds[next_random (&self->fault_state) % n_kinds];
}

static gboolean
over_rate_limit (IzpSandboxServer *self)
{
  gint64 second = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (self->options.rate_limit == 0)
    return FALSE;
  if (second != self->rate_second)
    {
      self->rate_second = second;
      self->rate_count = 0;
    }
  self->rate_count++;
  return self->rate_count > self->options.rate_limit;
}

static void
write_reply (SoupServerMessage *msg,
             Reply             *r)
{
  if (r->body != NULL)
    {
      gsize length = r->body->len;

      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                        g_string_free (g_steal_pointer (&r->body), FALSE), length);
    }
  soup_server_message_set_status (msg, r->status, NULL);
}

/* Answers with a chunked body and closes the connection after its first
 * chunk, before the final empty chunk: the client sees an I/O error, never
 * a short valid body. libsoup 3.2 takes an end of stream inside a body as
 * the end of the body, so the connection is reset, which every client
 * reports as an error. */
static void
drop_reply (SoupServerMessage *msg,
            Reply             *r)
{
  g_autoptr(GIOStream) stream = NULL;
  GSocket *socket;
  GString *raw = g_string_new (NULL);
  gsize body_len = r->body != NULL ? r->body->len : 0;
  gsize half = MAX (body_len / 2, 1);

  g_string_append_printf (raw,
                          "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Transfer-Encoding: chunked\r\n"
                          "Connection: close\r\n"
                          "\r\n"
                          "%" G_GSIZE_MODIFIER "x\r\n",
                          r->status, soup_status_get_phrase (r->status), half);
  if (body_len > 0)
    g_string_append_len (raw, r->body->str, half);
  else
    g_string_append_c (raw, '{');
  g_string_append (raw, "\r\n");

  socket = soup_server_message_get_socket (msg);
  if (socket != NULL)
    g_object_ref (socket);
  stream = soup_server_message_steal_connection (msg);
  if (stream != NULL)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (stream), raw->str, raw->len,
                                 NULL, NULL, NULL);
      g_output_stream_flush (g_io_stream_get_output_stream (stream), NULL, NULL);
      if (socket != NULL)
        {
          /* Reset rather than a clean close, as a crashed server would. */
          struct linger reset = { 1, 0 };

          setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
      g_io_stream_close (stream, NULL, NULL);
    }
  g_clear_object (&socket);
  g_string_free (raw, TRUE);
}

static gboolean
on_slow_reply_ready (gpointer user_data)
{
  soup_server_message_unpause (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  IzpSandboxServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  Reply r = { SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL };
  guint fault = 0;

  g_mutex_lock (&self->lock);

  /* Test hooks: sandbox only, never counted, rate-limited or faulted. */
  if (g_str_has_prefix (path, "/_sandbox/"))
    {
      handle_hook (self, msg, method, path, query, &r);
      g_mutex_unlock (&self->lock);
      write_reply (msg, &r);
      return;
    }

  record_request (self, msg, method, path, query);

  if (over_rate_limit (self))
    {
      reply_retry_later (msg, &r, 429);
      g_mutex_unlock (&self->lock);
      write_reply (msg, &r);
      return;
    }

  /* Sign-in is kept out of fault injection: a dropped refresh would lose
   * the rotated token, which no client can recover from. */
  if (!g_str_has_prefix (path, "/v1/auth/"))
    fault = draw_fault (self);

  switch ((IzpSandboxFault) fault)
    {
    case IZP_SANDBOX_FAULT_500:
      reply_error (&r, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", "Injected fault", NULL);
      break;
    case IZP_SANDBOX_FAULT_503:
      reply_retry_later (msg, &r, SOUP_STATUS_SERVICE_UNAVAILABLE);
      break;
    case IZP_SANDBOX_FAULT_429:
      reply_retry_later (msg, &r, 429);
      break;
    case IZP_SANDBOX_FAULT_DROP:
    case IZP_SANDBOX_FAULT_SLOW:
    case IZP_SANDBOX_FAULT_TRUNCATE:
    case IZP_SANDBOX_FAULT_MALFORMED:
    default:
      /* The request is carried out (a POST is committed) before the fault. */
      dispatch (self, msg, method, path, query, &r);
      break;
    }
  g_mutex_unlock (&self->lock);

  switch ((IzpSandboxFault) fault)
    {
    case IZP_SANDBOX_FAULT_DROP:
      drop_reply (msg, &r);
      if (r.body != NULL)
        g_string_free (r.body, TRUE);
      return;
    case IZP_SANDBOX_FAULT_TRUNCATE:
      if (r.body != NULL && r.body->len > 1)
        g_string_truncate (r.body, r.body->len / 2);
      break;
    case IZP_SANDBOX_FAULT_MALFORMED:
      reply_body (&r, SOUP_STATUS_OK, g_string_new ("{\"data\": [{\"id\": \"<html>injected fault\"]}, oops"));
      soup_message_headers_remove (soup_server_message_get_response_headers (msg), "ETag");
      break;
    case IZP_SANDBOX_FAULT_SLOW:
      {
        GSource *source = g_timeout_source_new (self->options.slow_ms);

        soup_server_message_pause (msg);
        g_source_set_callback (source, on_slow_reply_ready, g_object_ref (msg), g_object_unref);
        g_source_attach (source, self->context);
        g_source_unref (source);
      }
      break;
    case IZP_SANDBOX_FAULT_500:
    case IZP_SANDBOX_FAULT_503:
    case IZP_SANDBOX_FAULT_429:
    default:
      break;
    }

  write_reply (msg, &r);
}

/* ------------------------------------------------------------------ */
/* The serving thread                                                   */

static gpointer
serve (gpointer data)
{
  IzpSandboxServer *self = data;
  g_autoptr(GError) error = NULL;
  gboolean listening;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "izyinbox-sandbox/" PACKAGE_VERSION " ", NULL);
  soup_server_add_handler (self->server, NULL, on_request, self, NULL);
  listening = soup_server_listen_local (self->server, self->options.port,
                                        SOUP_SERVER_LISTEN_IPV4_ONLY, &error);

  g_mutex_lock (&self->start_lock);
  if (listening)
    {
      GSList *uris = soup_server_get_uris (self->server);

      self->base_url = g_strdup_printf ("http://127.0.0.1:%d/v1", g_uri_get_port (uris->data));
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else
    {
      g_set_error (&self->start_error, IZP_SANDBOX_ERROR, IZP_SANDBOX_ERROR_LISTEN,
                   _("Cannot listen on 127.0.0.1:%u: %s"), self->options.port, error->message);
    }
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (listening)
    g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  /* Let the server finish closing its sockets. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
izp_sandbox_server_start (IzpSandboxServer  *self,
                          GError           **error)
{
  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->start_done = FALSE;
  self->thread = g_thread_new ("izp-sandbox", serve, self);

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  g_mutex_unlock (&self->start_lock);

  if (self->start_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      izp_sandbox_server_stop (self);
      return FALSE;
    }
  return TRUE;
}

const char *
izp_sandbox_server_get_base_url (IzpSandboxServer *self)
{
  g_return_val_if_fail (IZP_IS_SANDBOX_SERVER (self), NULL);

  return self->base_url;
}

void
izp_sandbox_server_stop (IzpSandboxServer *self)
{
  g_return_if_fail (IZP_IS_SANDBOX_SERVER (self));

  if (self->thread == NULL)
    return;

  g_main_loop_quit (self->loop);
  g_main_context_wakeup (self->context);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->base_url, g_free);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
izp_sandbox_server_finalize (GObject *object)
{
  IzpSandboxServer *self = IZP_SANDBOX_SERVER (object);

  izp_sandbox_server_stop (self);

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_clear_pointer (&self->dataset_file, g_free);
  g_clear_pointer (&self->database_path, g_free);
  g_clear_pointer (&self->quarter, g_free);
  g_clear_error (&self->start_error);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (izp_sandbox_server_parent_class)->finalize (object);
}

static void
izp_sandbox_server_class_init (IzpSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_sandbox_server_finalize;
}

static void
izp_sandbox_server_init (IzpSandboxServer *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  izp_sandbox_options_init (&self->options);
}

IzpSandboxServer *
izp_sandbox_server_new (const IzpSandboxOptions  *options,
                        GError                  **error)
{
  g_autoptr(IzpSandboxServer) self = NULL;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (options->generate || options->dataset_file != NULL, NULL);

  self = g_object_new (IZP_TYPE_SANDBOX_SERVER, NULL);
  self->options = *options;
  self->dataset_file = g_strdup (options->dataset_file);
  self->database_path = g_strdup (options->database_path);
  self->options.dataset_file = self->dataset_file;
  self->options.database_path = self->database_path;
  if (self->options.n_clients == 0)
    self->options.n_clients = 60;
  if (self->options.token_ttl == 0)
    self->options.token_ttl = 3600;
  if (self->options.slow_ms == 0)
    self->options.slow_ms = 2000;
  set_faults_locked (self, options->fault_rate, options->fault_kinds, options->fault_seed);

  for (guint i = 0; i < sizeof self->cursor_key; i++)
    self->cursor_key[i] = (guint8) g_random_int_range (0, 256);

  if (!open_database (self, error))
    return NULL;

  return g_steal_pointer (&self);
}
