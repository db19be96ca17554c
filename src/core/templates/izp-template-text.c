/* izp-template-text.c — parse and render the placeholder language
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-template-text.h"

/* A template longer than this is not an e-mail. */
#define MAX_TEXT_BYTES (256 * 1024)
/* A field name longer than this is prose with a bracket in it. */
#define MAX_NAME_CHARS 40

static const IzpTemplateField fields[IZP_N_FIELDS] = {
  { "Prénom", "first_name", N_("First name of the prospect"), "Marie", FALSE },
  { "Nom", "last_name", N_("Last name of the prospect"), "Martin", FALSE },
  { "Entreprise", "company", N_("The prospect’s company"), "Boulangerie Martin", FALSE },
  { "Lien démo", "demo_link", N_("The prospect’s tracked demo link"), "https://demo.izyinbox.fr/cabinet-dupont?r=…", TRUE },
  { "Date démo", "demo_date", N_("Date and time of the demo"), "mardi 8 décembre à 10 h", FALSE },
  { "Formule", "plan", N_("The client’s current plan"), "Starter", FALSE },
  { "Utilisation", "usage", N_("Share of IzyInbox features in use"), "25 %", FALSE },
  { "Date webinaire", "webinar_date", N_("Date and time of the webinar"), "jeudi 10 décembre à 12 h 30", FALSE },
  { "Lien webinaire", "webinar_link", N_("Sign-up link of the webinar"), "https://izyinbox.fr/webinaires", TRUE },
  { "Cabinet", "cabinet", N_("Your cabinet’s name"), "Cabinet Dupont & Associés", FALSE },
  { "Expert-comptable", "accountant", N_("Your name, as you sign"), "Jean Dupont", FALSE },
  { "Signature", "signature", N_("Your name and title, on two lines"), "Jean Dupont\nExpert-comptable", FALSE },
};

struct _IzpTemplateParse
{
  GArray    *tokens;     /* IzpTemplateToken */
  GPtrArray *problems;   /* GError */
  guint      used;
};

struct _IzpTemplateValues
{
  char *values[IZP_N_FIELDS];
};

G_DEFINE_QUARK (izp-template-text-error-quark, izp_template_text_error)

const IzpTemplateField *
izp_template_field_get (guint field)
{
  g_return_val_if_fail (field < IZP_N_FIELDS, NULL);

  return &fields[field];
}

int
izp_template_field_lookup (const char *name,
                           gssize      length)
{
  g_return_val_if_fail (name != NULL, -1);

  if (length < 0)
    length = strlen (name);
  for (guint i = 0; i < IZP_N_FIELDS; i++)
    {
      if ((gsize) length == strlen (fields[i].name) && memcmp (name, fields[i].name, length) == 0)
        return i;
      if ((gsize) length == strlen (fields[i].key) && memcmp (name, fields[i].key, length) == 0)
        return i;
    }
  return -1;
}

char *
izp_template_field_markup (guint field)
{
  g_return_val_if_fail (field < IZP_N_FIELDS, NULL);

  return g_strdup_printf ("[%s]", fields[field].name);
}

/* ------------------------------------------------------------------ */
/* Parsing */

static void
clear_token (gpointer data)
{
  IzpTemplateToken *token = data;

  g_free (token->text);
}

typedef struct
{
  const char *text;
  gsize       line_start;   /* byte offset of the current line */
  guint       line;
} Cursor;

static guint
column_of (const Cursor *cursor,
           gsize         offset)
{
  return (guint) g_utf8_strlen (cursor->text + cursor->line_start, offset - cursor->line_start) + 1;
}

static void
push_text (IzpTemplateParse *parse,
           GString          *pending,
           gsize            *pending_start,
           gsize             end,
           guint             line,
           guint             column)
{
  IzpTemplateToken token = { IZP_TOKEN_TEXT, *pending_start, end, line, column, -1, NULL };

  if (pending->len == 0)
    return;
  token.text = g_strndup (pending->str, pending->len);
  g_array_append_val (parse->tokens, token);
  g_string_truncate (pending, 0);
}

IzpTemplateParse *
izp_template_parse (const char  *text,
                    gssize       length,
                    GError     **error)
{
  g_autoptr(IzpTemplateParse) parse = NULL;
  g_autoptr(GString) pending = g_string_new (NULL);
  Cursor cursor = { text, 0, 1 };
  gsize pending_start = 0;
  guint pending_line = 1, pending_column = 1;
  gsize i = 0;
  const char *invalid = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (text);
  if ((gsize) length > MAX_TEXT_BYTES)
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_TOO_LONG,
                   _("The text is too long (%zu bytes; at most %d)."),
                   (gsize) length, MAX_TEXT_BYTES);
      return NULL;
    }
  if (!g_utf8_validate (text, length, &invalid))
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_ENCODING,
                   _("The text is not valid UTF-8 (byte %zu)."), (gsize) (invalid - text) + 1);
      return NULL;
    }

  parse = g_new0 (IzpTemplateParse, 1);
  parse->tokens = g_array_new (FALSE, TRUE, sizeof (IzpTemplateToken));
  g_array_set_clear_func (parse->tokens, clear_token);
  parse->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  while (i < (gsize) length)
    {
      char c = text[i];

      if (pending->len == 0)
        {
          pending_start = i;
          pending_line = cursor.line;
          pending_column = column_of (&cursor, i);
        }

      if ((c == '[' || c == ']') && i + 1 < (gsize) length && text[i + 1] == c)
        {
          g_string_append_c (pending, c);
          i += 2;
          continue;
        }
      if (c == '[')
        {
          gsize close = i + 1;
          IzpTemplateToken token = { IZP_TOKEN_UNKNOWN, i, 0, cursor.line, column_of (&cursor, i), -1, NULL };
          int field;

          while (close < (gsize) length && text[close] != ']' && text[close] != '[' && text[close] != '\n')
            close++;
          if (close >= (gsize) length || text[close] != ']' ||
              g_utf8_strlen (text + i + 1, close - i - 1) > MAX_NAME_CHARS)
            {
              /* Not a field: keep the bracket as text, and say so. */
              g_ptr_array_add (parse->problems,
                               g_error_new (IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNTERMINATED,
                                            _("Line %u, column %u: “[” without its “]” (write “[[” for a bracket)."),
                                            token.line, token.column));
              g_string_append_c (pending, c);
              i++;
              continue;
            }

          push_text (parse, pending, &pending_start, i, pending_line, pending_column);
          token.end = close + 1;
          field = izp_template_field_lookup (text + i + 1, close - i - 1);
          if (field >= 0)
            {
              token.kind = IZP_TOKEN_FIELD;
              token.field = field;
              parse->used |= 1u << field;
            }
          else
            {
              token.text = g_strndup (text + i + 1, close - i - 1);
              g_ptr_array_add (parse->problems,
                               g_error_new (IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_FIELD,
                                            _("Line %u, column %u: unknown field “[%s]”."),
                                            token.line, token.column, token.text));
            }
          g_array_append_val (parse->tokens, token);
          i = close + 1;
          continue;
        }

      g_string_append_c (pending, c);
      i++;
      if (c == '\n')
        {
          cursor.line++;
          cursor.line_start = i;
        }
    }
  push_text (parse, pending, &pending_start, length, pending_line, pending_column);

  return g_steal_pointer (&parse);
}

void
izp_template_parse_free (IzpTemplateParse *parse)
{
  if (parse == NULL)
    return;
  g_array_unref (parse->tokens);
  g_ptr_array_unref (parse->problems);
  g_free (parse);
}

guint
izp_template_parse_get_n_tokens (IzpTemplateParse *parse)
{
  g_return_val_if_fail (parse != NULL, 0);

  return parse->tokens->len;
}

const IzpTemplateToken *
izp_template_parse_get_token (IzpTemplateParse *parse,
                              guint             i)
{
  g_return_val_if_fail (parse != NULL, NULL);
  g_return_val_if_fail (i < parse->tokens->len, NULL);

  return &g_array_index (parse->tokens, IzpTemplateToken, i);
}

GPtrArray *
izp_template_parse_get_problems (IzpTemplateParse *parse)
{
  g_return_val_if_fail (parse != NULL, NULL);

  return parse->problems;
}

guint
izp_template_parse_get_fields (IzpTemplateParse *parse)
{
  g_return_val_if_fail (parse != NULL, 0);

  return parse->used;
}

/* ------------------------------------------------------------------ */
/* Values */

IzpTemplateValues *
izp_template_values_new (void)
{
  return g_new0 (IzpTemplateValues, 1);
}

IzpTemplateValues *
izp_template_values_copy (const IzpTemplateValues *values)
{
  IzpTemplateValues *copy = izp_template_values_new ();

  g_return_val_if_fail (values != NULL, copy);

  for (guint i = 0; i < IZP_N_FIELDS; i++)
    copy->values[i] = g_strdup (values->values[i]);
  return copy;
}

void
izp_template_values_free (IzpTemplateValues *values)
{
  if (values == NULL)
    return;
  for (guint i = 0; i < IZP_N_FIELDS; i++)
    g_free (values->values[i]);
  g_free (values);
}

void
izp_template_values_set (IzpTemplateValues *values,
                         guint              field,
                         const char        *value)
{
  g_return_if_fail (values != NULL);
  g_return_if_fail (field < IZP_N_FIELDS);

  g_free (values->values[field]);
  values->values[field] = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

const char *
izp_template_values_get (const IzpTemplateValues *values,
                         guint                    field)
{
  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (field < IZP_N_FIELDS, NULL);

  return values->values[field];
}

gboolean
izp_template_values_parse_assignment (IzpTemplateValues *values,
                                      const char        *assignment,
                                      GError           **error)
{
  const char *equals;
  int field;

  g_return_val_if_fail (values != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);

  equals = strchr (assignment, '=');
  if (equals == NULL)
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME,
                   _("“%s” is not of the form Field=value."), assignment);
      return FALSE;
    }
  field = izp_template_field_lookup (assignment, equals - assignment);
  if (field < 0)
    {
      g_autofree char *name = g_strndup (assignment, equals - assignment);

      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME,
                   _("Unknown field “%s”."), name);
      return FALSE;
    }
  if (!g_utf8_validate (equals + 1, -1, NULL))
    {
      g_set_error (error, IZP_TEMPLATE_TEXT_ERROR, IZP_TEMPLATE_TEXT_ERROR_ENCODING,
                   _("The value of “%s” is not valid UTF-8."), fields[field].name);
      return FALSE;
    }
  izp_template_values_set (values, field, equals + 1);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Rendering */

char *
izp_template_render_text (IzpTemplateParse        *parse,
                          const IzpTemplateValues *values,
                          guint                   *out_missing)
{
  GString *out = g_string_new (NULL);
  guint missing = 0;

  g_return_val_if_fail (parse != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  for (guint i = 0; i < parse->tokens->len; i++)
    {
      const IzpTemplateToken *token = &g_array_index (parse->tokens, IzpTemplateToken, i);

      switch (token->kind)
        {
        case IZP_TOKEN_TEXT:
          g_string_append (out, token->text);
          break;
        case IZP_TOKEN_UNKNOWN:
          g_string_append_printf (out, "[%s]", token->text);
          break;
        case IZP_TOKEN_FIELD:
          if (values->values[token->field] != NULL)
            g_string_append (out, values->values[token->field]);
          else
            {
              g_string_append_printf (out, "[%s]", fields[token->field].name);
              missing |= 1u << token->field;
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (out_missing != NULL)
    *out_missing = missing;
  return g_string_free (out, FALSE);
}

void
izp_template_append_escaped (GString    *out,
                             const char *text,
                             gssize      length)
{
  const char *end;

  g_return_if_fail (out != NULL);
  g_return_if_fail (text != NULL);

  end = text + (length < 0 ? (gssize) strlen (text) : length);
  for (const char *p = text; p < end; p++)
    {
      switch (*p)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

gboolean
izp_template_is_web_url (const char *url)
{
  const char *rest;

  if (url == NULL)
    return FALSE;
  if (g_ascii_strncasecmp (url, "https://", 8) == 0)
    rest = url + 8;
  else if (g_ascii_strncasecmp (url, "http://", 7) == 0)
    rest = url + 7;
  else
    return FALSE;
  if (*rest == '\0' || *rest == '/')
    return FALSE;
  for (const char *p = url; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
      return FALSE;
  return TRUE;
}

static void
append_link (GString    *out,
             const char *url,
             gssize      length)
{
  g_string_append (out, "<a href=\"");
  izp_template_append_escaped (out, url, length);
  g_string_append (out, "\">");
  izp_template_append_escaped (out, url, length);
  g_string_append (out, "</a>");
}

/* Escaped text, with its http(s) URLs made links. A URL ends at white
 * space; closing punctuation at its end belongs to the sentence. */
static void
append_text_with_links (GString    *out,
                        const char *text,
                        gsize       length)
{
  gsize i = 0;
  gsize done = 0;

  while (i < length)
    {
      gsize end;
      g_autofree char *url = NULL;

      if (!((length - i >= 8 && g_ascii_strncasecmp (text + i, "https://", 8) == 0) ||
            (length - i >= 7 && g_ascii_strncasecmp (text + i, "http://", 7) == 0)) ||
          (i > 0 && g_ascii_isalnum (text[i - 1])))
        {
          i++;
          continue;
        }
      end = i;
      while (end < length && (guchar) text[end] > ' ' && text[end] != '"' &&
             text[end] != '<' && text[end] != '>' && text[end] != 0x7f)
        end++;
      while (end > i && strchr (".,;:!?)»'", text[end - 1]) != NULL)
        end--;
      url = g_strndup (text + i, end - i);
      if (!izp_template_is_web_url (url))
        {
          i++;
          continue;
        }
      izp_template_append_escaped (out, text + done, i - done);
      append_link (out, url, -1);
      i = done = end;
    }
  izp_template_append_escaped (out, text + done, length - done);
}

typedef struct
{
  GString  *out;
  gboolean  in_paragraph;
  guint     pending_breaks;   /* line breaks seen since the last text */
} HtmlWriter;

static void
html_flush_breaks (HtmlWriter *writer)
{
  if (writer->pending_breaks >= 2 && writer->in_paragraph)
    {
      g_string_append (writer->out, "</p>\n");
      writer->in_paragraph = FALSE;
    }
  else if (writer->pending_breaks == 1 && writer->in_paragraph)
    g_string_append (writer->out, "<br>\n");
  writer->pending_breaks = 0;
  if (!writer->in_paragraph)
    {
      g_string_append (writer->out, "<p>");
      writer->in_paragraph = TRUE;
    }
}

static void
html_append_text (HtmlWriter *writer,
                  const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *newline = strchr (p, '\n');
      gsize length = newline != NULL ? (gsize) (newline - p) : strlen (p);

      if (length > 0 && length == strspn (p, " \t\r") && newline != NULL)
        length = 0;   /* a line of spaces is a blank line */
      if (length > 0)
        {
          html_flush_breaks (writer);
          append_text_with_links (writer->out, p, length);
        }
      if (newline == NULL)
        break;
      writer->pending_breaks++;
      p = newline + 1;
    }
}

char *
izp_template_render_html (IzpTemplateParse        *parse,
                          const IzpTemplateValues *values,
                          guint                   *out_missing)
{
  HtmlWriter writer = { g_string_new (NULL), FALSE, 0 };
  guint missing = 0;

  g_return_val_if_fail (parse != NULL, NULL);
  g_return_val_if_fail (values != NULL, NULL);

  for (guint i = 0; i < parse->tokens->len; i++)
    {
      const IzpTemplateToken *token = &g_array_index (parse->tokens, IzpTemplateToken, i);
      const char *value;

      switch (token->kind)
        {
        case IZP_TOKEN_TEXT:
          html_append_text (&writer, token->text);
          break;
        case IZP_TOKEN_UNKNOWN:
          html_flush_breaks (&writer);
          g_string_append_c (writer.out, '[');
          izp_template_append_escaped (writer.out, token->text, -1);
          g_string_append_c (writer.out, ']');
          break;
        case IZP_TOKEN_FIELD:
          html_flush_breaks (&writer);
          value = values->values[token->field];
          if (value == NULL)
            {
              /* Seen at a glance, in the preview and in the mail client. */
              g_string_append_printf (writer.out,
                                      "<span style=\"background-color:#fde68a;color:#713f12\">[%s]</span>",
                                      fields[token->field].name);
              missing |= 1u << token->field;
            }
          else if (fields[token->field].is_link && izp_template_is_web_url (value))
            append_link (writer.out, value, -1);
          else
            {
              /* A value may hold line breaks: keep them as <br>. */
              g_auto(GStrv) lines = g_strsplit (value, "\n", -1);

              for (guint l = 0; lines[l] != NULL; l++)
                {
                  if (l > 0)
                    g_string_append (writer.out, "<br>");
                  izp_template_append_escaped (writer.out, lines[l], -1);
                }
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  if (writer.in_paragraph)
    g_string_append (writer.out, "</p>\n");
  if (out_missing != NULL)
    *out_missing = missing;
  return g_string_free (writer.out, FALSE);
}

char *
izp_template_html_document (const char *fragment)
{
  g_return_val_if_fail (fragment != NULL, NULL);

  return g_strconcat ("<meta http-equiv=\"content-type\" content=\"text/html; charset=utf-8\">\n",
                      fragment, NULL);
}

/* ------------------------------------------------------------------ */
/* mailto: */

static void
append_percent_encoded (GString    *out,
                        const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '\n' && (p == text || p[-1] != '\r'))
        g_string_append (out, "%0D%0A");
      else if (g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~')
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "%%%02X", c);
    }
}

char *
izp_template_mailto (const char *to,
                     const char *subject,
                     const char *body)
{
  GString *out = g_string_new ("mailto:");
  char separator = '?';

  if (to != NULL)
    {
      /* The address keeps its @, as RFC 6068 allows. */
      for (const char *p = to; *p != '\0'; p++)
        {
          if (*p == '@')
            g_string_append_c (out, '@');
          else
            {
              char one[2] = { *p, '\0' };

              append_percent_encoded (out, one);
            }
        }
    }
  if (subject != NULL)
    {
      g_string_append (out, "?subject=");
      append_percent_encoded (out, subject);
      separator = '&';
    }
  if (body != NULL)
    {
      g_string_append_c (out, separator);
      g_string_append (out, "body=");
      append_percent_encoded (out, body);
    }
  return g_string_free (out, FALSE);
}
