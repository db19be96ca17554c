/* izp-commission-statement.c — the printable A4 "Relevé de commissions" (PDF)
 *
 * Rows have fixed heights, so the page breaks are known before drawing: a
 * first pass without a cairo context counts the pages, the second draws
 * them with "Page n / N" in the footer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "izp-format.h"
#include "izp-commission-statement.h"
#include "izp-ledger-filter.h"

/* A4 in points. */
#define PAGE_WIDTH    595.276
#define PAGE_HEIGHT   841.890
#define MARGIN        48.0
#define BODY_BOTTOM   (PAGE_HEIGHT - MARGIN - 20.0)
#define CONTENT_WIDTH (PAGE_WIDTH - 2 * MARGIN)

#define ROW_HEIGHT      12.0
#define HEADING_HEIGHT  22.0

typedef enum
{
  ALIGN_LEFT,
  ALIGN_RIGHT,
} Align;

typedef struct
{
  const char *title;
  double      width;
  Align       align;
} Column;

/* Date, client, kind, reference, basis, rate, amount: 499 pt in all. */
static const Column line_columns[] = {
  { N_("Date"), 56, ALIGN_LEFT },
  { N_("Client"), 128, ALIGN_LEFT },
  { N_("Kind"), 74, ALIGN_LEFT },
  { N_("Reference"), 92, ALIGN_LEFT },
  { N_("Basis"), 56, ALIGN_RIGHT },
  { N_("Rate"), 34, ALIGN_RIGHT },
  { N_("Amount"), 59, ALIGN_RIGHT },
};

typedef struct
{
  const IzpStatementRequest *request;
  cairo_t                   *cr;          /* NULL while counting pages */
  PangoLayout               *layout;
  PangoFontDescription      *regular;
  PangoFontDescription      *bold;
  PangoFontDescription      *title;
  char                      *period_text;
  double                     y;
  guint                      page;
  guint                      n_pages;     /* known on the drawing pass */
} Renderer;

static void
draw_text (Renderer                   *r,
           double                      x,
           double                      width,
           const char                 *text,
           Align                       align,
           const PangoFontDescription *font)
{
  if (r->cr == NULL || text == NULL)
    return;

  pango_layout_set_font_description (r->layout, font);
  pango_layout_set_text (r->layout, text, -1);
  pango_layout_set_width (r->layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (r->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (r->layout, align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  cairo_move_to (r->cr, x, r->y);
  pango_cairo_show_layout (r->cr, r->layout);
}

static void
draw_rule (Renderer *r,
           double    y,
           double    gray)
{
  if (r->cr == NULL)
    return;

  cairo_save (r->cr);
  cairo_set_source_rgb (r->cr, gray, gray, gray);
  cairo_set_line_width (r->cr, 0.5);
  cairo_move_to (r->cr, MARGIN, y);
  cairo_line_to (r->cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (r->cr);
  cairo_restore (r->cr);
}

static void
draw_footer (Renderer *r)
{
  g_autofree char *text = NULL;
  double y = r->y;

  if (r->cr == NULL)
    return;

  text = g_strdup_printf (_("Page %u / %u"), r->page, r->n_pages);
  r->y = PAGE_HEIGHT - MARGIN;
  draw_text (r, MARGIN, CONTENT_WIDTH, text, ALIGN_RIGHT, r->regular);
  draw_text (r, MARGIN, CONTENT_WIDTH - 80, r->request->cabinet, ALIGN_LEFT, r->regular);
  r->y = y;
}

static void
start_page (Renderer *r)
{
  r->page++;
  r->y = MARGIN;

  if (r->page == 1)
    {
      g_autofree char *issued = izp_format_date (r->request->issued_on);
      g_autofree char *issued_text = g_strdup_printf (_("Issued on %s · amounts in %s, excluding VAT"),
                                                      issued, r->request->ledger->currency);

      draw_text (r, MARGIN, CONTENT_WIDTH, _("Commission statement"), ALIGN_LEFT, r->title);
      r->y += 26;
      draw_text (r, MARGIN, CONTENT_WIDTH, r->request->cabinet, ALIGN_LEFT, r->bold);
      r->y += 14;
      draw_text (r, MARGIN, CONTENT_WIDTH, r->period_text, ALIGN_LEFT, r->regular);
      r->y += 12;
      draw_text (r, MARGIN, CONTENT_WIDTH, issued_text, ALIGN_LEFT, r->regular);
      r->y += 20;
    }
  else
    {
      g_autofree char *running = g_strdup_printf ("%s — %s", _("Commission statement"),
                                                  r->period_text);

      draw_text (r, MARGIN, CONTENT_WIDTH, running, ALIGN_LEFT, r->regular);
      r->y += 18;
    }
}

static void
end_page (Renderer *r)
{
  draw_footer (r);
  if (r->cr != NULL)
    cairo_show_page (r->cr);
}

/* Starts a new page unless @height still fits; returns TRUE on a new page. */
static gboolean
need (Renderer *r,
      double    height)
{
  if (r->y + height <= BODY_BOTTOM)
    return FALSE;
  end_page (r);
  start_page (r);
  return TRUE;
}

static void
draw_cells (Renderer                   *r,
            const char * const         *cells,
            const PangoFontDescription *font)
{
  double x = MARGIN;

  for (guint i = 0; i < G_N_ELEMENTS (line_columns); i++)
    {
      /* A little air between columns. */
      draw_text (r, x, line_columns[i].width - 4, cells[i], line_columns[i].align, font);
      x += line_columns[i].width;
    }
  r->y += ROW_HEIGHT;
}

static void
draw_column_header (Renderer *r)
{
  const char *cells[G_N_ELEMENTS (line_columns)];

  for (guint i = 0; i < G_N_ELEMENTS (line_columns); i++)
    cells[i] = _(line_columns[i].title);
  draw_cells (r, cells, r->bold);
  draw_rule (r, r->y, 0.4);
  r->y += 2;
}

static void
draw_month_heading (Renderer   *r,
                    IzpDate     day,
                    gboolean    continued)
{
  g_autofree char *month = izp_format_month (day);
  g_autofree char *text = continued ? g_strdup_printf (_("%s (continued)"), month)
                                    : g_strdup (month);

  r->y += 6;
  draw_text (r, MARGIN, CONTENT_WIDTH, text, ALIGN_LEFT, r->bold);
  r->y += 16;
  draw_column_header (r);
}

static void
draw_line (Renderer            *r,
           const IzpLedgerLine *line)
{
  const char *currency = r->request->ledger->currency;
  g_autofree char *date = izp_format_date (line->accrued_on);
  g_autofree char *basis = line->rate_bp != 0 ? izp_money_format (line->basis_cents, currency) : NULL;
  g_autofree char *rate = line->rate_bp != 0 ? izp_format_rate (line->rate_bp) : NULL;
  g_autofree char *amount = izp_money_format (line->amount_cents, currency);
  const char *client = NULL;
  const char *cells[G_N_ELEMENTS (line_columns)];

  if (line->client_id != NULL)
    {
      if (r->request->names != NULL)
        client = g_hash_table_lookup (r->request->names, line->client_id);
      if (client == NULL)
        client = line->client_id;
    }

  cells[0] = date;
  cells[1] = client;
  cells[2] = izp_ledger_kind_get_label (line->kind);
  cells[3] = line->ref;
  cells[4] = basis;
  cells[5] = rate;
  cells[6] = amount;
  draw_cells (r, cells, r->regular);
}

static void
draw_label_amount (Renderer                   *r,
                   const char                 *label,
                   IzpCents                    cents,
                   const PangoFontDescription *font)
{
  g_autofree char *amount = izp_money_format (cents, r->request->ledger->currency);

  need (r, ROW_HEIGHT);
  draw_text (r, MARGIN, CONTENT_WIDTH - 120, label, ALIGN_LEFT, font);
  draw_text (r, PAGE_WIDTH - MARGIN - 120, 120, amount, ALIGN_RIGHT, font);
  r->y += ROW_HEIGHT;
}

static void
draw_section_heading (Renderer   *r,
                      const char *text,
                      double      keep_with)
{
  need (r, HEADING_HEIGHT + keep_with);
  r->y += 8;
  draw_text (r, MARGIN, CONTENT_WIDTH, text, ALIGN_LEFT, r->bold);
  r->y += 14;
  draw_rule (r, r->y, 0.4);
  r->y += 2;
}

/* One whole pass over the document; draws when r->cr is set. */
static gboolean
render (Renderer      *r,
        GArray        *rows,
        IzpProgressFunc progress,
        gpointer       user_data,
        GCancellable  *cancellable,
        GError       **error)
{
  const IzpLedger *ledger = r->request->ledger;
  const IzpLedgerLine *lines = (const IzpLedgerLine *) (gpointer) ledger->lines->data;
  IzpCents by_kind[IZP_LEDGER_N_KINDS] = { 0 };
  IzpCents month_total = 0;
  IzpCents total = 0;
  int current_month = -1;
  IzpDate current_day = IZP_DATE_NONE;

  r->page = 0;
  start_page (r);

  if (rows->len == 0)
    {
      r->y += 8;
      draw_text (r, MARGIN, CONTENT_WIDTH, _("No commission in this period."), ALIGN_LEFT, r->regular);
      r->y += ROW_HEIGHT;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      const IzpLedgerLine *line = &lines[g_array_index (rows, guint, i)];
      int month = izp_date_get_year (line->accrued_on) * 12 + izp_date_get_month (line->accrued_on);

      if (month != current_month)
        {
          if (current_month != -1)
            draw_label_amount (r, _("Total of the month"), month_total, r->bold);
          month_total = 0;
          current_month = month;
          current_day = line->accrued_on;
          /* A heading never sits alone at the foot of a page. */
          need (r, 6 + 16 + ROW_HEIGHT * 3);
          draw_month_heading (r, current_day, FALSE);
        }
      else if (need (r, ROW_HEIGHT))
        draw_month_heading (r, current_day, TRUE);

      draw_line (r, line);
      month_total += line->amount_cents;
      by_kind[line->kind] += line->amount_cents;
      total += line->amount_cents;

      if ((i & 4095) == 4095)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          if (progress != NULL && r->cr != NULL)
            progress ((double) i / rows->len, user_data);
        }
    }
  if (current_month != -1)
    draw_label_amount (r, _("Total of the month"), month_total, r->bold);

  draw_section_heading (r, _("Totals by kind"), ROW_HEIGHT * 2);
  for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
    {
      if (by_kind[k] != 0)
        draw_label_amount (r, izp_ledger_kind_get_label ((IzpLedgerKind) k), by_kind[k], r->regular);
    }
  draw_label_amount (r, _("Total for the period"), total, r->bold);

  if (r->request->batches != NULL && r->request->batches->len > 0)
    {
      draw_section_heading (r, _("Payouts"), ROW_HEIGHT * 2);
      for (guint i = 0; i < r->request->batches->len; i++)
        {
          const IzpPayoutBatch *batch = &g_array_index (r->request->batches, IzpPayoutBatch, i);
          g_autofree char *due = izp_format_date (batch->period.due_on);
          g_autofree char *label = NULL;

          if ((r->request->from != IZP_DATE_NONE && batch->period.period_end < r->request->from) ||
              (r->request->to != IZP_DATE_NONE && batch->period.period_start > r->request->to))
            continue;
          label = g_strdup_printf (_("Batch %s, due on %s: %s"), batch->period.key, due,
                                   izp_payout_state_get_label (batch->state));
          draw_label_amount (r, label, batch->total_cents, r->regular);
        }
    }

  end_page (r);
  return TRUE;
}

static char *
describe_period (const IzpStatementRequest *request,
                 GArray                    *rows)
{
  const IzpLedgerLine *lines = (const IzpLedgerLine *) (gpointer) request->ledger->lines->data;
  IzpDate from = request->from;
  IzpDate to = request->to;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  if (rows->len > 0 && from == IZP_DATE_NONE)
    from = lines[g_array_index (rows, guint, 0)].accrued_on;
  if (rows->len > 0 && to == IZP_DATE_NONE)
    to = lines[g_array_index (rows, guint, rows->len - 1)].accrued_on;
  if (from == IZP_DATE_NONE || to == IZP_DATE_NONE)
    return g_strdup (_("All periods"));

  from_text = izp_format_date (from);
  to_text = izp_format_date (to);
  return g_strdup_printf (_("Period from %s to %s"), from_text, to_text);
}

/**
 * izp_commission_statement_write_pdf:
 * @progress: (nullable) (scope call)
 * @out_n_pages: (out) (optional)
 *
 * Writes the statement of the lines accrued from @request->from to
 * @request->to to @path.
 */
gboolean
izp_commission_statement_write_pdf (const IzpStatementRequest  *request,
                                    const char                 *path,
                                    IzpProgressFunc             progress,
                                    gpointer                    user_data,
                                    GCancellable               *cancellable,
                                    guint                      *out_n_pages,
                                    GError                    **error)
{
  g_autoptr(GArray) rows = NULL;
  IzpLedgerFilter filter;
  cairo_surface_t *surface;
  cairo_status_t status;
  Renderer r = { 0 };
  gboolean ok;

  g_return_val_if_fail (request != NULL && request->ledger != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  izp_ledger_filter_init (&filter);
  filter.from = request->from;
  filter.to = request->to;
  rows = izp_ledger_filter_rows (&filter, request->ledger);
  izp_ledger_sort_rows (request->ledger, (guint *) (gpointer) rows->data, rows->len,
                        IZP_LEDGER_SORT_DATE, FALSE, NULL);

  r.request = request;
  r.period_text = describe_period (request, rows);
  r.regular = pango_font_description_from_string ("Sans 7.5");
  r.bold = pango_font_description_from_string ("Sans Bold 8");
  r.title = pango_font_description_from_string ("Sans Bold 16");

  /* Pass 1: count the pages. */
  ok = render (&r, rows, NULL, NULL, cancellable, error);
  r.n_pages = r.page;

  if (ok)
    {
      surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Commission statement"));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "IzyInbox Partenaires");
      r.cr = cairo_create (surface);
      r.layout = pango_cairo_create_layout (r.cr);
      cairo_set_source_rgb (r.cr, 0, 0, 0);

      ok = render (&r, rows, progress, user_data, cancellable, error);

      g_clear_object (&r.layout);
      cairo_destroy (r.cr);
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
      cairo_surface_destroy (surface);
      if (ok && status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Could not write the statement %s: %s"), path,
                       cairo_status_to_string (status));
          ok = FALSE;
        }
      if (!ok)
        g_unlink (path);
    }

  pango_font_description_free (r.regular);
  pango_font_description_free (r.bold);
  pango_font_description_free (r.title);
  g_free (r.period_text);

  if (ok && out_n_pages != NULL)
    *out_n_pages = r.n_pages;
  if (ok && progress != NULL)
    progress (1.0, user_data);
  return ok;
}
