/* test-json.c — bounded parsing and typed getters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "izp-json.h"

static JsonNode *
parse (const char  *text,
       GError     **error)
{
  return izp_json_parse_bounded (text, strlen (text), IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, error);
}

static void
assert_parse_fails (const char   *text,
                    gsize         length,
                    IzpJsonError  code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = izp_json_parse_bounded (text, length, IZP_JSON_MAX_BODY_BYTES,
                                 IZP_JSON_MAX_DEPTH, &error);
  g_assert_null (node);
  g_assert_error (error, IZP_JSON_ERROR, (int) code);
}

static void
test_parse_ok (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  node = parse ("{\"a\": [1, 2.5, \"x\", true, null, {\"b\": -3}], \"c\": \"[{]\\\"\"}", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "a")), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (object, "c"), ==, "[{]\"");
}

static void
test_parse_not_nul_terminated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char text[] = "[1, 2]garbage";

  node = izp_json_parse_bounded (text, 6, 100, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
}

static void
test_parse_escapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = parse ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (node), 0), ==,
                   "\"\\/\b\f\n\r\té\xf0\x9f\x98\x80");
}

static void
test_parse_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *text = "[1, 2, 3]";

  node = izp_json_parse_bounded (text, strlen (text), 8, 32, &error);
  g_assert_null (node);
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TOO_LARGE);
  g_clear_error (&error);

  node = izp_json_parse_bounded (text, strlen (text), 9, 32, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static char *
make_nested (guint depth,
             gboolean objects)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append (text, objects ? "{\"a\":" : "[");
  g_string_append (text, "0");
  for (i = 0; i < depth; i++)
    g_string_append_c (text, objects ? '}' : ']');
  return g_string_free (text, FALSE);
}

static void
test_parse_too_deep (void)
{
  g_autofree char *arrays = NULL;
  g_autofree char *objects = NULL;
  g_autofree char *at_cap = make_nested (IZP_JSON_MAX_DEPTH, FALSE);
  g_autofree char *over_cap = make_nested (IZP_JSON_MAX_DEPTH + 1, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GString *open_only = g_string_new (NULL);
  guint i;

  /* 100 000 levels would overflow json-glib's stack: refused before it. */
  for (i = 0; i < 100000; i++)
    g_string_append_c (open_only, '[');
  assert_parse_fails (open_only->str, open_only->len, IZP_JSON_ERROR_TOO_DEEP);
  g_string_free (open_only, TRUE);

  arrays = make_nested (100000, FALSE);
  assert_parse_fails (arrays, strlen (arrays), IZP_JSON_ERROR_TOO_DEEP);
  objects = make_nested (100000, TRUE);
  assert_parse_fails (objects, strlen (objects), IZP_JSON_ERROR_TOO_DEEP);

  assert_parse_fails (over_cap, strlen (over_cap), IZP_JSON_ERROR_TOO_DEEP);
  node = parse (at_cap, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
}

static void
test_parse_brackets_in_strings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  GString *text = g_string_new ("{\"s\": \"");
  guint i;

  /* Brackets inside strings, even after escaped quotes, do not count. */
  g_string_append (text, "\\\"\\\\");
  for (i = 0; i < 1000; i++)
    g_string_append (text, "[{");
  g_string_append (text, "\"}");
  node = parse (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "s")), ==, 2002);
  g_string_free (text, TRUE);
}

static void
test_parse_not_strict_json (void)
{
  GString *text;
  guint i;

  assert_parse_fails ("", 0, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("   ", 3, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("{\"a\": 1", 7, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("{\"a\": 1}}", 9, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[1] /* comment */", 17, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("['single']", 10, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[nope]", 6, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("{\"a\": \"unterminated}", 20, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"tab\there\"]", 12, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"nul\\u0000\"]", 13, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\udfff\"]", 10, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\ud800\"]", 10, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\ud800\\u0041\"]", 16, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\ux082\"]", 10, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\q\"]", 6, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\\u12\"]", 8, IZP_JSON_ERROR_SYNTAX);

  /* A quote hidden in a comment or a single-quoted string must not hide the
   * nesting from the depth scan. */
  text = g_string_new ("['\"', ");
  for (i = 0; i < 100000; i++)
    g_string_append_c (text, '[');
  assert_parse_fails (text->str, text->len, IZP_JSON_ERROR_SYNTAX);
  g_string_free (text, TRUE);
}

static void
test_parse_invalid_utf8 (void)
{
  assert_parse_fails ("[\"caf\xc3\"]", 8, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\xff\"]", 5, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[\"\xed\xa0\x80\"]", 7, IZP_JSON_ERROR_SYNTAX);   /* surrogate */
  assert_parse_fails ("[1,\0 2]", 7, IZP_JSON_ERROR_SYNTAX);
}

static void
test_parse_integers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  node = parse ("[9223372036854775807, -9223372036854775808, 1245.10, 1e3]", &error);
  g_assert_no_error (error);
  array = json_node_get_array (node);
  g_assert_cmpint (json_array_get_int_element (array, 0), ==, G_MAXINT64);
  g_assert_cmpint (json_array_get_int_element (array, 1), ==, G_MININT64);
  g_assert_true (json_node_get_value_type (json_array_get_element (array, 2)) == G_TYPE_DOUBLE);

  /* json-glib would wrap these silently. */
  assert_parse_fails ("[9223372036854775808]", 21, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[-9223372036854775809]", 22, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[123456789012345678901234567890]", 32, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[-]", 3, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[1e999]", 7, IZP_JSON_ERROR_SYNTAX);
  assert_parse_fails ("[-1.5e400]", 10, IZP_JSON_ERROR_SYNTAX);
}

static void
test_parse_big (void)
{
  g_autoptr(GString) text = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start;
  guint i;

  for (i = 0; i < 50000; i++)
    g_string_append_printf (text, "%s{\"id\":\"inv_%06u\",\"amount_cents\":%u,"
                            "\"label\":\"Société « %u »\"}", i ? "," : "", i, i * 7, i);
  g_string_append_c (text, ']');

  start = g_get_monotonic_time ();
  node = izp_json_parse_bounded (text->str, text->len, 64 * 1024 * 1024, 32, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 50000);
  g_test_message ("parsed %" G_GSIZE_FORMAT " bytes in %.1f ms", text->len,
                  (g_get_monotonic_time () - start) / 1000.0);
}

static JsonObject *
get_object (JsonNode *node)
{
  return json_node_get_object (node);
}

static void
test_getters (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse ("{\"s\": \"text\", \"i\": 42, \"d\": 1245.10, \"n\": null,"
                                    " \"b\": true, \"o\": {\"x\": 1}, \"a\": [1],"
                                    " \"is\": \"12\"}", NULL);
  JsonObject *object = get_object (node);
  const char *text;
  gint64 value;
  gboolean is_null;
  gboolean flag;

  g_assert_true (izp_json_get_string (object, "s", "$.x", FALSE, &text, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "text");

  g_assert_true (izp_json_get_string (object, "n", "$.x", TRUE, &text, &error));
  g_assert_no_error (error);
  g_assert_null (text);

  g_assert_false (izp_json_get_string (object, "n", "$.x", FALSE, &text, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "$.x.n: a value is expected, not null");
  g_clear_error (&error);

  g_assert_false (izp_json_get_string (object, "i", "$.x", FALSE, &text, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "$.x.i: a string is expected");
  g_clear_error (&error);

  g_assert_false (izp_json_get_string (object, "missing", "$.clients[3]", FALSE, &text, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING);
  g_assert_cmpstr (error->message, ==, "$.clients[3].missing: this member is missing");
  g_clear_error (&error);

  g_assert_true (izp_json_get_int (object, "i", "$", FALSE, &value, &is_null, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value, ==, 42);
  g_assert_false (is_null);

  g_assert_true (izp_json_get_int (object, "n", "$", TRUE, &value, &is_null, &error));
  g_assert_no_error (error);
  g_assert_true (is_null);

  /* A double is not an integer, nor is a string of digits. */
  g_assert_false (izp_json_get_int (object, "d", "$.clients[3]", FALSE, &value, NULL, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "$.clients[3].d: an integer is expected");
  g_clear_error (&error);
  g_assert_false (izp_json_get_int (object, "is", "$", FALSE, &value, NULL, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_false (izp_json_get_int (object, "b", "$", FALSE, &value, NULL, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_true (izp_json_get_bool (object, "b", "$", &flag, &error));
  g_assert_no_error (error);
  g_assert_true (flag);
  g_assert_false (izp_json_get_bool (object, "i", "$", &flag, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_false (izp_json_get_bool (object, "n", "$", &flag, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);

  g_assert_nonnull (izp_json_get_object (object, "o", "$", FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (izp_json_get_object (object, "n", "$", TRUE, &error));
  g_assert_no_error (error);
  g_assert_null (izp_json_get_object (object, "a", "$", TRUE, &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_assert_cmpstr (error->message, ==, "$.a: an object is expected");
  g_clear_error (&error);

  g_assert_nonnull (izp_json_get_array (object, "a", "$", &error));
  g_assert_no_error (error);
  g_assert_null (izp_json_get_array (object, "o", "$", &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);
  g_assert_null (izp_json_get_array (object, "n", "$", &error));
  g_assert_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE);
  g_clear_error (&error);
}

static void
test_paths (void)
{
  g_autofree char *member = izp_json_path_member ("$.clients[3]", "contact");
  g_autofree char *index = izp_json_path_index ("$.clients", 3);
  g_autofree char *root = izp_json_path_member (NULL, "partner");
  g_autofree char *odd = izp_json_path_member ("$", "a \"b\"");

  g_assert_cmpstr (member, ==, "$.clients[3].contact");
  g_assert_cmpstr (index, ==, "$.clients[3]");
  g_assert_cmpstr (root, ==, "$.partner");
  g_assert_cmpstr (odd, ==, "$[\"a \\\"b\\\"\"]");
}

static void
test_to_string_round_trip (void)
{
  const char *text = "{\"a\":[1,-2,true,null,\"é\\\"\\n\"],\"b\":{\"c\":\"\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse (text, &error);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *null_text = izp_json_to_string (NULL);

  g_assert_no_error (error);
  out = izp_json_to_string (node);
  g_assert_null (strchr (out, ' '));
  again = parse (out, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
  g_assert_cmpstr (null_text, ==, "null");
}

static void
test_to_string_doubles (void)
{
  const char *text = "[1e22,1e-05,1245.1,0.1,-2.5,123456789.123456789,1.7976931348623157e308,5e-324]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse (text, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  out = izp_json_to_string (node);
  g_assert_cmpstr (out, ==, "[1e+22,1e-05,1245.1,0.1,-2.5,123456789.12345679,"
                            "1.7976931348623157e+308,4.94065645841247e-324]");
  again = parse (out, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (node, again));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/parse/ok", test_parse_ok);
  g_test_add_func ("/json/parse/not-nul-terminated", test_parse_not_nul_terminated);
  g_test_add_func ("/json/parse/too-large", test_parse_too_large);
  g_test_add_func ("/json/parse/escapes", test_parse_escapes);
  g_test_add_func ("/json/parse/too-deep", test_parse_too_deep);
  g_test_add_func ("/json/parse/brackets-in-strings", test_parse_brackets_in_strings);
  g_test_add_func ("/json/parse/not-strict-json", test_parse_not_strict_json);
  g_test_add_func ("/json/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/json/parse/integers", test_parse_integers);
  g_test_add_func ("/json/parse/big", test_parse_big);
  g_test_add_func ("/json/getters", test_getters);
  g_test_add_func ("/json/paths", test_paths);
  g_test_add_func ("/json/to-string", test_to_string_round_trip);
  g_test_add_func ("/json/to-string/doubles", test_to_string_doubles);

  return g_test_run ();
}
