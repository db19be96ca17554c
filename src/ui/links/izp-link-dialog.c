/* izp-link-dialog.c — “New Link”: the form, checked as it is typed
 *
 * Every field goes through the core's validator as it changes; a field
 * shows its French message once the user has typed in it (or tried to
 * create), so an empty form does not greet anyone with errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "izp-link-dialog.h"
#include "izp-links.h"
#include "izp-schema.h"

struct _IzpLinkDialog
{
  AdwWindow     parent_instance;

  IzpSync      *sync;
  char         *correcting_id;   /* the refused link being corrected */
  GCancellable *cancellable;
  gboolean      touched[IZP_LINK_N_FIELDS];
  gboolean      busy;

  GtkWidget    *create_button;
  AdwEntryRow  *label_row;
  AdwComboRow  *channel_row;
  AdwEntryRow  *campaign_row;
  AdwEntryRow  *slug_row;
  AdwEntryRow  *first_name_row;
  AdwEntryRow  *last_name_row;
  AdwEntryRow  *company_row;
  AdwEntryRow  *email_row;
  GtkLabel     *link_error;
  GtkLabel     *prospect_error;
  GtkLabel     *failure_label;
};

G_DEFINE_FINAL_TYPE (IzpLinkDialog, izp_link_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static AdwEntryRow *
entry_row (IzpLinkDialog *self,
           IzpLinkField   field)
{
  switch (field)
    {
    case IZP_LINK_FIELD_LABEL: return self->label_row;
    case IZP_LINK_FIELD_CAMPAIGN: return self->campaign_row;
    case IZP_LINK_FIELD_SLUG: return self->slug_row;
    case IZP_LINK_FIELD_FIRST_NAME: return self->first_name_row;
    case IZP_LINK_FIELD_LAST_NAME: return self->last_name_row;
    case IZP_LINK_FIELD_COMPANY: return self->company_row;
    case IZP_LINK_FIELD_EMAIL: return self->email_row;
    case IZP_LINK_FIELD_CHANNEL:
    case IZP_LINK_N_FIELDS:
    default:
      return NULL;
    }
}

static GtkWidget *
field_row (IzpLinkDialog *self,
           IzpLinkField   field)
{
  if (field == IZP_LINK_FIELD_CHANNEL)
    return GTK_WIDGET (self->channel_row);
  return GTK_WIDGET (entry_row (self, field));
}

static void
read_draft (IzpLinkDialog *self,
            IzpLinkDraft  *draft)
{
  const char * const *channels = izp_schema_get_channel_values ();
  guint selected = adw_combo_row_get_selected (self->channel_row);

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      AdwEntryRow *row = entry_row (self, i);

      if (row != NULL)
        izp_link_draft_set (draft, i, gtk_editable_get_text (GTK_EDITABLE (row)));
    }
  izp_link_draft_set (draft, IZP_LINK_FIELD_CHANNEL,
                      selected < g_strv_length ((char **) channels) ? channels[selected] : NULL);
}

/* Marks each touched field at fault and shows the first message of each
 * group; returns whether the whole form is valid. */
static gboolean
validate (IzpLinkDialog *self)
{
  IzpLinkDraft draft = { { NULL } };
  g_autofree char *link_message = NULL;
  g_autofree char *prospect_message = NULL;
  gboolean all_valid = TRUE;

  read_draft (self, &draft);
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *row = field_row (self, i);
      gboolean valid = izp_link_field_validate (i, draft.values[i], &error);
      gboolean shown = !valid && self->touched[i];
      char **message = i < IZP_LINK_FIELD_FIRST_NAME ? &link_message : &prospect_message;

      all_valid &= valid;
      if (shown)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID,
                                   shown ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
      if (shown && *message == NULL)
        *message = g_strdup (error->message);
    }
  izp_link_draft_clear (&draft);

  gtk_label_set_label (self->link_error, link_message != NULL ? link_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->link_error), link_message != NULL);
  gtk_label_set_label (self->prospect_error, prospect_message != NULL ? prospect_message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->prospect_error), prospect_message != NULL);
  gtk_widget_set_sensitive (self->create_button, all_valid && !self->busy);
  return all_valid;
}

static void
on_row_changed (IzpLinkDialog *self,
                GtkEditable   *editable)
{
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    if (field_row (self, i) == GTK_WIDGET (editable))
      self->touched[i] = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->failure_label), FALSE);
  validate (self);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IzpLinkDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  gboolean queued = FALSE;

  link = izp_links_create_finish (IZP_SYNC (source), result, &queued, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;

  if (link == NULL && !g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED))
    {
      gtk_label_set_label (self->failure_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->failure_label), TRUE);
      validate (self);
      return;
    }

  /* Stored either way: registered, queued, or kept with the server's
   * refusal for the partner to correct from the list. */
  g_signal_emit (self, signals[CREATED], 0,
                 link != NULL ? json_object_get_string_member (link, "id") : NULL,
                 queued, error != NULL ? error->message : NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_create_clicked (IzpLinkDialog *self)
{
  IzpLinkDraft draft = { { NULL } };

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    self->touched[i] = TRUE;
  if (!validate (self) || self->busy)
    return;

  self->busy = TRUE;
  gtk_widget_set_sensitive (self->create_button, FALSE);
  read_draft (self, &draft);
  if (self->correcting_id != NULL)
    izp_links_retry_async (self->sync, self->correcting_id, &draft, self->cancellable, on_created,
                           g_object_ref (self));
  else
    izp_links_create_async (self->sync, &draft, self->cancellable, on_created, g_object_ref (self));
  izp_link_draft_clear (&draft);
}

void
izp_link_dialog_set_field (IzpLinkDialog *self,
                           guint          field,
                           const char    *value)
{
  g_return_if_fail (IZP_IS_LINK_DIALOG (self));
  g_return_if_fail (field < IZP_LINK_N_FIELDS);

  if (field == IZP_LINK_FIELD_CHANNEL)
    {
      const char * const *channels = izp_schema_get_channel_values ();

      for (guint i = 0; channels[i] != NULL; i++)
        if (g_strcmp0 (channels[i], value) == 0)
          adw_combo_row_set_selected (self->channel_row, i);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (entry_row (self, field)), value);
}

char *
izp_link_dialog_dup_field (IzpLinkDialog *self,
                           guint          field)
{
  IzpLinkDraft draft = { { NULL } };
  char *value;

  g_return_val_if_fail (IZP_IS_LINK_DIALOG (self), NULL);
  g_return_val_if_fail (field < IZP_LINK_N_FIELDS, NULL);

  read_draft (self, &draft);
  value = g_steal_pointer (&draft.values[field]);
  izp_link_draft_clear (&draft);
  return value;
}

gboolean
izp_link_dialog_can_create (IzpLinkDialog *self)
{
  g_return_val_if_fail (IZP_IS_LINK_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (self->create_button);
}

IzpLinkDialog *
izp_link_dialog_new (GtkWindow *parent,
                     IzpSync   *sync)
{
  IzpLinkDialog *self;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *channel = g_settings_get_string (settings, "default-channel");
  g_autofree char *campaign = g_settings_get_string (settings, "default-campaign");

  g_return_val_if_fail (IZP_IS_SYNC (sync), NULL);

  self = g_object_new (IZP_TYPE_LINK_DIALOG, "transient-for", parent, NULL);
  self->sync = g_object_ref (sync);
  izp_link_dialog_set_field (self, IZP_LINK_FIELD_CHANNEL, channel);
  gtk_editable_set_text (GTK_EDITABLE (self->campaign_row), campaign);
  /* Defaults are not the user's typing. */
  memset (self->touched, 0, sizeof self->touched);
  validate (self);
  return self;
}

IzpLinkDialog *
izp_link_dialog_new_correction (GtkWindow          *parent,
                                IzpSync            *sync,
                                const char         *local_id,
                                const IzpLinkDraft *draft)
{
  IzpLinkDialog *self;

  g_return_val_if_fail (IZP_IS_SYNC (sync), NULL);
  g_return_val_if_fail (local_id != NULL && draft != NULL, NULL);

  self = g_object_new (IZP_TYPE_LINK_DIALOG, "transient-for", parent, NULL);
  self->sync = g_object_ref (sync);
  self->correcting_id = g_strdup (local_id);
  gtk_window_set_title (GTK_WINDOW (self), _("Correct the Link"));
  gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Send"));
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    if (draft->values[i] != NULL)
      izp_link_dialog_set_field (self, i, draft->values[i]);
  /* What the server refused shows at once. */
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    self->touched[i] = TRUE;
  validate (self);
  return self;
}

static void
izp_link_dialog_dispose (GObject *object)
{
  IzpLinkDialog *self = (IzpLinkDialog *) object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), IZP_TYPE_LINK_DIALOG);

  G_OBJECT_CLASS (izp_link_dialog_parent_class)->dispose (object);
}

static void
izp_link_dialog_finalize (GObject *object)
{
  IzpLinkDialog *self = (IzpLinkDialog *) object;

  g_clear_object (&self->sync);
  g_free (self->correcting_id);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (izp_link_dialog_parent_class)->finalize (object);
}

static void
izp_link_dialog_class_init (IzpLinkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_link_dialog_dispose;
  object_class->finalize = izp_link_dialog_finalize;

  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-link-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, campaign_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, slug_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, link_error);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, prospect_error);
  gtk_widget_class_bind_template_child (widget_class, IzpLinkDialog, failure_label);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
izp_link_dialog_init (IzpLinkDialog *self)
{
  g_autoptr(GtkStringList) channels = gtk_string_list_new (NULL);
  const char * const *values = izp_schema_get_channel_values ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (channels, izp_channel_get_label (values[i]));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channels));

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    if (entry_row (self, i) != NULL)
      g_signal_connect_object (entry_row (self, i), "changed", G_CALLBACK (on_row_changed), self,
                               G_CONNECT_SWAPPED);
  gtk_widget_grab_focus (GTK_WIDGET (self->label_row));
}
