/* izp-template-sources.c — what fills a template, read from the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-format.h"
#include "izp-json.h"
#include "izp-record-table.h"
#include "izp-template.h"
#include "izp-template-sources.h"

void
izp_prospect_free (IzpProspect *prospect)
{
  if (prospect == NULL)
    return;
  g_free (prospect->id);
  g_free (prospect->first_name);
  g_free (prospect->last_name);
  g_free (prospect->company);
  g_free (prospect->email);
  g_free (prospect->demo_at);
  g_free (prospect->plan);
  g_free (prospect->link_url);
  g_free (prospect);
}

char *
izp_prospect_describe (const IzpProspect *prospect)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (prospect != NULL, NULL);

  name = g_strstrip (g_strdup_printf ("%s %s", prospect->first_name ? prospect->first_name : "",
                                      prospect->last_name ? prospect->last_name : ""));
  if (prospect->company != NULL && *name != '\0')
    return g_strdup_printf ("%s — %s", name, prospect->company);
  if (prospect->company != NULL)
    return g_strdup (prospect->company);
  return g_steal_pointer (&name);
}

char *
izp_template_format_demo_date (const char *instant)
{
  static const char * const days[] = { "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche" };
  static const char * const months[] = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
  };
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GTimeZone) paris = NULL;
  int minute;

  if (instant == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (instant, NULL);
  if (utc == NULL)
    return NULL;
  /* Demos are booked in French time, whatever the computer's zone. */
  paris = g_time_zone_new_identifier ("Europe/Paris");
  if (paris == NULL)
    paris = g_time_zone_new_utc ();
  local = g_date_time_to_timezone (utc, paris);
  minute = g_date_time_get_minute (local);
  return g_strdup_printf (minute != 0 ? "%s %d %s %d à %d h %02d" : "%s %d %s %d à %d h",
                          days[g_date_time_get_day_of_week (local) - 1],
                          g_date_time_get_day_of_month (local),
                          months[g_date_time_get_month (local) - 1],
                          g_date_time_get_year (local),
                          g_date_time_get_hour (local), minute);
}

void
izp_prospect_fill_values (const IzpProspect *prospect,
                          IzpTemplateValues *values)
{
  g_autofree char *demo_date = NULL;

  g_return_if_fail (prospect != NULL);
  g_return_if_fail (values != NULL);

  if (prospect->first_name != NULL)
    izp_template_values_set (values, IZP_FIELD_FIRST_NAME, prospect->first_name);
  if (prospect->last_name != NULL)
    izp_template_values_set (values, IZP_FIELD_LAST_NAME, prospect->last_name);
  if (prospect->company != NULL)
    izp_template_values_set (values, IZP_FIELD_COMPANY, prospect->company);
  if (prospect->link_url != NULL)
    izp_template_values_set (values, IZP_FIELD_DEMO_LINK, prospect->link_url);
  demo_date = izp_template_format_demo_date (prospect->demo_at);
  if (demo_date != NULL)
    izp_template_values_set (values, IZP_FIELD_DEMO_DATE, demo_date);
  if (prospect->plan != NULL)
    {
      g_autofree char *plan = g_strdup (prospect->plan);

      /* starter → Starter: the plans' names as IzyInbox sells them. */
      plan[0] = g_ascii_toupper (plan[0]);
      izp_template_values_set (values, IZP_FIELD_PLAN, plan);
    }
  if (prospect->usage_pct >= 0)
    {
      g_autofree char *usage = izp_format_rate ((IzpBasisPoints) prospect->usage_pct * 100);

      izp_template_values_set (values, IZP_FIELD_USAGE, usage);
    }
}

void
izp_template_sources_free (IzpTemplateSources *sources)
{
  if (sources == NULL)
    return;
  g_clear_pointer (&sources->prospects, g_ptr_array_unref);
  g_clear_pointer (&sources->official, g_ptr_array_unref);
  g_free (sources->cabinet);
  g_free (sources->tier);
  g_free (sources->demo_base_url);
  g_free (sources);
}

void
izp_template_sources_complete_signature (IzpTemplateSources *sources,
                                         IzpSignature       *signature)
{
  g_return_if_fail (signature != NULL);

  if (sources == NULL)
    return;
  izp_signature_set (signature, IZP_SIGNATURE_TIER, izp_signature_tier_label (sources->tier));
  if (izp_signature_get (signature, IZP_SIGNATURE_CABINET) == NULL)
    izp_signature_set (signature, IZP_SIGNATURE_CABINET, sources->cabinet);
}

void
izp_template_values_fill_from_signature (IzpTemplateValues *values,
                                         IzpSignature      *signature)
{
  const char *name = izp_signature_get (signature, IZP_SIGNATURE_NAME);
  const char *title = izp_signature_get (signature, IZP_SIGNATURE_TITLE);
  g_autofree char *signed_as = NULL;

  g_return_if_fail (values != NULL);
  g_return_if_fail (signature != NULL);

  izp_template_values_set (values, IZP_FIELD_ACCOUNTANT, name);
  izp_template_values_set (values, IZP_FIELD_CABINET, izp_signature_get (signature, IZP_SIGNATURE_CABINET));
  if (name != NULL)
    signed_as = title != NULL ? g_strdup_printf ("%s\n%s", name, title) : g_strdup (name);
  izp_template_values_set (values, IZP_FIELD_SIGNATURE, signed_as);
}

const IzpProspect *
izp_template_sources_find (IzpTemplateSources *sources,
                           IzpProspectKind     kind,
                           const char         *id)
{
  g_return_val_if_fail (sources != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < sources->prospects->len; i++)
    {
      const IzpProspect *prospect = g_ptr_array_index (sources->prospects, i);

      if (prospect->kind == kind && strcmp (prospect->id, id) == 0)
        return prospect;
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Reads */

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup ((const char *) text) : NULL;
}

/* The tracked link: the one the lead or client came through, else the
 * newest unarchived link made for the same e-mail address. */
#define LINK_SQL(table, email) \
  "COALESCE((SELECT l.url FROM referral_links l WHERE l.id = " table ".link_id), " \
  "(SELECT l.url FROM referral_links l WHERE l.archived = 0 AND " email " IS NOT NULL " \
  "AND json_extract(l.prospect, '$.email') = " email " COLLATE NOCASE " \
  "ORDER BY l.created_at DESC LIMIT 1))"

static const char *const prospects_sql =
  "SELECT 0, id, first_name, last_name, company, email, demo_at, NULL, feature_usage_pct, "
  LINK_SQL ("leads", "leads.email")
  " FROM leads WHERE stage NOT IN ('won', 'lost') "
  "UNION ALL "
  "SELECT 1, id, json_extract(contact, '$.first_name'), json_extract(contact, '$.last_name'), company, "
  "json_extract(contact, '$.email'), NULL, plan, usage_pct, "
  LINK_SQL ("clients", "json_extract(clients.contact, '$.email')")
  " FROM clients WHERE status != 'churned' "
  "ORDER BY 1, 4 COLLATE NOCASE, 3 COLLATE NOCASE, 2";

static gboolean
read_prospects (sqlite3    *db,
                GPtrArray  *out,
                GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, prospects_sql, -1, &stmt, NULL) != SQLITE_OK)
    return izp_record_set_sql_error (db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpProspect *prospect = g_new0 (IzpProspect, 1);

      prospect->kind = sqlite3_column_int (stmt, 0) == 0 ? IZP_PROSPECT_LEAD : IZP_PROSPECT_CLIENT;
      prospect->id = column_text (stmt, 1);
      prospect->first_name = column_text (stmt, 2);
      prospect->last_name = column_text (stmt, 3);
      prospect->company = column_text (stmt, 4);
      prospect->email = column_text (stmt, 5);
      prospect->demo_at = column_text (stmt, 6);
      prospect->plan = column_text (stmt, 7);
      prospect->usage_pct = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 8);
      prospect->link_url = column_text (stmt, 9);
      if (prospect->id == NULL)
        izp_prospect_free (prospect);
      else
        g_ptr_array_add (out, prospect);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

static gboolean
read_official (sqlite3    *db,
               GPtrArray  *out,
               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT id, version, title, subject, body FROM templates ORDER BY id",
                          -1, &stmt, NULL) != SQLITE_OK)
    return izp_record_set_sql_error (db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *id = column_text (stmt, 0);
      g_autofree char *title = column_text (stmt, 2);
      g_autofree char *subject = column_text (stmt, 3);
      g_autofree char *body = column_text (stmt, 4);
      gint64 version = sqlite3_column_int64 (stmt, 1);

      /* The server's text is outside data: only well-formed templates. */
      if (!izp_template_id_is_valid (id) || version < 1 || title == NULL || subject == NULL || body == NULL)
        continue;
      g_ptr_array_add (out, izp_template_new (id, version, title, subject, body));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

static void
read_partner (IzpStore           *store,
              IzpTemplateSources *sources)
{
  g_autofree char *text = izp_store_get_document (store, "partner", NULL, NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *partner;
  JsonNode *history;

  if (text == NULL)
    return;
  root = json_from_string (text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  partner = json_node_get_object (root);
  sources->cabinet = g_strdup (json_object_get_string_member_with_default (partner, "cabinet", NULL));
  sources->demo_base_url = g_strdup (json_object_get_string_member_with_default (partner, "demo_base_url", NULL));
  history = json_object_get_member (partner, "tier_history");
  if (history != NULL && JSON_NODE_HOLDS_ARRAY (history))
    {
      JsonArray *changes = json_node_get_array (history);
      const char *latest_since = NULL;

      /* The change with the latest "since" is the current tier. */
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonNode *node = json_array_get_element (changes, i);
          JsonObject *change;
          const char *since, *tier;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          change = json_node_get_object (node);
          since = json_object_get_string_member_with_default (change, "since", NULL);
          tier = json_object_get_string_member_with_default (change, "tier", NULL);
          if (since == NULL || tier == NULL || (latest_since != NULL && strcmp (since, latest_since) <= 0))
            continue;
          latest_since = since;
          g_free (sources->tier);
          sources->tier = g_strdup (tier);
        }
    }
}

static gboolean
load_on_worker (IzpStore      *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  IzpTemplateSources *sources = data;
  sqlite3 *db = izp_store_acquire_reader (store);
  gboolean ok;

  ok = read_prospects (db, sources->prospects, error) && read_official (db, sources->official, error);
  izp_store_release_reader (store);
  if (ok)
    read_partner (store, sources);
  return ok;
}

static IzpTemplateSources *
sources_new (void)
{
  IzpTemplateSources *sources = g_new0 (IzpTemplateSources, 1);

  sources->prospects = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_prospect_free);
  sources->official = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_template_free);
  return sources;
}

IzpTemplateSources *
izp_template_sources_load (IzpStore  *store,
                           GError   **error)
{
  g_autoptr(IzpTemplateSources) sources = sources_new ();

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  if (!load_on_worker (store, sources, NULL, error))
    return NULL;
  return g_steal_pointer (&sources);
}

void
izp_template_sources_load_async (IzpStore           *store,
                                 GCancellable       *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data)
{
  g_return_if_fail (IZP_IS_STORE (store));

  izp_store_run_async (store, load_on_worker, sources_new (), (GDestroyNotify) izp_template_sources_free,
                       cancellable, callback, user_data);
}

IzpTemplateSources *
izp_template_sources_load_finish (IzpStore      *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  IzpTemplateSources *sources = NULL;
  IzpTemplateSources *copy;

  if (!izp_store_run_finish (store, result, (gpointer *) &sources, error))
    return NULL;
  /* The result owns @sources: hand the caller its contents. */
  copy = g_new0 (IzpTemplateSources, 1);
  *copy = *sources;
  memset (sources, 0, sizeof *sources);
  return copy;
}
