/* izp-template-link.c — [Lien démo] for a prospect who has no link yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-template-link.h"

void
izp_template_link_draft_init (IzpLinkDraft      *draft,
                              const IzpProspect *prospect,
                              const char        *channel,
                              const char        *campaign)
{
  g_autofree char *label = NULL;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (prospect != NULL);

  memset (draft, 0, sizeof *draft);
  label = prospect->company != NULL ? g_strdup (prospect->company) : izp_prospect_describe (prospect);
  if (label == NULL || *label == '\0')
    {
      g_free (label);
      label = g_strdup (prospect->email);
    }
  /* A long company name is cut rather than refused: the label is ours. */
  if (label != NULL && g_utf8_strlen (label, -1) > IZP_LINK_LABEL_MAX_CHARS)
    {
      char *cut = g_utf8_substring (label, 0, IZP_LINK_LABEL_MAX_CHARS);

      g_free (label);
      label = cut;
    }
  izp_link_draft_set (draft, IZP_LINK_FIELD_LABEL, label);
  izp_link_draft_set (draft, IZP_LINK_FIELD_CHANNEL, channel);
  izp_link_draft_set (draft, IZP_LINK_FIELD_CAMPAIGN, campaign != NULL && *campaign != '\0' ? campaign : NULL);
  izp_link_draft_set (draft, IZP_LINK_FIELD_FIRST_NAME, prospect->first_name);
  izp_link_draft_set (draft, IZP_LINK_FIELD_LAST_NAME, prospect->last_name);
  izp_link_draft_set (draft, IZP_LINK_FIELD_COMPANY, prospect->company);
  izp_link_draft_set (draft, IZP_LINK_FIELD_EMAIL, prospect->email);
}

const char *
izp_template_link_pending_message (void)
{
  return _("The link will be available after the next sync.");
}

typedef struct
{
  IzpLinkDraft  draft;
  char         *url;      /* an existing registered link's */
  gboolean      pending;  /* an existing link still queued */
  gboolean      found;
} EnsureData;

static void
ensure_data_free (EnsureData *data)
{
  izp_link_draft_clear (&data->draft);
  g_free (data->url);
  g_free (data);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  if (a == NULL || *a == '\0')
    return b == NULL || *b == '\0';
  return b != NULL && g_utf8_collate (a, b) == 0;
}

/* The same prospect: the same e-mail address (as the template sources
 * match a link to a lead), else, with no address, the same names and
 * company. */
static gboolean
link_is_for (IzpLinkEntry       *entry,
             const IzpLinkDraft *draft)
{
  JsonNode *node = json_object_get_member (entry->link, "prospect");
  const char *email = draft->values[IZP_LINK_FIELD_EMAIL];
  JsonObject *prospect;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  prospect = json_node_get_object (node);
  if (email != NULL && *email != '\0')
    return g_ascii_strcasecmp (json_object_get_string_member_with_default (prospect, "email", ""), email) == 0;
  return same_text (json_object_get_string_member_with_default (prospect, "email", NULL), NULL)
      && same_text (json_object_get_string_member_with_default (prospect, "first_name", NULL),
                    draft->values[IZP_LINK_FIELD_FIRST_NAME])
      && same_text (json_object_get_string_member_with_default (prospect, "last_name", NULL),
                    draft->values[IZP_LINK_FIELD_LAST_NAME])
      && same_text (json_object_get_string_member_with_default (prospect, "company", NULL),
                    draft->values[IZP_LINK_FIELD_COMPANY]);
}

static gboolean
find_on_worker (IzpStore      *store,
                gpointer       user_data,
                GCancellable  *cancellable,
                GError       **error)
{
  EnsureData *data = user_data;
  g_autoptr(GPtrArray) links = izp_links_list (store, FALSE, error);

  if (links == NULL)
    return FALSE;
  /* Newest first: the link a sync would show in [Lien démo]. A refused
   * one is not a link; the Links section shows why. */
  for (guint i = 0; i < links->len && !data->found; i++)
    {
      IzpLinkEntry *entry = g_ptr_array_index (links, i);

      if (entry->state == IZP_LINK_STATE_REFUSED || !link_is_for (entry, &data->draft))
        continue;
      data->found = TRUE;
      data->pending = entry->state == IZP_LINK_STATE_PENDING;
      data->url = g_strdup (izp_link_entry_get_url (entry));
    }
  return TRUE;
}

/* The task's result: the URL, or NULL while queued. */
typedef struct
{
  char     *url;
  gboolean  queued;
} Ensured;

static void
ensured_free (Ensured *ensured)
{
  g_free (ensured->url);
  g_free (ensured);
}

static void
return_ensured (GTask      *task,
                const char *url,
                gboolean    queued)
{
  Ensured *ensured = g_new0 (Ensured, 1);

  ensured->url = g_strdup (url);
  ensured->queued = queued;
  g_task_return_pointer (task, ensured, (GDestroyNotify) ensured_free);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  gboolean queued = FALSE;

  link = izp_links_create_finish (IZP_SYNC (source), result, &queued, &error);
  if (link == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    return_ensured (task, queued ? NULL : json_object_get_string_member_with_default (link, "url", NULL), queued);
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  EnsureData *data = NULL;
  IzpSync *sync = g_task_get_source_object (task);

  if (!izp_store_run_finish (IZP_STORE (source), result, (gpointer *) &data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (data->found)
    {
      return_ensured (task, data->url, data->pending);
      return;
    }
  izp_links_create_async (sync, &data->draft, g_task_get_cancellable (task), on_created, g_object_ref (task));
}

void
izp_template_ensure_link_async (IzpSync             *sync,
                                const IzpProspect   *prospect,
                                const char          *channel,
                                const char          *campaign,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EnsureData *data;

  g_return_if_fail (IZP_IS_SYNC (sync));
  g_return_if_fail (prospect != NULL);

  task = g_task_new (sync, cancellable, callback, user_data);
  g_task_set_source_tag (task, izp_template_ensure_link_async);
  if (prospect->link_url != NULL)
    {
      return_ensured (task, prospect->link_url, FALSE);
      return;
    }
  data = g_new0 (EnsureData, 1);
  izp_template_link_draft_init (&data->draft, prospect, channel, campaign);
  izp_store_run_async (izp_sync_get_store (sync), find_on_worker, data, (GDestroyNotify) ensure_data_free,
                       cancellable, on_found, g_steal_pointer (&task));
}

char *
izp_template_ensure_link_finish (IzpSync       *sync,
                                 GAsyncResult  *result,
                                 gboolean      *out_queued,
                                 GError       **error)
{
  Ensured *ensured;
  char *url;

  g_return_val_if_fail (g_task_is_valid (result, sync), NULL);

  if (out_queued != NULL)
    *out_queued = FALSE;
  ensured = g_task_propagate_pointer (G_TASK (result), error);
  if (ensured == NULL)
    return NULL;
  if (out_queued != NULL)
    *out_queued = ensured->queued;
  url = g_steal_pointer (&ensured->url);
  ensured_free (ensured);
  return url;
}
