/* izp-commissions-page.c — the “Commissions” section
 *
 * Four views over one IzpCommissionData (computed on a worker thread by
 * the ledger layer, kept on the store so that coming back is instant): the
 * ledger (a GtkColumnView over IzpLedgerModel, filters, totals, grouping
 * with drill-down, exports), the payout batches, the reconciliation with
 * IzyInbox's statements (and the claim e-mail), and the calculator. Every
 * figure comes from the core; this file only lays them out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "izp-commission-claim.h"
#include "izp-commission-csv.h"
#include "izp-format.h"
#include "izp-commission-projection.h"
#include "izp-commission-statement.h"
#include "izp-commissions-page.h"
#include "izp-ledger-row.h"
#include "izp-when-shown.h"

typedef enum
{
  PERIOD_ALL,
  PERIOD_THIS_MONTH,
  PERIOD_LAST_MONTH,
  PERIOD_THIS_QUARTER,
  PERIOD_LAST_QUARTER,
  PERIOD_THIS_YEAR,
  PERIOD_LAST_YEAR,
  PERIOD_CUSTOM,           /* a group or a batch drilled into */
} Period;

typedef enum
{
  SHOW_LINES,
  SHOW_BY_MONTH,
  SHOW_BY_QUARTER,
  SHOW_BY_YEAR,
} Show;

typedef enum
{
  COLUMN_DATE,
  COLUMN_CLIENT,
  COLUMN_KIND,
  COLUMN_REF,
  COLUMN_BASIS,
  COLUMN_RATE,
  COLUMN_AMOUNT,
  N_COLUMNS,
} Column;

typedef struct
{
  IzpCommissionsPage *page;
  Column              column;
} SortProbe;

struct _IzpCommissionsPage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwViewStack        *view_stack;
  GtkStack            *ledger_state;
  GtkSpinner          *spinner;
  GtkDropDown         *period_dropdown;
  GtkDropDown         *client_dropdown;
  GtkDropDown         *kind_dropdown;
  GtkDropDown         *group_dropdown;
  GtkLabel            *total_label;
  GtkLabel            *by_kind_label;
  GtkRevealer         *progress_revealer;
  GtkProgressBar      *progress_bar;
  GtkStack            *lines_stack;
  GtkColumnView       *ledger_view;
  GtkColumnView       *groups_view;
  GtkStack            *payouts_state;
  GtkLabel            *payouts_summary;
  GtkListBox          *payouts_list;
  GtkStack            *reconciliation_state;
  GtkBox              *reconciliation_box;
  GtkLabel            *reconciliation_summary;
  GtkWidget           *claim_button;
  GtkSpinButton       *starter_spin;
  GtkSpinButton       *pro_spin;
  GtkSpinButton       *enterprise_spin;
  GtkSpinButton       *retention_spin;
  GtkSpinButton       *years_spin;
  AdwComboRow         *tier_row;
  GtkSwitch           *founder_switch;
  AdwComboRow         *model_row;
  GtkLabel            *model_label;
  GtkListBox          *projection_list;
  GtkDrawingArea      *projection_chart;

  IzpSession          *session;
  GCancellable        *cancellable;
  IzpCommissionData   *data;
  IzpDate              today;
  IzpLedgerModel      *model;
  GtkColumnViewColumn *columns[N_COLUMNS];
  SortProbe            probes[N_COLUMNS];
  int                  probed_column;

  GtkStringList       *period_labels;
  GtkStringList       *client_labels;
  GPtrArray           *client_ids;       /* position in client_dropdown − 1 → id */
  IzpDate              custom_from;
  IzpDate              custom_to;
  char                *custom_batch;
  char                *pending_client;   /* to show once the data is there */
  gboolean             updating_filters;

  GtkStringList       *group_keys;
  GArray              *groups;           /* IzpLedgerGroup, as shown */

  GArray              *payouts;          /* IzpPayoutBatch */
  IzpReconciliation   *reconciliation;
  GPtrArray           *reconciliation_groups;
  GArray              *projection;       /* IzpProjectionYear */
  GPtrArray           *toasts;           /* AdwToast shown, dismissed on dispose */
  guint                export_progress;  /* per mille, written by the export thread */
  guint                progress_id;
  gboolean             disposed;         /* the template's widgets are gone */
  gboolean             payouts_stale;
  gboolean             reconciliation_stale;
};

G_DEFINE_FINAL_TYPE (IzpCommissionsPage, izp_commissions_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_data (IzpCommissionsPage *self);

/* libadwaita 1.2 warns when an overlay goes away with a toast still up:
 * the page dismisses its own first. */
static void
show_toast (IzpCommissionsPage *self,
            AdwToast           *toast)
{
  g_ptr_array_add (self->toasts, g_object_ref (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static const char *
currency (IzpCommissionsPage *self)
{
  return self->data != NULL ? izp_commission_data_get_currency (self->data) : "EUR";
}

static IzpDate
today (IzpCommissionsPage *self)
{
  return self->today != IZP_DATE_NONE ? self->today : izp_date_today_local ();
}

/* ------------------------------------------------------------------ */
/* Ledger columns */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  /* Room for a date, an amount, a rate: on a narrow window the view
   * scrolls sideways rather than cutting figures. */
  static const int width_chars[N_COLUMNS] = { 10, 18, 14, 12, 11, 5, 11 };
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);
  gboolean number = column == COLUMN_BASIS || column == COLUMN_RATE || column == COLUMN_AMOUNT;

  gtk_label_set_xalign (GTK_LABEL (label), number ? 1.0 : 0.0);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars[column]);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (number)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

/* Shows @item's line in its cell of @column. */
static void
show_cell (GtkListItem *item,
           Column       column)
{
  IzpLedgerRow *row = gtk_list_item_get_item (item);
  const IzpLedgerLine *line = izp_ledger_row_get_line (row);
  IzpCommissionData *data = izp_ledger_row_get_data (row);
  const char *currency_code = izp_commission_data_get_currency (data);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_DATE:
      text = izp_format_date (line->accrued_on);
      break;
    case COLUMN_CLIENT:
      text = g_strdup (line->client_id != NULL
                       ? izp_commission_data_get_client_name (data, line->client_id) : "—");
      break;
    case COLUMN_KIND:
      text = g_strdup (izp_ledger_kind_get_label (line->kind));
      break;
    case COLUMN_REF:
      text = g_strdup (line->ref);
      break;
    case COLUMN_BASIS:
      text = line->rate_bp != 0 ? izp_money_format (line->basis_cents, currency_code) : g_strdup ("—");
      break;
    case COLUMN_RATE:
      text = line->rate_bp != 0 ? izp_format_rate (line->rate_bp) : g_strdup ("—");
      break;
    case COLUMN_AMOUNT:
      text = izp_money_format (line->amount_cents, currency_code);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text);
}

/* A sort pointed the row at another line. */
static void
on_row_changed (IzpLedgerRow *row,
                GtkListItem  *item)
{
  show_cell (item, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column")));
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  g_object_set_data (G_OBJECT (item), "column", user_data);
  show_cell (item, GPOINTER_TO_INT (user_data));
  g_signal_connect_object (gtk_list_item_get_item (item), "changed", G_CALLBACK (on_row_changed), item, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  gpointer row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_changed, item);
}

/* The view's sorter says which column the user sorted by only through
 * comparisons (GTK 4.8 has no getter): compare two dummies and see which
 * column's sorter it asks, and whether the answer comes back inverted. */
static GtkOrdering
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SortProbe *probe = user_data;

  probe->page->probed_column = (int) probe->column;
  return GTK_ORDERING_SMALLER;
}

static const IzpLedgerSortKey sort_keys[N_COLUMNS] = {
  IZP_LEDGER_SORT_DATE, IZP_LEDGER_SORT_CLIENT, IZP_LEDGER_SORT_KIND, IZP_LEDGER_SORT_REF,
  IZP_LEDGER_SORT_BASIS, IZP_LEDGER_SORT_RATE, IZP_LEDGER_SORT_AMOUNT,
};

static void
on_sorter_changed (GtkSorter          *sorter,
                   GtkSorterChange     change,
                   IzpCommissionsPage *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probed_column < 0)
    izp_ledger_model_sort (self->model, IZP_LEDGER_SORT_DATE, FALSE);
  else
    izp_ledger_model_sort (self->model, sort_keys[self->probed_column], order == GTK_ORDERING_LARGER);
}

static void
add_ledger_columns (IzpCommissionsPage *self)
{
  const char *titles[N_COLUMNS] = {
    _("Date"), _("Client"), _("Kind"), _("Reference"), _("Basis"), _("Rate"), _("Commission"),
  };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      self->probes[i].page = self;
      self->probes[i].column = (Column) i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == COLUMN_CLIENT)
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->ledger_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->ledger_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, 0);
}

/* ------------------------------------------------------------------ */
/* Groups */

typedef enum
{
  GROUP_COLUMN_KEY,
  GROUP_COLUMN_LINES,
  GROUP_COLUMN_TOTAL,
} GroupColumn;

static void
setup_group_cell (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (user_data) == GROUP_COLUMN_KEY ? 0.0 : 1.0);
  gtk_list_item_set_child (item, label);
}

static void
bind_group_cell (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  IzpCommissionsPage *self = g_object_get_data (G_OBJECT (factory), "page");
  guint position = gtk_list_item_get_position (item);
  const IzpLedgerGroup *group;
  g_autofree char *text = NULL;

  if (self->groups == NULL || position >= self->groups->len)
    return;
  group = &g_array_index (self->groups, IzpLedgerGroup, position);
  switch (GPOINTER_TO_INT (user_data))
    {
    case GROUP_COLUMN_KEY:
      text = g_strdup (group->key);
      break;
    case GROUP_COLUMN_LINES:
      text = izp_format_count (group->n_lines);
      break;
    case GROUP_COLUMN_TOTAL:
    default:
      text = izp_money_format (group->total_cents, currency (self));
      break;
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
add_group_columns (IzpCommissionsPage *self)
{
  const char *titles[] = { _("Period"), _("Lines"), _("Commission") };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_group_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_group_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->groups_view, column);
      g_object_unref (column);
    }
}

/* A group's key (`2026`, `2026-Q3`, `2026-07`) as its first and last day. */
static gboolean
range_of_key (const char *key,
              IzpDate    *out_from,
              IzpDate    *out_to)
{
  int year = 0;
  int number = 0;

  if (sscanf (key, "%4d-Q%1d", &year, &number) == 2 && number >= 1 && number <= 4)
    {
      *out_from = izp_date_new (year, 3 * (number - 1) + 1, 1);
      *out_to = izp_date_add_days (izp_date_add_months (*out_from, 3), -1);
      return TRUE;
    }
  if (sscanf (key, "%4d-%2d", &year, &number) == 2 && number >= 1 && number <= 12)
    {
      *out_from = izp_date_new (year, number, 1);
      *out_to = izp_date_end_of_month (*out_from);
      return TRUE;
    }
  if (sscanf (key, "%4d", &year) == 1 && year > 0)
    {
      *out_from = izp_date_new (year, 1, 1);
      *out_to = izp_date_new (year, 12, 31);
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Filters and totals */

static void
set_custom_period (IzpCommissionsPage *self,
                   const char         *label,
                   IzpDate             from,
                   IzpDate             to,
                   const char         *batch_key)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->period_labels));
  const char * const items[] = { label, NULL };

  self->custom_from = from;
  self->custom_to = to;
  g_free (self->custom_batch);
  self->custom_batch = g_strdup (batch_key);
  gtk_string_list_splice (self->period_labels, PERIOD_CUSTOM, n - PERIOD_CUSTOM, items);
}

static void
period_range (IzpCommissionsPage *self,
              Period              period,
              IzpDate            *out_from,
              IzpDate            *out_to)
{
  IzpDate day = today (self);
  int year = izp_date_get_year (day);
  int month = izp_date_get_month (day);
  IzpDate month_start = izp_date_new (year, month, 1);
  IzpDate quarter_start = izp_date_new (year, 3 * ((month - 1) / 3) + 1, 1);

  *out_from = IZP_DATE_NONE;
  *out_to = IZP_DATE_NONE;
  switch (period)
    {
    case PERIOD_THIS_MONTH:
      *out_from = month_start;
      *out_to = izp_date_end_of_month (month_start);
      break;
    case PERIOD_LAST_MONTH:
      *out_from = izp_date_add_months (month_start, -1);
      *out_to = izp_date_add_days (month_start, -1);
      break;
    case PERIOD_THIS_QUARTER:
      *out_from = quarter_start;
      *out_to = izp_date_add_days (izp_date_add_months (quarter_start, 3), -1);
      break;
    case PERIOD_LAST_QUARTER:
      *out_from = izp_date_add_months (quarter_start, -3);
      *out_to = izp_date_add_days (quarter_start, -1);
      break;
    case PERIOD_THIS_YEAR:
      *out_from = izp_date_new (year, 1, 1);
      *out_to = izp_date_new (year, 12, 31);
      break;
    case PERIOD_LAST_YEAR:
      *out_from = izp_date_new (year - 1, 1, 1);
      *out_to = izp_date_new (year - 1, 12, 31);
      break;
    case PERIOD_CUSTOM:
      *out_from = self->custom_from;
      *out_to = self->custom_to;
      break;
    case PERIOD_ALL:
    default:
      break;
    }
}

static void
update_totals (IzpCommissionsPage *self)
{
  IzpCents by_kind[IZP_LEDGER_N_KINDS];
  IzpCents total = izp_ledger_model_get_total (self->model, by_kind);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *amount = izp_money_format (total, currency (self));
  g_autofree char *count = izp_format_count (n_rows);
  g_autofree char *text = NULL;
  g_autoptr(GString) kinds = g_string_new (NULL);

  /* TRANSLATORS: %s lines (a count), then their total amount */
  text = g_strdup_printf (ngettext ("%s line · total %s", "%s lines · total %s", n_rows), count, amount);
  gtk_label_set_text (self->total_label, text);

  for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
    {
      g_autofree char *kind_amount = NULL;

      if (by_kind[k] == 0)
        continue;
      kind_amount = izp_money_format (by_kind[k], currency (self));
      if (kinds->len > 0)
        g_string_append (kinds, " · ");
      g_string_append_printf (kinds, "%s %s", izp_ledger_kind_get_label ((IzpLedgerKind) k), kind_amount);
    }
  gtk_label_set_text (self->by_kind_label, kinds->str);
  gtk_widget_set_visible (GTK_WIDGET (self->by_kind_label), kinds->len > 0);
}

/* The filter the drop-downs say. */
static void
read_filter (IzpCommissionsPage *self,
             IzpLedgerFilter    *filter)
{
  Period period = gtk_drop_down_get_selected (self->period_dropdown);
  guint client = gtk_drop_down_get_selected (self->client_dropdown);
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  izp_ledger_filter_init (filter);
  period_range (self, period, &filter->from, &filter->to);
  if (period == PERIOD_CUSTOM)
    filter->batch_key = self->custom_batch;
  if (client != GTK_INVALID_LIST_POSITION && client > 0 && client - 1 < self->client_ids->len)
    filter->client_id = g_ptr_array_index (self->client_ids, client - 1);
  if (kind != GTK_INVALID_LIST_POSITION && kind > 0)
    filter->kind = (int) kind - 1;
}

/* Totals, and the lines or their groups, of what the model holds. */
static void
show_rows (IzpCommissionsPage *self)
{
  Show show = gtk_drop_down_get_selected (self->group_dropdown);
  guint n_rows;

  update_totals (self);
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n_rows == 0)
    gtk_stack_set_visible_child_name (self->lines_stack, "none");
  else if (show == SHOW_LINES)
    gtk_stack_set_visible_child_name (self->lines_stack, "lines");
  else
    {
      IzpGroupBy by = show == SHOW_BY_MONTH ? IZP_GROUP_BY_MONTH
                      : show == SHOW_BY_QUARTER ? IZP_GROUP_BY_QUARTER : IZP_GROUP_BY_YEAR;
      const guint *rows = izp_ledger_model_get_rows (self->model, &n_rows);
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      guint n_keys = g_list_model_get_n_items (G_LIST_MODEL (self->group_keys));

      g_clear_pointer (&self->groups, g_array_unref);
      self->groups = izp_ledger_group_rows (izp_commission_data_get_ledger (self->data), by, rows, n_rows);
      for (guint i = 0; i < self->groups->len; i++)
        g_ptr_array_add (keys, g_array_index (self->groups, IzpLedgerGroup, i).key);
      g_ptr_array_add (keys, NULL);
      gtk_string_list_splice (self->group_keys, 0, n_keys, (const char * const *) keys->pdata);
      gtk_stack_set_visible_child_name (self->lines_stack, "groups");
    }
}

static void
apply_filters (IzpCommissionsPage *self)
{
  IzpLedgerFilter filter;

  if (self->updating_filters || self->data == NULL)
    return;

  read_filter (self, &filter);
  izp_ledger_model_set_filter (self->model, &filter);
  show_rows (self);
}

static void
on_filter_changed (IzpCommissionsPage *self)
{
  apply_filters (self);
}

/* Drill-down: a group's lines. */
static void
on_group_activated (GtkColumnView      *view,
                    guint               position,
                    IzpCommissionsPage *self)
{
  const IzpLedgerGroup *group;
  IzpDate from;
  IzpDate to;
  g_autofree char *key = NULL;

  if (self->groups == NULL || position >= self->groups->len)
    return;
  group = &g_array_index (self->groups, IzpLedgerGroup, position);
  if (!range_of_key (group->key, &from, &to))
    return;

  /* A month reads as “décembre 2025”; quarters and years as their keys. */
  key = strlen (group->key) == 7 && group->key[4] == '-' && group->key[5] != 'Q'
        ? izp_format_month (from) : g_strdup (group->key);
  self->updating_filters = TRUE;
  set_custom_period (self, key, from, to, NULL);
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_CUSTOM);
  gtk_drop_down_set_selected (self->group_dropdown, SHOW_LINES);
  self->updating_filters = FALSE;
  apply_filters (self);
}

/* Clients that have a line, by name, for the client filter. */
static void
fill_client_filter (IzpCommissionsPage *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->client_labels));
  GPtrArray *clients;

  g_ptr_array_set_size (self->client_ids, 0);
  g_ptr_array_add (labels, (gpointer) _("All clients"));
  if (self->data != NULL)
    {
      clients = izp_commission_data_get_clients_by_name (self->data);
      for (guint i = 0; i < clients->len; i++)
        {
          g_ptr_array_add (self->client_ids, clients->pdata[i]);
          g_ptr_array_add (labels, (gpointer) izp_commission_data_get_client_name (self->data, clients->pdata[i]));
        }
    }
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->client_labels, 0, n_labels, (const char * const *) labels->pdata);
}

/* The ledger, line by line, of every kind, for @period and the client at
 * @client_position of the client filter (0: every client): a batch or a
 * client drilled into. */
static void
show_lines_of (IzpCommissionsPage *self,
               Period              period,
               guint               client_position)
{
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->period_dropdown, period);
  gtk_drop_down_set_selected (self->client_dropdown, client_position);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->group_dropdown, SHOW_LINES);
  self->updating_filters = FALSE;
  apply_filters (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "ledger");
}

/* All of one client's lines; or, when the client has none (no paid
 * invoice yet), all lines and a toast that says so. */
static void
select_client (IzpCommissionsPage *self,
               const char         *client_id)
{
  guint position = 0;

  for (guint i = 0; i < self->client_ids->len; i++)
    if (g_str_equal (self->client_ids->pdata[i], client_id))
      position = i + 1;
  show_lines_of (self, PERIOD_ALL, position);
  if (position == 0)
    show_toast (self, adw_toast_new (_("No commission for this client yet")));
}

/* ------------------------------------------------------------------ */
/* Payouts */

static void
on_batch_activated (AdwActionRow       *row,
                    IzpCommissionsPage *self)
{
  const IzpPayoutBatch *batch = g_object_get_data (G_OBJECT (row), "batch");
  g_autofree char *label = NULL;

  if (batch == NULL)
    return;
  label = g_strdup_printf (_("Batch %s"), batch->period.key);
  /* The new period's label, not yet a change of filter. */
  self->updating_filters = TRUE;
  set_custom_period (self, label, batch->period.period_start, batch->period.period_end, batch->period.key);
  show_lines_of (self, PERIOD_CUSTOM, 0);
}

static void
show_payouts (IzpCommissionsPage *self)
{
  GtkWidget *child;
  IzpCents owed = 0;
  IzpCents late = 0;
  guint n_late = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->payouts_list))) != NULL)
    gtk_list_box_remove (self->payouts_list, child);
  g_clear_pointer (&self->payouts, g_array_unref);

  if (self->data == NULL || izp_commission_data_get_ledger (self->data)->lines->len == 0)
    {
      gtk_stack_set_visible_child_name (self->payouts_state, "empty");
      return;
    }

  self->payouts = izp_commission_data_payouts (self->data, today (self));
  /* Newest first: what is owed now comes before history. */
  for (guint i = self->payouts->len; i-- > 0;)
    {
      const IzpPayoutBatch *batch = &g_array_index (self->payouts, IzpPayoutBatch, i);
      g_autofree char *due = izp_format_date (batch->period.due_on);
      g_autofree char *count = izp_format_count (batch->n_lines);
      g_autofree char *subtitle = NULL;
      g_autofree char *amount = izp_money_format (batch->total_cents, currency (self));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *amount_label = gtk_label_new (amount);
      GtkWidget *state_label = gtk_label_new (izp_payout_state_get_label (batch->state));
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      subtitle = g_strdup_printf (ngettext ("Due on %s · %s line", "Due on %s · %s lines", batch->n_lines),
                                  due, count);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), batch->period.key);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (amount_label, "numeric");
      gtk_widget_add_css_class (state_label, "caption-heading");
      gtk_widget_add_css_class (state_label,
                                batch->state == IZP_PAYOUT_STATE_LATE ? "error"
                                : batch->state == IZP_PAYOUT_STATE_PAID ? "success" : "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), state_label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "batch", (gpointer) batch);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_batch_activated), self, 0);
      gtk_list_box_append (self->payouts_list, row);

      if (batch->state != IZP_PAYOUT_STATE_PAID)
        owed += batch->total_cents;
      if (batch->state == IZP_PAYOUT_STATE_LATE)
        {
          late += batch->total_cents;
          n_late++;
        }
    }

  {
    g_autofree char *owed_text = izp_money_format (owed, currency (self));
    g_autofree char *late_text = izp_money_format (late, currency (self));
    g_autofree char *summary = NULL;

    if (n_late > 0)
      summary = g_strdup_printf (ngettext ("IzyInbox owes you %s, of which %s in %u late batch.",
                                           "IzyInbox owes you %s, of which %s in %u late batches.", n_late),
                                 owed_text, late_text, n_late);
    else
      summary = g_strdup_printf (_("IzyInbox owes you %s; no batch is late."), owed_text);
    gtk_label_set_text (self->payouts_summary, summary);
  }
  gtk_stack_set_visible_child_name (self->payouts_state, "list");
}

/* ------------------------------------------------------------------ */
/* Reconciliation */

static GtkWidget *
finding_row (IzpCommissionsPage *self,
             const char         *title,
             IzpFinding          finding,
             GArray             *items)
{
  g_autofree char *heading = g_strdup_printf ("%s (%u)", title, items->len);
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), heading);
  /* A long list stays readable: the first 200, then a count. */
  for (guint i = 0; i < items->len && i < 200; i++)
    {
      const IzpReconciliationItem *item = &g_array_index (items, IzpReconciliationItem, i);
      g_autofree char *text = izp_finding_explain (finding, item, currency (self));
      GtkWidget *line = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line), item->ref);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (line), text);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
    }
  return row;
}

static void
show_reconciliation (IzpCommissionsPage *self)
{
  IzpCents net = 0;

  for (guint i = 0; self->reconciliation_groups != NULL && i < self->reconciliation_groups->len; i++)
    gtk_box_remove (self->reconciliation_box, g_ptr_array_index (self->reconciliation_groups, i));
  g_clear_pointer (&self->reconciliation_groups, g_ptr_array_unref);
  g_clear_pointer (&self->reconciliation, izp_reconciliation_free);

  if (self->data == NULL || izp_commission_data_get_input (self->data)->n_statements == 0)
    {
      gtk_stack_set_visible_child_name (self->reconciliation_state, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.claim", FALSE);
      return;
    }

  self->reconciliation = izp_commission_data_reconcile (self->data);
  self->reconciliation_groups = g_ptr_array_new ();
  /* Newest statement first. */
  for (guint i = self->reconciliation->periods->len; i-- > 0;)
    {
      const IzpReconciliationPeriod *period =
        &g_array_index (self->reconciliation->periods, IzpReconciliationPeriod, i);
      g_autofree char *title = g_strdup_printf (_("Statement %s"), period->period);
      g_autofree char *description = izp_reconciliation_period_explain (period, currency (self));
      GtkWidget *group = adw_preferences_group_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      /* Only what differs gets a list: the sentence says the rest. */
      if (period->missing->len > 0)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   finding_row (self, _("Missing from the statement"), IZP_FINDING_MISSING,
                                                period->missing));
      if (period->differences->len > 0)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   finding_row (self, _("Different amount"), IZP_FINDING_DIFFERENCE,
                                                period->differences));
      if (period->unknown->len > 0)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                   finding_row (self, _("Unknown locally"), IZP_FINDING_UNKNOWN,
                                                period->unknown));
      gtk_box_append (self->reconciliation_box, group);
      g_ptr_array_add (self->reconciliation_groups, group);
      net += period->net_difference_cents;
    }

  {
    g_autofree char *net_text = izp_money_format (net, currency (self));
    g_autofree char *summary = NULL;

    if (net == 0 && !izp_reconciliation_has_claim (self->reconciliation))
      summary = g_strdup (_("Every statement matches your ledger."));
    else
      summary = g_strdup_printf (_("Net difference over all statements (your ledger − statements): %s."),
                                 net_text);
    gtk_label_set_text (self->reconciliation_summary, summary);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.claim",
                                 izp_reconciliation_has_claim (self->reconciliation));
  gtk_stack_set_visible_child_name (self->reconciliation_state, "list");
}

static void
on_claim_response (AdwMessageDialog   *dialog,
                   const char         *response,
                   IzpCommissionsPage *self)
{
  const char *subject = g_object_get_data (G_OBJECT (dialog), "subject");
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (dialog), "buffer");
  g_autofree char *body = NULL;
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (g_strcmp0 (response, "copy") == 0)
    {
      g_autofree char *text = g_strdup_printf ("%s\n\n%s", subject, body);

      gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
      show_toast (self, adw_toast_new (_("Claim copied")));
    }
  else if (g_strcmp0 (response, "mail") == 0)
    {
      g_autofree char *uri = izp_mailto_uri (izp_commission_data_get_manager_email (self->data),
                                             subject, body);

      gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), uri, GDK_CURRENT_TIME);
    }
}

static void
claim_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (widget);
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;
  g_autofree char *heading_body = NULL;
  const char *manager;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *view;

  if (self->reconciliation == NULL || self->data == NULL)
    return;

  izp_reconciliation_claim (self->reconciliation, currency (self), izp_commission_data_get_cabinet (self->data),
                            izp_commission_data_get_manager_name (self->data), &subject, &body);
  manager = izp_commission_data_get_manager_name (self->data);
  if (manager != NULL)
    heading_body = g_strdup_printf (_("To %s <%s> — subject: %s"), manager,
                                    izp_commission_data_get_manager_email (self->data), subject);
  else
    heading_body = g_strdup_printf (_("Subject: %s"), subject);

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Claim to Your Account Manager"), heading_body);
  view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), body, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Text of the claim"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("_Copy"),
                                    "mail", _("_Open in Mail App"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "mail", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "subject", g_steal_pointer (&subject), g_free);
  g_object_set_data (G_OBJECT (dialog), "buffer", gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_claim_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */
/* Calculator */

static void
draw_projection (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        user_data)
{
  IzpCommissionsPage *self = user_data;
  IzpCents highest = 1;
  double bar_width;
  GdkRGBA color;
  const double label_height = 18;

  if (self->projection == NULL || self->projection->len == 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);
  for (guint i = 0; i < self->projection->len; i++)
    highest = MAX (highest, g_array_index (self->projection, IzpProjectionYear, i).commission_cents);

  bar_width = (double) width / self->projection->len;
  for (guint i = 0; i < self->projection->len; i++)
    {
      const IzpProjectionYear *year = &g_array_index (self->projection, IzpProjectionYear, i);
      double bar_height = (height - 2 * label_height) * (double) year->commission_cents / highest;
      double x = i * bar_width + bar_width * 0.15;
      g_autofree char *label = g_strdup_printf (_("Year %u"), year->year);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), label);
      int text_width;

      /* The accent blue reads on light and dark backgrounds alike. */
      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
      cairo_rectangle (cr, x, height - label_height - bar_height, bar_width * 0.7, bar_height);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &color);
      pango_layout_get_pixel_size (layout, &text_width, NULL);
      cairo_move_to (cr, i * bar_width + (bar_width - text_width) / 2, height - label_height + 2);
      pango_cairo_show_layout (cr, layout);
    }
}

/* One line of the result: a year or the total, its amount at the end. */
static void
add_result_row (IzpCommissionsPage *self,
                const char         *title,
                const char         *subtitle,
                const char         *amount)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  if (subtitle == NULL)
    gtk_widget_add_css_class (label, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->projection_list, row);
}

static void
compute_projection (IzpCommissionsPage *self)
{
  IzpProjectionInput input;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  IzpCents total = 0;

  if (self->disposed)
    return;
  izp_projection_input_init (&input);
  input.new_clients[IZP_PLAN_STARTER] = (guint) gtk_spin_button_get_value_as_int (self->starter_spin);
  input.new_clients[IZP_PLAN_PRO] = (guint) gtk_spin_button_get_value_as_int (self->pro_spin);
  input.new_clients[IZP_PLAN_ENTERPRISE] = (guint) gtk_spin_button_get_value_as_int (self->enterprise_spin);
  input.retention_bp = (IzpBasisPoints) (gtk_spin_button_get_value (self->retention_spin) * 100 + 0.5);
  input.n_years = (guint) gtk_spin_button_get_value_as_int (self->years_spin);
  input.tier = (IzpTier) adw_combo_row_get_selected (self->tier_row);
  input.founder = gtk_switch_get_active (self->founder_switch);
  input.model = adw_combo_row_get_selected (self->model_row) == 1 ? IZP_ACTIVATION_SPREAD : IZP_ACTIVATION_START;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->projection_list))) != NULL)
    gtk_list_box_remove (self->projection_list, child);
  g_clear_pointer (&self->projection, g_array_unref);

  gtk_label_set_text (self->model_label, izp_projection_describe_model (input.model));
  self->projection = izp_projection_compute (&input, &error);
  if (self->projection == NULL)
    {
      gtk_label_set_text (self->model_label, error->message);
      gtk_widget_queue_draw (GTK_WIDGET (self->projection_chart));
      return;
    }

  for (guint i = 0; i < self->projection->len; i++)
    {
      const IzpProjectionYear *year = &g_array_index (self->projection, IzpProjectionYear, i);
      g_autofree char *title = g_strdup_printf (_("Year %u"), year->year);
      g_autofree char *clients = g_strdup_printf ("%.1f", year->expected_active_clients);
      g_autofree char *arr = izp_money_format (year->arr_cents, currency (self));
      g_autofree char *commission = izp_money_format (year->commission_cents, currency (self));
      g_autofree char *subtitle = NULL;

      g_strdelimit (clients, ".", ',');
      /* TRANSLATORS: expected active clients (a decimal), then the yearly revenue */
      subtitle = g_strdup_printf (_("%s active clients · ARR %s"), clients, arr);
      add_result_row (self, title, subtitle, commission);
      total += year->commission_cents;
    }
  {
    g_autofree char *amount = izp_money_format (total, currency (self));
    g_autofree char *title = g_strdup_printf (ngettext ("Total over %u year", "Total over %u years",
                                                        self->projection->len),
                                              self->projection->len);

    add_result_row (self, title, NULL, amount);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self->projection_chart));
}

/* ------------------------------------------------------------------ */
/* Showing the figures */

static void
show_visible_view (IzpCommissionsPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  if (self->payouts_stale && g_strcmp0 (name, "payouts") == 0)
    {
      self->payouts_stale = FALSE;
      show_payouts (self);
    }
  if (self->reconciliation_stale && g_strcmp0 (name, "reconciliation") == 0)
    {
      self->reconciliation_stale = FALSE;
      show_reconciliation (self);
    }
}

static void
show_data (IzpCommissionsPage *self)
{
  gboolean has_lines = self->data != NULL && izp_commission_data_get_ledger (self->data)->lines->len > 0;
  IzpLedgerFilter filter;

  gtk_spinner_stop (self->spinner);
  self->updating_filters = TRUE;
  fill_client_filter (self);
  gtk_drop_down_set_selected (self->client_dropdown, 0);
  self->updating_filters = FALSE;
  if (self->data != NULL && self->pending_client != NULL)
    {
      g_autofree char *client_id = g_steal_pointer (&self->pending_client);

      select_client (self, client_id);
    }

  read_filter (self, &filter);
  izp_ledger_model_set (self->model, has_lines ? self->data : NULL, &filter);
  gtk_stack_set_visible_child_name (self->ledger_state, has_lines ? "ledger" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.export", has_lines);
  if (has_lines)
    show_rows (self);
  /* Payouts and statements are computed when their view is shown. */
  self->payouts_stale = TRUE;
  self->reconciliation_stale = TRUE;
  show_visible_view (self);
  compute_projection (self);
}

void
izp_commissions_page_set_data (IzpCommissionsPage *self,
                               IzpCommissionData  *data)
{
  g_return_if_fail (IZP_IS_COMMISSIONS_PAGE (self));

  if (data != NULL)
    izp_commission_data_ref (data);
  g_clear_pointer (&self->data, izp_commission_data_unref);
  self->data = data;
  show_data (self);
}

IzpCommissionData *
izp_commissions_page_get_data (IzpCommissionsPage *self)
{
  g_return_val_if_fail (IZP_IS_COMMISSIONS_PAGE (self), NULL);

  return self->data;
}

void
izp_commissions_page_show_client (IzpCommissionsPage *self,
                                  const char         *client_id)
{
  g_return_if_fail (IZP_IS_COMMISSIONS_PAGE (self));
  g_return_if_fail (client_id != NULL);

  g_clear_pointer (&self->pending_client, g_free);
  if (self->data != NULL)
    select_client (self, client_id);
  else
    self->pending_client = g_strdup (client_id);
}

static void
on_data_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(IzpCommissionsPage) self = user_data;
  g_autoptr(IzpCommissionData) data = NULL;
  g_autoptr(GError) error = NULL;

  data = izp_commission_data_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (data == NULL)
    {
      /* No profile synced yet is a new account: the empty state says it. */
      g_debug ("No commission figures: %s", error->message);
      izp_commissions_page_set_data (self, NULL);
      return;
    }
  izp_commissions_page_set_data (self, data);
}

/* Computes the figures again, off the main thread; what is on screen
 * stays until they arrive. */
static void
read_data (GtkWidget *widget)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (widget);
  IzpStore *store = self->session != NULL ? izp_session_get_store (self->session) : NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    {
      izp_commissions_page_set_data (self, NULL);
      return;
    }
  self->cancellable = g_cancellable_new ();
  if (self->data == NULL)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child_name (self->ledger_state, "loading");
    }
  izp_commission_data_load_async (store, self->cancellable, on_data_loaded, g_object_ref (self));
}

/* The whole ledger is read when the section is shown: starting on another
 * section never waits behind it. A read under way for what was there before
 * stops at once. */
static void
reload (IzpCommissionsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  izp_when_shown (GTK_WIDGET (self), read_data);
}

IzpSession *
izp_commissions_page_get_session (IzpCommissionsPage *self)
{
  g_return_val_if_fail (IZP_IS_COMMISSIONS_PAGE (self), NULL);

  return self->session;
}

void
izp_commissions_page_set_session (IzpCommissionsPage *self,
                                  IzpSession         *session)
{
  IzpStore *store;
  g_autoptr(IzpCommissionData) cached = NULL;

  g_return_if_fail (IZP_IS_COMMISSIONS_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  g_clear_pointer (&self->data, izp_commission_data_unref);

  if (session != NULL)
    {
      /* A sync that stored something may have changed invoices, clients,
       * sub-partners, campaigns, statements or the partner: compute again
       * (the figures on screen stay until the new ones arrive). */
      g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      store = izp_session_get_store (session);
      cached = store != NULL ? izp_commission_data_dup_cached (store) : NULL;
    }
  if (cached != NULL)
    izp_commissions_page_set_data (self, cached);
  else
    reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
izp_commissions_page_set_today (IzpCommissionsPage *self,
                                IzpDate             day)
{
  g_return_if_fail (IZP_IS_COMMISSIONS_PAGE (self));

  self->today = day;
  show_data (self);
}

IzpLedgerModel *
izp_commissions_page_get_model (IzpCommissionsPage *self)
{
  g_return_val_if_fail (IZP_IS_COMMISSIONS_PAGE (self), NULL);

  return self->model;
}

/* ------------------------------------------------------------------ */
/* Exports */

typedef struct
{
  IzpExportKind       kind;
  IzpCommissionData  *data;
  GArray             *rows;           /* ledger indices as shown */
  GArray             *batches;        /* IzpPayoutBatch */
  IzpStatementRequest request;
  GFile              *file;
  guint              *progress;       /* per mille, the page's */
  GError             *error;          /* a copy, for the page's toast */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_clear_pointer (&job->rows, g_array_unref);
  g_clear_pointer (&job->batches, g_array_unref);
  g_clear_pointer (&job->data, izp_commission_data_unref);
  g_clear_object (&job->file);
  g_clear_error (&job->error);
  g_free (job);
}

static void
on_export_progress (double   fraction,
                    gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set ((gint *) job->progress, (gint) (fraction * 1000));
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(IzpReconciliation) reconciliation = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  const char *currency_code = izp_commission_data_get_currency (job->data);

  switch (job->kind)
    {
    case IZP_EXPORT_LEDGER_CSV:
      izp_csv_write_ledger (csv, izp_commission_data_get_ledger (job->data),
                            (const guint *) (gpointer) job->rows->data, job->rows->len,
                            izp_commission_data_get_names (job->data));
      break;
    case IZP_EXPORT_PAYOUTS_CSV:
      izp_csv_write_payouts (csv, currency_code, job->batches);
      break;
    case IZP_EXPORT_RECONCILIATION_CSV:
      reconciliation = izp_commission_data_reconcile (job->data);
      izp_csv_write_reconciliation (csv, currency_code, reconciliation);
      break;
    case IZP_EXPORT_STATEMENT_PDF:
      path = g_file_get_path (job->file);
      izp_commission_statement_write_pdf (&job->request, path, on_export_progress, job,
                                          cancellable, NULL, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (job->kind != IZP_EXPORT_STATEMENT_PDF)
    g_file_replace_contents (job->file, csv->str, csv->len, NULL, FALSE, G_FILE_CREATE_NONE,
                             NULL, cancellable, &error);
  if (error != NULL)
    {
      job->error = g_error_copy (error);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
update_progress (gpointer user_data)
{
  IzpCommissionsPage *self = user_data;
  guint per_mille = (guint) g_atomic_int_get ((gint *) &self->export_progress);

  gtk_progress_bar_set_fraction (self->progress_bar, per_mille / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (source);
  GTask *task = G_TASK (result);
  ExportJob *job = g_task_get_task_data (task);
  AdwToast *toast;

  if (self->disposed)
    return;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  /* The result itself is the caller's to take. */
  if (job->error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Export failed: %s"), job->error->message);

      toast = adw_toast_new (message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);
      g_autofree char *uri = g_file_get_uri (job->file);
      g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);

      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, "commissions.open-file");
      adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
    }
  show_toast (self, toast);
}

/* The caller's callback runs after the page's own (toast, progress). */
typedef struct
{
  GAsyncReadyCallback callback;
  gpointer            user_data;
} Forward;

static void
on_export_forward (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Forward *forward = user_data;

  on_export_done (source, result, NULL);
  if (forward->callback != NULL)
    forward->callback (source, result, forward->user_data);
  g_free (forward);
}

void
izp_commissions_page_export (IzpCommissionsPage  *self,
                             IzpExportKind        kind,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;
  Forward *forward;
  const guint *rows;
  guint n_rows;

  g_return_if_fail (IZP_IS_COMMISSIONS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->data != NULL);

  job = g_new0 (ExportJob, 1);
  job->kind = kind;
  job->data = izp_commission_data_ref (self->data);
  job->file = g_object_ref (file);
  job->progress = &self->export_progress;
  rows = izp_ledger_model_get_rows (self->model, &n_rows);
  job->rows = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_rows);
  g_array_append_vals (job->rows, rows, n_rows);
  job->batches = izp_commission_data_payouts (self->data, today (self));
  job->request.ledger = izp_commission_data_get_ledger (self->data);
  job->request.cabinet = izp_commission_data_get_cabinet (self->data);
  job->request.names = izp_commission_data_get_names (self->data);
  job->request.batches = job->batches;
  job->request.issued_on = today (self);
  period_range (self, gtk_drop_down_get_selected (self->period_dropdown),
                &job->request.from, &job->request.to);

  self->export_progress = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Exporting…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  self->progress_id = g_timeout_add (100, update_progress, self);

  forward = g_new0 (Forward, 1);
  forward->callback = callback;
  forward->user_data = user_data;
  task = g_task_new (self, cancellable, on_export_forward, forward);
  g_task_set_source_tag (task, izp_commissions_page_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
izp_commissions_page_export_finish (IzpCommissionsPage  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_export_chosen (GtkNativeDialog    *dialog,
                  int                 response,
                  IzpCommissionsPage *self)
{
  IzpExportKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    izp_commissions_page_export (self, kind, file, NULL, NULL, NULL);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  IzpExportKind kind;
  const char *name;
  GtkFileChooserNative *dialog;

  if (g_strcmp0 (target, "payouts-csv") == 0)
    {
      kind = IZP_EXPORT_PAYOUTS_CSV;
      name = _("payouts.csv");
    }
  else if (g_strcmp0 (target, "reconciliation-csv") == 0)
    {
      kind = IZP_EXPORT_RECONCILIATION_CSV;
      name = _("reconciliation.csv");
    }
  else if (g_strcmp0 (target, "statement-pdf") == 0)
    {
      kind = IZP_EXPORT_STATEMENT_PDF;
      name = _("commission-statement.pdf");
    }
  else
    {
      kind = IZP_EXPORT_LEDGER_CSV;
      name = _("commissions.csv");
    }

  dialog = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (widget)), g_variant_get_string (parameter, NULL),
                GDK_CURRENT_TIME);
}

/* ------------------------------------------------------------------ */

static void
izp_commissions_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_commissions_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_commissions_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_commissions_page_dispose (GObject *object)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  for (guint i = 0; self->toasts != NULL && i < self->toasts->len; i++)
    adw_toast_dismiss (g_ptr_array_index (self->toasts, i));
  g_clear_pointer (&self->toasts, g_ptr_array_unref);
  self->disposed = TRUE;

  /* No gtk_widget_dispose_template(): in GTK 4.8 it unparents every bound
   * child, also those whose container (AdwBin, AdwStatusPage, AdwClamp,
   * GtkScrolledWindow…) keeps a pointer to it and unparents it again.
   * AdwBin's dispose takes the whole tree down once. */

  G_OBJECT_CLASS (izp_commissions_page_parent_class)->dispose (object);
}

static void
izp_commissions_page_finalize (GObject *object)
{
  IzpCommissionsPage *self = IZP_COMMISSIONS_PAGE (object);

  g_clear_pointer (&self->data, izp_commission_data_unref);
  g_clear_object (&self->model);
  g_clear_pointer (&self->client_ids, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->payouts, g_array_unref);
  g_clear_pointer (&self->reconciliation, izp_reconciliation_free);
  g_clear_pointer (&self->reconciliation_groups, g_ptr_array_unref);
  g_clear_pointer (&self->projection, g_array_unref);
  g_free (self->custom_batch);
  g_free (self->pending_client);

  G_OBJECT_CLASS (izp_commissions_page_parent_class)->finalize (object);
}

static void
izp_commissions_page_class_init (IzpCommissionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = izp_commissions_page_get_property;
  object_class->set_property = izp_commissions_page_set_property;
  object_class->dispose = izp_commissions_page_dispose;
  object_class->finalize = izp_commissions_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-commissions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, view_stack);

  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, ledger_state);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, client_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, by_kind_label);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, lines_stack);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, ledger_view);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, groups_view);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, payouts_state);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, payouts_summary);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, payouts_list);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, reconciliation_state);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, reconciliation_box);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, reconciliation_summary);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, claim_button);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, starter_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, pro_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, enterprise_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, retention_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, years_spin);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, tier_row);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, founder_switch);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, model_row);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, model_label);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, projection_list);
  gtk_widget_class_bind_template_child (widget_class, IzpCommissionsPage, projection_chart);

  gtk_widget_class_install_action (widget_class, "commissions.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "commissions.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "commissions.claim", NULL, claim_action);
}

static void
izp_commissions_page_init (IzpCommissionsPage *self)
{
  const char * const periods[] = {
    _("All periods"), _("This month"), _("Last month"), _("This quarter"), _("Last quarter"),
    _("This year"), _("Last year"), NULL,
  };
  const char * const shows[] = {
    _("Lines"), _("By month"), _("By quarter"), _("By year"), NULL,
  };
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) show_list = gtk_string_list_new (shows);
  GtkSelectionModel *selection;
  GtkWidget *spins[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model = izp_ledger_model_new ();
  self->client_ids = g_ptr_array_new ();
  self->toasts = g_ptr_array_new_with_free_func (g_object_unref);
  self->probed_column = -1;

  self->period_labels = gtk_string_list_new (periods);
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (self->period_labels));
  g_object_unref (self->period_labels);
  self->client_labels = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->client_dropdown, G_LIST_MODEL (self->client_labels));
  g_object_unref (self->client_labels);
  /* Search the client list by name. */
  gtk_drop_down_set_expression (self->client_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_list_append (kinds, _("All kinds"));
  for (guint k = 0; k < IZP_LEDGER_N_KINDS; k++)
    gtk_string_list_append (kinds, izp_ledger_kind_get_label ((IzpLedgerKind) k));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  gtk_drop_down_set_model (self->group_dropdown, G_LIST_MODEL (show_list));

  add_ledger_columns (self);
  /* No selection model that searches its item again on every change: with
   * 240 000 lines, GtkSingleSelection would make an object per line at
   * each sort. */
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  gtk_column_view_set_model (self->ledger_view, selection);
  g_object_unref (selection);
  self->group_keys = gtk_string_list_new (NULL);
  add_group_columns (self);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (self->group_keys)));
  gtk_column_view_set_model (self->groups_view, selection);
  g_object_unref (selection);
  g_signal_connect_object (self->groups_view, "activate", G_CALLBACK (on_group_activated), self, 0);

  g_signal_connect_object (self->period_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->client_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->kind_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->group_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self,
                           G_CONNECT_SWAPPED);

  spins[0] = GTK_WIDGET (self->starter_spin);
  spins[1] = GTK_WIDGET (self->pro_spin);
  spins[2] = GTK_WIDGET (self->enterprise_spin);
  spins[3] = GTK_WIDGET (self->retention_spin);
  spins[4] = GTK_WIDGET (self->years_spin);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_object (spins[i], "value-changed", G_CALLBACK (compute_projection), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tier_row, "notify::selected", G_CALLBACK (compute_projection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model_row, "notify::selected", G_CALLBACK (compute_projection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->founder_switch, "notify::active", G_CALLBACK (compute_projection), self,
                           G_CONNECT_SWAPPED);
  gtk_drawing_area_set_draw_func (self->projection_chart, draw_projection, self, NULL);
  g_signal_connect_object (self->view_stack, "notify::visible-child-name", G_CALLBACK (show_visible_view),
                           self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.export", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "commissions.claim", FALSE);
  gtk_stack_set_visible_child_name (self->ledger_state, "empty");
  show_data (self);
}
