/* fuzz-api.c — every decoder of the API client's bodies
 *
 * The first byte picks the decoder (page, tokens, error body, partner,
 * leaderboard, clicks), the second the collection for a page; the rest is
 * the body as the network would give it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stddef.h>
#include <stdint.h>

#include "izp-api-decode.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *body;
  gsize length;
  GError *error = NULL;

  if (size < 2)
    return 0;

  body = (const char *) data + 2;
  length = size - 2;

  switch (data[0] % 6)
    {
    case 0:
      {
        const IzpCollection *collection = izp_schema_get_collection ((data[1] + 9 - ('0' % 9)) % IZP_N_COLLECTIONS);
        IzpApiPage *page = izp_api_decode_page (collection, body, length, &error);

        g_assert ((page == NULL) == (error != NULL));
        izp_api_page_free (page);
      }
      break;

    case 1:
      izp_api_tokens_free (izp_api_decode_tokens (body, length, &error));
      break;

    case 2:
      izp_api_error_body_free (izp_api_decode_error_body (body, length, &error));
      break;

    case 3:
      {
        JsonObject *object = izp_api_decode_partner (body, length, &error);

        g_assert ((object == NULL) == (error != NULL));
        g_clear_pointer (&object, json_object_unref);
      }
      break;

    case 4:
      {
        JsonObject *object = izp_api_decode_leaderboard (body, length, &error);

        g_assert ((object == NULL) == (error != NULL));
        g_clear_pointer (&object, json_object_unref);
      }
      break;

    default:
      {
        GPtrArray *days = izp_api_decode_clicks (body, length, &error);

        g_assert ((days == NULL) == (error != NULL));
        g_clear_pointer (&days, g_ptr_array_unref);
      }
      break;
    }

  g_clear_error (&error);
  return 0;
}
