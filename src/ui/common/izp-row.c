/* izp-row.c — a boxed list's row: a title, a subtitle, prefixes and suffixes
 *
 * It looks like AdwActionRow — the same nodes and style classes, so
 * libadwaita's style sheet draws it the same — but its title and subtitle
 * sit in a grid, not a vertical box. With GTK 4.8, a horizontal box that
 * holds a vertical box of wrapping labels finds their height by trying
 * widths one after the other, each a new Pango layout: about 2 ms a row,
 * and the dashboard shows some thirty rows in its first frame. The grid
 * measures each label once for a given width.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "izp-row.h"

/* The narrowest a title or subtitle gets, in characters: a long word still
 * breaks (word-char wrapping), and Pango is not asked to break the text
 * after every character to find the narrowest width. */
#define MIN_WIDTH_CHARS 12

struct _IzpRow
{
  AdwPreferencesRow  parent_instance;

  GtkWidget         *prefixes;
  GtkLabel          *title;
  GtkLabel          *subtitle;
  GtkWidget         *suffixes;
};

G_DEFINE_FINAL_TYPE (IzpRow, izp_row, ADW_TYPE_PREFERENCES_ROW)

enum
{
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
new_text_label (const char *style_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_width_chars (GTK_LABEL (label), MIN_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, style_class);
  gtk_widget_set_visible (label, FALSE);
  return GTK_LABEL (label);
}

static void
show_text (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
on_title_changed (IzpRow *self)
{
  show_text (self->title, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
}

static GtkWidget *
new_end_box (const char *style_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, style_class);
  gtk_widget_set_visible (box, FALSE);
  return box;
}

static void
izp_row_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  IzpRow *self = IZP_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, izp_row_get_subtitle (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_row_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  IzpRow *self = IZP_ROW (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      izp_row_set_subtitle (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_row_class_init (IzpRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = izp_row_get_property;
  object_class->set_property = izp_row_set_property;

  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
izp_row_init (IzpRow *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  /* Named "box" with the class "title", as AdwActionRow's: the style
   * sheet gives it its margins and the space between the two lines. */
  GtkWidget *text = g_object_new (GTK_TYPE_GRID, "css-name", "box", NULL);

  gtk_widget_add_css_class (header, "header");
  gtk_widget_set_valign (header, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (header, FALSE);

  self->prefixes = new_end_box ("prefixes");
  self->title = new_text_label ("title");
  self->subtitle = new_text_label ("subtitle");
  self->suffixes = new_end_box ("suffixes");

  gtk_widget_add_css_class (text, "title");
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_grid_attach (GTK_GRID (text), GTK_WIDGET (self->title), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (text), GTK_WIDGET (self->subtitle), 0, 1, 1, 1);

  gtk_box_append (GTK_BOX (header), self->prefixes);
  gtk_box_append (GTK_BOX (header), text);
  gtk_box_append (GTK_BOX (header), self->suffixes);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), header);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->subtitle, NULL,
                                  -1);
  g_signal_connect (self, "notify::title", G_CALLBACK (on_title_changed), NULL);
}

/**
 * izp_row_new:
 * @title: the first line, plain text
 * @subtitle: (nullable): the second line, plain text
 */
GtkWidget *
izp_row_new (const char *title,
             const char *subtitle)
{
  return g_object_new (IZP_TYPE_ROW,
                       /* Company names hold “&”: plain text. */
                       "use-markup", FALSE,
                       "title", title,
                       "subtitle", subtitle,
                       NULL);
}

const char *
izp_row_get_subtitle (IzpRow *self)
{
  g_return_val_if_fail (IZP_IS_ROW (self), NULL);

  return gtk_label_get_text (self->subtitle);
}

void
izp_row_set_subtitle (IzpRow     *self,
                      const char *subtitle)
{
  g_return_if_fail (IZP_IS_ROW (self));

  if (g_strcmp0 (izp_row_get_subtitle (self), subtitle != NULL ? subtitle : "") == 0)
    return;
  show_text (self->subtitle, subtitle);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
}

/* Before the title: an icon, say. */
void
izp_row_add_prefix (IzpRow    *self,
                    GtkWidget *widget)
{
  g_return_if_fail (IZP_IS_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (GTK_BOX (self->prefixes), widget);
  gtk_widget_set_visible (self->prefixes, TRUE);
}

/* After the title: a figure, a bar, an arrow. */
void
izp_row_add_suffix (IzpRow    *self,
                    GtkWidget *widget)
{
  g_return_if_fail (IZP_IS_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_box_append (GTK_BOX (self->suffixes), widget);
  gtk_widget_set_visible (self->suffixes, TRUE);
}
