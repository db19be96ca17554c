/* izp-dataset.h — the sandbox's dataset: JSON file, validation, database
 *
 * A dataset is one JSON object: `partner` (object, required), `users`
 * (array of {email, password}, at least one), the nine collections as arrays
 * under their names (`clients`, `invoices`, …; an absent collection is
 * empty) and `leaderboard` (object, optional). Any other key is refused,
 * so that a typo does not silently empty a collection.
 *
 * The sandbox database layout:
 *   - one table per collection, named like it, created by
 *     izp_record_table_create() with %IZP_RECORD_TABLE_TOMBSTONES;
 *   - `documents (name TEXT PRIMARY KEY, json TEXT NOT NULL)` with the rows
 *     `partner` and `leaderboard` (compact JSON);
 *   - `users (email TEXT PRIMARY KEY, password TEXT NOT NULL)`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define IZP_DATASET_ERROR (izp_dataset_error_quark ())

/* Validation errors use IZP_JSON_ERROR, or these codes; the message always
 * starts with the JSON path. */
typedef enum
{
  IZP_DATASET_ERROR_UNKNOWN_KEY,   /* izp_dataset_writer_add() with a key of no dataset */
  IZP_DATASET_ERROR_DUPLICATE,     /* two items with one id, two users with one e-mail */
  IZP_DATASET_ERROR_NO_USER,       /* `users` is empty */
} IzpDatasetError;

/* Caps for dataset files. */
#define IZP_DATASET_MAX_BYTES  (512 * 1024 * 1024)
#define IZP_DATASET_MAX_DEPTH  64

typedef struct _IzpDatasetWriter IzpDatasetWriter;

GQuark            izp_dataset_error_quark     (void);

/* Creates the layout in @db (if missing) and begins a transaction. */
IzpDatasetWriter *izp_dataset_writer_new      (sqlite3           *db,
                                               GError           **error);

/* Stores one item under a dataset key: `partner`, `leaderboard`, `users`
 * or a collection name. Trusts @item (the generator's output, or a
 * dataset that passed izp_dataset_validate()). */
gboolean          izp_dataset_writer_add      (IzpDatasetWriter  *writer,
                                               const char        *key,
                                               JsonObject        *item,
                                               GError           **error);

/* Commits the transaction. Freeing a writer that was not committed rolls
 * everything back. */
gboolean          izp_dataset_writer_commit   (IzpDatasetWriter  *writer,
                                               GError           **error);
void              izp_dataset_writer_free     (IzpDatasetWriter  *writer);

/* Checks a whole dataset: structure and types of every item, unique ids
 * per collection, unique user e-mails, at least one user, then the
 * references between collections. The error names the JSON path of the
 * first problem (structure errors come before reference errors, as a
 * reference may point forward). The references of invoices (`client_id`,
 * `sub_partner_id`) are not checked: an invoice for an unknown client or
 * sub-partner is data that the commission engine reports as an anomaly. */
gboolean          izp_dataset_validate        (JsonNode          *root,
                                               GError           **error);

/* Reads @filename (at most %IZP_DATASET_MAX_BYTES, nesting at most
 * %IZP_DATASET_MAX_DEPTH), validates it and writes it into @db in one
 * transaction. Errors start with the file name. */
gboolean          izp_dataset_load_file       (sqlite3           *db,
                                               const char        *filename,
                                               GError           **error);

/* The same from memory; @name is used in error messages. */
gboolean          izp_dataset_load_data       (sqlite3           *db,
                                               const char        *data,
                                               gsize              length,
                                               const char        *name,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpDatasetWriter, izp_dataset_writer_free)

G_END_DECLS
