/* fuzz-csv.c — the CSV writer on any company name and reference
 *
 * The input is split at its first NUL (or in the middle) into a company
 * name and a reference, which go into a ledger line and out through
 * izp_csv_write_ledger(). The output must read back — with a quote-aware
 * reader written here from RFC 4180 — as exactly two records of eight
 * fields, the name and the reference unchanged (but for the apostrophe that
 * keeps a formula-looking cell as text), CRLF-terminated, after a BOM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "izp-commission-csv.h"

/* Reads one field at *p; returns it, moves *p past the separator. */
static char *
read_field (const char **p,
            const char  *end,
            gboolean    *out_end_of_record)
{
  GString *field = g_string_new (NULL);

  if (*p < end && **p == '"')
    {
      (*p)++;
      for (;;)
        {
          g_assert (*p < end);
          if (**p == '"')
            {
              if (*p + 1 < end && (*p)[1] == '"')
                {
                  g_string_append_c (field, '"');
                  *p += 2;
                  continue;
                }
              (*p)++;
              break;
            }
          g_string_append_c (field, **p);
          (*p)++;
        }
    }
  else
    {
      while (*p < end && **p != ';' && **p != '\r')
        {
          /* Unquoted fields never hold a quote or a line break. */
          g_assert (**p != '"' && **p != '\n');
          g_string_append_c (field, **p);
          (*p)++;
        }
    }

  g_assert (*p < end);
  if (**p == ';')
    {
      (*p)++;
      *out_end_of_record = FALSE;
    }
  else
    {
      g_assert (*p + 1 < end && (*p)[0] == '\r' && (*p)[1] == '\n');
      *p += 2;
      *out_end_of_record = TRUE;
    }
  return g_string_free (field, FALSE);
}

static GPtrArray *
read_record (const char **p,
             const char  *end)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  gboolean done = FALSE;

  while (!done)
    g_ptr_array_add (fields, read_field (p, end, &done));
  return fields;
}

static void
assert_cell (const char *cell,
             const char *text)
{
  /* A cell that starts like a formula gets one leading apostrophe. */
  if (text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL)
    {
      g_assert_cmpint (cell[0], ==, '\'');
      cell++;
    }
  g_assert_cmpstr (cell, ==, text);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *copy = g_strndup ((const char *) data, size);
  gsize length = strlen (copy);
  gsize split = length == size ? length / 2 : length;
  g_autofree char *name = g_strndup (copy, split);
  g_autofree char *ref = length == size ? g_strdup (copy + split)
                                         : g_strndup ((const char *) data + length + 1, size - length - 1);
  g_autoptr(IzpLedger) ledger = izp_ledger_new ("EUR");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GPtrArray) record = NULL;
  const char *p;
  const char *end;

  /* Invalid UTF-8 does not come out of the store: SQLite text is UTF-8. */
  if (!g_utf8_validate (name, -1, NULL) || !g_utf8_validate (ref, -1, NULL) || ref[0] == '\0')
    return 0;

  g_hash_table_insert (names, (gpointer) "cli_1", name);
  izp_ledger_add_line (ledger, IZP_LEDGER_KIND_RECURRING_Y1, ref, "cli_1", izp_date_new (2028, 2, 29),
                       -123456, 2500, -30864);
  izp_csv_write_ledger (csv, ledger, NULL, 0, names);

  g_assert_true (g_str_has_prefix (csv->str, IZP_CSV_BOM));
  p = csv->str + strlen (IZP_CSV_BOM);
  end = csv->str + csv->len;
  header = read_record (&p, end);
  g_assert_cmpuint (header->len, ==, 8);
  record = read_record (&p, end);
  g_assert_cmpuint (record->len, ==, 8);
  g_assert_true (p == end);

  g_assert_cmpstr (g_ptr_array_index (record, 0), ==, "29/02/2028");
  if (name[0] != '\0')
    assert_cell (g_ptr_array_index (record, 1), name);
  assert_cell (g_ptr_array_index (record, 3), ref);
  g_assert_cmpstr (g_ptr_array_index (record, 4), ==, "-1234,56");
  g_assert_cmpstr (g_ptr_array_index (record, 5), ==, "25,00");
  g_assert_cmpstr (g_ptr_array_index (record, 6), ==, "-308,64");
  return 0;
}
