/* izp-sync.c — bring the local store up to date with the server
 *
 * A run is a small state machine on the caller's main context: network
 * calls go through the API client there; each SQLite call runs on a worker
 * thread (izp_store_run_async()) so the UI never waits for the disk. While
 * page k is written, page k + 1 is already being fetched; writes stay in page
 * order so the stored cursor is always the one after the last stored page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-date.h"
#include "izp-json.h"
#include "izp-sync.h"

#define MAX_QUEUED_PAGES 2

struct _IzpSync
{
  GObject       parent_instance;

  IzpApiClient *client;
  IzpStore     *store;
  guint         page_limit;
  GTask        *running;
};

G_DEFINE_FINAL_TYPE (IzpSync, izp_sync, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  STEP_OUTBOX,
  STEP_PARTNER,
  STEP_LEADERBOARD,
  STEP_COLLECTIONS,
  STEP_FINISH,
} Step;

typedef struct
{
  Step            step;
  IzpSyncSummary  summary;
  GError         *error;        /* first error; the run stops after it */
  guint           in_flight;    /* fetches and writes not yet back */

  GPtrArray      *outbox;
  guint           outbox_index;

  IzpCollectionId collection;
  IzpSyncState    state;
  gboolean        state_loaded;
  gboolean        fetching;
  gboolean        writing;
  gboolean        last_page_seen;
  gboolean        restarted;
  gboolean        reset_pending;
  gboolean        need_first_fetch;
  char           *next_cursor;  /* what to fetch next, when not fetching */
  GQueue          pages;        /* received, not yet written */
  guint64         collection_items;
} Run;

static void advance (GTask *task);
static void pump_collection (GTask *task);

static void
run_free (Run *run)
{
  g_clear_error (&run->error);
  g_clear_pointer (&run->outbox, g_ptr_array_unref);
  izp_sync_state_clear (&run->state);
  g_free (run->next_cursor);
  g_queue_clear_full (&run->pages, (GDestroyNotify) izp_api_page_free);
  g_free (run);
}

/* Keeps the first error; the run winds down once nothing is in flight. */
static void
run_fail (Run    *run,
          GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
}

/* ------------------------------------------------------------------ */
/* Worker-thread jobs */

typedef enum
{
  JOB_LIST_OUTBOX,
  JOB_COMPLETE_OUTBOX,
  JOB_REFUSE_OUTBOX,
  JOB_READ_ETAG,
  JOB_PUT_DOCUMENT,
  JOB_LOAD_STATE,
  JOB_WRITE_PAGE,
  JOB_MARK_UNCHANGED,
  JOB_RESET_CURSOR,
  JOB_FINISH,
  JOB_QUEUE_LINK,
} JobKind;

typedef struct
{
  JobKind          kind;
  IzpCollectionId  collection;
  IzpApiPage      *page;
  guint            n_items;     /* of the page, once written */
  JsonObject      *object;
  JsonObject      *object2;
  char            *name;
  char            *etag;        /* also the JOB_READ_ETAG result */
  char            *message;
  IzpOutboxEntry  *entry;       /* borrowed from the run */
  IzpSyncState     state;       /* JOB_LOAD_STATE result */
  GPtrArray       *outbox;      /* JOB_LIST_OUTBOX result */
  char            *key;         /* JOB_QUEUE_LINK result */
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->page, izp_api_page_free);
  g_clear_pointer (&job->object, json_object_unref);
  g_clear_pointer (&job->object2, json_object_unref);
  g_free (job->name);
  g_free (job->etag);
  g_free (job->message);
  izp_sync_state_clear (&job->state);
  g_clear_pointer (&job->outbox, g_ptr_array_unref);
  g_free (job->key);
  g_free (job);
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

/* Runs on a worker thread (izp_store_run_async()). */
static gboolean
run_job (IzpStore      *store,
         gpointer       data,
         GCancellable  *cancellable,
         GError       **error)
{
  Job *job = data;
  gboolean ok = FALSE;

  switch (job->kind)
    {
    case JOB_LIST_OUTBOX:
      job->outbox = izp_store_list_outbox (store, error);
      ok = job->outbox != NULL;
      break;

    case JOB_COMPLETE_OUTBOX:
      ok = izp_store_complete_outbox (store, job->entry, job->object, error);
      break;

    case JOB_REFUSE_OUTBOX:
      ok = izp_store_refuse_outbox (store, job->entry, job->message, error);
      break;

    case JOB_READ_ETAG:
      {
        GError *local_error = NULL;
        g_autofree char *json = izp_store_get_document (store, job->name, &job->etag,
                                                        &local_error);

        /* No document, no ETag to send. */
        if (json == NULL)
          g_clear_pointer (&job->etag, g_free);
        ok = local_error == NULL;
        if (!ok)
          g_propagate_error (error, local_error);
      }
      break;

    case JOB_PUT_DOCUMENT:
      ok = izp_store_put_document (store, job->name, job->object, job->etag, error);
      break;

    case JOB_LOAD_STATE:
      ok = izp_store_get_sync_state (store, job->collection, &job->state, error);
      break;

    case JOB_WRITE_PAGE:
      ok = izp_store_write_page (store, job->collection, job->page->items,
                                 job->page->next_cursor, job->page->etag, error);
      /* Freeing a page of JSON nodes is costly too: here, not on the
       * caller's thread. */
      job->n_items = json_array_get_length (job->page->items);
      g_clear_pointer (&job->page, izp_api_page_free);
      break;

    case JOB_MARK_UNCHANGED:
      ok = izp_store_mark_unchanged (store, job->collection, error);
      break;

    case JOB_RESET_CURSOR:
      ok = izp_store_reset_cursor (store, job->collection, error);
      break;

    case JOB_FINISH:
      {
        g_autofree char *now = izp_instant_now_utc ();

        /* The rises in the clients' payments, as the data now stands: the
         * dashboard reads them rather than every client's last invoices. */
        ok = izp_store_keep_payment_rises (store, error) &&
             izp_store_set_last_sync (store, now, error);
      }
      break;

    case JOB_QUEUE_LINK:
      job->key = izp_store_queue_link (store, job->object, job->object2, error);
      ok = job->key != NULL;
      break;

    default:
      g_assert_not_reached ();
    }

  return ok;
}

/* Jobs are not cancellable: a started transaction finishes. */
static void
start_job (IzpSync             *self,
           Job                 *job,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  izp_store_run_async (self->store, run_job, job, (GDestroyNotify) job_free, NULL,
                       callback, user_data);
}

/* The finished job, its results in it, or NULL with @error set. */
static Job *
finish_job (GObject       *source,
            GAsyncResult  *result,
            GError       **error)
{
  gpointer job = NULL;

  if (!izp_store_run_finish (IZP_STORE (source), result, &job, error))
    return NULL;
  return job;
}

/* ------------------------------------------------------------------ */
/* Step: outbox */

static void send_next_outbox (GTask *task);

static void
on_outbox_stored (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->in_flight--;
  if (finish_job (source, result, &error) == NULL)
    run_fail (run, error);
  run->outbox_index++;
  send_next_outbox (task);
}

static void
on_outbox_sent (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  IzpOutboxEntry *entry = g_ptr_array_index (run->outbox, run->outbox_index);
  g_autoptr(JsonObject) link = NULL;
  GError *error = NULL;
  Job *job;

  if (g_strcmp0 (entry->kind, IZP_OUTBOX_PATCH_LINK) == 0)
    link = izp_api_client_patch_link_finish (IZP_API_CLIENT (source), result, &error);
  else
    link = izp_api_client_create_link_finish (IZP_API_CLIENT (source), result, &error);
  if (link == NULL && !g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED))
    {
      /* Offline, server down, signed out…: keep it for the next run. */
      run->in_flight--;
      run_fail (run, error);
      advance (task);
      return;
    }

  if (link != NULL)
    {
      const char *server_id = json_object_get_string_member_with_default (link, "id", NULL);

      /* Changes queued for a link created offline follow it (the store
       * re-points its own entries in the same transaction). */
      for (guint i = run->outbox_index + 1; i < run->outbox->len && server_id != NULL; i++)
        {
          IzpOutboxEntry *later = g_ptr_array_index (run->outbox, i);

          if (entry->local_id != NULL && g_strcmp0 (later->local_id, entry->local_id) == 0)
            {
              g_free (later->local_id);
              later->local_id = g_strdup (server_id);
            }
        }
      job = job_new (JOB_COMPLETE_OUTBOX);
      job->object = g_steal_pointer (&link);
      run->summary.outbox_sent++;
    }
  else
    {
      /* The server refused it (a 4xx): keep its reason for the user, who
       * retries or discards it; network errors above keep it pending. */
      job = job_new (JOB_REFUSE_OUTBOX);
      job->message = g_strdup (error->message);
      g_error_free (error);
    }
  job->entry = entry;
  start_job (self, job, on_outbox_stored, task);
}

static void
send_next_outbox (GTask *task)
{
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  IzpOutboxEntry *entry;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  gboolean is_patch;

  /* Skip what the server already refused; the user decides about those. */
  while (run->outbox_index < run->outbox->len &&
         ((IzpOutboxEntry *) g_ptr_array_index (run->outbox, run->outbox_index))->state ==
           IZP_OUTBOX_REFUSED)
    run->outbox_index++;

  if (run->error != NULL || run->outbox_index >= run->outbox->len ||
      g_task_return_error_if_cancelled (task) == TRUE)
    {
      if (g_task_had_error (task))
        {
          g_object_unref (task);
          return;
        }
      run->step = STEP_PARTNER;
      advance (task);
      return;
    }

  entry = g_ptr_array_index (run->outbox, run->outbox_index);
  is_patch = g_strcmp0 (entry->kind, IZP_OUTBOX_PATCH_LINK) == 0;
  node = izp_json_parse_bounded (entry->body, strlen (entry->body), IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, &error);
  /* A change to a link whose creation the server refused waits for the
   * partner's decision about that creation. */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      (is_patch && (entry->local_id == NULL || g_str_has_prefix (entry->local_id, "local_"))))
    {
      g_clear_error (&error);
      run->outbox_index++;
      send_next_outbox (task);
      return;
    }

  run->in_flight++;
  if (is_patch)
    izp_api_client_patch_link_async (self->client, entry->local_id, json_node_get_object (node),
                                     g_task_get_cancellable (task), on_outbox_sent, task);
  else
    izp_api_client_create_link_async (self->client, json_node_get_object (node),
                                      entry->idempotency_key, g_task_get_cancellable (task),
                                      on_outbox_sent, task);
}

static void
on_outbox_listed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  Job *job;
  GError *error = NULL;

  run->in_flight--;
  job = finish_job (source, result, &error);
  if (job == NULL)
    {
      run_fail (run, error);
      advance (task);
      return;
    }

  run->outbox = g_steal_pointer (&job->outbox);
  run->outbox_index = 0;
  send_next_outbox (task);
}

/* ------------------------------------------------------------------ */
/* Steps: partner and leaderboard */

static void
on_document_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->in_flight--;
  if (finish_job (source, result, &error) == NULL)
    run_fail (run, error);
  run->step++;
  advance (task);
}

static void
on_document_fetched (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GTask *task = user_data;
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *etag = NULL;
  gboolean unchanged = FALSE;
  GError *error = NULL;
  Job *job;

  if (run->step == STEP_PARTNER)
    object = izp_api_client_get_partner_finish (self->client, result, &etag, &unchanged, &error);
  else
    object = izp_api_client_get_leaderboard_finish (self->client, result, &etag, &unchanged, &error);

  if (object == NULL)
    {
      run->in_flight--;
      /* A server without a board for this quarter is not a failed sync. */
      if (run->step == STEP_LEADERBOARD &&
          g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_REJECTED))
        g_clear_error (&error);
      if (error != NULL)
        run_fail (run, error);
      run->step++;
      advance (task);
      return;
    }

  job = job_new (JOB_PUT_DOCUMENT);
  job->name = g_strdup (run->step == STEP_PARTNER ? "partner" : "leaderboard");
  job->object = g_steal_pointer (&object);
  job->etag = g_steal_pointer (&etag);
  start_job (self, job, on_document_stored, task);
}

static void
on_document_etag (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;
  Job *job;

  job = finish_job (source, result, &error);
  if (job == NULL)
    {
      run->in_flight--;
      run_fail (run, error);
      advance (task);
      return;
    }

  if (run->step == STEP_PARTNER)
    izp_api_client_get_partner_async (self->client, job->etag, g_task_get_cancellable (task),
                                      on_document_fetched, task);
  else
    izp_api_client_get_leaderboard_async (self->client, NULL, job->etag,
                                          g_task_get_cancellable (task),
                                          on_document_fetched, task);
}

static void
fetch_document (GTask *task)
{
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *job = job_new (JOB_READ_ETAG);

  job->name = g_strdup (run->step == STEP_PARTNER ? "partner" : "leaderboard");
  run->in_flight++;
  start_job (self, job, on_document_etag, task);
}

/* ------------------------------------------------------------------ */
/* Step: collections */

static void
next_collection (GTask *task)
{
  Run *run = g_task_get_task_data (task);

  izp_sync_state_clear (&run->state);
  run->state_loaded = FALSE;
  run->last_page_seen = FALSE;
  run->restarted = FALSE;
  run->reset_pending = FALSE;
  run->need_first_fetch = TRUE;
  run->collection_items = 0;
  g_clear_pointer (&run->next_cursor, g_free);
  run->collection++;
  if (run->collection >= IZP_N_COLLECTIONS)
    run->step = STEP_FINISH;
  advance (task);
}

static void
on_page_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  Job *job;
  GError *error = NULL;

  run->in_flight--;
  run->writing = FALSE;

  job = finish_job (source, result, &error);
  if (job == NULL)
    run_fail (run, error);
  else if (job->kind == JOB_WRITE_PAGE)
    {
      guint n = job->n_items;

      run->collection_items += n;
      run->summary.items += n;
      run->summary.pages++;
      g_signal_emit (self, signals[PROGRESS], 0,
                     izp_schema_get_collection (run->collection)->name,
                     run->collection_items, run->summary.items);
    }

  pump_collection (task);
}

static void
on_page_fetched (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  IzpApiPage *page;
  GError *error = NULL;

  run->in_flight--;
  run->fetching = FALSE;

  page = izp_api_client_get_page_finish (IZP_API_CLIENT (source), result, &error);
  if (page == NULL)
    {
      if (g_error_matches (error, IZP_API_ERROR, IZP_API_ERROR_INVALID_CURSOR) &&
          !run->restarted && run->error == NULL)
        {
          /* Our cursor expired: start this collection over from its last
           * completed point once the writes in progress have landed. Rows
           * stored again are replaced by the same rows: nothing is lost. */
          g_error_free (error);
          run->restarted = TRUE;
          run->reset_pending = TRUE;
          g_queue_clear_full (&run->pages, (GDestroyNotify) izp_api_page_free);
          g_clear_pointer (&run->next_cursor, g_free);
          g_clear_pointer (&run->state.cursor, g_free);
          g_clear_pointer (&run->state.etag, g_free);
          pump_collection (task);
          return;
        }
      run_fail (run, error);
      pump_collection (task);
      return;
    }

  if (page->unchanged)
    run->last_page_seen = TRUE;
  else if (page->next_cursor != NULL)
    run->next_cursor = g_strdup (page->next_cursor);
  else
    run->last_page_seen = TRUE;

  g_queue_push_tail (&run->pages, page);
  pump_collection (task);
}

static void
fetch_page (GTask *task)
{
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);
  const char *cursor;
  const char *since = NULL;
  const char *etag = NULL;

  cursor = run->next_cursor != NULL ? run->next_cursor : run->state.cursor;
  if (cursor == NULL)
    {
      /* A new run of this collection: only what changed since the last. */
      since = run->state.updated_since;
      etag = run->state.etag;
    }

  run->fetching = TRUE;
  run->in_flight++;
  izp_api_client_get_page_async (self->client, run->collection, cursor, since,
                                 self->page_limit, etag, g_task_get_cancellable (task),
                                 on_page_fetched, task);
  /* Once asked for, the stored cursor has been used. */
  g_clear_pointer (&run->next_cursor, g_free);
  g_clear_pointer (&run->state.cursor, g_free);
}

/* Keeps one fetch and one write going; done when both are idle, the last
 * page has been written and nothing is queued. */
static void
pump_collection (GTask *task)
{
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->error != NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      if (run->in_flight == 0)
        advance (task);
      return;
    }

  if (run->reset_pending)
    {
      if (!run->writing && !run->fetching)
        {
          Job *job = job_new (JOB_RESET_CURSOR);

          run->reset_pending = FALSE;
          run->need_first_fetch = TRUE;
          run->last_page_seen = FALSE;
          job->collection = run->collection;
          run->writing = TRUE;
          run->in_flight++;
          start_job (self, job, on_page_written, task);
        }
      return;
    }

  if (!run->writing && !g_queue_is_empty (&run->pages))
    {
      IzpApiPage *page = g_queue_pop_head (&run->pages);
      Job *job = job_new (page->unchanged ? JOB_MARK_UNCHANGED : JOB_WRITE_PAGE);

      if (page->unchanged)
        {
          run->summary.unchanged++;
          izp_api_page_free (page);
        }
      else
        job->page = page;
      job->collection = run->collection;
      run->writing = TRUE;
      run->in_flight++;
      start_job (self, job, on_page_written, task);
    }

  if (!run->fetching && !run->last_page_seen &&
      g_queue_get_length (&run->pages) < MAX_QUEUED_PAGES)
    {
      if (run->next_cursor != NULL)
        fetch_page (task);
      else if (run->need_first_fetch && !run->writing)
        {
          run->need_first_fetch = FALSE;
          fetch_page (task);
        }
    }

  if (!run->fetching && !run->writing && run->last_page_seen && g_queue_is_empty (&run->pages))
    next_collection (task);
}

static void
on_state_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  Job *job;
  GError *error = NULL;

  run->in_flight--;
  job = finish_job (source, result, &error);
  if (job == NULL)
    {
      run_fail (run, error);
      advance (task);
      return;
    }

  izp_sync_state_clear (&run->state);
  run->state = job->state;
  memset (&job->state, 0, sizeof job->state);
  run->state_loaded = TRUE;
  run->need_first_fetch = TRUE;
  pump_collection (task);
}

/* ------------------------------------------------------------------ */
/* The run */

static void
on_finished (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  run->in_flight--;
  if (finish_job (source, result, &error) == NULL)
    run_fail (run, error);
  run->step = STEP_FINISH + 1;
  advance (task);
}

static void
advance (GTask *task)
{
  IzpSync *self = g_task_get_source_object (task);
  Run *run = g_task_get_task_data (task);

  if (run->error != NULL || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    {
      if (run->in_flight > 0)
        return;
      g_clear_object (&self->running);
      if (run->error != NULL)
        g_task_return_error (task, g_steal_pointer (&run->error));
      else
        g_task_return_error_if_cancelled (task);
      g_object_unref (task);
      return;
    }

  switch (run->step)
    {
    case STEP_OUTBOX:
      run->in_flight++;
      start_job (self, job_new (JOB_LIST_OUTBOX), on_outbox_listed, task);
      break;

    case STEP_PARTNER:
    case STEP_LEADERBOARD:
      fetch_document (task);
      break;

    case STEP_COLLECTIONS:
      if (!run->state_loaded)
        {
          Job *job = job_new (JOB_LOAD_STATE);

          job->collection = run->collection;
          run->in_flight++;
          start_job (self, job, on_state_loaded, task);
        }
      else
        pump_collection (task);
      break;

    case STEP_FINISH:
      run->in_flight++;
      start_job (self, job_new (JOB_FINISH), on_finished, task);
      break;

    default:
      g_clear_object (&self->running);
      g_task_return_pointer (task, g_memdup2 (&run->summary, sizeof run->summary), g_free);
      g_object_unref (task);
      break;
    }
}

void
izp_sync_run_async (IzpSync             *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task;
  Run *run;

  g_return_if_fail (IZP_IS_SYNC (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_sync_run_async);

  if (self->running != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running."));
      g_object_unref (task);
      return;
    }

  run = g_new0 (Run, 1);
  g_queue_init (&run->pages);
  run->step = STEP_OUTBOX;
  run->collection = 0;
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  self->running = g_object_ref (task);

  /* The task's own reference travels through the callbacks. */
  advance (task);
}

gboolean
izp_sync_run_finish (IzpSync         *self,
                     GAsyncResult    *result,
                     IzpSyncSummary  *out_summary,
                     GError         **error)
{
  g_autofree IzpSyncSummary *summary = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  summary = g_task_propagate_pointer (G_TASK (result), error);
  if (summary == NULL)
    return FALSE;
  if (out_summary != NULL)
    *out_summary = *summary;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Offline link */

static JsonObject *
build_local_link (JsonObject *body,
                  const char *local_id)
{
  g_autoptr(JsonObject) link = json_object_new ();
  g_autofree char *now = izp_instant_now_utc ();
  JsonObject *stats = json_object_new ();
  const char *stat_names[] = { "clicks", "unique_visitors", "suspected_bots",
                               "leads", "demos", "trials", "won" };
  JsonNode *member;

  json_object_set_string_member (link, "id", local_id);
  json_object_set_string_member (link, "updated_at", now);
  /* No code nor URL until the server registers it. */
  json_object_set_string_member (link, "code", "");
  json_object_set_string_member (link, "url", "");
  member = json_object_get_member (body, "label");
  json_object_set_member (link, "label", member != NULL ? json_node_copy (member)
                                                        : json_node_init_string (json_node_alloc (), ""));
  member = json_object_get_member (body, "channel");
  json_object_set_member (link, "channel", member != NULL ? json_node_copy (member)
                                                          : json_node_init_string (json_node_alloc (), "other"));
  member = json_object_get_member (body, "campaign");
  json_object_set_member (link, "campaign", member != NULL ? json_node_copy (member)
                                                           : json_node_new (JSON_NODE_NULL));
  member = json_object_get_member (body, "prospect");
  if (member != NULL)
    json_object_set_member (link, "prospect", json_node_copy (member));
  json_object_set_boolean_member (link, "archived", FALSE);
  json_object_set_string_member (link, "created_at", now);
  for (guint i = 0; i < G_N_ELEMENTS (stat_names); i++)
    json_object_set_int_member (stats, stat_names[i], 0);
  json_object_set_object_member (link, "stats", stats);

  return g_steal_pointer (&link);
}

static void
on_link_queued (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Job *job;
  GError *error = NULL;

  job = finish_job (source, result, &error);
  if (job == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task,
                           g_strdup (json_object_get_string_member (job->object2, "id")),
                           g_free);
}

void
izp_sync_queue_link_async (IzpSync             *self,
                           JsonObject          *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;
  g_autofree char *uuid = NULL;
  g_autofree char *local_id = NULL;
  g_autoptr(JsonObject) local_row = NULL;
  const IzpCollection *links;
  GError *error = NULL;
  Job *job;

  g_return_if_fail (IZP_IS_SYNC (self));
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_sync_queue_link_async);

  uuid = g_uuid_string_random ();
  local_id = g_strconcat ("local_", uuid, NULL);
  local_row = build_local_link (body, local_id);

  links = izp_schema_get_collection (IZP_COLLECTION_REFERRAL_LINKS);
  if (!izp_schema_validate (links->fields, local_row, "$", &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  job = job_new (JOB_QUEUE_LINK);
  job->object = json_object_ref (body);
  job->object2 = g_steal_pointer (&local_row);
  start_job (self, job, on_link_queued, task);
}

char *
izp_sync_queue_link_finish (IzpSync       *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------ */

IzpSync *
izp_sync_new (IzpApiClient *client,
              IzpStore     *store)
{
  IzpSync *self;

  g_return_val_if_fail (IZP_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  self = g_object_new (IZP_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  self->store = g_object_ref (store);
  return self;
}

IzpApiClient *
izp_sync_get_client (IzpSync *self)
{
  g_return_val_if_fail (IZP_IS_SYNC (self), NULL);
  return self->client;
}

IzpStore *
izp_sync_get_store (IzpSync *self)
{
  g_return_val_if_fail (IZP_IS_SYNC (self), NULL);
  return self->store;
}

void
izp_sync_set_page_limit (IzpSync *self,
                         guint    limit)
{
  g_return_if_fail (IZP_IS_SYNC (self));
  self->page_limit = CLAMP (limit, 1, 1000);
}

gboolean
izp_sync_is_running (IzpSync *self)
{
  g_return_val_if_fail (IZP_IS_SYNC (self), FALSE);
  return self->running != NULL;
}

static void
izp_sync_finalize (GObject *object)
{
  IzpSync *self = (IzpSync *) object;

  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (izp_sync_parent_class)->finalize (object);
}

static void
izp_sync_class_init (IzpSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_sync_finalize;

  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
izp_sync_init (IzpSync *self)
{
  self->page_limit = 1000;
}
