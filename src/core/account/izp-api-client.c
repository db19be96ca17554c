/* izp-api-client.c — the Partner API v1 over libsoup
 *
 * Every call goes through one request machine: send, read the body with a
 * size cap, decode it, and decide — success, retry (transient), refresh the
 * access token once (401 invalid_token), or fail with an error the user can
 * understand. Tokens never reach a URL, a log line or the disk from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-api-client.h"
#include "izp-json.h"

#define READ_CHUNK 65536

struct _IzpApiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;       /* without a trailing slash */
  char        *access_token;
  char        *refresh_token;

  guint        max_attempts;
  guint        base_delay_ms;
  guint        max_delay_ms;
  guint        retry_after_cap_ms;

  /* One refresh at a time: concurrent 401s wait for the same one, since
   * the server rotates (and revokes) the refresh token on each use. */
  GPtrArray   *refresh_waiters;
  gboolean     refreshing;
};

G_DEFINE_FINAL_TYPE (IzpApiClient, izp_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  N_PROPS
};

enum {
  REFRESH_TOKEN_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_QUARK (izp-api-error-quark, izp_api_error)

typedef enum
{
  DECODE_NONE,
  DECODE_PAGE,
  DECODE_TOKENS,
  DECODE_PARTNER,
  DECODE_LEADERBOARD,
  DECODE_LINK,
  DECODE_CLICKS,
} DecodeKind;

typedef enum
{
  GRANT_NONE,
  GRANT_PASSWORD,
  GRANT_REFRESH,
} GrantKind;

typedef struct
{
  const char          *method;
  char                *path_and_query;   /* relative to the base URL */
  GBytes              *body;
  char                *etag;
  char                *idempotency_key;
  gboolean             authenticated;
  GrantKind            grant;
  DecodeKind           decode;
  const IzpCollection *collection;

  guint                attempt;
  guint                max_attempts;     /* 0: the client's policy */
  gboolean             refreshed;
  SoupMessage         *message;
  GInputStream        *stream;
  GByteArray          *buffer;
  GError              *last_error;
} Request;

typedef struct
{
  guint          status;
  gboolean       unchanged;
  char          *etag;
  gpointer       decoded;
  GDestroyNotify decoded_free;
} Response;

static void start_attempt (GTask *task);

static void
wipe_string (char **text)
{
  if (*text != NULL)
    memset (*text, 0, strlen (*text));
  g_clear_pointer (text, g_free);
}

static void
request_free (Request *request)
{
  g_free (request->path_and_query);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request->etag);
  g_free (request->idempotency_key);
  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  if (request->buffer != NULL)
    {
      /* The body of a token request holds secrets. */
      memset (request->buffer->data, 0, request->buffer->len);
      g_byte_array_unref (request->buffer);
    }
  g_clear_error (&request->last_error);
  g_free (request);
}

static void
response_free (Response *response)
{
  if (response->decoded != NULL && response->decoded_free != NULL)
    response->decoded_free (response->decoded);
  g_free (response->etag);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

/* ------------------------------------------------------------------ */
/* URLs */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;
  gsize len;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  len = strlen (host);
  if (len > 2 && host[0] == '[' && host[len - 1] == ']')
    bare = g_strndup (host + 1, len - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
izp_api_url_is_allowed (const char  *base_url,
                        GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, FALSE);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, IZP_API_ERROR, IZP_API_ERROR_INSECURE_URL,
                   _("“%s” is not a valid server address."), base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)))
    return TRUE;

  g_set_error (error, IZP_API_ERROR, IZP_API_ERROR_INSECURE_URL,
               _("The server address must start with https:// "
                 "(plain http:// is only allowed to this computer)."));
  return FALSE;
}

/**
 * izp_api_normalize_server_url:
 * @text: a server address as a person typed it
 *
 * Trims spaces and trailing slashes, adds `https://` when no scheme is
 * given, and the API's version path `/v1` when the address has no path at
 * all: `api.izyinbox.fr`, `https://api.izyinbox.fr/` and
 * `https://api.izyinbox.fr/v1/` all become `https://api.izyinbox.fr/v1`. A path given (`/v1`, `/partner/v1`) is
 * kept. Text that is not an address is returned trimmed, for
 * izp_api_url_is_allowed() to refuse with its message.
 *
 * Returns: (transfer full): the address the client, the keyring and the
 *   local store know the server by
 */
char *
izp_api_normalize_server_url (const char *text)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *path;
  gsize len;

  g_return_val_if_fail (text != NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  /* "api.izyinbox.fr" means the secure address. */
  if (*trimmed != '\0' && strstr (trimmed, "://") == NULL)
    {
      char *with_scheme = g_strconcat ("https://", trimmed, NULL);

      g_free (trimmed);
      trimmed = with_scheme;
    }
  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return g_steal_pointer (&trimmed);

  len = strlen (trimmed);
  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  path = g_uri_get_path (uri);
  if (path[0] == '\0' || strspn (path, "/") == strlen (path))
    return g_strconcat (trimmed, "/v1", NULL);

  return g_steal_pointer (&trimmed);
}

/* ------------------------------------------------------------------ */
/* Errors the user can meet */

static GError *
user_error_from_transport (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (IZP_API_ERROR, IZP_API_ERROR_TLS,
                        _("The secure connection to the server could not be established: "
                          "its certificate is not valid or the connection was tampered with."));

  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (IZP_API_ERROR, IZP_API_ERROR_NO_NETWORK,
                        _("No network connection. Check that this computer is online, "
                          "then try again."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (IZP_API_ERROR, IZP_API_ERROR_TIMEOUT,
                        _("The server took too long to answer. Try again later."));

  if (error->domain == IZP_API_ERROR)
    return g_error_copy (error);

  if (error->domain == IZP_JSON_ERROR)
    return g_error_new (IZP_API_ERROR, IZP_API_ERROR_BAD_RESPONSE,
                        _("The server sent a response that could not be read (%s). "
                          "Try again later."), error->message);

  return g_error_new (IZP_API_ERROR, IZP_API_ERROR_SERVER_DOWN,
                      _("The IzyInbox server cannot be reached. Try again in a few minutes."));
}

/* What a web site, a proxy's page or a wrong path answers: worth no retry. */
static GError *
not_partner_api_error (void)
{
  return g_error_new (IZP_API_ERROR, IZP_API_ERROR_NOT_PARTNER_API,
                      _("This address does not answer like the IzyInbox Partner API. "
                        "Check the server address."));
}

/* JSON, or no body at all; a missing Content-Type gets the benefit of the
 * doubt (the decoder then judges the body). */
static gboolean
response_may_be_json (SoupMessage *message,
                      gsize        length)
{
  const char *type;

  if (length == 0)
    return TRUE;
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  return type == NULL || g_ascii_strcasecmp (type, "application/json") == 0 ||
         g_str_has_suffix (type, "+json");
}

/* Token, revoke, partner and collection paths exist on every Partner API
 * server: a 404 there means the address is not one. Leaderboards, links
 * and clicks name a quarter or an id, which may rightly be unknown. */
static gboolean
path_always_exists (const Request *request)
{
  return request->decode != DECODE_LEADERBOARD &&
         request->decode != DECODE_LINK &&
         request->decode != DECODE_CLICKS;
}

static GError *
server_down_error (void)
{
  return g_error_new (IZP_API_ERROR, IZP_API_ERROR_SERVER_DOWN,
                      _("The IzyInbox server is not answering. Try again in a few minutes."));
}

/* Nothing listening, or no route: worth a quick second try, not a long
 * backoff — the user should see "offline" within a second or two. */
#define UNREACHABLE_MAX_ATTEMPTS 3

static gboolean
is_unreachable_error (const GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
}

static gboolean
is_transient_transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  /* Never retry a certificate problem: it will not fix itself. */
  if (error->domain == G_TLS_ERROR)
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Retries */

static guint
parse_retry_after_ms (SoupMessage *message)
{
  const char *value;
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  GTimeSpan diff;

  value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                        "Retry-After");
  if (value == NULL)
    return 0;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_isdigit (*value))
    {
      guint64 seconds;
      char *end = NULL;

      seconds = g_ascii_strtoull (value, &end, 10);
      if (end == value)
        return 0;
      return (guint) MIN (seconds, (guint64) G_MAXUINT / 1000) * 1000;
    }

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  diff = g_date_time_difference (when, now);
  if (diff <= 0)
    return 0;
  return (guint) MIN (diff / 1000, (GTimeSpan) G_MAXUINT);
}

static gboolean
on_retry_timeout (GCancellable *cancellable,
                  gpointer      user_data)
{
  GTask *task = user_data;

  /* The source carries the request's reference to the task. */
  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    start_attempt (task);
  return G_SOURCE_REMOVE;
}

/* Called with an error for a failure that may go away: waits and tries
 * again, or gives up with the last error once the attempts are spent. */
static void
retry_or_fail (GTask  *task,
               GError *error,
               guint   retry_after_ms)
{
  IzpApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) source = NULL;
  guint64 ceiling;
  guint delay_ms;

  g_clear_error (&request->last_error);
  request->last_error = error;
  request->attempt++;

  g_clear_object (&request->message);
  g_clear_object (&request->stream);
  g_clear_pointer (&request->buffer, g_byte_array_unref);

  if (request->attempt >= self->max_attempts ||
      (request->max_attempts > 0 && request->attempt >= request->max_attempts))
    {
      g_task_return_error (task, user_error_from_transport (request->last_error));
      g_object_unref (task);
      return;
    }

  /* Full jitter: uniform in [0, min (max, base × 2^attempt)]. */
  ceiling = (guint64) self->base_delay_ms << MIN (request->attempt, 20);
  ceiling = MIN (ceiling, (guint64) self->max_delay_ms);
  delay_ms = ceiling > 0 ? (guint) g_random_int_range (0, (gint32) MIN (ceiling, G_MAXINT32 - 1) + 1) : 0;
  if (retry_after_ms > 0)
    delay_ms = MAX (delay_ms, MIN (retry_after_ms, self->retry_after_cap_ms));

  g_debug ("retrying %s in %u ms (attempt %u): %s",
           request->method, delay_ms, request->attempt + 1, error->message);

  /* A cancellable source with a ready time fires on cancel or on time. */
  source = g_cancellable_source_new (cancellable);
  g_source_set_ready_time (source, g_get_monotonic_time () + (gint64) delay_ms * 1000);
  g_task_attach_source (task, source, (GSourceFunc) on_retry_timeout);
}

/* ------------------------------------------------------------------ */
/* Decoding a successful response */

static gboolean
decode_body (Request   *request,
             Response  *response,
             GError   **error)
{
  const char *data = request->buffer != NULL ? (const char *) request->buffer->data : "";
  gsize length = request->buffer != NULL ? request->buffer->len : 0;

  switch (request->decode)
    {
    case DECODE_NONE:
      return TRUE;

    case DECODE_PAGE:
      response->decoded = izp_api_decode_page (request->collection, data, length, error);
      response->decoded_free = (GDestroyNotify) izp_api_page_free;
      break;

    case DECODE_TOKENS:
      response->decoded = izp_api_decode_tokens (data, length, error);
      response->decoded_free = (GDestroyNotify) izp_api_tokens_free;
      break;

    case DECODE_PARTNER:
      response->decoded = izp_api_decode_partner (data, length, error);
      response->decoded_free = (GDestroyNotify) json_object_unref;
      break;

    case DECODE_LEADERBOARD:
      response->decoded = izp_api_decode_leaderboard (data, length, error);
      response->decoded_free = (GDestroyNotify) json_object_unref;
      break;

    case DECODE_LINK:
      response->decoded = izp_api_decode_link (data, length, error);
      response->decoded_free = (GDestroyNotify) json_object_unref;
      break;

    case DECODE_CLICKS:
      response->decoded = izp_api_decode_clicks (data, length, error);
      response->decoded_free = (GDestroyNotify) g_ptr_array_unref;
      break;

    default:
      g_assert_not_reached ();
    }

  return response->decoded != NULL;
}

/* ------------------------------------------------------------------ */
/* Refresh (single flight) */

static void
set_refresh_token (IzpApiClient *self,
                   const char   *token,
                   gboolean      notify)
{
  if (g_strcmp0 (self->refresh_token, token) == 0)
    return;
  wipe_string (&self->refresh_token);
  self->refresh_token = g_strdup (token);
  if (notify && token != NULL)
    g_signal_emit (self, signals[REFRESH_TOKEN_CHANGED], 0, token);
}

static void request_async (IzpApiClient *self, Request *request, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);
static Response *request_finish (IzpApiClient *self, GAsyncResult *result, GError **error);

static void
on_refresh_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  IzpApiClient *self = IZP_API_CLIENT (source);
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;

  response = request_finish (self, result, &error);
  if (response != NULL)
    {
      IzpApiTokens *tokens = response->decoded;

      wipe_string (&self->access_token);
      self->access_token = g_strdup (tokens->access_token);
      if (tokens->refresh_token != NULL)
        set_refresh_token (self, tokens->refresh_token, TRUE);
    }
  else if (g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN))
    {
      /* The refresh token is dead: forget it. */
      set_refresh_token (self, NULL, FALSE);
    }

  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *waiter = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (waiter, g_error_copy (error));
      else
        g_task_return_boolean (waiter, TRUE);
    }
}

static GBytes *
build_json_body (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  char *text = izp_json_to_string (root);

  return g_bytes_new_take (text, strlen (text));
}

void
izp_api_client_refresh_async (IzpApiClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  g_autoptr(JsonBuilder) builder = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_api_client_refresh_async);

  if (self->refresh_token == NULL)
    {
      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN,
                               _("You are signed out. Sign in again."));
      g_object_unref (task);
      return;
    }

  g_ptr_array_add (self->refresh_waiters, task);
  if (self->refreshing)
    return;
  self->refreshing = TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "grant_type");
  json_builder_add_string_value (builder, "refresh_token");
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);

  request = g_new0 (Request, 1);
  request->method = SOUP_METHOD_POST;
  request->path_and_query = g_strdup ("/auth/token");
  request->body = build_json_body (builder);
  request->grant = GRANT_REFRESH;
  request->decode = DECODE_TOKENS;
  /* Not cancelled by one caller: others may be waiting for it. */
  request_async (self, request, NULL, on_refresh_done, NULL);
}

gboolean
izp_api_client_refresh_finish (IzpApiClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_refreshed_for_request (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!izp_api_client_refresh_finish (IZP_API_CLIENT (source), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  start_attempt (task);
}

/* ------------------------------------------------------------------ */
/* The request machine */

typedef struct
{
  Request  *request;    /* owned by the request's task, alive meanwhile */
  Response *response;
} DecodeJob;

static void
decode_job_free (DecodeJob *job)
{
  g_clear_pointer (&job->response, response_free);
  g_free (job);
}

static void
decode_in_thread (GTask        *decode_task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  DecodeJob *job = task_data;
  GError *error = NULL;

  if (decode_body (job->request, job->response, &error))
    g_task_return_boolean (decode_task, TRUE);
  else
    g_task_return_error (decode_task, error);
}

static void
on_decoded (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  DecodeJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A truncated or malformed body is a transport accident. */
      retry_or_fail (task, error, 0);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&job->response), (GDestroyNotify) response_free);
  g_object_unref (task);
}

static void
finish_with_status (GTask *task)
{
  IzpApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  SoupMessage *message = request->message;
  guint status = soup_message_get_status (message);
  const char *data = request->buffer != NULL ? (const char *) request->buffer->data : "";
  gsize length = request->buffer != NULL ? request->buffer->len : 0;
  g_autoptr(IzpApiErrorBody) body = NULL;
  g_autoptr(Response) response = NULL;
  g_autoptr(GError) error = NULL;

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      response = g_new0 (Response, 1);
      response->status = status;
      response->unchanged = TRUE;
      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) response_free);
      g_object_unref (task);
      return;
    }

  if (status >= 200 && status < 300 && !response_may_be_json (message, length))
    {
      g_task_return_error (task, not_partner_api_error ());
      g_object_unref (task);
      return;
    }

  if (status >= 200 && status < 300)
    {
      const char *etag;

      response = g_new0 (Response, 1);
      response->status = status;
      etag = soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag");
      if (etag != NULL && strlen (etag) < 256)
        response->etag = g_strdup (etag);

      if (request->decode == DECODE_PAGE)
        {
          /* A page can be megabytes of JSON: parse it off the caller's
           * thread, so a UI stays responsive during a sync. */
          g_autoptr(GTask) decode_task = g_task_new (self, NULL, on_decoded, task);
          DecodeJob *job = g_new0 (DecodeJob, 1);

          job->request = request;
          job->response = g_steal_pointer (&response);
          g_task_set_task_data (decode_task, job, (GDestroyNotify) decode_job_free);
          g_task_run_in_thread (decode_task, decode_in_thread);
          return;
        }

      if (!decode_body (request, response, &error))
        {
          /* A truncated or malformed body is a transport accident. */
          retry_or_fail (task, g_steal_pointer (&error), 0);
          return;
        }

      g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) response_free);
      g_object_unref (task);
      return;
    }

  if (status == 429 || status >= 500)
    {
      retry_or_fail (task, server_down_error (), parse_retry_after_ms (message));
      return;
    }

  /* A 4xx: the body says why. An unreadable one still gives a clear error. */
  body = izp_api_decode_error_body (data, length, NULL);

  if (status == SOUP_STATUS_NOT_FOUND && (body == NULL || path_always_exists (request)))
    {
      g_task_return_error (task, not_partner_api_error ());
      g_object_unref (task);
      return;
    }

  if (status == SOUP_STATUS_UNAUTHORIZED && request->authenticated)
    {
      const char *challenge;

      challenge = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                "WWW-Authenticate");
      if (!request->refreshed &&
          ((challenge != NULL && strstr (challenge, "invalid_token") != NULL) ||
           (body != NULL && g_strcmp0 (body->code, "unauthorized") == 0)))
        {
          request->refreshed = TRUE;
          wipe_string (&self->access_token);
          g_clear_object (&request->message);
          g_clear_object (&request->stream);
          g_clear_pointer (&request->buffer, g_byte_array_unref);
          izp_api_client_refresh_async (self, g_task_get_cancellable (task),
                                        on_refreshed_for_request, task);
          return;
        }

      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN,
                               _("Your session has expired. Sign in again."));
      g_object_unref (task);
      return;
    }

  if (request->grant != GRANT_NONE &&
      (status == SOUP_STATUS_BAD_REQUEST || status == SOUP_STATUS_UNAUTHORIZED) &&
      (body == NULL || g_strcmp0 (body->code, "invalid_grant") == 0 ||
       status == SOUP_STATUS_UNAUTHORIZED))
    {
      if (request->grant == GRANT_PASSWORD)
        g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_WRONG_PASSWORD,
                                 _("Wrong e-mail address or password."));
      else
        g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN,
                                 _("Your session has expired. Sign in again."));
      g_object_unref (task);
      return;
    }

  if (status == SOUP_STATUS_BAD_REQUEST && body != NULL && g_strcmp0 (body->field, "cursor") == 0)
    {
      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_INVALID_CURSOR,
                               _("The server no longer knows where the last sync stopped."));
      g_object_unref (task);
      return;
    }

  if (body != NULL && body->message != NULL && body->field != NULL)
    g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_REJECTED,
                             _("The server refused the request (%s): %s"),
                             body->field, body->message);
  else if (body != NULL && body->message != NULL)
    g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_REJECTED,
                             _("The server refused the request: %s"), body->message);
  else
    g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_REJECTED,
                             _("The server refused the request (HTTP %u)."), status);
  g_object_unref (task);
}

static void
on_body_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GError) error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
        }
      else
        retry_or_fail (task, g_steal_pointer (&error), 0);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      finish_with_status (task);
      return;
    }

  if (request->buffer->len + g_bytes_get_size (chunk) > IZP_JSON_MAX_BODY_BYTES)
    {
      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_BAD_RESPONSE,
                               _("The server sent a response that is too large."));
      g_object_unref (task);
      return;
    }

  g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset content_length;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      if (is_unreachable_error (error))
        request->max_attempts = request->max_attempts > 0
                                ? MIN (request->max_attempts, UNREACHABLE_MAX_ATTEMPTS)
                                : UNREACHABLE_MAX_ATTEMPTS;

      if (is_transient_transport_error (error))
        retry_or_fail (task, g_steal_pointer (&error), 0);
      else
        {
          g_task_return_error (task, user_error_from_transport (error));
          g_object_unref (task);
        }
      return;
    }

  content_length = soup_message_headers_get_content_length (
                     soup_message_get_response_headers (request->message));
  if (content_length > IZP_JSON_MAX_BODY_BYTES)
    {
      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_BAD_RESPONSE,
                               _("The server sent a response that is too large."));
      g_object_unref (task);
      return;
    }

  request->buffer = g_byte_array_sized_new (content_length > 0 ? (guint) content_length : READ_CHUNK);
  g_input_stream_read_bytes_async (request->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), on_body_read, task);
}

static void
start_attempt (GTask *task)
{
  IzpApiClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;

  if (request->authenticated && self->access_token == NULL)
    {
      /* A new process has only the refresh token: get an access token. */
      if (request->refreshed)
        {
          g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN,
                                   _("Your session has expired. Sign in again."));
          g_object_unref (task);
          return;
        }
      request->refreshed = TRUE;
      izp_api_client_refresh_async (self, g_task_get_cancellable (task),
                                    on_refreshed_for_request, task);
      return;
    }

  url = g_strconcat (self->base_url, request->path_and_query, NULL);
  g_clear_object (&request->message);
  request->message = soup_message_new (request->method, url);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_INSECURE_URL,
                               _("“%s” is not a valid server address."), self->base_url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (request->authenticated)
    {
      g_autofree char *value = g_strconcat ("Bearer ", self->access_token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      memset (value, 0, strlen (value));
    }
  if (request->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", request->etag);
  if (request->idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", request->idempotency_key);
  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (request->message, "application/json", request->body);

  soup_session_send_async (self->session, request->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent, task);
}

static void
request_async (IzpApiClient        *self,
               Request             *request,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, request_async);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* The task reference is carried through the callbacks and dropped when
   * the task returns. */
  start_attempt (task);
}

static Response *
request_finish (IzpApiClient  *self,
                GAsyncResult  *result,
                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
build_query (const char *path,
             ...)
{
  GString *out = g_string_new (path);
  const char *sep = "?";
  const char *name;
  va_list args;

  va_start (args, path);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *escaped = NULL;

      if (value == NULL)
        continue;
      escaped = g_uri_escape_string (value, NULL, FALSE);
      g_string_append_printf (out, "%s%s=%s", sep, name, escaped);
      sep = "&";
    }
  va_end (args);

  return g_string_free (out, FALSE);
}

static Request *
new_get (const char *path_and_query,
         const char *etag,
         DecodeKind  decode)
{
  Request *request = g_new0 (Request, 1);

  request->method = SOUP_METHOD_GET;
  request->path_and_query = g_strdup (path_and_query);
  request->etag = g_strdup (etag);
  request->authenticated = TRUE;
  request->decode = decode;
  return request;
}

/* Generic completion for the public calls: the decoded value. */
static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(Response) response = NULL;
  GError *error = NULL;

  response = request_finish (IZP_API_CLIENT (source), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) response_free);
}

static GTask *
start_public (IzpApiClient        *self,
              Request             *request,
              gpointer             source_tag,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  request_async (self, request, cancellable, on_request_done, g_object_ref (task));
  return task;
}

static gpointer
take_decoded (IzpApiClient  *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              char         **out_etag,
              gboolean      *out_unchanged,
              GError       **error)
{
  g_autoptr(Response) response = NULL;
  gpointer decoded;

  if (out_etag != NULL)
    *out_etag = NULL;
  if (out_unchanged != NULL)
    *out_unchanged = FALSE;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  response = g_task_propagate_pointer (G_TASK (result), error);
  if (response == NULL)
    return NULL;

  if (out_etag != NULL)
    *out_etag = g_steal_pointer (&response->etag);
  if (out_unchanged != NULL)
    *out_unchanged = response->unchanged;

  decoded = g_steal_pointer (&response->decoded);
  return decoded;
}

/* ------------------------------------------------------------------ */
/* Public calls */

void
izp_api_client_sign_in_async (IzpApiClient        *self,
                              const char          *email,
                              const char          *password,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (email != NULL);
  g_return_if_fail (password != NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "grant_type");
  json_builder_add_string_value (builder, "password");
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  request = g_new0 (Request, 1);
  request->method = SOUP_METHOD_POST;
  request->path_and_query = g_strdup ("/auth/token");
  request->body = build_json_body (builder);
  request->grant = GRANT_PASSWORD;
  request->decode = DECODE_TOKENS;
  /* Someone is waiting in front of the sign-in form: fail fast. */
  request->max_attempts = 3;

  task = start_public (self, request, izp_api_client_sign_in_async,
                       cancellable, callback, user_data);
}

char *
izp_api_client_sign_in_finish (IzpApiClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  IzpApiTokens *tokens;
  char *refresh_token;

  tokens = take_decoded (self, result, izp_api_client_sign_in_async, NULL, NULL, error);
  if (tokens == NULL)
    return NULL;

  if (tokens->refresh_token == NULL)
    {
      izp_api_tokens_free (tokens);
      g_set_error (error, IZP_API_ERROR, IZP_API_ERROR_BAD_RESPONSE,
                   _("The server sent a response that could not be read (%s). "
                     "Try again later."), "$.refresh_token");
      return NULL;
    }

  wipe_string (&self->access_token);
  self->access_token = g_steal_pointer (&tokens->access_token);
  set_refresh_token (self, tokens->refresh_token, FALSE);
  refresh_token = g_steal_pointer (&tokens->refresh_token);
  izp_api_tokens_free (tokens);
  return refresh_token;
}

void
izp_api_client_revoke_async (IzpApiClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));

  if (self->refresh_token == NULL)
    {
      task = g_task_new (self, cancellable, callback, user_data);
      g_task_set_source_tag (task, izp_api_client_revoke_async);
      g_task_return_pointer (task, g_new0 (Response, 1), (GDestroyNotify) response_free);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);

  request = g_new0 (Request, 1);
  request->method = SOUP_METHOD_POST;
  request->path_and_query = g_strdup ("/auth/revoke");
  request->body = build_json_body (builder);
  request->decode = DECODE_NONE;

  /* Forget the tokens now: signing out must not depend on the server. */
  wipe_string (&self->access_token);
  set_refresh_token (self, NULL, FALSE);

  task = start_public (self, request, izp_api_client_revoke_async,
                       cancellable, callback, user_data);
}

gboolean
izp_api_client_revoke_finish (IzpApiClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  take_decoded (self, result, izp_api_client_revoke_async, NULL, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

void
izp_api_client_get_partner_async (IzpApiClient        *self,
                                  const char          *etag,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IZP_IS_API_CLIENT (self));

  task = start_public (self, new_get ("/partner", etag, DECODE_PARTNER),
                       izp_api_client_get_partner_async, cancellable, callback, user_data);
}

JsonObject *
izp_api_client_get_partner_finish (IzpApiClient  *self,
                                   GAsyncResult  *result,
                                   char         **out_etag,
                                   gboolean      *out_unchanged,
                                   GError       **error)
{
  return take_decoded (self, result, izp_api_client_get_partner_async,
                       out_etag, out_unchanged, error);
}

void
izp_api_client_get_leaderboard_async (IzpApiClient        *self,
                                      const char          *quarter,
                                      const char          *etag,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (IZP_IS_API_CLIENT (self));

  path = build_query ("/leaderboard", "quarter", quarter, NULL);
  task = start_public (self, new_get (path, etag, DECODE_LEADERBOARD),
                       izp_api_client_get_leaderboard_async, cancellable, callback, user_data);
}

JsonObject *
izp_api_client_get_leaderboard_finish (IzpApiClient  *self,
                                       GAsyncResult  *result,
                                       char         **out_etag,
                                       gboolean      *out_unchanged,
                                       GError       **error)
{
  return take_decoded (self, result, izp_api_client_get_leaderboard_async,
                       out_etag, out_unchanged, error);
}

void
izp_api_client_get_page_async (IzpApiClient        *self,
                               IzpCollectionId      collection,
                               const char          *cursor,
                               const char          *updated_since,
                               guint                limit,
                               const char          *etag,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const IzpCollection *info;
  const char *path;
  g_autofree char *limit_text = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (collection < IZP_N_COLLECTIONS);

  info = izp_schema_get_collection (collection);
  /* The schema's paths start with /v1, like the base URL. */
  path = g_str_has_prefix (info->path, "/v1/") ? info->path + 3 : info->path;
  if (limit > 0)
    limit_text = g_strdup_printf ("%u", limit);
  full = build_query (path,
                      "cursor", cursor,
                      "updated_since", updated_since,
                      "limit", limit_text,
                      NULL);

  request = new_get (full, etag, DECODE_PAGE);
  request->collection = info;
  task = start_public (self, request, izp_api_client_get_page_async,
                       cancellable, callback, user_data);
}

IzpApiPage *
izp_api_client_get_page_finish (IzpApiClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autofree char *etag = NULL;
  gboolean unchanged = FALSE;
  IzpApiPage *page;

  page = take_decoded (self, result, izp_api_client_get_page_async, &etag, &unchanged, error);
  if (page == NULL && unchanged)
    {
      page = g_new0 (IzpApiPage, 1);
      page->unchanged = TRUE;
    }
  if (page != NULL)
    page->etag = g_steal_pointer (&etag);
  return page;
}

void
izp_api_client_get_clicks_async (IzpApiClient        *self,
                                 const char          *link_id,
                                 const char          *from,
                                 const char          *to,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (link_id != NULL);

  escaped = g_uri_escape_string (link_id, NULL, FALSE);
  path = g_strdup_printf ("/referral-links/%s/clicks", escaped);
  full = build_query (path, "from", from, "to", to, NULL);
  task = start_public (self, new_get (full, NULL, DECODE_CLICKS),
                       izp_api_client_get_clicks_async, cancellable, callback, user_data);
}

GPtrArray *
izp_api_client_get_clicks_finish (IzpApiClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return take_decoded (self, result, izp_api_client_get_clicks_async, NULL, NULL, error);
}

static GBytes *
serialise_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  char *text;

  json_node_set_object (node, object);
  text = izp_json_to_string (node);
  return g_bytes_new_take (text, strlen (text));
}

void
izp_api_client_create_link_async (IzpApiClient        *self,
                                  JsonObject          *body,
                                  const char          *idempotency_key,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (body != NULL);
  g_return_if_fail (idempotency_key != NULL);

  request = g_new0 (Request, 1);
  request->method = SOUP_METHOD_POST;
  request->path_and_query = g_strdup ("/referral-links");
  request->body = serialise_object (body);
  request->idempotency_key = g_strdup (idempotency_key);
  request->authenticated = TRUE;
  request->decode = DECODE_LINK;
  task = start_public (self, request, izp_api_client_create_link_async,
                       cancellable, callback, user_data);
}

JsonObject *
izp_api_client_create_link_finish (IzpApiClient  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return take_decoded (self, result, izp_api_client_create_link_async, NULL, NULL, error);
}

void
izp_api_client_patch_link_async (IzpApiClient        *self,
                                 const char          *link_id,
                                 JsonObject          *changes,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  g_autoptr(GTask) task = NULL;
  Request *request;

  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (link_id != NULL);
  g_return_if_fail (changes != NULL);

  escaped = g_uri_escape_string (link_id, NULL, FALSE);
  request = g_new0 (Request, 1);
  request->method = "PATCH";
  request->path_and_query = g_strdup_printf ("/referral-links/%s", escaped);
  request->body = serialise_object (changes);
  request->authenticated = TRUE;
  request->decode = DECODE_LINK;
  task = start_public (self, request, izp_api_client_patch_link_async,
                       cancellable, callback, user_data);
}

JsonObject *
izp_api_client_patch_link_finish (IzpApiClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return take_decoded (self, result, izp_api_client_patch_link_async, NULL, NULL, error);
}

/* ------------------------------------------------------------------ */
/* Object */

void
izp_api_client_set_retry_policy (IzpApiClient *self,
                                 guint         max_attempts,
                                 guint         base_delay_ms,
                                 guint         max_delay_ms,
                                 guint         retry_after_cap_ms)
{
  g_return_if_fail (IZP_IS_API_CLIENT (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
  self->max_delay_ms = max_delay_ms;
  self->retry_after_cap_ms = retry_after_cap_ms;
}

void
izp_api_client_set_timeout (IzpApiClient *self,
                            guint         seconds)
{
  g_return_if_fail (IZP_IS_API_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

void
izp_api_client_set_refresh_token (IzpApiClient *self,
                                  const char   *refresh_token)
{
  g_return_if_fail (IZP_IS_API_CLIENT (self));
  wipe_string (&self->access_token);
  set_refresh_token (self, refresh_token, FALSE);
}

gboolean
izp_api_client_has_refresh_token (IzpApiClient *self)
{
  g_return_val_if_fail (IZP_IS_API_CLIENT (self), FALSE);
  return self->refresh_token != NULL;
}

const char *
izp_api_client_get_base_url (IzpApiClient *self)
{
  g_return_val_if_fail (IZP_IS_API_CLIENT (self), NULL);
  return self->base_url;
}

SoupSession *
izp_api_client_get_session (IzpApiClient *self)
{
  g_return_val_if_fail (IZP_IS_API_CLIENT (self), NULL);
  return self->session;
}

IzpApiClient *
izp_api_client_new (const char  *base_url,
                    GError     **error)
{
  g_return_val_if_fail (base_url != NULL, NULL);

  if (!izp_api_url_is_allowed (base_url, error))
    return NULL;

  return g_object_new (IZP_TYPE_API_CLIENT, "base-url", base_url, NULL);
}

static void
izp_api_client_finalize (GObject *object)
{
  IzpApiClient *self = (IzpApiClient *) object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  wipe_string (&self->access_token);
  wipe_string (&self->refresh_token);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (izp_api_client_parent_class)->finalize (object);
}

static void
izp_api_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IzpApiClient *self = IZP_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_api_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IzpApiClient *self = IZP_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);
        gsize len = url != NULL ? strlen (url) : 0;

        while (len > 0 && url[len - 1] == '/')
          len--;
        g_free (self->base_url);
        self->base_url = g_strndup (url != NULL ? url : "", len);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_api_client_class_init (IzpApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_api_client_finalize;
  object_class->get_property = izp_api_client_get_property;
  object_class->set_property = izp_api_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The server rotated the refresh token: the owner stores the new one. */
  signals[REFRESH_TOKEN_CHANGED] =
    g_signal_new ("refresh-token-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
izp_api_client_init (IzpApiClient *self)
{
  /* No trailing space: libsoup would append its own version. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "timeout", 30,
                                                 "max-conns-per-host", 4,
                                                 NULL);
  self->max_attempts = 8;
  self->base_delay_ms = 200;
  self->max_delay_ms = 10000;
  self->retry_after_cap_ms = 30000;
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}
