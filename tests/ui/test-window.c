/* test-window.c — the real main window under Xvfb
 *
 * Opens the window as a French user sees it, switches to every section
 * through its action, checks the visible title, and saves a PNG of each
 * section (wide, narrow, dark) in $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-dashboard-page.h"
#include "izp-links-page.h"
#include "izp-ui-test.h"
#include "izp-window.h"

static IzpApplication *app;

typedef struct
{
  const char *name;
  const char *title;   /* as a French user reads it */
} Section;

static const Section sections[] = {
  { "dashboard", "Tableau de bord" },
  { "links", "Liens" },
  { "templates", "Modèles d’e-mails" },
  { "signature", "Signature" },
  { "commissions", "Commissions" },
};

static gboolean
dashboard_has_commissions (gpointer window)
{
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);

  return izp_dashboard_page_has_commissions (IZP_DASHBOARD_PAGE (page));
}

static IzpWindow *
open_demo_window (int width,
                  int height)
{
  IzpWindow *window = izp_ui_test_open_window (app, width, height);

  /* The sections come alive with the built-in demo account; the
   * dashboard's commission figures come second. */
  izp_ui_test_open_demo (window);
  g_assert_true (izp_ui_test_wait_until (dashboard_has_commissions, window, 30));

  return window;
}

static void
visit_sections (IzpWindow  *window,
                const char *variant)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_autofree char *shot_name = g_strdup_printf ("%s-%s", sections[i].name, variant);
      g_autofree char *path = NULL;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section",
                                                 "s", sections[i].name));
      izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

      g_assert_cmpstr (izp_window_get_section (window), ==, sections[i].name);
      g_assert_cmpstr (izp_window_get_section_title (window), ==, sections[i].title);

      path = izp_ui_test_save_screenshot (GTK_WIDGET (window), shot_name);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

/* The dashboard's middle (alerts, pipeline) and end (tier, badges,
 * support) in screenshots. */
static void
show_dashboard_end (IzpWindow  *window,
                    const char *name)
{
  GtkWidget *dashboard = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);
  GtkWidget *scrolled = izp_ui_test_find_by_name (dashboard, "dashboard-scroller");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_autofree char *path = NULL;
  g_autofree char *bottom = g_strconcat (name, "-bottom", NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.4);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), name);
  g_clear_pointer (&path, g_free);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), bottom);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_sections_wide (void)
{
  IzpWindow *window = open_demo_window (1100, 760);
  GtkWidget *leaflet = izp_ui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET);

  GtkWidget *dashboard = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);
  GtkWidget *links;

  /* The dashboard shows the account through its own "session" property,
   * the one the application's account manager holds. */
  g_assert_nonnull (izp_window_get_session (window));
  g_assert_true (izp_dashboard_page_get_session (IZP_DASHBOARD_PAGE (dashboard)) ==
                 izp_account_manager_get_session (izp_application_get_account_manager (app)));
  g_assert_true (izp_dashboard_page_get_session (IZP_DASHBOARD_PAGE (dashboard)) == izp_window_get_session (window));
  g_assert_true (izp_dashboard_page_is_loaded (IZP_DASHBOARD_PAGE (dashboard)));

  /* A section is built when first shown (here, Liens has not been), and
   * follows the account from then on. */
  g_assert_null (izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_LINKS_PAGE));

  /* Wide: the sidebar and the section side by side. */
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  visit_sections (window, "wide");
  links = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_LINKS_PAGE);
  g_assert_nonnull (links);
  g_assert_true (izp_links_page_get_session (IZP_LINKS_PAGE (links)) == izp_window_get_session (window));
  show_dashboard_end (window, "dashboard-end-wide");
  izp_ui_test_close_window (window);
}

static void
test_sections_narrow (void)
{
  IzpWindow *window = open_demo_window (360, 720);
  GtkWidget *leaflet = izp_ui_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_LEAFLET);
  g_autofree char *path = NULL;

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  /* Narrow: the sidebar and the section take turns, with a back button. */
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "sidebar-narrow");
  visit_sections (window, "narrow");
  show_dashboard_end (window, "dashboard-end-narrow");
  izp_ui_test_close_window (window);
}

static void
test_sections_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_demo_window (1100, 760);
  g_assert_true (adw_style_manager_get_dark (style));
  visit_sections (window, "dark");
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* Finds the window's shortcut with this trigger and runs it, as pressing the
 * keys would. */
static gboolean
activate_shortcut (GtkWidget  *widget,
                   const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (trigger, accelerator))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }

  return FALSE;
}

static void
test_shortcuts (void)
{
  IzpWindow *window = open_demo_window (1100, 760);

  /* Ctrl+3 goes to the templates, as the shortcuts window says. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (activate_shortcut (GTK_WIDGET (window), "<Control>3"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_cmpstr (izp_window_get_section (window), ==, "templates");

  /* An unknown section is refused and changes nothing. */
  g_test_expect_message ("izp-ui", G_LOG_LEVEL_WARNING, "*No section named*");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "nowhere");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (izp_window_get_section (window), ==, "templates");

  izp_ui_test_close_window (window);
}

static void
test_state_remembered (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window = open_demo_window (900, 640);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "commissions"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpint (g_settings_get_enum (settings, "last-section"), ==, 4);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  /* A new window opens where the last one was left. */
  window = izp_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  izp_ui_test_open_demo (window);
  g_assert_cmpstr (izp_window_get_section (window), ==, "commissions");
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  izp_ui_test_close_window (window);
}

static void
test_about_and_preferences (void)
{
  IzpWindow *window = open_demo_window (1100, 760);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint before = g_list_model_get_n_items (toplevels);
  g_autofree char *path = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        {
          g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (toplevel)), ==, PACKAGE_VERSION);
          g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (toplevel)), ==, "IzyInbox Partenaires");
          izp_ui_test_wait_for_frames (GTK_WIDGET (toplevel), 2);
          path = izp_ui_test_save_screenshot (GTK_WIDGET (toplevel), "about");
          gtk_window_destroy (toplevel);
          break;
        }
    }
  g_assert_nonnull (path);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_clear_pointer (&path, g_free);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel))
        {
          g_assert_true (gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window));
          izp_ui_test_wait_for_frames (GTK_WIDGET (toplevel), 2);
          path = izp_ui_test_save_screenshot (GTK_WIDGET (toplevel), "shortcuts");
          gtk_window_destroy (toplevel);
          break;
        }
    }
  g_assert_nonnull (path);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (toplevel))
        {
          g_clear_pointer (&path, g_free);
          izp_ui_test_wait_for_frames (GTK_WIDGET (toplevel), 2);
          path = izp_ui_test_save_screenshot (GTK_WIDGET (toplevel), "preferences");
          gtk_window_destroy (toplevel);
          break;
        }
    }
  g_assert_nonnull (path);

  izp_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  app = izp_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/sections/wide", test_sections_wide);
  g_test_add_func ("/window/sections/narrow", test_sections_narrow);
  g_test_add_func ("/window/sections/dark", test_sections_dark);
  g_test_add_func ("/window/shortcuts", test_shortcuts);
  g_test_add_func ("/window/state-remembered", test_state_remembered);
  g_test_add_func ("/window/about-and-preferences", test_about_and_preferences);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
