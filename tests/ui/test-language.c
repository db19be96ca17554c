/* test-language.c — the real window in the language the environment asks for
 *
 * Run once per case (argument): "none", a fresh machine's C.UTF-8 with no
 * LANGUAGE, must speak French, the product's language; "en" (LANGUAGE=en)
 * and "lc-messages-en" (LC_MESSAGES=en_US.UTF-8) must keep English. The
 * locale is set by the same core function as main()'s.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "izp-ui-test.h"

static IzpApplication *app;
static gboolean expect_french;
static const char *skip_reason;

/* TRUE if a GtkLabel under @root shows exactly @text. */
static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_get_mapped (root))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;

  return FALSE;
}

static void
test_welcome (void)
{
  IzpWindow *window;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }

  window = izp_ui_test_open_window (app, 1100, 760);
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  if (expect_french)
    {
      g_autofree char *path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "language-c-utf8");

      g_assert_true (shows_label (GTK_WIDGET (window), "Bienvenue dans IzyInbox Partenaires"));
      g_assert_false (shows_label (GTK_WIDGET (window), "Welcome to IzyInbox Partenaires"));
    }
  else
    {
      g_assert_true (shows_label (GTK_WIDGET (window), "Welcome to IzyInbox Partenaires"));
    }
  izp_ui_test_close_window (window);
}

static gboolean
shows_dashboard_in_french (gpointer window)
{
  /* A label of the section, and one the core gives it (a badge's rule). */
  return shows_label (GTK_WIDGET (window), "Nouveaux clients") &&
         shows_label (GTK_WIDGET (window), "1er client référé");
}

/* The sections and the core's labels follow too. */
static void
test_demo_dashboard (void)
{
  IzpWindow *window;

  if (skip_reason != NULL || !expect_french)
    {
      g_test_skip (skip_reason != NULL ? skip_reason : "checked in French only");
      return;
    }

  window = izp_ui_test_open_window (app, 1100, 760);
  izp_ui_test_open_demo (window);
  g_assert_cmpstr (izp_window_get_section_title (window), ==, "Tableau de bord");
  g_assert_true (izp_ui_test_wait_until (shows_dashboard_in_french, window, 30));
  izp_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *which = argc > 1 ? argv[1] : "none";

  /* The case is ours, not GTest's. */
  if (argc > 1)
    {
      argv[1] = argv[0];
      argc--;
      argv++;
    }

  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANG");
  if (g_str_equal (which, "none"))
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      expect_french = TRUE;
    }
  else if (g_str_equal (which, "en"))
    {
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "en", TRUE);
    }
  else if (g_str_equal (which, "lc-messages-en"))
    {
      g_setenv ("LC_MESSAGES", "en_US.UTF-8", TRUE);
      g_setenv ("LANG", "C.UTF-8", TRUE);
      /* Without the locale gettext would fall back to C, which proves
       * nothing about following LC_MESSAGES. */
      if (setlocale (LC_MESSAGES, "en_US.UTF-8") == NULL)
        skip_reason = "the locale en_US.UTF-8 is not installed";
    }
  else
    g_error ("unknown case “%s” (none, en, lc-messages-en)", which);

  app = izp_ui_test_init_as_main (&argc, &argv);

  g_test_add_func ("/language/welcome", test_welcome);
  g_test_add_func ("/language/demo-dashboard", test_demo_dashboard);

  return g_test_run ();
}
