/* izp-json.h — defensive reading of JSON from outside
 *
 * Every body from the network and every dataset file goes through here: its
 * size and nesting depth are capped *before* json-glib sees it (json-glib
 * overflows its stack on deep nesting), and every member is read with its type
 * checked. Errors name the JSON path of the offending value, in French.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IZP_JSON_ERROR (izp_json_error_quark ())

typedef enum
{
  IZP_JSON_ERROR_TOO_LARGE,   /* over the byte cap */
  IZP_JSON_ERROR_TOO_DEEP,    /* over the nesting cap */
  IZP_JSON_ERROR_SYNTAX,      /* not JSON, or not UTF-8 */
  IZP_JSON_ERROR_MISSING,     /* a required member is absent */
  IZP_JSON_ERROR_TYPE,        /* a member has the wrong JSON type */
  IZP_JSON_ERROR_VALUE,       /* right type, invalid value (bad date, unknown enum, …) */
  IZP_JSON_ERROR_REFERENCE,   /* an id that refers to nothing */
} IzpJsonError;

/* Caps for network bodies; dataset files pass their own. */
#define IZP_JSON_MAX_BODY_BYTES  (32 * 1024 * 1024)
#define IZP_JSON_MAX_DEPTH       32

GQuark      izp_json_error_quark    (void);

/* Parses @data (not necessarily NUL-terminated) after checking its length
 * against @max_bytes and its bracket nesting against @max_depth. */
JsonNode   *izp_json_parse_bounded  (const char   *data,
                                     gsize         length,
                                     gsize         max_bytes,
                                     guint         max_depth,
                                     GError      **error);

/* Typed member getters. @path is the JSON path of @object (`$.clients[3]`),
 * used in the error message. A member that is missing, or null when
 * @nullable is FALSE, is an error; a null with @nullable TRUE gives
 * NULL / %FALSE in @out_is_null. */
gboolean    izp_json_get_string     (JsonObject   *object,
                                     const char   *member,
                                     const char   *path,
                                     gboolean      nullable,
                                     const char  **out_value,
                                     GError      **error);
gboolean    izp_json_get_int        (JsonObject   *object,
                                     const char   *member,
                                     const char   *path,
                                     gboolean      nullable,
                                     gint64       *out_value,
                                     gboolean     *out_is_null,
                                     GError      **error);
gboolean    izp_json_get_bool       (JsonObject   *object,
                                     const char   *member,
                                     const char   *path,
                                     gboolean     *out_value,
                                     GError      **error);
JsonObject *izp_json_get_object     (JsonObject   *object,
                                     const char   *member,
                                     const char   *path,
                                     gboolean      nullable,
                                     GError      **error);
JsonArray  *izp_json_get_array      (JsonObject   *object,
                                     const char   *member,
                                     const char   *path,
                                     GError      **error);

/* `$.clients[3]` + `contact` → `$.clients[3].contact`. */
char       *izp_json_path_member    (const char   *path,
                                     const char   *member);
char       *izp_json_path_index     (const char   *path,
                                     guint         index);

/* Compact serialisation that round-trips through izp_json_parse_bounded(). */
char       *izp_json_to_string      (JsonNode     *node);

/* Appends @text (@length bytes, or NUL-terminated if -1) as a quoted JSON
 * string to @out: for building JSON by hand without json-glib trees. */
void        izp_json_append_string  (GString      *out,
                                     const char   *text,
                                     gssize        length);

G_END_DECLS
