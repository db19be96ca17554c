/* fuzz-statement-lines.c — the store's scanner of a statement's lines
 *
 * izp_store_scan_statement_lines() on any text: it must never read past
 * the end, and when it accepts the text, json-glib must read the same
 * lines from it (an array of objects with the same kind, ref and
 * amount_cents, in order); when it refuses, nothing may be appended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "izp-store-query.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (IzpStatementLine));
  GStringChunk *strings = g_string_chunk_new (256);
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *array;

  if (!izp_store_scan_statement_lines (strings, text, lines))
    {
      g_assert_cmpuint (lines->len, ==, 0);
      g_string_chunk_free (strings);
      return 0;
    }

  /* SQLite's JSON takes bytes as they are; json-glib wants UTF-8. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_string_chunk_free (strings);
      return 0;
    }
  parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    {
      const IzpStatementLine *line = &g_array_index (lines, IzpStatementLine, i);
      JsonObject *object = json_array_get_object_element (array, i);
      IzpLedgerKind kind;

      g_assert_nonnull (object);
      g_assert_true (izp_ledger_kind_from_string (json_object_get_string_member (object, "kind"), &kind));
      g_assert_cmpint (kind, ==, line->kind);
      g_assert_cmpstr (json_object_get_string_member (object, "ref"), ==, line->ref);
      g_assert_cmpint (json_object_get_int_member (object, "amount_cents"), ==, line->amount_cents);
    }
  g_string_chunk_free (strings);
  return 0;
}
