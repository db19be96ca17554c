/* test-templates.c — the e-mail templates section in the real window
 *
 * With the demo account: pick a template and a lead, check the preview
 * against the lead read from the same store, copy, and read the clipboard
 * back in both formats; edit with an unknown field; screenshots wide,
 * narrow and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "izp-templates-page.h"
#include "izp-links.h"
#include "izp-template-sources.h"
#include "izp-ui-test.h"

static IzpApplication *app;

static gboolean
page_is_loaded (gpointer data)
{
  return izp_templates_page_is_loaded (data);
}

static IzpTemplatesPage *
open_templates (IzpWindow *window)
{
  IzpTemplatesPage *page;

  izp_ui_test_open_demo (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "templates"));
  page = IZP_TEMPLATES_PAGE (izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_TEMPLATES_PAGE));
  g_assert_true (izp_ui_test_wait_until (page_is_loaded, page, 30));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  return page;
}

static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = izp_ui_test_find_by_name (root, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The editor scrolled down to the preview and its buttons. */
static void
scroll_to_preview (IzpWindow *window,
                   GtkWidget *root)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (izp_ui_test_find_by_name (root, "preview-body"),
                                                 GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  /* Twice: a pane just shown has its final height only after a layout. */
  for (int i = 0; i < 2; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
    }
}

typedef struct
{
  GOutputStream *out;
  char          *text;
  gboolean       done;
} ReadResult;

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ReadResult *read = user_data;
  g_autoptr(GError) error = NULL;
  GMemoryOutputStream *memory = G_MEMORY_OUTPUT_STREAM (source);

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
  read->text = g_strndup (g_memory_output_stream_get_data (memory), g_memory_output_stream_get_data_size (memory));
  read->done = TRUE;
}

/* The content of our own clipboard is written on this main loop: read it
 * asynchronously, never with a blocking splice. */
static void
on_clipboard_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ReadResult *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);

  g_assert_no_error (error);
  read->out = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (read->out, stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, on_spliced, read);
}

static gboolean
read_is_done (gpointer data)
{
  return ((ReadResult *) data)->done;
}

static char *
read_clipboard (GdkClipboard *clipboard,
                const char   *mime_type)
{
  const char *mime_types[] = { mime_type, NULL };
  ReadResult read = { NULL, NULL, FALSE };

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL, on_clipboard_read, &read);
  g_assert_true (izp_ui_test_wait_until (read_is_done, &read, 10));
  g_clear_object (&read.out);
  return read.text;
}

static void
test_preview_and_copy (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 900);
  IzpTemplatesPage *page = open_templates (window);
  GtkWidget *root = GTK_WIDGET (page);
  AdwComboRow *recipient = ADW_COMBO_ROW (izp_ui_test_find_by_name (root, "recipient"));
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autoptr(GError) error = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (root);
  GdkContentFormats *formats;
  const IzpProspect *lead = NULL;
  guint position = 0;
  g_autofree char *html = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* The expected values: the demo store, read through the core. */
  sources = izp_template_sources_load (izp_session_get_store (izp_window_get_session (window)), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sources->prospects->len && lead == NULL; i++)
    {
      const IzpProspect *prospect = g_ptr_array_index (sources->prospects, i);

      if (prospect->kind == IZP_PROSPECT_LEAD && prospect->link_url != NULL && prospect->company != NULL &&
          prospect->demo_at != NULL)
        {
          lead = prospect;
          position = i + 1;   /* after “typed values only” */
        }
    }
  g_assert_nonnull (lead);

  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "relance-post-demo"));
  /* No recipient yet: the fields stay visible and are flagged. */
  g_assert_true (gtk_widget_get_visible (izp_ui_test_find_by_name (root, "missing-values")));
  g_assert_nonnull (strstr (label_text (root, "preview-body"), "[Prénom]"));

  adw_combo_row_set_selected (recipient, position);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  {
    g_autofree char *hello = g_strdup_printf ("Bonjour %s,", lead->first_name);
    g_autofree char *demo_date = izp_template_format_demo_date (lead->demo_at);

    g_assert_true (g_str_has_prefix (label_text (root, "preview-body"), hello));
    g_assert_nonnull (strstr (label_text (root, "preview-body"), lead->link_url));
    g_assert_nonnull (strstr (label_text (root, "preview-subject"), demo_date));
  }
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-preview-wide");
  g_clear_pointer (&path, g_free);
  /* Scrolled down: the filled e-mail, the saved signature under it, and
   * the buttons. */
  settings = g_settings_new ("fr.izyinbox.Partner");
  g_settings_set_string (settings, "signature-name", "Jean Dupont");
  g_settings_set_string (settings, "signature-title", "Expert-comptable associé");
  {
    scroll_to_preview (window, root);
    path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-preview-bottom-wide");
    g_clear_pointer (&path, g_free);
  }

  /* Copy: HTML and plain text on the clipboard at once, with the saved
   * signature under the e-mail. */
  g_assert_nonnull (strstr (label_text (root, "preview-body"), "-- \nJean Dupont\nExpert-comptable associé"));
  g_assert_true (gtk_widget_activate_action (root, "templates.copy", NULL));
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/html"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));
  html = read_clipboard (clipboard, "text/html");
  text = read_clipboard (clipboard, "text/plain;charset=utf-8");
  g_assert_true (g_str_has_prefix (html, "<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">"));
  g_assert_nonnull (strstr (html, "<a href=\"https://"));
  g_assert_nonnull (strstr (html, "<br>\n<table cellpadding=\"0\" cellspacing=\"0\""));
  g_assert_nonnull (strstr (text, "\n\n-- \nJean Dupont\n"));
  g_assert_null (strstr (text, "<p>"));
  g_settings_reset (settings, "signature-name");
  g_settings_reset (settings, "signature-title");
  {
    g_autofree char *hello = g_strdup_printf ("Bonjour %s,", lead->first_name);

    g_assert_true (g_str_has_prefix (text, hello));
  }

  izp_ui_test_close_window (window);
}

static void
test_edit_and_unknown_field (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 900);
  IzpTemplatesPage *page = open_templates (window);
  GtkWidget *root = GTK_WIDGET (page);
  GtkTextView *body = GTK_TEXT_VIEW (izp_ui_test_find_by_name (root, "body"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (body);
  GtkWidget *problems = izp_ui_test_find_by_name (root, "problems");
  g_autofree char *edit_path = g_build_filename (g_get_user_data_dir (), "izyinbox-partner", "templates",
                                                 "introduction.txt", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *path = NULL;

  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "introduction"));
  g_assert_false (gtk_widget_get_visible (problems));
  gtk_text_buffer_set_text (buffer, "Bonjour [Prénom] de [Ville],\n\nÀ bientôt.", -1);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (problems)), "[Ville]"));

  /* Insert a field from the menu's action, at the cursor. */
  gtk_widget_grab_focus (GTK_WIDGET (body));
  g_assert_true (gtk_widget_activate_action (root, "templates.insert-field", "s", "Lien démo"));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-editor-wide");
  g_clear_pointer (&path, g_free);

  /* Saved on switching to another template (and a moment after typing). */
  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "passage-pro"));
  g_assert_true (g_file_get_contents (edit_path, &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "Bonjour [Prénom] de [Ville],"));
  g_assert_nonnull (strstr (saved, "[Lien démo]"));

  /* Back to it, then revert. */
  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "introduction"));
  g_assert_true (gtk_widget_activate_action (root, "templates.revert", NULL));
  g_assert_false (g_file_test (edit_path, G_FILE_TEST_EXISTS));
  izp_ui_test_close_window (window);
}

static gboolean
newer_is_shown (gpointer data)
{
  return gtk_widget_get_visible (izp_ui_test_find_by_name (data, "newer"));
}

/* IzyInbox publishes a newer official text while the user has an edit:
 * announced, the edit kept, both shown side by side on demand. */
static void
test_newer_official_version (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 900);
  IzpTemplatesPage *page = open_templates (window);
  GtkWidget *root = GTK_WIDGET (page);
  IzpStore *store = izp_session_get_store (izp_window_get_session (window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (izp_ui_test_find_by_name (root, "body")));
  g_autoptr(JsonNode) items = json_from_string ("[{\"id\":\"suivi-essai\",\"updated_at\":\"2026-11-29T10:00:00Z\","
                                                "\"version\":2,\"title\":\"Point pendant l’essai\","
                                                "\"subject\":\"Votre essai IzyInbox, [Prénom]\","
                                                "\"body\":\"Bonjour [Prénom],\\nversion officielle 2.\"}]", NULL);
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;

  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "suivi-essai"));
  gtk_text_buffer_set_text (buffer, "Bonjour [Prénom],\nmon texte à moi.", -1);
  /* Switching away saves the edit at once. */
  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "introduction"));
  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "suivi-essai"));

  /* What a sync would store, then the page reads the store again. */
  g_assert_true (izp_store_write_page (store, IZP_COLLECTION_TEMPLATES, json_node_get_array (items), NULL, NULL, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (izp_window_get_session (window), "changed");
  g_assert_true (izp_ui_test_wait_until (newer_is_shown, root, 20));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (body, ==, "Bonjour [Prénom],\nmon texte à moi.");
  g_assert_true (gtk_widget_activate_action (root, "templates.compare", NULL));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-newer-version-wide");

  /* Keeping the edit silences the notice; the text stays the user's. */
  g_assert_true (gtk_widget_activate_action (root, "templates.keep-edit", NULL));
  g_assert_false (newer_is_shown (root));
  g_clear_pointer (&body, g_free);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (body, ==, "Bonjour [Prénom],\nmon texte à moi.");
  g_assert_true (gtk_widget_activate_action (root, "templates.revert", NULL));
  g_clear_pointer (&body, g_free);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (body, ==, "Bonjour [Prénom],\nversion officielle 2.");
  izp_ui_test_close_window (window);
}

static void
test_screenshots (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window = izp_ui_test_open_window (app, 360, 760);
  IzpTemplatesPage *page = open_templates (window);
  AdwComboRow *recipient = ADW_COMBO_ROW (izp_ui_test_find_by_name (GTK_WIDGET (page), "recipient"));
  g_autofree char *path = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "templates.select", "s", "facturation-electronique"));
  adw_combo_row_set_selected (recipient, 1);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-narrow");
  g_clear_pointer (&path, g_free);
  izp_ui_test_close_window (window);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = izp_ui_test_open_window (app, 1100, 900);
  page = open_templates (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "templates.select", "s", "facturation-electronique"));
  gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (izp_ui_test_find_by_name (GTK_WIDGET (page), "body"))),
                                    "[Inconnu] ", -1);
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), "templates-dark");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "templates.revert", NULL));
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

typedef struct
{
  GtkWidget  *root;
  IzpStore   *store;
  const char *email;
  char       *url;     /* the server's, once stored */
} LinkWait;

static gboolean
create_link_shown (gpointer data)
{
  return gtk_widget_get_visible (izp_ui_test_find_by_name (data, "create-link"));
}

/* The link made for @wait->email is registered and its URL is in the
 * preview. */
static gboolean
link_url_previewed (gpointer data)
{
  LinkWait *wait = data;
  g_autoptr(GPtrArray) links = izp_links_list (wait->store, FALSE, NULL);

  for (guint i = 0; links != NULL && i < links->len && wait->url == NULL; i++)
    {
      IzpLinkEntry *entry = links->pdata[i];
      JsonNode *prospect = json_object_get_member (entry->link, "prospect");

      if (entry->state == IZP_LINK_STATE_REGISTERED && prospect != NULL
          && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (prospect), "email", NULL),
                        wait->email) == 0)
        wait->url = g_strdup (izp_link_entry_get_url (entry));
    }
  return wait->url != NULL && strstr (label_text (wait->root, "preview-body"), wait->url) != NULL;
}

/* A lead with no link: the preview flags [Lien démo] and offers to make
 * one; the click goes through the links core to the demo's server and the
 * preview shows the server's URL; the mail client gets it too. The lead
 * loses its link in the local copy only (the demo's leads all have one). */
static void
test_create_link_for_prospect (gconstpointer data)
{
  gboolean narrow_dark = GPOINTER_TO_INT (data);
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window = izp_ui_test_open_window (app, narrow_dark ? 360 : 1100, narrow_dark ? 760 : 900);
  IzpTemplatesPage *page = open_templates (window);
  GtkWidget *root = GTK_WIDGET (page);
  IzpSession *session = izp_window_get_session (window);
  IzpStore *store = izp_session_get_store (session);
  AdwComboRow *recipient = ADW_COMBO_ROW (izp_ui_test_find_by_name (root, "recipient"));
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *body = NULL;
  /* One address per run: the demo's store outlives the window. */
  LinkWait wait = { root, store, narrow_dark ? "sans.lien.etroit@exemple.fr" : "sans.lien@exemple.fr", NULL };
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint position = 0;

  sources = izp_template_sources_load (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < sources->prospects->len && lead_id == NULL; i++)
    {
      const IzpProspect *prospect = g_ptr_array_index (sources->prospects, i);

      if (prospect->kind == IZP_PROSPECT_LEAD && prospect->company != NULL && prospect->link_url != NULL
          && !g_str_has_prefix (prospect->email, "sans.lien"))
        {
          lead_id = g_strdup (prospect->id);
          position = i + 1;   /* after “typed values only” */
        }
    }
  g_assert_nonnull (lead_id);
  if (narrow_dark)
    adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);

  g_assert_cmpint (sqlite3_open (izp_store_get_path (store), &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE leads SET link_id = NULL, email = ?1 WHERE id = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, wait.email, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, lead_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_signal_emit_by_name (session, "changed");

  g_assert_true (gtk_widget_activate_action (root, "templates.select", "s", "introduction"));
  adw_combo_row_set_selected (recipient, position);
  g_assert_true (izp_ui_test_wait_until (create_link_shown, root, 20));
  g_assert_nonnull (strstr (label_text (root, "missing-values"), "[Lien démo]"));
  g_assert_nonnull (strstr (label_text (root, "preview-body"), "[Lien démo]"));
  scroll_to_preview (window, root);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), narrow_dark ? "templates-create-link-narrow-dark"
                                                                       : "templates-create-link-wide");
  g_clear_pointer (&path, g_free);

  /* The click, as the keyboard or the pointer gives it. */
  g_assert_true (gtk_widget_activate (izp_ui_test_find_by_name (root, "create-link")));
  g_assert_true (izp_ui_test_wait_until (link_url_previewed, &wait, 30));
  g_assert_true (g_str_has_prefix (wait.url, "http"));
  g_assert_null (strstr (label_text (root, "preview-body"), "[Lien démo]"));
  g_assert_false (gtk_widget_get_visible (izp_ui_test_find_by_name (root, "create-link")));
  scroll_to_preview (window, root);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), narrow_dark ? "templates-link-created-narrow-dark"
                                                                       : "templates-link-created-wide");

  /* What “Open in Mail Client” hands over: the lead's address, the
   * preview's subject, and the body with the server's URL. */
  uri = izp_templates_page_dup_mailto_uri (page);
  {
    const char *query = strchr (uri, '?');
    g_auto(GStrv) pairs = g_strsplit (query + 1, "&", -1);
    g_autofree char *subject = g_uri_unescape_string (pairs[0] + strlen ("subject="), NULL);
    g_autofree char *prefix = g_strconcat ("mailto:", wait.email, "?subject=", NULL);

    g_assert_true (g_str_has_prefix (uri, prefix));
    g_assert_cmpstr (subject, ==, label_text (root, "preview-subject"));
    body = g_uri_unescape_string (pairs[1] + strlen ("body="), NULL);
    g_assert_nonnull (strstr (body, wait.url));
  }
  g_free (wait.url);
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  app = izp_ui_test_init (&argc, &argv);

  g_test_add_func ("/templates/preview-and-copy", test_preview_and_copy);
  g_test_add_func ("/templates/edit-and-unknown-field", test_edit_and_unknown_field);
  g_test_add_func ("/templates/newer-official-version", test_newer_official_version);
  g_test_add_func ("/templates/screenshots", test_screenshots);
  g_test_add_data_func ("/templates/create-link-for-prospect", GINT_TO_POINTER (FALSE), test_create_link_for_prospect);
  g_test_add_data_func ("/templates/create-link-for-prospect-narrow-dark", GINT_TO_POINTER (TRUE),
                        test_create_link_for_prospect);

  return g_test_run ();
}
