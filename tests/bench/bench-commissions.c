/* bench-commissions.c — the Commissions figures of the benchmark
 *
 * Usage: bench-commissions STORE.db OUT.csv
 * On a store synced from the large dataset, prints:
 *   - the whole ledger recomputed from SQLite (typed read + engine), median of 5;
 *   - the whole ledger written as CSV to OUT.csv;
 *   - the ledger page opened with every line (first frame painted), then
 *     sorted by amount (next frame painted).
 * The references (sqlite3) are measured by tests/bench/commissions-bench.sh.
 * Runs under a display (Xvfb, GSK_RENDERER=cairo).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <time.h>

#include "izp-commission-csv.h"
#include "izp-commission-data.h"
#include "izp-commissions-page.h"
#include "izp-ledger-filter.h"
#include "izp-store-query.h"

#define RUNS 5

/* CPU time of the whole process (every thread), in µs: on a shared machine
 * the wall clock also counts the time other processes held the cores. */
static gint64
cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : (da > db ? 1 : 0);
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

/* Runs the main loop until the window has painted a new frame. */
static void
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(GString) csv = NULL;
  g_autoptr(GtkColumnViewColumn) amount = NULL;
  double times[RUNS];
  double cpu_times[RUNS];
  gint64 cpu_start;
  double open_cpu_ms;
  double sort_cpu_ms;
  const IzpLedger *ledger;
  GtkWidget *window;
  GtkWidget *page;
  GtkColumnView *view;
  gint64 start;
  double open_ms;
  double sort_ms;
  double csv_ms;

  if (argc != 3)
    {
      g_printerr ("Usage: %s STORE.db OUT.csv\n", argv[0]);
      return 2;
    }

  store = izp_store_open (argv[1], &error);
  if (store == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < RUNS; i++)
    {
      g_clear_pointer (&data, izp_commission_data_unref);
      start = g_get_monotonic_time ();
      cpu_start = cpu_usec ();
      data = izp_commission_data_load (store, &error);
      if (data == NULL)
        g_error ("%s", error->message);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      cpu_times[i] = (cpu_usec () - cpu_start) / 1000.0;
    }
  qsort (times, RUNS, sizeof (double), compare_doubles);
  qsort (cpu_times, RUNS, sizeof (double), compare_doubles);
  ledger = izp_commission_data_get_ledger (data);
  g_print ("recompute the whole ledger from SQLite (%u lines, median of %d): %.1f ms\n",
           ledger->lines->len, RUNS, times[RUNS / 2]);
  g_print ("recompute CPU time (median of %d): %.1f ms\n", RUNS, cpu_times[RUNS / 2]);

  start = g_get_monotonic_time ();
  csv = g_string_new (NULL);
  izp_csv_write_ledger (csv, ledger, NULL, 0, izp_commission_data_get_names (data));
  if (!g_file_set_contents (argv[2], csv->str, (gssize) csv->len, &error))
    g_error ("%s", error->message);
  csv_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_print ("export the whole ledger to CSV (%u lines, %.1f MB): %.1f ms\n",
           ledger->lines->len, csv->len / 1e6, csv_ms);

  /* Where the time goes, step by step (IZP_BENCH_DETAIL=1). */
  if (g_getenv ("IZP_BENCH_DETAIL") != NULL)
    {
      g_autoptr(IzpStoreCommissionInput) input = NULL;
      g_autoptr(IzpLedger) computed = NULL;
      g_autoptr(GArray) rows = NULL;
      g_autoptr(GArray) batches = NULL;
      g_autoptr(IzpReconciliation) reconciliation = NULL;
      IzpLedgerFilter filter;

#define STEP(label, code) \
      start = g_get_monotonic_time (); code; \
      g_print ("  %s: %.1f ms\n", label, (g_get_monotonic_time () - start) / 1000.0)

      STEP ("typed read from SQLite", input = izp_store_read_commission_input (store, NULL, &error));
      STEP ("engine", computed = izp_commission_compute (&input->input));
      izp_ledger_filter_init (&filter);
      STEP ("filter all lines", rows = izp_ledger_filter_rows (&filter, ledger));
      STEP ("sort by date", izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len,
                                                  IZP_LEDGER_SORT_DATE, FALSE, NULL));
      STEP ("sort by amount", izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len,
                                                    IZP_LEDGER_SORT_AMOUNT, TRUE, NULL));
      STEP ("sort by client", izp_ledger_sort_rows (ledger, (guint *) (gpointer) rows->data, rows->len,
                                                    IZP_LEDGER_SORT_CLIENT, FALSE,
                                                    izp_commission_data_get_names (data)));
      STEP ("payouts", batches = izp_commission_data_payouts (data, izp_date_today_utc ()));
      STEP ("reconciliation", reconciliation = izp_commission_data_reconcile (data));
#undef STEP
    }

  adw_init ();
  window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  page = g_object_new (IZP_TYPE_COMMISSIONS_PAGE, NULL);
  adw_window_set_content (ADW_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_paint (window);
  wait_for_paint (window);

  start = g_get_monotonic_time ();
  cpu_start = cpu_usec ();
  izp_commissions_page_set_data (IZP_COMMISSIONS_PAGE (page), data);
  wait_for_paint (window);
  open_ms = (g_get_monotonic_time () - start) / 1000.0;
  open_cpu_ms = (cpu_usec () - cpu_start) / 1000.0;

  view = GTK_COLUMN_VIEW (find_named (page, "ledger-view"));
  amount = g_list_model_get_item (gtk_column_view_get_columns (view), 6);
  start = g_get_monotonic_time ();
  cpu_start = cpu_usec ();
  gtk_column_view_sort_by_column (view, amount, GTK_SORT_DESCENDING);
  wait_for_paint (window);
  sort_ms = (g_get_monotonic_time () - start) / 1000.0;
  sort_cpu_ms = (cpu_usec () - cpu_start) / 1000.0;

  if (g_getenv ("IZP_BENCH_DETAIL") != NULL)
    {
      IzpLedgerModel *model = izp_commissions_page_get_model (IZP_COMMISSIONS_PAGE (page));

      start = g_get_monotonic_time ();
      izp_ledger_model_sort (model, IZP_LEDGER_SORT_DATE, FALSE);
      g_print ("  model sort by date + items-changed: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
      start = g_get_monotonic_time ();
      wait_for_paint (window);
      g_print ("  next frame: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
      start = g_get_monotonic_time ();
      wait_for_paint (window);
      g_print ("  a frame with nothing changed: %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
    }

  g_print ("open the ledger page with %u lines and sort by amount: %.1f ms "
           "(open %.1f ms, sort %.1f ms; CPU time %.1f ms: open %.1f, sort %.1f; budget 300 ms)\n",
           g_list_model_get_n_items (G_LIST_MODEL (izp_commissions_page_get_model (IZP_COMMISSIONS_PAGE (page)))),
           open_ms + sort_ms, open_ms, sort_ms, open_cpu_ms + sort_cpu_ms, open_cpu_ms, sort_cpu_ms);

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
