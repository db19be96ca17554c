/* izp-preferences-window.c — preferences, bound to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-dashboard-events.h"
#include "izp-preferences-window.h"
#include "izp-schema.h"

struct _IzpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSwitch            *sync_on_start_switch;
  GtkSpinButton        *sync_interval_spin;
  AdwComboRow          *channel_row;
  GtkStringList        *channel_names;
  AdwEntryRow          *campaign_row;
  GtkSwitch            *notify_switches[IZP_N_EVENT_KINDS];
};

G_DEFINE_FINAL_TYPE (IzpPreferencesWindow, izp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
channel_to_index (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *channel = g_variant_get_string (variant, NULL);
  const char * const *channels = izp_schema_get_channel_values ();

  for (guint i = 0; channels[i] != NULL; i++)
    if (g_str_equal (channels[i], channel))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
index_to_channel (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint index = g_value_get_uint (value);
  const char * const *channels = izp_schema_get_channel_values ();

  if (index >= g_strv_length ((char **) channels))
    return NULL;

  return g_variant_new_string (channels[index]);
}

IzpPreferencesWindow *
izp_preferences_window_new (GSettings *settings)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  return g_object_new (IZP_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       NULL);
}

static void
izp_preferences_window_constructed (GObject *object)
{
  IzpPreferencesWindow *self = IZP_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (izp_preferences_window_parent_class)->constructed (object);

  g_settings_bind (self->settings, "sync-on-start",
                   self->sync_on_start_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval-minutes",
                   gtk_spin_button_get_adjustment (self->sync_interval_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "default-channel",
                                self->channel_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                channel_to_index, index_to_channel, NULL, NULL);
  g_settings_bind (self->settings, "default-campaign",
                   self->campaign_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < IZP_N_EVENT_KINDS; i++)
    g_settings_bind (self->settings, izp_event_kind_get_setting (i),
                     self->notify_switches[i], "active",
                     G_SETTINGS_BIND_DEFAULT);
}

static void
izp_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  IzpPreferencesWindow *self = IZP_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_preferences_window_dispose (GObject *object)
{
  IzpPreferencesWindow *self = IZP_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), IZP_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (izp_preferences_window_parent_class)->dispose (object);
}

static void
izp_preferences_window_class_init (IzpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = izp_preferences_window_constructed;
  object_class->set_property = izp_preferences_window_set_property;
  object_class->dispose = izp_preferences_window_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpPreferencesWindow, sync_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, IzpPreferencesWindow, sync_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpPreferencesWindow, channel_row);
  gtk_widget_class_bind_template_child (widget_class, IzpPreferencesWindow, channel_names);
  gtk_widget_class_bind_template_child (widget_class, IzpPreferencesWindow, campaign_row);
  gtk_widget_class_bind_template_child_full (widget_class, "notify_client_activated_switch", FALSE,
                                             G_STRUCT_OFFSET (IzpPreferencesWindow, notify_switches[IZP_EVENT_CLIENT_ACTIVATED]));
  gtk_widget_class_bind_template_child_full (widget_class, "notify_ready_to_close_switch", FALSE,
                                             G_STRUCT_OFFSET (IzpPreferencesWindow, notify_switches[IZP_EVENT_READY_TO_CLOSE]));
  gtk_widget_class_bind_template_child_full (widget_class, "notify_churn_risk_switch", FALSE,
                                             G_STRUCT_OFFSET (IzpPreferencesWindow, notify_switches[IZP_EVENT_CHURN_RISK]));
  gtk_widget_class_bind_template_child_full (widget_class, "notify_payout_paid_switch", FALSE,
                                             G_STRUCT_OFFSET (IzpPreferencesWindow, notify_switches[IZP_EVENT_PAYOUT_PAID]));
}

static void
izp_preferences_window_init (IzpPreferencesWindow *self)
{
  const char * const *channels = izp_schema_get_channel_values ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; channels[i] != NULL; i++)
    gtk_string_list_append (self->channel_names, izp_channel_get_label (channels[i]));
}
