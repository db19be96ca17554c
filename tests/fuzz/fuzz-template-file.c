/* fuzz-template-file.c — the template file loader
 *
 * The input is a template file (shipped, or a user's edit on disk). It
 * loads or gives a GError; what loads writes back to a file that loads to
 * the same template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "izp-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(IzpTemplate) template_ = NULL;
  g_autoptr(IzpTemplate) again = NULL;
  g_autofree char *file = NULL;
  GError *error = NULL;

  template_ = izp_template_parse_file ((const char *) data, size, &error);
  if (template_ == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      g_error_free (error);
      return 0;
    }
  g_assert (izp_template_id_is_valid (template_->id));
  g_assert (template_->version >= 1);

  file = izp_template_to_file (template_);
  again = izp_template_parse_file (file, strlen (file), &error);
  g_assert (again != NULL);
  g_assert (strcmp (again->id, template_->id) == 0);
  g_assert (again->version == template_->version);
  g_assert (again->based_on == template_->based_on);
  g_assert (strcmp (again->body, template_->body) == 0);
  return 0;
}
