/* izp-template.c — one e-mail template and its file format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-template.h"

#define MAX_FILE_BYTES (256 * 1024)
#define MAX_HEADER_CHARS 300

G_DEFINE_QUARK (izp-template-error-quark, izp_template_error)

IzpTemplate *
izp_template_new (const char *id,
                  gint64      version,
                  const char *title,
                  const char *subject,
                  const char *body)
{
  IzpTemplate *template_ = g_new0 (IzpTemplate, 1);

  template_->id = g_strdup (id);
  template_->version = version;
  template_->title = g_strdup (title);
  template_->subject = g_strdup (subject);
  template_->body = g_strdup (body);
  return template_;
}

IzpTemplate *
izp_template_copy (const IzpTemplate *template_)
{
  IzpTemplate *copy;

  g_return_val_if_fail (template_ != NULL, NULL);

  copy = izp_template_new (template_->id, template_->version, template_->title,
                           template_->subject, template_->body);
  copy->based_on = template_->based_on;
  return copy;
}

void
izp_template_free (IzpTemplate *template_)
{
  if (template_ == NULL)
    return;
  g_free (template_->id);
  g_free (template_->title);
  g_free (template_->subject);
  g_free (template_->body);
  g_free (template_);
}

gboolean
izp_template_id_is_valid (const char *id)
{
  gsize length;

  if (id == NULL)
    return FALSE;
  length = strlen (id);
  if (length == 0 || length > 63 || !(g_ascii_islower (id[0]) || g_ascii_isdigit (id[0])))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

static gboolean
parse_version (const char *text,
               guint       line,
               const char *key,
               gint64     *out,
               GError    **error)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT32, &value, NULL))
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("Line %u: “%s” must be a whole number from 1 up, not “%s”."),
                   line, key, text);
      return FALSE;
    }
  *out = (gint64) value;
  return TRUE;
}

IzpTemplate *
izp_template_parse_file (const char  *data,
                         gsize        length,
                         GError     **error)
{
  g_autoptr(IzpTemplate) template_ = g_new0 (IzpTemplate, 1);
  const char *invalid = NULL;
  const char *p = data;
  const char *end = data + length;
  guint line = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > MAX_FILE_BYTES)
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("The template file is too large (%zu bytes)."), length);
      return NULL;
    }
  if (!g_utf8_validate (data, length, &invalid))
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("The template file is not valid UTF-8 (byte %zu)."), (gsize) (invalid - data) + 1);
      return NULL;
    }
  if (length > 0 && memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("The template file contains a NUL byte."));
      return NULL;
    }

  /* Header lines up to the first blank line. */
  while (TRUE)
    {
      const char *newline;
      g_autofree char *text = NULL;
      const char *colon;
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      char **slot = NULL;

      line++;
      if (p >= end)
        {
          g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                       _("Line %u: the file ends before the blank line that starts the body."), line);
          return NULL;
        }
      newline = memchr (p, '\n', end - p);
      text = g_strndup (p, (newline != NULL ? newline : end) - p);
      p = newline != NULL ? newline + 1 : end;
      g_strchomp (text);   /* also drops a CR */
      if (*text == '\0')
        break;

      colon = strchr (text, ':');
      if (colon == NULL)
        {
          g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                       _("Line %u: expected “name: value”."), line);
          return NULL;
        }
      key = g_strndup (text, colon - text);
      value = g_strstrip (g_strdup (colon + 1));
      if (g_utf8_strlen (value, -1) > MAX_HEADER_CHARS)
        {
          g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                       _("Line %u: the value of “%s” is too long."), line, key);
          return NULL;
        }

      if (strcmp (key, "id") == 0)
        slot = &template_->id;
      else if (strcmp (key, "title") == 0)
        slot = &template_->title;
      else if (strcmp (key, "subject") == 0)
        slot = &template_->subject;
      else if (strcmp (key, "version") == 0)
        {
          if (template_->version != 0 || !parse_version (value, line, key, &template_->version, error))
            goto duplicate_or_bad;
          continue;
        }
      else if (strcmp (key, "based-on") == 0)
        {
          if (template_->based_on != 0 || !parse_version (value, line, key, &template_->based_on, error))
            goto duplicate_or_bad;
          continue;
        }
      else
        {
          g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                       _("Line %u: unknown header “%s”."), line, key);
          return NULL;
        }

      if (*slot != NULL)
        goto duplicate_or_bad;
      *slot = g_steal_pointer (&value);
      continue;

    duplicate_or_bad:
      if (error != NULL && *error == NULL)
        g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                     _("Line %u: “%s” is given twice."), line, key);
      return NULL;
    }

  if (template_->id == NULL || template_->title == NULL || template_->subject == NULL ||
      template_->version == 0)
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("The header needs “id”, “version”, “title” and “subject”."));
      return NULL;
    }
  if (!izp_template_id_is_valid (template_->id))
    {
      g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                   _("“%s” is not a valid template id (lower-case letters, digits and dashes)."),
                   template_->id);
      return NULL;
    }
  template_->body = g_strndup (p, end - p);
  /* One final newline is the file's, not the e-mail's. */
  if (g_str_has_suffix (template_->body, "\n"))
    template_->body[strlen (template_->body) - 1] = '\0';
  return g_steal_pointer (&template_);
}

char *
izp_template_to_file (const IzpTemplate *template_)
{
  GString *out;

  g_return_val_if_fail (template_ != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "id: %s\nversion: %" G_GINT64_FORMAT "\n", template_->id, template_->version);
  if (template_->based_on > 0)
    g_string_append_printf (out, "based-on: %" G_GINT64_FORMAT "\n", template_->based_on);
  /* A header is one line: a line break typed in the subject becomes a space. */
  for (guint i = 0; i < 2; i++)
    {
      const char *key = i == 0 ? "title" : "subject";
      g_autofree char *value = g_strdup (i == 0 ? template_->title : template_->subject);

      g_strdelimit (value, "\r\n", ' ');
      g_string_append_printf (out, "%s: %s\n", key, value);
    }
  g_string_append_printf (out, "\n%s\n", template_->body);
  return g_string_free (out, FALSE);
}
