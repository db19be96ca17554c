/* izp-template-text.h — the placeholder language of the e-mail templates
 *
 * A template is plain text with fields in brackets, as in the seed's
 * marketing kit: `Bonjour [Prénom],`. The fields are a fixed list (below);
 * `[[` writes a literal `[` and `]]` a literal `]` (a lone `]` is literal
 * too). Anything else in brackets is an unknown field: the parser reports
 * it with its position and rendering leaves it as written.
 *
 * Rendering fills the fields from an IzpTemplateValues, as plain text or as
 * HTML (paragraphs, clickable http(s) links, every value escaped). A field
 * without a value stays visible, as `[Prénom]`, and is reported missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IZP_TEMPLATE_TEXT_ERROR (izp_template_text_error_quark ())

typedef enum
{
  IZP_TEMPLATE_TEXT_ERROR_ENCODING,      /* not UTF-8, or a NUL byte */
  IZP_TEMPLATE_TEXT_ERROR_TOO_LONG,
  IZP_TEMPLATE_TEXT_ERROR_UNTERMINATED,  /* `[` with no `]` on its line */
  IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_FIELD,
  IZP_TEMPLATE_TEXT_ERROR_UNKNOWN_NAME,  /* --set Foo=…: no such field */
} IzpTemplateTextError;

/* The documented fields, in menu order. */
typedef enum
{
  IZP_FIELD_FIRST_NAME,      /* [Prénom] */
  IZP_FIELD_LAST_NAME,       /* [Nom] */
  IZP_FIELD_COMPANY,         /* [Entreprise] */
  IZP_FIELD_DEMO_LINK,       /* [Lien démo] */
  IZP_FIELD_DEMO_DATE,       /* [Date démo] */
  IZP_FIELD_PLAN,            /* [Formule] */
  IZP_FIELD_USAGE,           /* [Utilisation] */
  IZP_FIELD_WEBINAR_DATE,    /* [Date webinaire] */
  IZP_FIELD_WEBINAR_LINK,    /* [Lien webinaire] */
  IZP_FIELD_CABINET,         /* [Cabinet] */
  IZP_FIELD_ACCOUNTANT,      /* [Expert-comptable] */
  IZP_FIELD_SIGNATURE,       /* [Signature]: name and title, as in the API's templates */
  IZP_N_FIELDS
} IzpTemplateFieldId;

typedef struct
{
  const char *name;          /* as written between the brackets */
  const char *key;           /* ASCII alias for scripts: first_name */
  const char *description;   /* English, translatable (N_) */
  const char *example;       /* a sample value, for the menu */
  gboolean    is_link;       /* rendered as a clickable link in HTML */
} IzpTemplateField;

typedef enum
{
  IZP_TOKEN_TEXT,            /* literal text (brackets already unescaped) */
  IZP_TOKEN_FIELD,           /* a known field */
  IZP_TOKEN_UNKNOWN,         /* [something] that is not a field */
} IzpTokenKind;

typedef struct
{
  IzpTokenKind kind;
  gsize        start;        /* byte offsets in the source, end exclusive */
  gsize        end;
  guint        line;         /* 1-based, of start */
  guint        column;       /* 1-based, in characters */
  int          field;        /* IZP_TOKEN_FIELD: an IzpTemplateFieldId*/
  char        *text;         /* TEXT: the literal; UNKNOWN: the name */
} IzpTemplateToken;

typedef struct _IzpTemplateParse IzpTemplateParse;
typedef struct _IzpTemplateValues IzpTemplateValues;

GQuark                  izp_template_text_error_quark (void);

const IzpTemplateField *izp_template_field_get      (guint              field);
/* By its bracket name (`Prénom`) or key (`first_name`); -1 if none. */
int                     izp_template_field_lookup   (const char        *name,
                                                     gssize             length);
/* `[Prénom]` */
char                   *izp_template_field_markup   (guint              field);

/* NULL with an error only for text that is not text (bad UTF-8, NUL, too
 * long); unknown fields and stray brackets are in the result. */
IzpTemplateParse       *izp_template_parse          (const char        *text,
                                                     gssize             length,
                                                     GError           **error);
void                    izp_template_parse_free     (IzpTemplateParse  *parse);
guint                   izp_template_parse_get_n_tokens (IzpTemplateParse *parse);
const IzpTemplateToken *izp_template_parse_get_token (IzpTemplateParse *parse,
                                                      guint             i);
/* The unknown fields and unterminated brackets, in order (element type
 * GError, domain IZP_TEMPLATE_TEXT_ERROR, French messages with the line
 * and column). */
GPtrArray              *izp_template_parse_get_problems (IzpTemplateParse *parse);
/* The fields the text uses, as a bit set (1 << field). */
guint                   izp_template_parse_get_fields (IzpTemplateParse *parse);

IzpTemplateValues      *izp_template_values_new     (void);
IzpTemplateValues      *izp_template_values_copy    (const IzpTemplateValues *values);
void                    izp_template_values_free    (IzpTemplateValues *values);
/* NULL or "" clears. */
void                    izp_template_values_set     (IzpTemplateValues *values,
                                                     guint              field,
                                                     const char        *value);
const char             *izp_template_values_get     (const IzpTemplateValues *values,
                                                     guint              field);
/* `Prénom=Marie` or `first_name=Marie`. */
gboolean                izp_template_values_parse_assignment (IzpTemplateValues *values,
                                                              const char        *assignment,
                                                              GError           **error);

/* Plain text: fields replaced, a missing one left as `[Prénom]`.
 * @out_missing (optional): bit set of the fields that had no value. */
char                   *izp_template_render_text    (IzpTemplateParse  *parse,
                                                     const IzpTemplateValues *values,
                                                     guint             *out_missing);
/* An HTML fragment: paragraphs at blank lines, <br> at line breaks, links
 * clickable when they are http(s) URLs, every value escaped; a missing field
 * stays visible, highlighted. */
char                   *izp_template_render_html    (IzpTemplateParse  *parse,
                                                     const IzpTemplateValues *values,
                                                     guint             *out_missing);

/* A whole HTML document for the clipboard: the charset <meta> first (which
 * Thunderbird and Evolution read for the encoding), then @fragment. */
char                   *izp_template_html_document  (const char        *fragment);

/* TRUE for an absolute http:// or https:// URL without spaces or controls:
 * the only URLs the renderers turn into links. */
gboolean                izp_template_is_web_url     (const char        *url);
/* Escapes &, <, >, " and ' for text and attribute values. */
void                    izp_template_append_escaped (GString           *out,
                                                     const char        *text,
                                                     gssize             length);

/* `mailto:TO?subject=…&body=…`, every byte outside RFC 3986's unreserved
 * set percent-encoded, line breaks as %0D%0A. @to may be NULL. */
char                   *izp_template_mailto         (const char        *to,
                                                     const char        *subject,
                                                     const char        *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpTemplateParse, izp_template_parse_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpTemplateValues, izp_template_values_free)

G_END_DECLS
