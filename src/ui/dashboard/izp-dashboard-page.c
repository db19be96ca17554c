/* izp-dashboard-page.c — the “Dashboard” section
 *
 * Until an account is synchronized: what the section is for. Once it is:
 * the seed's "Dashboard Partenaire" — the month's three figures against the
 * month before, commission per month, revenue by programme year, alerts,
 * pipeline, tier progress, badges, resources and the account manager —
 * computed by izp-dashboard on a worker thread. A client of an alert opens
 * its commission lines, a lead the link it came through, a late payout the
 * Commissions section. It reads the store of its "session" property, and
 * again each time the session says its data changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include "izp-commission-chart.h"
#include "izp-dashboard-events.h"
#include "izp-dashboard-page.h"
#include "izp-format.h"
#include "izp-row.h"

struct _IzpDashboardPage
{
  AdwBin                parent_instance;

  GtkStack             *stack;
  GtkFlowBox           *headline_box;
  GtkBox               *chart_card;
  GtkListBox           *revenue_list;
  GtkListBox           *alerts_list;
  GtkListBox           *pipeline_list;
  GtkListBox           *tier_list;
  GtkListBox           *badges_list;
  GtkListBox           *support_list;
  IzpCommissionChart   *chart;
  GtkWidget            *computing_label; /* in the chart's card, while the ledger computes */
  gboolean              has_commissions;

  IzpSession           *session;
  GCancellable         *cancellable;   /* the read in progress */
  GSettings            *settings;      /* which notifications to send */
  gboolean              loaded;
  IzpDashboard         *unnotified;    /* its events taken once it is drawn */
  guint                 events_id;
};

G_DEFINE_FINAL_TYPE (IzpDashboardPage, izp_dashboard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Building blocks */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle)
{
  GtkWidget *row = izp_row_new (title, subtitle);

  gtk_list_box_append (list, row);
  return row;
}

/* A figure at the end of a row, in tabular digits. */
static GtkWidget *
add_value_row (GtkListBox *list,
               const char *title,
               const char *subtitle,
               const char *value)
{
  GtkWidget *row = add_row (list, title, subtitle);
  GtkWidget *label = gtk_label_new (value);

  gtk_widget_add_css_class (label, "numeric");
  izp_row_add_suffix (IZP_ROW (row), label);
  return row;
}

/* The row leads somewhere: an action of the window, or an address. */
static void
make_action_row (GtkWidget  *row,
                 const char *action,
                 GVariant   *target)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The target first: the action checks its type against it. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
  izp_row_add_suffix (IZP_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
make_link_row (GtkWidget  *row,
               const char *uri)
{
  make_action_row (row, "dashboard.open-uri", g_variant_new_string (uri));
  gtk_widget_set_tooltip_text (row, uri);
}

static GtkWidget *
add_expander (GtkListBox *list,
              const char *title,
              guint       count,
              const char *empty_text)
{
  GtkWidget *row = adw_expander_row_new ();
  g_autofree char *counted = izp_format_count (count);

  /* Company names hold “&”: plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), count > 0 ? counted : empty_text);
  gtk_widget_set_sensitive (row, count > 0);
  gtk_list_box_append (list, row);
  return row;
}

/* An item of an expander, made a row when the expander first opens: at
 * start-up the dashboard lays out the headers of its lists only. */
typedef struct
{
  char       *title;
  char       *subtitle;    /* nullable */
  const char *action;      /* nullable: where the row leads, a window action… */
  char       *target;      /* …and its string parameter */
} PendingItem;

#define PENDING_ITEMS_KEY "izp-pending-items"

static void
pending_item_free (PendingItem *item)
{
  g_free (item->title);
  g_free (item->subtitle);
  g_free (item->target);
  g_free (item);
}

static void
on_expander_expanded (GtkWidget *expander)
{
  g_autoptr(GPtrArray) items = NULL;

  if (!adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)))
    return;
  items = g_object_steal_data (G_OBJECT (expander), PENDING_ITEMS_KEY);
  g_signal_handlers_disconnect_by_func (expander, on_expander_expanded, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const PendingItem *item = items->pdata[i];
      GtkWidget *row = izp_row_new (item->title, item->subtitle);

      if (item->action != NULL)
        make_action_row (row, item->action, g_variant_new_string (item->target));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
}

/* @action (nullable): the window action the row activates, with @target. */
static void
add_expander_item_to (GtkWidget  *expander,
                      const char *title,
                      const char *subtitle,
                      const char *action,
                      const char *target)
{
  GPtrArray *items = g_object_get_data (G_OBJECT (expander), PENDING_ITEMS_KEY);
  PendingItem *item = g_new0 (PendingItem, 1);

  if (items == NULL)
    {
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_item_free);
      g_object_set_data_full (G_OBJECT (expander), PENDING_ITEMS_KEY, items,
                              (GDestroyNotify) g_ptr_array_unref);
      g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_expander_expanded), NULL);
    }
  item->title = g_strdup (title);
  item->subtitle = g_strdup (subtitle);
  item->action = target != NULL ? action : NULL;
  item->target = g_strdup (target);
  g_ptr_array_add (items, item);
}

static void
add_expander_item (GtkWidget  *expander,
                   const char *title,
                   const char *subtitle)
{
  add_expander_item_to (expander, title, subtitle, NULL, NULL);
}

/* A client of an alert: its commission lines. */
static void
add_client_item (GtkWidget                *expander,
                 const IzpDashboardClient *client,
                 const char               *subtitle)
{
  add_expander_item_to (expander, client->company != NULL ? client->company : client->client_id, subtitle,
                        "win.show-client", client->client_id);
}

static const char *
lead_name (const IzpDashboardLead *lead)
{
  return lead->company != NULL ? lead->company : lead->contact;
}

/* A lead of the pipeline: the link it came through, when there is one. */
static void
add_lead_item (GtkWidget              *expander,
               const IzpDashboardLead *lead,
               const char             *subtitle)
{
  add_expander_item_to (expander, lead_name (lead), subtitle, "win.show-link", lead->link_id);
}

/* A dashboard shows the first items of a list, not thousands of rows: the
 * large portfolios' alerts and pipeline would take seconds to lay out. */
#define MAX_ITEMS 12

/* "… and 1 234 more" after the first MAX_ITEMS of @total. */
static void
add_more_item (GtkWidget *expander,
               guint      total)
{
  g_autofree char *count = NULL;
  g_autofree char *title = NULL;

  if (total <= MAX_ITEMS)
    return;
  count = izp_format_count (total - MAX_ITEMS);
  /* Translators: after the first items of a list: "… and 1 234 more" */
  title = g_strdup_printf (ngettext ("… and %s more", "… and %s more", total - MAX_ITEMS), count);
  add_expander_item (expander, title, NULL);
}

/* Trials, each with its day and its usage. */
static void
add_trial_items (GtkWidget *expander,
                 GPtrArray *trials)
{
  for (guint i = 0; i < MIN (trials->len, MAX_ITEMS); i++)
    {
      const IzpDashboardLead *lead = trials->pdata[i];
      g_autofree char *usage = izp_format_rate (MAX (lead->feature_usage_pct, 0) * 100);
      /* Translators: "D+7, 64 % of the features used" — J+7 in French */
      g_autofree char *subtitle = g_strdup_printf (_("D+%d, %s of the features used"), lead->day, usage);

      add_lead_item (expander, lead, subtitle);
    }
  add_more_item (expander, trials->len);
}

/* ------------------------------------------------------------------ */
/* Headline */

typedef enum
{
  FIGURE_COUNT,
  FIGURE_MONEY,
} FigureKind;

/* “+2 since October”, “−124,50 € since October”, “Same as October”. */
static char *
describe_change (gint64      current,
                 gint64      previous,
                 FigureKind  kind,
                 const char *currency,
                 const char *previous_month)
{
  gint64 change = current - previous;
  g_autofree char *amount = NULL;

  if (change == 0)
    /* Translators: "Same as octobre" (the month is French, lower case) */
    return g_strdup_printf (_("Same as %s"), previous_month);
  amount = kind == FIGURE_MONEY ? izp_money_format (change < 0 ? -change : change, currency)
                                : izp_format_count (change < 0 ? -change : change);
  /* Translators: "+2 compared with octobre"; the sign comes first */
  return g_strdup_printf (_("%s%s compared with %s"), change < 0 ? "−" : "+", amount, previous_month);
}

static void
add_headline_card (IzpDashboardPage *self,
                   const char       *name,
                   const char       *caption,
                   const char       *value,
                   const char       *change,
                   gint64            direction)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  GtkWidget *change_label = gtk_label_new (change);
  g_autofree char *accessible = g_strdup_printf ("%s: %s, %s", caption, value, change);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (value_label, 12);
  gtk_widget_set_margin_bottom (change_label, 12);
  gtk_widget_set_margin_start (card, 0);
  gtk_widget_add_css_class (value_label, "title-1");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_set_name (value_label, name);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (caption_label, "heading");
  gtk_label_set_wrap (GTK_LABEL (change_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (change_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (change_label, "caption");
  /* Short natural widths: three cards side by side from about 600 px. */
  gtk_label_set_max_width_chars (GTK_LABEL (caption_label), 16);
  gtk_label_set_max_width_chars (GTK_LABEL (change_label), 20);
  gtk_widget_add_css_class (change_label, direction > 0 ? "success" : direction < 0 ? "error" : "dim-label");
  gtk_widget_set_margin_start (change_label, 6);
  gtk_widget_set_margin_end (change_label, 6);
  gtk_box_append (GTK_BOX (card), value_label);
  gtk_box_append (GTK_BOX (card), caption_label);
  gtk_box_append (GTK_BOX (card), change_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->headline_box, card);
  /* The cards are figures to read, not buttons. */
  gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
}

static void
show_headline (IzpDashboardPage   *self,
               const IzpDashboard *d)
{
  g_autofree char *previous = izp_format_month (d->previous_month.from);
  g_autofree char *new_clients = izp_format_count (d->month.new_clients);
  /* Before the ledger: an ellipsis, never a zero that is not one. */
  g_autofree char *commission = d->has_commissions ? izp_money_format (d->month.commission_cents, d->currency)
                                                   : g_strdup ("…");
  g_autofree char *active = izp_format_count (d->month.active_clients);
  g_autofree char *new_change = describe_change (d->month.new_clients, d->previous_month.new_clients,
                                                 FIGURE_COUNT, d->currency, previous);
  g_autofree char *commission_change = d->has_commissions
    ? describe_change (d->month.commission_cents, d->previous_month.commission_cents,
                       FIGURE_MONEY, d->currency, previous)
    : g_strdup (_("Computing the commissions…"));
  g_autofree char *active_change = describe_change (d->month.active_clients, d->previous_month.active_clients,
                                                    FIGURE_COUNT, d->currency, previous);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->headline_box))) != NULL)
    gtk_flow_box_remove (self->headline_box, child);
  add_headline_card (self, "new-clients-value", _("New clients"), new_clients, new_change,
                     d->month.new_clients - d->previous_month.new_clients);
  add_headline_card (self, "commission-value", _("Commission this month"), commission, commission_change,
                     d->has_commissions ? d->month.commission_cents - d->previous_month.commission_cents : 0);
  add_headline_card (self, "active-clients-value", _("Active clients"), active, active_change,
                     d->month.active_clients - d->previous_month.active_clients);
}

/* ------------------------------------------------------------------ */
/* Sections */

static void
show_revenue (IzpDashboardPage   *self,
              const IzpDashboard *d)
{
  IzpDate months[IZP_DASHBOARD_MONTHS];
  IzpCents cents[IZP_DASHBOARD_MONTHS];
  g_autofree char *total = izp_money_format (d->total_cents, d->currency);
  GtkWidget *row;

  clear_list (self->revenue_list);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), d->has_commissions);
  gtk_widget_set_visible (self->computing_label, !d->has_commissions);
  if (!d->has_commissions)
    {
      add_row (self->revenue_list, _("Computing the commissions…"), NULL);
      return;
    }

  for (guint i = 0; i < IZP_DASHBOARD_MONTHS; i++)
    {
      months[i] = d->monthly[i].from;
      cents[i] = d->monthly[i].commission_cents;
    }
  izp_commission_chart_set_values (self->chart, months, cents, IZP_DASHBOARD_MONTHS, d->currency);

  for (guint i = 0; i < d->program_years->len; i++)
    {
      const IzpDashboardProgramYear *year = &g_array_index (d->program_years, IzpDashboardProgramYear, i);
      g_autofree char *title = g_strdup_printf (_("Year %u"), year->year);
      g_autofree char *from = izp_format_date (year->from);
      g_autofree char *to = izp_format_date (year->to);
      /* Translators: "from 03/11/2025 to 02/11/2026" */
      g_autofree char *span = g_strdup_printf (_("From %s to %s"), from, to);
      g_autofree char *amount = izp_money_format (year->commission_cents, d->currency);

      add_value_row (self->revenue_list, title, span, amount);
    }
  row = add_value_row (self->revenue_list, _("Total"), NULL, total);
  gtk_widget_add_css_class (row, "property");
  gtk_widget_set_name (row, "revenue-total");
}

static void
show_alerts (IzpDashboardPage   *self,
             const IzpDashboard *d)
{
  GtkWidget *expander;

  clear_list (self->alerts_list);

  expander = add_expander (self->alerts_list, _("Churn risk"), d->churn_risk->len,
                           _("No active client uses IzyInbox under 30 %"));
  gtk_widget_set_name (expander, "churn-risk");
  for (guint i = 0; i < MIN (d->churn_risk->len, MAX_ITEMS); i++)
    {
      const IzpDashboardClient *client = d->churn_risk->pdata[i];
      g_autofree char *usage = izp_format_rate (MAX (client->usage_pct, 0) * 100);
      /* Translators: "Usage 12 %" */
      g_autofree char *subtitle = g_strdup_printf (_("Usage %s"), usage);

      add_client_item (expander, client, subtitle);
    }
  add_more_item (expander, d->churn_risk->len);

  expander = add_expander (self->alerts_list, _("Ready to close"), d->ready_to_close->len,
                           _("No trial used at over 50 %"));
  add_trial_items (expander, d->ready_to_close);

  expander = add_expander (self->alerts_list, _("Upgrades"), d->upgrades->len, _("No upgrade in the last 31 days"));
  for (guint i = 0; i < MIN (d->upgrades->len, MAX_ITEMS); i++)
    {
      const IzpDashboardClient *client = d->upgrades->pdata[i];

      add_client_item (expander, client, NULL);
    }
  add_more_item (expander, d->upgrades->len);

  expander = add_expander (self->alerts_list, _("Late payouts"), d->late_payouts->len,
                           d->has_commissions ? _("No payout is late") : _("Computing the commissions…"));
  for (guint i = 0; i < d->late_payouts->len; i++)
    {
      const IzpPayoutBatch *batch = &g_array_index (d->late_payouts, IzpPayoutBatch, i);
      g_autofree char *amount = izp_money_format (batch->total_cents, d->currency);
      g_autofree char *due = izp_format_date (batch->period.due_on);
      /* Translators: "1 245,00 €, due on 15/10/2026" */
      g_autofree char *subtitle = g_strdup_printf (_("%s, due on %s"), amount, due);
      add_expander_item_to (expander, batch->period.key, subtitle, "win.show-section", "commissions");
    }
}

static void
show_pipeline (IzpDashboardPage   *self,
               const IzpDashboard *d)
{
  GtkWidget *expander;

  clear_list (self->pipeline_list);

  expander = add_expander (self->pipeline_list, _("Demos scheduled"), d->demos->len, _("No demo scheduled"));
  for (guint i = 0; i < MIN (d->demos->len, MAX_ITEMS); i++)
    {
      const IzpDashboardLead *lead = d->demos->pdata[i];
      g_autofree char *when = izp_format_instant (lead->demo_at);

      add_lead_item (expander, lead, when);
    }
  add_more_item (expander, d->demos->len);

  expander = add_expander (self->pipeline_list, _("Trials running"), d->trials->len, _("No trial running"));
  gtk_widget_set_name (expander, "trials");
  add_trial_items (expander, d->trials);

  expander = add_expander (self->pipeline_list, _("Negotiations"), d->negotiations->len, _("No negotiation in progress"));
  for (guint i = 0; i < MIN (d->negotiations->len, MAX_ITEMS); i++)
    add_lead_item (expander, d->negotiations->pdata[i], NULL);
  add_more_item (expander, d->negotiations->len);
}

/* A bar of @current out of @target, full when met. */
static void
add_progress (GtkWidget *row,
              double     current,
              double     target)
{
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);

  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), target > 0 ? CLAMP (current / target, 0, 1) : 0);
  gtk_widget_set_size_request (bar, 80, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  izp_row_add_suffix (IZP_ROW (row), bar);
}

static void
show_tier (IzpDashboardPage   *self,
           const IzpDashboard *d)
{
  g_autofree char *tier_title = NULL;
  g_autofree char *bonus = izp_money_format (d->bonus_cents, d->currency);
  g_autofree char *step = izp_format_count (d->next_step);
  g_autofree char *activated = izp_format_count (d->activated);
  g_autofree char *bonus_title = NULL;
  g_autofree char *bonus_subtitle = NULL;
  GtkWidget *row;

  clear_list (self->tier_list);

  /* Translators: "Certified partner" style line: "Current tier: Certifié" */
  tier_title = g_strdup_printf (_("Current tier: %s"), izp_tier_get_label (d->tier));
  if (d->has_next_tier)
    {
      /* Translators: "What the Stratégique tier needs" */
      g_autofree char *next = g_strdup_printf (_("What the %s tier needs:"), izp_tier_get_label (d->next_tier));

      row = add_row (self->tier_list, tier_title, next);
    }
  else
    row = add_row (self->tier_list, tier_title, _("The highest tier of the programme"));
  gtk_widget_set_name (row, "tier-current");

  for (guint i = 0; i < d->requirements->len; i++)
    {
      const IzpTierRequirement *requirement = &g_array_index (d->requirements, IzpTierRequirement, i);
      g_autofree char *line = izp_requirement_describe (requirement, d->currency);
      GtkWidget *icon = gtk_image_new_from_icon_name (requirement->met ? "emblem-ok-symbolic"
                                                                       : "action-unavailable-symbolic");

      row = add_row (self->tier_list, line, NULL);
      gtk_widget_add_css_class (icon, requirement->met ? "success" : "dim-label");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      requirement->met ? _("Met") : _("Not met yet"), -1);
      izp_row_add_prefix (IZP_ROW (row), icon);
      if (requirement->kind != IZP_REQUIREMENT_CERTIFICATION && requirement->known)
        add_progress (row, requirement->current, requirement->target);
    }

  /* Translators: "Next €500 bonus at 40 clients activated" */
  bonus_title = g_strdup_printf (_("Next %s bonus at %s clients activated"), bonus, step);
  bonus_subtitle = d->bonus_eligible
    /* Translators: "37 clients activated so far" */
    ? g_strdup_printf (_("%s clients activated so far"), activated)
    : g_strdup_printf (_("%s clients activated so far; the bonus starts at the Certified tier"), activated);
  row = add_row (self->tier_list, bonus_title, bonus_subtitle);
  add_progress (row, d->activated % IZP_TRANCHE_SIZE, IZP_TRANCHE_SIZE);

  if (d->leaderboard_quarter != NULL && d->leaderboard_rank > 0)
    {
      g_autofree char *rank = izp_format_count (d->leaderboard_rank);
      /* Translators: "Leaderboard 2026-Q4" */
      g_autofree char *title = g_strdup_printf (_("Leaderboard %s"), d->leaderboard_quarter);
      /* Translators: "Rank 7" */
      g_autofree char *value = g_strdup_printf (_("Rank %s"), rank);

      add_value_row (self->tier_list, title, NULL, value);
    }
}

static void
show_badges (IzpDashboardPage   *self,
             const IzpDashboard *d)
{
  clear_list (self->badges_list);
  for (guint i = 0; i < IZP_N_BADGES; i++)
    {
      gboolean earned = d->badges[i] != IZP_DATE_NONE;
      g_autofree char *when = earned ? izp_format_date (d->badges[i]) : NULL;
      /* Translators: "Earned on 14/01/2026" */
      g_autofree char *value = earned ? g_strdup_printf (_("Earned on %s"), when) : g_strdup (_("Not yet"));
      GtkWidget *row = add_value_row (self->badges_list, izp_badge_get_label (i), izp_badge_get_rule (i), value);
      GtkWidget *icon = gtk_image_new_from_icon_name (earned ? "starred-symbolic" : "non-starred-symbolic");

      gtk_widget_add_css_class (icon, earned ? "accent" : "dim-label");
      izp_row_add_prefix (IZP_ROW (row), icon);
    }
}

static void
show_support (IzpDashboardPage   *self,
              const IzpDashboard *d)
{
  clear_list (self->support_list);
  for (guint i = 0; i < d->resources->len; i++)
    {
      const IzpDashboardResource *resource = d->resources->pdata[i];

      make_link_row (add_row (self->support_list, resource->title, _("Marketing kit")), resource->url);
    }
  if (d->manager_name != NULL)
    {
      /* Translators: "Your account manager" */
      GtkWidget *row = add_row (self->support_list, d->manager_name, _("Your account manager"));

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
    }
  if (d->manager_email != NULL)
    {
      g_autofree char *uri = g_strconcat ("mailto:", d->manager_email, NULL);

      make_link_row (add_row (self->support_list, d->manager_email, _("Write to your account manager")), uri);
    }
  if (d->manager_phone != NULL)
    {
      g_autofree char *digits = g_strdelimit (g_strdup (d->manager_phone), " ", '-');
      g_autofree char *uri = g_strconcat ("tel:", digits, NULL);

      make_link_row (add_row (self->support_list, d->manager_phone, _("Call your account manager")), uri);
    }
}

/**
 * izp_dashboard_page_show:
 * @dashboard: (nullable): the figures, or %NULL when there is no
 *   synchronized account
 */
void
izp_dashboard_page_show (IzpDashboardPage   *self,
                         const IzpDashboard *dashboard)
{
  g_return_if_fail (IZP_IS_DASHBOARD_PAGE (self));

  if (dashboard == NULL)
    {
      self->has_commissions = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->has_commissions = dashboard->has_commissions;
  show_headline (self, dashboard);
  show_revenue (self, dashboard);
  show_alerts (self, dashboard);
  show_pipeline (self, dashboard);
  show_tier (self, dashboard);
  show_badges (self, dashboard);
  show_support (self, dashboard);
  gtk_stack_set_visible_child_name (self->stack, "summary");
}

/* TRUE once the commission figures are shown too (they come second). */
gboolean
izp_dashboard_page_has_commissions (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return izp_dashboard_page_has_data (self) && self->has_commissions;
}

/* TRUE when the page shows synchronized data rather than its empty state. */
gboolean
izp_dashboard_page_has_data (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "summary") == 0;
}

static void
set_loaded (IzpDashboardPage *self,
            gboolean          loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void on_commission_data_loaded (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data);

/* ------------------------------------------------------------------ */
/* Notifications */

static GNotification *
new_notification (const IzpDashboardEvent *event)
{
  const char *title;
  g_autofree char *body = NULL;
  GNotification *notification;

  switch (event->kind)
    {
    case IZP_EVENT_CLIENT_ACTIVATED:
      title = _("New client activated");
      /* Translators: "Boulangerie Martin is now an IzyInbox client." */
      body = g_strdup_printf (_("%s is now an IzyInbox client."), event->subject);
      break;
    case IZP_EVENT_READY_TO_CLOSE:
      title = _("Trial ready to close");
      body = g_strdup_printf (_("%s uses more than half of the features of its trial."), event->subject);
      break;
    case IZP_EVENT_CHURN_RISK:
      title = _("Churn risk");
      body = g_strdup_printf (_("%s uses IzyInbox less than 30 %%."), event->subject);
      break;
    case IZP_EVENT_PAYOUT_PAID:
    default:
      title = _("Payout paid");
      /* Translators: "The commission of 2026-Q3 was paid." */
      body = g_strdup_printf (_("The commission of %s was paid."), event->subject);
      break;
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  return notification;
}

static void
on_events_taken (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = izp_dashboard_take_new_events_finish (IZP_STORE (source), result, &error);
  GApplication *app = g_application_get_default ();

  if (events == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not remember the notified events: %s", error->message);
      return;
    }
  for (guint i = 0; app != NULL && i < events->len; i++)
    {
      const IzpDashboardEvent *event = events->pdata[i];
      g_autoptr(GNotification) notification = NULL;

      if (!g_settings_get_boolean (self->settings, izp_event_kind_get_setting (event->kind)))
        continue;
      notification = new_notification (event);
      g_application_send_notification (app, event->key, notification);
    }
}

static gboolean
take_events_when_drawn (gpointer user_data)
{
  IzpDashboardPage *self = user_data;

  self->events_id = 0;
  izp_dashboard_take_new_events_async (izp_session_get_store (self->session), g_steal_pointer (&self->unnotified),
                                       self->cancellable, on_events_taken, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* No events of a state the page no longer shows. */
static void
forget_unnotified (IzpDashboardPage *self)
{
  g_clear_handle_id (&self->events_id, g_source_remove);
  g_clear_pointer (&self->unnotified, izp_dashboard_free);
}

static void
on_dashboard_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(IzpDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpDashboard) dashboard = izp_dashboard_read_in_session_finish (IZP_SESSION (source), result, &error);

  /* A read for a session the page no longer shows changes nothing. */
  if (self->session != IZP_SESSION (source))
    return;
  if (dashboard == NULL)
    {
      if (g_error_matches (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED))
        {
          izp_dashboard_page_show (self, NULL);
          set_loaded (self, TRUE);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the dashboard’s figures: %s", error->message);
      return;
    }

  if (!dashboard->has_commissions)
    {
      /* The store keeps no summary of the ledger for the data as it stands
       * (a sync changed it): the commissions are computed once on a worker
       * — kept for the other pages and, summed, in the store for the next
       * start — then read again with them. Commissions already on screen
       * stay until then; on a first look the rest shows at once. */
      if (!izp_dashboard_page_has_commissions (self))
        {
          izp_dashboard_page_show (self, dashboard);
          set_loaded (self, TRUE);
        }
      izp_commission_data_load_async (izp_session_get_store (self->session), self->cancellable,
                                      on_commission_data_loaded, g_object_ref (self));
      return;
    }

  izp_dashboard_page_show (self, dashboard);
  set_loaded (self, TRUE);
  /* What this state brings that was never notified (none the first time),
   * once the figures are drawn: the frame does not share the cores with it. */
  g_clear_pointer (&self->unnotified, izp_dashboard_free);
  self->unnotified = g_steal_pointer (&dashboard);
  if (self->events_id == 0)
    self->events_id = g_idle_add_full (G_PRIORITY_LOW, take_events_when_drawn, self, NULL);
}

static void
on_commission_data_loaded (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(IzpDashboardPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(IzpCommissionData) data = izp_commission_data_load_finish (result, &error);

  if (self->session == NULL)
    return;
  if (data == NULL)
    {
      if (g_error_matches (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED))
        {
          izp_dashboard_page_show (self, NULL);
          set_loaded (self, TRUE);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not compute the commissions: %s", error->message);
      return;
    }
  izp_dashboard_read_in_session_async (self->session, izp_date_today_local (), data,
                                       self->cancellable, on_dashboard_loaded, g_object_ref (self));
}

static void
reload (IzpDashboardPage *self)
{
  forget_unnotified (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  /* Straight to the figures: the first read of a session opens its store
   * on the same worker. Before a complete sync, the empty state. */
  izp_dashboard_read_in_session_async (self->session, izp_date_today_local (), NULL,
                                       self->cancellable, on_dashboard_loaded, g_object_ref (self));
}

void
izp_dashboard_page_set_session (IzpDashboardPage *self,
                                IzpSession       *session)
{
  g_return_if_fail (IZP_IS_DASHBOARD_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_unnotified (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* Nothing of the previous account stays on screen; the next one's
   * figures come in a moment. */
  izp_dashboard_page_show (self, NULL);
  if (session != NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loaded (self, FALSE);
  if (session != NULL)
    {
      g_signal_connect_object (session, "changed", G_CALLBACK (reload), self, G_CONNECT_SWAPPED);
      reload (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

IzpSession *
izp_dashboard_page_get_session (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), NULL);

  return self->session;
}

gboolean
izp_dashboard_page_is_loaded (IzpDashboardPage *self)
{
  g_return_val_if_fail (IZP_IS_DASHBOARD_PAGE (self), FALSE);

  return self->loaded;
}

static void
izp_dashboard_page_dispose (GObject *object)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  forget_unnotified (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (izp_dashboard_page_parent_class)->dispose (object);
}

static void
izp_dashboard_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_dashboard_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  IzpDashboardPage *self = IZP_DASHBOARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_dashboard_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Resources, e-mail and telephone of the account manager. */
static void
open_uri (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_variant_get_string (parameter, NULL), GDK_CURRENT_TIME);
}

static void
izp_dashboard_page_class_init (IzpDashboardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_dashboard_page_dispose;
  object_class->get_property = izp_dashboard_page_get_property;
  object_class->set_property = izp_dashboard_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* No gtk_widget_dispose_template(): the bound stack is AdwBin's child,
   * and AdwBin's own dispose releases it. */

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-dashboard-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, headline_box);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, chart_card);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, revenue_list);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, pipeline_list);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, tier_list);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, badges_list);
  gtk_widget_class_bind_template_child (widget_class, IzpDashboardPage, support_list);
  gtk_widget_class_install_action (widget_class, "dashboard.open-uri", "s", open_uri);
}

static void
izp_dashboard_page_init (IzpDashboardPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->chart = IZP_COMMISSION_CHART (izp_commission_chart_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->chart), 12);
  gtk_widget_set_name (GTK_WIDGET (self->chart), "commission-chart");
  gtk_box_append (self->chart_card, GTK_WIDGET (self->chart));
  self->computing_label = gtk_label_new (_("Computing the commissions…"));
  gtk_widget_add_css_class (self->computing_label, "dim-label");
  gtk_widget_set_margin_top (self->computing_label, 24);
  gtk_widget_set_margin_bottom (self->computing_label, 24);
  gtk_widget_set_visible (self->computing_label, FALSE);
  gtk_box_append (self->chart_card, self->computing_label);
}
