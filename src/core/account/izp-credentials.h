/* izp-credentials.h — the refresh token in the system keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define IZP_CREDENTIALS_ERROR (izp_credentials_error_quark ())

typedef enum
{
  IZP_CREDENTIALS_ERROR_NO_SERVICE,
  IZP_CREDENTIALS_ERROR_LOCKED,
  IZP_CREDENTIALS_ERROR_FAILED,
} IzpCredentialsError;

GQuark              izp_credentials_error_quark   (void);
const SecretSchema *izp_credentials_get_schema    (void);

void      izp_credentials_store_async   (const char           *server,
                                         const char           *email,
                                         const char           *refresh_token,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  izp_credentials_store_finish  (GAsyncResult         *result,
                                         GError              **error);
void      izp_credentials_lookup_async  (const char           *server,
                                         const char           *email,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
char     *izp_credentials_lookup_finish (GAsyncResult         *result,
                                         GError              **error);
void      izp_credentials_clear_async   (const char           *server,
                                         const char           *email,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean  izp_credentials_clear_finish  (GAsyncResult         *result,
                                         GError              **error);

G_END_DECLS
