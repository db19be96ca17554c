/* izp-generator.h — the sandbox's deterministic dataset
 *
 * Builds a realistic French partner account (one cabinet, its referred
 * clients, their invoices, leads, links, sub-partners, campaigns, marketing
 * kit, templates and leaderboard) from a seed and a day. The same options give
 * byte-identical items in the same order, on every machine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "izp-date.h"

G_BEGIN_DECLS

#define IZP_GENERATOR_ERROR (izp_generator_error_quark ())

typedef enum
{
  IZP_GENERATOR_ERROR_INVALID_OPTIONS,
  IZP_GENERATOR_ERROR_STOPPED,          /* the emit function gave up */
} IzpGeneratorError;

/* The built-in demo account and the large dataset of the benchmarks. */
#define IZP_GENERATOR_DEMO_CLIENTS   60
#define IZP_GENERATOR_LARGE_CLIENTS  10000
#define IZP_GENERATOR_MAX_CLIENTS    1000000

/* Statements: one per payout batch due on or before today, computed by the
 * commission engine, paid the day before their due day except the latest
 * (issued). Every dataset has exactly one deliberate discrepancy, so that
 * reconciliation has something to show: in the paid statement number
 * (seed modulo the number of paid statements, in emit order; the next one
 * when it has no line above this amount), the first line above this amount
 * is paid this much less than the engine computes, and the statement's total
 * is the sum of its lines. No paid statement: no discrepancy. */
#define IZP_GENERATOR_UNDERPAID_CENTS ((gint64) 1500)

typedef struct
{
  guint    n_clients;   /* 60 for the demo, 10000 for the large dataset */
  guint64  seed;
  IzpDate  today;
} IzpGeneratorOptions;

/* Called once per item: @key is "users", "partner", "leaderboard" or a
 * collection name ("clients", "invoices", …). The item is only borrowed.
 * Return %FALSE and set @error to stop the run.
 *
 * Order: users, partner, clients, invoices, leads, referral_links,
 * sub_partners, campaigns, statements, resources, templates, leaderboard.
 * No tombstones (deletions go through the server). */
typedef gboolean (*IzpGeneratorEmitFunc) (const char  *key,
                                          JsonObject  *item,
                                          gpointer     user_data,
                                          GError     **error);

GQuark    izp_generator_error_quark (void);

gboolean  izp_generator_run         (const IzpGeneratorOptions  *options,
                                     IzpGeneratorEmitFunc        emit,
                                     gpointer                    user_data,
                                     GError                    **error);

G_END_DECLS
