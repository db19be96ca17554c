/* fuzz-dataset.c — dataset validation and loading
 *
 * A dataset that validates must load into an empty database; one that does
 * not must be refused with a message that starts with its JSON path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "izp-dataset.h"
#include "izp-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  sqlite3 *db = NULL;
  gboolean valid;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  root = izp_json_parse_bounded ((const char *) data, size, IZP_DATASET_MAX_BYTES,
                                 IZP_DATASET_MAX_DEPTH, &error);
  if (root == NULL)
    {
      g_assert (error != NULL);
      g_clear_error (&error);
      return 0;
    }

  valid = izp_dataset_validate (root, &error);
  if (!valid)
    {
      g_assert (error != NULL && error->message[0] == '$');
      g_clear_error (&error);
    }

  g_assert (sqlite3_open (":memory:", &db) == SQLITE_OK);
  if (izp_dataset_load_data (db, (const char *) data, size, "fuzz.json", &error))
    {
      g_assert (valid);
    }
  else
    {
      if (valid)
        g_error ("a valid dataset did not load: %s", error->message);
      g_clear_error (&error);
    }
  sqlite3_close (db);

  return 0;
}
