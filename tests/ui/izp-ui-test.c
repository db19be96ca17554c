/* izp-ui-test.c — helpers shared by the UI tests
 *
 * The tests run the real application and windows under Xvfb (see
 * tests/wrappers/with-display) and save what they show as PNG files in
 * $G_TEST_BUILDDIR/screenshots so that a person can look at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "izp-i18n.h"
#include "izp-ui-test.h"

/* The locale as main() sets it, from the environment as it is now, with
 * this build's translations. */
IzpApplication *
izp_ui_test_init_as_main (int    *argc,
                          char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);
  IzpApplication *app;

  g_setenv ("IZP_LOCALEDIR", localedir, TRUE);
  izp_i18n_init (LOCALEDIR);
  gtk_disable_setlocale ();

  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();

  /* As on a stock GNOME desktop; and no animations, so that a screenshot
   * never catches a transition half-way. */
  g_object_set (gtk_settings_get_default (),
                "gtk-decoration-layout", "appmenu:close",
                "gtk-enable-animations", FALSE,
                NULL);

  app = izp_application_new ();
  /* Tests run side by side: never talk to another instance. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

/* The windows as a French user sees them. */
IzpApplication *
izp_ui_test_init (int    *argc,
                  char ***argv)
{
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
  return izp_ui_test_init_as_main (argc, argv);
}

static void
on_after_paint (GdkFrameClock *clock,
                guint         *remaining)
{
  if (*remaining > 0)
    (*remaining)--;
}

/* Lets GTK lay out and paint @n_frames frames, so what is asserted is what
 * a user would see. */
void
izp_ui_test_wait_for_frames (GtkWidget *widget,
                             guint      n_frames)
{
  GdkFrameClock *clock;
  gulong handler;
  guint remaining = n_frames;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_test_widget_wait_for_draw (widget);
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &remaining);
  while (remaining > 0 && g_get_monotonic_time () < deadline)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);

  /* Let idle work (bindings, settings) settle. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/**
 * izp_ui_test_save_screenshot:
 * @widget: a realized widget (usually the window)
 * @name: the file's base name, without `.png`
 *
 * Returns: the path of the PNG that was written
 */
char *
izp_ui_test_save_screenshot (GtkWidget  *widget,
                             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  char *path;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshots", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);

  return path;
}

GtkWidget *
izp_ui_test_find_by_type (GtkWidget *root,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = izp_ui_test_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* By widget name (the `name` property set in the .ui file). */
GtkWidget *
izp_ui_test_find_by_name (GtkWidget  *root,
                          const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = izp_ui_test_find_by_name (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Runs the main loop until @condition holds, as a user would wait for the
 * app; returns FALSE after @timeout_seconds. */
gboolean
izp_ui_test_wait_until (gboolean (*condition) (gpointer data),
                        gpointer   data,
                        guint      timeout_seconds)
{
  gint64 deadline = g_get_monotonic_time () + timeout_seconds * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

/* Signed in (or in the demo), showing the sections, and not syncing. */
gboolean
izp_ui_test_is_idle (gpointer window)
{
  IzpSession *session = izp_window_get_session (window);

  return session != NULL &&
         g_strcmp0 (izp_window_get_page (window), "sections") == 0 &&
         !izp_session_get_syncing (session) &&
         !g_str_has_prefix (izp_window_get_status (window), "Synchronisation");
}

/* "Explore the demo" from the welcome page, through its action, and waits
 * for the first synchronization to end. */
void
izp_ui_test_open_demo (IzpWindow *window)
{
  GtkWidget *welcome = izp_ui_test_find_by_type (GTK_WIDGET (window), g_type_from_name ("IzpWelcomePage"));

  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  g_assert_nonnull (welcome);
  g_assert_true (gtk_widget_activate_action (welcome, "welcome.explore-demo", NULL));
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 60));
  /* Let the counts read after the sync reach the screen. */
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
}

IzpWindow *
izp_ui_test_open_window (IzpApplication *app,
                         int             width,
                         int             height)
{
  IzpWindow *window = izp_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  return window;
}

void
izp_ui_test_close_window (IzpWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
