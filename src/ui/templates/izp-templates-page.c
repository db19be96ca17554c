/* izp-templates-page.c — the “E-mail Templates” section
 *
 * The list of templates; the subject and body editor, its fields
 * highlighted (unknown ones in error style), the user's text saved a moment
 * after each change; a preview for a lead, a client or typed values, with
 * missing values flagged; copy as HTML and plain text at once, or open in
 * the mail client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-clipboard.h"
#include "izp-signature.h"
#include "izp-template-library.h"
#include "izp-template-link.h"
#include "izp-template-sources.h"
#include "izp-templates-page.h"
#include "izp-when-shown.h"

/* A pause in typing this long saves the text. */
#define SAVE_DELAY_MS 600

struct _IzpTemplatesPage
{
  AdwBin parent_instance;

  AdwLeaflet         *leaflet;
  GtkListBox         *template_list;
  GtkWidget          *editor_pane;
  GtkWidget          *newer_box;
  GtkToggleButton    *compare_button;
  GtkLabel           *official_label;
  GtkLabel           *title_label;
  GtkLabel           *state_label;
  GtkMenuButton      *insert_button;
  GtkWidget          *revert_button;
  GtkEntry           *subject_entry;
  GtkTextView        *body_view;
  GtkLabel           *problems_label;
  AdwComboRow        *recipient_row;
  GtkStringList      *recipients;
  AdwExpanderRow     *values_row;
  GtkLabel           *preview_subject;
  GtkLabel           *preview_body;
  GtkLabel           *missing_label;
  GtkWidget          *create_link_button;

  IzpTemplateLibrary *library;
  GSettings          *settings;
  IzpSession         *session;
  IzpTemplateSources *sources;
  GCancellable       *cancellable;
  GHashTable         *queued_links;   /* "kind:id" of prospects whose link waits */
  gboolean            creating_link;
  char               *current_id;
  GtkWidget          *value_entries[IZP_N_FIELDS];
  guint               save_id;
  gboolean            loading_text;
  gboolean            subject_last_focused;
};

G_DEFINE_FINAL_TYPE (IzpTemplatesPage, izp_templates_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Values and rendering */

static const IzpProspect *
selected_prospect (IzpTemplatesPage *self)
{
  guint position = adw_combo_row_get_selected (self->recipient_row);

  /* Position 0 is “typed values only”. */
  if (self->sources == NULL || position == 0 || position == GTK_INVALID_LIST_POSITION ||
      position > self->sources->prospects->len)
    return NULL;
  return g_ptr_array_index (self->sources->prospects, position - 1);
}

/* The signature as it goes out: settings, then the account. */
static IzpSignature *
current_signature (IzpTemplatesPage *self)
{
  IzpSignature *signature = izp_signature_new_from_settings (self->settings);

  izp_template_sources_complete_signature (self->sources, signature);
  return signature;
}

/* The partner's own fields, then the prospect's, then what is typed. */
static IzpTemplateValues *
current_values (IzpTemplatesPage *self)
{
  IzpTemplateValues *values = izp_template_values_new ();
  g_autoptr(IzpSignature) signature = current_signature (self);
  const IzpProspect *prospect = selected_prospect (self);

  izp_template_values_fill_from_signature (values, signature);
  if (prospect != NULL)
    izp_prospect_fill_values (prospect, values);
  for (guint f = 0; f < IZP_N_FIELDS; f++)
    {
      const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->value_entries[f]));

      if (*typed != '\0')
        izp_template_values_set (values, f, typed);
    }
  return values;
}

static char *
dup_body (IzpTemplatesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Pango markup of the filled body: a missing value highlighted, an
 * unknown field underlined as an error. */
static char *
preview_markup (IzpTemplateParse        *parse,
                const IzpTemplateValues *values)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < izp_template_parse_get_n_tokens (parse); i++)
    {
      const IzpTemplateToken *token = izp_template_parse_get_token (parse, i);
      g_autofree char *escaped = NULL;
      const char *value;

      switch (token->kind)
        {
        case IZP_TOKEN_TEXT:
          escaped = g_markup_escape_text (token->text, -1);
          g_string_append (out, escaped);
          break;
        case IZP_TOKEN_UNKNOWN:
          escaped = g_markup_escape_text (token->text, -1);
          g_string_append_printf (out, "<span underline=\"error\">[%s]</span>", escaped);
          break;
        case IZP_TOKEN_FIELD:
          value = izp_template_values_get (values, token->field);
          if (value != NULL)
            {
              escaped = g_markup_escape_text (value, -1);
              g_string_append (out, escaped);
            }
          else
            {
              escaped = g_markup_escape_text (izp_template_field_get (token->field)->name, -1);
              g_string_append_printf (out, "<span background=\"#f6d32d\" bgalpha=\"55%%\" weight=\"bold\">[%s]</span>",
                                      escaped);
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (out, FALSE);
}

static char *
prospect_key (const IzpProspect *prospect)
{
  return g_strdup_printf ("%d:%s", prospect->kind, prospect->id);
}

static void
update_preview (IzpTemplatesPage *self)
{
  const IzpProspect *prospect = selected_prospect (self);
  gboolean link_queued = FALSE;
  g_autoptr(IzpTemplateValues) values = current_values (self);
  g_autoptr(IzpTemplateParse) subject = NULL;
  g_autoptr(IzpTemplateParse) body = NULL;
  g_autofree char *body_text = dup_body (self);
  g_autofree char *subject_text = NULL;
  g_autofree char *markup = NULL;
  guint missing = 0, body_missing = 0;

  subject = izp_template_parse (gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)), -1, NULL);
  body = izp_template_parse (body_text, -1, NULL);
  if (subject == NULL || body == NULL)
    return;

  subject_text = izp_template_render_text (subject, values, &missing);
  gtk_label_set_text (self->preview_subject, subject_text);
  g_free (izp_template_render_text (body, values, &body_missing));
  missing |= body_missing;
  markup = preview_markup (body, values);
  if (g_settings_get_boolean (self->settings, "signature-in-emails"))
    {
      /* The signature as it will go under the e-mail, in its text form. */
      g_autoptr(IzpSignature) signature = current_signature (self);
      g_autofree char *tail = g_strdup ("");
      g_autofree char *escaped = NULL;
      char *joined;

      izp_signature_append_to_email (signature, NULL, &tail);
      escaped = g_markup_escape_text (g_strchomp (tail), -1);
      joined = g_strconcat (markup, "<span alpha=\"70%\">", escaped, "</span>", NULL);
      g_free (markup);
      markup = joined;
    }
  gtk_label_set_markup (self->preview_body, markup);

  if (missing != 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      g_autofree char *text = NULL;

      for (guint f = 0; f < IZP_N_FIELDS; f++)
        if (missing & (1u << f))
          g_string_append_printf (names, "%s[%s]", names->len > 0 ? ", " : "", izp_template_field_get (f)->name);
      /* Translators: %s is a list of fields, such as “[Prénom], [Lien démo]”. */
      text = g_strdup_printf (_("No value for %s: they stay visible in the e-mail. Choose a recipient or type the values."),
                              names->str);
      if (missing & ((1u << IZP_FIELD_ACCOUNTANT) | (1u << IZP_FIELD_SIGNATURE)))
        {
          /* Those come from the signature, not from the recipient. */
          char *more = g_strconcat (text, " ", _("Your name comes from the Signature section."), NULL);

          g_free (text);
          text = more;
        }
      if ((missing & (1u << IZP_FIELD_DEMO_LINK)) && prospect != NULL)
        {
          g_autofree char *key = prospect_key (prospect);
          char *more;

          /* The link exists but waits for the server, which gives its URL. */
          link_queued = g_hash_table_contains (self->queued_links, key);
          if (link_queued)
            {
              more = g_strconcat (text, " ", izp_template_link_pending_message (), NULL);
              g_free (text);
              text = more;
            }
        }
      gtk_label_set_text (self->missing_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->missing_label), missing != 0);
  gtk_widget_set_visible (self->create_link_button,
                          (missing & (1u << IZP_FIELD_DEMO_LINK)) && prospect != NULL && !link_queued
                          && self->session != NULL && izp_session_get_sync (self->session) != NULL);
  gtk_widget_set_sensitive (self->create_link_button, !self->creating_link);
}

/* ------------------------------------------------------------------ */
/* The editor */

static void
highlight (IzpTemplatesPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *body = dup_body (self);
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  g_autoptr(IzpTemplateParse) body_parse = izp_template_parse (body, -1, NULL);
  g_autoptr(IzpTemplateParse) subject_parse = izp_template_parse (subject, -1, NULL);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_all_tags (buffer, &start, &end);

  if (body_parse != NULL)
    {
      for (guint i = 0; i < izp_template_parse_get_n_tokens (body_parse); i++)
        {
          const IzpTemplateToken *token = izp_template_parse_get_token (body_parse, i);

          if (token->kind == IZP_TOKEN_TEXT)
            continue;
          gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (body, body + token->start));
          gtk_text_buffer_get_iter_at_offset (buffer, &end, g_utf8_pointer_to_offset (body, body + token->end));
          gtk_text_buffer_apply_tag_by_name (buffer, token->kind == IZP_TOKEN_FIELD ? "field" : "unknown",
                                             &start, &end);
        }
    }

  if (subject_parse != NULL)
    {
      for (guint i = 0; i < izp_template_parse_get_n_tokens (subject_parse); i++)
        {
          const IzpTemplateToken *token = izp_template_parse_get_token (subject_parse, i);
          PangoAttribute *attr;

          if (token->kind == IZP_TOKEN_TEXT)
            continue;
          if (token->kind == IZP_TOKEN_FIELD)
            attr = pango_attr_background_new (0x3535, 0x8484, 0xe4e4);
          else
            attr = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
          attr->start_index = token->start;
          attr->end_index = token->end;
          pango_attr_list_insert (attrs, attr);
          if (token->kind == IZP_TOKEN_FIELD)
            {
              attr = pango_attr_background_alpha_new (0x3000);
              attr->start_index = token->start;
              attr->end_index = token->end;
              pango_attr_list_insert (attrs, attr);
            }
        }
    }
  gtk_entry_set_attributes (self->subject_entry, attrs);

  for (guint part = 0; part < 2; part++)
    {
      IzpTemplateParse *parse = part == 0 ? subject_parse : body_parse;
      GPtrArray *list;

      if (parse == NULL)
        continue;
      list = izp_template_parse_get_problems (parse);
      for (guint i = 0; i < list->len; i++)
        g_string_append_printf (problems, "%s%s %s", problems->len > 0 ? "\n" : "",
                                part == 0 ? _("Subject:") : _("Message:"),
                                ((GError *) g_ptr_array_index (list, i))->message);
    }
  gtk_label_set_text (self->problems_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems->len > 0);
}

static void
update_state (IzpTemplatesPage *self)
{
  const IzpTemplate *edit = izp_template_library_get_edit (self->library, self->current_id);
  const IzpTemplate *official = izp_template_library_get_official (self->library, self->current_id);
  gboolean newer = izp_template_library_has_newer_official (self->library, self->current_id);

  gtk_label_set_text (self->title_label, official != NULL ? official->title : "");
  gtk_label_set_text (self->state_label,
                      edit != NULL ? _("Your version — saved on this computer as you type")
                                   : _("Official version — your changes are saved as you type"));
  gtk_widget_set_visible (self->newer_box, newer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "templates.revert", edit != NULL);
  if (newer)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n%s", official->subject, official->body);

      gtk_label_set_text (self->official_label, text);
    }
  else
    gtk_toggle_button_set_active (self->compare_button, FALSE);
}

static void
update_row (IzpTemplatesPage *self,
            const char       *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->template_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      GtkLabel *subtitle = g_object_get_data (G_OBJECT (row), "subtitle");

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), id) != 0)
        continue;
      if (izp_template_library_has_newer_official (self->library, id))
        gtk_label_set_text (subtitle, _("Modified · new official version"));
      else if (izp_template_library_get_edit (self->library, id) != NULL)
        gtk_label_set_text (subtitle, _("Modified by you"));
      else
        gtk_label_set_text (subtitle, _("Official version"));
    }
}

static gboolean
save_now (IzpTemplatesPage *self)
{
  const IzpTemplate *current;
  g_autofree char *body = NULL;
  const char *subject;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->current_id == NULL)
    return FALSE;

  current = izp_template_library_get (self->library, self->current_id);
  body = dup_body (self);
  subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_entry));
  if (current != NULL && g_strcmp0 (current->subject, subject) == 0 && g_strcmp0 (current->body, body) == 0)
    return FALSE;
  if (!izp_template_library_save_edit (self->library, self->current_id, subject, body, &error))
    {
      /* Kept on screen: the next change tries again. */
      gtk_label_set_text (self->state_label, error->message);
      return FALSE;
    }
  update_state (self);
  update_row (self, self->current_id);
  return FALSE;
}

static gboolean
on_save_timeout (gpointer user_data)
{
  IzpTemplatesPage *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_text_changed (IzpTemplatesPage *self)
{
  if (self->loading_text)
    return;
  highlight (self);
  update_preview (self);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

static void
load_text (IzpTemplatesPage *self)
{
  const IzpTemplate *template_ = izp_template_library_get (self->library, self->current_id);

  self->loading_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), template_ != NULL ? template_->subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), template_ != NULL ? template_->body : "", -1);
  self->loading_text = FALSE;
  highlight (self);
  update_state (self);
  update_preview (self);
}

static void
select_template (IzpTemplatesPage *self,
                 const char       *id)
{
  if (izp_template_library_get (self->library, id) == NULL)
    return;
  /* The text being typed is saved before another one shows. */
  save_now (self);
  g_free (self->current_id);
  self->current_id = g_strdup (id);
  load_text (self);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->template_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), id) == 0)
      gtk_list_box_select_row (self->template_list, GTK_LIST_BOX_ROW (row));
}

static void
rebuild_list (IzpTemplatesPage *self)
{
  g_auto(GStrv) ids = izp_template_library_list_ids (self->library);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->template_list))) != NULL)
    gtk_list_box_remove (self->template_list, child);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *title = gtk_label_new (izp_template_library_get (self->library, ids[i])->title);
      GtkWidget *subtitle = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
      gtk_widget_add_css_class (subtitle, "caption");
      gtk_widget_add_css_class (subtitle, "dim-label");
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), subtitle);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "id", g_strdup (ids[i]), g_free);
      g_object_set_data (G_OBJECT (row), "subtitle", subtitle);
      gtk_list_box_append (self->template_list, row);
      update_row (self, ids[i]);
    }
}

static void
on_template_row_activated (IzpTemplatesPage *self,
                           GtkListBoxRow    *row)
{
  select_template (self, g_object_get_data (G_OBJECT (row), "id"));
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

/* ------------------------------------------------------------------ */
/* Actions */

static void
insert_field (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  int field = izp_template_field_lookup (g_variant_get_string (parameter, NULL), -1);
  g_autofree char *markup = NULL;

  if (field < 0)
    return;
  markup = izp_template_field_markup (field);
  if (self->subject_last_focused)
    {
      int position = gtk_editable_get_position (GTK_EDITABLE (self->subject_entry));

      gtk_editable_insert_text (GTK_EDITABLE (self->subject_entry), markup, -1, &position);
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
    }
  else
    {
      gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->body_view), markup, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
    }
}

static void
show_toast (IzpTemplatesPage *self,
            const char       *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
revert (GtkWidget  *widget,
        const char *action_name,
        GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!izp_template_library_revert (self->library, self->current_id, &error))
    {
      show_toast (self, error->message);
      return;
    }
  load_text (self);
  update_row (self, self->current_id);
  show_toast (self, _("The official version is back"));
}

static void
keep_edit (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  g_autoptr(GError) error = NULL;

  save_now (self);
  if (!izp_template_library_keep_edit (self->library, self->current_id, &error))
    show_toast (self, error->message);
  update_state (self);
  update_row (self, self->current_id);
}

/* The e-mail as sent: the filled body, then the signature if wanted. */
static void
compose (IzpTemplatesPage  *self,
         char             **out_subject,
         char             **out_html,
         char             **out_text)
{
  g_autoptr(IzpTemplateValues) values = current_values (self);
  g_autoptr(IzpTemplateParse) subject = izp_template_parse (gtk_editable_get_text (GTK_EDITABLE (self->subject_entry)), -1, NULL);
  g_autofree char *body_source = dup_body (self);
  g_autoptr(IzpTemplateParse) body = izp_template_parse (body_source, -1, NULL);
  g_autoptr(IzpSignature) signature = current_signature (self);
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;

  *out_subject = subject != NULL ? izp_template_render_text (subject, values, NULL) : g_strdup ("");
  html = body != NULL ? izp_template_render_html (body, values, NULL) : g_strdup ("");
  text = body != NULL ? izp_template_render_text (body, values, NULL) : g_strdup ("");
  if (g_settings_get_boolean (self->settings, "signature-in-emails"))
    izp_signature_append_to_email (signature, &html, &text);
  if (out_html != NULL)
    *out_html = izp_template_html_document (html);
  if (out_text != NULL)
    *out_text = g_steal_pointer (&text);
}

static void
copy_email (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  g_autofree char *subject = NULL;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;

  compose (self, &subject, &html, &text);
  izp_clipboard_set_rich_text (widget, html, text);
  show_toast (self, _("E-mail copied, formatted: paste it into your message"));
}

static void
copy_subject (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  g_autofree char *subject = NULL;

  compose (self, &subject, NULL, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), subject);
  show_toast (self, _("Subject copied"));
}

char *
izp_templates_page_dup_mailto_uri (IzpTemplatesPage *self)
{
  const IzpProspect *prospect;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (IZP_IS_TEMPLATES_PAGE (self), NULL);

  prospect = selected_prospect (self);
  compose (self, &subject, NULL, &text);
  return izp_template_mailto (prospect != NULL ? prospect->email : NULL, subject, text);
}

static void
open_mail (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  g_autofree char *uri = izp_templates_page_dup_mailto_uri (IZP_TEMPLATES_PAGE (widget));
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* Whose link is being made: the chosen recipient may change meanwhile. */
typedef struct
{
  IzpTemplatesPage *self;
  char             *key;
} LinkCall;

static void
link_call_free (LinkCall *call)
{
  g_object_unref (call->self);
  g_free (call->key);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LinkCall, link_call_free)

static void
on_link_ensured (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(LinkCall) call = user_data;
  IzpTemplatesPage *self = call->self;
  const char *key = call->key;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean queued = FALSE;

  self->creating_link = FALSE;
  url = izp_template_ensure_link_finish (IZP_SYNC (source), result, &queued, &error);
  /* The page closed meanwhile: the link is kept all the same. */
  if (self->queued_links == NULL)
    return;
  if (url == NULL && !queued)
    {
      show_toast (self, error->message);
      update_preview (self);
      return;
    }
  if (queued)
    g_hash_table_add (self->queued_links, g_strdup (key));
  for (guint i = 0; url != NULL && self->sources != NULL && i < self->sources->prospects->len; i++)
    {
      IzpProspect *prospect = g_ptr_array_index (self->sources->prospects, i);
      g_autofree char *candidate = prospect_key (prospect);

      /* Shown at once; the reload below reads it back from the store. */
      if (g_strcmp0 (candidate, key) == 0 && prospect->link_url == NULL)
        prospect->link_url = g_strdup (url);
    }
  show_toast (self, queued ? _("Tracking link queued") : _("Tracking link created"));
  update_preview (self);
  /* Every section shows the new link (this page reloads too). */
  if (self->session != NULL)
    g_signal_emit_by_name (self->session, "changed");
}

/* [Lien démo] for a prospect who has none: a link made through the links
 * core, labelled and filled from the prospect, with the Preferences'
 * default channel and campaign. */
static void
create_link (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  const IzpProspect *prospect = selected_prospect (self);
  IzpSync *sync = self->session != NULL ? izp_session_get_sync (self->session) : NULL;
  g_autofree char *channel = NULL;
  g_autofree char *campaign = NULL;
  LinkCall *call;

  if (prospect == NULL || sync == NULL || self->creating_link)
    return;
  channel = g_settings_get_string (self->settings, "default-channel");
  campaign = g_settings_get_string (self->settings, "default-campaign");
  self->creating_link = TRUE;
  gtk_widget_set_sensitive (self->create_link_button, FALSE);
  call = g_new0 (LinkCall, 1);
  call->self = g_object_ref (self);
  call->key = prospect_key (prospect);
  izp_template_ensure_link_async (sync, prospect, channel, campaign, NULL, on_link_ensured, call);
}

static void
compare (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);

  gtk_toggle_button_set_active (self->compare_button, !gtk_toggle_button_get_active (self->compare_button));
}

static void
show_list (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
select_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);

  select_template (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->editor_pane);
}

/* ------------------------------------------------------------------ */
/* The account's data */

/* Rebuilds the recipients (after a sync) keeping the one chosen, found
 * again by its kind and id. */
static void
fill_recipients (IzpTemplatesPage *self,
                 IzpProspectKind   kind,
                 const char       *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->recipients));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint selected = 0;

  g_ptr_array_add (names, g_strdup (_("Typed values only")));
  for (guint i = 0; self->sources != NULL && i < self->sources->prospects->len; i++)
    {
      const IzpProspect *prospect = g_ptr_array_index (self->sources->prospects, i);
      g_autofree char *description = izp_prospect_describe (prospect);

      g_ptr_array_add (names, g_strdup_printf (prospect->kind == IZP_PROSPECT_LEAD ? _("%s (lead)") : _("%s (client)"),
                                               description));
      if (id != NULL && prospect->kind == kind && g_strcmp0 (prospect->id, id) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->recipients, 0, n, (const char * const *) names->pdata);
  adw_combo_row_set_selected (self->recipient_row, selected);
}

/* The rows change only when the templates do (a new official one). */
static gboolean
list_matches (IzpTemplatesPage *self)
{
  g_auto(GStrv) ids = izp_template_library_list_ids (self->library);
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->template_list));

  for (guint i = 0; ids[i] != NULL; i++, row = gtk_widget_get_next_sibling (row))
    if (row == NULL || g_strcmp0 (g_object_get_data (G_OBJECT (row), "id"), ids[i]) != 0)
      return FALSE;
  return row == NULL;
}

static void
on_sources_loaded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  IzpTemplatesPage *self = user_data;
  g_autoptr(GError) error = NULL;
  IzpTemplateSources *sources = izp_template_sources_load_finish (IZP_STORE (source), result, &error);
  const IzpProspect *chosen;
  g_autofree char *chosen_id = NULL;
  IzpProspectKind chosen_kind = IZP_PROSPECT_LEAD;

  if (sources == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the templates' data: %s", error->message);
      return;
    }
  chosen = selected_prospect (self);
  if (chosen != NULL)
    {
      chosen_id = g_strdup (chosen->id);
      chosen_kind = chosen->kind;
    }
  g_clear_pointer (&self->sources, izp_template_sources_free);
  self->sources = sources;
  izp_template_library_add_official (self->library, sources->official);
  fill_recipients (self, chosen_kind, chosen_id);
  if (!list_matches (self))
    {
      rebuild_list (self);
      if (self->current_id != NULL)
        select_template (self, self->current_id);
    }
  else
    {
      g_auto(GStrv) ids = izp_template_library_list_ids (self->library);

      for (guint i = 0; ids[i] != NULL; i++)
        update_row (self, ids[i]);
    }
  if (self->current_id != NULL)
    {
      update_state (self);
      update_preview (self);
    }
}

static void
read_sources (GtkWidget *widget)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (widget);
  IzpStore *store = self->session != NULL ? izp_session_get_store (self->session) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  izp_template_sources_load_async (store, self->cancellable, on_sources_loaded, self);
}

/* The session's data changed (a sync, a new link): read it again, when the
 * section is on screen (a store not open yet when the session came is open
 * by then). A read under way for what was there before stops at once. */
static void
reload (IzpTemplatesPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  izp_when_shown (GTK_WIDGET (self), read_sources);
}

void
izp_templates_page_set_session (IzpTemplatesPage *self,
                                IzpSession       *session)
{
  g_return_if_fail (IZP_IS_TEMPLATES_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* Nothing of the previous account stays on screen. */
  g_clear_pointer (&self->sources, izp_template_sources_free);
  fill_recipients (self, IZP_PROSPECT_LEAD, NULL);
  update_preview (self);
  if (session != NULL)
    g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

IzpSession *
izp_templates_page_get_session (IzpTemplatesPage *self)
{
  g_return_val_if_fail (IZP_IS_TEMPLATES_PAGE (self), NULL);

  return self->session;
}

gboolean
izp_templates_page_is_loaded (IzpTemplatesPage *self)
{
  g_return_val_if_fail (IZP_IS_TEMPLATES_PAGE (self), FALSE);

  return self->sources != NULL;
}

/* ------------------------------------------------------------------ */

static void
on_subject_focus (IzpTemplatesPage *self)
{
  self->subject_last_focused = TRUE;
}

static void
on_body_focus (IzpTemplatesPage *self)
{
  self->subject_last_focused = FALSE;
}

static void
build_insert_menu (IzpTemplatesPage *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint f = 0; f < IZP_N_FIELDS; f++)
    {
      const IzpTemplateField *field = izp_template_field_get (f);
      g_autofree char *label = g_strdup_printf ("[%s] — %s", field->name, _(field->description));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "templates.insert-field", g_variant_new_string (field->name));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->insert_button, G_MENU_MODEL (menu));
}

static void
build_value_rows (IzpTemplatesPage *self)
{
  for (guint f = 0; f < IZP_N_FIELDS; f++)
    {
      const IzpTemplateField *field = izp_template_field_get (f);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *entry = gtk_entry_new ();
      g_autofree char *title = g_strdup_printf ("[%s]", field->name);

      /* An action row with an entry: AdwEntryRow of libadwaita 1.2
       * complains when it is destroyed inside an expander row. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(field->description));
      gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
      gtk_widget_set_hexpand (entry, TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), field->example);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
      g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_preview), self);
      adw_expander_row_add_row (self->values_row, row);
      self->value_entries[f] = entry;
    }
}

static void
izp_templates_page_dispose (GObject *object)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (object);

  /* What was typed last is saved, even on closing. */
  if (self->library != NULL)
    save_now (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sources, izp_template_sources_free);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->current_id, g_free);
  g_clear_pointer (&self->queued_links, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (object), IZP_TYPE_TEMPLATES_PAGE);

  G_OBJECT_CLASS (izp_templates_page_parent_class)->dispose (object);
}

static void
izp_templates_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (object);

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
izp_templates_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IzpTemplatesPage *self = IZP_TEMPLATES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_templates_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_templates_page_class_init (IzpTemplatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_templates_page_dispose;
  object_class->get_property = izp_templates_page_get_property;
  object_class->set_property = izp_templates_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-templates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, template_list);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, editor_pane);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, newer_box);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, official_label);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, insert_button);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, revert_button);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, recipient_row);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, recipients);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, values_row);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, preview_subject);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, preview_body);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, missing_label);
  gtk_widget_class_bind_template_child (widget_class, IzpTemplatesPage, create_link_button);
  gtk_widget_class_bind_template_callback (widget_class, on_template_row_activated);

  gtk_widget_class_install_action (widget_class, "templates.insert-field", "s", insert_field);
  gtk_widget_class_install_action (widget_class, "templates.revert", NULL, revert);
  gtk_widget_class_install_action (widget_class, "templates.keep-edit", NULL, keep_edit);
  gtk_widget_class_install_action (widget_class, "templates.copy", NULL, copy_email);
  gtk_widget_class_install_action (widget_class, "templates.copy-subject", NULL, copy_subject);
  gtk_widget_class_install_action (widget_class, "templates.open-mail", NULL, open_mail);
  gtk_widget_class_install_action (widget_class, "templates.create-link", NULL, create_link);
  gtk_widget_class_install_action (widget_class, "templates.show-list", NULL, show_list);
  gtk_widget_class_install_action (widget_class, "templates.compare", NULL, compare);
  gtk_widget_class_install_action (widget_class, "templates.select", "s", select_action);
}

static void
izp_templates_page_init (IzpTemplatesPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkEventController *focus;
  g_auto(GStrv) ids = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->queued_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Not a bound template child: AdwBin unparents its child itself, and a
   * bound direct child would be unparented twice. */
  self->leaflet = ADW_LEAFLET (adw_bin_get_child (ADW_BIN (self)));

  self->settings = g_settings_new ("fr.izyinbox.Partner");
  self->library = izp_template_library_new (NULL, &error);
  /* The templates are compiled in: failing here is a broken build. */
  if (self->library == NULL)
    g_error ("The shipped templates do not load: %s", error->message);

  buffer = gtk_text_view_get_buffer (self->body_view);
  /* Light and dark alike: translucent colours over either background. */
  gtk_text_buffer_create_tag (buffer, "field", "background-rgba", &(GdkRGBA) { 0.21, 0.52, 0.89, 0.22 },
                              "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "unknown", "background-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 0.22 },
                              "underline", PANGO_UNDERLINE_ERROR, NULL);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_text_changed), self);
  g_signal_connect_swapped (self->subject_entry, "changed", G_CALLBACK (on_text_changed), self);
  g_signal_connect_swapped (self->recipient_row, "notify::selected", G_CALLBACK (update_preview), self);
  g_signal_connect_swapped (self->settings, "changed", G_CALLBACK (update_preview), self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_subject_focus), self);
  gtk_widget_add_controller (GTK_WIDGET (self->subject_entry), focus);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_body_focus), self);
  gtk_widget_add_controller (GTK_WIDGET (self->body_view), focus);

  build_insert_menu (self);
  build_value_rows (self);
  fill_recipients (self, IZP_PROSPECT_LEAD, NULL);
  rebuild_list (self);
  ids = izp_template_library_list_ids (self->library);
  select_template (self, ids[0]);
}
