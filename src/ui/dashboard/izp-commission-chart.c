/* izp-commission-chart.c — commission per month as bars, drawn with GtkSnapshot
 *
 * In the manner of GNOME Usage's graphs: a few light grid lines with their
 * amounts in whole euros on the left, one bar per month in the theme's
 * accent colour, the month's short French name under it. The values are
 * also the widget's accessible description, for screen readers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-commission-chart.h"

#define MAX_VALUES   24
#define LABEL_GAP    6
#define BAR_SPACING  0.3   /* of a bar's slot */

struct _IzpCommissionChart
{
  GtkWidget  parent_instance;

  IzpDate    months[MAX_VALUES];
  IzpCents   cents[MAX_VALUES];
  guint      n_values;
  char      *currency;
  char      *description;
};

G_DEFINE_FINAL_TYPE (IzpCommissionChart, izp_commission_chart, GTK_TYPE_WIDGET)

/* A round top for the axis, in cents (1, 2 or 5 times a power of ten
 * euros), and its grid lines: quarters of 1 and 2, fifths of 5, so that
 * every line falls on a round amount. */
static IzpCents
axis_top (IzpCents  largest,
          int      *out_lines)
{
  IzpCents step = 100;

  *out_lines = 4;
  if (largest <= 0)
    return 10000;
  while (TRUE)
    {
      if (largest <= step)
        return step;
      if (largest <= 2 * step)
        return 2 * step;
      if (largest <= 5 * step)
        {
          *out_lines = 5;
          return 5 * step;
        }
      step *= 10;
    }
}

/* `1 500 €`: whole units, the currency as money is written. */
static char *
format_axis_amount (IzpCents    cents,
                    const char *currency)
{
  g_autofree char *units = izp_format_count (cents / 100);

  if (g_strcmp0 (currency, "CHF") == 0)
    return g_strconcat (units, IZP_FORMAT_UNIT_SEPARATOR, "CHF", NULL);
  return g_strconcat (units, IZP_FORMAT_UNIT_SEPARATOR, "€", NULL);
}

static void
lookup_colors (GtkWidget *widget,
               GdkRGBA   *accent,
               GdkRGBA   *text)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, text);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", accent))
    gdk_rgba_parse (accent, "#3584e4");
}

static void
append_layout (GtkSnapshot  *snapshot,
               PangoLayout  *layout,
               float         x,
               float         y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
izp_commission_chart_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  IzpCommissionChart *self = IZP_COMMISSION_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA accent, text, grid, dim;
  IzpCents largest = 0, top;
  int axis_width = 0, label_height = 0, text_width, grid_lines;
  float plot_left, plot_bottom, plot_height, slot;

  if (self->n_values == 0 || width <= 0 || height <= 0)
    return;

  lookup_colors (widget, &accent, &text);
  grid = text;
  grid.alpha = 0.15f;
  dim = text;
  dim.alpha = 0.7f;

  for (guint i = 0; i < self->n_values; i++)
    largest = MAX (largest, self->cents[i]);
  top = axis_top (largest, &grid_lines);

  /* The widest amount sets the axis' width. */
  for (int g = 0; g <= grid_lines; g++)
    {
      g_autofree char *amount = format_axis_amount (top * g / grid_lines, self->currency);

      pango_layout_set_text (layout, amount, -1);
      pango_layout_get_pixel_size (layout, &text_width, &label_height);
      axis_width = MAX (axis_width, text_width);
    }

  plot_left = axis_width + LABEL_GAP;
  plot_bottom = height - label_height - LABEL_GAP;
  plot_height = plot_bottom - label_height / 2.0f;
  if (plot_height <= 0 || width - plot_left <= 0)
    return;

  for (int g = 0; g <= grid_lines; g++)
    {
      g_autofree char *amount = format_axis_amount (top * g / grid_lines, self->currency);
      float y = plot_bottom - plot_height * g / grid_lines;

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT (plot_left, y, width - plot_left, 1));
      pango_layout_set_text (layout, amount, -1);
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      append_layout (snapshot, layout, axis_width - text_width, y - label_height / 2.0f, &dim);
    }

  slot = (width - plot_left) / self->n_values;
  for (guint i = 0; i < self->n_values; i++)
    {
      g_autofree char *month = izp_format_month_short (self->months[i]);
      float bar_height = self->cents[i] > 0 ? plot_height * (float) self->cents[i] / (float) top : 0;
      float x = plot_left + slot * i;
      GskRoundedRect bar;

      if (bar_height > 0)
        {
          gsk_rounded_rect_init (&bar,
                                 &GRAPHENE_RECT_INIT (x + slot * BAR_SPACING / 2, plot_bottom - bar_height,
                                                      slot * (1 - BAR_SPACING), bar_height),
                                 &GRAPHENE_SIZE_INIT (3, 3), &GRAPHENE_SIZE_INIT (3, 3),
                                 &GRAPHENE_SIZE_INIT (0, 0), &GRAPHENE_SIZE_INIT (0, 0));
          gtk_snapshot_push_rounded_clip (snapshot, &bar);
          gtk_snapshot_append_color (snapshot, &accent, &bar.bounds);
          gtk_snapshot_pop (snapshot);
        }

      /* Every month's name when there is room, else every other one. */
      pango_layout_set_text (layout, month, -1);
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      if (text_width + 4 <= slot || (self->n_values - 1 - i) % 2 == 0)
        append_layout (snapshot, layout, x + (slot - text_width) / 2, plot_bottom + LABEL_GAP, &dim);
    }
}

static void
izp_commission_chart_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 600;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

static void
izp_commission_chart_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (izp_commission_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
izp_commission_chart_finalize (GObject *object)
{
  IzpCommissionChart *self = IZP_COMMISSION_CHART (object);

  g_free (self->currency);
  g_free (self->description);

  G_OBJECT_CLASS (izp_commission_chart_parent_class)->finalize (object);
}

static void
izp_commission_chart_class_init (IzpCommissionChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = izp_commission_chart_finalize;
  widget_class->snapshot = izp_commission_chart_snapshot;
  widget_class->measure = izp_commission_chart_measure;
  widget_class->css_changed = izp_commission_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "commission-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
izp_commission_chart_init (IzpCommissionChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Commission per month"),
                                  -1);
}

GtkWidget *
izp_commission_chart_new (void)
{
  return g_object_new (IZP_TYPE_COMMISSION_CHART, NULL);
}

void
izp_commission_chart_set_values (IzpCommissionChart *self,
                                 const IzpDate      *months,
                                 const IzpCents     *cents,
                                 guint               n_values,
                                 const char         *currency)
{
  GString *description = g_string_new (NULL);

  g_return_if_fail (IZP_IS_COMMISSION_CHART (self));
  g_return_if_fail (n_values <= MAX_VALUES);

  memcpy (self->months, months, n_values * sizeof *months);
  memcpy (self->cents, cents, n_values * sizeof *cents);
  self->n_values = n_values;
  g_free (self->currency);
  self->currency = g_strdup (currency);

  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *month = izp_format_month (months[i]);
      g_autofree char *amount = izp_money_format (cents[i], currency);

      /* Translators: one month of the chart's description: "novembre 2026 : 674,25 €" */
      g_string_append_printf (description, _("%s: %s"), month, amount);
      g_string_append (description, i + 1 < n_values ? "; " : ".");
    }
  g_free (self->description);
  self->description = g_string_free (description, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
izp_commission_chart_get_description (IzpCommissionChart *self)
{
  g_return_val_if_fail (IZP_IS_COMMISSION_CHART (self), NULL);

  return self->description;
}
