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
#include "izp-credentials.h"
#include "izp-dashboard.h"
#include "izp-format.h"
#include "izp-i18n.h"
#include "izp-json.h"
#include "izp-session.h"

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
 * come after the command). Returns FALSE on bad usage. */
static gboolean
parse_command_options (const char         *command,
                       const GOptionEntry *entries,
                       int                *argc,
                       char             ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s", command);

  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      print_usage_line (command);
      return FALSE;
    }
  if (*argc > 1)
    {
      g_printerr (_("%s: unexpected argument “%s”\n"), g_get_prgname (), (*argv)[1]);
      print_usage_line (command);
      return FALSE;
    }
  return TRUE;
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
/* dashboard */

static char *opt_today;

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
  IzpDate today = izp_date_today_local ();

  if (!parse_command_options ("dashboard", dashboard_entries, &argc, &argv))
    return EXIT_USAGE;
  apply_global_options (cli);

  if (!check_text_or_json ("dashboard [--today YYYY-MM-DD] [--format text|json]"))
    return EXIT_USAGE;
  if (opt_today != NULL && !izp_date_parse (opt_today, &today))
    {
      g_printerr (_("%s: “%s” is not a date (YYYY-MM-DD)\n"), g_get_prgname (), opt_today);
      print_usage_line ("dashboard [--today YYYY-MM-DD] [--format text|json]");
      return EXIT_USAGE;
    }

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
