/* izp-template-library.c — the official templates and the user's edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "izp-template-library.h"
#include "izp-templates-resources.h"

#define SHIPPED_PATH "/fr/izyinbox/Partner/templates"

struct _IzpTemplateLibrary
{
  GObject parent_instance;

  char                *edits_dir;
  GPtrArray           *order;      /* char *, display order */
  GHashTable          *official;   /* id → IzpTemplate */
  GHashTable          *edits;      /* id → IzpTemplate */
  IzpBeforeRenameFunc  before_rename;
  gpointer             before_rename_data;
};

G_DEFINE_FINAL_TYPE (IzpTemplateLibrary, izp_template_library, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GPtrArray *
izp_template_library_load_shipped (GError **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify) izp_template_free);
  g_autoptr(GBytes) index = NULL;
  g_auto(GStrv) names = NULL;
  GResource *resource = izp_templates_get_resource ();

  /* The index file gives the kit's order; each line is a file name. */
  index = g_resource_lookup_data (resource, SHIPPED_PATH "/index", 0, error);
  if (index == NULL)
    return NULL;
  names = g_strsplit (g_bytes_get_data (index, NULL), "\n", -1);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      IzpTemplate *template_;
      gsize length;
      const char *data;

      g_strstrip (names[i]);
      if (*names[i] == '\0')
        continue;
      path = g_strdup_printf (SHIPPED_PATH "/%s", names[i]);
      bytes = g_resource_lookup_data (resource, path, 0, error);
      if (bytes == NULL)
        return NULL;
      data = g_bytes_get_data (bytes, &length);
      template_ = izp_template_parse_file (data, length, &local_error);
      if (template_ == NULL)
        {
          g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_INVALID,
                       "%s: %s", names[i], local_error->message);
          return NULL;
        }
      g_ptr_array_add (templates, template_);
    }
  return g_steal_pointer (&templates);
}

char *
izp_template_library_default_edits_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "izyinbox-partner", "templates", NULL);
}

static char *
edit_path (IzpTemplateLibrary *self,
           const char         *id)
{
  g_autofree char *name = g_strdup_printf ("%s.txt", id);

  return g_build_filename (self->edits_dir, name, NULL);
}

static void
load_edits (IzpTemplateLibrary *self)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (self->edits_dir, 0, NULL);
  if (dir == NULL)
    return;   /* no edits yet */

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->edits_dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      IzpTemplate *edit;
      gsize length;

      /* A save killed before its rename: the previous file is intact. */
      if (izp_atomic_file_is_leftover (name))
        {
          g_unlink (path);
          continue;
        }
      if (!g_str_has_suffix (name, ".txt"))
        continue;
      if (!g_file_get_contents (path, &contents, &length, &error) ||
          (edit = izp_template_parse_file (contents, length, &error)) == NULL)
        {
          /* Left on disk, untouched: the user's text is never deleted. */
          g_debug ("Edit %s not used: %s", path, error->message);
          continue;
        }
      if (strlen (name) != strlen (edit->id) + 4 || strncmp (name, edit->id, strlen (edit->id)) != 0)
        {
          g_debug ("Edit %s not used: its id is %s", path, edit->id);
          izp_template_free (edit);
          continue;
        }
      if (!g_ptr_array_find_with_equal_func (self->order, edit->id, g_str_equal, NULL))
        g_ptr_array_add (self->order, g_strdup (edit->id));
      g_hash_table_replace (self->edits, edit->id, edit);
    }
}

static void
izp_template_library_finalize (GObject *object)
{
  IzpTemplateLibrary *self = IZP_TEMPLATE_LIBRARY (object);

  g_free (self->edits_dir);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->official);
  g_hash_table_unref (self->edits);

  G_OBJECT_CLASS (izp_template_library_parent_class)->finalize (object);
}

static void
izp_template_library_class_init (IzpTemplateLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = izp_template_library_finalize;

  /* A template's official text or edit changed; the detail-less argument
   * is its id. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
izp_template_library_init (IzpTemplateLibrary *self)
{
  self->order = g_ptr_array_new_with_free_func (g_free);
  self->official = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) izp_template_free);
  self->edits = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) izp_template_free);
}

IzpTemplateLibrary *
izp_template_library_new (const char  *edits_dir,
                          GError     **error)
{
  g_autoptr(IzpTemplateLibrary) self = g_object_new (IZP_TYPE_TEMPLATE_LIBRARY, NULL);
  g_autoptr(GPtrArray) shipped = NULL;

  shipped = izp_template_library_load_shipped (error);
  if (shipped == NULL)
    return NULL;
  self->edits_dir = edits_dir != NULL ? g_strdup (edits_dir) : izp_template_library_default_edits_dir ();
  for (guint i = 0; i < shipped->len; i++)
    {
      IzpTemplate *template_ = izp_template_copy (g_ptr_array_index (shipped, i));

      g_ptr_array_add (self->order, g_strdup (template_->id));
      g_hash_table_replace (self->official, template_->id, template_);
    }
  load_edits (self);
  return g_steal_pointer (&self);
}

const char *
izp_template_library_get_edits_dir (IzpTemplateLibrary *self)
{
  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), NULL);

  return self->edits_dir;
}

void
izp_template_library_add_official (IzpTemplateLibrary *self,
                                   GPtrArray          *templates)
{
  g_return_if_fail (IZP_IS_TEMPLATE_LIBRARY (self));
  g_return_if_fail (templates != NULL);

  for (guint i = 0; i < templates->len; i++)
    {
      const IzpTemplate *template_ = g_ptr_array_index (templates, i);
      const IzpTemplate *current = g_hash_table_lookup (self->official, template_->id);
      IzpTemplate *copy;

      if (!izp_template_id_is_valid (template_->id) ||
          (current != NULL && current->version >= template_->version))
        continue;
      copy = izp_template_copy (template_);
      copy->based_on = 0;
      if (!g_ptr_array_find_with_equal_func (self->order, copy->id, g_str_equal, NULL))
        g_ptr_array_add (self->order, g_strdup (copy->id));
      g_hash_table_replace (self->official, copy->id, copy);
      g_signal_emit (self, signals[CHANGED], 0, copy->id);
    }
}

GStrv
izp_template_library_list_ids (IzpTemplateLibrary *self)
{
  GStrvBuilder *builder;
  GStrv ids;

  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->order->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->order, i));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

const IzpTemplate *
izp_template_library_get_official (IzpTemplateLibrary *self,
                                   const char         *id)
{
  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->official, id);
}

const IzpTemplate *
izp_template_library_get_edit (IzpTemplateLibrary *self,
                               const char         *id)
{
  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->edits, id);
}

const IzpTemplate *
izp_template_library_get (IzpTemplateLibrary *self,
                          const char         *id)
{
  const IzpTemplate *edit = izp_template_library_get_edit (self, id);

  return edit != NULL ? edit : izp_template_library_get_official (self, id);
}

gboolean
izp_template_library_has_newer_official (IzpTemplateLibrary *self,
                                         const char         *id)
{
  const IzpTemplate *edit = izp_template_library_get_edit (self, id);
  const IzpTemplate *official = izp_template_library_get_official (self, id);

  return edit != NULL && official != NULL && official->version > edit->based_on;
}

static gboolean
write_edit (IzpTemplateLibrary *self,
            IzpTemplate        *edit,
            GError            **error)
{
  g_autofree char *path = edit_path (self, edit->id);
  g_autofree char *contents = izp_template_to_file (edit);

  if (!izp_atomic_file_write (path, contents, strlen (contents),
                              self->before_rename, self->before_rename_data, error))
    {
      izp_template_free (edit);
      return FALSE;
    }
  g_hash_table_replace (self->edits, edit->id, edit);
  g_signal_emit (self, signals[CHANGED], 0, edit->id);
  return TRUE;
}

static gboolean
check_known (IzpTemplateLibrary *self,
             const char         *id,
             GError            **error)
{
  if (izp_template_library_get (self, id) != NULL)
    return TRUE;
  g_set_error (error, IZP_TEMPLATE_ERROR, IZP_TEMPLATE_ERROR_NOT_FOUND,
               _("There is no template “%s”."), id);
  return FALSE;
}

gboolean
izp_template_library_save_edit (IzpTemplateLibrary *self,
                                const char         *id,
                                const char         *subject,
                                const char         *body,
                                GError            **error)
{
  const IzpTemplate *base;
  const IzpTemplate *previous;
  IzpTemplate *edit;

  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), FALSE);
  g_return_val_if_fail (id != NULL && subject != NULL && body != NULL, FALSE);

  if (!check_known (self, id, error))
    return FALSE;
  base = izp_template_library_get (self, id);
  previous = izp_template_library_get_edit (self, id);
  edit = izp_template_new (id, base->version, base->title, subject, body);
  /* An edit stays based on the version it started from. */
  edit->based_on = previous != NULL ? previous->based_on : base->version;
  return write_edit (self, edit, error);
}

gboolean
izp_template_library_keep_edit (IzpTemplateLibrary *self,
                                const char         *id,
                                GError            **error)
{
  const IzpTemplate *edit;
  const IzpTemplate *official;
  IzpTemplate *kept;

  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  edit = izp_template_library_get_edit (self, id);
  official = izp_template_library_get_official (self, id);
  if (edit == NULL || official == NULL)
    return check_known (self, id, error);
  kept = izp_template_copy (edit);
  kept->based_on = official->version;
  return write_edit (self, kept, error);
}

gboolean
izp_template_library_revert (IzpTemplateLibrary *self,
                             const char         *id,
                             GError            **error)
{
  g_autofree char *path = NULL;
  g_autofree char *own_id = NULL;
  int saved_errno;

  g_return_val_if_fail (IZP_IS_TEMPLATE_LIBRARY (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!check_known (self, id, error))
    return FALSE;
  /* @id may be the edit's own, freed below. */
  id = own_id = g_strdup (id);
  path = edit_path (self, id);
  if (g_unlink (path) != 0 && (saved_errno = errno) != ENOENT)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not delete “%s”: %s."), path, g_strerror (saved_errno));
      return FALSE;
    }
  g_hash_table_remove (self->edits, id);
  g_signal_emit (self, signals[CHANGED], 0, id);
  return TRUE;
}

void
izp_template_library_set_before_rename_func (IzpTemplateLibrary  *self,
                                             IzpBeforeRenameFunc  func,
                                             gpointer             user_data)
{
  g_return_if_fail (IZP_IS_TEMPLATE_LIBRARY (self));

  self->before_rename = func;
  self->before_rename_data = user_data;
}
