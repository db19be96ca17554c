/* test-links.c — the Links section with the demo account
 *
 * A partner creates a link through the dialog (a field error first), finds
 * it in the list, opens its page and copies it: the clipboard holds the
 * URL. Screenshots of the list, a link's page and the dialog with an
 * error, wide, narrow and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-link-dialog.h"
#include "izp-link-draft.h"
#include "izp-links-page.h"
#include "izp-ui-test.h"

static IzpApplication *app;

typedef struct
{
  IzpLinksPage *page;
  IzpWindow    *window;
} Screen;

static gboolean
page_is_loaded (gpointer data)
{
  IzpLinksPage *page = data;

  return !izp_links_page_is_loading (page) && izp_links_page_get_n_shown (page) > 0;
}

static gboolean
dialog_is_gone (gpointer data)
{
  return izp_links_page_get_dialog (data) == NULL;
}

static gboolean
link_page_is_open (gpointer data)
{
  return izp_links_page_get_open_url (data) != NULL;
}

static Screen
open_links (int      width,
            int      height,
            gboolean dark)
{
  Screen screen;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  screen.window = izp_ui_test_open_window (app, width, height);
  izp_ui_test_open_demo (screen.window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.window), "win.show-section", "s", "links"));
  screen.page = IZP_LINKS_PAGE (izp_ui_test_find_by_type (GTK_WIDGET (screen.window), IZP_TYPE_LINKS_PAGE));
  g_assert_nonnull (screen.page);
  g_assert_true (izp_ui_test_wait_until (page_is_loaded, screen.page, 30));
  izp_ui_test_wait_for_frames (GTK_WIDGET (screen.window), 2);
  return screen;
}

static void
shoot (GtkWidget  *widget,
       const char *name)
{
  g_autofree char *path = NULL;

  /* A frame or two more than the window needs: a reload that a
   * "changed" signal started may still be landing. */
  izp_ui_test_wait_for_frames (widget, 4);
  path = izp_ui_test_save_screenshot (widget, name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

/* The dialog with a field error, then corrected and sent; returns when the
 * new link's page is open. */
static void
create_through_dialog (Screen     *screen,
                       const char *label,
                       const char *shot)
{
  GtkWindow *dialog;
  GtkWidget *create;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen->page), "links.new", NULL));
  dialog = izp_links_page_get_dialog (screen->page);
  g_assert_nonnull (dialog);
  izp_ui_test_wait_for_frames (GTK_WIDGET (dialog), 3);

  /* Nothing typed: nothing to send, and no error shown yet. */
  g_assert_false (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));

  izp_link_dialog_set_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_LABEL, label);
  izp_link_dialog_set_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_CAMPAIGN, "Salon 2026");
  g_assert_false (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));
  if (shot != NULL)
    shoot (GTK_WIDGET (dialog), shot);

  izp_link_dialog_set_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_CAMPAIGN, "salon-2026");
  izp_link_dialog_set_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_COMPANY, "Zoë & Fils");
  g_assert_true (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));

  create = izp_ui_test_find_by_name (GTK_WIDGET (dialog), "create-button");
  g_assert_nonnull (create);
  g_assert_true (gtk_widget_activate (create));
  g_assert_true (izp_ui_test_wait_until (dialog_is_gone, screen->page, 30));
  g_assert_true (izp_ui_test_wait_until (link_page_is_open, screen->page, 30));
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
on_clipboard_read (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
clipboard_is_read (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

typedef struct
{
  IzpLinksPage *page;
  guint         n;
} Count;

static gboolean
page_shows_total (gpointer data)
{
  Count *count = data;

  return !izp_links_page_is_loading (count->page) && izp_links_page_get_n_shown (count->page) == count->n;
}

static void
test_create_copy_wide (void)
{
  Screen screen = open_links (1100, 760, FALSE);
  GtkSearchEntry *search;
  GtkToggleButton *archived;
  ClipboardRead read = { NULL, FALSE };
  g_autofree char *url = NULL;
  guint total = izp_links_page_get_n_shown (screen.page);

  shoot (GTK_WIDGET (screen.window), "links-list-wide");

  create_through_dialog (&screen, "Boulangerie Zoë « #1 » + 🥐", "link-dialog-error-wide");
  url = g_strdup (izp_links_page_get_open_url (screen.page));
  g_assert_true (g_str_has_prefix (url, "https://"));
  shoot (GTK_WIDGET (screen.window), "link-page-wide");

  /* Copy: the clipboard holds the URL. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (screen.page)), NULL,
                                 on_clipboard_read, &read);
  g_assert_true (izp_ui_test_wait_until (clipboard_is_read, &read, 10));
  g_assert_cmpstr (read.text, ==, url);
  g_free (read.text);

  /* Archived: out of the list until the folder button shows the archived
   * ones; then back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.toggle-archived", NULL));
  g_assert_true (izp_ui_test_wait_until (page_shows_total, &(Count) { screen.page, total }, 30));
  archived = GTK_TOGGLE_BUTTON (izp_ui_test_find_by_type (GTK_WIDGET (screen.page), GTK_TYPE_TOGGLE_BUTTON));
  gtk_toggle_button_set_active (archived, TRUE);
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, total + 1);
  gtk_toggle_button_set_active (archived, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.toggle-archived", NULL));
  g_assert_true (izp_ui_test_wait_until (page_shows_total, &(Count) { screen.page, total + 1 }, 30));

  /* Back in the list, it is there, and a search finds it alone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.back", NULL));
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, total + 1);
  search = GTK_SEARCH_ENTRY (izp_ui_test_find_by_type (GTK_WIDGET (screen.page), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (GTK_EDITABLE (search), "zoe fils");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, 1);
  /* Wider again (every link back), then narrower, word by word: the
   * filter only re-checks the hidden or the shown links. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, total + 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "zo");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), >=, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "zoe fils");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (search), "aucun-lien-ne-porte-ce-mot");
  g_signal_emit_by_name (search, "search-changed");
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, 0);
  shoot (GTK_WIDGET (screen.window), "links-no-match-wide");

  izp_ui_test_close_window (screen.window);
}

static gboolean
clicks_are_shown (gpointer data)
{
  return izp_links_page_has_clicks (data);
}

/* A demo link with a history: its chart and its funnel. */
static void
test_link_with_clicks (void)
{
  Screen screen = open_links (1100, 1400, FALSE);
  GtkListView *list = GTK_LIST_VIEW (izp_ui_test_find_by_type (GTK_WIDGET (screen.page), GTK_TYPE_LIST_VIEW));

  g_signal_emit_by_name (list, "activate", 1);
  g_assert_nonnull (izp_links_page_get_open_url (screen.page));
  g_assert_true (izp_ui_test_wait_until (clicks_are_shown, screen.page, 30));
  shoot (GTK_WIDGET (screen.window), "link-page-clicks-wide");
  izp_ui_test_close_window (screen.window);
}

static void
on_queued (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  char **local_id = user_data;

  *local_id = izp_sync_queue_link_finish (IZP_SYNC (source), result, NULL);
  g_assert_nonnull (*local_id);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
page_is_idle (gpointer data)
{
  return !izp_links_page_is_loading (data);
}

/* A link the server refused (queued by an older version with other rules,
 * say): its page says why; corrected through the dialog, it is registered
 * and the refused one is gone. */
static void
test_refused_corrected (void)
{
  Screen screen = open_links (1100, 760, FALSE);
  IzpSync *sync = izp_session_get_sync (izp_window_get_session (screen.window));
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *label = g_strnfill (121, 'x');
  g_autofree char *local_id = NULL;
  GtkWindow *dialog;
  GtkWidget *send;
  guint total;

  json_object_set_string_member (body, "label", label);
  json_object_set_string_member (body, "channel", "print");
  izp_sync_queue_link_async (sync, body, NULL, on_queued, &local_id);
  g_assert_true (izp_ui_test_wait_until (is_set, &local_id, 10));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.window), "win.sync", NULL));
  izp_ui_test_wait_for_frames (GTK_WIDGET (screen.window), 2);
  g_assert_true (izp_ui_test_wait_until (izp_ui_test_is_idle, screen.window, 30));
  izp_links_page_reload (screen.page);
  g_assert_true (izp_ui_test_wait_until (page_is_idle, screen.page, 30));
  total = izp_links_page_get_n_shown (screen.page);

  izp_links_page_open_link (screen.page, local_id);
  /* Refused: no address, nothing to copy. */
  g_assert_null (izp_links_page_get_open_url (screen.page));
  shoot (GTK_WIDGET (screen.window), "link-page-refused-wide");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.correct", NULL));
  dialog = izp_links_page_get_dialog (screen.page);
  g_assert_nonnull (dialog);
  g_assert_false (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));
  shoot (GTK_WIDGET (dialog), "link-dialog-correct-wide");

  izp_link_dialog_set_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_LABEL, "Flyer corrigé");
  g_assert_true (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));
  send = izp_ui_test_find_by_name (GTK_WIDGET (dialog), "create-button");
  g_assert_true (gtk_widget_activate (send));
  g_assert_true (izp_ui_test_wait_until (dialog_is_gone, screen.page, 30));
  g_assert_true (izp_ui_test_wait_until (link_page_is_open, screen.page, 30));
  g_assert_true (izp_ui_test_wait_until (page_is_idle, screen.page, 30));

  /* One link in place of the other. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.back", NULL));
  g_assert_cmpuint (izp_links_page_get_n_shown (screen.page), ==, total);
  izp_ui_test_close_window (screen.window);
}

/* The dialog starts from the cabinet's defaults (Preferences). */
static void
test_dialog_defaults (void)
{
  Screen screen = open_links (1100, 760, FALSE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *channel = NULL;
  g_autofree char *campaign = NULL;
  GtkWindow *dialog;

  g_settings_set_string (settings, "default-channel", "linkedin");
  g_settings_set_string (settings, "default-campaign", "webinaire-2027");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (screen.page), "links.new", NULL));
  dialog = izp_links_page_get_dialog (screen.page);
  channel = izp_link_dialog_dup_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_CHANNEL);
  campaign = izp_link_dialog_dup_field (IZP_LINK_DIALOG (dialog), IZP_LINK_FIELD_CAMPAIGN);
  g_assert_cmpstr (channel, ==, "linkedin");
  g_assert_cmpstr (campaign, ==, "webinaire-2027");
  /* Nothing typed yet: no error shown, nothing to create. */
  g_assert_false (izp_link_dialog_can_create (IZP_LINK_DIALOG (dialog)));
  gtk_window_close (dialog);

  g_settings_reset (settings, "default-channel");
  g_settings_reset (settings, "default-campaign");
  izp_ui_test_close_window (screen.window);
}

static void
test_narrow_and_dark (void)
{
  const struct { int width; int height; gboolean dark; const char *variant; } runs[] = {
    { 360, 720, FALSE, "narrow" },
    { 1100, 760, TRUE, "dark" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      Screen screen = open_links (runs[i].width, runs[i].height, runs[i].dark);
      g_autofree char *list_shot = g_strdup_printf ("links-list-%s", runs[i].variant);
      g_autofree char *dialog_shot = g_strdup_printf ("link-dialog-error-%s", runs[i].variant);
      g_autofree char *page_shot = g_strdup_printf ("link-page-%s", runs[i].variant);

      if (runs[i].width < 400)
        gtk_widget_activate_action (GTK_WIDGET (screen.window), "win.show-section", "s", "links");
      shoot (GTK_WIDGET (screen.window), list_shot);
      create_through_dialog (&screen, "Cabinet d’à côté", dialog_shot);
      shoot (GTK_WIDGET (screen.window), page_shot);
      izp_ui_test_close_window (screen.window);
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = izp_ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/links/create-copy-wide", test_create_copy_wide);
  g_test_add_func ("/ui/links/link-with-clicks", test_link_with_clicks);
  g_test_add_func ("/ui/links/refused-corrected", test_refused_corrected);
  g_test_add_func ("/ui/links/dialog-defaults", test_dialog_defaults);
  g_test_add_func ("/ui/links/narrow-and-dark", test_narrow_and_dark);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
