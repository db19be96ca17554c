/* links-bench.c — the Links section on the large dataset's 2 000 links
 *
 * A sandbox serving the large dataset (10 000 clients, 2 000 links) runs in
 * this process; the links are synced into a fresh store. Then, in the same
 * run and on the same display:
 *   - reference: a libadwaita window with one label, from present to its
 *     first painted frame;
 *   - the Links section: the account signed in while another section
 *     shows, then from opening it (its links are read on a worker when it
 *     comes on screen) to the first painted frame of the list; and read
 *     again while it is on screen (a sync);
 *   - filtering the list by a search word, to the next painted frame.
 * Prints the medians of several runs. Usage: links-bench [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "izp-links-page.h"
#include "izp-sandbox-server.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
wait_for (Waiter *waiter)
{
  waiter->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (waiter->loop);
  g_main_loop_unref (waiter->loop);
  return waiter->result;
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Runs the main loop until @window has painted a frame after now. */
static void
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gboolean painted = FALSE;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);

  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

static double
reference_first_frame (void)
{
  GtkWidget *window = adw_window_new ();
  gint64 start = g_get_monotonic_time ();
  gboolean painted = FALSE;
  double ms;

  adw_window_set_content (ADW_WINDOW (window), gtk_label_new ("IzyInbox Partenaires"));
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_widget_realize (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_window_present (GTK_WINDOW (window));
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  ms = ms_since (start);
  gtk_window_destroy (GTK_WINDOW (window));
  return ms;
}

/* The large dataset's links into @session's store, page by page. */
static void
sync_links (IzpSession *session)
{
  IzpApiClient *client = izp_session_get_client (session);
  IzpStore *store = izp_session_get_store (session);
  g_autofree char *cursor = NULL;
  guint total = 0;

  do
    {
      Waiter waiter = { NULL, NULL };
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(IzpApiPage) page = NULL;
      g_autoptr(GError) error = NULL;

      izp_api_client_get_page_async (client, IZP_COLLECTION_REFERRAL_LINKS, cursor, NULL, 1000, NULL,
                                     NULL, on_done, &waiter);
      result = wait_for (&waiter);
      page = izp_api_client_get_page_finish (client, result, &error);
      g_assert_no_error (error);
      g_assert_true (izp_store_write_page (store, IZP_COLLECTION_REFERRAL_LINKS, page->items,
                                           page->next_cursor, page->etag, &error));
      total += json_array_get_length (page->items);
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  while (cursor != NULL);
  g_print ("links in the store: %u\n", total);
}

int
main (int    argc,
      char **argv)
{
  IzpSandboxOptions options;
  g_autoptr(IzpSandboxServer) server = NULL;
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GArray) reference = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) filtering = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) reading = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) showing = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = g_dir_make_tmp ("izp-links-bench-XXXXXX", NULL);
  g_autofree char *store_path = g_build_filename (dir, "store.db", NULL);
  int runs = argc > 1 ? atoi (argv[1]) : 7;
  Waiter waiter = { NULL, NULL };

  gtk_init ();
  adw_init ();

  izp_sandbox_options_init (&options);
  options.generate = TRUE;
  options.n_clients = 10000;
  options.seed = 1;
  server = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (server, &error));

  session = izp_session_new_ephemeral (izp_sandbox_server_get_base_url (server), "demo@izyinbox.fr",
                                       store_path, &error);
  g_assert_no_error (error);
  izp_session_sign_in_async (session, "demo", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  g_assert_true (izp_session_sign_in_finish (session, result, &error));
  sync_links (session);

  for (int run = 0; run <= runs; run++)
    {
      GtkWidget *window = adw_window_new ();
      GtkWidget *sections = gtk_stack_new ();
      IzpLinksPage *page = g_object_new (IZP_TYPE_LINKS_PAGE, NULL);
      GtkEditable *search;
      double ref, open, read, filter, show;
      gint64 start;

      ref = reference_first_frame ();

      /* As in the window: another section on screen while the account's
       * links load, then the Liens section shown. */
      gtk_stack_add_named (GTK_STACK (sections), gtk_label_new ("Tableau de bord"), "dashboard");
      gtk_stack_add_named (GTK_STACK (sections), GTK_WIDGET (page), "links");
      adw_window_set_content (ADW_WINDOW (window), sections);
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      gtk_window_present (GTK_WINDOW (window));
      wait_for_paint (window);

      /* The account signed in while the dashboard shows: the links are
       * read when the section comes on screen (izp_when_shown()). */
      izp_links_page_set_session (page, session);
      g_assert_false (izp_links_page_is_loading (page));
      start = g_get_monotonic_time ();
      gtk_stack_set_visible_child_name (GTK_STACK (sections), "links");
      while (izp_links_page_is_loading (page))
        g_main_context_iteration (NULL, TRUE);
      read = ms_since (start);
      wait_for_paint (window);
      show = ms_since (start);
      g_assert_cmpuint (izp_links_page_get_n_shown (page), >, 1000);

      /* And read again with the section on screen (after a sync). */
      start = g_get_monotonic_time ();
      izp_links_page_reload (page);
      while (izp_links_page_is_loading (page))
        g_main_context_iteration (NULL, TRUE);
      wait_for_paint (window);
      open = ms_since (start);

      /* A search word. */
      search = GTK_EDITABLE (find_by_type (GTK_WIDGET (page), GTK_TYPE_SEARCH_ENTRY));
      start = g_get_monotonic_time ();
      gtk_editable_set_text (search, "salon");
      g_signal_emit_by_name (search, "search-changed");
      wait_for_paint (window);
      filter = ms_since (start);
      g_assert_cmpuint (izp_links_page_get_n_shown (page), <, 2000);

      gtk_window_destroy (GTK_WINDOW (window));
      /* The first run warms the caches. */
      if (run == 0)
        continue;
      g_array_append_val (reference, ref);
      g_array_append_val (first_frame, open);
      g_array_append_val (reading, read);
      g_array_append_val (showing, show);
      g_array_append_val (filtering, filter);
    }

  g_print ("reference window, present to first frame (%d runs, median): %7.1f ms\n", runs, median (reference));
  g_print ("Liens section opened, to the first frame of its 2 000 links: %6.1f ms (budget 100)\n",
           median (showing));
  g_print ("  (of which its links read on a worker:                        %6.1f ms)\n", median (reading));
  g_print ("Liens section on screen, read again to the next frame:        %6.1f ms\n",
           median (first_frame));
  g_print ("Liens section, filter by a search word to the next frame:   %7.1f ms (budget 50)\n",
           median (filtering));

  g_clear_object (&session);
  g_unlink (store_path);
  return 0;
}
