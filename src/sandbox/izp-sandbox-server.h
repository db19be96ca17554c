/* izp-sandbox-server.h — the reference Partner API v1 server (sandbox)
 *
 * A SoupServer on loopback backed by SQLite, serving the whole contract of
 * docs/partner-api-v1.md from a dataset file or a generated dataset. It runs
 * on its own thread with its own GMainContext, so a UI thread or synchronous
 * test code can talk to it without blocking it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "izp-date.h"

G_BEGIN_DECLS

#define IZP_SANDBOX_ERROR (izp_sandbox_error_quark ())

typedef enum
{
  IZP_SANDBOX_ERROR_OPTIONS,   /* bad option value (fault spec, …) */
  IZP_SANDBOX_ERROR_DATABASE,  /* SQLite failed */
  IZP_SANDBOX_ERROR_LISTEN,    /* could not listen on loopback */
  IZP_SANDBOX_ERROR_NOT_FOUND, /* test hook: unknown collection or id */
} IzpSandboxError;

/* Fault kinds of --faults, as a bit mask. */
typedef enum
{
  IZP_SANDBOX_FAULT_500       = 1 << 0,
  IZP_SANDBOX_FAULT_503       = 1 << 1,
  IZP_SANDBOX_FAULT_429       = 1 << 2,
  IZP_SANDBOX_FAULT_DROP      = 1 << 3,
  IZP_SANDBOX_FAULT_SLOW      = 1 << 4,
  IZP_SANDBOX_FAULT_TRUNCATE  = 1 << 5,
  IZP_SANDBOX_FAULT_MALFORMED = 1 << 6,
} IzpSandboxFault;

typedef struct
{
  guint        port;            /* 0: any free port */
  const char  *dataset_file;    /* a dataset JSON file, or NULL with generate */
  gboolean     generate;
  guint        n_clients;       /* generate: default 60 */
  guint64      seed;            /* generate: default 1 */
  IzpDate      today;           /* generate: IZP_DATE_NONE = today (UTC) */
  guint        token_ttl;       /* seconds, default 3600 */
  guint        rate_limit;      /* requests per second, 0 = off */
  double       fault_rate;      /* 0 … 1 */
  guint        fault_kinds;     /* IzpSandboxFault mask */
  guint64      fault_seed;
  const char  *database_path;   /* NULL: a private in-memory database */
  guint        slow_ms;         /* hold time of the "slow" fault, default 2000 */
} IzpSandboxOptions;

#define IZP_TYPE_SANDBOX_SERVER (izp_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (IzpSandboxServer, izp_sandbox_server, IZP, SANDBOX_SERVER, GObject)

GQuark            izp_sandbox_error_quark              (void);

/* Fills @options with the defaults of the command line. */
void              izp_sandbox_options_init             (IzpSandboxOptions        *options);

/* Parses `RATE:KIND,KIND…` (RATE in [0, 1]; kinds 500 503 429 drop slow
 * truncate malformed). */
gboolean          izp_sandbox_parse_faults             (const char               *spec,
                                                        double                   *out_rate,
                                                        guint                    *out_kinds,
                                                        GError                  **error);

/* Loads or generates the dataset into SQLite. A dataset error names the
 * JSON path of the first error. */
IzpSandboxServer *izp_sandbox_server_new               (const IzpSandboxOptions  *options,
                                                        GError                  **error);

/* Listens on 127.0.0.1 and serves on a thread of its own. */
gboolean          izp_sandbox_server_start             (IzpSandboxServer         *self,
                                                        GError                  **error);

/* `http://127.0.0.1:PORT/v1`, or NULL before start. */
const char       *izp_sandbox_server_get_base_url      (IzpSandboxServer         *self);

/* Stops listening and joins the thread; also done on finalize. */
void              izp_sandbox_server_stop              (IzpSandboxServer         *self);

/* Test hooks (also under /_sandbox/… over HTTP, sandbox only). */

/* Bumps the item's updated_at with a visible change (a client's usage_pct,
 * a link's clicks, …). */
gboolean          izp_sandbox_server_touch             (IzpSandboxServer         *self,
                                                        const char               *collection,
                                                        const char               *id,
                                                        GError                  **error);
/* Turns the item into a tombstone. */
gboolean          izp_sandbox_server_delete            (IzpSandboxServer         *self,
                                                        const char               *collection,
                                                        const char               *id,
                                                        GError                  **error);
void              izp_sandbox_server_revoke_tokens     (IzpSandboxServer         *self);
void              izp_sandbox_server_expire_tokens     (IzpSandboxServer         *self);

/* Number of /v1 requests seen; NULL matches any method or path. @path is
 * the path without the query (`/v1/clients`). */
guint             izp_sandbox_server_count_requests    (IzpSandboxServer         *self,
                                                        const char               *method,
                                                        const char               *path);
/* Requests on collections that were neither conditional (If-None-Match)
 * nor incremental (updated_since or cursor). */
guint             izp_sandbox_server_count_full_reads  (IzpSandboxServer         *self);
void              izp_sandbox_server_reset_counters    (IzpSandboxServer         *self);

/* Replaces the fault injection; rate 0 turns it off. The PRNG restarts
 * from @seed. */
void              izp_sandbox_server_set_faults        (IzpSandboxServer         *self,
                                                        double                    rate,
                                                        guint                     kinds,
                                                        guint64                   seed);

G_END_DECLS
