/* test-account.c — sign-in, demo, sync status, offline and sign-out in the
 * real window; the account's lifecycle through the application's
 * IzpAccountManager: cancelling a sync, signing out during one, results
 * of a session that was left, deleting the local data, switching between
 * the demo and an account, periodic syncs
 *
 * A sandbox server runs in-process on loopback; the keyring is the real
 * gnome-keyring-daemon of the test's private D-Bus session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "izp-account-manager.h"
#include "izp-commissions-page.h"
#include "izp-credentials.h"
#include "izp-dashboard-page.h"
#include "izp-format.h"
#include "izp-links.h"
#include "izp-links-page.h"
#include "izp-sandbox-server.h"
#include "izp-store.h"
#include "izp-ui-test.h"
#include "izp-welcome-page.h"
#include "izp-window.h"

static IzpApplication *app;
static IzpSandboxServer *server;
static char *server_url;   /* kept: the server is stopped half-way */
/* The lifecycle tests' own server, never stopped; its "slow" fault holds
 * each reply long enough to act while a sync runs. */
static IzpSandboxServer *live;
static char *live_url;

#define LIVE_CLIENTS 30

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
lookup_token_at (const char *url,
                 const char *email)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *token;

  izp_credentials_lookup_async (url, email, NULL,
                                on_lookup_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  token = izp_credentials_lookup_finish (result, &error);
  g_assert_no_error (error);
  return token;
}

static char *
lookup_token (const char *email)
{
  return lookup_token_at (server_url, email);
}

static void
sign_in_to (IzpWindow  *window,
            const char *url,
            const char *password)
{
  type_into (window, "server", url);
  type_into (window, "email", "demo@izyinbox.fr");
  type_into (window, "password", password);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (get_welcome (window)), "welcome.sign-in", NULL));
}

static void
sign_in (IzpWindow  *window,
         const char *password)
{
  sign_in_to (window, server_url, password);
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

/* --- The account's lifecycle ------------------------------------------ */

static IzpAccountManager *
get_manager (void)
{
  return izp_application_get_account_manager (app);
}

static gboolean
manager_is_syncing (gpointer data)
{
  return izp_account_manager_get_syncing (get_manager ());
}

static gboolean
manager_is_not_syncing (gpointer data)
{
  return !izp_account_manager_get_syncing (get_manager ());
}

static gboolean
progress_shows (gpointer data)
{
  return izp_account_manager_get_sync_progress (get_manager ()) > 0.0;
}

/* Signed out for good: no session, nothing in progress. */
static gboolean
is_signed_out (gpointer data)
{
  return izp_account_manager_get_session (get_manager ()) == NULL &&
         !izp_account_manager_get_busy (get_manager ());
}

static void
wait_seconds (IzpWindow *window,
              guint      seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
}

static gboolean
manager_is_signed_in (gpointer data)
{
  return izp_account_manager_get_signed_in (get_manager ());
}

static void
set_slow (gboolean slow)
{
  izp_sandbox_server_set_faults (live, slow ? 1.0 : 0.0, slow ? IZP_SANDBOX_FAULT_SLOW : 0, 1);
}

/* The welcome page, signed in to the live server, first sync done. */
static IzpWindow *
open_live_account (int width,
                   int height)
{
  IzpWindow *window = izp_ui_test_open_window (app, width, height);

  if (izp_window_get_session (window) == NULL)
    sign_in_to (window, live_url, "demo");
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 60));
  g_assert_false (izp_account_manager_get_is_demo (get_manager ()));
  return window;
}

static void
on_sign_out_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Signs out through the manager and waits until it is all done. */
static void
sign_out_and_wait (gboolean delete_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  izp_account_manager_sign_out_async (get_manager (), delete_data, on_sign_out_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (izp_account_manager_sign_out_finish (get_manager (), result, &error));
  g_assert_no_error (error);
}

static gboolean
widget_is_shown (IzpWindow  *window,
                 const char *name)
{
  GtkWidget *widget = izp_ui_test_find_by_name (GTK_WIDGET (window), name);

  g_assert_nonnull (widget);
  return gtk_widget_is_visible (widget);
}

/* A sync under way, "Cancel" beside its progress: saves the window. */
static void
shoot_sync_in_progress (IzpWindow  *window,
                        const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  /* Something new to bring, so that the progress moves. */
  g_assert_true (izp_sandbox_server_touch (live, "clients", "cli_0001", &error));
  g_assert_no_error (error);
  set_slow (TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (progress_shows, NULL, 30));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_true (widget_is_shown (window, "sync-progress"));
  g_assert_true (widget_is_shown (window, "cancel-sync"));
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisation"));
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), name);
}

/* "Cancel" from the sidebar's foot, as a click would. */
static void
click_cancel (IzpWindow *window)
{
  GtkWidget *button = izp_ui_test_find_by_name (GTK_WIDGET (window), "cancel-sync");

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Annuler");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (izp_ui_test_wait_until (manager_is_not_syncing, NULL, 10));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* Idle again: no progress, no "Cancel", the status of the last sync. */
  g_assert_false (widget_is_shown (window, "sync-progress"));
  g_assert_false (widget_is_shown (window, "cancel-sync"));
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisé aujourd’hui à "));
  g_assert_false (izp_window_get_offline (window));
  g_assert_true (izp_account_manager_get_signed_in (get_manager ()));
  g_assert_cmpstr (izp_window_get_page (window), ==, "sections");
  set_slow (FALSE);
}

static void
count_sign_in_needed (IzpAccountManager *manager,
                      const char        *message,
                      guint             *count)
{
  (*count)++;
}

static void
count_messages (IzpAccountManager *manager,
                const char        *message,
                GPtrArray         *messages)
{
  g_ptr_array_add (messages, g_strdup (message));
}

static void
count_data_changes (guint *n_changes)
{
  (*n_changes)++;
}

static gboolean
has_message (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

static void
test_cancel_sync (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window = open_live_account (1100, 760);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  guint n_changes = 0;
  gulong handler, changed_handler;

  shoot_sync_in_progress (window, "sync-cancel-wide");
  click_cancel (window);
  izp_ui_test_close_window (window);

  /* Narrow, the sidebar shown: the same foot fits 360 pixels. */
  window = open_live_account (360, 720);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  shoot_sync_in_progress (window, "sync-cancel-narrow");
  click_cancel (window);
  izp_ui_test_close_window (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = open_live_account (1100, 760);
  shoot_sync_in_progress (window, "sync-cancel-dark");
  click_cancel (window);

  /* After a cancelled sync, the next one runs to its end, and says that
   * the data changed so that the pages read it again. */
  set_slow (FALSE);
  handler = g_signal_connect (get_manager (), "message", G_CALLBACK (count_messages), messages);
  changed_handler = g_signal_connect_swapped (get_manager (), "data-changed",
                                              G_CALLBACK (count_data_changes), &n_changes);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (manager_is_syncing, NULL, 10));
  g_assert_true (izp_ui_test_wait_until (has_message, messages, 60));
  g_signal_handler_disconnect (get_manager (), handler);
  g_signal_handler_disconnect (get_manager (), changed_handler);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, "Synchronisation terminée");
  g_assert_cmpuint (n_changes, >=, 1);
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 10));
  g_assert_true (dashboard_has_data (window));
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* No descriptor of this process still opens @path: SQLite closed it. */
static gboolean
file_is_open (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (link, NULL);

      if (target != NULL && g_str_has_prefix (target, path))
        return TRUE;
    }
  return FALSE;
}

static void
assert_store_closed (IzpStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 counts[IZP_N_COLLECTIONS];

  g_assert_false (izp_store_get_counts (store, counts, &error));
  g_assert_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED);
}

static void
test_sign_out_during_sync (void)
{
  IzpWindow *window = open_live_account (1100, 760);
  g_autoptr(IzpSession) left = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  guint sign_in_needed = 0;
  guint before;
  gulong handler;

  /* A sync held by the server, well under way (a page stored), with many
   * slow requests still to make. */
  g_assert_true (izp_sandbox_server_touch (live, "clients", "cli_0002", &error));
  g_assert_no_error (error);
  set_slow (TRUE);
  left = g_object_ref (izp_window_get_session (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (progress_shows, NULL, 30));

  /* Signing out cancels it and waits for it: when the sign-out is done,
   * the sync is over, it asked nothing more of the server than the one
   * request on its way (and the sign-out its revocation), and the store
   * is closed. */
  before = izp_sandbox_server_count_requests (live, NULL, NULL);
  sign_out_and_wait (FALSE);
  g_assert_false (izp_session_get_syncing (left));
  g_assert_cmpuint (izp_sandbox_server_count_requests (live, NULL, NULL) - before, <=, 2);
  assert_store_closed (izp_session_get_store (left));
  g_assert_false (file_is_open (izp_store_get_path (izp_session_get_store (left))));
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  token = lookup_token_at (live_url, "demo@izyinbox.fr");
  g_assert_null (token);

  /* The demo now; nothing of the account left behind reaches it. */
  handler = g_signal_connect (get_manager (), "sign-in-needed",
                              G_CALLBACK (count_sign_in_needed), &sign_in_needed);
  izp_ui_test_open_demo (window);
  set_slow (FALSE);
  wait_seconds (window, 3);
  g_signal_handler_disconnect (get_manager (), handler);
  g_assert_cmpuint (sign_in_needed, ==, 0);
  g_assert_true (izp_account_manager_get_is_demo (get_manager ()));
  g_assert_true (izp_account_manager_get_signed_in (get_manager ()));
  g_assert_cmpstr (izp_window_get_page (window), ==, "sections");
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisé aujourd’hui à "));

  sign_out_and_wait (FALSE);
  izp_ui_test_close_window (window);
}

static void
test_late_result_of_left_session (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window = open_live_account (1100, 760);
  g_autoptr(IzpSession) left = NULL;
  IzpSession *current;
  guint sign_in_needed = 0;
  gulong handler;

  /* No sync of its own for the next session: only the old one's result
   * could change anything. */
  g_settings_set_boolean (settings, "sync-on-start", FALSE);

  /* The window closes while a sync whose answer will be "sign in again"
   * is held by the server; a new window opens the same account at once. */
  set_slow (TRUE);
  izp_sandbox_server_revoke_tokens (live);
  left = g_object_ref (izp_window_get_session (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  g_assert_true (izp_ui_test_wait_until (manager_is_syncing, NULL, 10));
  izp_ui_test_close_window (window);

  window = izp_ui_test_open_window (app, 1100, 760);
  current = izp_window_get_session (window);
  g_assert_nonnull (current);
  g_assert_true (current != left);
  handler = g_signal_connect (get_manager (), "sign-in-needed",
                              G_CALLBACK (count_sign_in_needed), &sign_in_needed);
  g_assert_true (izp_ui_test_wait_until (manager_is_signed_in, NULL, 30));

  /* The old sync ends after the new session started… */
  while (izp_session_get_syncing (left))
    izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);
  for (guint i = 0; i < 20; i++)
    izp_ui_test_wait_for_frames (GTK_WIDGET (window), 1);

  /* …and leaves it alone: still current, signed in, on its sections. */
  g_signal_handler_disconnect (get_manager (), handler);
  g_assert_cmpuint (sign_in_needed, ==, 0);
  g_assert_true (izp_window_get_session (window) == current);
  g_assert_true (izp_session_get_signed_in (current));
  g_assert_cmpstr (izp_window_get_page (window), ==, "sections");
  g_assert_true (dashboard_has_data (window));
  assert_store_closed (izp_session_get_store (left));

  set_slow (FALSE);
  g_settings_reset (settings, "sync-on-start");
  /* Its sign-in was revoked: out, the next test signs in again. */
  sign_out_and_wait (FALSE);
  izp_ui_test_close_window (window);
}

static gboolean
files_gone (gpointer data)
{
  const char *path = data;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *folder = g_path_get_dirname (path);

  return !g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (wal, G_FILE_TEST_EXISTS) &&
         !g_file_test (shm, G_FILE_TEST_EXISTS) && !g_file_test (folder, G_FILE_TEST_EXISTS);
}

static void
test_sign_out_and_delete (void)
{
  IzpWindow *window = open_live_account (1100, 760);
  g_autoptr(IzpStore) store = g_object_ref (izp_session_get_store (izp_window_get_session (window)));
  g_autofree char *path = g_strdup (izp_store_get_path (store));
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  AdwMessageDialog *dialog = NULL;
  gulong handler;

  /* The store is there, open, in WAL mode. */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_true (file_is_open (path));

  handler = g_signal_connect (gtk_window_get_toplevels (), "items-changed",
                              G_CALLBACK (on_dialog_added), &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (izp_ui_test_wait_until (has_dialog, &dialog, 10));
  g_signal_handler_disconnect (gtk_window_get_toplevels (), handler);
  adw_message_dialog_response (dialog, "sign-out-delete");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (izp_ui_test_wait_until (is_signed_out, NULL, 30));
  /* The files, the account's folder: gone, and the store was closed
   * first — no descriptor of this process still points at them. */
  g_assert_true (files_gone (path));
  assert_store_closed (store);
  g_assert_false (file_is_open (path));
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  izp_ui_test_close_window (window);
}

static gboolean
dashboard_is_loaded (gpointer window)
{
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_DASHBOARD_PAGE);

  return izp_dashboard_page_is_loaded (IZP_DASHBOARD_PAGE (page)) &&
         izp_dashboard_page_has_commissions (IZP_DASHBOARD_PAGE (page));
}

/* The row under @widget whose title is @title, or NULL. */
static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_titled (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_client (gpointer user_data)
{
  gpointer *args = user_data;
  IzpWindow *window = args[0];
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_COMMISSIONS_PAGE);
  IzpLedgerModel *model;
  guint n_rows;

  if (g_strcmp0 (izp_window_get_section (window), "commissions") != 0 || page == NULL ||
      izp_commissions_page_get_data (IZP_COMMISSIONS_PAGE (page)) == NULL)
    return FALSE;
  model = izp_commissions_page_get_model (IZP_COMMISSIONS_PAGE (page));
  izp_ledger_model_get_rows (model, &n_rows);
  return n_rows == GPOINTER_TO_UINT (args[1]);
}

static gboolean
shows_link (gpointer user_data)
{
  gpointer *args = user_data;
  GtkWidget *page = izp_ui_test_find_by_type (GTK_WIDGET (args[0]), IZP_TYPE_LINKS_PAGE);

  return g_strcmp0 (izp_window_get_section (args[0]), "links") == 0 && page != NULL &&
         g_strcmp0 (izp_links_page_get_open_url (IZP_LINKS_PAGE (page)), args[1]) == 0;
}

/* A client of an alert leads to its commission lines, a lead of the
 * pipeline to the link it came through; then back to the dashboard. */
static void
assert_alerts_lead_somewhere (IzpWindow          *window,
                              const IzpDashboard *expected)
{
  IzpStore *store = izp_session_get_store (izp_window_get_session (window));
  const IzpDashboardClient *client = expected->churn_risk->pdata[0];
  const IzpDashboardLead *lead = NULL;
  GtkWidget *expander = izp_ui_test_find_by_name (GTK_WIDGET (window), "churn-risk");
  GtkWidget *commissions;
  g_autoptr(IzpLinkEntry) link = NULL;
  g_autoptr(GError) error = NULL;
  const IzpLedger *ledger;
  guint n_lines = 0;
  gpointer args[2];

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  g_assert_true (gtk_widget_activate (find_row_titled (expander, client->company)));
  commissions = izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_COMMISSIONS_PAGE);
  g_assert_nonnull (commissions);
  g_assert_true (izp_ui_test_wait_until ((gboolean (*) (gpointer)) izp_commissions_page_get_data,
                                         commissions, 30));
  /* Every line of that client, counted here in the ledger itself. */
  ledger = izp_commission_data_get_ledger (izp_commissions_page_get_data (IZP_COMMISSIONS_PAGE (commissions)));
  for (guint i = 0; i < ledger->lines->len; i++)
    n_lines += g_strcmp0 (g_array_index (ledger->lines, IzpLedgerLine, i).client_id, client->client_id) == 0;
  g_assert_cmpuint (n_lines, >, 0);
  args[0] = window;
  args[1] = GUINT_TO_POINTER (n_lines);
  g_assert_true (izp_ui_test_wait_until (shows_client, args, 30));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_free (izp_ui_test_save_screenshot (GTK_WIDGET (window), "dashboard-client-commissions"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard");
  for (guint i = 0; lead == NULL && i < MIN (expected->trials->len, 12); i++)
    if (((IzpDashboardLead *) expected->trials->pdata[i])->link_id != NULL)
      lead = expected->trials->pdata[i];
  g_assert_nonnull (lead);
  link = izp_links_find (store, lead->link_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  expander = izp_ui_test_find_by_name (GTK_WIDGET (window), "trials");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  g_assert_true (gtk_widget_activate (find_row_titled (expander, lead->company != NULL ? lead->company
                                                                                     : lead->contact)));
  args[1] = (gpointer) izp_link_entry_get_url (link);
  g_assert_true (izp_ui_test_wait_until (shows_link, args, 30));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "dashboard");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), FALSE);
}

/* The figures shown are the `dashboard` command's: the CLI, run on a copy
 * of the account's store (the demo's is not where the CLI looks for an
 * account), prints them as JSON. */
static void
assert_shown_as_command_says (IzpWindow *window)
{
  IzpSession *session = izp_window_get_session (window);
  g_autofree char *cli = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "src", "cli", "izyinbox-partner-cli", NULL);
  g_autofree char *data_dir = g_dir_make_tmp ("izp-ui-cli-XXXXXX", NULL);
  g_autofree char *copy = izp_store_account_path (data_dir, izp_session_get_server (session),
                                                  izp_session_get_email (session));
  g_autofree char *copy_dir = g_path_get_dirname (copy);
  g_autofree char *accounts_dir = g_path_get_dirname (copy_dir);
  g_autofree char *today = izp_date_to_string (izp_date_today_local ());
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *new_clients = NULL;
  g_autofree char *active = NULL;
  g_autofree char *commission = NULL;
  JsonObject *root, *month;

  /* A consistent copy, with what the write-ahead log holds. */
  g_assert_cmpint (g_mkdir_with_parents (copy_dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (izp_store_get_path (izp_session_get_store (session)), &db,
                                    SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "VACUUM INTO ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, copy, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "--data-dir", data_dir,
                              "--server", izp_session_get_server (session), "--email", izp_session_get_email (session),
                              "dashboard", "--today", today, "--format", "json", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  month = json_object_get_object_member (root, "month");
  new_clients = izp_format_count (json_object_get_int_member (month, "new_clients"));
  active = izp_format_count (json_object_get_int_member (month, "active_clients"));
  commission = izp_money_format (json_object_get_int_member (month, "commission_cents"),
                                 json_object_get_string_member (root, "currency"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "new-clients-value"))),
                   ==, new_clients);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "active-clients-value"))),
                   ==, active);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "commission-value"))),
                   ==, commission);
  g_assert_true (izp_store_delete_files (copy, &error));
  g_assert_no_error (error);
  g_rmdir (accounts_dir);
  g_rmdir (data_dir);
}

/* The dashboard shows this account's figures: the same as the core
 * computes from the session's store. */
static void
assert_dashboard_of_store (IzpWindow *window)
{
  IzpStore *store = izp_session_get_store (izp_window_get_session (window));
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpDashboard) expected = NULL;
  g_autofree char *new_clients = NULL;
  g_autofree char *active = NULL;
  g_autofree char *commission = NULL;
  GtkWidget *churn;
  const char *first;

  g_assert_true (izp_ui_test_wait_until (dashboard_is_loaded, window, 30));
  expected = izp_dashboard_load (store, izp_date_today_local (), NULL, &error);
  g_assert_no_error (error);
  new_clients = izp_format_count (expected->month.new_clients);
  active = izp_format_count (expected->month.active_clients);
  commission = izp_money_format (expected->month.commission_cents, expected->currency);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "new-clients-value"))),
                   ==, new_clients);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "active-clients-value"))),
                   ==, active);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (izp_ui_test_find_by_name (GTK_WIDGET (window), "commission-value"))),
                   ==, commission);

  assert_shown_as_command_says (window);

  /* A list's rows are made when it opens, with the same clients. */
  churn = izp_ui_test_find_by_name (GTK_WIDGET (window), "churn-risk");
  g_assert_cmpuint (expected->churn_risk->len, >, 0);
  first = ((IzpDashboardClient *) expected->churn_risk->pdata[0])->company;
  g_assert_null (find_row_titled (churn, first));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (churn), TRUE);
  g_assert_nonnull (find_row_titled (churn, first));
  gtk_widget_grab_focus (find_row_titled (churn, first));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_free (izp_ui_test_save_screenshot (GTK_WIDGET (window), "dashboard-churn-risk-open"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (churn), FALSE);
  assert_alerts_lead_somewhere (window, expected);
}

/* Signed out: nothing of any account in the manager, the window or the
 * dashboard. */
static void
assert_nothing_shown (IzpWindow *window)
{
  IzpAccountManager *manager = get_manager ();
  AdwWindowTitle *title = ADW_WINDOW_TITLE (izp_ui_test_find_by_name (GTK_WIDGET (window), "sidebar-title"));

  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_null (izp_account_manager_get_session (manager));
  g_assert_false (izp_account_manager_get_is_demo (manager));
  g_assert_false (izp_account_manager_get_signed_in (manager));
  g_assert_false (izp_account_manager_get_syncing (manager));
  g_assert_false (izp_account_manager_get_offline (manager));
  g_assert_null (izp_account_manager_get_last_sync (manager));
  g_assert_null (izp_account_manager_get_cabinet (manager));
  g_assert_cmpstr (izp_account_manager_get_status (manager), ==, "");
  g_assert_cmpfloat (izp_account_manager_get_sync_progress (manager), ==, 0.0);
  g_assert_cmpstr (izp_window_get_page (window), ==, "welcome");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "");
  g_assert_false (dashboard_has_data (window));
  g_assert_false (gtk_widget_get_sensitive (izp_ui_test_find_by_name (GTK_WIDGET (window), "cancel-sync")) &&
                  widget_is_shown (window, "cancel-sync"));
}

/* An account's data on screen, and the manager describing it. */
static void
assert_account_shown (IzpWindow  *window,
                      gboolean    demo)
{
  IzpAccountManager *manager = get_manager ();
  AdwWindowTitle *title = ADW_WINDOW_TITLE (izp_ui_test_find_by_name (GTK_WIDGET (window), "sidebar-title"));

  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_true (izp_account_manager_get_session (manager) == izp_window_get_session (window));
  g_assert_cmpint (izp_account_manager_get_is_demo (manager), ==, demo);
  g_assert_true (izp_account_manager_get_signed_in (manager));
  g_assert_nonnull (izp_account_manager_get_last_sync (manager));
  g_assert_nonnull (izp_account_manager_get_cabinet (manager));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, izp_account_manager_get_cabinet (manager));
  g_assert_cmpstr (izp_window_get_status (window), ==, izp_account_manager_get_status (manager));
  g_assert_true (g_str_has_prefix (izp_window_get_status (window), "Synchronisé aujourd’hui à "));
  assert_dashboard_of_store (window);
}

static void
test_demo_account_demo (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  g_autofree char *email = NULL;
  g_autofree char *token = NULL;

  assert_nothing_shown (window);

  izp_ui_test_open_demo (window);
  assert_account_shown (window, TRUE);
  sign_out_and_wait (FALSE);
  assert_nothing_shown (window);

  sign_in_to (window, live_url, "demo");
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 60));
  assert_account_shown (window, FALSE);
  email = g_settings_get_string (settings, "account-email");
  g_assert_cmpstr (email, ==, "demo@izyinbox.fr");
  sign_out_and_wait (FALSE);
  assert_nothing_shown (window);

  izp_ui_test_open_demo (window);
  assert_account_shown (window, TRUE);
  sign_out_and_wait (FALSE);
  assert_nothing_shown (window);

  /* Nothing remembered of the account either. */
  g_clear_pointer (&email, g_free);
  email = g_settings_get_string (settings, "account-email");
  g_assert_cmpstr (email, ==, "");
  token = lookup_token_at (live_url, "demo@izyinbox.fr");
  g_assert_null (token);
  izp_ui_test_close_window (window);
}

static void
count_syncs (IzpAccountManager *manager,
             GParamSpec        *pspec,
             guint             *n_syncs)
{
  if (izp_account_manager_get_syncing (manager))
    (*n_syncs)++;
}

static void
test_periodic_sync (void)
{
  GSettings *settings = izp_application_get_settings (app);
  IzpWindow *window;
  guint n_syncs = 0;
  guint after_off;
  gulong handler;

  /* A minute of one second: "every 2 minutes" is every 2 seconds. */
  izp_account_manager_set_seconds_per_minute (get_manager (), 1);
  g_settings_set_uint (settings, "sync-interval-minutes", 2);
  window = open_live_account (1100, 760);
  handler = g_signal_connect (get_manager (), "notify::syncing", G_CALLBACK (count_syncs), &n_syncs);

  wait_seconds (window, 7);
  g_assert_cmpuint (n_syncs, >=, 2);
  g_assert_cmpuint (n_syncs, <=, 4);

  /* 0 turns it off, at once. */
  g_settings_set_uint (settings, "sync-interval-minutes", 0);
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, window, 30));
  after_off = n_syncs;
  wait_seconds (window, 5);
  g_assert_cmpuint (n_syncs, ==, after_off);

  g_signal_handler_disconnect (get_manager (), handler);
  g_settings_reset (settings, "sync-interval-minutes");
  izp_account_manager_set_seconds_per_minute (get_manager (), 60);
  sign_out_and_wait (FALSE);
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

  options.n_clients = LIVE_CLIENTS;
  options.slow_ms = 1500;
  live = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (live, &error));
  live_url = g_strdup (izp_sandbox_server_get_base_url (live));

  g_test_add_func ("/account/first-run", test_first_run);
  g_test_add_func ("/account/wrong-password", test_wrong_password);
  g_test_add_func ("/account/sign-in-sync-offline-and-back", test_sign_in_sync_offline_and_back);
  g_test_add_func ("/account/sign-out", test_sign_out);
  g_test_add_func ("/account/demo", test_demo);
  g_test_add_func ("/account/cancel-sync", test_cancel_sync);
  g_test_add_func ("/account/sign-out-during-sync", test_sign_out_during_sync);
  g_test_add_func ("/account/late-result-of-left-session", test_late_result_of_left_session);
  g_test_add_func ("/account/sign-out-and-delete", test_sign_out_and_delete);
  g_test_add_func ("/account/demo-account-demo", test_demo_account_demo);
  g_test_add_func ("/account/periodic-sync", test_periodic_sync);

  status = g_test_run ();
  g_clear_object (&server);
  g_clear_object (&live);
  g_free (server_url);
  g_free (live_url);
  g_object_unref (app);
  return status;
}
