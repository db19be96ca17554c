/* template-save-helper.c — saves a template edit and stops before renaming
 *
 * `template-save-helper DIR ID`: loads the library of DIR, saves new text
 * for ID; between the write and the rename it prints "written PATH" and
 * waits to be killed (test-templates, /templates/crash-during-save).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <unistd.h>

#include "izp-template-library.h"

static void
stop_here (const char *temp_path,
           gpointer    user_data)
{
  printf ("written %s\n", temp_path);
  fflush (stdout);
  for (;;)
    pause ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IzpTemplateLibrary) library = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    return 2;
  library = izp_template_library_new (argv[1], &error);
  if (library == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  izp_template_library_set_before_rename_func (library, stop_here, NULL);
  izp_template_library_save_edit (library, argv[2], "Objet v2", "Texte v2, jamais renommé", &error);
  return 1;   /* not reached */
}
