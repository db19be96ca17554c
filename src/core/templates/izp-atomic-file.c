/* izp-atomic-file.c — replace a file so that a crash never loses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "izp-atomic-file.h"

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not save “%s”: %s."), path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
izp_atomic_file_write (const char          *path,
                       const char          *contents,
                       gsize                length,
                       IzpBeforeRenameFunc  before_rename,
                       gpointer             user_data,
                       GError             **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  gsize written = 0;
  int fd;
  int saved_errno;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return set_errno_error (error, errno, dir);

  temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno, path);

  while (written < length)
    {
      gssize n = write (fd, contents + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      written += n;
    }
  /* On disk before the rename, or a power cut could leave an empty file. */
  if (fsync (fd) != 0)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;

  if (before_rename != NULL)
    before_rename (temp_path, user_data);

  if (g_rename (temp_path, path) != 0)
    goto failed;
  return TRUE;

failed:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (temp_path);
  return set_errno_error (error, saved_errno, path);
}

gboolean
izp_atomic_file_is_leftover (const char *basename)
{
  gsize length;

  g_return_val_if_fail (basename != NULL, FALSE);

  /* ".NAME.XXXXXX": a dot, a name, a dot and six characters. */
  length = strlen (basename);
  return basename[0] == '.' && length > 8 && basename[length - 7] == '.';
}
