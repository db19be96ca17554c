/* izp-dataset.c — the sandbox's dataset: JSON file, validation, database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "izp-dataset.h"
#include "izp-json.h"
#include "izp-record-table.h"
#include "izp-schema.h"

G_DEFINE_QUARK (izp-dataset-error-quark, izp_dataset_error)

struct _IzpDatasetWriter
{
  sqlite3          *db;
  IzpRecordWriter  *records[IZP_N_COLLECTIONS];
  sqlite3_stmt     *put_document;
  sqlite3_stmt     *put_user;
  gboolean          in_transaction;
};


/**
 * izp_dataset_writer_new:
 * @db: a database, usually empty
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): a writer inside a new transaction
 */
IzpDatasetWriter *
izp_dataset_writer_new (sqlite3  *db,
                        GError  **error)
{
  g_autoptr(IzpDatasetWriter) writer = NULL;
  guint i;

  g_return_val_if_fail (db != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  writer = g_new0 (IzpDatasetWriter, 1);
  writer->db = db;

  if (!izp_record_exec (db, "BEGIN", error))
    return NULL;
  writer->in_transaction = TRUE;

  if (!izp_record_exec (db,
                 "CREATE TABLE IF NOT EXISTS documents ("
                 "  name TEXT PRIMARY KEY NOT NULL, json TEXT NOT NULL);"
                 "CREATE TABLE IF NOT EXISTS users ("
                 "  email TEXT PRIMARY KEY NOT NULL, password TEXT NOT NULL);",
                 error))
    return NULL;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    {
      const IzpCollection *collection = izp_schema_get_collection (i);

      if (!izp_record_table_create (db, collection, IZP_RECORD_TABLE_TOMBSTONES, error))
        return NULL;
      writer->records[i] = izp_record_writer_new (db, collection, IZP_RECORD_TABLE_TOMBSTONES, error);
      if (writer->records[i] == NULL)
        return NULL;
    }

  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO documents (name, json) VALUES (?1, ?2)",
                          -1, &writer->put_document, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO users (email, password) VALUES (?1, ?2)",
                          -1, &writer->put_user, NULL) != SQLITE_OK)
    {
      izp_record_set_sql_error (db, error);
      return NULL;
    }

  return g_steal_pointer (&writer);
}

gboolean
izp_dataset_writer_add (IzpDatasetWriter  *writer,
                        const char        *key,
                        JsonObject        *item,
                        GError           **error)
{
  const IzpCollection *collection;

  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (key, "partner") == 0 || strcmp (key, "leaderboard") == 0)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), item);

      sqlite3_bind_text (writer->put_document, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (writer->put_document, 2, izp_json_to_string (node), -1, g_free);
      return izp_record_step (writer->db, writer->put_document, error);
    }

  if (strcmp (key, "users") == 0)
    {
      const char *email;
      const char *password;

      if (!izp_json_get_string (item, "email", "$.users", FALSE, &email, error) ||
          !izp_json_get_string (item, "password", "$.users", FALSE, &password, error))
        return FALSE;
      sqlite3_bind_text (writer->put_user, 1, email, -1, SQLITE_STATIC);
      sqlite3_bind_text (writer->put_user, 2, password, -1, SQLITE_STATIC);
      return izp_record_step (writer->db, writer->put_user, error);
    }

  collection = izp_schema_find_collection (key);
  if (collection == NULL)
    {
      g_set_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_UNKNOWN_KEY,
                   _("“%s” is not a key of a dataset"), key);
      return FALSE;
    }

  return izp_record_writer_put (writer->records[collection->id], item, error);
}

gboolean
izp_dataset_writer_commit (IzpDatasetWriter  *writer,
                           GError           **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (writer->in_transaction, FALSE);

  if (!izp_record_exec (writer->db, "COMMIT", error))
    return FALSE;
  writer->in_transaction = FALSE;
  return TRUE;
}

void
izp_dataset_writer_free (IzpDatasetWriter *writer)
{
  guint i;

  if (writer == NULL)
    return;

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    g_clear_pointer (&writer->records[i], izp_record_writer_free);
  sqlite3_finalize (writer->put_document);
  sqlite3_finalize (writer->put_user);
  if (writer->in_transaction)
    sqlite3_exec (writer->db, "ROLLBACK", NULL, NULL, NULL);
  g_free (writer);
}

/* Validation */

static gboolean
validate_users (JsonObject  *root,
                GError     **error)
{
  g_autoptr(GHashTable) emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *users;
  guint i, n;

  users = izp_json_get_array (root, "users", "$", error);
  if (users == NULL)
    return FALSE;

  n = json_array_get_length (users);
  if (n == 0)
    {
      g_set_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_NO_USER,
                   _("%s: at least one user is needed to sign in"), "$.users");
      return FALSE;
    }

  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (users, i);
      g_autofree char *path = g_strdup_printf ("$.users[%u]", i);
      char *email;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an object is expected"), path);
          return FALSE;
        }
      if (!izp_schema_validate (izp_schema_get_user_fields (), json_node_get_object (node),
                                path, error))
        return FALSE;

      /* The server looks e-mails up without regard to case. */
      email = g_ascii_strdown (json_object_get_string_member (json_node_get_object (node), "email"), -1);
      if (!g_hash_table_add (emails, email))
        {
          g_autofree char *email_path = izp_json_path_member (path, "email");

          g_set_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_DUPLICATE,
                       _("%s: another user has the e-mail “%s”"), email_path, email);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_single (JsonObject      *root,
                 const char      *key,
                 const IzpField  *fields,
                 GError         **error)
{
  g_autofree char *path = g_strconcat ("$.", key, NULL);
  JsonObject *object;

  object = izp_json_get_object (root, key, "$", FALSE, error);
  if (object == NULL)
    return FALSE;
  return izp_schema_validate (fields, object, path, error);
}

/* Structure, types and unique ids of one collection; fills @ids (borrowed
 * strings of @root). */
static gboolean
validate_collection (JsonObject           *root,
                     const IzpCollection  *collection,
                     GHashTable           *ids,
                     GError              **error)
{
  JsonArray *items;
  guint i, n;

  items = izp_json_get_array (root, collection->name, "$", error);
  if (items == NULL)
    return FALSE;

  n = json_array_get_length (items);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      char path[128];
      const char *id;

      g_snprintf (path, sizeof path, "$.%s[%u]", collection->name, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an object is expected"), path);
          return FALSE;
        }
      if (!izp_schema_validate (collection->fields, json_node_get_object (node), path, error))
        return FALSE;

      id = json_object_get_string_member (json_node_get_object (node), "id");
      if (!g_hash_table_add (ids, (gpointer) id))
        {
          g_autofree char *id_path = izp_json_path_member (path, "id");

          g_set_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_DUPLICATE,
                       _("%s: another %s has the id “%s”"), id_path, collection->item_name, id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_references (JsonObject           *root,
                     const IzpCollection  *collection,
                     GHashTable          **ids,
                     GError              **error)
{
  JsonArray *items;
  guint i, n;

  /* Invoices may name unknown clients and sub-partners: the commission
   * engine reports those as anomalies, so the sandbox must serve them. */
  if (collection->id == IZP_COLLECTION_INVOICES || !json_object_has_member (root, collection->name))
    return TRUE;

  items = json_object_get_array_member (root, collection->name);
  n = json_array_get_length (items);
  for (i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const IzpField *field;

      for (field = collection->fields; field->name != NULL; field++)
        {
          const IzpCollection *target;
          JsonNode *node;
          const char *id;

          if (field->references == NULL)
            continue;
          node = json_object_get_member (item, field->name);
          if (node == NULL || JSON_NODE_HOLDS_NULL (node))
            continue;

          target = izp_schema_find_collection (field->references);
          g_assert (target != NULL);
          id = json_node_get_string (node);
          if (!g_hash_table_contains (ids[target->id], id))
            {
              g_autofree char *path = g_strdup_printf ("$.%s[%u].%s", collection->name, i,
                                                       field->name);

              g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_REFERENCE,
                           _("%s: unknown %s “%s”"), path, target->item_name, id);
              return FALSE;
            }
        }
    }

  return TRUE;
}

gboolean
izp_dataset_validate (JsonNode  *root,
                      GError   **error)
{
  GHashTable *ids[IZP_N_COLLECTIONS] = { NULL, };
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  gboolean ok = FALSE;
  GList *l;
  guint i;

  g_return_val_if_fail (root != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                   _("%s: an object is expected"), "$");
      return FALSE;
    }
  object = json_node_get_object (root);

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    ids[i] = g_hash_table_new (g_str_hash, g_str_equal);

  /* Required keys first, so that a dataset without users or partner says
   * so rather than complaining about something else. */
  if (!json_object_has_member (object, "partner") || !json_object_has_member (object, "users"))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING,
                   _("%s: this member is missing"),
                   json_object_has_member (object, "partner") ? "$.users" : "$.partner");
      goto out;
    }

  /* Then every key in the order of the file. */
  members = json_object_get_members (object);
  for (l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const IzpCollection *collection;

      if (strcmp (key, "partner") == 0)
        {
          if (!validate_single (object, key, izp_schema_get_partner_fields (), error))
            goto out;
        }
      else if (strcmp (key, "leaderboard") == 0)
        {
          if (!validate_single (object, key, izp_schema_get_leaderboard_fields (), error))
            goto out;
        }
      else if (strcmp (key, "users") == 0)
        {
          if (!validate_users (object, error))
            goto out;
        }
      else if ((collection = izp_schema_find_collection (key)) != NULL)
        {
          if (!validate_collection (object, collection, ids[collection->id], error))
            goto out;
        }
      else
        {
          g_autofree char *path = izp_json_path_member ("$", key);

          g_set_error (error, IZP_DATASET_ERROR, IZP_DATASET_ERROR_UNKNOWN_KEY,
                       _("%s: this key is not part of a dataset"), path);
          goto out;
        }
    }

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    if (!validate_references (object, izp_schema_get_collection (i), ids, error))
      goto out;

  ok = TRUE;

out:
  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    g_hash_table_unref (ids[i]);
  return ok;
}

/* Loading */

static gboolean
write_dataset (sqlite3    *db,
               JsonObject *root,
               GError    **error)
{
  g_autoptr(IzpDatasetWriter) writer = NULL;
  g_autoptr(GList) members = NULL;
  GList *l;

  writer = izp_dataset_writer_new (db, error);
  if (writer == NULL)
    return FALSE;

  members = json_object_get_members (root);
  for (l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (root, key);

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          if (!izp_dataset_writer_add (writer, key, json_node_get_object (node), error))
            return FALSE;
        }
      else
        {
          JsonArray *items = json_node_get_array (node);
          guint i, n = json_array_get_length (items);

          for (i = 0; i < n; i++)
            if (!izp_dataset_writer_add (writer, key, json_array_get_object_element (items, i), error))
              return FALSE;
        }
    }

  return izp_dataset_writer_commit (writer, error);
}

gboolean
izp_dataset_load_data (sqlite3     *db,
                       const char  *data,
                       gsize        length,
                       const char  *name,
                       GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  root = izp_json_parse_bounded (data, length, IZP_DATASET_MAX_BYTES, IZP_DATASET_MAX_DEPTH, error);
  if (root == NULL || !izp_dataset_validate (root, error) ||
      !write_dataset (db, json_node_get_object (root), error))
    {
      g_prefix_error (error, _("Dataset %s: "), name);
      return FALSE;
    }

  return TRUE;
}

gboolean
izp_dataset_load_file (sqlite3     *db,
                       const char  *filename,
                       GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autofree char *display_name = NULL;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Mapped, not read: the size cap applies before any memory is used. */
  file = g_mapped_file_new (filename, FALSE, error);
  if (file == NULL)
    return FALSE;

  display_name = g_filename_display_name (filename);
  return izp_dataset_load_data (db,
                                g_mapped_file_get_contents (file),
                                g_mapped_file_get_length (file),
                                display_name, error);
}
