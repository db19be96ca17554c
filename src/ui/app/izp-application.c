/* izp-application.c — the application: actions, options, windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-account-manager.h"
#include "izp-application.h"
#include "izp-preferences-window.h"
#include "izp-window.h"

struct _IzpApplication
{
  AdwApplication  parent_instance;

  GSettings         *settings;
  /* The account, shared by the windows; it outlives each of them. */
  IzpAccountManager *account_manager;
  gboolean           demo;
};

G_DEFINE_FINAL_TYPE (IzpApplication, izp_application, ADW_TYPE_APPLICATION)

IzpApplication *
izp_application_new (void)
{
  return g_object_new (IZP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/fr/izyinbox/Partner",
                       NULL);
}

GSettings *
izp_application_get_settings (IzpApplication *self)
{
  g_return_val_if_fail (IZP_IS_APPLICATION (self), NULL);

  return self->settings;
}

IzpAccountManager *
izp_application_get_account_manager (IzpApplication *self)
{
  g_return_val_if_fail (IZP_IS_APPLICATION (self), NULL);

  return self->account_manager;
}

gboolean
izp_application_get_demo (IzpApplication *self)
{
  g_return_val_if_fail (IZP_IS_APPLICATION (self), FALSE);

  return self->demo;
}

static int
izp_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  IzpApplication *self = IZP_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "izyinbox-partner", PACKAGE_VERSION);
      return 0;
    }

  self->demo = g_variant_dict_contains (options, "demo");

  return -1;
}

/* scripts/bench measures the time to the first painted frame that shows
 * the dashboard with its data (or the welcome page): with
 * IZP_BENCH_FIRST_FRAME set, say when it is painted, then quit. */
static void
on_frame_painted (GdkFrameClock *clock,
                  IzpWindow     *window)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));

  if (!izp_window_is_ready (window))
    return;

  g_signal_handlers_disconnect_by_func (clock, on_frame_painted, window);
  g_print ("first-frame\n");
  g_application_quit (application);
}

static void
on_window_realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_frame_painted), window);
}

static void
izp_application_activate (GApplication *application)
{
  IzpApplication *self = IZP_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (izp_window_new (self));
      if (g_getenv ("IZP_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect (window, "realize", G_CALLBACK (on_window_realize), NULL);
    }

  gtk_window_present (window);
}

static void
izp_application_startup (GApplication *application)
{
  IzpApplication *self = IZP_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (izp_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);
  self->account_manager = izp_account_manager_new (self->settings, NULL);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
}

/* With its last window the account's work stops too; the next window
 * starts it again, as a new run of the app would. */
static void
izp_application_window_removed (GtkApplication *application,
                                GtkWindow      *window)
{
  IzpApplication *self = IZP_APPLICATION (application);

  GTK_APPLICATION_CLASS (izp_application_parent_class)->window_removed (application, window);

  if (gtk_application_get_windows (application) == NULL && self->account_manager != NULL)
    izp_account_manager_stop (self->account_manager);
}

static void
show_about (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  IzpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "L'équipe IzyInbox", NULL };

  adw_show_about_window (parent,
                         "application-name", APP_NAME,
                         "application-icon", APP_ID,
                         "developer-name", "IzyInbox",
                         "version", PACKAGE_VERSION,
                         "website", "https://www.izyinbox.fr/partenaires",
                         "support-url", "mailto:partners@izyinbox.fr",
                         "issue-url", "https://www.izyinbox.fr/partenaires/support",
                         "comments", _("Follow your referrals, share tracked links and check "
                                       "the commissions IzyInbox owes your firm, to the cent."),
                         "copyright", "© 2026 IzyInbox",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
show_preferences (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  IzpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  IzpPreferencesWindow *preferences = izp_preferences_window_new (self->settings);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
quit (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       user_data)
{
  IzpApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing the windows lets each save its state and cancel its work. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static const GActionEntry app_actions[] = {
  { "about", show_about },
  { "preferences", show_preferences },
  { "quit", quit },
};

static void
izp_application_dispose (GObject *object)
{
  IzpApplication *self = IZP_APPLICATION (object);

  g_clear_object (&self->account_manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (izp_application_parent_class)->dispose (object);
}

static void
izp_application_class_init (IzpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = izp_application_dispose;

  app_class->activate = izp_application_activate;
  app_class->startup = izp_application_startup;
  app_class->handle_local_options = izp_application_handle_local_options;
  gtk_app_class->window_removed = izp_application_window_removed;
}

static void
izp_application_init (IzpApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the built-in demo account"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Follow your IzyInbox referrals and commissions."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
}
