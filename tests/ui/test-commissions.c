/* test-commissions.c — the Commissions section on the demo account
 *
 * Opens the real window on the built-in demo, goes to the section, sorts
 * by amount, filters, groups by month and drills into a month, exports
 * the lines shown as CSV and a PDF statement, and reads the calculator.
 * Each step checks the page's figures against the core's own sums (the
 * one computation) and saves a PNG in $G_TEST_BUILDDIR/screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "izp-format.h"
#include "izp-commissions-page.h"
#include "izp-ledger-row.h"
#include "izp-ui-test.h"
#include "izp-window.h"

static IzpApplication *app;

static gboolean
page_has_data (gpointer data)
{
  return izp_commissions_page_get_data (data) != NULL;
}

static IzpCommissionsPage *
open_section (IzpWindow *window)
{
  IzpCommissionsPage *page;

  izp_ui_test_open_demo (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", "commissions"));
  page = IZP_COMMISSIONS_PAGE (izp_ui_test_find_by_type (GTK_WIDGET (window), IZP_TYPE_COMMISSIONS_PAGE));
  g_assert_nonnull (page);
  /* The window hands its session to the sections that take one. */
  g_assert_true (izp_commissions_page_get_session (page) == izp_window_get_session (window));
  g_assert_true (izp_ui_test_wait_until (page_has_data, page, 60));
  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  return page;
}

static GtkWidget *
find (IzpCommissionsPage *page,
      const char         *name)
{
  GtkWidget *widget = izp_ui_test_find_by_name (GTK_WIDGET (page), name);

  g_assert_nonnull (widget);
  return widget;
}

static void
shoot (IzpWindow  *window,
       const char *name)
{
  g_autofree char *path = NULL;

  izp_ui_test_wait_for_frames (GTK_WIDGET (window), 3);
  path = izp_ui_test_save_screenshot (GTK_WIDGET (window), name);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
assert_total_shown (IzpCommissionsPage *page,
                    IzpCents            total)
{
  const char *currency = izp_commission_data_get_currency (izp_commissions_page_get_data (page));
  g_autofree char *amount = izp_money_format (total, currency);
  const char *text = gtk_label_get_text (GTK_LABEL (find (page, "ledger-total")));

  g_test_message ("total shown: %s (expected %s)", text, amount);
  g_assert_nonnull (strstr (text, amount));
}

typedef struct
{
  gboolean done;
  gboolean ok;
} Export;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  export->ok = izp_commissions_page_export_finish (IZP_COMMISSIONS_PAGE (source), result, &error);
  g_assert_no_error (error);
  export->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((Export *) data)->done;
}

static char *
export_to (IzpCommissionsPage *page,
           IzpExportKind       kind,
           const char         *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "exports", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Export export = { FALSE, FALSE };

  g_mkdir_with_parents (dir, 0755);
  izp_commissions_page_export (page, kind, file, NULL, on_exported, &export);
  g_assert_true (izp_ui_test_wait_until (export_done, &export, 60));
  g_assert_true (export.ok);
  return path;
}

/* Sums the amount column (the 7th) of the ledger CSV. */
static IzpCents
sum_csv (const char *path,
         guint      *out_n_rows)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  IzpCents sum = 0;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf"));
  lines = g_strsplit (text, "\r\n", -1);
  /* French headers: the section runs in French. */
  g_assert_true (g_str_has_prefix (lines[0], "\xef\xbb\xbf" "Date;Client;Nature;Référence;Base;Taux (%);Commission;Devise"));
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = NULL;
      char *comma;

      /* The demo's company names hold no ';': a plain split reads them. */
      fields = g_strsplit (lines[i], ";", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 8);
      comma = strchr (fields[6], ',');
      g_assert_nonnull (comma);
      *comma = '\0';
      sum += g_ascii_strtoll (fields[6], NULL, 10) * 100 + g_ascii_strtoll (comma + 1, NULL, 10);
      n++;
    }
  *out_n_rows = n;
  return sum;
}

/* A label somewhere under @root shows exactly @text. */
static gboolean
grid_shows (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (grid_shows (child, text))
        return TRUE;
    }
  return FALSE;
}

static void
test_section (void)
{
  IzpWindow *window = izp_ui_test_open_window (app, 1100, 760);
  IzpCommissionsPage *page = open_section (window);
  IzpCommissionData *data = izp_commissions_page_get_data (page);
  const IzpLedger *ledger = izp_commission_data_get_ledger (data);
  IzpLedgerModel *model = izp_commissions_page_get_model (page);
  GtkColumnView *view = GTK_COLUMN_VIEW (find (page, "ledger-view"));
  g_autoptr(GtkColumnViewColumn) amount_column = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *pdf_path = NULL;
  IzpCents by_kind[IZP_LEDGER_N_KINDS];
  IzpCents previous = G_MAXINT64;
  IzpLedgerFilter filter;
  g_autoptr(GArray) rows = NULL;
  const guint *shown;
  guint n_shown;
  guint n_csv;
  gint64 start;
  AdwViewStack *stack;

  /* Every line, and the total of every line. */
  g_assert_cmpuint (ledger->lines->len, >, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, ledger->lines->len);
  assert_total_shown (page, izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, NULL));
  shoot (window, "commissions-ledger-wide");

  /* Sort by amount, largest first, as a click on the header does. */
  amount_column = g_list_model_get_item (gtk_column_view_get_columns (view), 6);
  start = g_get_monotonic_time ();
  gtk_column_view_sort_by_column (view, amount_column, GTK_SORT_DESCENDING);
  g_test_message ("sort by amount: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  shown = izp_ledger_model_get_rows (model, &n_shown);
  for (guint i = 0; i < n_shown; i++)
    {
      IzpCents amount = g_array_index (ledger->lines, IzpLedgerLine, shown[i]).amount_cents;

      g_assert_cmpint (amount, <=, previous);
      previous = amount;
    }
  /* The item on screen at the top now shows the largest line. */
  {
    g_autoptr(IzpLedgerRow) first = g_list_model_get_item (G_LIST_MODEL (model), 0);

    g_assert_true (izp_ledger_row_get_line (first) ==
                   &g_array_index (ledger->lines, IzpLedgerLine, shown[0]));
  }
  shoot (window, "commissions-sorted-by-amount");

  /* Filter on a kind: the lines and the total of that kind only. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "kind-filter")), 1 + IZP_LEDGER_KIND_RECURRING_Y1);
  izp_ledger_filter_init (&filter);
  filter.kind = IZP_LEDGER_KIND_RECURRING_Y1;
  rows = izp_ledger_filter_rows (&filter, ledger);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, rows->len);
  izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, by_kind);
  assert_total_shown (page, by_kind[IZP_LEDGER_KIND_RECURRING_Y1]);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "kind-filter")), 0);

  /* By month; the months add up to the total; drill into the first. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "group-filter")), 1);
  shoot (window, "commissions-by-month");
  {
    GArray *months = izp_ledger_group (ledger, IZP_GROUP_BY_MONTH, IZP_DATE_NONE, IZP_DATE_NONE);
    const IzpLedgerGroup *first = &g_array_index (months, IzpLedgerGroup, 0);
    guint n_first = first->n_lines;
    IzpCents first_total = first->total_cents;
    IzpCents sum = 0;

    for (guint i = 0; i < months->len; i++)
      sum += g_array_index (months, IzpLedgerGroup, i).total_cents;
    g_assert_cmpint (sum, ==, izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, NULL));
    g_array_unref (months);

    g_signal_emit_by_name (find (page, "groups-view"), "activate", 0);
    izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find (page, "group-filter"))), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_first);
    assert_total_shown (page, first_total);
    shoot (window, "commissions-month-drilled");
  }

  /* Back to every period; export the lines shown and a statement. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find (page, "period-filter")), 0);
  csv_path = export_to (page, IZP_EXPORT_LEDGER_CSV, "commissions.csv");
  g_assert_cmpint (sum_csv (csv_path, &n_csv), ==, izp_ledger_model_get_total (model, NULL));
  g_assert_cmpuint (n_csv, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
  pdf_path = export_to (page, IZP_EXPORT_STATEMENT_PDF, "releve.pdf");
  g_assert_true (g_file_test (pdf_path, G_FILE_TEST_IS_REGULAR));
  shoot (window, "commissions-exported");

  stack = ADW_VIEW_STACK (izp_ui_test_find_by_type (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "payouts");
  g_assert_nonnull (gtk_widget_get_first_child (find (page, "payouts-list")));
  shoot (window, "commissions-payouts");

  /* A batch opens its lines in the ledger: their total is the batch's. */
  {
    GtkWidget *row = gtk_widget_get_first_child (find (page, "payouts-list"));
    const IzpPayoutBatch *batch = g_object_get_data (G_OBJECT (row), "batch");

    g_assert_nonnull (batch);
    g_assert_true (gtk_widget_activate (row));
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "ledger");
    g_assert_cmpint (izp_ledger_model_get_total (model, NULL), ==, batch->total_cents);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, batch->n_lines);
    adw_view_stack_set_visible_child_name (stack, "payouts");
  }

  adw_view_stack_set_visible_child_name (stack, "reconciliation");
  shoot (window, "commissions-statements");

  /* The demo's statements hold one under-paid line: claim it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "commissions.claim", NULL));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *dialog = NULL;
    GtkTextView *text_view;
    g_autofree char *body = NULL;
    GtkTextIter start_iter;
    GtkTextIter end_iter;
    g_autofree char *path = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
      {
        g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel))
          dialog = ADW_MESSAGE_DIALOG (toplevel);
      }
    g_assert_nonnull (dialog);
    izp_ui_test_wait_for_frames (GTK_WIDGET (dialog), 3);
    text_view = GTK_TEXT_VIEW (izp_ui_test_find_by_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW));
    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (text_view), &start_iter, &end_iter);
    body = gtk_text_buffer_get_text (gtk_text_view_get_buffer (text_view), &start_iter, &end_iter, FALSE);
    g_test_message ("claim: %s", body);
    g_assert_nonnull (strstr (body, "Bonjour"));
    g_assert_nonnull (strstr (body, "inv_"));
    path = izp_ui_test_save_screenshot (GTK_WIDGET (dialog), "commissions-claim");
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    adw_message_dialog_response (dialog, "close");
    izp_ui_test_wait_for_frames (GTK_WIDGET (window), 2);
  }

  /* The calculator opens on the seed's conservative case. */
  adw_view_stack_set_visible_child_name (stack, "projection");
  g_assert_true (grid_shows (find (page, "projection-table"), "4\u202f020,00\u00a0€"));
  g_assert_true (grid_shows (find (page, "projection-table"), "5\u202f829,00\u00a0€"));
  g_assert_true (grid_shows (find (page, "projection-table"), "7\u202f457,10\u00a0€"));
  g_assert_true (grid_shows (find (page, "projection-table"), "17\u202f306,10\u00a0€"));
  shoot (window, "commissions-calculator");

  izp_ui_test_close_window (window);
}

static void
test_narrow_dark (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  IzpWindow *window;
  IzpCommissionsPage *page;
  AdwViewStack *stack;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  window = izp_ui_test_open_window (app, 360, 720);
  page = open_section (window);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 360);
  shoot (window, "commissions-ledger-narrow-dark");
  stack = ADW_VIEW_STACK (izp_ui_test_find_by_type (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "payouts");
  shoot (window, "commissions-payouts-narrow-dark");
  adw_view_stack_set_visible_child_name (stack, "reconciliation");
  shoot (window, "commissions-statements-narrow-dark");
  adw_view_stack_set_visible_child_name (stack, "projection");
  shoot (window, "commissions-calculator-narrow-dark");
  izp_ui_test_close_window (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int    argc,
      char **argv)
{
  app = izp_ui_test_init (&argc, &argv);

  g_test_add_func ("/commissions/section", test_section);
  g_test_add_func ("/commissions/narrow-dark", test_narrow_dark);

  return g_test_run ();
}
