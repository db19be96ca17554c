/* izp-window.c — the main window: header, the five sections, toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-commissions-page.h"
#include "izp-dashboard-page.h"
#include "izp-links-page.h"
#include "izp-signature-page.h"
#include "izp-templates-page.h"
#include "izp-window.h"

struct _IzpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
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

IzpWindow *
izp_window_new (IzpApplication *application)
{
  return g_object_new (IZP_TYPE_WINDOW,
                       "application", application,
                       NULL);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpWindow, toast_overlay);
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

  self->settings = g_settings_new (APP_ID);
  restore_window_state (self);
}
