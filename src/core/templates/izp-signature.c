/* izp-signature.c — the partner's e-mail signature
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-commission-engine.h"
#include "izp-signature.h"
#include "izp-template-text.h"

#define FONT_STACK "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"
#define ACCENT "#1d4ed8"

struct _IzpSignature
{
  char     *values[IZP_N_SIGNATURE_FIELDS];
  gboolean  badge;
};

static const struct
{
  const char *key;
  const char *settings_key;
  guint       max_length;
} field_info[IZP_N_SIGNATURE_FIELDS] = {
  { "name", "signature-name", 100 },
  { "title", "signature-title", 100 },
  { "cabinet", "signature-cabinet", 100 },
  { "email", "signature-email", 254 },
  { "phone", "signature-phone", 40 },
  { "website", "signature-website", 300 },
  { "logo_url", "signature-logo-url", 500 },
  { "tier", NULL, 40 },   /* from the account, not a setting */
  { "demo_link", "signature-demo-link", 500 },
};

int
izp_signature_field_lookup (const char *key)
{
  g_return_val_if_fail (key != NULL, -1);

  for (guint i = 0; i < IZP_N_SIGNATURE_FIELDS; i++)
    if (strcmp (key, field_info[i].key) == 0)
      return i;
  return -1;
}

const char *
izp_signature_field_key (IzpSignatureField field)
{
  g_return_val_if_fail (field < IZP_N_SIGNATURE_FIELDS, NULL);

  return field_info[field].key;
}

const char *
izp_signature_field_settings_key (IzpSignatureField field)
{
  g_return_val_if_fail (field < IZP_N_SIGNATURE_FIELDS, NULL);

  return field_info[field].settings_key;
}

guint
izp_signature_field_max_length (IzpSignatureField field)
{
  g_return_val_if_fail (field < IZP_N_SIGNATURE_FIELDS, 0);

  return field_info[field].max_length;
}

const char *
izp_signature_tier_label (const char *tier)
{
  /* Not izp_tier_get_label(): that is the UI's, in the user's language;
   * the badge is part of a French e-mail (IZP_TIER_* order). */
  static const char * const badge_labels[] = { "Référent", "Certifié", "Stratégique" };
  IzpTier value;

  if (!izp_tier_from_string (tier, &value) || (guint) value >= G_N_ELEMENTS (badge_labels))
    return NULL;
  return badge_labels[value];
}

IzpSignature *
izp_signature_new (void)
{
  IzpSignature *self = g_new0 (IzpSignature, 1);

  self->badge = TRUE;
  return self;
}

void
izp_signature_free (IzpSignature *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < IZP_N_SIGNATURE_FIELDS; i++)
    g_free (self->values[i]);
  g_free (self);
}

IzpSignature *
izp_signature_new_from_settings (GSettings *settings)
{
  IzpSignature *self = izp_signature_new ();

  g_return_val_if_fail (G_IS_SETTINGS (settings), self);

  for (guint i = 0; i < IZP_N_SIGNATURE_FIELDS; i++)
    {
      g_autofree char *value = NULL;

      if (field_info[i].settings_key == NULL)
        continue;
      value = g_settings_get_string (settings, field_info[i].settings_key);

      izp_signature_set (self, i, value);
    }
  self->badge = g_settings_get_boolean (settings, "signature-badge");
  return self;
}

void
izp_signature_set (IzpSignature      *self,
                   IzpSignatureField  field,
                   const char        *value)
{
  g_autofree char *clean = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (field < IZP_N_SIGNATURE_FIELDS);

  g_clear_pointer (&self->values[field], g_free);
  if (value == NULL || !g_utf8_validate (value, -1, NULL))
    return;
  clean = g_strstrip (g_strdup (value));
  /* One line each: a pasted line break would break the layout. */
  g_strdelimit (clean, "\r\n\t", ' ');
  if (g_utf8_strlen (clean, -1) > field_info[field].max_length)
    *g_utf8_offset_to_pointer (clean, field_info[field].max_length) = '\0';
  if (*clean != '\0')
    self->values[field] = g_steal_pointer (&clean);
}

const char *
izp_signature_get (IzpSignature      *self,
                   IzpSignatureField  field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field < IZP_N_SIGNATURE_FIELDS, NULL);

  return self->values[field];
}

void
izp_signature_set_badge (IzpSignature *self,
                         gboolean      show)
{
  g_return_if_fail (self != NULL);

  self->badge = show;
}

gboolean
izp_signature_parse_assignment (IzpSignature *self,
                                const char   *assignment,
                                GError      **error)
{
  const char *equals;
  g_autofree char *key = NULL;
  int field;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  equals = strchr (assignment, '=');
  key = equals != NULL ? g_strndup (assignment, equals - assignment) : g_strdup (assignment);
  field = izp_signature_field_lookup (key);
  if (equals == NULL || field < 0)
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME,
                   _("“%s” is not of the form field=value with a field among name, title, "
                     "cabinet, email, phone, website, logo_url, tier, demo_link."), assignment);
      return FALSE;
    }
  if (!g_utf8_validate (equals + 1, -1, NULL))
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_ENCODING,
                   _("The value of “%s” is not valid UTF-8."), key);
      return FALSE;
    }
  izp_signature_set (self, field, equals + 1);
  return TRUE;
}

gboolean
izp_signature_is_empty (IzpSignature *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < IZP_N_SIGNATURE_FIELDS; i++)
    if (i != IZP_SIGNATURE_TIER && self->values[i] != NULL)
      return FALSE;
  return TRUE;
}

/* Only a plain address becomes a mailto: link. */
static gboolean
is_email_address (const char *text)
{
  const char *at = strchr (text, '@');

  if (at == NULL || at == text || at[1] == '\0' || strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f || strchr ("\"'<>()[]\\,;:", *p) != NULL)
      return FALSE;
  return TRUE;
}

/* `+33 6 12 34 56 78` → `+33612345678`; NULL when it is not a number. */
static char *
phone_uri (const char *phone)
{
  GString *digits = g_string_new ("tel:");
  guint n = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          n++;
        }
      else if (*p == '+' && n == 0 && digits->len == 4)
        g_string_append_c (digits, '+');
      else if (strchr (" .-()/", *p) == NULL)
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (n < 4)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

/* "www.cabinet.fr" is what people type: it means https://. */
static char *
website_url (const char *website)
{
  g_autofree char *url = NULL;

  if (izp_template_is_web_url (website))
    return g_strdup (website);
  if (strstr (website, "://") != NULL || strchr (website, ':') != NULL)
    return NULL;   /* javascript:, data:, ftp://… are never links */
  url = g_strconcat ("https://", website, NULL);
  return izp_template_is_web_url (url) && strchr (website, '.') != NULL ? g_steal_pointer (&url) : NULL;
}

static const char *
display_url (const char *url)
{
  if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    return url + 8;
  if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    return url + 7;
  return url;
}

static void
append_link (GString    *out,
             const char *href,
             const char *text)
{
  g_string_append (out, "<a href=\"");
  izp_template_append_escaped (out, href, -1);
  g_string_append (out, "\" style=\"color:" ACCENT ";text-decoration:none\">");
  izp_template_append_escaped (out, text, -1);
  g_string_append (out, "</a>");
}

static void
append_span (GString    *out,
             const char *style,
             const char *text)
{
  g_string_append_printf (out, "<span style=\"%s\">", style);
  izp_template_append_escaped (out, text, -1);
  g_string_append (out, "</span>");
}

char *
izp_signature_dup_badge (IzpSignature *self)
{
  const char *tier;

  g_return_val_if_fail (self != NULL, NULL);

  tier = self->values[IZP_SIGNATURE_TIER];
  if (!self->badge)
    return NULL;
  return tier != NULL ? g_strdup_printf ("Partenaire IzyInbox · %s", tier)
                      : g_strdup ("Partenaire IzyInbox");
}

char *
izp_signature_to_html (IzpSignature *self)
{
  GString *out;
  const char *name, *title, *cabinet, *email, *phone, *logo, *demo;
  g_autofree char *website = NULL;
  g_autofree char *tel = NULL;
  g_autofree char *badge = NULL;
  gboolean line_open = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  name = self->values[IZP_SIGNATURE_NAME];
  title = self->values[IZP_SIGNATURE_TITLE];
  cabinet = self->values[IZP_SIGNATURE_CABINET];
  email = self->values[IZP_SIGNATURE_EMAIL];
  phone = self->values[IZP_SIGNATURE_PHONE];
  logo = self->values[IZP_SIGNATURE_LOGO_URL];
  demo = self->values[IZP_SIGNATURE_DEMO_LINK];
  if (self->values[IZP_SIGNATURE_WEBSITE] != NULL)
    website = website_url (self->values[IZP_SIGNATURE_WEBSITE]);
  if (phone != NULL)
    tel = phone_uri (phone);
  badge = izp_signature_dup_badge (self);

  out = g_string_new (NULL);
  g_string_append (out,
                   "<table cellpadding=\"0\" cellspacing=\"0\" border=\"0\" role=\"presentation\" "
                   "style=\"border-collapse:collapse;font-family:" FONT_STACK ";font-size:14px;"
                   "line-height:20px;color:#1f2937\"><tr>");
  if (logo != NULL && izp_template_is_web_url (logo))
    {
      g_string_append (out, "<td valign=\"top\" style=\"padding:0 12px 0 0\"><img src=\"");
      izp_template_append_escaped (out, logo, -1);
      g_string_append_printf (out, "\" width=\"%d\" height=\"%d\" alt=\"", IZP_SIGNATURE_LOGO_SIZE,
                              IZP_SIGNATURE_LOGO_SIZE);
      izp_template_append_escaped (out, cabinet != NULL ? cabinet : (name != NULL ? name : "Logo"), -1);
      g_string_append (out, "\" style=\"display:block;border:0\"></td>");
    }
  g_string_append (out, "<td valign=\"top\" style=\"padding:0 0 0 12px;border-left:2px solid " ACCENT "\">");

  if (name != NULL)
    {
      append_span (out, "font-size:15px;font-weight:bold;color:#111827", name);
      g_string_append (out, "<br>");
    }
  if (title != NULL || cabinet != NULL)
    {
      if (title != NULL)
        append_span (out, "color:#4b5563", title);
      if (title != NULL && cabinet != NULL)
        g_string_append (out, "<span style=\"color:#9ca3af\"> | </span>");
      if (cabinet != NULL)
        append_span (out, "color:#4b5563;font-weight:bold", cabinet);
      g_string_append (out, "<br>");
    }
  if (email != NULL)
    {
      if (is_email_address (email))
        {
          g_autofree char *href = g_strconcat ("mailto:", email, NULL);

          append_link (out, href, email);
        }
      else
        append_span (out, "color:#1f2937", email);
      line_open = TRUE;
    }
  if (phone != NULL)
    {
      if (line_open)
        g_string_append (out, "<span style=\"color:#9ca3af\"> | </span>");
      if (tel != NULL)
        append_link (out, tel, phone);
      else
        append_span (out, "color:#1f2937", phone);
      line_open = TRUE;
    }
  if (line_open)
    g_string_append (out, "<br>");
  if (website != NULL)
    {
      append_link (out, website, display_url (website));
      g_string_append (out, "<br>");
    }
  else if (self->values[IZP_SIGNATURE_WEBSITE] != NULL)
    {
      append_span (out, "color:#1f2937", self->values[IZP_SIGNATURE_WEBSITE]);
      g_string_append (out, "<br>");
    }
  if (badge != NULL)
    {
      g_string_append (out, "<span style=\"display:inline-block;margin-top:6px;padding:2px 8px;"
                            "background-color:#dbeafe;color:#1e3a8a;font-size:12px;font-weight:bold;"
                            "border-radius:10px\">");
      izp_template_append_escaped (out, badge, -1);
      g_string_append (out, "</span><br>");
    }
  if (demo != NULL && izp_template_is_web_url (demo))
    {
      g_string_append (out, "<span style=\"font-size:13px\">Gagnez 10 h par semaine sur votre administratif : </span>");
      append_link (out, demo, "réservez votre démo gratuite");
    }
  g_string_append (out, "</td></tr></table>");
  return g_string_free (out, FALSE);
}

char *
izp_signature_to_text (IzpSignature *self)
{
  GString *out;
  const char *title, *cabinet, *email, *phone, *website, *demo;
  g_autofree char *badge = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  title = self->values[IZP_SIGNATURE_TITLE];
  cabinet = self->values[IZP_SIGNATURE_CABINET];
  email = self->values[IZP_SIGNATURE_EMAIL];
  phone = self->values[IZP_SIGNATURE_PHONE];
  website = self->values[IZP_SIGNATURE_WEBSITE];
  demo = self->values[IZP_SIGNATURE_DEMO_LINK];
  badge = izp_signature_dup_badge (self);

  out = g_string_new ("-- \n");
  if (self->values[IZP_SIGNATURE_NAME] != NULL)
    g_string_append_printf (out, "%s\n", self->values[IZP_SIGNATURE_NAME]);
  if (title != NULL || cabinet != NULL)
    g_string_append_printf (out, "%s%s%s\n", title != NULL ? title : "",
                            title != NULL && cabinet != NULL ? " | " : "",
                            cabinet != NULL ? cabinet : "");
  if (email != NULL || phone != NULL)
    g_string_append_printf (out, "%s%s%s\n", email != NULL ? email : "",
                            email != NULL && phone != NULL ? " | " : "",
                            phone != NULL ? phone : "");
  if (website != NULL)
    g_string_append_printf (out, "%s\n", website);
  if (badge != NULL)
    g_string_append_printf (out, "%s\n", badge);
  if (demo != NULL && izp_template_is_web_url (demo))
    g_string_append_printf (out, "Démo gratuite : %s\n", demo);
  return g_string_free (out, FALSE);
}

void
izp_signature_append_to_email (IzpSignature  *self,
                               char         **html_fragment,
                               char         **text)
{
  g_return_if_fail (self != NULL);

  /* Without the partner's name it is not a signature yet (the account
   * alone fills the cabinet and the badge). */
  if (self->values[IZP_SIGNATURE_NAME] == NULL)
    return;
  if (html_fragment != NULL && *html_fragment != NULL)
    {
      g_autofree char *html = izp_signature_to_html (self);
      char *joined = g_strconcat (*html_fragment, "<br>\n", html, "\n", NULL);

      g_free (*html_fragment);
      *html_fragment = joined;
    }
  if (text != NULL && *text != NULL)
    {
      g_autofree char *plain = izp_signature_to_text (self);
      char *joined = g_strconcat (*text, "\n\n", plain, NULL);

      g_free (*text);
      *text = joined;
    }
}
