/* izp-atomic-file.h — replace a file so that a crash never loses it
 *
 * The new contents go to a temporary file beside the target (`.NAME.XXXXXX`,
 * mode 0600), are flushed to disk, then renamed over the target: a reader
 * sees the old file or the new one, never half of either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called between the write and the rename (tests use it to be killed
 * there). */
typedef void (*IzpBeforeRenameFunc) (const char *temp_path,
                                     gpointer    user_data);

gboolean izp_atomic_file_write        (const char          *path,
                                       const char          *contents,
                                       gsize                length,
                                       IzpBeforeRenameFunc  before_rename,
                                       gpointer             user_data,
                                       GError             **error);
/* TRUE for the name of a temporary file izp_atomic_file_write() leaves
 * behind when it is killed. */
gboolean izp_atomic_file_is_leftover  (const char          *basename);

G_END_DECLS
