/* izp-api-client.h — the Partner API v1 over libsoup
 *
 * One shared SoupSession; every call is async (GTask) and cancellable. The
 * access token lives in memory only and is refreshed once on a 401
 * `invalid_token`; transient failures (5xx, 429, dropped connections,
 * truncated or malformed bodies, timeouts) are retried with exponential
 * backoff and full jitter, honouring Retry-After.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "izp-api-decode.h"
#include "izp-schema.h"

G_BEGIN_DECLS

#define IZP_API_ERROR (izp_api_error_quark ())

typedef enum
{
  IZP_API_ERROR_NO_NETWORK,      /* name resolution or no route */
  IZP_API_ERROR_SERVER_DOWN,     /* refused, or 5xx until we gave up */
  IZP_API_ERROR_TLS,             /* certificate or handshake */
  IZP_API_ERROR_TIMEOUT,
  IZP_API_ERROR_BAD_RESPONSE,    /* body not as the contract says */
  IZP_API_ERROR_WRONG_PASSWORD,  /* invalid_grant on a password grant */
  IZP_API_ERROR_SIGN_IN_AGAIN,   /* refresh token revoked or missing */
  IZP_API_ERROR_INSECURE_URL,    /* http:// to a host that is not loopback */
  IZP_API_ERROR_INVALID_CURSOR,  /* 400 field "cursor": restart the collection */
  IZP_API_ERROR_REJECTED,        /* other 4xx: the message says why */
  IZP_API_ERROR_NOT_PARTNER_API, /* HTML, or 404 where every Partner API answers */
} IzpApiError;

#define IZP_TYPE_API_CLIENT (izp_api_client_get_type ())

G_DECLARE_FINAL_TYPE (IzpApiClient, izp_api_client, IZP, API_CLIENT, GObject)

GQuark        izp_api_error_quark                 (void);

/* TRUE for https://, and for http:// to 127.0.0.0/8, ::1 or localhost. */
gboolean      izp_api_url_is_allowed              (const char          *base_url,
                                                   GError             **error);

/* "https://api.izyinbox.fr" → "https://api.izyinbox.fr/v1"; see the .c. */
char         *izp_api_normalize_server_url        (const char          *text);

IzpApiClient *izp_api_client_new                  (const char          *base_url,
                                                   GError             **error);
const char   *izp_api_client_get_base_url         (IzpApiClient        *self);
SoupSession  *izp_api_client_get_session          (IzpApiClient        *self);

/* Retries: @max_attempts in all (≥ 1), delay before retry n is uniform in
 * [0, min (max_delay_ms, base_delay_ms × 2ⁿ)]; a Retry-After is honoured up
 * to @retry_after_cap_ms. Defaults: 8, 200 ms, 10 s, 30 s. */
void          izp_api_client_set_retry_policy     (IzpApiClient        *self,
                                                   guint                max_attempts,
                                                   guint                base_delay_ms,
                                                   guint                max_delay_ms,
                                                   guint                retry_after_cap_ms);
/* Socket I/O timeout in seconds (default 30). */
void          izp_api_client_set_timeout          (IzpApiClient        *self,
                                                   guint                seconds);

/* The refresh token the client uses to get access tokens (kept in memory;
 * the caller keeps it in the keyring). When the server rotates it, the
 * "refresh-token-changed" signal gives the new one to store. */
void          izp_api_client_set_refresh_token    (IzpApiClient        *self,
                                                   const char          *refresh_token);
gboolean      izp_api_client_has_refresh_token    (IzpApiClient        *self);

/* Password grant (at most 3 attempts: someone is waiting). Returns the
 * refresh token (transfer full) to store. */
void          izp_api_client_sign_in_async        (IzpApiClient        *self,
                                                   const char          *email,
                                                   const char          *password,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
char         *izp_api_client_sign_in_finish       (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Refresh-token grant now (the client also does it by itself when needed). */
void          izp_api_client_refresh_async        (IzpApiClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      izp_api_client_refresh_finish       (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* Revokes the refresh token on the server and forgets both tokens. */
void          izp_api_client_revoke_async         (IzpApiClient        *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean      izp_api_client_revoke_finish        (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /v1/partner. @etag (nullable) is sent as If-None-Match; on 304 the
 * result is %NULL with no error and *@out_unchanged = %TRUE. */
void          izp_api_client_get_partner_async    (IzpApiClient        *self,
                                                   const char          *etag,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject   *izp_api_client_get_partner_finish   (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   char               **out_etag,
                                                   gboolean            *out_unchanged,
                                                   GError             **error);

/* GET /v1/leaderboard?quarter=… (@quarter nullable: the server's current). */
void          izp_api_client_get_leaderboard_async  (IzpApiClient        *self,
                                                     const char          *quarter,
                                                     const char          *etag,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
JsonObject   *izp_api_client_get_leaderboard_finish (IzpApiClient        *self,
                                                     GAsyncResult        *result,
                                                     char               **out_etag,
                                                     gboolean            *out_unchanged,
                                                     GError             **error);

/* One page of a collection. @cursor, @updated_since and @etag are nullable;
 * @limit 0 lets the server choose. */
void          izp_api_client_get_page_async       (IzpApiClient        *self,
                                                   IzpCollectionId      collection,
                                                   const char          *cursor,
                                                   const char          *updated_since,
                                                   guint                limit,
                                                   const char          *etag,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
IzpApiPage   *izp_api_client_get_page_finish      (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /v1/referral-links/{id}/clicks?from&to → IzpApiClickDay array. */
void          izp_api_client_get_clicks_async     (IzpApiClient        *self,
                                                   const char          *link_id,
                                                   const char          *from,
                                                   const char          *to,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray    *izp_api_client_get_clicks_finish    (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /v1/referral-links with Idempotency-Key. @body is
 * {"label", "channel", …}. The result is the server's link. */
void          izp_api_client_create_link_async    (IzpApiClient        *self,
                                                   JsonObject          *body,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject   *izp_api_client_create_link_finish   (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* PATCH /v1/referral-links/{id} with {"label"?, "archived"?}. */
void          izp_api_client_patch_link_async     (IzpApiClient        *self,
                                                   const char          *link_id,
                                                   JsonObject          *changes,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonObject   *izp_api_client_patch_link_finish    (IzpApiClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
