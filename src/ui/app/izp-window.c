/* izp-window.c — the main window: header, the five sections, toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "izp-commissions-page.h"
#include "izp-dashboard-page.h"
#include "izp-demo.h"
#include "izp-format.h"
#include "izp-links-page.h"
#include "izp-session.h"
#include "izp-signature-page.h"
#include "izp-templates-page.h"
#include "izp-welcome-page.h"
#include "izp-window.h"

struct _IzpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The signed-in account (or the demo), NULL on the welcome page. */
  IzpSession           *session;
  gboolean              is_demo;
  GCancellable         *cancellable;
  guint                 sync_timeout_id;
  guint                 restore_id;
  gboolean              sync_requested_by_user;
  gboolean              offline;
  gboolean              ready;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwBin               *welcome_bin;
  IzpWelcomePage       *welcome_page;   /* NULL until first shown */
  GtkWidget            *sync_button;
  GtkStack             *sync_button_stack;
  GtkSpinner           *sync_spinner;
  GtkImage             *offline_image;
  GtkLabel             *status_label;
  IzpDashboardPage     *dashboard_page;
  IzpLinksPage         *links_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *sidebar_list;
  AdwWindowTitle       *sidebar_title;
  AdwWindowTitle       *content_title;
  AdwViewStack         *stack;
};

G_DEFINE_FINAL_TYPE (IzpWindow, izp_window, ADW_TYPE_APPLICATION_WINDOW)

/* The sections, in the order of the view switcher and of Ctrl+1…5. */
static const char * const sections[] = {
  "dashboard", "links", "templates", "signature", "commissions",
};

static void begin (IzpWindow *self,
                   gboolean   demo);

IzpWindow *
izp_window_new (IzpApplication *application)
{
  IzpWindow *self = g_object_new (IZP_TYPE_WINDOW,
                                  "application", application,
                                  NULL);

  begin (self, izp_application_get_demo (application));
  return self;
}

IzpSession *
izp_window_get_session (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  return self->session;
}

const char *
izp_window_get_status (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  return gtk_label_get_label (self->status_label);
}

gboolean
izp_window_get_offline (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), FALSE);

  return self->offline;
}

/* "welcome" or "sections" */
const char *
izp_window_get_page (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* TRUE once the window shows what it opened for: the welcome page, or the
 * account's data read from its store. */
gboolean
izp_window_is_ready (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), FALSE);

  return self->ready;
}

const char *
izp_window_get_section (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->stack);
}

const char *
izp_window_get_section_title (IzpWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  child = adw_view_stack_get_visible_child (self->stack);
  return adw_view_stack_page_get_title (adw_view_stack_get_page (self->stack, child));
}

void
izp_window_show_toast (IzpWindow  *self,
                       const char *message)
{
  g_return_if_fail (IZP_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_section (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpWindow *self = IZP_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) == NULL)
    {
      g_warning ("No section named “%s”", name);
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, name);
  /* Folded (narrow), the sidebar and the section take turns: show the section. */
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
show_sidebar (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpWindow *self = IZP_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_sidebar_row_activated (GtkListBox    *list,
                          GtkListBoxRow *row,
                          IzpWindow     *self)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", name);
}

/* Keeps the sidebar's selection and the content's title in step with the
 * section shown, however it was chosen (sidebar, shortcut, saved state). */
static void
on_stack_visible_child_changed (IzpWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (name == NULL)
    return;

  adw_window_title_set_title (self->content_title, izp_window_get_section_title (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
}

static GtkWidget *
create_sidebar_row (AdwViewStackPage *page)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (adw_view_stack_page_get_title (page));

  gtk_widget_set_name (row, adw_view_stack_page_get_name (page));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (adw_view_stack_page_get_icon_name (page)));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
populate_sidebar (IzpWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_list_box_append (self->sidebar_list, create_sidebar_row (page));
    }
}

/* --- Account, sync and status ----------------------------------------- */

/* "Synchronized today at 10:05", in local time. */
static char *
describe_last_sync (const char *instant)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = NULL;
  g_autofree char *day = NULL;

  if (instant == NULL || (when = g_date_time_new_from_iso8601 (instant, NULL)) == NULL)
    return g_strdup (_("Not synchronized yet"));

  local = g_date_time_to_local (when);
  time = g_date_time_format (local, "%H:%M");
  if (g_date_time_get_year (local) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_strdup_printf (_("Synchronized today at %s"), time);

  day = izp_format_date (izp_date_new (g_date_time_get_year (local), g_date_time_get_month (local),
                                       g_date_time_get_day_of_month (local)));
  return g_strdup_printf (_("Synchronized on %s at %s"), day, time);
}

/* At the foot of the sidebar, and on the header's sync button. */
static void
set_status (IzpWindow  *self,
            const char *text)
{
  g_autofree char *tooltip = g_strdup_printf ("%s\n%s", _("Synchronize Now"), text);

  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_tooltip_text (self->sync_button, tooltip);
}

/* The cabinet's name under the app's name, from the synced partner. */
static void
update_account_title (IzpWindow *self)
{
  g_autofree char *cabinet = self->session != NULL ? izp_session_dup_cabinet (self->session) : NULL;

  adw_window_title_set_subtitle (self->sidebar_title, cabinet != NULL ? cabinet : "");
}

static void
on_counts_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *text = NULL;

  counts = izp_session_get_counts_finish (IZP_SESSION (source), result, &last_sync, &error);
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the local store: %s", error->message);
      return;
    }

  if (self->session != IZP_SESSION (source))
    return;

  /* The data on this computer shows at once, even while a sync runs. */
  izp_dashboard_page_set_counts (self->dashboard_page, counts, last_sync);
  izp_links_page_set_session (self->links_page, self->session);
  update_account_title (self);
  self->ready = TRUE;

  /* A running sync reports its own progress. */
  if (izp_session_get_syncing (self->session))
    return;

  text = describe_last_sync (last_sync);
  if (self->offline)
    {
      g_autofree char *offline_text = g_strdup_printf (_("Offline — %s"), text);

      set_status (self, offline_text);
    }
  else
    set_status (self, text);
}

static void
refresh_account_view (IzpWindow *self)
{
  update_account_title (self);
  if (self->session != NULL)
    izp_session_get_counts_async (self->session, self->cancellable, on_counts_read, g_object_ref (self));
}

static void on_welcome_sign_in      (IzpWindow  *self,
                                     const char *server,
                                     const char *email,
                                     const char *password);
static void on_welcome_explore_demo (IzpWindow  *self);

/* Most starts open an account's data: the welcome page is only built when
 * it is needed, which keeps start-up short. */
static IzpWelcomePage *
ensure_welcome_page (IzpWindow *self)
{
  if (self->welcome_page == NULL)
    {
      self->welcome_page = g_object_new (IZP_TYPE_WELCOME_PAGE, NULL);
      g_signal_connect_object (self->welcome_page, "sign-in",
                               G_CALLBACK (on_welcome_sign_in), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->welcome_page, "explore-demo",
                               G_CALLBACK (on_welcome_explore_demo), self, G_CONNECT_SWAPPED);
      adw_bin_set_child (self->welcome_bin, GTK_WIDGET (self->welcome_page));
    }

  return self->welcome_page;
}

static void
show_welcome (IzpWindow  *self,
              const char *error_message)
{
  self->ready = TRUE;
  izp_welcome_page_set_busy (ensure_welcome_page (self), FALSE);
  izp_welcome_page_set_error (self->welcome_page, error_message);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", FALSE);
}

static void
on_session_syncing_changed (IzpWindow *self)
{
  gboolean syncing = self->session != NULL && izp_session_get_syncing (self->session);

  gtk_stack_set_visible_child_name (self->sync_button_stack, syncing ? "syncing" : "idle");
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 self->session != NULL && izp_session_get_signed_in (self->session) && !syncing);
  if (syncing)
    set_status (self, _("Synchronizing…"));
}

static void
on_session_progress (IzpWindow  *self,
                     const char *collection,
                     guint64     items_in_collection,
                     guint64     items_in_run)
{
  g_autofree char *count = izp_format_count ((gint64) items_in_run);
  /* Translators: "Synchronizing invoices… 1200 items" */
  g_autofree char *text = g_strdup_printf (_("Synchronizing %s… %s items"),
                                           izp_collection_describe (collection), count);

  set_status (self, text);
}

static void start_sync (IzpWindow *self,
                        gboolean   requested_by_user);

static gboolean
on_sync_timeout (gpointer user_data)
{
  start_sync (IZP_WINDOW (user_data), FALSE);
  return G_SOURCE_CONTINUE;
}

static void
schedule_syncs (IzpWindow *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval-minutes");

  g_clear_handle_id (&self->sync_timeout_id, g_source_remove);
  if (self->session != NULL && minutes > 0)
    self->sync_timeout_id = g_timeout_add_seconds (minutes * 60, on_sync_timeout, self);
}

static gboolean
is_network_failure (const GError *error)
{
  return g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_NO_NETWORK) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SERVER_DOWN) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_TIMEOUT) ||
         g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_TLS);
}

static void clear_session (IzpWindow *self);

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpSyncSummary summary = { 0 };
  gboolean by_user = self->sync_requested_by_user;

  self->sync_requested_by_user = FALSE;

  if (izp_session_sync_finish (IZP_SESSION (source), result, &summary, &error))
    {
      self->offline = FALSE;
      if (by_user)
        izp_window_show_toast (self, _("Synchronization complete"));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else if (g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN))
    {
      /* The server revoked the sign-in: the data stays, the user signs in again. */
      clear_session (self);
      show_welcome (self, error->message);
      return;
    }
  else
    {
      self->offline = is_network_failure (error);
      izp_window_show_toast (self, error->message);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->offline_image), self->offline);
  if (self->session == IZP_SESSION (source))
    refresh_account_view (self);
}

static void
start_sync (IzpWindow *self,
            gboolean   requested_by_user)
{
  if (self->session == NULL || izp_session_get_syncing (self->session))
    return;

  self->sync_requested_by_user = requested_by_user;
  izp_session_sync_async (self->session, self->cancellable, on_synced, g_object_ref (self));
}

static void
sync_now (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  start_sync (IZP_WINDOW (widget), TRUE);
}

static void
clear_session (IzpWindow *self)
{
  g_clear_handle_id (&self->sync_timeout_id, g_source_remove);
  g_clear_handle_id (&self->restore_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  self->is_demo = FALSE;
  self->offline = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->offline_image), FALSE);
  adw_window_title_set_subtitle (self->sidebar_title, "");
  izp_dashboard_page_set_counts (self->dashboard_page, NULL, NULL);
  izp_links_page_set_session (self->links_page, NULL);
  on_session_syncing_changed (self);
}

/* From here on the window shows this account's data and keeps it in sync. */
static void
use_session (IzpWindow  *self,
             IzpSession *session,
             gboolean    is_demo)
{
  clear_session (self);
  self->session = g_object_ref (session);
  self->is_demo = is_demo;

  g_signal_connect_object (session, "notify::syncing",
                           G_CALLBACK (on_session_syncing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::signed-in",
                           G_CALLBACK (on_session_syncing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "progress",
                           G_CALLBACK (on_session_progress), self, G_CONNECT_SWAPPED);

  if (self->welcome_page != NULL)
    izp_welcome_page_set_busy (self->welcome_page, FALSE);
  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  /* Keyboard users start in the list of sections. */
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", TRUE);
  on_session_syncing_changed (self);
  refresh_account_view (self);
}

/* Signed in: synchronize now when it makes sense, then every N minutes. */
static void
start_syncing (IzpWindow *self,
               gboolean   now)
{
  schedule_syncs (self);
  if (now)
    start_sync (self, FALSE);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpSession *session = IZP_SESSION (source);

  if (!izp_session_sign_in_finish (session, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_welcome (self, error->message);
      return;
    }

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "server-url", izp_session_get_server (session));
  g_settings_set_string (self->settings, "account-email", izp_session_get_email (session));
  g_settings_apply (self->settings);

  use_session (self, session, FALSE);
  start_syncing (self, TRUE);
}

static void
on_welcome_sign_in (IzpWindow  *self,
                    const char *server,
                    const char *email,
                    const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpSession) session = izp_session_new (server, email, NULL, &error);

  if (session == NULL)
    {
      show_welcome (self, error->message);
      return;
    }

  izp_welcome_page_set_busy (ensure_welcome_page (self), TRUE);
  izp_session_sign_in_async (session, password, self->cancellable, on_signed_in, g_object_ref (self));
}

static void
on_demo_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpSession) session = izp_demo_start_finish (result, &error);

  if (session == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_welcome (self, error->message);
      return;
    }

  /* The demo has no data until its first sync. */
  use_session (self, session, TRUE);
  start_syncing (self, TRUE);
}

static void
on_welcome_explore_demo (IzpWindow *self)
{
  izp_welcome_page_set_busy (ensure_welcome_page (self), TRUE);
  izp_demo_start_async (NULL, 0, self->cancellable, on_demo_started, g_object_ref (self));
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  IzpSession *session = IZP_SESSION (source);
  gboolean signed_in = izp_session_restore_finish (session, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->session != session)
    return;

  if (signed_in)
    start_syncing (self, g_settings_get_boolean (self->settings, "sync-on-start"));
  else if (error == NULL)
    {
      clear_session (self);
      show_welcome (self, _("Your sign-in has expired. Sign in again to synchronize; your data is still on this computer."));
    }
  else
    {
      /* No keyring: the local data stays readable, only syncing waits. */
      izp_window_show_toast (self, error->message);
    }
}

static gboolean
restore_sign_in (gpointer user_data)
{
  IzpWindow *self = user_data;

  self->restore_id = 0;
  if (self->session != NULL)
    izp_session_restore_async (self->session, self->cancellable, on_restored, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

/* At start: the demo when asked for, else the account signed in last time
 * — its local data at once, the keyring and the network after — else the
 * welcome page. */
static void
begin (IzpWindow *self,
       gboolean   demo)
{
  g_autofree char *server = g_settings_get_string (self->settings, "server-url");
  g_autofree char *email = g_settings_get_string (self->settings, "account-email");
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GError) error = NULL;

  if (demo)
    {
      on_welcome_explore_demo (self);
      return;
    }

  if (*email == '\0')
    {
      show_welcome (self, NULL);
      return;
    }

  session = izp_session_new (server, email, NULL, &error);
  if (session == NULL)
    {
      show_welcome (self, error->message);
      return;
    }

  use_session (self, session, FALSE);
  /* The keyring (a D-Bus round trip and a key exchange) waits until the
   * local data is on screen. */
  self->restore_id = g_idle_add_full (G_PRIORITY_LOW, restore_sign_in, self, NULL);
}

static void
delete_local_data (const char *store_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (store_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
}

typedef struct
{
  IzpWindow *window;
  char      *store_path;   /* set when the local data goes too */
} SignOut;

static void
on_signed_out (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SignOut *sign_out = user_data;
  g_autoptr(IzpWindow) self = sign_out->window;
  g_autofree char *store_path = sign_out->store_path;
  g_autoptr(GError) error = NULL;

  g_free (sign_out);

  /* The keyring entry is what matters; a revocation the server did not
   * hear of expires by itself. */
  if (!izp_session_sign_out_finish (IZP_SESSION (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    izp_window_show_toast (self, error->message);

  if (store_path != NULL)
    delete_local_data (store_path);
}

static void
sign_out (IzpWindow *self,
          gboolean   delete_data)
{
  g_autoptr(IzpSession) session = NULL;
  SignOut *data;

  if (self->session == NULL)
    return;

  session = g_object_ref (self->session);
  data = g_new0 (SignOut, 1);
  data->window = g_object_ref (self);
  if (delete_data && izp_session_get_store (session) != NULL)
    data->store_path = g_strdup (izp_store_get_path (izp_session_get_store (session)));

  if (!self->is_demo)
    g_settings_set_string (self->settings, "account-email", "");

  clear_session (self);
  show_welcome (self, NULL);
  izp_session_sign_out_async (session, NULL, on_signed_out, data);
}

static void
on_sign_out_response (AdwMessageDialog *dialog,
                      const char       *response,
                      IzpWindow        *self)
{
  if (g_str_equal (response, "sign-out"))
    sign_out (self, FALSE);
  else if (g_str_equal (response, "sign-out-delete"))
    sign_out (self, TRUE);
}

static void
confirm_sign_out (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IzpWindow *self = IZP_WINDOW (widget);
  AdwMessageDialog *dialog;

  if (self->session == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Sign Out?"),
                                                       _("The sign-in is removed from this computer’s keyring. "
                                                         "You may also delete the data kept here for offline use.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "sign-out-delete", _("Sign Out and _Delete Data"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out-delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "sign-out");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_sign_out_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Built when first asked for rather than with every window, as GTK would do
 * with a gtk/help-overlay.ui resource: it keeps start-up short. */
static void
show_shortcuts (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/fr/izyinbox/Partner/ui/izp-shortcuts-window.ui");
  GtkWindow *shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));

  gtk_window_set_transient_for (shortcuts, GTK_WINDOW (widget));
  gtk_window_present (shortcuts);
}

/* --- Window state ------------------------------------------------------- */

static void
save_window_state (IzpWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static gboolean
izp_window_close_request (GtkWindow *window)
{
  save_window_state (IZP_WINDOW (window));

  return GTK_WINDOW_CLASS (izp_window_parent_class)->close_request (window);
}

static void
restore_window_state (IzpWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "last-section",
                   self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
izp_window_dispose (GObject *object)
{
  IzpWindow *self = IZP_WINDOW (object);

  /* Nothing started by this window outlives it. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->sync_timeout_id, g_source_remove);
  g_clear_handle_id (&self->restore_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), IZP_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (izp_window_parent_class)->dispose (object);
}

static void
izp_window_class_init (IzpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = izp_window_dispose;
  window_class->close_request = izp_window_close_request;

  /* Make sure the pages named in the template are registered. */
  g_type_ensure (IZP_TYPE_DASHBOARD_PAGE);
  g_type_ensure (IZP_TYPE_LINKS_PAGE);
  g_type_ensure (IZP_TYPE_TEMPLATES_PAGE);
  g_type_ensure (IZP_TYPE_SIGNATURE_PAGE);
  g_type_ensure (IZP_TYPE_COMMISSIONS_PAGE);
  g_type_ensure (IZP_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, welcome_bin);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sync_button_stack);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, offline_image);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, links_page);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, content);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_now);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, confirm_sign_out);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, show_shortcuts);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.show-section", "s", sections[i]);
}

static void
izp_window_init (IzpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  populate_sidebar (self);
  on_stack_visible_child_changed (self);

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
  g_signal_connect_object (self->settings, "changed::sync-interval-minutes",
                           G_CALLBACK (schedule_syncs), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", FALSE);
}
