/* izp-window.c — the main window: header, the five sections, toasts
 *
 * Navigation and presentation only: the account's life (sign-in, sync,
 * sign-out) is the application's IzpAccountManager; the window shows what
 * it says and passes on what the user asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-account-manager.h"
#include "izp-commissions-page.h"
#include "izp-dashboard-page.h"
#include "izp-links-page.h"
#include "izp-signature-page.h"
#include "izp-templates-page.h"
#include "izp-welcome-page.h"
#include "izp-window.h"

struct _IzpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  IzpAccountManager    *manager;
  GPtrArray            *bindings;   /* from the manager to widgets */
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
  GtkWidget            *sync_progress_box;
  GtkProgressBar       *sync_progress_bar;
  IzpDashboardPage     *dashboard_page;
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

static void watch_manager (IzpWindow *self);
static void on_stack_visible_child_changed (IzpWindow *self);

IzpWindow *
izp_window_new (IzpApplication *application)
{
  IzpWindow *self = g_object_new (IZP_TYPE_WINDOW,
                                  "application", application,
                                  NULL);

  self->manager = g_object_ref (izp_application_get_account_manager (application));
  watch_manager (self);
  on_stack_visible_child_changed (self);
  /* The demo when asked for, else the account of last time; nothing when
   * another window already shows one. */
  izp_account_manager_start (self->manager, izp_application_get_demo (application));
  return self;
}

IzpSession *
izp_window_get_session (IzpWindow *self)
{
  g_return_val_if_fail (IZP_IS_WINDOW (self), NULL);

  return izp_account_manager_get_session (self->manager);
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

  return izp_account_manager_get_offline (self->manager);
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
static void bind (IzpWindow             *self,
                  const char            *property,
                  gpointer               target,
                  const char            *target_property,
                  GBindingTransformFunc  transform);

/* The sections but the dashboard are built the first time they are shown:
 * start-up builds only what it shows. */
static const struct
{
  const char *name;
  GType     (*get_type) (void);
} built_when_shown[] = {
  { "links", izp_links_page_get_type },
  { "templates", izp_templates_page_get_type },
  { "signature", izp_signature_page_get_type },
  { "commissions", izp_commissions_page_get_type },
};

static void
build_section (IzpWindow  *self,
               const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (built_when_shown); i++)
    {
      AdwBin *slot;
      GtkWidget *page;

      if (!g_str_equal (name, built_when_shown[i].name))
        continue;
      slot = ADW_BIN (adw_view_stack_get_child_by_name (self->stack, name));
      if (adw_bin_get_child (slot) != NULL)
        return;
      page = g_object_new (built_when_shown[i].get_type (), NULL);
      adw_bin_set_child (slot, page);
      /* Every section follows the current account. */
      bind (self, "session", page, "session", NULL);
      return;
    }
}

static void
on_stack_visible_child_changed (IzpWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  if (name == NULL)
    return;

  if (self->manager != NULL)
    build_section (self, name);

  adw_window_title_set_title (self->content_title, izp_window_get_section_title (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
}

/* The section @name shown (built the first time), and its page. */
static GtkWidget *
show_section_page (IzpWindow  *self,
                   const char *name)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-section", "s", name);
  return adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (self->stack, name)));
}

/* From the dashboard's alerts: a client's commission lines. */
static void
show_client (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GtkWidget *page = show_section_page (IZP_WINDOW (widget), "commissions");

  if (page != NULL)
    izp_commissions_page_show_client (IZP_COMMISSIONS_PAGE (page), g_variant_get_string (parameter, NULL));
}

/* From the dashboard's pipeline: the link a lead came through. */
static void
show_link (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  GtkWidget *page = show_section_page (IZP_WINDOW (widget), "links");

  if (page != NULL)
    izp_links_page_open_link (IZP_LINKS_PAGE (page), g_variant_get_string (parameter, NULL));
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

/* --- Account: what the manager says, and what the user asks of it -------- */

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
  IzpWelcomePage *welcome = ensure_welcome_page (self);

  self->ready = TRUE;
  izp_welcome_page_set_busy (welcome, izp_account_manager_get_busy (self->manager));
  izp_welcome_page_set_error (welcome, error_message);
  gtk_stack_set_visible_child_name (self->main_stack, "welcome");
}

static void
on_busy_changed (IzpWindow *self)
{
  if (self->welcome_page != NULL)
    izp_welcome_page_set_busy (self->welcome_page, izp_account_manager_get_busy (self->manager));
}

/* The window is ready once the dashboard shows the account's data. */
static void
on_dashboard_loaded (IzpWindow *self)
{
  if (izp_dashboard_page_is_loaded (self->dashboard_page))
    self->ready = TRUE;
}

static void
update_actions (IzpWindow *self)
{
  IzpAccountManager *manager = self->manager;
  gboolean syncing = izp_account_manager_get_syncing (manager);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 izp_account_manager_get_signed_in (manager) && !syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", syncing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out",
                                 izp_account_manager_get_session (manager) != NULL);
}

static void
on_session_changed (IzpWindow *self)
{
  IzpSession *session = izp_account_manager_get_session (self->manager);

  update_actions (self);
  if (session == NULL)
    {
      /* Left: the welcome page, unless a message is on its way. */
      if (!gtk_widget_in_destruction (GTK_WIDGET (self)))
        show_welcome (self, NULL);
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "sections");
  /* Keyboard users start in the list of sections. */
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
on_syncing_changed (IzpWindow *self)
{
  gboolean syncing = izp_account_manager_get_syncing (self->manager);

  gtk_stack_set_visible_child_name (self->sync_button_stack, syncing ? "syncing" : "idle");
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  update_actions (self);
}

/* At the foot of the sidebar, and on the header's sync button. */
static void
on_status_changed (IzpWindow *self)
{
  g_autofree char *tooltip = g_strdup_printf ("%s\n%s", _("Synchronize Now"),
                                              izp_account_manager_get_status (self->manager));

  gtk_widget_set_tooltip_text (self->sync_button, tooltip);
}

static gboolean
string_or_empty (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

static void
bind (IzpWindow     *self,
      const char    *property,
      gpointer       target,
      const char    *target_property,
      GBindingTransformFunc transform)
{
  GBinding *binding = g_object_bind_property_full (self->manager, property, target, target_property,
                                                   G_BINDING_SYNC_CREATE, transform, NULL, NULL, NULL);

  g_ptr_array_add (self->bindings, g_object_ref (binding));
}

/* Every section with a "session" property follows the current account. */
static void
bind_pages (IzpWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->stack);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_view_stack_page_get_child (page);

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (child), "session") != NULL)
        bind (self, "session", child, "session", NULL);
    }
}

static void
watch_manager (IzpWindow *self)
{
  IzpAccountManager *manager = self->manager;

  g_signal_connect_object (manager, "notify::session", G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::signed-in", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::syncing", G_CALLBACK (on_syncing_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::status", G_CALLBACK (on_status_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::busy", G_CALLBACK (on_busy_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "sign-in-needed", G_CALLBACK (show_welcome), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "message", G_CALLBACK (izp_window_show_toast), self, G_CONNECT_SWAPPED);

  bind (self, "status", self->status_label, "label", NULL);
  bind (self, "offline", self->offline_image, "visible", NULL);
  bind (self, "syncing", self->sync_progress_box, "visible", NULL);
  bind (self, "sync-progress", self->sync_progress_bar, "fraction", NULL);
  bind (self, "cabinet", self->sidebar_title, "subtitle", string_or_empty);
  bind_pages (self);

  on_syncing_changed (self);
  on_status_changed (self);
  if (izp_account_manager_get_session (manager) != NULL)
    on_session_changed (self);
}

static void
on_welcome_sign_in (IzpWindow  *self,
                    const char *server,
                    const char *email,
                    const char *password)
{
  izp_account_manager_sign_in (self->manager, server, email, password);
}

static void
on_welcome_explore_demo (IzpWindow *self)
{
  izp_account_manager_open_demo (self->manager);
}

/* For the sections, which do not see the window: `win.toast('…')`. */
static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  izp_window_show_toast (IZP_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
sync_now (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  izp_account_manager_sync_now (IZP_WINDOW (widget)->manager, TRUE);
}

static void
cancel_sync (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  izp_account_manager_cancel_sync (IZP_WINDOW (widget)->manager);
}

static void
on_signed_out (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(IzpWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!izp_account_manager_sign_out_finish (IZP_ACCOUNT_MANAGER (source), result, &error) &&
      !gtk_widget_in_destruction (GTK_WIDGET (self)))
    izp_window_show_toast (self, error->message);
}

static void
on_sign_out_response (AdwMessageDialog *dialog,
                      const char       *response,
                      IzpWindow        *self)
{
  gboolean delete_data = g_str_equal (response, "sign-out-delete");

  if (delete_data || g_str_equal (response, "sign-out"))
    izp_account_manager_sign_out_async (self->manager, delete_data, on_signed_out, g_object_ref (self));
}

static void
confirm_sign_out (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  IzpWindow *self = IZP_WINDOW (widget);
  AdwMessageDialog *dialog;

  if (izp_account_manager_get_session (self->manager) == NULL)
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

  /* The manager outlives the window: nothing of it may reach a window
   * being destroyed. */
  if (self->bindings != NULL)
    for (guint i = 0; i < self->bindings->len; i++)
      g_binding_unbind (g_ptr_array_index (self->bindings, i));
  g_clear_pointer (&self->bindings, g_ptr_array_unref);
  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);
  g_clear_object (&self->manager);

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
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sync_progress_box);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sync_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, dashboard_page);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, content);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_changed);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section);
  gtk_widget_class_install_action (widget_class, "win.show-client", "s", show_client);
  gtk_widget_class_install_action (widget_class, "win.show-link", "s", show_link);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_now);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync);
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

  self->bindings = g_ptr_array_new_with_free_func (g_object_unref);
  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
  g_signal_connect_object (self->dashboard_page, "notify::loaded",
                           G_CALLBACK (on_dashboard_loaded), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-sync", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", FALSE);
}
