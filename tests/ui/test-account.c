/* test-account.c — sign-in, demo, sync status, offline and sign-out in the
 * real window
 *
 * A sandbox server runs in-process on loopback; the keyring is the real
 * gnome-keyring-daemon of the test's private D-Bus session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-credentials.h"
#include "izp-dashboard-page.h"
#include "izp-sandbox-server.h"
#include "izp-ui-test.h"
#include "izp-welcome-page.h"
#include "izp-window.h"

static IzpApplication *app;
static IzpSandboxServer *server;
static char *server_url;   /* kept: the server is stopped half-way */

static IzpWelcomePage *
get_welcome (IzpWindow *window)
{
  return IZP_WELCOME_PAGE (izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_WELCOME_PAGE));
}

static void
type_into (IzpWindow  *window,
           const char *field,
           const char *text)
{
  GtkWidget *row = izp_ui_test_find_by_name (GTK_WIDGET (window), field);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
has_error (gpointer window)
{
  return izp_welcome_page_get_error (get_welcome (window)) != NULL;
}

static gboolean
is_offline (gpointer window)
{
  return izp_window_get_offline (window) && izp_ui_test_is_idle (window);
}

static void
on_lookup_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
is_syncing (gpointer window)
{
  IzpSession *session = izp_window_get_session (window);

  return session != NULL && izp_session_get_syncing (session);
}

static gboolean
dashboard_has_data (gpointer window)
{
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);

  return izp_dashboard_page_has_data (IZP_DASHBOARD_PAGE (page));
}

static char *
lookup_token (const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  izp_credentials_lookup_async (server_url, email, NULL,
                                on_lookup_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  return token;
}

static void
sign_in (IzpWindow  *window,
         const char *password)
{
  type_into (window, "server", server_url);
  type_into (window, "email", "demo@izyinbox.fr");
  type_into (window, "password", password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_welcome (window)), "welcome.sign-in", NULL));
}

static void
test_first_run (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  IzpWelcomePage *welcome = get_welcome (window);
  GtkWidget *sign_in_button = izp_ui_test_find_by_name (GTK_WIDGET (welcome), "sign-in");
  g_autofree char *path = NULL;

  /* No account yet: the welcome page, and nothing to sign in with. */
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  g_assert_null (izp_window_get_session (window));
  g_assert_false (gtk_widget_get_sensitive (sign_in_button));

  /* A malformed address keeps the button off and is flagged at the field. */
  type_into (window, "email", "marie.cabinet-dupont.fr");
  type_into (window, "password", "secret");
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_has_css_class (izp_ui_test_find_by_name (GTK_WIDGET (window), "email"), "error"));
  g_assert_false (gtk_widget_get_sensitive (sign_in_button));

  type_into (window, "email", "marie@cabinet-dupont.fr");
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_widget_get_sensitive (sign_in_button));
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "welcome-wide");
  izp_ui_test_close_window (window);

  window = izp_ui_test_open_window (app, 360, 720);
  g_clear_pointer (&path, g_free);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "welcome-narrow");
  izp_ui_test_close_window (window);
}

static void
test_wrong_password (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  g_autofree char *path = NULL;

  sign_in (window, "not-the-password");
  g_assert_true (izp_ui_test_wait_until (has_error, window, 30));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* Said in French, at the form; nothing signed in, nothing stored. */
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  g_assert_nonnull (strstr (izp_welcome_page_get_error (get_welcome (window)), "mot de passe"));
  g_assert_null (izp_window_get_session (window));
  g_assert_null (lookup_token ("demo@izyinbox.fr"));
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "welcome-wrong-password");
  izp_ui_test_close_window (window);
}

static void
test_sign_in_sync_offline_and_back (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;

  sign_in (window, "demo");
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 60));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  /* Signed in: the sections, the account remembered, the refresh token in
   * the keyring, and the status says when it last synchronized. */
  g_assert_cmpstr (izp_window_get_page (window), ==, "sections");
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisé aujourd’hui à "));
  g_assert_false (izp_window_get_offline (window));
  {
    g_autofree char *email = g_settings_get_string (settings, "account-email");

    g_assert_cmpstr (email, ==, "demo@izyinbox.fr");
  }
  token = lookup_token ("demo@izyinbox.fr");
  g_assert_nonnull (token);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "signed-in-dashboard");

  izp_ui_test_close_window (window);

  /* Back the next day, the server slow to answer: the local data shows at
   * once, while the sync on start runs. */
  izp_sandbox_server_set_faults (server, 1.0, IZP_SANDBOX_FAULT_SLOW, 1);
  window = izp_ui_test_open_window (app, 1100, 760);
  g_assert_true (izp_ui_test_wait_until (is_syncing, window, 30));
  g_assert_true (izp_ui_test_wait_until (dashboard_has_data, window, 30));
  g_assert_true (is_syncing (window));
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisation"));
  izp_sandbox_server_set_faults (server, 0.0, 0, 0);
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 90));

  /* The server goes away: a manual sync says so, the data stays. */
  izp_sandbox_server_stop (server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (is_offline, window, 90));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Hors ligne — Synchronisé aujourd’hui"));
  g_clear_pointer (&path, g_free);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "offline-dashboard");
  status = g_strdup (izp_window_get_status (window));
  izp_ui_test_close_window (window);

  /* Quit and come back, still offline: signed in again from the keyring,
   * everything still there. */
  window = izp_ui_test_open_window (app, 1100, 760);
  g_assert_true (izp_ui_test_wait_until (is_offline, window, 90));
  g_assert_cmpstr (izp_window_get_page (window), ==, "sections");
  g_assert_cmpstr (izp_window_get_status (window), ==, status);
  izp_ui_test_close_window (window);
}

static void
on_dialog_added (GListModel *toplevels,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gpointer    user_data)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel))
        *(AdwMessageDialog **) user_data = ADW_MESSAGE_DIALOG (toplevel);
    }
}

static gboolean
has_dialog (gpointer data)
{
  return *(AdwMessageDialog **) data != NULL;
}

static void
test_sign_out (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window;
  AdwMessageDialog *dialog = NULL;
  gulong handler;
  g_autofree char *token = NULL;
  g_autofree char *path = NULL;

  /* Signed in from the previous test: the keyring has the token. */
  window = izp_ui_test_open_window (app, 1100, 760);
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 90));

  handler = g_signal_connect (gtk_window_get_toplevels (), "items-changed",
                              G_CALLBACK (on_dialog_added), &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (izp_ui_test_wait_until (has_dialog, &dialog, 10));
  g_signal_handler_disconnect (gtk_window_get_toplevels (), handler);
  izp_ui_test_wait_for_frames (GTK_WIDGET (dialog), 2);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (dialog), "sign-out-dialog");

  adw_message_dialog_response (dialog, "sign-out");
  gtk_window_destroy (GTK_WINDOW (dialog));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);

  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  g_assert_null (izp_window_get_session (window));
  {
    g_autofree char *email = g_settings_get_string (settings, "account-email");

    g_assert_cmpstr (email, ==, "");
  }
  /* The sign-out's keyring work finishes in the background. */
  for (guint i = 0; i < 200 && (token = lookup_token ("demo@izyinbox.fr")) != NULL; i++)
    {
      g_clear_pointer (&token, g_free);
      izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
    }
  g_assert_null (token);
  izp_ui_test_close_window (window);
}

static void
test_demo (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  AdwWindowTitle *title;
  g_autofree char *path = NULL;

  izp_ui_test_open_demo (window);

  title = ADW_WINDOW_TITLE (izp_ui_test_find_by_name (GTK_WIDGET (window), "sidebar-title"));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), !=, "");
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisé aujourd’hui à "));
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "demo-dashboard");
  izp_ui_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  IzpSandboxOptions options;
  int status;

  app = izp_ui_test_init (&argc, &argv);

  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  options.n_clients = 30;
  server = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (server, &error));
  server_url = g_strdup (izp_sandbox_server_get_base_url (server));

  g_test_add_func ("/account/first-run", test_first_run);
  g_test_add_func ("/account/wrong-password", test_wrong_password);
  g_test_add_func ("/account/sign-in-sync-offline-and-back", test_sign_in_sync_offline_and_back);
  g_test_add_func ("/account/sign-out", test_sign_out);
  g_test_add_func ("/account/demo", test_demo);

  status = g_test_run ();
  g_clear_object (&server);
  g_free (server_url);
  g_object_unref (app);
  return status;
}
