/* test-commissions.c — the commission figures from a store filled by a real
 * sync, as the CLI prints them and the exports write them
 *
 * The sandbox serves a dataset over loopback; IzpSync stores it; the CLI
 * (a child process) and the core read that store. Expected values come from
 * the dataset's expected file (computed by a separate implementation of the
 * rules) or from each other: the JSON, the CSV read back by Python's csv
 * module, and the PDF's text (pdftotext) must agree to the cent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "izp-commission-csv.h"
#include "izp-commission-data.h"
#include "izp-commission-statement.h"
#include "izp-i18n.h"
#include "izp-ledger-filter.h"
#include "izp-store-query.h"
#include "izp-test-util.h"

typedef struct
{
  IzpSandboxServer *server;
  TempStore         temp;
  const char       *url;
} Synced;

static void
synced_init (Synced     *synced,
             const char *dataset_file,
             guint       n_clients)
{
  IzpSandboxOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpApiClient) client = NULL;
  g_autoptr(IzpSync) sync = NULL;
  g_autofree char *token = NULL;
  IzpSyncSummary summary;

  izp_sandbox_options_init (&options);
  if (dataset_file != NULL)
    options.dataset_file = dataset_file;
  else
    {
      options.generate = TRUE;
      options.n_clients = n_clients;
      options.seed = 7;
      options.today = izp_date_new (2026, 11, 27);
    }
  synced->server = izp_sandbox_server_new (&options, &error);
  g_assert_no_error (error);
  g_assert_true (izp_sandbox_server_start (synced->server, &error));
  synced->url = izp_sandbox_server_get_base_url (synced->server);

  client = new_client (synced->url);
  if (dataset_file == NULL)
    token = sign_in (client, PASSWORD, &error);
  else
    {
      /* The scenario's own user (the store stays under EMAIL's path). */
      Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
      g_autoptr(GAsyncResult) result = NULL;

      izp_api_client_sign_in_async (client, "hidden7@exemple.fr", "Mot-de-passe-7!", NULL,
                                    on_done, &waiter);
      result = wait_for (&waiter);
      token = izp_api_client_sign_in_finish (client, result, &error);
      waiter_clear (&waiter);
    }
  g_assert_no_error (error);
  temp_store_init (&synced->temp, synced->url);
  sync = izp_sync_new (client, synced->temp.store);
  g_assert_true (run_sync (sync, NULL, &summary, &error));
  g_assert_no_error (error);
}

static void
synced_clear (Synced *synced)
{
  temp_store_clear (&synced->temp);
  g_clear_object (&synced->server);
}

/* Runs a CLI command against the synced store; returns its standard output. */
static char *
cli (Synced     *synced,
     const char *first,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  g_ptr_array_add (args, cli_path ());
  g_ptr_array_add (args, g_strdup ("--server"));
  g_ptr_array_add (args, g_strdup (synced->url));
  g_ptr_array_add (args, g_strdup ("--email"));
  g_ptr_array_add (args, g_strdup (EMAIL));
  g_ptr_array_add (args, g_strdup ("--data-dir"));
  g_ptr_array_add (args, g_strdup (synced->temp.dir));
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_newv ((const char * const *) args->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("CLI failed: %s", err);
  return out;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = izp_json_parse_bounded (text, strlen (text), 64 << 20, 16, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
load_file (const char *first,
           ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (parts, (gpointer) g_getenv ("IZP_SOURCE_ROOT"));
  va_start (ap, first);
  for (const char *part = first; part != NULL; part = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (ap);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  return parse (text);
}

/* A French CSV amount `-1245,00` in cents. */
static IzpCents
csv_cents (const char *text)
{
  g_autofree char *digits = g_strdup (text);
  char *comma = strchr (digits, ',');
  IzpCents sign = digits[0] == '-' ? -1 : 1;
  IzpCents units;

  g_assert_nonnull (comma);
  g_assert_cmpuint (strlen (comma), ==, 3);
  *comma = '\0';
  units = g_ascii_strtoll (digits + (sign < 0 ? 1 : 0), NULL, 10);
  return sign * (units * 100 + g_ascii_strtoll (comma + 1, NULL, 10));
}

/* The CSV read back by Python's csv module: its rows (JSON array). */
static JsonNode *
read_csv_back (const char *csv,
               gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("IZP_SOURCE_ROOT"), "tests", "api",
                                              "read-csv.py", NULL);
  g_autofree char *out = NULL;
  g_autoptr(GSubprocess) process = NULL;
  JsonNode *root;
  JsonObject *object;
  int fd;

  fd = g_file_open_tmp ("izp-csv-XXXXXX.csv", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, csv, (gssize) length, &error));

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "python3", script, path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_unlink (path);

  root = parse (out);
  object = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (object, "bom"));
  g_assert_true (json_object_get_boolean_member (object, "crlf"));
  return root;
}

static JsonArray *
csv_rows (JsonNode *read_back)
{
  return json_object_get_array_member (json_node_get_object (read_back), "rows");
}

static const char *
cell (JsonArray *rows,
      guint      row,
      guint      column)
{
  return json_array_get_string_element (json_array_get_array_element (rows, row), column);
}

/* ------------------------------------------------------------------ */

/* The rules' scenario 7 (tier change mid-month, founder, white-label,
 * the 10th client, override window, campaigns' first and last days,
 * 29 February, unpaid and credit-note invoices, each anomaly), synced from
 * the sandbox: the CLI's figures equal the separate implementation's. */
static void
test_scenario_from_sync (void)
{
  g_autofree char *dataset = g_build_filename (g_getenv ("IZP_SOURCE_ROOT"), "tests", "sandbox",
                                               "datasets", "commission-scenario-7.json", NULL);
  g_autoptr(JsonNode) expected = load_file ("tests", "core", "data",
                                            "commission-scenario-7.expected.json", NULL);
  JsonObject *expected_years;
  JsonArray *expected_groups;
  JsonArray *expected_batches;
  g_autoptr(JsonNode) years = NULL;
  g_autoptr(JsonNode) payouts = NULL;
  g_autofree char *out = NULL;
  JsonArray *groups;
  JsonArray *batches;
  JsonArray *anomalies;
  JsonArray *expected_anomalies;
  Synced synced;

  synced_init (&synced, dataset, 0);

  out = cli (&synced, "commissions", "--by", "year", "--format", "json", NULL);
  years = parse (out);
  g_clear_pointer (&out, g_free);
  expected_years = json_object_get_object_member (json_node_get_object (expected), "commissions_by_year");
  expected_groups = json_object_get_array_member (expected_years, "groups");
  groups = json_object_get_array_member (json_node_get_object (years), "groups");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (years), "currency"), ==, "EUR");
  g_assert_cmpuint (json_array_get_length (groups), ==, json_array_get_length (expected_groups));
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *group = json_array_get_object_element (groups, i);
      JsonObject *want = json_array_get_object_element (expected_groups, i);
      JsonObject *by_kind = json_object_get_object_member (group, "by_kind");
      JsonObject *want_by_kind = json_object_get_object_member (want, "by_kind");
      g_autoptr(GList) kinds = json_object_get_members (by_kind);

      g_assert_cmpstr (json_object_get_string_member (group, "key"), ==,
                       json_object_get_string_member (want, "key"));
      g_assert_cmpint (json_object_get_int_member (group, "total_cents"), ==,
                       json_object_get_int_member (want, "total_cents"));
      g_assert_cmpuint (g_list_length (kinds), ==, IZP_LEDGER_N_KINDS);
      for (GList *l = kinds; l != NULL; l = l->next)
        g_assert_cmpint (json_object_get_int_member (by_kind, l->data), ==,
                         json_object_has_member (want_by_kind, l->data)
                         ? json_object_get_int_member (want_by_kind, l->data) : 0);
    }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (years), "total_cents"), ==,
                   json_object_get_int_member (expected_years, "total_cents"));

  anomalies = json_object_get_array_member (json_node_get_object (years), "anomalies");
  expected_anomalies = json_object_get_array_member (expected_years, "anomalies");
  g_assert_cmpuint (json_array_get_length (anomalies), ==, json_array_get_length (expected_anomalies));
  for (guint i = 0; i < json_array_get_length (anomalies); i++)
    {
      JsonObject *anomaly = json_array_get_object_element (anomalies, i);
      JsonObject *want = json_array_get_object_element (expected_anomalies, i);

      g_assert_cmpstr (json_object_get_string_member (anomaly, "ref"), ==,
                       json_object_get_string_member (want, "ref"));
      g_assert_cmpstr (json_object_get_string_member (anomaly, "reason"), ==,
                       json_object_get_string_member (want, "reason"));
    }

  /* Batches and due dates across the tier change of 2026-08-05: quarterly
   * before, monthly from August. No statement: due or late by --today. */
  out = cli (&synced, "payouts", "--today", "2026-10-15", "--format", "json", NULL);
  payouts = parse (out);
  batches = json_object_get_array_member (json_node_get_object (payouts), "batches");
  expected_batches = json_object_get_array_member (
    json_object_get_object_member (json_node_get_object (expected), "payouts"), "batches");
  g_assert_cmpuint (json_array_get_length (batches), ==, json_array_get_length (expected_batches));
  /* The file lists batches by key, the CLI by start: find each by key. */
  for (guint i = 0; i < json_array_get_length (expected_batches); i++)
    {
      JsonObject *want = json_array_get_object_element (expected_batches, i);
      JsonObject *batch = NULL;
      const char *due_on;

      for (guint j = 0; j < json_array_get_length (batches) && batch == NULL; j++)
        if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (batches, j), "key"),
                       json_object_get_string_member (want, "key")) == 0)
          batch = json_array_get_object_element (batches, j);
      g_assert_nonnull (batch);
      due_on = json_object_get_string_member (batch, "due_on");
      g_assert_cmpstr (due_on, ==, json_object_get_string_member (want, "due_on"));
      g_assert_cmpint (json_object_get_int_member (batch, "total_cents"), ==,
                       json_object_get_int_member (want, "total_cents"));
      /* Due on the day itself, late the day after. */
      g_assert_cmpstr (json_object_get_string_member (batch, "state"), ==,
                       strcmp (due_on, "2026-10-15") < 0 ? "late" : "due");
    }
  /* In order of start: the quarter before the tier change, then July's
   * quarter (the tier on 31 July is still referent), then August monthly. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (batches, 3), "key"),
                   ==, "2026-Q3");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (batches, 4), "key"),
                   ==, "2026-08");

  synced_clear (&synced);
}

static IzpCents
group_sum (JsonNode *root)
{
  JsonArray *groups = json_object_get_array_member (json_node_get_object (root), "groups");
  IzpCents sum = 0;

  for (guint i = 0; i < json_array_get_length (groups); i++)
    sum += json_object_get_int_member (json_array_get_object_element (groups, i), "total_cents");
  return sum;
}

/* Sums of the "by month" groups whose key starts with each year's key. */
static void
assert_months_add_up_to_years (JsonNode *months,
                               JsonNode *years)
{
  JsonArray *month_groups = json_object_get_array_member (json_node_get_object (months), "groups");
  JsonArray *year_groups = json_object_get_array_member (json_node_get_object (years), "groups");

  for (guint y = 0; y < json_array_get_length (year_groups); y++)
    {
      JsonObject *year = json_array_get_object_element (year_groups, y);
      const char *key = json_object_get_string_member (year, "key");
      IzpCents sum = 0;

      for (guint m = 0; m < json_array_get_length (month_groups); m++)
        {
          JsonObject *month = json_array_get_object_element (month_groups, m);

          if (g_str_has_prefix (json_object_get_string_member (month, "key"), key))
            sum += json_object_get_int_member (month, "total_cents");
        }
      g_assert_cmpint (sum, ==, json_object_get_int_member (year, "total_cents"));
    }
}

/* French amounts hold no-break spaces; pdftotext writes plain ones. */
static char *
plain_spaces (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  g_string_replace (out, "\u202f", " ", 0);
  g_string_replace (out, "\u00a0", " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
pdf_text (const char *pdf)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "pdftotext", "-layout",
                              pdf, "-", NULL);
  if (process == NULL)
    return NULL;
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  return out;
}

/* Page 1 as a PNG beside the UI tests' screenshots, to look at. */
static void
render_first_page (const char *pdf)
{
  g_autofree char *dir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "tests", "screenshots", NULL);
  g_autofree char *prefix = g_build_filename (dir, "commission-statement", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "pdftoppm", "-r", "90", "-png",
                              "-singlefile", "-f", "1", "-l", "1", pdf, prefix, NULL);
  if (process == NULL)
    return;
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

/* The ledger computed as the invoices are read, a few thousand at a time
 * (izp_commission_data_load()), is the engine's ledger of every invoice
 * read at once: the same lines in the same order, the same anomalies. */
static void
test_batched_equals_whole (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(IzpStoreCommissionInput) whole_input = NULL;
  g_autoptr(IzpLedger) whole = NULL;
  const IzpLedger *batched;
  Synced synced;

  synced_init (&synced, NULL, 400);

  whole_input = izp_store_read_commission_input (synced.temp.store, NULL, &error);
  g_assert_no_error (error);
  /* More than two batches of 4 096. */
  g_assert_cmpuint (whole_input->input.n_invoices, >, 2 * 4096);
  whole = izp_commission_compute (&whole_input->input);

  data = izp_commission_data_load (synced.temp.store, &error);
  g_assert_no_error (error);
  batched = izp_commission_data_get_ledger (data);
  /* None kept: they went through the engine as they were read. */
  g_assert_cmpuint (izp_commission_data_get_input (data)->n_invoices, ==, 0);

  assert_ledgers_equal (batched, whole, FALSE);

  synced_clear (&synced);
}

/* On a generated dataset: the JSON of every grouping, the CSV read back, the
 * PDF's text and the core's own sum agree; groups add up to the total, months
 * to years. */
static void
test_agreement (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(JsonNode) months = NULL;
  g_autoptr(JsonNode) quarters = NULL;
  g_autoptr(JsonNode) years = NULL;
  g_autoptr(JsonNode) clients = NULL;
  g_autoptr(JsonNode) kinds = NULL;
  g_autoptr(JsonNode) csv_back = NULL;
  g_autoptr(JsonNode) window = NULL;
  g_autoptr(JsonNode) window_csv_back = NULL;
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *total_text = NULL;
  g_autoptr(GArray) rows_in_window = NULL;
  const IzpLedger *ledger;
  IzpLedgerFilter filter;
  JsonArray *rows;
  IzpCents total;
  IzpCents csv_total = 0;
  IzpStatementRequest request = { 0 };
  guint n_pages = 0;
  Synced synced;
  int fd;

  synced_init (&synced, NULL, 120);

  data = izp_commission_data_load (synced.temp.store, &error);
  g_assert_no_error (error);
  ledger = izp_commission_data_get_ledger (data);
  g_assert_cmpuint (ledger->lines->len, >, 300);
  total = izp_ledger_total (ledger, IZP_DATE_NONE, IZP_DATE_NONE, NULL);

#define GROUPED(var, by) \
  out = cli (&synced, "commissions", "--by", by, "--format", "json", NULL); \
  var = parse (out); \
  g_clear_pointer (&out, g_free); \
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (var), "total_cents"), ==, total); \
  g_assert_cmpint (group_sum (var), ==, total)

  GROUPED (months, "month");
  GROUPED (quarters, "quarter");
  GROUPED (years, "year");
  GROUPED (clients, "client");
  GROUPED (kinds, "kind");
#undef GROUPED
  assert_months_add_up_to_years (months, years);
  assert_months_add_up_to_years (quarters, years);

  /* The CSV, read back: one row per line, the same sum, French forms. */
  csv = cli (&synced, "commissions", "--format", "csv", NULL);
  csv_back = read_csv_back (csv, strlen (csv));
  rows = csv_rows (csv_back);
  g_assert_cmpuint (json_array_get_length (rows), ==, ledger->lines->len + 1);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (rows, 0)), ==, 8);
  for (guint i = 1; i < json_array_get_length (rows); i++)
    {
      const char *date = cell (rows, i, 0);

      g_assert_true (g_regex_match_simple ("^[0-3][0-9]/[01][0-9]/20[0-9][0-9]$", date, 0, 0));
      csv_total += csv_cents (cell (rows, i, 6));
      g_assert_cmpstr (cell (rows, i, 7), ==, "EUR");
    }
  g_assert_cmpint (csv_total, ==, total);

  /* A period: the CLI's JSON and CSV and the core's filter agree. */
  out = cli (&synced, "commissions", "--from", "2026-01-01", "--to", "2026-03-31", "--by", "month",
             "--format", "json", NULL);
  window = parse (out);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&csv, g_free);
  csv = cli (&synced, "commissions", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "csv", NULL);
  window_csv_back = read_csv_back (csv, strlen (csv));
  izp_ledger_filter_init (&filter);
  filter.from = izp_date_new (2026, 1, 1);
  filter.to = izp_date_new (2026, 3, 31);
  rows_in_window = izp_ledger_filter_rows (&filter, ledger);
  g_assert_cmpuint (json_array_get_length (csv_rows (window_csv_back)), ==, rows_in_window->len + 1);
  csv_total = 0;
  for (guint i = 1; i < json_array_get_length (csv_rows (window_csv_back)); i++)
    csv_total += csv_cents (cell (csv_rows (window_csv_back), i, 6));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (window), "total_cents"), ==,
                   izp_ledger_sum_rows (ledger, (const guint *) (gpointer) rows_in_window->data,
                                        rows_in_window->len, NULL));
  g_assert_cmpint (csv_total, ==, json_object_get_int_member (json_node_get_object (window), "total_cents"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (window),
                                                                          "groups")), ==, 3);

  /* The PDF statement of that period prints the same total, on pages
   * numbered "n / N". */
  fd = g_file_open_tmp ("izp-statement-XXXXXX.pdf", &pdf_path, &error);
  g_assert_no_error (error);
  close (fd);
  request.ledger = ledger;
  request.cabinet = izp_commission_data_get_cabinet (data);
  request.from = filter.from;
  request.to = filter.to;
  request.names = izp_commission_data_get_names (data);
  request.issued_on = izp_date_new (2026, 11, 27);
  g_assert_true (izp_commission_statement_write_pdf (&request, pdf_path, NULL, NULL, NULL, &n_pages, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, >=, 2);
  text = pdf_text (pdf_path);
  if (text == NULL)
    g_test_incomplete ("pdftotext (poppler-utils) is not installed: the PDF's text is not checked");
  else
    {
      g_autofree char *last_page = g_strdup_printf ("Page %u / %u", n_pages, n_pages);

      g_autofree char *amount = izp_money_format (
        json_object_get_int_member (json_node_get_object (window), "total_cents"), "EUR");
      g_autofree char *plain = plain_spaces (text);

      total_text = plain_spaces (amount);
      if (g_getenv ("IZP_KEEP_PDF") != NULL)
        g_test_message ("PDF kept at %s", pdf_path);
      g_assert_nonnull (strstr (plain, total_text));
      g_assert_nonnull (strstr (plain, last_page));
      g_assert_nonnull (strstr (plain, izp_commission_data_get_cabinet (data)));
      render_first_page (pdf_path);
    }
  if (g_getenv ("IZP_KEEP_PDF") == NULL)
    g_unlink (pdf_path);

  /* --format csv writes the export's bytes. */
  {
    g_autoptr(GString) expected_csv = g_string_new (NULL);
    g_autoptr(GArray) batches = izp_commission_data_payouts (data, izp_date_new (2026, 11, 27));
    g_autoptr(IzpReconciliation) reconciliation = izp_commission_data_reconcile (data);

    g_clear_pointer (&csv, g_free);
    csv = cli (&synced, "commissions", "--format", "csv", NULL);
    izp_csv_write_ledger (expected_csv, ledger, NULL, 0, izp_commission_data_get_names (data));
    g_assert_cmpstr (csv, ==, expected_csv->str);

    g_clear_pointer (&csv, g_free);
    g_string_truncate (expected_csv, 0);
    csv = cli (&synced, "payouts", "--today", "2026-11-27", "--format", "csv", NULL);
    izp_csv_write_payouts (expected_csv, "EUR", batches);
    g_assert_cmpstr (csv, ==, expected_csv->str);

    g_clear_pointer (&csv, g_free);
    g_string_truncate (expected_csv, 0);
    csv = cli (&synced, "reconcile", "--format", "csv", NULL);
    izp_csv_write_reconciliation (expected_csv, "EUR", reconciliation);
    g_assert_cmpstr (csv, ==, expected_csv->str);
  }

  synced_clear (&synced);
}

/* The generator's statements hold one deliberately under-paid line: the
 * CLI finds it, and only it. */
static void
test_reconcile_json (void)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  JsonArray *periods;
  guint n_differences = 0;
  IzpCents net = 0;
  Synced synced;

  synced_init (&synced, NULL, 120);
  out = cli (&synced, "reconcile", "--format", "json", NULL);
  root = parse (out);
  periods = json_object_get_array_member (json_node_get_object (root), "periods");
  g_assert_cmpuint (json_array_get_length (periods), >, 0);
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *period = json_array_get_object_element (periods, i);
      JsonArray *differences = json_object_get_array_member (period, "differences");

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (period, "missing")), ==, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (period, "unknown")), ==, 0);
      g_assert_cmpint (json_object_get_int_member (period, "net_difference_cents"), ==,
                       json_object_get_int_member (period, "local_cents") -
                       json_object_get_int_member (period, "statement_cents"));
      for (guint j = 0; j < json_array_get_length (differences); j++)
        {
          JsonObject *item = json_array_get_object_element (differences, j);

          g_assert_cmpint (json_object_get_int_member (item, "local_cents"), >,
                           json_object_get_int_member (item, "statement_cents"));
          n_differences++;
        }
      net += json_object_get_int_member (period, "net_difference_cents");
    }
  g_assert_cmpuint (n_differences, ==, 1);
  g_assert_cmpint (net, >, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "net_difference_cents"), ==, net);
  synced_clear (&synced);
}

/* The calculator needs no account: the seed's conservative case. */
static void
test_project (void)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *years;

  g_assert_cmpint (run_cli (NULL, &out, NULL, "project", "--clients-per-year", "15",
                            "--mix", "starter=9,pro=5,enterprise=1", "--retention", "90", "--years", "3",
                            "--format", "json", NULL), ==, 0);
  root = parse (out);
  years = json_object_get_array_member (json_node_get_object (root), "years");
  g_assert_cmpuint (json_array_get_length (years), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 0), "commission_cents"), ==, 402000);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 1), "commission_cents"), ==, 582900);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 2), "commission_cents"), ==, 745710);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (years, 0), "arr_cents"), ==, 2010000);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (years, 0), "active_clients"), ==, 15.0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "total_commission_cents"), ==, 1730610);
  g_clear_pointer (&out, g_free);

  /* The table states its model. */
  g_assert_cmpint (run_cli (NULL, &out, NULL, "project", "--mix", "starter=9,pro=5,enterprise=1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "17\u202f306,10\u00a0€"));
  g_assert_nonnull (strstr (out, "^k"));

  /* Bad usage: exit 2 with a message. */
  g_assert_cmpint (run_cli (NULL, NULL, &err, "project", "--clients-per-year", "14",
                            "--mix", "starter=9,pro=5,enterprise=1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "15"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "project", "--mix", "gold=3", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "project", "--mix", "pro=1", "--years", "11", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "commissions", "--by", "week", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "payouts", "--today", "2026-13-01", NULL), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  /* French, as the app and the CLI speak with no language chosen, from this
   * build: the PDF and the CSV are checked as a user gets them. */
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("IZP_LOCALEDIR", localedir, TRUE);
  izp_i18n_init (LOCALEDIR);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/commissions/reconcile-json", test_reconcile_json);
  g_test_add_func ("/commissions/project", test_project);
  g_test_add_func ("/commissions/batched-equals-whole", test_batched_equals_whole);

  g_test_add_func ("/commissions/scenario-7-from-sync", test_scenario_from_sync);
  g_test_add_func ("/commissions/agreement", test_agreement);

  return g_test_run ();
}
