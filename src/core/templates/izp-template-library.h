/* izp-template-library.h — the official templates and the user's edits
 *
 * Official versions come from the app (data/templates, shipped in a
 * resource) and from the API's /v1/templates, the higher version winning.
 * The user's edit of a template is a file `ID.txt` in the edits folder,
 * saved atomically; it always wins over the official text, and remembers
 * the official version it started from, so that a newer official version
 * is announced (izp_template_library_has_newer_official()) without ever
 * replacing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "izp-atomic-file.h"
#include "izp-template.h"

G_BEGIN_DECLS

#define IZP_TYPE_TEMPLATE_LIBRARY (izp_template_library_get_type ())

G_DECLARE_FINAL_TYPE (IzpTemplateLibrary, izp_template_library, IZP, TEMPLATE_LIBRARY, GObject)

/* The shipped templates, in the order of the marketing kit (element type
 * IzpTemplate); a defective resource file is an error. */
GPtrArray          *izp_template_library_load_shipped     (GError            **error);

/* `$XDG_DATA_HOME/izyinbox-partner/templates`. */
char               *izp_template_library_default_edits_dir (void);

/* @edits_dir: NULL for the default. Loads the shipped templates and the
 * edits found there (an unreadable edit is left alone, not used). */
IzpTemplateLibrary *izp_template_library_new              (const char         *edits_dir,
                                                           GError            **error);
const char         *izp_template_library_get_edits_dir    (IzpTemplateLibrary *self);

/* Official templates from the API (element type IzpTemplate): each one
 * replaces the shipped one of the same id when its version is higher. */
void                izp_template_library_add_official     (IzpTemplateLibrary *self,
                                                           GPtrArray          *templates);

/* Ids in display order. */
GStrv               izp_template_library_list_ids         (IzpTemplateLibrary *self);
/* The edit if there is one, else the official text; NULL for an unknown id. */
const IzpTemplate  *izp_template_library_get              (IzpTemplateLibrary *self,
                                                           const char         *id);
const IzpTemplate  *izp_template_library_get_official     (IzpTemplateLibrary *self,
                                                           const char         *id);
const IzpTemplate  *izp_template_library_get_edit         (IzpTemplateLibrary *self,
                                                           const char         *id);
gboolean            izp_template_library_has_newer_official (IzpTemplateLibrary *self,
                                                             const char         *id);

/* Saves the user's text (atomically) as the template's edit. */
gboolean            izp_template_library_save_edit        (IzpTemplateLibrary *self,
                                                           const char         *id,
                                                           const char         *subject,
                                                           const char         *body,
                                                           GError            **error);
/* Keeps the edit and takes note of the current official version: the
 * "newer version" notice goes away. */
gboolean            izp_template_library_keep_edit        (IzpTemplateLibrary *self,
                                                           const char         *id,
                                                           GError            **error);
/* "Revenir à la version officielle": the edit is deleted. */
gboolean            izp_template_library_revert           (IzpTemplateLibrary *self,
                                                           const char         *id,
                                                           GError            **error);

/* Tests: run between the write and the rename of each save. */
void                izp_template_library_set_before_rename_func (IzpTemplateLibrary  *self,
                                                                 IzpBeforeRenameFunc  func,
                                                                 gpointer             user_data);

G_END_DECLS
