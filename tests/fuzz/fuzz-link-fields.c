/* fuzz-link-fields.c — the new link form's validator
 *
 * The input is the eight fields of a new link, separated by NUL bytes, as
 * a partner (or a pasted text) could type them. Whatever the bytes, the
 * validator answers with a message and never crashes; what it accepts the
 * contract's predicates accept too, its body serialises to JSON that parses
 * back to the same fields, and a refusal names a real field. Invariants
 * that fail abort, so libFuzzer reports them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "izp-json.h"
#include "izp-link-draft.h"
#include "izp-schema.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_accepted (const IzpLinkDraft *draft)
{
  g_autoptr(JsonObject) body = izp_link_draft_to_body (draft);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) back = NULL;
  g_autofree char *text = NULL;
  IzpLinkDraft again = { { NULL } };
  const char *campaign = draft->values[IZP_LINK_FIELD_CAMPAIGN];
  const char *slug = draft->values[IZP_LINK_FIELD_SLUG];
  const char *email = draft->values[IZP_LINK_FIELD_EMAIL];

  g_assert (izp_link_text_is_clean (draft->values[IZP_LINK_FIELD_LABEL]));
  g_assert (g_utf8_strlen (draft->values[IZP_LINK_FIELD_LABEL], -1) <= IZP_LINK_LABEL_MAX_CHARS);
  g_assert (g_strv_contains (izp_schema_get_channel_values (), draft->values[IZP_LINK_FIELD_CHANNEL]));
  g_assert (campaign == NULL || campaign[0] == '\0' || izp_link_slug_is_valid (campaign));
  g_assert (slug == NULL || slug[0] == '\0' || izp_link_slug_is_valid (slug));
  g_assert (email == NULL || email[0] == '\0' || izp_link_email_is_valid (email));

  json_node_set_object (node, body);
  text = izp_json_to_string (node);
  back = izp_json_parse_bounded (text, strlen (text), IZP_JSON_MAX_BODY_BYTES, IZP_JSON_MAX_DEPTH, NULL);
  g_assert (back != NULL && JSON_NODE_HOLDS_OBJECT (back));

  izp_link_draft_init_from_body (&again, json_node_get_object (back));
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      const char *want = draft->values[i] != NULL && draft->values[i][0] != '\0' ? draft->values[i] : NULL;

      g_assert (g_strcmp0 (again.values[i], want) == 0);
    }
  izp_link_draft_clear (&again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  IzpLinkDraft draft = { { NULL } };
  g_autoptr(GError) error = NULL;
  const char *start = (const char *) data;
  const char *end = start + size;
  guint field = 0;

  if (size > 64 * 1024)
    return 0;

  /* Fields split on NUL bytes; missing ones stay NULL. */
  while (field < IZP_LINK_N_FIELDS && start <= end)
    {
      const char *nul = memchr (start, '\0', end - start);
      const char *stop = nul != NULL ? nul : end;

      draft.values[field++] = g_strndup (start, stop - start);
      if (nul == NULL)
        break;
      start = nul + 1;
    }

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      g_autoptr(GError) field_error = NULL;

      if (!izp_link_field_validate (i, draft.values[i], &field_error))
        {
          g_assert (field_error != NULL && field_error->domain == IZP_LINK_ERROR);
          g_assert (field_error->code == (int) i);
          g_assert (g_utf8_validate (field_error->message, -1, NULL));
        }
      else
        g_assert (field_error == NULL);
    }

  if (izp_link_draft_validate (&draft, &error))
    check_accepted (&draft);
  else
    g_assert (error != NULL && error->code >= 0 && error->code < IZP_LINK_N_FIELDS);

  izp_link_draft_clear (&draft);
  return 0;
}
