/* izp-template.h — one e-mail template and its file format
 *
 * The shipped templates (data/templates/ID.txt) and the user's edits share
 * one small format: header lines `key: value`, a blank line, the body.
 *
 *   id: introduction
 *   version: 1
 *   title: Introduction IzyInbox
 *   subject: [Prénom], gagnez 10 h par semaine sur votre administratif
 *   based-on: 1          (an edit only: the official version it started from)
 *
 *   Bonjour [Prénom],
 *   …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define IZP_TEMPLATE_ERROR (izp_template_error_quark ())

typedef enum
{
  IZP_TEMPLATE_ERROR_INVALID,
  IZP_TEMPLATE_ERROR_NOT_FOUND,
  IZP_TEMPLATE_ERROR_IO,
} IzpTemplateError;

typedef struct
{
  char   *id;          /* [a-z0-9-]{1,63} */
  gint64  version;     /* ≥ 1 */
  char   *title;
  char   *subject;
  char   *body;
  gint64  based_on;    /* an edit: the official version it started from; else 0 */
} IzpTemplate;

GQuark       izp_template_error_quark   (void);

IzpTemplate *izp_template_new           (const char        *id,
                                         gint64             version,
                                         const char        *title,
                                         const char        *subject,
                                         const char        *body);
IzpTemplate *izp_template_copy          (const IzpTemplate *template_);
void         izp_template_free          (IzpTemplate       *template_);

gboolean     izp_template_id_is_valid   (const char        *id);

/* Reads the file format above; every defect is a GError naming its line. */
IzpTemplate *izp_template_parse_file    (const char        *data,
                                         gsize              length,
                                         GError           **error);
char        *izp_template_to_file       (const IzpTemplate *template_);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpTemplate, izp_template_free)

G_END_DECLS
