/* main.c — izyinbox-partner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-application.h"
#include "izp-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(IzpApplication) app = NULL;

  izp_i18n_init (LOCALEDIR);
  /* izp_i18n_init() chose the locale: GTK must not choose again. */
  gtk_disable_setlocale ();

  app = izp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
