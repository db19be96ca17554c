/* fuzz-template-text.c — the placeholder parser and both renderers
 *
 * The input is template text as a user or the API could write it. The
 * first byte picks which fields get values, some of them hostile. Checks:
 * parsing gives a result or a GError; tokens cover the text in order; the
 * renderers never emit a raw `<` from a value nor a javascript: link.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "izp-template-text.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(IzpTemplateParse) parse = NULL;
  g_autoptr(IzpTemplateValues) values = izp_template_values_new ();
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autofree char *mailto = NULL;
  GError *error = NULL;
  gsize previous_end = 0;
  guint mask = size > 0 ? data[0] : 0;

  for (guint f = 0; f < IZP_N_FIELDS; f++)
    if (mask & (1u << (f % 8)))
      izp_template_values_set (values, f, f % 2 ? "<script>x</script>" : "javascript:alert(1)");

  parse = izp_template_parse ((const char *) data, size, &error);
  if (parse == NULL)
    {
      g_assert (error != NULL);
      g_error_free (error);
      return 0;
    }

  for (guint i = 0; i < izp_template_parse_get_n_tokens (parse); i++)
    {
      const IzpTemplateToken *token = izp_template_parse_get_token (parse, i);

      g_assert (token->start >= previous_end);
      g_assert (token->end > token->start);
      g_assert (token->end <= size);
      g_assert (token->line >= 1 && token->column >= 1);
      previous_end = token->end;
    }

  text = izp_template_render_text (parse, values, NULL);
  g_assert (g_utf8_validate (text, -1, NULL));
  html = izp_template_render_html (parse, values, NULL);
  g_assert (g_utf8_validate (html, -1, NULL));
  g_assert (strstr (html, "<script") == NULL);
  g_assert (strstr (html, "href=\"javascript:") == NULL);
  mailto = izp_template_mailto (NULL, text, text);
  for (const char *p = mailto; *p != '\0'; p++)
    g_assert ((guchar) *p > ' ' && (guchar) *p < 0x7f);
  return 0;
}
