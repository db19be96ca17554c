/* izp-api-decode.h — decoders for the bodies of the Partner API v1
 *
 * Each takes raw bytes from the network, caps them (size, nesting) before
 * parsing, checks every member against izp-schema and returns a GError that
 * names the JSON path — never a crash, never a g_critical. The API client
 * uses them; the fuzz targets call them directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "izp-schema.h"

G_BEGIN_DECLS

typedef struct
{
  JsonNode  *root;         /* owns everything below */
  JsonArray *items;        /* validated items and tombstones, in order */
  char      *next_cursor;  /* NULL on the last page */
  char      *etag;         /* set by the client from the response headers */
  gboolean   unchanged;    /* 304: no items, nothing to store */
} IzpApiPage;

typedef struct
{
  char   *access_token;
  char   *refresh_token;   /* NULL when the server did not rotate it */
  gint64  expires_in;
} IzpApiTokens;

typedef struct
{
  char *code;              /* "invalid_grant", "invalid_request", … */
  char *message;
  char *field;             /* nullable */
} IzpApiErrorBody;

typedef struct
{
  char   *day;             /* YYYY-MM-DD */
  gint64  clicks;
  gint64  unique;
  gint64  suspected_bots;
} IzpApiClickDay;

void              izp_api_page_free             (IzpApiPage       *page);
void              izp_api_tokens_free           (IzpApiTokens     *tokens);
void              izp_api_error_body_free       (IzpApiErrorBody  *body);

IzpApiPage       *izp_api_decode_page           (const IzpCollection *collection,
                                                 const char       *data,
                                                 gsize             length,
                                                 GError          **error);
IzpApiTokens     *izp_api_decode_tokens         (const char       *data,
                                                 gsize             length,
                                                 GError          **error);
IzpApiErrorBody  *izp_api_decode_error_body     (const char       *data,
                                                 gsize             length,
                                                 GError          **error);
/* The object under "partner" / "leaderboard" / "referral_link"
 * (a link may also come bare, as the item itself). */
JsonObject       *izp_api_decode_partner        (const char       *data,
                                                 gsize             length,
                                                 GError          **error);
JsonObject       *izp_api_decode_leaderboard    (const char       *data,
                                                 gsize             length,
                                                 GError          **error);
JsonObject       *izp_api_decode_link           (const char       *data,
                                                 gsize             length,
                                                 GError          **error);
/* Element type IzpApiClickDay. */
GPtrArray        *izp_api_decode_clicks         (const char       *data,
                                                 gsize             length,
                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpApiPage, izp_api_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpApiTokens, izp_api_tokens_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpApiErrorBody, izp_api_error_body_free)

G_END_DECLS
