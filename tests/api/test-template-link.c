/* test-template-link.c — [Lien démo] made on the spot, against the sandbox
 *
 * A lead with no link: the templates core creates exactly one on the
 * server (asked twice, still one) and the rendered text carries the
 * server's URL; offline the link is queued once, [Lien démo] stays
 * missing with its French explanation, and the next sync registers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-i18n.h"
#include "izp-template-link.h"
#include "izp-test-util.h"

typedef struct
{
  IzpSandboxServer *server;
  IzpApiClient     *client;
  TempStore         temp;
  IzpSync          *sync;
  char             *dir;
} Fixture;

/* The sandbox's dataset, with two open leads that came through no link
 * and whose address no link was made for. */
static char *
write_leads_without_link (const char *dir)
{
  g_autofree char *path = write_dataset_file (dir, 40);
  g_autoptr(JsonNode) root = load_json_file (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonArray *leads = json_object_get_array_member (json_node_get_object (root), "leads");
  guint changed = 0;

  for (guint i = 0; i < json_array_get_length (leads) && changed < 2; i++)
    {
      JsonObject *lead = json_array_get_object_element (leads, i);
      const char *stage = json_object_get_string_member (lead, "stage");
      g_autofree char *email = NULL;

      if (g_strcmp0 (stage, "won") == 0 || g_strcmp0 (stage, "lost") == 0)
        continue;
      email = g_strdup_printf ("sans.lien%u@exemple.fr", changed++);
      json_object_set_null_member (lead, "link_id");
      json_object_set_string_member (lead, "email", email);
    }
  g_assert_cmpuint (changed, ==, 2);
  text = json_to_string (root, FALSE);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *dataset = NULL;

  f->dir = g_dir_make_tmp ("izp-template-link-XXXXXX", &error);
  g_assert_no_error (error);
  dataset = write_leads_without_link (f->dir);
  f->server = start_server_with_file (dataset);
  f->client = new_client (izp_sandbox_server_get_base_url (f->server));
  token = sign_in (f->client, PASSWORD, &error);
  g_assert_no_error (error);
  temp_store_init (&f->temp, izp_sandbox_server_get_base_url (f->server));
  f->sync = izp_sync_new (f->client, f->temp.store);
  g_assert_true (run_sync (f->sync, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sync);
  temp_store_clear (&f->temp);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
  remove_tree (f->dir);
  g_free (f->dir);
}

static char *
ensure_link (IzpSync           *sync,
             const IzpProspect *prospect,
             gboolean          *out_queued,
             GError           **error)
{
  Waiter waiter = { NULL, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  char *url;

  izp_template_ensure_link_async (sync, prospect, "email", "demo-2026", NULL, on_done, &waiter);
  result = wait_for (&waiter);
  url = izp_template_ensure_link_finish (sync, result, out_queued, error);
  waiter_clear (&waiter);
  return url;
}

/* The server's own links made for @email (its copy, not ours). */
static GPtrArray *
server_links_for (IzpApiClient *client,
                  const char   *email)
{
  g_autoptr(GPtrArray) links = fetch_all (client, IZP_COLLECTION_REFERRAL_LINKS);
  GPtrArray *matches = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < links->len; i++)
    {
      JsonObject *link = json_node_get_object (links->pdata[i]);
      JsonNode *prospect = json_object_get_member (link, "prospect");

      if (prospect != NULL && JSON_NODE_HOLDS_OBJECT (prospect)
          && g_ascii_strcasecmp (json_object_get_string_member_with_default (json_node_get_object (prospect),
                                                                             "email", ""), email) == 0)
        g_ptr_array_add (matches, json_object_ref (link));
    }
  return matches;
}

/* The @nth lead (0-based) that has an e-mail address and no link. */
static IzpProspect *
steal_lead_without_link (IzpTemplateSources *sources,
                         guint               nth)
{
  for (guint i = 0; i < sources->prospects->len; i++)
    {
      IzpProspect *prospect = g_ptr_array_index (sources->prospects, i);

      if (prospect->kind == IZP_PROSPECT_LEAD && prospect->link_url == NULL && prospect->email != NULL
          && nth-- == 0)
        return g_ptr_array_steal_index (sources->prospects, i);
    }
  g_assert_not_reached ();
}

static char *
render_demo_link (const IzpProspect *prospect,
                  guint             *out_missing)
{
  g_autoptr(IzpTemplateParse) parse = izp_template_parse ("Votre démo : [Lien démo]", -1, NULL);
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();

  izp_prospect_fill_values (prospect, values);
  return izp_template_render_text (parse, values, out_missing);
}

static void
test_created_once_online (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateSources) sources = izp_template_sources_load (f->temp.store, &error);
  g_autoptr(IzpProspect) lead = NULL;
  g_autoptr(IzpTemplateSources) after = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  const IzpProspect *reloaded;
  JsonObject *link;
  gboolean queued = TRUE;
  guint missing = 0;

  g_assert_no_error (error);
  lead = steal_lead_without_link (sources, 0);
  before = server_links_for (f->client, lead->email);
  g_assert_cmpuint (before->len, ==, 0);

  url = ensure_link (f->sync, lead, &queued, &error);
  g_assert_no_error (error);
  g_assert_false (queued);
  on_server = server_links_for (f->client, lead->email);
  g_assert_cmpuint (on_server->len, ==, 1);
  link = on_server->pdata[0];
  g_assert_cmpstr (url, ==, json_object_get_string_member (link, "url"));
  g_assert_cmpstr (json_object_get_string_member (link, "label"), ==,
                   lead->company != NULL ? lead->company : lead->email);
  g_assert_cmpstr (json_object_get_string_member (link, "channel"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (link, "campaign"), ==, "demo-2026");

  /* Asked again (the page's prospect still without a link): the same one. */
  again = ensure_link (f->sync, lead, &queued, &error);
  g_assert_no_error (error);
  g_assert_false (queued);
  g_assert_cmpstr (again, ==, url);
  g_clear_pointer (&on_server, g_ptr_array_unref);
  on_server = server_links_for (f->client, lead->email);
  g_assert_cmpuint (on_server->len, ==, 1);

  /* Read again, the lead's [Lien démo] is the server's URL. */
  after = izp_template_sources_load (f->temp.store, &error);
  g_assert_no_error (error);
  reloaded = izp_template_sources_find (after, IZP_PROSPECT_LEAD, lead->id);
  g_assert_nonnull (reloaded);
  g_assert_cmpstr (reloaded->link_url, ==, url);
  text = render_demo_link (reloaded, &missing);
  expected = g_strconcat ("Votre démo : ", json_object_get_string_member (on_server->pdata[0], "url"), NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (missing, ==, 0);
}

static void
test_queued_offline (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpTemplateSources) sources = izp_template_sources_load (f->temp.store, &error);
  g_autoptr(IzpApiClient) offline = new_client ("http://127.0.0.1:9/v1");
  g_autoptr(IzpSync) offline_sync = izp_sync_new (offline, f->temp.store);
  g_autoptr(IzpProspect) lead = NULL;
  g_autoptr(IzpTemplateSources) after = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) on_server = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  const IzpProspect *reloaded;
  IzpSyncSummary summary;
  gboolean queued = FALSE;
  guint missing = 0, pending = 0;

  g_assert_no_error (error);
  /* Port 9 (discard) refuses: the network is the failure. */
  izp_api_client_set_refresh_token (offline, "offline-token");
  izp_api_client_set_retry_policy (offline, 1, 1, 1, 1);
  lead = steal_lead_without_link (sources, 1);

  for (int i = 0; i < 2; i++)
    {
      url = ensure_link (offline_sync, lead, &queued, &error);
      g_assert_no_error (error);
      g_assert_true (queued);
      g_assert_null (url);
    }
  links = izp_links_list (f->temp.store, FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < links->len; i++)
    pending += ((IzpLinkEntry *) links->pdata[i])->state == IZP_LINK_STATE_PENDING;
  g_assert_cmpuint (pending, ==, 1);

  after = izp_template_sources_load (f->temp.store, &error);
  g_assert_no_error (error);
  reloaded = izp_template_sources_find (after, IZP_PROSPECT_LEAD, lead->id);
  g_assert_null (reloaded->link_url);
  text = render_demo_link (reloaded, &missing);
  g_assert_cmpstr (text, ==, "Votre démo : [Lien démo]");
  g_assert_cmpuint (missing, ==, 1u << IZP_FIELD_DEMO_LINK);
  g_assert_cmpstr (izp_template_link_pending_message (), ==,
                   "Le lien sera disponible après la prochaine synchronisation.");

  /* Back online, the next sync registers it: one link, the server's URL. */
  g_assert_true (run_sync (f->sync, NULL, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (summary.outbox_sent, ==, 1);
  on_server = server_links_for (f->client, lead->email);
  g_assert_cmpuint (on_server->len, ==, 1);
  g_clear_pointer (&after, izp_template_sources_free);
  after = izp_template_sources_load (f->temp.store, &error);
  g_assert_no_error (error);
  reloaded = izp_template_sources_find (after, IZP_PROSPECT_LEAD, lead->id);
  g_assert_cmpstr (reloaded->link_url, ==, json_object_get_string_member (on_server->pdata[0], "url"));
}

int
main (int    argc,
      char **argv)
{
  /* French, as the app speaks with no language chosen, from this build. */
  g_autofree char *localedir = g_build_filename (g_getenv ("IZP_BUILD_ROOT"), "po", NULL);

  g_unsetenv ("LANGUAGE");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("IZP_LOCALEDIR", localedir, TRUE);
  izp_i18n_init (LOCALEDIR);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/template-link/created-once-online", Fixture, NULL, fixture_set_up,
              test_created_once_online, fixture_tear_down);
  g_test_add ("/template-link/queued-offline", Fixture, NULL, fixture_set_up,
              test_queued_offline, fixture_tear_down);

  return g_test_run ();
}
