/* izp-test-util.h — shared helpers of the API tests: waiting for async
 * calls, a sandbox server in-process, a throw-away store, and comparing a
 * store with what the server serves now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-api-client.h"
#include "izp-commission-engine.h"
#include "izp-generator.h"
#include "izp-json.h"
#include "izp-sandbox-server.h"
#include "izp-store.h"
#include "izp-sync.h"

G_BEGIN_DECLS

#define EMAIL    "demo@izyinbox.fr"
#define PASSWORD "demo"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

typedef struct
{
  char     *dir;
  IzpStore *store;
} TempStore;

void              on_done                        (GObject         *source,
                                                  GAsyncResult    *result,
                                                  gpointer         user_data);
GAsyncResult     *wait_for                       (Waiter          *waiter);
void              waiter_clear                   (Waiter          *waiter);
IzpSandboxServer *start_server_full              (guint            n_clients,
                                                  guint            token_ttl,
                                                  double           fault_rate,
                                                  guint            fault_kinds,
                                                  guint            slow_ms);
IzpSandboxServer *start_server                   (void);
IzpApiClient     *new_client                     (const char      *url);
char             *sign_in                        (IzpApiClient    *client,
                                                  const char      *password,
                                                  GError         **error);
char             *sign_in_as                     (IzpApiClient    *client,
                                                  const char      *email,
                                                  const char      *password,
                                                  GError         **error);
/* A sandbox serving the dataset file @path. */
IzpSandboxServer *start_server_with_file         (const char      *path);
/* The dataset of start_server_full() with @n_clients, written as a dataset
 * file in @dir; returns its path. */
char             *write_dataset_file             (const char      *dir,
                                                  guint            n_clients);
JsonNode         *load_json_file                 (const char      *path);
IzpApiPage       *get_page                       (IzpApiClient    *client,
                                                  IzpCollectionId  collection,
                                                  const char      *cursor,
                                                  const char      *since,
                                                  guint            limit,
                                                  const char      *etag,
                                                  GError         **error);
gboolean          run_sync                       (IzpSync         *sync,
                                                  GCancellable    *cancellable,
                                                  IzpSyncSummary  *summary,
                                                  GError         **error);
void              remove_tree                    (const char      *path);
void              temp_store_init                (TempStore       *temp,
                                                  const char      *server_url);
void              temp_store_clear               (TempStore       *temp);
GPtrArray        *fetch_all                      (IzpApiClient    *client,
                                                  IzpCollectionId  collection);
void              assert_store_equals_server     (IzpStore        *store,
                                                  IzpApiClient    *client);
void              assert_documents_equal_server  (IzpStore        *store,
                                                  IzpApiClient    *client);
/* Every row of the store, column by column, equals the item of the dataset
 * file (@dataset, as parsed from it) with the same id, and the partner
 * document equals its `partner`. Read with SQL, not through the store's
 * own row-to-JSON code. */
void              assert_store_equals_dataset    (IzpStore        *store,
                                                  JsonObject      *dataset);

void              assert_ledgers_equal           (const IzpLedger *a,
                                                  const IzpLedger *b,
                                                  gboolean         in_any_order);
char             *cli_path                       (void);
/* Runs the CLI to the end with @input on its standard input; returns its
 * exit status. Arguments end with NULL. */
int               run_cli                        (const char      *input,
                                                  char           **out_stdout,
                                                  char           **out_stderr,
                                                  const char      *first,
                                                  ...);

G_END_DECLS
