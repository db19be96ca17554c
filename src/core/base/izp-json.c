/* izp-json.c — defensive reading of JSON from outside
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "izp-json.h"

G_DEFINE_QUARK (izp-json-error-quark, izp_json_error)

static int
read_hex4 (const char *p)
{
  int value = 0;
  int k;

  for (k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* Length of the escape sequence at @p (which starts with a backslash), or 0
 * if JSON does not allow it. json-glib lets through unknown escapes and a
 * lone low surrogate, which it turns into invalid UTF-8. */
static gsize
scan_escape (const char *p,
             gsize       available)
{
  int unit, low;

  if (available < 2)
    return 0;
  if (strchr ("\"\\/bfnrt", p[1]) != NULL && p[1] != '\0')
    return 2;
  if (p[1] != 'u' || available < 6 || (unit = read_hex4 (p + 2)) < 0)
    return 0;
  if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return 0;
  if (unit < 0xd800 || unit > 0xdbff)
    return 6;
  /* A high surrogate needs its low half. */
  if (available < 12 || p[6] != '\\' || p[7] != 'u' ||
      (low = read_hex4 (p + 8)) < 0xdc00 || low > 0xdfff)
    return 0;
  return 12;
}

/* json-glib accepts more than JSON (comments, single quotes, bare words) and
 * recurses once per nesting level, so this scan runs first: it allows only
 * strict JSON tokens outside strings, counts the depth, refuses raw control
 * characters and \u0000 in strings (they would cut the C string short) and
 * integers that do not fit in 64 bits (json-glib wraps them silently). */
static gboolean
scan_json_text (const char  *data,
                gsize        length,
                guint        max_depth,
                GError     **error)
{
  guint depth = 0;
  gsize i = 0;

  while (i < length)
    {
      guchar c = (guchar) data[i];

      switch (c)
        {
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case ',':
        case ':':
          i++;
          break;

        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TOO_DEEP,
                           _("The JSON document is nested more than %u levels deep"),
                           max_depth);
              return FALSE;
            }
          i++;
          break;

        case ']':
        case '}':
          if (depth == 0)
            goto syntax;
          depth--;
          i++;
          break;

        case '"':
          i++;
          while (i < length && data[i] != '"')
            {
              guchar s = (guchar) data[i];

              if (s < 0x20)
                goto syntax;
              if (s == '\\')
                {
                  gsize escape_length = scan_escape (data + i, length - i);

                  if (escape_length == 0)
                    goto syntax;
                  i += escape_length;
                }
              else
                i++;
            }
          if (i >= length)
            goto syntax;
          i++;
          break;

        case '-':
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
          {
            gsize start = i;
            gsize n_digits = 0;
            gboolean is_integer = TRUE;

            if (c == '-')
              i++;
            while (i < length && g_ascii_isdigit (data[i]))
              {
                i++;
                n_digits++;
              }
            while (i < length && (g_ascii_isdigit (data[i]) || data[i] == '.' ||
                                  data[i] == 'e' || data[i] == 'E' ||
                                  data[i] == '+' || data[i] == '-'))
              {
                is_integer = FALSE;
                i++;
              }
            if (n_digits == 0)
              goto syntax;
            /* json-glib would hold 1e999 as inf, which it then writes out
             * as a word that is not JSON. */
            if (!is_integer)
              {
                char buffer[512];
                double value;

                if (i - start >= sizeof buffer)
                  goto syntax;
                memcpy (buffer, data + start, i - start);
                buffer[i - start] = '\0';
                value = g_ascii_strtod (buffer, NULL);
                if (!isfinite (value))
                  goto too_big;
              }
            if (is_integer && n_digits >= 19)
              {
                char buffer[32];
                gint64 value;
                char *end = NULL;

                if (i - start >= sizeof buffer)
                  goto too_big;
                memcpy (buffer, data + start, i - start);
                buffer[i - start] = '\0';
                errno = 0;
                value = g_ascii_strtoll (buffer, &end, 10);
                (void) value;
                if (errno == ERANGE)
                  goto too_big;
              }
          }
          break;

        case 't':
        case 'f':
        case 'n':
          {
            const char *word = c == 't' ? "true" : c == 'f' ? "false" : "null";
            gsize len = strlen (word);

            if (length - i < len || memcmp (data + i, word, len) != 0)
              goto syntax;
            i += len;
          }
          break;

        default:
          goto syntax;
        }
    }

  return TRUE;

too_big:
  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
               _("The JSON document holds a number out of range"));
  return FALSE;

syntax:
  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
               _("The document is not valid JSON (at byte %zu)"), (size_t) i);
  return FALSE;
}

/**
 * izp_json_parse_bounded:
 * @data: the text, not necessarily NUL-terminated
 * @length: its length in bytes
 * @max_bytes: the size cap
 * @max_depth: the nesting cap (arrays and objects)
 * @error: a #GError
 *
 * Returns: (transfer full): the root node, or %NULL with @error set
 *   (%IZP_JSON_ERROR_TOO_LARGE, %IZP_JSON_ERROR_TOO_DEEP or
 *   %IZP_JSON_ERROR_SYNTAX)
 */
JsonNode *
izp_json_parse_bounded (const char  *data,
                        gsize        length,
                        gsize        max_bytes,
                        guint        max_depth,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > max_bytes || length > G_MAXSSIZE)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TOO_LARGE,
                   _("The JSON document is larger than %zu bytes"),
                   (size_t) max_bytes);
      return NULL;
    }

  if (length == 0)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
                   _("The JSON document is empty"));
      return NULL;
    }

  /* Also refuses NUL bytes. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
                   _("The JSON document is not valid UTF-8"));
      return NULL;
    }

  if (!scan_json_text (data, length, max_depth, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
                   _("The document is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_SYNTAX,
                   _("The JSON document is empty"));
      return NULL;
    }

  return root;
}

static JsonNode *
lookup_member (JsonObject   *object,
               const char   *member,
               const char   *path,
               gboolean      nullable,
               gboolean     *out_is_null,
               GError      **error)
{
  JsonNode *node;

  *out_is_null = FALSE;

  node = object != NULL ? json_object_get_member (object, member) : NULL;
  if (node == NULL)
    {
      g_autofree char *member_path = izp_json_path_member (path, member);

      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING,
                   _("%s: this member is missing"), member_path);
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (!nullable)
        {
          g_autofree char *member_path = izp_json_path_member (path, member);

          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: a value is expected, not null"), member_path);
          return NULL;
        }
      *out_is_null = TRUE;
    }

  return node;
}

static void
set_type_error (GError     **error,
                const char  *path,
                const char  *member,
                const char  *format)
{
  g_autofree char *member_path = izp_json_path_member (path, member);

  /* @format is always one of the literal messages below. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE, format, member_path);
#pragma GCC diagnostic pop
}

static gboolean
node_holds_value_type (JsonNode *node,
                       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
izp_json_get_string (JsonObject   *object,
                     const char   *member,
                     const char   *path,
                     gboolean      nullable,
                     const char  **out_value,
                     GError      **error)
{
  JsonNode *node;
  gboolean is_null;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = NULL;
  node = lookup_member (object, member, path, nullable, &is_null, error);
  if (node == NULL)
    return FALSE;
  if (is_null)
    return TRUE;
  if (!node_holds_value_type (node, G_TYPE_STRING))
    {
      set_type_error (error, path, member, _("%s: a string is expected"));
      return FALSE;
    }

  *out_value = json_node_get_string (node);
  return TRUE;
}

gboolean
izp_json_get_int (JsonObject   *object,
                  const char   *member,
                  const char   *path,
                  gboolean      nullable,
                  gint64       *out_value,
                  gboolean     *out_is_null,
                  GError      **error)
{
  JsonNode *node;
  gboolean is_null;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = 0;
  if (out_is_null != NULL)
    *out_is_null = FALSE;

  node = lookup_member (object, member, path, nullable, &is_null, error);
  if (node == NULL)
    return FALSE;
  if (is_null)
    {
      if (out_is_null != NULL)
        *out_is_null = TRUE;
      return TRUE;
    }
  if (!node_holds_value_type (node, G_TYPE_INT64))
    {
      set_type_error (error, path, member, _("%s: an integer is expected"));
      return FALSE;
    }

  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
izp_json_get_bool (JsonObject   *object,
                   const char   *member,
                   const char   *path,
                   gboolean     *out_value,
                   GError      **error)
{
  JsonNode *node;
  gboolean is_null;

  g_return_val_if_fail (member != NULL, FALSE);
  g_return_val_if_fail (out_value != NULL, FALSE);

  *out_value = FALSE;
  node = lookup_member (object, member, path, FALSE, &is_null, error);
  if (node == NULL)
    return FALSE;
  if (!node_holds_value_type (node, G_TYPE_BOOLEAN))
    {
      set_type_error (error, path, member, _("%s: true or false is expected"));
      return FALSE;
    }

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

/**
 * izp_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member, or %NULL: with @error set
 *   on failure, without when the member is null and @nullable is %TRUE
 */
JsonObject *
izp_json_get_object (JsonObject   *object,
                     const char   *member,
                     const char   *path,
                     gboolean      nullable,
                     GError      **error)
{
  JsonNode *node;
  gboolean is_null;

  g_return_val_if_fail (member != NULL, NULL);

  node = lookup_member (object, member, path, nullable, &is_null, error);
  if (node == NULL || is_null)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_type_error (error, path, member, _("%s: an object is expected"));
      return NULL;
    }

  return json_node_get_object (node);
}

/**
 * izp_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member, or %NULL with @error set
 */
JsonArray *
izp_json_get_array (JsonObject   *object,
                    const char   *member,
                    const char   *path,
                    GError      **error)
{
  JsonNode *node;
  gboolean is_null;

  g_return_val_if_fail (member != NULL, NULL);

  node = lookup_member (object, member, path, FALSE, &is_null, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_type_error (error, path, member, _("%s: an array is expected"));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
is_identifier (const char *text)
{
  const char *p;

  if (text[0] == '\0' || g_ascii_isdigit (text[0]))
    return FALSE;
  for (p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

/**
 * izp_json_path_member:
 * @path: (nullable): the path of the object, `$` when %NULL
 * @member: a member name
 *
 * Returns: `path.member`, or `path["mem ber"]` for names that are not
 *   identifiers
 */
char *
izp_json_path_member (const char *path,
                      const char *member)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (member != NULL, NULL);

  if (path == NULL)
    path = "$";
  if (is_identifier (member))
    return g_strconcat (path, ".", member, NULL);

  out = g_string_new (path);
  g_string_append (out, "[\"");
  for (p = member; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append (out, "\"]");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
izp_json_path_index (const char *path,
                     guint       index)
{
  return g_strdup_printf ("%s[%u]", path != NULL ? path : "$", index);
}

/**
 * izp_json_append_string:
 * @out: where to write
 * @text: UTF-8 text
 * @length: its length in bytes, or -1 if NUL-terminated
 *
 * Appends @text as a JSON string literal, quotes included. Only what JSON
 * requires is escaped: the quote, the backslash and control characters.
 */
void
izp_json_append_string (GString    *out,
                        const char *text,
                        gssize      length)
{
  static const char hex[] = "0123456789abcdef";
  gsize run_start = 0;
  gsize len;
  gsize i;

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL || length == 0);

  len = length < 0 ? strlen (text) : (gsize) length;
  g_string_append_c (out, '"');
  for (i = 0; i < len; i++)
    {
      guchar c = (guchar) text[i];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, text + run_start, i - run_start);
      run_start = i + 1;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        default:
          g_string_append (out, "\\u00");
          g_string_append_c (out, hex[c >> 4]);
          g_string_append_c (out, hex[c & 0xf]);
          break;
        }
    }
  g_string_append_len (out, text + run_start, len - run_start);
  g_string_append_c (out, '"');
}

static void
append_node (GString  *out,
             JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        GList *l;

        g_string_append_c (out, '{');
        for (l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            izp_json_append_string (out, l->data, -1);
            g_string_append_c (out, ':');
            append_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint i, n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_STRING)
          izp_json_append_string (out, json_node_get_string (node), -1);
        else if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];
            double value = json_node_get_double (node);

            /* The fewest digits that read back as the same double; always
             * valid JSON (json-glib 1.6 writes 1e22 as "1e+22.0"). */
            g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
            if (g_ascii_strtod (buffer, NULL) != value)
              g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
            g_string_append (out, buffer);
          }
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/**
 * izp_json_to_string:
 * @node: (nullable): a node
 *
 * Returns: compact JSON (members in their order, no spaces); `null` for
 *   %NULL. Unlike json-glib's generator, every double comes out as valid
 *   JSON.
 */
char *
izp_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  if (node == NULL)
    g_string_append (out, "null");
  else
    append_node (out, node);
  return g_string_free (out, FALSE);
}
