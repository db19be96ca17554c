/* izp-cli.c — izyinbox-partner-cli, the command-line face of the core
 *
 * Global options, then a subcommand from the table below; each subcommand
 * parses its own options. Exit 0 on success, 1 on a failure (a message on
 * stderr), 2 on bad usage (with a usage line).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "izp-api-client.h"
#include "izp-commission-claim.h"
#include "izp-commission-csv.h"
#include "izp-commission-data.h"
#include "izp-commission-projection.h"
#include "izp-credentials.h"
#include "izp-dashboard.h"
#include "izp-format.h"
#include "izp-i18n.h"
#include "izp-json.h"
#include "izp-ledger-filter.h"
#include "izp-link-qr.h"
#include "izp-links.h"
#include "izp-session.h"
#include "izp-signature.h"
#include "izp-template-library.h"
#include "izp-template-sources.h"

#define DEFAULT_SERVER IZP_SESSION_DEFAULT_SERVER

enum {
  EXIT_OK = 0,
  EXIT_FAILURE_ = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  char    *server;
  char    *email;
  char    *data_dir;
  gboolean server_given;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  handler;
  const char  *parameters;
  const char  *summary;
} Command;

static char *opt_server;
static char *opt_email;
static char *opt_data_dir;

static const GOptionEntry global_entries[] = {
  { "server", 0, 0, G_OPTION_ARG_STRING, &opt_server,
    N_("Server address (default https://api.izyinbox.fr)"), N_("URL") },
  { "email", 0, 0, G_OPTION_ARG_STRING, &opt_email,
    N_("E-mail address of the account"), N_("EMAIL") },
  { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Folder of the local data"), N_("DIR") },
  { NULL }
};

static void
print_usage_line (const char *command)
{
  if (command != NULL)
    g_printerr (_("Usage: %s [OPTION…] %s [OPTION…]\n"), g_get_prgname (), command);
  else
    g_printerr (_("Usage: %s [OPTION…] COMMAND [OPTION…]\n"), g_get_prgname ());
  g_printerr (_("Run “%s --help” for the list of commands.\n"), g_get_prgname ());
}

static int
fail (const GError *error)
{
  g_printerr ("%s: %s\n", g_get_prgname (), error->message);
  return EXIT_FAILURE_;
}

/* Parses a subcommand's own options (and the global ones, which may also
 * come after the command), then expects exactly @n_args arguments, left in
 * (*argv)[1…]. Returns FALSE on bad usage. */
static gboolean
parse_command_arguments (const char         *command,
                         const GOptionEntry *entries,
                         int                 n_args,
                         int                *argc,
                         char             ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s", command);
  g_autoptr(GArray) globals = g_array_new (FALSE, FALSE, sizeof (GOptionEntry));
  const GOptionEntry terminator = { NULL };

  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* A command's own option wins over a global one of the same name (link
   * create's --email is the prospect's; the account's goes before it). */
  for (guint i = 0; global_entries[i].long_name != NULL; i++)
    {
      gboolean shadowed = FALSE;

      for (guint j = 0; entries != NULL && entries[j].long_name != NULL; j++)
        shadowed |= strcmp (entries[j].long_name, global_entries[i].long_name) == 0;
      if (!shadowed)
        g_array_append_val (globals, global_entries[i]);
    }
  g_array_append_val (globals, terminator);
  g_option_context_add_main_entries (context, (GOptionEntry *) globals->data, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      print_usage_line (command);
      return FALSE;
    }
  if (*argc > 1 + n_args)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), g_get_prgname (), (*argv)[1 + n_args]);
      print_usage_line (command);
      return FALSE;
    }
  if (*argc < 1 + n_args)
    {
      g_printerr (_("%s: an argument is missing\n"), g_get_prgname ());
      print_usage_line (command);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_command_options (const char         *command,
                       const GOptionEntry *entries,
                       int                *argc,
                       char             ***argv)
{
  return parse_command_arguments (command, entries, 0, argc, argv);
}

/* Folds the options into @cli once the subcommand has parsed its own. */
static void
apply_global_options (Cli *cli)
{
  if (opt_server != NULL)
    {
      g_free (cli->server);
      cli->server = izp_api_normalize_server_url (opt_server);
      cli->server_given = TRUE;
    }
  if (opt_email != NULL)
    {
      g_free (cli->email);
      cli->email = g_strdup (opt_email);
    }
  if (opt_data_dir != NULL)
    {
      g_free (cli->data_dir);
      cli->data_dir = g_strdup (opt_data_dir);
    }
  if (cli->server == NULL)
    cli->server = g_strdup (DEFAULT_SERVER);
  if (cli->data_dir == NULL)
    cli->data_dir = izp_store_default_data_dir ();
}

/* The pair (server, e-mail): given, or the only account in the data dir. */
static gboolean
resolve_account (Cli     *cli,
                 GError **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  IzpStoreAccount *match = NULL;
  guint n_matches = 0;

  if (cli->email != NULL)
    return TRUE;

  accounts = izp_store_list_accounts (cli->data_dir, error);
  if (accounts == NULL)
    return FALSE;

  for (guint i = 0; i < accounts->len; i++)
    {
      IzpStoreAccount *account = g_ptr_array_index (accounts, i);

      if (cli->server_given && g_strcmp0 (account->server, cli->server) != 0)
        continue;
      match = account;
      n_matches++;
    }

  if (n_matches == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No account here yet. Sign in first with “login --email ADDRESS "
                     "--password-stdin”."));
      return FALSE;
    }
  if (n_matches > 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Several accounts are set up here: choose one with --email."));
      return FALSE;
    }

  g_free (cli->server);
  cli->server = g_strdup (match->server);
  g_free (cli->email);
  cli->email = g_strdup (match->email);
  return TRUE;
}

static IzpStore *
open_store (Cli      *cli,
            gboolean  must_exist,
            GError  **error)
{
  g_autofree char *path = izp_store_account_path (cli->data_dir, cli->server, cli->email);

  if (must_exist && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No data for %s on %s. Sign in first with “login”."),
                   cli->email, cli->server);
      return NULL;
    }
  return izp_store_open (path, error);
}

/* ------------------------------------------------------------------ */
/* Waiting for async calls */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_async_done (GObject      *source,
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
  g_main_loop_run (waiter->loop);
  return g_steal_pointer (&waiter->result);
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
  g_clear_object (&waiter->result);
}

static IzpSession *
new_session (Cli     *cli,
             GError **error)
{
  IzpSession *session = izp_session_new (cli->server, cli->email, cli->data_dir, error);
  const char *base;

  if (session == NULL)
    return NULL;

  /* Tests shorten the backoff so fault runs stay fast. */
  base = g_getenv ("IZP_RETRY_BASE_MS");
  if (base != NULL)
    izp_api_client_set_retry_policy (izp_session_get_client (session), 8,
                                     (guint) g_ascii_strtoull (base, NULL, 10), 10000, 2000);
  return session;
}

/* Looks the sign-in up in the keyring; not signed in is an error here. */
static gboolean
restore_session (Cli         *cli,
                 IzpSession  *session,
                 GError     **error)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean found;

  izp_session_restore_async (session, NULL, on_async_done, &waiter);
  result = wait_for (&waiter);
  waiter_clear (&waiter);
  found = izp_session_restore_finish (session, result, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!found)
    {
      g_set_error (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN,
                   _("You are not signed in to %s as %s. Sign in with “login”."),
                   cli->server, cli->email);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* login */

static gboolean opt_password_stdin;

static const GOptionEntry login_entries[] = {
  { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &opt_password_stdin,
    N_("Read the password from standard input"), NULL },
  { NULL }
};

static char *
read_password (void)
{
  GString *password = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (password->len > 4096)
        break;
      g_string_append_c (password, (char) c);
    }
  if (password->len > 0 && password->str[password->len - 1] == '\r')
    g_string_truncate (password, password->len - 1);
  return g_string_free (password, FALSE);
}

static int
command_login (Cli   *cli,
               int    argc,
               char **argv)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gboolean ok;

  if (!parse_command_options ("login", login_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  if (!opt_password_stdin || cli->email == NULL)
    {
      g_printerr (_("%s: login needs --email and --password-stdin\n"), g_get_prgname ());
      print_usage_line ("login --email ADDRESS --password-stdin");
      return EXIT_USAGE;
    }

  session = new_session (cli, &error);
  if (session == NULL)
    return fail (error);

  password = read_password ();
  waiter.loop = g_main_loop_new (NULL, FALSE);
  izp_session_sign_in_async (session, password, NULL, on_async_done, &waiter);
  memset (password, 0, strlen (password));
  result = wait_for (&waiter);
  waiter_clear (&waiter);

  ok = izp_session_sign_in_finish (session, result, &error);
  if (!ok)
    return fail (error);

  g_print (_("Signed in as %s on %s.\n"), cli->email, cli->server);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* logout */

static int
command_logout (Cli   *cli,
                int    argc,
                char **argv)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_command_options ("logout", NULL, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  if (!resolve_account (cli, &error))
    return fail (error);

  session = new_session (cli, &error);
  if (session == NULL)
    return fail (error);

  /* Signed out already is fine: the keyring entry is cleared anyway. */
  if (!restore_session (cli, session, &error) &&
      !g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_SIGN_IN_AGAIN))
    return fail (error);
  g_clear_error (&error);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  izp_session_sign_out_async (session, NULL, on_async_done, &waiter);
  result = wait_for (&waiter);
  waiter_clear (&waiter);
  if (!izp_session_sign_out_finish (session, result, &error))
    return fail (error);

  g_print (_("Signed out.\n"));
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* sync */

static int opt_limit;

static const GOptionEntry sync_entries[] = {
  { "limit", 0, 0, G_OPTION_ARG_INT, &opt_limit,
    N_("Items per page, 1 to 1000 (default 1000)"), N_("N") },
  { NULL }
};

typedef struct
{
  gboolean  tty;
  char     *last_collection;
  guint64   last_count;
} SyncContext;

/* "invoices: 1 200", one line per collection when not on a terminal. */
static void
print_collection_count (const char *collection,
                        guint64     count)
{
  g_autofree char *text = izp_format_count ((gint64) count);

  g_print ("%s: %s\n", izp_collection_describe (collection), text);
}

static void
on_sync_progress (IzpSession *session,
                  const char *collection,
                  guint64     collection_items,
                  guint64     total_items,
                  gpointer    user_data)
{
  SyncContext *context = user_data;

  if (context->tty)
    {
      g_autofree char *collection_count = izp_format_count ((gint64) collection_items);
      g_autofree char *total_count = izp_format_count ((gint64) total_items);

      g_print ("\r\033[K");
      /* Translators: "Syncing: invoices 1 200 (3 400 items in all)" */
      g_print (_("Syncing: %s %s (%s items in all)"),
               izp_collection_describe (collection), collection_count, total_count);
      fflush (stdout);
    }
  else if (context->last_collection == NULL)
    {
      /* Not a terminal: a line when the first page is stored, then one
       * per collection; no carriage returns. */
      g_print (_("Syncing…\n"));
      fflush (stdout);
    }
  else if (g_strcmp0 (context->last_collection, collection) != 0)
    {
      print_collection_count (context->last_collection, context->last_count);
      fflush (stdout);
    }
  if (g_strcmp0 (context->last_collection, collection) != 0)
    {
      g_free (context->last_collection);
      context->last_collection = g_strdup (collection);
    }
  context->last_count = collection_items;
}

static int
command_sync (Cli   *cli,
              int    argc,
              char **argv)
{
  SyncContext context = { FALSE, NULL, 0 };
  Waiter waiter = { NULL, NULL };
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  IzpSyncSummary summary;
  g_autofree char *items = NULL;
  g_autofree char *seconds = NULL;
  gint64 start;
  gint64 elapsed_ms;
  gboolean ok;

  if (!parse_command_options ("sync", sync_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (opt_limit < 0 || opt_limit > 1000)
    {
      g_printerr (_("%s: --limit must be between 1 and 1000\n"), g_get_prgname ());
      print_usage_line ("sync [--limit N]");
      return EXIT_USAGE;
    }

  if (!resolve_account (cli, &error))
    return fail (error);

  session = new_session (cli, &error);
  if (session == NULL || !restore_session (cli, session, &error))
    return fail (error);
  if (opt_limit > 0)
    izp_sync_set_page_limit (izp_session_get_sync (session), (guint) opt_limit);

  context.tty = isatty (STDOUT_FILENO);
  g_signal_connect (session, "progress", G_CALLBACK (on_sync_progress), &context);

  start = g_get_monotonic_time ();
  waiter.loop = g_main_loop_new (NULL, FALSE);
  izp_session_sync_async (session, NULL, on_async_done, &waiter);
  result = wait_for (&waiter);
  waiter_clear (&waiter);
  ok = izp_session_sync_finish (session, result, &summary, &error);

  if (context.tty && context.last_collection != NULL)
    g_print ("\r\033[K");
  else if (context.last_collection != NULL)
    print_collection_count (context.last_collection, context.last_count);
  g_clear_pointer (&context.last_collection, g_free);

  if (!ok)
    return fail (error);

  items = izp_format_count ((gint64) summary.items);
  /* Seconds with a decimal comma, like every figure: "1,234". */
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  seconds = g_strdup_printf ("%" G_GINT64_FORMAT ",%03d", elapsed_ms / 1000, (int) (elapsed_ms % 1000));
  g_print (_("Sync complete: %s items received in %s s "
             "(%u collections unchanged, %u links sent).\n"),
           items, seconds, summary.unchanged, summary.outbox_sent);

  /* New data: the commissions computed now and summed in the store, so
   * that the app's dashboard and `dashboard` show them at once. */
  if (summary.items > 0)
    {
      g_autoptr(IzpCommissionData) data = izp_commission_data_load (izp_session_get_store (session), &error);

      if (data == NULL && !g_error_matches (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED))
        g_printerr (_("The commissions could not be computed: %s\n"), error->message);
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* status */

static char *opt_format;

static const GOptionEntry status_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: text or json"), N_("FORMAT") },
  { NULL }
};

/* --format is text (the default) or json; FALSE on anything else. */
static gboolean
check_text_or_json (const char *usage)
{
  if (opt_format == NULL || g_strcmp0 (opt_format, "text") == 0 || g_strcmp0 (opt_format, "json") == 0)
    return TRUE;
  g_printerr (_("%s: unknown format “%s” (text or json)\n"), g_get_prgname (), opt_format);
  print_usage_line (usage);
  return FALSE;
}

static int
command_status (Cli   *cli,
                int    argc,
                char **argv)
{
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *last_sync_text = NULL;
  gint64 counts[IZP_N_COLLECTIONS];
  gboolean json;

  if (!parse_command_options ("status", status_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  if (!check_text_or_json ("status [--format text|json]"))
    return EXIT_USAGE;
  json = g_strcmp0 (opt_format, "json") == 0;

  if (!resolve_account (cli, &error))
    return fail (error);

  store = open_store (cli, TRUE, &error);
  if (store == NULL ||
      !izp_store_get_account (store, NULL, NULL, &last_sync, &error) ||
      !izp_store_get_counts (store, counts, &error))
    return fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "server");
      json_builder_add_string_value (builder, cli->server);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, cli->email);
      json_builder_set_member_name (builder, "last_sync");
      if (last_sync != NULL)
        json_builder_add_string_value (builder, last_sync);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
      for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
        {
          json_builder_set_member_name (builder, izp_schema_get_collection (i)->name);
          json_builder_add_int_value (builder, counts[i]);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);

      root = json_builder_get_root (builder);
      text = izp_json_to_string (root);
      g_print ("%s\n", text);
      return EXIT_OK;
    }

  g_print (_("Server: %s\n"), cli->server);
  g_print (_("Account: %s\n"), cli->email);
  last_sync_text = last_sync != NULL ? izp_format_instant (last_sync) : NULL;
  g_print (_("Last sync: %s\n"), last_sync_text != NULL ? last_sync_text : _("never"));
  for (guint i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      g_autofree char *count = izp_format_count (counts[i]);
      const char *title = izp_collection_get_title (i);
      /* Pad by characters, not bytes: titles are French. */
      int padding = MAX (0, 30 - (int) g_utf8_strlen (title, -1));

      g_print ("  %s%*s %s\n", title, padding, "", count);
    }

  /* The dashboard's headline, once there is something to show. */
  if (last_sync != NULL)
    {
      g_autoptr(IzpDashboard) dashboard = izp_dashboard_load (store, izp_date_today_local (), NULL, &error);
      g_autofree char *headline = NULL;

      if (dashboard == NULL)
        return fail (error);
      headline = izp_dashboard_headline_text (dashboard);
      g_print ("%s", headline);
    }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* Commissions: commissions, payouts, reconcile, project */

static char *opt_from;
static char *opt_to;
static char *opt_by;
static char *opt_today;

typedef enum
{
  FORMAT_TABLE,
  FORMAT_CSV,
  FORMAT_JSON,
} OutputFormat;

/* --format table|csv|json; FALSE (after a message) on anything else. */
static gboolean
parse_format (const char   *usage,
              OutputFormat *out_format)
{
  if (opt_format == NULL || g_strcmp0 (opt_format, "table") == 0 || g_strcmp0 (opt_format, "text") == 0)
    *out_format = FORMAT_TABLE;
  else if (g_strcmp0 (opt_format, "csv") == 0)
    *out_format = FORMAT_CSV;
  else if (g_strcmp0 (opt_format, "json") == 0)
    *out_format = FORMAT_JSON;
  else
    {
      g_printerr (_("%s: unknown format “%s” (table, csv or json)\n"), g_get_prgname (), opt_format);
      print_usage_line (usage);
      return FALSE;
    }
  return TRUE;
}

/* A YYYY-MM-DD option; @text NULL leaves IZP_DATE_NONE. */
static gboolean
parse_date_option (const char *name,
                   const char *text,
                   const char *usage,
                   IzpDate    *out_date)
{
  *out_date = IZP_DATE_NONE;
  if (text == NULL)
    return TRUE;
  if (izp_date_parse (text, out_date))
    return TRUE;
  g_printerr (_("%s: --%s needs a date YYYY-MM-DD, not “%s”\n"), g_get_prgname (), name, text);
  print_usage_line (usage);
  return FALSE;
}

/* printf's widths count bytes; French amounts hold multi-byte spaces and
 * the euro sign. Pads @text to @width characters, on the left when @right. */
static void
print_cell (const char *text,
            int         width,
            gboolean    right,
            gboolean    last)
{
  glong length = text != NULL ? g_utf8_strlen (text, -1) : 0;

  if (right)
    for (glong i = length; i < width; i++)
      g_print (" ");
  g_print ("%s", text != NULL ? text : "");
  if (!right && !last)
    for (glong i = length; i < width; i++)
      g_print (" ");
  if (!last)
    g_print (" ");
}

static void
print_row (const int          *widths,
           const char * const *cells,
           guint               n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    print_cell (cells[i], ABS (widths[i]), widths[i] > 0, i + 1 == n_cells);
  g_print ("\n");
}

static IzpCommissionData *
load_commission_data (Cli     *cli,
                      GError **error)
{
  g_autoptr(IzpStore) store = NULL;

  if (!resolve_account (cli, error))
    return NULL;
  store = open_store (cli, TRUE, error);
  if (store == NULL)
    return NULL;
  return izp_commission_data_load (store, error);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = izp_json_to_string (root);

  g_print ("%s\n", text);
}

/* Writes CSV as it is, BOM and CRLF included: the same bytes as the export. */
static int
print_csv (GString *csv)
{
  if (fwrite (csv->str, 1, csv->len, stdout) != csv->len || fflush (stdout) != 0)
    {
      g_printerr (_("%s: could not write the output\n"), g_get_prgname ());
      return EXIT_FAILURE_;
    }
  return EXIT_OK;
}

static void
add_date_member (JsonBuilder *builder,
                 const char  *name,
                 IzpDate      date)
{
  json_builder_set_member_name (builder, name);
  if (date == IZP_DATE_NONE)
    json_builder_add_null_value (builder);
  else
    {
      g_autofree char *text = izp_date_to_string (date);

      json_builder_add_string_value (builder, text);
    }
}

static void
add_by_kind (JsonBuilder    *builder,
             const IzpCents  by_kind[IZP_LEDGER_N_KINDS])
{
  json_builder_set_member_name (builder, "by_kind");
  json_builder_begin_object (builder);
  for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
    {
      json_builder_set_member_name (builder, izp_ledger_kind_to_string ((IzpLedgerKind) k));
      json_builder_add_int_value (builder, by_kind[k]);
    }
  json_builder_end_object (builder);
}

static const GOptionEntry commissions_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("First accrual day, included"), N_("YYYY-MM-DD") },
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Last accrual day, included"), N_("YYYY-MM-DD") },
  { "by", 0, 0, G_OPTION_ARG_STRING, &opt_by,
    N_("Group by month, quarter, year, client or kind (default month)"), N_("GROUP") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: table, csv (the ledger lines) or json"), N_("FORMAT") },
  { NULL }
};

#define COMMISSIONS_USAGE "commissions [--from D] [--to D] [--by month|quarter|year|client|kind] [--format table|csv|json]"

static int
command_commissions (Cli   *cli,
                     int    argc,
                     char **argv)
{
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) groups = NULL;
  const IzpLedger *ledger;
  IzpLedgerFilter filter;
  IzpGroupBy by = IZP_GROUP_BY_MONTH;
  OutputFormat format;
  IzpCents total = 0;
  const int widths[] = { -32, 8, 18 };

  if (!parse_command_options ("commissions", commissions_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  izp_ledger_filter_init (&filter);
  if (!parse_format (COMMISSIONS_USAGE, &format) ||
      !parse_date_option ("from", opt_from, COMMISSIONS_USAGE, &filter.from) ||
      !parse_date_option ("to", opt_to, COMMISSIONS_USAGE, &filter.to))
    return EXIT_USAGE;
  if (opt_by != NULL && !izp_group_by_from_string (opt_by, &by))
    {
      g_printerr (_("%s: --by must be month, quarter, year, client or kind, not “%s”\n"),
                  g_get_prgname (), opt_by);
      print_usage_line (COMMISSIONS_USAGE);
      return EXIT_USAGE;
    }

  data = load_commission_data (cli, &error);
  if (data == NULL)
    return fail (error);
  ledger = izp_commission_data_get_ledger (data);

  if (format == FORMAT_CSV)
    {
      g_autoptr(GArray) rows = izp_ledger_filter_rows (&filter, ledger);
      g_autoptr(GString) csv = g_string_new (NULL);

      izp_csv_write_ledger (csv, ledger, (const guint *) (gpointer) rows->data, rows->len,
                            izp_commission_data_get_names (data));
      return print_csv (csv);
    }

  groups = izp_ledger_group (ledger, by, filter.from, filter.to);
  for (guint i = 0; i < groups->len; i++)
    total += g_array_index (groups, IzpLedgerGroup, i).total_cents;

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, ledger->currency);
      add_date_member (builder, "from", filter.from);
      add_date_member (builder, "to", filter.to);
      json_builder_set_member_name (builder, "groups");
      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        {
          const IzpLedgerGroup *group = &g_array_index (groups, IzpLedgerGroup, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, group->key);
          add_by_kind (builder, group->by_kind);
          json_builder_set_member_name (builder, "total_cents");
          json_builder_add_int_value (builder, group->total_cents);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "total_cents");
      json_builder_add_int_value (builder, total);
      json_builder_set_member_name (builder, "anomalies");
      json_builder_begin_array (builder);
      for (guint i = 0; i < ledger->anomalies->len; i++)
        {
          const IzpAnomaly *anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ref");
          json_builder_add_string_value (builder, anomaly->ref);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, izp_anomaly_reason_to_string (anomaly->reason));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }

  {
    const char *cells[] = { by == IZP_GROUP_BY_CLIENT ? _("Client") : _("Group"), _("Lines"), _("Commission") };

    print_row (widths, cells, 3);
  }
  for (guint i = 0; i < groups->len; i++)
    {
      const IzpLedgerGroup *group = &g_array_index (groups, IzpLedgerGroup, i);
      g_autofree char *amount = izp_money_format (group->total_cents, ledger->currency);
      g_autofree char *lines = g_strdup_printf ("%u", group->n_lines);
      const char *key = group->key;
      const char *cells[3];

      if (by == IZP_GROUP_BY_CLIENT)
        key = *key != '\0' ? izp_commission_data_get_client_name (data, key) : _("(bonuses)");
      else if (by == IZP_GROUP_BY_KIND)
        {
          IzpLedgerKind kind;

          if (izp_ledger_kind_from_string (key, &kind))
            key = izp_ledger_kind_get_label (kind);
        }
      cells[0] = key;
      cells[1] = lines;
      cells[2] = amount;
      print_row (widths, cells, 3);
    }
  {
    g_autofree char *amount = izp_money_format (total, ledger->currency);
    const char *cells[] = { _("Total"), "", amount };

    print_row (widths, cells, 3);
  }
  if (ledger->anomalies->len > 0)
    {
      g_print (ngettext ("%u invoice looks wrong and earns nothing:\n",
                         "%u invoices look wrong and earn nothing:\n", ledger->anomalies->len),
               ledger->anomalies->len);
      for (guint i = 0; i < ledger->anomalies->len; i++)
        {
          const IzpAnomaly *anomaly = &g_array_index (ledger->anomalies, IzpAnomaly, i);

          g_print ("  %s: %s\n", anomaly->ref, izp_anomaly_reason_describe (anomaly->reason));
        }
    }
  return EXIT_OK;
}

static const GOptionEntry payouts_entries[] = {
  { "today", 0, 0, G_OPTION_ARG_STRING, &opt_today,
    N_("The day that decides between due and late (default today)"), N_("YYYY-MM-DD") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: table, csv or json"), N_("FORMAT") },
  { NULL }
};

#define PAYOUTS_USAGE "payouts [--today D] [--format table|csv|json]"

static int
command_payouts (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) batches = NULL;
  const char *currency;
  OutputFormat format;
  IzpDate today;
  const int widths[] = { -10, -12, 18, -8 };

  if (!parse_command_options ("payouts", payouts_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (!parse_format (PAYOUTS_USAGE, &format) ||
      !parse_date_option ("today", opt_today, PAYOUTS_USAGE, &today))
    return EXIT_USAGE;
  if (today == IZP_DATE_NONE)
    today = izp_date_today_local ();

  data = load_commission_data (cli, &error);
  if (data == NULL)
    return fail (error);
  currency = izp_commission_data_get_currency (data);
  batches = izp_commission_data_payouts (data, today);

  if (format == FORMAT_CSV)
    {
      g_autoptr(GString) csv = g_string_new (NULL);

      izp_csv_write_payouts (csv, currency, batches);
      return print_csv (csv);
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, currency);
      json_builder_set_member_name (builder, "batches");
      json_builder_begin_array (builder);
      for (guint i = 0; i < batches->len; i++)
        {
          const IzpPayoutBatch *batch = &g_array_index (batches, IzpPayoutBatch, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "key");
          json_builder_add_string_value (builder, batch->period.key);
          add_date_member (builder, "due_on", batch->period.due_on);
          json_builder_set_member_name (builder, "total_cents");
          json_builder_add_int_value (builder, batch->total_cents);
          json_builder_set_member_name (builder, "state");
          json_builder_add_string_value (builder, izp_payout_state_to_string (batch->state));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }

  {
    const char *cells[] = { _("Batch"), _("Due on"), _("Amount"), _("State") };

    print_row (widths, cells, 4);
  }
  for (guint i = 0; i < batches->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (batches, IzpPayoutBatch, i);
      g_autofree char *due = izp_format_date (batch->period.due_on);
      g_autofree char *amount = izp_money_format (batch->total_cents, currency);

      const char *cells[] = { batch->period.key, due, amount, izp_payout_state_get_label (batch->state) };

      print_row (widths, cells, 4);
    }
  return EXIT_OK;
}

static const GOptionEntry reconcile_entries[] = {
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: table, csv or json"), N_("FORMAT") },
  { NULL }
};

#define RECONCILE_USAGE "reconcile [--format table|csv|json]"

static void
add_reconciliation_items (JsonBuilder *builder,
                          const char  *name,
                          GArray      *items)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const IzpReconciliationItem *item = &g_array_index (items, IzpReconciliationItem, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, izp_ledger_kind_to_string (item->kind));
      json_builder_set_member_name (builder, "ref");
      json_builder_add_string_value (builder, item->ref);
      json_builder_set_member_name (builder, "local_cents");
      json_builder_add_int_value (builder, item->local_cents);
      json_builder_set_member_name (builder, "statement_cents");
      json_builder_add_int_value (builder, item->statement_cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_findings (IzpFinding  finding,
                GArray     *items,
                const char *currency)
{
  for (guint i = 0; i < items->len; i++)
    {
      g_autofree char *text = izp_finding_explain (finding, &g_array_index (items, IzpReconciliationItem, i),
                                                   currency);

      g_print ("  %s\n", text);
    }
}

static int
command_reconcile (Cli   *cli,
                   int    argc,
                   char **argv)
{
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(IzpReconciliation) reconciliation = NULL;
  g_autoptr(GError) error = NULL;
  const char *currency;
  OutputFormat format;
  IzpCents net = 0;

  if (!parse_command_options ("reconcile", reconcile_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (!parse_format (RECONCILE_USAGE, &format))
    return EXIT_USAGE;

  data = load_commission_data (cli, &error);
  if (data == NULL)
    return fail (error);
  currency = izp_commission_data_get_currency (data);
  reconciliation = izp_commission_data_reconcile (data);
  for (guint i = 0; i < reconciliation->periods->len; i++)
    net += g_array_index (reconciliation->periods, IzpReconciliationPeriod, i).net_difference_cents;

  if (format == FORMAT_CSV)
    {
      g_autoptr(GString) csv = g_string_new (NULL);

      izp_csv_write_reconciliation (csv, currency, reconciliation);
      return print_csv (csv);
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, currency);
      json_builder_set_member_name (builder, "periods");
      json_builder_begin_array (builder);
      for (guint i = 0; i < reconciliation->periods->len; i++)
        {
          const IzpReconciliationPeriod *period =
            &g_array_index (reconciliation->periods, IzpReconciliationPeriod, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "period");
          json_builder_add_string_value (builder, period->period);
          json_builder_set_member_name (builder, "matched");
          json_builder_add_int_value (builder, period->n_matched);
          add_reconciliation_items (builder, "missing", period->missing);
          add_reconciliation_items (builder, "unknown", period->unknown);
          add_reconciliation_items (builder, "differences", period->differences);
          json_builder_set_member_name (builder, "local_cents");
          json_builder_add_int_value (builder, period->local_cents);
          json_builder_set_member_name (builder, "statement_cents");
          json_builder_add_int_value (builder, period->statement_cents);
          json_builder_set_member_name (builder, "net_difference_cents");
          json_builder_add_int_value (builder, period->net_difference_cents);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "net_difference_cents");
      json_builder_add_int_value (builder, net);
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }

  if (reconciliation->periods->len == 0)
    {
      g_print (_("No statement from IzyInbox yet: nothing to compare.\n"));
      return EXIT_OK;
    }
  for (guint i = 0; i < reconciliation->periods->len; i++)
    {
      const IzpReconciliationPeriod *period =
        &g_array_index (reconciliation->periods, IzpReconciliationPeriod, i);
      g_autofree char *summary = izp_reconciliation_period_explain (period, currency);

      g_print ("%s — %s\n", period->period, summary);
      print_findings (IZP_FINDING_MISSING, period->missing, currency);
      print_findings (IZP_FINDING_UNKNOWN, period->unknown, currency);
      print_findings (IZP_FINDING_DIFFERENCE, period->differences, currency);
    }
  {
    g_autofree char *amount = izp_money_format (net, currency);

    g_print (_("Net difference over all statements (your ledger − statements): %s\n"), amount);
  }
  return EXIT_OK;
}

static int opt_clients_per_year = -1;
static char *opt_mix;
static char *opt_retention;
static int opt_years = 3;
static char *opt_tier;
static gboolean opt_founder;
static char *opt_activation;

static const GOptionEntry project_entries[] = {
  { "clients-per-year", 0, 0, G_OPTION_ARG_INT, &opt_clients_per_year,
    N_("New clients each year (the sum of the mix)"), N_("N") },
  { "mix", 0, 0, G_OPTION_ARG_STRING, &opt_mix,
    N_("New clients each year per plan, e.g. starter=9,pro=5,enterprise=1"), N_("MIX") },
  { "retention", 0, 0, G_OPTION_ARG_STRING, &opt_retention,
    N_("Clients kept each year, in % (default 90)"), N_("PERCENT") },
  { "years", 0, 0, G_OPTION_ARG_INT, &opt_years, N_("Years to project, 1 to 10 (default 3)"), N_("N") },
  { "tier", 0, 0, G_OPTION_ARG_STRING, &opt_tier,
    N_("Tier: referent, certifie or strategique (default referent)"), N_("TIER") },
  { "founder", 0, 0, G_OPTION_ARG_NONE, &opt_founder, N_("Founding partner's first-year rate"), NULL },
  { "activation", 0, 0, G_OPTION_ARG_STRING, &opt_activation,
    N_("When new clients activate: start (first day of the year) or spread (evenly, month by month)"),
    N_("MODEL") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: table, csv or json"), N_("FORMAT") },
  { NULL }
};

#define PROJECT_USAGE "project --clients-per-year N --mix starter=9,pro=5,enterprise=1 --retention 90 --years 3 " \
                      "[--tier T] [--founder] [--activation start|spread] [--format table|csv|json]"

/* `starter=9,pro=5,enterprise=1`; a plan left out counts 0. */
static gboolean
parse_mix (const char *text,
           guint       out_counts[IZP_N_PLANS])
{
  static const char * const plans[IZP_N_PLANS] = { "starter", "pro", "enterprise" };
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  memset (out_counts, 0, sizeof (guint) * IZP_N_PLANS);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *equal = strchr (parts[i], '=');
      guint64 count;
      guint plan;

      if (equal == NULL)
        return FALSE;
      for (plan = 0; plan < IZP_N_PLANS; plan++)
        {
          if (strncmp (parts[i], plans[plan], (gsize) (equal - parts[i])) == 0 &&
              strlen (plans[plan]) == (gsize) (equal - parts[i]))
            break;
        }
      if (plan == IZP_N_PLANS || !g_ascii_string_to_unsigned (equal + 1, 10, 0, 100000, &count, NULL))
        return FALSE;
      out_counts[plan] = (guint) count;
    }
  return TRUE;
}

/* `90`, `92.5` or `92,5` percent → basis points. */
static gboolean
parse_percent (const char     *text,
               IzpBasisPoints *out_bp)
{
  g_autofree char *dotted = g_strdup (text);
  char *end = NULL;
  double value;

  g_strdelimit (dotted, ",", '.');
  value = g_ascii_strtod (dotted, &end);
  if (end == dotted || *end != '\0' || !(value >= 0 && value <= 100))
    return FALSE;
  *out_bp = (IzpBasisPoints) (value * 100 + 0.5);
  return TRUE;
}

static int
command_project (Cli   *cli,
                 int    argc,
                 char **argv)
{
  g_autoptr(GArray) years = NULL;
  g_autoptr(GError) error = NULL;
  IzpProjectionInput input;
  OutputFormat format;
  guint sum = 0;
  IzpCents total = 0;
  const int widths[] = { -6, 16, 16, 16, 16 };

  if (!parse_command_options ("project", project_entries, &argc, &argv))
    return EXIT_USAGE;
  if (!parse_format (PROJECT_USAGE, &format))
    return EXIT_USAGE;

  izp_projection_input_init (&input);
  if (opt_mix == NULL || !parse_mix (opt_mix, input.new_clients))
    {
      g_printerr (_("%s: --mix needs new clients per plan, e.g. starter=9,pro=5,enterprise=1\n"),
                  g_get_prgname ());
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }
  for (guint i = 0; i < IZP_N_PLANS; i++)
    sum += input.new_clients[i];
  if (opt_clients_per_year >= 0 && (guint) opt_clients_per_year != sum)
    {
      g_printerr (_("%s: --clients-per-year is %d but the mix adds up to %u\n"),
                  g_get_prgname (), opt_clients_per_year, sum);
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }
  if (opt_retention != NULL && !parse_percent (opt_retention, &input.retention_bp))
    {
      g_printerr (_("%s: --retention needs a percentage from 0 to 100, not “%s”\n"),
                  g_get_prgname (), opt_retention);
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }
  if (opt_tier != NULL && !izp_tier_from_string (opt_tier, &input.tier))
    {
      g_printerr (_("%s: --tier must be referent, certifie or strategique, not “%s”\n"),
                  g_get_prgname (), opt_tier);
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }
  if (opt_activation != NULL && g_strcmp0 (opt_activation, "start") != 0 &&
      g_strcmp0 (opt_activation, "spread") != 0)
    {
      g_printerr (_("%s: --activation must be start or spread, not “%s”\n"),
                  g_get_prgname (), opt_activation);
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }
  input.model = g_strcmp0 (opt_activation, "spread") == 0 ? IZP_ACTIVATION_SPREAD : IZP_ACTIVATION_START;
  input.founder = opt_founder;
  input.n_years = opt_years < 0 ? 0 : (guint) opt_years;
  if (!izp_projection_input_check (&input, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      print_usage_line (PROJECT_USAGE);
      return EXIT_USAGE;
    }

  years = izp_projection_compute (&input, &error);
  if (years == NULL)
    return fail (error);
  for (guint i = 0; i < years->len; i++)
    total += g_array_index (years, IzpProjectionYear, i).commission_cents;

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "activation");
      json_builder_add_string_value (builder, input.model == IZP_ACTIVATION_SPREAD ? "spread" : "start");
      json_builder_set_member_name (builder, "years");
      json_builder_begin_array (builder);
      for (guint i = 0; i < years->len; i++)
        {
          const IzpProjectionYear *year = &g_array_index (years, IzpProjectionYear, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "year");
          json_builder_add_int_value (builder, year->year);
          json_builder_set_member_name (builder, "active_clients");
          json_builder_add_double_value (builder, year->expected_active_clients);
          json_builder_set_member_name (builder, "arr_cents");
          json_builder_add_int_value (builder, year->arr_cents);
          json_builder_set_member_name (builder, "commission_cents");
          json_builder_add_int_value (builder, year->commission_cents);
          json_builder_set_member_name (builder, "cumulative_cents");
          json_builder_add_int_value (builder, year->cumulative_cents);
          add_by_kind (builder, year->by_kind);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "total_commission_cents");
      json_builder_add_int_value (builder, total);
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }

  if (format == FORMAT_CSV)
    {
      static const char * const columns[] = {
        N_("Year"), N_("Active clients"), N_("ARR"), N_("Commission"), N_("Cumulative"), NULL,
      };
      g_autoptr(GString) csv = g_string_new (NULL);

      izp_csv_begin (csv);
      for (guint i = 0; columns[i] != NULL; i++)
        izp_csv_add_text (csv, _(columns[i]));
      izp_csv_end_row (csv);
      for (guint i = 0; i < years->len; i++)
        {
          const IzpProjectionYear *year = &g_array_index (years, IzpProjectionYear, i);

          izp_csv_add_count (csv, year->year);
          /* Expected clients to the hundredth, written like cents. */
          izp_csv_add_cents (csv, (IzpCents) (year->expected_active_clients * 100 + 0.5));
          izp_csv_add_cents (csv, year->arr_cents);
          izp_csv_add_cents (csv, year->commission_cents);
          izp_csv_add_cents (csv, year->cumulative_cents);
          izp_csv_end_row (csv);
        }
      return print_csv (csv);
    }

  g_print ("%s\n\n", izp_projection_describe_model (input.model));
  {
    const char *cells[] = { _("Year"), _("Active clients"), _("ARR"), _("Commission"), _("Cumulative") };

    print_row (widths, cells, 5);
  }
  for (guint i = 0; i < years->len; i++)
    {
      const IzpProjectionYear *year = &g_array_index (years, IzpProjectionYear, i);
      g_autofree char *arr = izp_money_format (year->arr_cents, "EUR");
      g_autofree char *commission = izp_money_format (year->commission_cents, "EUR");
      g_autofree char *cumulative = izp_money_format (year->cumulative_cents, "EUR");
      g_autofree char *clients = g_strdup_printf ("%.2f", year->expected_active_clients);

      g_autofree char *number = g_strdup_printf ("%u", year->year);
      const char *cells[] = { number, clients, arr, commission, cumulative };

      g_strdelimit (clients, ".", ',');
      print_row (widths, cells, 5);
    }
  {
    g_autofree char *amount = izp_money_format (total, "EUR");
    const char *cells[] = { _("Total"), "", "", amount, "" };

    print_row (widths, cells, 5);
  }
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* template, signature */

static char **opt_set;
static char *opt_lead;
static char *opt_client;

static const GOptionEntry template_render_entries[] = {
  { "lead", 0, 0, G_OPTION_ARG_STRING, &opt_lead,
    N_("Fill the template for this lead"), N_("ID") },
  { "client", 0, 0, G_OPTION_ARG_STRING, &opt_client,
    N_("Fill the template for this client"), N_("ID") },
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
    N_("Give a field its value, for example Prénom=Marie (repeatable)"), N_("FIELD=VALUE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: text or html"), N_("FORMAT") },
  { NULL }
};

static const GOptionEntry signature_entries[] = {
  { "set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_set,
    N_("Override a field for this run: name, title, cabinet, email, phone, website, logo_url"),
    N_("FIELD=VALUE") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: html or text"), N_("FORMAT") },
  { NULL }
};

/* The app's settings, or NULL where its schema is not installed. */
static GSettings *
app_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "fr.izyinbox.Partner", TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* The account's data when there is an account; none is not an error for
 * the templates, which work with typed values too. */
static IzpTemplateSources *
load_sources (Cli      *cli,
              gboolean  required,
              GError  **error)
{
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!resolve_account (cli, &local_error) ||
      (store = open_store (cli, TRUE, &local_error)) == NULL)
    {
      if (required)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return izp_template_sources_load (store, error);
}

static IzpTemplateLibrary *
open_library (Cli                 *cli,
              IzpTemplateSources  *sources,
              GError             **error)
{
  g_autofree char *edits_dir = g_build_filename (cli->data_dir, "templates", NULL);
  IzpTemplateLibrary *library = izp_template_library_new (edits_dir, error);

  if (library != NULL && sources != NULL)
    izp_template_library_add_official (library, sources->official);
  return library;
}

static IzpSignature *
saved_signature (IzpTemplateSources *sources,
                 gboolean           *out_in_emails)
{
  g_autoptr(GSettings) settings = app_settings ();
  IzpSignature *signature = settings != NULL ? izp_signature_new_from_settings (settings) : izp_signature_new ();

  if (out_in_emails != NULL)
    *out_in_emails = settings != NULL && g_settings_get_boolean (settings, "signature-in-emails");
  izp_template_sources_complete_signature (sources, signature);
  return signature;
}

static gboolean
check_format (const char *command,
              const char *first,
              const char *second)
{
  if (opt_format == NULL || g_strcmp0 (opt_format, first) == 0 || g_strcmp0 (opt_format, second) == 0)
    return TRUE;
  g_printerr (_("%s: unknown format “%s” (%s or %s)\n"), g_get_prgname (), opt_format, first, second);
  print_usage_line (command);
  return FALSE;
}

static int
command_template_list (Cli   *cli,
                       int    argc,
                       char **argv)
{
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autoptr(IzpTemplateLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  if (!parse_command_options ("template list", NULL, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  sources = load_sources (cli, FALSE, &error);
  if (error != NULL)
    return fail (error);
  library = open_library (cli, sources, &error);
  if (library == NULL)
    return fail (error);
  ids = izp_template_library_list_ids (library);
  for (guint i = 0; ids[i] != NULL; i++)
    g_print ("%s\t%s\n", ids[i], izp_template_library_get (library, ids[i])->title);
  return EXIT_OK;
}

/* On standard error: what the reader of the e-mail would see unfilled. */
static void
warn_about_text (const char       *part,
                 IzpTemplateParse *parse,
                 guint             missing)
{
  GPtrArray *problems = izp_template_parse_get_problems (parse);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s: %s: %s\n", g_get_prgname (), part, ((GError *) g_ptr_array_index (problems, i))->message);
  for (guint f = 0; f < IZP_N_FIELDS; f++)
    if (missing & (1u << f))
      g_printerr (_("%s: %s: no value for [%s]; it is left as is.\n"), g_get_prgname (), part,
                  izp_template_field_get (f)->name);
}

static int
command_template_render (Cli   *cli,
                         int    argc,
                         char **argv)
{
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autoptr(IzpTemplateLibrary) library = NULL;
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autoptr(IzpSignature) signature = NULL;
  g_autoptr(IzpTemplateParse) subject = NULL;
  g_autoptr(IzpTemplateParse) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subject_text = NULL;
  g_autofree char *body_text = NULL;
  const IzpTemplate *template_;
  gboolean in_emails = FALSE;
  guint missing = 0;
  const char *usage = "template render ID [--lead ID | --client ID] [--set FIELD=VALUE …] [--format text|html]";

  if (!parse_command_arguments ("template render", template_render_entries, 1, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (!check_format (usage, "text", "html"))
    return EXIT_USAGE;
  if (opt_lead != NULL && opt_client != NULL)
    {
      g_printerr (_("%s: give --lead or --client, not both\n"), g_get_prgname ());
      print_usage_line (usage);
      return EXIT_USAGE;
    }

  sources = load_sources (cli, opt_lead != NULL || opt_client != NULL, &error);
  if (error != NULL)
    return fail (error);
  library = open_library (cli, sources, &error);
  if (library == NULL)
    return fail (error);
  template_ = izp_template_library_get (library, argv[1]);
  if (template_ == NULL)
    {
      g_set_error (&error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no template “%s”. “template list” shows them."), argv[1]);
      return fail (error);
    }

  /* The partner's own fields, then the prospect's, then --set. */
  signature = saved_signature (sources, &in_emails);
  izp_template_values_fill_from_signature (values, signature);
  if (opt_lead != NULL || opt_client != NULL)
    {
      IzpProspectKind kind = opt_lead != NULL ? IZP_PROSPECT_LEAD : IZP_PROSPECT_CLIENT;
      const char *id = opt_lead != NULL ? opt_lead : opt_client;
      const IzpProspect *prospect = izp_template_sources_find (sources, kind, id);

      if (prospect == NULL)
        {
          g_set_error (&error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_NOT_FOUND,
                       kind == IZP_PROSPECT_LEAD ? _("There is no open lead “%s” in the local data.")
                                                 : _("There is no active client “%s” in the local data."),
                       id);
          return fail (error);
        }
      izp_prospect_fill_values (prospect, values);
    }
  for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
    if (!izp_template_values_parse_assignment (values, opt_set[i], &error))
      {
        g_printerr ("%s: %s\n", g_get_prgname (), error->message);
        print_usage_line (usage);
        return EXIT_USAGE;
      }

  subject = izp_template_parse (template_->subject, -1, &error);
  body = subject != NULL ? izp_template_parse (template_->body, -1, &error) : NULL;
  if (body == NULL)
    return fail (error);

  subject_text = izp_template_render_text (subject, values, &missing);
  warn_about_text (_("subject"), subject, missing);
  if (g_strcmp0 (opt_format, "html") == 0)
    {
      g_autofree char *fragment = izp_template_render_html (body, values, &missing);
      g_autofree char *document = NULL;

      if (in_emails)
        izp_signature_append_to_email (signature, &fragment, NULL);
      document = izp_template_html_document (fragment);
      g_print ("%s", document);
    }
  else
    {
      body_text = izp_template_render_text (body, values, &missing);
      if (in_emails)
        izp_signature_append_to_email (signature, NULL, &body_text);
      g_print (_("Subject: %s\n\n"), subject_text);
      /* The signature ends with its own line break. */
      g_print (g_str_has_suffix (body_text, "\n") ? "%s" : "%s\n", body_text);
    }
  warn_about_text (_("body"), body, missing);
  return EXIT_OK;
}

static int
command_template (Cli   *cli,
                  int    argc,
                  char **argv)
{
  if (argc >= 2 && g_strcmp0 (argv[1], "list") == 0)
    return command_template_list (cli, argc - 1, argv + 1);
  if (argc >= 2 && g_strcmp0 (argv[1], "render") == 0)
    return command_template_render (cli, argc - 1, argv + 1);
  g_printerr (_("%s: template needs “list” or “render ID”\n"), g_get_prgname ());
  print_usage_line ("template list|render ID");
  return EXIT_USAGE;
}

static int
command_signature (Cli   *cli,
                   int    argc,
                   char **argv)
{
  g_autoptr(IzpTemplateSources) sources = NULL;
  g_autoptr(IzpSignature) signature = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  const char *usage = "signature [--set FIELD=VALUE …] [--format html|text]";

  if (!parse_command_options ("signature", signature_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (!check_format (usage, "html", "text"))
    return EXIT_USAGE;

  sources = load_sources (cli, FALSE, &error);
  if (error != NULL)
    return fail (error);
  signature = saved_signature (sources, NULL);
  for (guint i = 0; opt_set != NULL && opt_set[i] != NULL; i++)
    {
      /* The tier is the account's, not a value to type. */
      if (g_str_has_prefix (opt_set[i], "tier=") ||
          !izp_signature_parse_assignment (signature, opt_set[i], &error))
        {
          if (error == NULL)
            g_set_error (&error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME,
                         _("The tier comes from the account; it cannot be set."));
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          print_usage_line (usage);
          return EXIT_USAGE;
        }
    }

  if (g_strcmp0 (opt_format, "text") == 0)
    output = izp_signature_to_text (signature);
  else
    {
      g_autofree char *html = izp_signature_to_html (signature);

      output = g_strconcat (html, "\n", NULL);
    }
  g_print ("%s", output);
  return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* link */

static char *opt_link_values[IZP_LINK_N_FIELDS];
static gboolean opt_archived;
static char *opt_output;
static int opt_module_px;

static const GOptionEntry link_create_entries[] = {
  { "label", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_LABEL],
    N_("What the link is for, for example the prospect’s company"), N_("TEXT") },
  { "channel", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_CHANNEL],
    N_("email, linkedin, print, phone, event or other"), N_("CHANNEL") },
  { "campaign", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_CAMPAIGN],
    N_("Campaign: lowercase letters, digits and hyphens"), N_("NAME") },
  { "slug", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_SLUG],
    N_("Link name: lowercase letters, digits and hyphens"), N_("NAME") },
  { "first-name", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_FIRST_NAME],
    N_("Prospect’s first name"), N_("TEXT") },
  { "last-name", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_LAST_NAME],
    N_("Prospect’s last name"), N_("TEXT") },
  { "company", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_COMPANY],
    N_("Prospect’s company"), N_("TEXT") },
  { "email", 0, 0, G_OPTION_ARG_STRING, &opt_link_values[IZP_LINK_FIELD_EMAIL],
    N_("Prospect’s e-mail address"), N_("ADDRESS") },
  { NULL }
};

static const GOptionEntry link_list_entries[] = {
  { "archived", 0, 0, G_OPTION_ARG_NONE, &opt_archived,
    N_("Include archived links"), NULL },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: text or json"), N_("FORMAT") },
  { NULL }
};

static const GOptionEntry link_qr_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("File to write: FILE.png (300 dpi) or FILE.svg"), N_("FILE") },
  { "module-size", 0, 0, G_OPTION_ARG_INT, &opt_module_px,
    N_("PNG only: pixels per module, 1 to 100 (default 10)"), N_("PX") },
  { NULL }
};

/* The session of the account, signed in, for the link commands. */
static IzpSession *
open_link_session (Cli     *cli,
                   GError **error)
{
  g_autoptr(IzpSession) session = NULL;

  if (!resolve_account (cli, error))
    return NULL;
  session = new_session (cli, error);
  if (session == NULL || !restore_session (cli, session, error))
    return NULL;
  return g_steal_pointer (&session);
}

static int
link_create (Cli   *cli,
             int    argc,
             char **argv)
{
  Waiter waiter = { NULL, NULL };
  IzpLinkDraft draft = { { NULL } };
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  gboolean queued = FALSE;

  if (!parse_command_options ("link create", link_create_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (opt_link_values[IZP_LINK_FIELD_LABEL] == NULL || opt_link_values[IZP_LINK_FIELD_CHANNEL] == NULL)
    {
      g_printerr (_("%s: link create needs --label and --channel\n"), g_get_prgname ());
      print_usage_line ("link create --label TEXT --channel CHANNEL");
      return EXIT_USAGE;
    }

  /* Checked before anything is opened: a typo costs nothing. */
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    draft.values[i] = opt_link_values[i];
  if (!izp_link_draft_validate (&draft, &error))
    {
      /* The option to fix; the entries are in field order. */
      g_printerr ("%s: %s (--%s)\n", g_get_prgname (), error->message,
                  link_create_entries[error->code].long_name);
      return EXIT_FAILURE_;
    }

  session = open_link_session (cli, &error);
  if (session == NULL)
    return fail (error);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  izp_links_create_async (izp_session_get_sync (session), &draft, NULL, on_async_done, &waiter);
  result = wait_for (&waiter);
  waiter_clear (&waiter);
  link = izp_links_create_finish (izp_session_get_sync (session), result, &queued, &error);
  if (link == NULL)
    return fail (error);

  if (queued)
    {
      g_printerr (_("%s: the server cannot be reached; the link is saved and will be "
                    "registered at the next sync (its address comes with it).\n"),
                  g_get_prgname ());
      return EXIT_FAILURE_;
    }
  g_print ("%s\n", json_object_get_string_member (link, "url"));
  return EXIT_OK;
}

static const char *
link_state_name (IzpLinkState state)
{
  switch (state)
    {
    case IZP_LINK_STATE_PENDING:
      return "pending";
    case IZP_LINK_STATE_REFUSED:
      return "refused";
    case IZP_LINK_STATE_REGISTERED:
    default:
      return "registered";
    }
}

static void
print_links_json (GPtrArray *entries)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *text = NULL;
  JsonArray *array = json_array_new ();

  /* The stored items (ours to change), with their state; no URL but the
   * server's. */
  for (guint i = 0; i < entries->len; i++)
    {
      IzpLinkEntry *entry = g_ptr_array_index (entries, i);

      if (izp_link_entry_get_url (entry) == NULL)
        json_object_set_null_member (entry->link, "url");
      json_object_set_string_member (entry->link, "state", link_state_name (entry->state));
      if (entry->refusal != NULL)
        json_object_set_string_member (entry->link, "refusal", entry->refusal);
      json_array_add_object_element (array, json_object_ref (entry->link));
    }
  json_object_set_array_member (object, "links", array);
  json_node_set_object (root, object);
  text = izp_json_to_string (root);
  g_print ("%s\n", text);
}

static int
link_list (Cli   *cli,
           int    argc,
           char **argv)
{
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_command_options ("link list", link_list_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (opt_format != NULL && g_strcmp0 (opt_format, "text") != 0 && g_strcmp0 (opt_format, "json") != 0)
    {
      g_printerr (_("%s: unknown format “%s” (text or json)\n"), g_get_prgname (), opt_format);
      print_usage_line ("link list [--archived] [--format text|json]");
      return EXIT_USAGE;
    }

  if (!resolve_account (cli, &error))
    return fail (error);
  store = open_store (cli, TRUE, &error);
  if (store == NULL)
    return fail (error);
  entries = izp_links_list (store, opt_archived, &error);
  if (entries == NULL)
    return fail (error);

  if (g_strcmp0 (opt_format, "json") == 0)
    {
      print_links_json (entries);
      return EXIT_OK;
    }

  /* The format of the product spec: fixed words, not translated. */
  for (guint i = 0; i < entries->len; i++)
    {
      IzpLinkEntry *entry = g_ptr_array_index (entries, i);
      const char *url = izp_link_entry_get_url (entry);

      if (url == NULL)
        url = entry->state == IZP_LINK_STATE_REFUSED ? "refusé" : "en attente";
      g_print ("%s\t%s\t%s\n", izp_link_entry_get_id (entry), url, izp_link_entry_get_label (entry));
    }
  return EXIT_OK;
}

static int
link_qr (Cli   *cli,
         int    argc,
         char **argv)
{
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(IzpLinkEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;

  if (!parse_command_arguments ("link qr ID --output FILE", link_qr_entries, 1, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);
  if (opt_output == NULL || opt_module_px < 0 || opt_module_px > 100)
    {
      g_printerr (_("%s: link qr needs --output FILE.png or FILE.svg (and --module-size from 1 to 100)\n"),
                  g_get_prgname ());
      print_usage_line ("link qr ID --output FILE.png|FILE.svg");
      return EXIT_USAGE;
    }

  if (!resolve_account (cli, &error))
    return fail (error);
  store = open_store (cli, TRUE, &error);
  if (store == NULL)
    return fail (error);
  entry = izp_links_find (store, argv[1], &error);
  if (entry == NULL && error == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No link “%s” here. See “link list”."), argv[1]);
  if (entry == NULL)
    return fail (error);

  url = izp_link_entry_get_url (entry);
  if (!izp_link_qr_save (url != NULL ? url : "", opt_output, (guint) opt_module_px, &error))
    return fail (error);
  return EXIT_OK;
}

static int
link_set_archived (Cli       *cli,
                   int        argc,
                   char     **argv,
                   gboolean   archived)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(IzpSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  gboolean queued = FALSE;

  if (!parse_command_arguments (archived ? "link archive ID" : "link unarchive ID", NULL, 1, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  session = open_link_session (cli, &error);
  if (session == NULL)
    return fail (error);

  waiter.loop = g_main_loop_new (NULL, FALSE);
  izp_links_set_archived_async (izp_session_get_sync (session), argv[1], archived, NULL,
                                on_async_done, &waiter);
  result = wait_for (&waiter);
  waiter_clear (&waiter);
  link = izp_links_set_archived_finish (izp_session_get_sync (session), result, &queued, &error);
  if (link == NULL)
    return fail (error);
  if (queued)
    {
      g_printerr (archived ? _("%s: the server cannot be reached now; the link is archived here "
                               "and the server will be told at the next sync.\n")
                           : _("%s: the server cannot be reached now; the link is unarchived here "
                               "and the server will be told at the next sync.\n"),
                  g_get_prgname ());
      return EXIT_FAILURE_;
    }
  return EXIT_OK;
}

static int
command_link (Cli   *cli,
              int    argc,
              char **argv)
{
  const char *action = argc > 1 ? argv[1] : NULL;

  /* The action sees itself as argv[0]. */
  if (g_strcmp0 (action, "create") == 0)
    return link_create (cli, argc - 1, argv + 1);
  if (g_strcmp0 (action, "list") == 0)
    return link_list (cli, argc - 1, argv + 1);
  if (g_strcmp0 (action, "qr") == 0)
    return link_qr (cli, argc - 1, argv + 1);
  if (g_strcmp0 (action, "archive") == 0)
    return link_set_archived (cli, argc - 1, argv + 1, TRUE);
  if (g_strcmp0 (action, "unarchive") == 0)
    return link_set_archived (cli, argc - 1, argv + 1, FALSE);

  if (action == NULL)
    g_printerr (_("%s: link needs an action: create, list, qr, archive or unarchive\n"), g_get_prgname ());
  else
    g_printerr (_("%s: unknown link action “%s” (create, list, qr, archive or unarchive)\n"),
                g_get_prgname (), action);
  print_usage_line ("link create|list|qr|archive|unarchive");
  return EXIT_USAGE;
}

/* ------------------------------------------------------------------ */
/* dashboard */

static const GOptionEntry dashboard_entries[] = {
  { "today", 0, 0, G_OPTION_ARG_STRING, &opt_today,
    N_("The day of the figures (default: today)"), N_("YYYY-MM-DD") },
  { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Output format: text or json"), N_("FORMAT") },
  { NULL }
};

static int
command_dashboard (Cli   *cli,
                   int    argc,
                   char **argv)
{
  g_autoptr(IzpStore) store = NULL;
  g_autoptr(IzpDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;
  IzpDate today;

  if (!parse_command_options ("dashboard", dashboard_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  if (!check_text_or_json ("dashboard [--today YYYY-MM-DD] [--format text|json]"))
    return EXIT_USAGE;
  if (!parse_date_option ("today", opt_today, "dashboard [--today YYYY-MM-DD] [--format text|json]", &today))
    return EXIT_USAGE;
  /* The partner's own day, as the rest of the dashboard. */
  if (today == IZP_DATE_NONE)
    today = izp_date_today_local ();

  if (!resolve_account (cli, &error))
    return fail (error);
  store = open_store (cli, TRUE, &error);
  if (store == NULL)
    return fail (error);
  dashboard = izp_dashboard_load (store, today, NULL, &error);
  if (dashboard == NULL)
    return fail (error);

  if (g_strcmp0 (opt_format, "json") == 0)
    {
      g_autoptr(JsonNode) root = izp_dashboard_to_json (dashboard);
      g_autofree char *text = izp_json_to_string (root);

      g_print ("%s\n", text);
    }
  else
    {
      g_autofree char *text = izp_dashboard_to_text (dashboard);

      g_print ("%s", text);
    }
  return EXIT_OK;
}


/* ------------------------------------------------------------------ */

/* Later issues add their subcommands here. */
static const Command commands[] = {
  { "login",  command_login,  "--email ADDRESS --password-stdin", N_("Sign in and keep the sign-in in the keyring") },
  { "logout", command_logout, "",                                 N_("Sign out: revoke and forget the sign-in") },
  { "sync",   command_sync,   "[--limit N]",                      N_("Bring the local data up to date") },
  { "status", command_status, "[--format text|json]",             N_("Show the account, the last sync and the counts") },
  { "commissions", command_commissions, "[--from D] [--to D] [--by GROUP] [--format F]", N_("The commission ledger, grouped") },
  { "payouts", command_payouts, "[--today D] [--format table|csv|json]", N_("Payout batches, their due dates and states") },
  { "reconcile", command_reconcile, "[--format table|csv|json]", N_("Check IzyInbox's statements against the ledger") },
  { "project", command_project, "--mix starter=N,pro=N,enterprise=N …", N_("The commission calculator") },
  { "template", command_template, "list | render ID [--lead ID] [--client ID] [--set FIELD=VALUE …] [--format text|html]",
    N_("List the e-mail templates, or fill one in") },
  { "signature", command_signature, "[--set FIELD=VALUE …] [--format html|text]",
    N_("Print the saved e-mail signature") },
  { "link",   command_link,   "create|list|qr|archive|unarchive …", N_("Create, list, print and archive referral links") },
  { "dashboard", command_dashboard, "[--today D] [--format text|json]", N_("Show the dashboard’s figures") },
};

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *usage = g_strdup_printf ("%s %s", commands[i].name, commands[i].parameters);

      g_string_append_printf (text, "  %-42s %s\n", usage, _(commands[i].summary));
    }
  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  gboolean version = FALSE;
  Cli cli = { NULL, NULL, NULL, FALSE };
  const GOptionEntry main_entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { NULL }
  };
  int status;

  izp_i18n_init (LOCALEDIR);
  g_set_prgname ("izyinbox-partner-cli");

  context = g_option_context_new (_("COMMAND [OPTION…]"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("IzyInbox Partenaires on the command line."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, main_entries, GETTEXT_PACKAGE);
  /* Stop at the command: what follows belongs to it. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      print_usage_line (NULL);
      return EXIT_USAGE;
    }

  if (version)
    {
      g_print ("%s %s\n", g_get_prgname (), PACKAGE_VERSION);
      return EXIT_OK;
    }

  if (argc < 2)
    {
      g_printerr (_("%s: a command is needed\n"), g_get_prgname ());
      print_usage_line (NULL);
      return EXIT_USAGE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) != 0)
        continue;

      /* The command sees itself as argv[0]. */
      status = commands[i].handler (&cli, argc - 1, argv + 1);
      g_free (cli.server);
      g_free (cli.email);
      g_free (cli.data_dir);
      return status;
    }

  g_printerr (_("%s: unknown command “%s”\n"), g_get_prgname (), argv[1]);
  print_usage_line (NULL);
  return EXIT_USAGE;
}
