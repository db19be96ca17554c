/* izp-signature-page.c — the “Signature” section
 *
 * The fields live in GSettings (signature-*), bound to the entries; every
 * change redraws the preview, the plain-text version and the character
 * count against Gmail's limit. The HTML itself comes from the core
 * (izp-signature.c), the same for the copy, the Thunderbird file and the
 * templates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "izp-clipboard.h"
#include "izp-format.h"
#include "izp-signature.h"
#include "izp-signature-page.h"
#include "izp-template-sources.h"
#include "izp-template-text.h"
#include "izp-when-shown.h"

struct _IzpSignaturePage
{
  AdwBin parent_instance;

  GtkImage             *logo_image;
  GtkLabel             *preview_label;
  GtkLabel             *count_label;
  GtkLabel             *saved_label;
  GtkLabel             *text_label;
  AdwPreferencesGroup  *fields_group;
  AdwActionRow         *badge_row;
  GtkSwitch            *badge_switch;
  GtkSwitch            *in_emails_switch;

  GSettings            *settings;
  IzpSession           *session;
  GCancellable         *cancellable;
  IzpTemplateSources   *sources;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (IzpSignaturePage, izp_signature_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The fields the user types, in form order, with their labels. */
static const struct
{
  IzpSignatureField  field;
  const char        *title;
  GtkInputPurpose    purpose;
} form[] = {
  { IZP_SIGNATURE_NAME, N_("Name"), GTK_INPUT_PURPOSE_NAME },
  { IZP_SIGNATURE_TITLE, N_("Title"), GTK_INPUT_PURPOSE_FREE_FORM },
  { IZP_SIGNATURE_CABINET, N_("Cabinet"), GTK_INPUT_PURPOSE_FREE_FORM },
  { IZP_SIGNATURE_EMAIL, N_("E-mail Address"), GTK_INPUT_PURPOSE_EMAIL },
  { IZP_SIGNATURE_PHONE, N_("Phone"), GTK_INPUT_PURPOSE_PHONE },
  { IZP_SIGNATURE_WEBSITE, N_("Website"), GTK_INPUT_PURPOSE_URL },
  { IZP_SIGNATURE_LOGO_URL, N_("Logo Address (https://…, square image)"), GTK_INPUT_PURPOSE_URL },
  { IZP_SIGNATURE_DEMO_LINK, N_("Your Personal Demo Link"), GTK_INPUT_PURPOSE_URL },
};

/* The signature as saved, with the account's tier (and its cabinet when
 * none is typed). */
static IzpSignature *
current_signature (IzpSignaturePage *self)
{
  IzpSignature *signature = izp_signature_new_from_settings (self->settings);

  izp_template_sources_complete_signature (self->sources, signature);
  return signature;
}

/* A line of the preview: @value escaped, between markup @open and @close. */
static void
append_line (GString    *markup,
             const char *open,
             const char *value,
             const char *close)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;
  escaped = g_markup_escape_text (value, -1);
  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  g_string_append (markup, open);
  g_string_append (markup, escaped);
  g_string_append (markup, close);
}

/* A GTK rendering of the same lines as the HTML: a preview, the mail
 * client shows the real thing. */
static void
update_preview (IzpSignaturePage *self)
{
  g_autoptr(IzpSignature) signature = current_signature (self);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *html = izp_signature_to_html (signature);
  g_autofree char *text = izp_signature_to_text (signature);
  g_autofree char *count = NULL;
  g_autofree char *title_line = NULL;
  g_autofree char *contact_line = NULL;
  g_autofree char *badge = NULL;
  const char *title = izp_signature_get (signature, IZP_SIGNATURE_TITLE);
  const char *cabinet = izp_signature_get (signature, IZP_SIGNATURE_CABINET);
  const char *email = izp_signature_get (signature, IZP_SIGNATURE_EMAIL);
  const char *phone = izp_signature_get (signature, IZP_SIGNATURE_PHONE);
  const char *demo = izp_signature_get (signature, IZP_SIGNATURE_DEMO_LINK);
  glong length = g_utf8_strlen (html, -1);

  append_line (markup, "<b><big>", izp_signature_get (signature, IZP_SIGNATURE_NAME), "</big></b>");
  if (title != NULL || cabinet != NULL)
    title_line = g_strdup_printf ("%s%s%s", title != NULL ? title : "", title != NULL && cabinet != NULL ? " | " : "",
                                  cabinet != NULL ? cabinet : "");
  append_line (markup, "", title_line, "");
  if (email != NULL || phone != NULL)
    contact_line = g_strdup_printf ("%s%s%s", email != NULL ? email : "", email != NULL && phone != NULL ? " | " : "",
                                    phone != NULL ? phone : "");
  append_line (markup, "<span foreground=\"#3584e4\">", contact_line, "</span>");
  append_line (markup, "<span foreground=\"#3584e4\">", izp_signature_get (signature, IZP_SIGNATURE_WEBSITE), "</span>");
  badge = izp_signature_dup_badge (signature);
  append_line (markup, "<small><b>", badge, "</b></small>");
  if (demo != NULL && izp_template_is_web_url (demo))
    append_line (markup, "Gagnez 10 h par semaine sur votre administratif : <span foreground=\"#3584e4\">",
                 "réservez votre démo gratuite", "</span>");
  if (markup->len == 0)
    g_string_append_printf (markup, "<i>%s</i>", _("Fill in your details below."));
  gtk_label_set_markup (self->preview_label, markup->str);
  gtk_widget_set_visible (GTK_WIDGET (self->logo_image),
                          izp_template_is_web_url (izp_signature_get (signature, IZP_SIGNATURE_LOGO_URL)));

  gtk_label_set_text (self->text_label, text);
  {
    g_autofree char *size = izp_format_count (length);
    g_autofree char *limit = izp_format_count (IZP_SIGNATURE_GMAIL_LIMIT);

    /* Translators: the first %s is the signature's size, the second Gmail's limit. */
    count = g_strdup_printf (_("%s of the %s characters Gmail allows"), size, limit);
  }
  gtk_label_set_text (self->count_label, count);
  if (length >= IZP_SIGNATURE_GMAIL_LIMIT)
    gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->count_label), "error");

  {
    /* The badge as it reads, shown even while it is switched off. */
    g_autoptr(IzpSignature) with_badge = current_signature (self);
    g_autofree char *subtitle = NULL;

    izp_signature_set_badge (with_badge, TRUE);
    subtitle = izp_signature_dup_badge (with_badge);
    adw_action_row_set_subtitle (self->badge_row, subtitle);
  }
}

static void
copy_signature (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (widget);
  g_autoptr(IzpSignature) signature = current_signature (self);
  g_autofree char *fragment = izp_signature_to_html (signature);
  g_autofree char *html = izp_template_html_document (fragment);
  g_autofree char *text = izp_signature_to_text (signature);

  izp_clipboard_set_rich_text (widget, html, text);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Signature copied, formatted"));
}

gboolean
izp_signature_page_save_to_file (IzpSignaturePage  *self,
                                 GFile             *file,
                                 GError           **error)
{
  g_autoptr(IzpSignature) signature = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *html = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (IZP_IS_SIGNATURE_PAGE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  signature = current_signature (self);
  fragment = izp_signature_to_html (signature);
  /* UTF-8, said in the file itself: Thunderbird reads the <meta>. */
  html = izp_template_html_document (fragment);
  if (!g_file_replace_contents (file, html, strlen (html), NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, error))
    return FALSE;

  path = g_file_get_parse_name (file);
  /* Translators: %s is the file; the quoted words are Thunderbird's own (French) labels. */
  message = g_strdup_printf (_("Saved in %s. In Thunderbird: Account Settings, your account, "
                               "tick “Joindre cette signature depuis un fichier” and choose this file."), path);
  gtk_label_set_text (self->saved_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->saved_label), TRUE);
  return TRUE;
}

static void
on_chooser_response (IzpSignaturePage *self,
                     int               response,
                     GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      if (!izp_signature_page_save_to_file (self, file, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", _("Signature saved for Thunderbird"));
    }
  g_clear_object (&self->chooser);
}

static void
save_signature (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save the Signature for Thunderbird"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "signature.html");
  gtk_file_filter_set_name (filter, _("HTML pages"));
  gtk_file_filter_add_mime_type (filter, "text/html");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_sources_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IzpSignaturePage *self = user_data;
  g_autoptr(GError) error = NULL;
  IzpTemplateSources *sources = izp_template_sources_load_finish (IZP_STORE (source), result, &error);

  if (sources == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the account for the signature: %s", error->message);
      return;
    }
  g_clear_pointer (&self->sources, izp_template_sources_free);
  self->sources = sources;
  update_preview (self);
}

static void
read_sources (GtkWidget *widget)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (widget);
  IzpStore *store = self->session != NULL ? izp_session_get_store (self->session) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  izp_template_sources_load_async (store, self->cancellable, on_sources_loaded, self);
}

/* The session's data changed (a sync): the tier may have too. Read it again
 * when the section is on screen; a read under way for what was there before
 * stops at once. */
static void
reload (IzpSignaturePage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  izp_when_shown (GTK_WIDGET (self), read_sources);
}

void
izp_signature_page_set_session (IzpSignaturePage *self,
                                IzpSession       *session)
{
  g_return_if_fail (IZP_IS_SIGNATURE_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->sources, izp_template_sources_free);
  update_preview (self);
  if (session != NULL)
    g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

IzpSession *
izp_signature_page_get_session (IzpSignaturePage *self)
{
  g_return_val_if_fail (IZP_IS_SIGNATURE_PAGE (self), NULL);

  return self->session;
}

static void
izp_signature_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_signature_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_signature_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
build_fields (IzpSignaturePage *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    {
      GtkWidget *row = adw_entry_row_new ();
      const char *key = izp_signature_field_settings_key (form[i].field);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(form[i].title));
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), form[i].purpose);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (row), (int) izp_signature_field_max_length (form[i].field));
      gtk_widget_set_name (row, key);
      g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
      adw_preferences_group_add (self->fields_group, row);
    }
}

static void
izp_signature_page_dispose (GObject *object)
{
  IzpSignaturePage *self = IZP_SIGNATURE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->sources, izp_template_sources_free);

  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_SIGNATURE_PAGE);

  G_OBJECT_CLASS (izp_signature_page_parent_class)->dispose (object);
}

static void
izp_signature_page_class_init (IzpSignaturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_signature_page_dispose;
  object_class->get_property = izp_signature_page_get_property;
  object_class->set_property = izp_signature_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-signature-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, logo_image);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, saved_label);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, text_label);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, badge_row);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, badge_switch);
  gtk_widget_class_bind_template_child (widget_class, IzpSignaturePage, in_emails_switch);

  gtk_widget_class_install_action (widget_class, "signature.copy", NULL, copy_signature);
  gtk_widget_class_install_action (widget_class, "signature.save", NULL, save_signature);
}

static void
izp_signature_page_init (IzpSignaturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("fr.izyinbox.Partner");
  build_fields (self);
  g_settings_bind (self->settings, "signature-badge", self->badge_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "signature-in-emails", self->in_emails_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (update_preview), self);
  update_preview (self);
}
