/* izp-sandbox-main.c — izyinbox-sandbox, the Partner API v1 sandbox server
 *
 * Prints the base URL it listens on as the first line of standard output,
 * then serves until SIGINT or SIGTERM. Exit status: 0 after a signal,
 * 1 when the dataset is refused (the message names its JSON path), 2 on a
 * usage error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "izp-generator.h"
#include "izp-sandbox-server.h"

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_printerr ("%s: %s\n", g_get_prgname (), message);
  g_printerr (_("Try “%s --help” for more information."), g_get_prgname ());
  g_printerr ("\n");
  (void) context;
  return 2;
}

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(IzpSandboxServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *today = NULL;
  g_autofree char *faults = NULL;
  IzpSandboxOptions options;
  gboolean generate = FALSE;
  gint port = 0;
  gint clients = -1;
  gint64 seed = -1;
  gint token_ttl = 3600;
  gint rate_limit = 0;
  gint64 fault_seed = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on, on 127.0.0.1 (0: any free port)"), "N" },
    { "dataset", 0, 0, G_OPTION_ARG_FILENAME, &dataset,
      N_("Serve this dataset file"), "FILE.json" },
    { "generate", 0, 0, G_OPTION_ARG_NONE, &generate,
      N_("Serve a generated dataset"), NULL },
    { "clients", 0, 0, G_OPTION_ARG_INT, &clients,
      N_("Number of clients of the generated dataset (default 60)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed of the generated dataset (default 1)"), "S" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today,
      N_("Day the generated dataset ends on (default today)"), "YYYY-MM-DD" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT, &token_ttl,
      N_("Lifetime of access tokens in seconds (default 3600)"), "S" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit,
      N_("Answer 429 above N requests per second (0: no limit)"), "N" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      N_("Inject faults: RATE:KIND,… with kinds 500, 503, 429, drop, slow, truncate, malformed"),
      "SPEC" },
    { "fault-seed", 0, 0, G_OPTION_ARG_INT64, &fault_seed,
      N_("Seed of the fault sequence (default 0)"), "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("izyinbox-sandbox");
  /* A client that hangs up must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Reference server of the IzyInbox Partner API v1, on loopback."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("Unexpected argument"));

  izp_sandbox_options_init (&options);

  if ((dataset != NULL) == generate)
    return usage_error (context, _("Give either --dataset FILE or --generate"));
  if (!generate && (clients >= 0 || seed >= 0 || today != NULL))
    return usage_error (context, _("--clients, --seed and --today go with --generate"));
  if (port < 0 || port > 65535)
    return usage_error (context, _("--port must be between 0 and 65535"));
  if (clients == 0 || clients > IZP_GENERATOR_MAX_CLIENTS)
    return usage_error (context, _("--clients must be between 1 and 1000000"));
  if (seed < -1)
    return usage_error (context, _("--seed must not be negative"));
  if (token_ttl < 1)
    return usage_error (context, _("--token-ttl must be at least 1 second"));
  if (rate_limit < 0)
    return usage_error (context, _("--rate-limit must not be negative"));
  if (fault_seed < 0)
    return usage_error (context, _("--fault-seed must not be negative"));
  if (today != NULL && !izp_date_parse (today, &options.today))
    return usage_error (context, _("--today must be a date YYYY-MM-DD"));
  if (faults != NULL
      && !izp_sandbox_parse_faults (faults, &options.fault_rate, &options.fault_kinds, &error))
    return usage_error (context, error->message);

  options.port = port;
  options.dataset_file = dataset;
  options.generate = generate;
  if (clients > 0)
    options.n_clients = clients;
  if (seed >= 0)
    options.seed = seed;
  options.token_ttl = token_ttl;
  options.rate_limit = rate_limit;
  options.fault_seed = fault_seed;

  server = izp_sandbox_server_new (&options, &error);
  if (server == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }
  if (!izp_sandbox_server_start (server, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return 1;
    }

  /* Handlers first: a caller may signal as soon as it reads the URL. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);

  printf ("%s\n", izp_sandbox_server_get_base_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  izp_sandbox_server_stop (server);
  return 0;
}
