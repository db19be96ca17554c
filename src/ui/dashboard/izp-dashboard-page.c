/* izp-dashboard-page.c — the “Dashboard” section
 *
 * Until an account is synchronized: what the section is for. Once it is:
 * what the local store holds, collection by collection, so that the user
 * sees at once that the data is there, offline too. It reads the store of
 * its "session" property, and again each time the session says its data
 * changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include "izp-dashboard-page.h"
#include "izp-format.h"
#include "izp-schema.h"

struct _IzpDashboardPage
{
  AdwBin                parent_instance;

  GtkStack             *stack;
  AdwPreferencesGroup  *summary_group;
  GtkLabel             *count_labels[IZP_N_COLLECTIONS];

  IzpSession           *session;
  GCancellable         *cancellable;   /* the read in progress */
  gboolean              loaded;
};

G_DEFINE_FINAL_TYPE (IzpDashboardPage, izp_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * izp_dashboard_page_set_counts:
 * @counts: (nullable) (array fixed-size=IZP_N_COLLECTIONS): rows per
 *   collection, or %NULL when no account is open
 * @last_sync: (nullable): the last full synchronization
 */
void
izp_dashboard_page_set_counts (IzpDashboardPage *self,
                               const gint64     *counts,
                               const char       *last_sync)
{
  g_return_if_fail (IZP_IS_DASHBOARD_PAGE (self));

  if (counts == NULL || last_sync == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      g_autofree char *text = izp_format_count (counts[i]);

      gtk_label_set_label (self->count_labels[i], text);
    }
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

/* TRUE when the page shows synchronized data rather than its empty state. */
gboolean
izp_dashboard_page_has_data (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "summary") == 0;
}

static void
set_loaded (IzpDashboardPage *self,
            gboolean          loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
on_counts_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IzpDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree char *last_sync = NULL;

  counts = izp_session_get_counts_finish (IZP_SESSION (source), result, &last_sync, &error);
  /* A read for a session the page no longer shows changes nothing. */
  if (self->session != IZP_SESSION (source))
    return;
  if (counts == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the local store: %s", error->message);
      return;
    }

  izp_dashboard_page_set_counts (self, counts, last_sync);
  set_loaded (self, TRUE);
}

static void
reload (IzpDashboardPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  izp_session_get_counts_async (self->session, self->cancellable, on_counts_read, g_object_ref (self));
}

void
izp_dashboard_page_set_session (IzpDashboardPage *self,
                                IzpSession       *session)
{
  g_return_if_fail (IZP_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* Nothing of the previous account stays on screen. */
  izp_dashboard_page_set_counts (self, NULL, NULL);
  set_loaded (self, FALSE);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

IzpSession *
izp_dashboard_page_get_session (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), NULL);

  return self->session;
}

gboolean
izp_dashboard_page_is_loaded (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return self->loaded;
}

static void
izp_dashboard_page_dispose (GObject *object)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (izp_dashboard_page_parent_class)->dispose (object);
}

static void
izp_dashboard_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_dashboard_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_dashboard_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_dashboard_page_class_init (IzpDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_dashboard_page_dispose;
  object_class->get_property = izp_dashboard_page_get_property;
  object_class->set_property = izp_dashboard_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* No gtk_widget_dispose_template(): the bound stack is AdwBin's child,
   * and AdwBin's own dispose releases it. */

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, summary_group);
}

static void
izp_dashboard_page_init (IzpDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new ("0");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), izp_collection_get_title (i));
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_preferences_group_add (self->summary_group, row);
      self->count_labels[i] = GTK_LABEL (label);
    }
}
