/* izp-link-draft.c — a referral link as the partner types it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-link-draft.h"
#include "izp-schema.h"

G_DEFINE_QUARK (izp-link-error-quark, izp_link_error)

typedef struct
{
  const char *key;        /* the API's member */
  const char *title;      /* the form's label, translated at use */
  gboolean    required;
} FieldInfo;

static const FieldInfo fields[IZP_LINK_N_FIELDS] = {
  [IZP_LINK_FIELD_LABEL] = { "label", N_("Label"), TRUE },
  [IZP_LINK_FIELD_CHANNEL] = { "channel", N_("Channel"), TRUE },
  [IZP_LINK_FIELD_CAMPAIGN] = { "campaign", N_("Campaign"), FALSE },
  [IZP_LINK_FIELD_SLUG] = { "slug", N_("Link name"), FALSE },
  [IZP_LINK_FIELD_FIRST_NAME] = { "prospect.first_name", N_("First name"), FALSE },
  [IZP_LINK_FIELD_LAST_NAME] = { "prospect.last_name", N_("Last name"), FALSE },
  [IZP_LINK_FIELD_COMPANY] = { "prospect.company", N_("Company"), FALSE },
  [IZP_LINK_FIELD_EMAIL] = { "prospect.email", N_("Prospect’s e-mail"), FALSE },
};

const char *
izp_link_field_get_key (IzpLinkField field)
{
  g_return_val_if_fail (field < IZP_LINK_N_FIELDS, NULL);
  return fields[field].key;
}

const char *
izp_link_field_get_title (IzpLinkField field)
{
  g_return_val_if_fail (field < IZP_LINK_N_FIELDS, NULL);
  return _(fields[field].title);
}

gboolean
izp_link_field_is_required (IzpLinkField field)
{
  g_return_val_if_fail (field < IZP_LINK_N_FIELDS, FALSE);
  return fields[field].required;
}

/* ------------------------------------------------------------------ */
/* The contract's predicates */

gboolean
izp_link_text_is_clean (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* C0, DEL and C1: tabs and line breaks too. */
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_slug_char (char     c,
              gboolean first)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && c == '-');
}

gboolean
izp_link_slug_is_valid (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > IZP_LINK_SLUG_MAX_BYTES)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!is_slug_char (text[i], i == 0))
      return FALSE;
  return TRUE;
}

gboolean
izp_link_email_is_valid (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;
  gsize len = strlen (text);

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || len > 254
      || (gsize) (at - text) > 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || strchr ("()<>[]:;,\\\"", *p) != NULL)
        return FALSE;
    }
  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strstr (at + 1, "..") != NULL
      || text[0] == '.' || at[-1] == '.')
    return FALSE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Validation with messages */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
refuse (GError       **error,
        IzpLinkField   field,
        const char    *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError       **error,
        IzpLinkField   field,
        const char    *format,
        ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: a field of the new link form, then why it is refused. */
  g_set_error (error, IZP_LINK_ERROR, field, _("%s: %s"),
               izp_link_field_get_title (field), reason);
  return FALSE;
}

static gboolean
check_slug (IzpLinkField   field,
            const char    *value,
            GError       **error)
{
  if (strlen (value) > IZP_LINK_SLUG_MAX_BYTES)
    return refuse (error, field, _("at most %d characters."), IZP_LINK_SLUG_MAX_BYTES);

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char shown[8] = { 0 };

      if (c < 0x80 && is_slug_char ((char) c, p == value))
        continue;
      if (c == '-')
        return refuse (error, field, _("it must start with a letter or a digit."));
      if (g_unichar_isspace (c))
        return refuse (error, field,
                       _("no spaces; join the words with hyphens, for example “facturation-2026”."));
      if (g_unichar_isupper (c))
        return refuse (error, field, _("lowercase letters only."));
      g_unichar_to_utf8 (c, shown);
      return refuse (error, field,
                     _("“%s” is not allowed: use lowercase letters without accents, digits "
                       "and hyphens."), shown);
    }
  return TRUE;
}

static gboolean
check_length (IzpLinkField   field,
              const char    *value,
              glong          max_chars,
              GError       **error)
{
  glong n_chars = g_utf8_strlen (value, -1);

  if (n_chars > max_chars)
    return refuse (error, field, _("at most %ld characters (%ld typed)."), max_chars, n_chars);
  return TRUE;
}

gboolean
izp_link_field_validate (IzpLinkField   field,
                         const char    *value,
                         GError       **error)
{
  g_return_val_if_fail (field < IZP_LINK_N_FIELDS, FALSE);

  if (value == NULL || value[0] == '\0')
    {
      if (field == IZP_LINK_FIELD_LABEL)
        return refuse (error, field, _("enter a label, for example the prospect’s company."));
      if (field == IZP_LINK_FIELD_CHANNEL)
        return refuse (error, field, _("choose how the link will be shared."));
      return TRUE;
    }

  if (!izp_link_text_is_clean (value))
    return refuse (error, field,
                   _("remove the invisible characters (tabs, line breaks or other "
                     "control characters)."));

  switch (field)
    {
    case IZP_LINK_FIELD_LABEL:
      if (is_blank (value))
        return refuse (error, field, _("enter a label, for example the prospect’s company."));
      return check_length (field, value, IZP_LINK_LABEL_MAX_CHARS, error);

    case IZP_LINK_FIELD_CHANNEL:
      if (!g_strv_contains (izp_schema_get_channel_values (), value))
        return refuse (error, field,
                       _("choose e-mail, LinkedIn, print, phone, event or other."));
      return TRUE;

    case IZP_LINK_FIELD_CAMPAIGN:
    case IZP_LINK_FIELD_SLUG:
      return check_slug (field, value, error);

    case IZP_LINK_FIELD_FIRST_NAME:
    case IZP_LINK_FIELD_LAST_NAME:
    case IZP_LINK_FIELD_COMPANY:
      return check_length (field, value, IZP_LINK_PROSPECT_MAX_CHARS, error);

    case IZP_LINK_FIELD_EMAIL:
      if (!izp_link_email_is_valid (value))
        return refuse (error, field,
                       _("“%s” is not a valid address; it should look like "
                         "name@company.fr."), value);
      return TRUE;

    case IZP_LINK_N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

gboolean
izp_link_draft_validate (const IzpLinkDraft  *draft,
                         GError             **error)
{
  g_return_val_if_fail (draft != NULL, FALSE);

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    if (!izp_link_field_validate (i, draft->values[i], error))
      return FALSE;
  return TRUE;
}

static gboolean
is_given (const char *value)
{
  return value != NULL && value[0] != '\0';
}

JsonObject *
izp_link_draft_to_body (const IzpLinkDraft *draft)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonObject) prospect = json_object_new ();

  g_return_val_if_fail (draft != NULL, NULL);

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      const char *key = fields[i].key;

      if (!is_given (draft->values[i]))
        continue;
      if (g_str_has_prefix (key, "prospect."))
        json_object_set_string_member (prospect, key + strlen ("prospect."), draft->values[i]);
      else
        json_object_set_string_member (body, key, draft->values[i]);
    }
  if (json_object_get_size (prospect) > 0)
    json_object_set_object_member (body, "prospect", g_steal_pointer (&prospect));

  return g_steal_pointer (&body);
}

void
izp_link_draft_init_from_body (IzpLinkDraft *draft,
                               JsonObject   *body)
{
  JsonObject *prospect = NULL;
  JsonNode *node;

  g_return_if_fail (draft != NULL && body != NULL);

  memset (draft, 0, sizeof *draft);
  node = json_object_get_member (body, "prospect");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    prospect = json_node_get_object (node);

  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    {
      const char *key = fields[i].key;
      JsonObject *object = body;

      if (g_str_has_prefix (key, "prospect."))
        {
          object = prospect;
          key += strlen ("prospect.");
        }
      if (object == NULL)
        continue;
      node = json_object_get_member (object, key);
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        draft->values[i] = g_strdup (json_node_get_string (node));
    }
}

void
izp_link_draft_set (IzpLinkDraft *draft,
                    IzpLinkField  field,
                    const char   *value)
{
  g_return_if_fail (draft != NULL && field < IZP_LINK_N_FIELDS);

  g_free (draft->values[field]);
  draft->values[field] = g_strdup (value);
}

void
izp_link_draft_clear (IzpLinkDraft *draft)
{
  for (guint i = 0; i < IZP_LINK_N_FIELDS; i++)
    g_clear_pointer (&draft->values[i], g_free);
}
