/* fuzz-sandbox-request.c — arbitrary requests against the sandbox server
 *
 * The input is a raw request: "METHOD /path?query" on its first line, then
 * "Name: value" header lines, an empty line, and the body. It is sent over
 * loopback to an in-process sandbox (started once, signed in) and every
 * answer must be well formed: a known status, and a JSON body whenever there
 * is a body. Covers routing, query parsing, cursors, write validation,
 * idempotency and the /_sandbox hooks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <stdint.h>
#include <string.h>

#include "izp-json.h"
#include "izp-sandbox-server.h"

static IzpSandboxServer *server;
static SoupSession *session;
static char *root_url;
static char *bearer;

static void
sign_in (void)
{
  g_autofree char *url = g_strconcat (root_url, "/v1/auth/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  static const char body[] = "{\"grant_type\":\"password\",\"email\":\"demo@izyinbox.fr\",\"password\":\"demo\"}";
  g_autoptr(GBytes) request = g_bytes_new_static (body, sizeof body - 1);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  gsize length;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  response = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_nonnull (response);
  data = g_bytes_get_data (response, &length);
  root = izp_json_parse_bounded (data, length, IZP_JSON_MAX_BODY_BYTES, 8, NULL);
  g_assert_nonnull (root);
  g_free (bearer);
  bearer = g_strconcat ("Bearer ",
                        json_object_get_string_member (json_node_get_object (root), "access_token"),
                        NULL);
}

static void
start_once (void)
{
  IzpSandboxOptions options;
  const char *base;

  if (server != NULL)
    return;
  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  options.n_clients = 5;
  options.seed = 1;
  izp_date_parse ("2026-11-27", &options.today);
  server = izp_sandbox_server_new (&options, NULL);
  g_assert_nonnull (server);
  g_assert_true (izp_sandbox_server_start (server, NULL));
  base = izp_sandbox_server_get_base_url (server);
  root_url = g_strndup (base, strlen (base) - 3);
  session = soup_session_new_with_options ("timeout", 10, NULL);
  sign_in ();
}

static gboolean
is_token (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_header_value (const char *text)
{
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
      return FALSE;
  return TRUE;
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) request_line = NULL;
  const char *body_start;
  char *line, *next;
  guint status;
  gsize length;

  start_once ();

  /* Headers end at the first empty line; the rest is the body, as bytes. */
  text = g_strndup ((const char *) data, size);
  body_start = strstr (text, "\n\n");
  if (body_start != NULL)
    {
      gsize head_len = body_start - text;

      body_start = (const char *) data + head_len + 2;
      text[head_len] = '\0';
    }

  next = strchr (text, '\n');
  if (next != NULL)
    *next++ = '\0';
  request_line = g_strsplit (text, " ", 2);
  if (g_strv_length (request_line) != 2 || strlen (request_line[0]) > 10
      || !is_token (request_line[0]) || request_line[1][0] != '/')
    return 0;

  url = g_strconcat (root_url, request_line[1], NULL);
  if (!g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL))
    return 0;
  msg = soup_message_new (request_line[0], url);
  if (msg == NULL)
    return 0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  for (line = next; line != NULL && *line != '\0'; line = next)
    {
      char *colon;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      colon = strchr (line, ':');
      if (colon == NULL)
        continue;
      *colon = '\0';
      colon++;
      while (*colon == ' ')
        colon++;
      /* Framing headers are libsoup's business. */
      if (!is_token (line) || !is_header_value (colon)
          || g_ascii_strcasecmp (line, "Content-Length") == 0
          || g_ascii_strcasecmp (line, "Transfer-Encoding") == 0
          || g_ascii_strcasecmp (line, "Host") == 0
          || g_ascii_strcasecmp (line, "Connection") == 0
          || g_ascii_strcasecmp (line, "Expect") == 0)
        continue;
      soup_message_headers_replace (soup_message_get_request_headers (msg), line, colon);
    }

  if (body_start != NULL)
    {
      g_autoptr(GBytes) body = g_bytes_new (body_start, size - (body_start - (const char *) data));

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  /* No injected faults: every answer below comes from the handlers. */
  izp_sandbox_server_set_faults (server, 0.0, 0, 0);
  response = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  status = soup_message_get_status (msg);
  g_assert_true (status == 200 || status == 201 || status == 204 || status == 304
                 || status == 400 || status == 401 || status == 404 || status == 405
                 || status == 409 || status == 413);

  g_bytes_get_data (response, &length);
  if (length > 0)
    {
      g_autoptr(JsonNode) root = izp_json_parse_bounded (g_bytes_get_data (response, NULL), length,
                                                         IZP_JSON_MAX_BODY_BYTES, 16, &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
    }
  else
    {
      g_assert_true (status == 204 || status == 304);
    }

  /* A hook may have revoked or expired our token. */
  if (g_str_has_prefix (request_line[1], "/_sandbox") || status == 401)
    sign_in ();
  return 0;
}
