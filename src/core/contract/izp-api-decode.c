/* izp-api-decode.c — decoders for the bodies of the Partner API v1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-api-decode.h"
#include "izp-date.h"
#include "izp-json.h"

void
izp_api_page_free (IzpApiPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->root, json_node_unref);
  g_free (page->next_cursor);
  g_free (page->etag);
  g_free (page);
}

void
izp_api_tokens_free (IzpApiTokens *tokens)
{
  if (tokens == NULL)
    return;
  /* Wipe secrets before giving the memory back. */
  if (tokens->access_token != NULL)
    memset (tokens->access_token, 0, strlen (tokens->access_token));
  if (tokens->refresh_token != NULL)
    memset (tokens->refresh_token, 0, strlen (tokens->refresh_token));
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens);
}

void
izp_api_error_body_free (IzpApiErrorBody *body)
{
  if (body == NULL)
    return;
  g_free (body->code);
  g_free (body->message);
  g_free (body->field);
  g_free (body);
}

static void
free_click_day (gpointer data)
{
  IzpApiClickDay *day = data;

  g_free (day->day);
  g_free (day);
}

/* Parses @data and checks that the root is an object. */
static JsonObject *
parse_root_object (const char  *data,
                   gsize        length,
                   JsonNode   **out_root,
                   GError     **error)
{
  g_autoptr(JsonNode) root = NULL;

  root = izp_json_parse_bounded (data, length, IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                   _("%s: an object is expected"), "$");
      return NULL;
    }

  *out_root = g_steal_pointer (&root);
  return json_node_get_object (*out_root);
}

IzpApiPage *
izp_api_decode_page (const IzpCollection  *collection,
                     const char           *data,
                     gsize                 length,
                     GError              **error)
{
  g_autoptr(IzpApiPage) page = g_new0 (IzpApiPage, 1);
  JsonObject *root;
  JsonArray *items;
  JsonNode *cursor;
  guint n;

  g_return_val_if_fail (collection != NULL, NULL);

  root = parse_root_object (data, length, &page->root, error);
  if (root == NULL)
    return NULL;

  items = izp_json_get_array (root, "data", "$", error);
  if (items == NULL)
    return NULL;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      g_autofree char *path = izp_json_path_index ("$.data", i);
      JsonObject *item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an object is expected"), path);
          return NULL;
        }

      item = json_node_get_object (node);
      if (json_object_has_member (item, "deleted"))
        {
          const char *id;
          const char *updated_at;
          gboolean deleted;

          if (!izp_json_get_bool (item, "deleted", path, &deleted, error) ||
              !izp_json_get_string (item, "id", path, FALSE, &id, error) ||
              !izp_json_get_string (item, "updated_at", path, FALSE, &updated_at, error))
            return NULL;

          if (deleted)
            {
              g_autofree char *at_path = izp_json_path_member (path, "updated_at");

              if (*id == '\0')
                {
                  g_autofree char *id_path = izp_json_path_member (path, "id");

                  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                               _("%s: an identifier is expected"), id_path);
                  return NULL;
                }
              if (!izp_instant_is_valid (updated_at))
                {
                  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                               _("%s: an RFC 3339 instant is expected"), at_path);
                  return NULL;
                }
              continue;
            }
        }

      if (!izp_schema_validate (collection->fields, item, path, error))
        return NULL;
    }

  cursor = json_object_get_member (root, "next_cursor");
  if (cursor != NULL && !JSON_NODE_HOLDS_NULL (cursor))
    {
      const char *value;

      if (!izp_json_get_string (root, "next_cursor", "$", TRUE, &value, error))
        return NULL;
      if (value == NULL || *value == '\0' || strlen (value) > 4096)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: a valid cursor is expected"), "$.next_cursor");
          return NULL;
        }
      page->next_cursor = g_strdup (value);
    }

  page->items = items;
  return g_steal_pointer (&page);
}

IzpApiTokens *
izp_api_decode_tokens (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(IzpApiTokens) tokens = g_new0 (IzpApiTokens, 1);
  JsonObject *root;
  const char *access_token;
  const char *refresh_token = NULL;
  const char *token_type;
  gint64 expires_in = 3600;
  gboolean is_null = FALSE;

  root = parse_root_object (data, length, &node, error);
  if (root == NULL)
    return NULL;

  if (!izp_json_get_string (root, "access_token", "$", FALSE, &access_token, error) ||
      !izp_json_get_string (root, "token_type", "$", FALSE, &token_type, error))
    return NULL;

  if (*access_token == '\0' || strlen (access_token) > 4096)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: a token is expected"), "$.access_token");
      return NULL;
    }
  if (g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: \"Bearer\" is expected"), "$.token_type");
      return NULL;
    }

  if (json_object_has_member (root, "expires_in") &&
      !izp_json_get_int (root, "expires_in", "$", TRUE, &expires_in, &is_null, error))
    return NULL;
  if (is_null)
    expires_in = 3600;
  if (expires_in < 0)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: a positive number is expected"), "$.expires_in");
      return NULL;
    }

  if (json_object_has_member (root, "refresh_token") &&
      !izp_json_get_string (root, "refresh_token", "$", TRUE, &refresh_token, error))
    return NULL;
  if (refresh_token != NULL && (*refresh_token == '\0' || strlen (refresh_token) > 4096))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: a token is expected"), "$.refresh_token");
      return NULL;
    }

  tokens->access_token = g_strdup (access_token);
  tokens->refresh_token = g_strdup (refresh_token);
  tokens->expires_in = expires_in;
  return g_steal_pointer (&tokens);
}

IzpApiErrorBody *
izp_api_decode_error_body (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(IzpApiErrorBody) body = g_new0 (IzpApiErrorBody, 1);
  JsonObject *root;
  JsonObject *inner;
  const char *code;
  const char *message = NULL;
  const char *field = NULL;

  root = parse_root_object (data, length, &node, error);
  if (root == NULL)
    return NULL;

  inner = izp_json_get_object (root, "error", "$", FALSE, error);
  if (inner == NULL)
    return NULL;

  if (!izp_json_get_string (inner, "code", "$.error", FALSE, &code, error))
    return NULL;
  if (json_object_has_member (inner, "message") &&
      !izp_json_get_string (inner, "message", "$.error", TRUE, &message, error))
    return NULL;
  if (json_object_has_member (inner, "field") &&
      !izp_json_get_string (inner, "field", "$.error", TRUE, &field, error))
    return NULL;

  body->code = g_strdup (code);
  body->message = g_strdup (message);
  body->field = g_strdup (field);
  return g_steal_pointer (&body);
}

/* The object under @wrapper when the body is wrapped, else the root itself. */
static JsonObject *
decode_document (const char      *data,
                 gsize            length,
                 const char      *wrapper,
                 const IzpField  *fields,
                 GError         **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonObject *object;
  g_autofree char *path = NULL;

  root = parse_root_object (data, length, &node, error);
  if (root == NULL)
    return NULL;

  if (json_object_has_member (root, wrapper))
    {
      object = izp_json_get_object (root, wrapper, "$", FALSE, error);
      if (object == NULL)
        return NULL;
      path = izp_json_path_member ("$", wrapper);
    }
  else
    {
      object = root;
      path = g_strdup ("$");
    }

  if (!izp_schema_validate (fields, object, path, error))
    return NULL;

  return json_object_ref (object);
}

JsonObject *
izp_api_decode_partner (const char  *data,
                        gsize        length,
                        GError     **error)
{
  return decode_document (data, length, "partner", izp_schema_get_partner_fields (), error);
}

JsonObject *
izp_api_decode_leaderboard (const char  *data,
                            gsize        length,
                            GError     **error)
{
  return decode_document (data, length, "leaderboard",
                          izp_schema_get_leaderboard_fields (), error);
}

JsonObject *
izp_api_decode_link (const char  *data,
                     gsize        length,
                     GError     **error)
{
  const IzpCollection *links = izp_schema_get_collection (IZP_COLLECTION_REFERRAL_LINKS);

  return decode_document (data, length, "referral_link", links->fields, error);
}

GPtrArray *
izp_api_decode_clicks (const char  *data,
                       gsize        length,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func (free_click_day);
  JsonObject *root;
  JsonArray *array;
  guint n;

  root = parse_root_object (data, length, &node, error);
  if (root == NULL)
    return NULL;

  array = izp_json_get_array (root, "data", "$", error);
  if (array == NULL)
    return NULL;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *path = izp_json_path_index ("$.data", i);
      IzpApiClickDay day = { NULL, 0, 0, 0 };
      const char *text;
      JsonObject *object;
      IzpDate date;
      gboolean is_null;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an object is expected"), path);
          return NULL;
        }
      object = json_node_get_object (element);

      if (!izp_json_get_string (object, "day", path, FALSE, &text, error) ||
          !izp_json_get_int (object, "clicks", path, FALSE, &day.clicks, &is_null, error) ||
          !izp_json_get_int (object, "unique", path, FALSE, &day.unique, &is_null, error) ||
          !izp_json_get_int (object, "suspected_bots", path, FALSE, &day.suspected_bots,
                             &is_null, error))
        return NULL;

      if (!izp_date_parse (text, &date))
        {
          g_autofree char *day_path = izp_json_path_member (path, "day");

          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: a date YYYY-MM-DD is expected"), day_path);
          return NULL;
        }
      if (day.clicks < 0 || day.unique < 0 || day.suspected_bots < 0)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: counts cannot be negative"), path);
          return NULL;
        }

      day.day = g_strdup (text);
      g_ptr_array_add (days, g_memdup2 (&day, sizeof day));
    }

  return g_steal_pointer (&days);
}
