/* izp-demo.h — the built-in demo account
 *
 * Starts the sandbox server in-process (its own thread) with a generated
 * dataset for today, and signs in to it with an ephemeral session: nothing
 * goes to the keyring, and the demo's store is a fresh one each time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_DEMO_EMAIL    "demo@izyinbox.fr"
#define IZP_DEMO_PASSWORD "demo"

/* @data_dir NULL: izp_store_default_data_dir(); the store goes to
 * DATA_DIR/demo/store.db. @n_clients 0: the sandbox's default size. The
 * server lives as long as the returned session. */
void        izp_demo_start_async   (const char          *data_dir,
                                    guint                n_clients,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* A signed-in session, not synced yet: call izp_session_sync_async(). */
IzpSession *izp_demo_start_finish  (GAsyncResult        *result,
                                    GError             **error);

G_END_DECLS
