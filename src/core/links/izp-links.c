/* izp-links.c — the partner's referral links: create, list, archive, clicks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-json.h"
#include "izp-links.h"
#include "izp-record-table.h"

#define CLICKS_DOCUMENT_PREFIX "referral_link_clicks/"

/* ------------------------------------------------------------------ */
/* Entries */

void
izp_link_entry_free (IzpLinkEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->link, json_object_unref);
  g_free (entry->refusal);
  g_free (entry);
}

const char *
izp_link_entry_get_id (const IzpLinkEntry *entry)
{
  return json_object_get_string_member_with_default (entry->link, "id", "");
}

const char *
izp_link_entry_get_label (const IzpLinkEntry *entry)
{
  return json_object_get_string_member_with_default (entry->link, "label", "");
}

const char *
izp_link_entry_get_url (const IzpLinkEntry *entry)
{
  const char *url;

  if (entry->state != IZP_LINK_STATE_REGISTERED)
    return NULL;
  url = json_object_get_string_member_with_default (entry->link, "url", "");
  return url[0] != '\0' ? url : NULL;
}

gboolean
izp_link_entry_is_archived (const IzpLinkEntry *entry)
{
  return json_object_get_boolean_member_with_default (entry->link, "archived", FALSE);
}

gint64
izp_link_entry_get_stat (const IzpLinkEntry *entry,
                         const char         *name)
{
  JsonNode *node = json_object_get_member (entry->link, "stats");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return 0;
  return json_object_get_int_member_with_default (json_node_get_object (node), name, 0);
}

static const char * const stat_names[] = {
  "clicks", "unique_visitors", "suspected_bots", "leads", "demos", "trials", "won",
};

static const char * const prospect_names[] = {
  "first_name", "last_name", "company", "email",
};

/* Columns 0–8, then the prospect's members, then the stats: the nested
 * objects are read by SQLite itself, so 2 000 links cost no JSON parse. */
#define LINKS_SELECT \
  "SELECT id, updated_at, code, url, label, channel, campaign, archived, created_at, " \
  "json_extract (prospect, '$.first_name'), json_extract (prospect, '$.last_name'), " \
  "json_extract (prospect, '$.company'), json_extract (prospect, '$.email'), " \
  "json_extract (stats, '$.clicks'), json_extract (stats, '$.unique_visitors'), " \
  "json_extract (stats, '$.suspected_bots'), json_extract (stats, '$.leads'), " \
  "json_extract (stats, '$.demos'), json_extract (stats, '$.trials'), " \
  "json_extract (stats, '$.won') FROM referral_links "
#define FIRST_PROSPECT_COLUMN 9
#define FIRST_STAT_COLUMN (FIRST_PROSPECT_COLUMN + G_N_ELEMENTS (prospect_names))

static void
set_text_column (JsonObject   *object,
                 const char   *name,
                 sqlite3_stmt *stmt,
                 int           column,
                 gboolean      nullable)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text != NULL)
    json_object_set_string_member (object, name, text);
  else if (nullable)
    json_object_set_null_member (object, name);
}

static JsonObject *
link_from_row (sqlite3_stmt *stmt)
{
  JsonObject *link = json_object_new ();
  g_autoptr(JsonObject) prospect = json_object_new ();
  JsonObject *stats = json_object_new ();
  static const char * const columns[] = {
    "id", "updated_at", "code", "url", "label", "channel", "campaign",
  };

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    set_text_column (link, columns[i], stmt, i, strcmp (columns[i], "campaign") == 0);
  json_object_set_boolean_member (link, "archived", sqlite3_column_int (stmt, 7) != 0);
  set_text_column (link, "created_at", stmt, 8, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (prospect_names); i++)
    set_text_column (prospect, prospect_names[i], stmt, FIRST_PROSPECT_COLUMN + i, FALSE);
  if (json_object_get_size (prospect) > 0)
    json_object_set_object_member (link, "prospect", g_steal_pointer (&prospect));
  for (guint i = 0; i < G_N_ELEMENTS (stat_names); i++)
    json_object_set_int_member (stats, stat_names[i], sqlite3_column_int64 (stmt, FIRST_STAT_COLUMN + i));
  json_object_set_object_member (link, "stats", stats);
  return link;
}

static GPtrArray *
read_links (IzpStore    *store,
            const char  *only_id,
            gboolean     include_archived,
            GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_link_entry_free);
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GHashTable) refusals = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rc;

  outbox = izp_store_list_outbox (store, error);
  if (outbox == NULL)
    return NULL;
  for (guint i = 0; i < outbox->len; i++)
    {
      IzpOutboxEntry *queued = g_ptr_array_index (outbox, i);

      if (queued->local_id != NULL && queued->state == IZP_OUTBOX_REFUSED)
        g_hash_table_insert (refusals, queued->local_id, queued->message);
    }

  sql = g_strconcat (LINKS_SELECT,
                     only_id != NULL ? "WHERE id = ?1 " : include_archived ? "" : "WHERE archived = 0 ",
                     "ORDER BY created_at DESC, id DESC", NULL);
  db = izp_store_acquire_reader (store);
  stmt = db != NULL ? izp_record_prepare (db, sql, error) : NULL;
  if (stmt == NULL)
    {
      if (db == NULL)
        g_set_error (error, IZP_RECORD_ERROR, IZP_RECORD_ERROR_CLOSED, _("The local data is closed."));
      izp_store_release_reader (store);
      return NULL;
    }
  if (only_id != NULL)
    izp_record_bind_text (stmt, 1, only_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpLinkEntry *entry = g_new0 (IzpLinkEntry, 1);
      gpointer refusal;

      entry->link = link_from_row (stmt);
      if (g_hash_table_lookup_extended (refusals, izp_link_entry_get_id (entry), NULL, &refusal))
        {
          entry->state = IZP_LINK_STATE_REFUSED;
          entry->refusal = g_strdup (refusal);
        }
      else if (json_object_get_string_member_with_default (entry->link, "url", "")[0] == '\0')
        entry->state = IZP_LINK_STATE_PENDING;
      else
        entry->state = IZP_LINK_STATE_REGISTERED;
      g_ptr_array_add (entries, entry);
    }
  if (rc != SQLITE_DONE)
    izp_record_set_sql_error (db, error);
  sqlite3_finalize (stmt);
  izp_store_release_reader (store);

  return rc == SQLITE_DONE ? g_steal_pointer (&entries) : NULL;
}

GPtrArray *
izp_links_list (IzpStore  *store,
                gboolean   include_archived,
                GError   **error)
{
  g_return_val_if_fail (IZP_IS_STORE (store), NULL);
  return read_links (store, NULL, include_archived, error);
}

IzpLinkEntry *
izp_links_find (IzpStore    *store,
                const char  *id,
                GError     **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  entries = read_links (store, id, TRUE, error);
  if (entries == NULL || entries->len == 0)
    return NULL;
  return g_ptr_array_steal_index (entries, 0);
}

/* ------------------------------------------------------------------ */
/* Store work on a worker thread */

typedef enum
{
  STORE_FIND_QUEUED,     /* the outbox entry and local row of local_id */
  STORE_COMPLETE,        /* the server registered entry: link replaces it */
  STORE_REFUSE,          /* the server refused entry: keep message */
  STORE_PUT_CLICKS,      /* days of link_id into the documents */
  STORE_RETRY,           /* entry back to pending, same key */
  STORE_DISCARD,         /* entry and its local row go (a change: the flag reverts) */
  STORE_QUEUE_PATCH,     /* link_id's archived flag set locally, its PATCH queued */
} StoreOp;

typedef struct
{
  StoreOp         op;
  char           *local_id;
  char           *link_id;
  char           *key;        /* FIND_QUEUED: the entry with this key */
  gboolean        archived;   /* QUEUE_PATCH */
  gboolean        blocked;    /* FIND_QUEUED: an older entry of the link waits */
  IzpOutboxEntry *entry;
  IzpLinkEntry   *local_row;
  JsonObject     *link;
  char           *message;
  GPtrArray      *days;
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  g_free (job->local_id);
  g_free (job->link_id);
  g_free (job->key);
  g_clear_pointer (&job->entry, izp_outbox_entry_free);
  g_clear_pointer (&job->local_row, izp_link_entry_free);
  g_clear_pointer (&job->link, json_object_unref);
  g_free (job->message);
  g_clear_pointer (&job->days, g_ptr_array_unref);
  g_free (job);
}

static JsonObject *
days_to_document (GPtrArray *days)
{
  JsonObject *document = json_object_new ();
  JsonArray *data = json_array_new ();

  for (guint i = 0; i < days->len; i++)
    {
      IzpApiClickDay *day = g_ptr_array_index (days, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "day", day->day);
      json_object_set_int_member (object, "clicks", day->clicks);
      json_object_set_int_member (object, "unique", day->unique);
      json_object_set_int_member (object, "suspected_bots", day->suspected_bots);
      json_array_add_object_element (data, object);
    }
  json_object_set_array_member (document, "data", data);
  return document;
}

static gboolean
find_queued (IzpStore  *store,
             StoreJob  *job,
             GError   **error)
{
  g_autoptr(GPtrArray) outbox = izp_store_list_outbox (store, error);
  IzpOutboxEntry *found = NULL;
  guint found_index = 0;

  if (outbox == NULL)
    return FALSE;
  /* The entry with the key, else the refused one of the link (what retry
   * and discard are about), else its last. */
  for (guint i = 0; i < outbox->len; i++)
    {
      IzpOutboxEntry *entry = g_ptr_array_index (outbox, i);

      if (g_strcmp0 (entry->local_id, job->local_id) != 0)
        continue;
      if (job->key != NULL ? g_strcmp0 (entry->idempotency_key, job->key) == 0
                           : found == NULL || found->state != IZP_OUTBOX_REFUSED)
        {
          found = entry;
          found_index = i;
        }
    }
  for (guint i = 0; found != NULL && i < found_index; i++)
    {
      IzpOutboxEntry *entry = g_ptr_array_index (outbox, i);

      if (g_strcmp0 (entry->local_id, job->local_id) == 0)
        job->blocked = TRUE;
    }
  if (found != NULL)
    job->entry = g_ptr_array_steal_index (outbox, found_index);

  job->local_row = izp_links_find (store, job->local_id, error);
  /* A sync run may have registered it meanwhile: then it is no longer
   * queued, and neither is its row. */
  return job->local_row != NULL || (error == NULL || *error == NULL);
}

static gboolean
is_patch (const IzpOutboxEntry *entry)
{
  return entry != NULL && g_strcmp0 (entry->kind, IZP_OUTBOX_PATCH_LINK) == 0;
}

/* The link's row as it now stands locally and its PATCH, queued together;
 * then found again like a created link's entry. */
static gboolean
queue_patch (IzpStore  *store,
             StoreJob  *job,
             GError   **error)
{
  g_autoptr(IzpLinkEntry) current = izp_links_find (store, job->local_id, error);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) row = NULL;

  if (current == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No referral link “%s” in the local data."), job->local_id);
      return FALSE;
    }
  row = json_object_ref (current->link);
  json_object_set_boolean_member (row, "archived", job->archived);
  json_object_set_boolean_member (body, "archived", job->archived);
  job->key = izp_store_queue_link_patch (store, body, row, error);
  return job->key != NULL && find_queued (store, job, error);
}

/* A refused creation goes with its row; a refused change goes and the
 * row takes back the flag the server still has. */
static gboolean
discard_queued (IzpStore  *store,
                StoreJob  *job,
                GError   **error)
{
  g_autoptr(JsonNode) body = NULL;

  if (!find_queued (store, job, error))
    return FALSE;
  if (job->entry == NULL)
    return TRUE;
  if (!is_patch (job->entry) || job->local_row == NULL)
    return izp_store_discard_outbox (store, job->entry->id, error);

  body = json_from_string (job->entry->body, NULL);
  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body) &&
      json_object_has_member (json_node_get_object (body), "archived"))
    json_object_set_boolean_member (job->local_row->link, "archived",
                                    !json_object_get_boolean_member (json_node_get_object (body),
                                                                     "archived"));
  return izp_store_complete_outbox (store, job->entry, job->local_row->link, error);
}

static gboolean
run_store_job (IzpStore      *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  StoreJob *job = data;

  switch (job->op)
    {
    case STORE_FIND_QUEUED:
      return find_queued (store, job, error);
    case STORE_COMPLETE:
      return izp_store_complete_outbox (store, job->entry, job->link, error);
    case STORE_REFUSE:
      return izp_store_refuse_outbox (store, job->entry, job->message, error);
    case STORE_PUT_CLICKS:
      {
        g_autoptr(JsonObject) document = days_to_document (job->days);
        g_autofree char *name = g_strconcat (CLICKS_DOCUMENT_PREFIX, job->link_id, NULL);

        return izp_store_put_document (store, name, document, NULL, error);
      }
    case STORE_RETRY:
      return find_queued (store, job, error) &&
             (job->entry == NULL || izp_store_retry_outbox (store, job->entry->id, error));
    case STORE_DISCARD:
      return discard_queued (store, job, error);
    case STORE_QUEUE_PATCH:
      return queue_patch (store, job, error);
    default:
      g_assert_not_reached ();
    }
}

/* Runs @job on a worker thread (izp_store_run_async); @callback takes it
 * back with finish_store_job(). */
static void
start_store_job (IzpSync             *sync,
                 StoreJob            *job,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  izp_store_run_async (izp_sync_get_store (sync), run_store_job, job,
                       (GDestroyNotify) store_job_free, NULL, callback, user_data);
}

static gboolean
finish_store_job (GObject       *source,
                  GAsyncResult  *result,
                  StoreJob     **out_job,
                  GError       **error)
{
  gpointer data = NULL;
  gboolean ok = izp_store_run_finish (IZP_STORE (source), result, &data, error);

  *out_job = data;
  return ok;
}

static StoreJob *
store_job_new (StoreOp op)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->op = op;
  return job;
}

/* ------------------------------------------------------------------ */
/* Create */

typedef struct
{
  IzpOutboxEntry *entry;
  JsonObject     *local_row;
  JsonObject     *link;
  gboolean        queued;
  char           *old_id;     /* retry of a corrected link: the refused one */
  GError         *error;      /* retry: the corrected link's refusal */
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_pointer (&data->entry, izp_outbox_entry_free);
  g_clear_pointer (&data->local_row, json_object_unref);
  g_clear_pointer (&data->link, json_object_unref);
  g_free (data->old_id);
  g_clear_error (&data->error);
  g_free (data);
}

static void
on_create_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  StoreJob *job;
  GError *error = NULL;

  if (!finish_store_job (source, result, &job, &error))
    g_task_return_error (task, error);
  else if (job->op == STORE_REFUSE)
    g_task_return_new_error (task, IZP_API_ERROR, IZP_API_ERROR_REJECTED, "%s", job->message);
  else if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&data->link), (GDestroyNotify) json_object_unref);
}

static void
on_create_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSync *sync = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  StoreJob *job;

  if (is_patch (data->entry))
    data->link = izp_api_client_patch_link_finish (IZP_API_CLIENT (source), result, &error);
  else
    data->link = izp_api_client_create_link_finish (IZP_API_CLIENT (source), result, &error);
  if (data->link == NULL && !g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* No network, server down, signed out: the next sync sends it. */
      data->queued = TRUE;
      g_task_return_pointer (task, json_object_ref (data->local_row),
                             (GDestroyNotify) json_object_unref);
      return;
    }

  if (data->link != NULL)
    {
      job = store_job_new (STORE_COMPLETE);
      job->link = json_object_ref (data->link);
    }
  else
    {
      job = store_job_new (STORE_REFUSE);
      job->message = g_strdup (error->message);
    }
  job->entry = g_steal_pointer (&data->entry);
  start_store_job (sync, job, on_create_stored, g_steal_pointer (&task));
}

static void
on_create_found (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSync *sync = g_task_get_source_object (task);
  CreateData *data = g_task_get_task_data (task);
  StoreJob *job;
  g_autoptr(JsonNode) body = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!finish_store_job (source, result, &job, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->entry == NULL || job->local_row == NULL)
    {
      /* A sync run sent it first: what it stored is the answer. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The link was sent by the sync running meanwhile; "
                                 "it is in the list."));
      return;
    }

  data->entry = g_steal_pointer (&job->entry);
  data->local_row = json_object_ref (job->local_row->link);

  /* A change waits for the link's registration, or for the changes
   * queued before it: the next sync sends them in order. */
  if (is_patch (data->entry) && (job->blocked || g_str_has_prefix (data->entry->local_id, "local_")))
    {
      data->queued = TRUE;
      g_task_return_pointer (task, json_object_ref (data->local_row),
                             (GDestroyNotify) json_object_unref);
      return;
    }

  /* Exactly the text the outbox keeps, so a later retry of the same key
   * sends the same body byte for byte. */
  body = izp_json_parse_bounded (data->entry->body, strlen (data->entry->body),
                                 IZP_JSON_MAX_BODY_BYTES, IZP_JSON_MAX_DEPTH, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  if (is_patch (data->entry))
    izp_api_client_patch_link_async (izp_sync_get_client (sync), data->entry->local_id,
                                     json_node_get_object (body), cancellable,
                                     on_create_sent, g_steal_pointer (&task));
  else
    izp_api_client_create_link_async (izp_sync_get_client (sync), json_node_get_object (body),
                                      data->entry->idempotency_key, cancellable,
                                      on_create_sent, g_steal_pointer (&task));
}

static void
on_create_queued (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSync *sync = IZP_SYNC (source);
  g_autofree char *local_id = NULL;
  GError *error = NULL;
  StoreJob *job;

  local_id = izp_sync_queue_link_finish (sync, result, &error);
  if (local_id == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = store_job_new (STORE_FIND_QUEUED);
  job->local_id = g_steal_pointer (&local_id);
  start_store_job (sync, job, on_create_found, g_steal_pointer (&task));
}

void
izp_links_create_async (IzpSync             *sync,
                        const IzpLinkDraft  *draft,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) body = NULL;
  GError *error = NULL;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (draft != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_links_create_async);
  g_task_set_task_data (task, g_new0 (CreateData, 1), (GDestroyNotify) create_data_free);

  if (!izp_link_draft_validate (draft, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Never cancelled: once asked for, the link is kept. */
  body = izp_link_draft_to_body (draft);
  izp_sync_queue_link_async (sync, body, NULL, on_create_queued, g_steal_pointer (&task));
}

JsonObject *
izp_links_create_finish (IzpSync       *sync,
                         GAsyncResult  *result,
                         gboolean      *out_queued,
                         GError       **error)
{
  CreateData *data;

  g_return_val_if_fail (g_task_is_valid (result, sync), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (out_queued != NULL)
    *out_queued = data->queued;
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Retry and discard */

static void
on_corrected_created (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSync *sync = IZP_SYNC (source);
  CreateData *data = g_task_get_task_data (task);
  StoreJob *job;

  data->link = izp_links_create_finish (sync, result, &data->queued, &data->error);
  if (data->link == NULL && !g_error_matches (data->error, IZP_API_ERROR, IZP_API_ERROR_REJECTED))
    {
      /* Not queued (a store failure): the refused one stays. */
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }

  /* The corrected link is safe in the outbox: the refused one can go. */
  job = store_job_new (STORE_DISCARD);
  job->local_id = g_strdup (data->old_id);
  start_store_job (sync, job, on_create_stored, g_steal_pointer (&task));
}

void
izp_links_retry_async (IzpSync             *sync,
                       const char          *local_id,
                       const IzpLinkDraft  *draft,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data = g_new0 (CreateData, 1);
  GError *error = NULL;
  StoreJob *job;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (local_id != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_links_retry_async);
  data->old_id = g_strdup (local_id);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  if (draft != NULL)
    {
      if (!izp_link_draft_validate (draft, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      izp_links_create_async (sync, draft, cancellable, on_corrected_created, g_steal_pointer (&task));
      return;
    }

  /* Pending again, then sent as a new link would be. */
  job = store_job_new (STORE_RETRY);
  job->local_id = g_strdup (local_id);
  start_store_job (sync, job, on_create_found, g_steal_pointer (&task));
}

JsonObject *
izp_links_retry_finish (IzpSync       *sync,
                        GAsyncResult  *result,
                        gboolean      *out_queued,
                        GError       **error)
{
  return izp_links_create_finish (sync, result, out_queued, error);
}

static void
on_discarded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreJob *job;
  GError *error = NULL;

  if (!finish_store_job (source, result, &job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
izp_links_discard_async (IzpSync             *sync,
                         const char          *local_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;
  StoreJob *job;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (local_id != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_links_discard_async);
  job = store_job_new (STORE_DISCARD);
  job->local_id = g_strdup (local_id);
  start_store_job (sync, job, on_discarded, task);
}

gboolean
izp_links_discard_finish (IzpSync       *sync,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, sync), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */
/* Archive */

/* The end of a PATCH or a clicks fetch: the store has what the server
 * answered, which is the result. */
static void
on_answer_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  StoreJob *job;
  GError *error = NULL;

  if (!finish_store_job (source, result, &job, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_ptr_array_ref (job->days), (GDestroyNotify) g_ptr_array_unref);
}

void
izp_links_set_archived_async (IzpSync             *sync,
                              const char          *link_id,
                              gboolean             archived,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  StoreJob *job;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (link_id != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_links_set_archived_async);
  g_task_set_task_data (task, g_new0 (CreateData, 1), (GDestroyNotify) create_data_free);

  /* Queued with the local row first, then sent as a new link is. */
  job = store_job_new (STORE_QUEUE_PATCH);
  job->local_id = g_strdup (link_id);
  job->archived = archived;
  start_store_job (sync, job, on_create_found, task);
}

JsonObject *
izp_links_set_archived_finish (IzpSync       *sync,
                               GAsyncResult  *result,
                               gboolean      *out_queued,
                               GError       **error)
{
  return izp_links_create_finish (sync, result, out_queued, error);
}

/* ------------------------------------------------------------------ */
/* Clicks */

static void
on_clicks_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  IzpSync *sync = g_task_get_source_object (task);
  GPtrArray *days;
  GError *error = NULL;
  StoreJob *job;

  days = izp_api_client_get_clicks_finish (IZP_API_CLIENT (source), result, &error);
  if (days == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job = store_job_new (STORE_PUT_CLICKS);
  job->days = days;
  job->link_id = g_strdup (g_task_get_task_data (task));
  start_store_job (sync, job, on_answer_stored, g_steal_pointer (&task));
}

void
izp_links_fetch_clicks_async (IzpSync             *sync,
                              const char          *link_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (link_id != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_links_fetch_clicks_async);
  g_task_set_task_data (task, g_strdup (link_id), g_free);
  izp_api_client_get_clicks_async (izp_sync_get_client (sync), link_id, NULL, NULL, cancellable,
                                   on_clicks_fetched, task);
}

GPtrArray *
izp_links_fetch_clicks_finish (IzpSync       *sync,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, sync), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
izp_links_load_clicks (IzpStore    *store,
                       const char  *link_id,
                       GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);
  g_return_val_if_fail (link_id != NULL, NULL);

  name = g_strconcat (CLICKS_DOCUMENT_PREFIX, link_id, NULL);
  text = izp_store_get_document (store, name, NULL, error);
  if (text == NULL)
    return NULL;
  return izp_api_decode_clicks (text, strlen (text), error);
}
