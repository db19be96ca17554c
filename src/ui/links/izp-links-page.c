/* izp-links-page.c — the “Links” section
 *
 * The list of the account's referral links from the local store (searchable,
 * archived ones hidden until asked for), and a link's page: its URL to copy,
 * its QR code to save for print, its clicks day by day (people and
 * suspected bots apart) and its funnel from click to client. Everything is
 * read through the core; nothing here knows SQL or JSON beyond reading the
 * link's members.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "izp-format.h"
#include "izp-link-dialog.h"
#include "izp-link-item.h"
#include "izp-link-qr.h"
#include "izp-links-page.h"
#include "izp-schema.h"
#include "izp-when-shown.h"

/* The QR code on screen: at most this wide, whole pixels per module. */
#define QR_SCREEN_PX 240

static const struct
{
  const char *stat;        /* NULL: human clicks, computed */
  const char *title;
} funnel_steps[] = {
  { "clicks", N_("Clicks") },
  { NULL, N_("Human clicks") },
  { "leads", N_("Leads") },
  { "demos", N_("Demos") },
  { "trials", N_("Trials") },
  { "won", N_("Clients won") },
};

struct _IzpLinksPage
{
  AdwBin              parent_instance;

  IzpSession         *session;
  GCancellable       *cancellable;
  GCancellable       *clicks_cancellable;
  GListStore         *links;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  char              **search_words;     /* folded, NULL when not searching */
  gboolean            show_archived;    /* the toggle's state, for the filter */
  IzpLinkItem        *current;
  char               *pending_open_id;
  GPtrArray          *days;
  GtkWindow          *dialog;
  guint               loading;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  GtkStack           *list_stack;
  GtkSearchEntry     *search_entry;
  GtkToggleButton    *archived_toggle;
  GtkListView        *list_view;
  GtkLabel           *detail_title;
  GtkLabel           *detail_subtitle;
  GtkWidget          *state_box;
  GtkLabel           *state_label;
  GtkWidget          *refused_buttons;
  AdwActionRow       *url_row;
  GtkWidget          *qr_box;
  GtkPicture         *qr_picture;
  GtkWidget          *clicks_group;
  GtkDrawingArea     *chart;
  GtkLabel           *chart_note;
  AdwPreferencesGroup *funnel_group;
  GtkButton          *archive_button;
  GtkLabel           *funnel_labels[G_N_ELEMENTS (funnel_steps)];
};

G_DEFINE_FINAL_TYPE (IzpLinksPage, izp_links_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_item (IzpLinksPage *self, IzpLinkItem *item);

static void
toast (IzpLinksPage *self,
       const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static IzpSync *
get_sync (IzpLinksPage *self)
{
  return self->session != NULL ? izp_session_get_sync (self->session) : NULL;
}

static gint64
human_clicks (const IzpLinkEntry *entry)
{
  return MAX (0, izp_link_entry_get_stat (entry, "clicks") - izp_link_entry_get_stat (entry, "suspected_bots"));
}

static gint64
funnel_value (const IzpLinkEntry *entry,
              guint               step)
{
  if (funnel_steps[step].stat == NULL)
    return human_clicks (entry);
  return izp_link_entry_get_stat (entry, funnel_steps[step].stat);
}

/* ------------------------------------------------------------------ */
/* The list */

static gboolean
filter_link (gpointer item,
             gpointer user_data)
{
  IzpLinksPage *self = user_data;
  IzpLinkItem *link = item;

  if (!self->show_archived && izp_link_item_is_archived (link))
    return FALSE;
  return self->search_words == NULL ||
         izp_link_item_matches (link, (const char * const *) self->search_words);
}

static void
update_list_state (IzpLinksPage *self)
{
  guint n_links = g_list_model_get_n_items (G_LIST_MODEL (self->links));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  /* "No links yet" only when the store truly holds none. */
  if (n_links == 0)
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") != 0)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "links" : "no-match");
}

/* A narrower filter only looks again at the links shown, a wider one at
 * those hidden: the list model keeps the rest, and the view its rows. */
static void
refilter_with (IzpLinksPage     *self,
               GtkFilterChange   change)
{
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_list_state (self);
}

static void
on_archived_toggled (IzpLinksPage *self)
{
  self->show_archived = gtk_toggle_button_get_active (self->archived_toggle);
  refilter_with (self, self->show_archived ? GTK_FILTER_CHANGE_LESS_STRICT
                                           : GTK_FILTER_CHANGE_MORE_STRICT);
}

static void
on_search_changed (IzpLinksPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_auto(GStrv) old = g_steal_pointer (&self->search_words);
  const char * const *words;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (text[0] != '\0')
    {
      g_autofree char *folded = izp_link_item_fold (text);

      /* Split once here, not once per link. */
      self->search_words = g_strsplit_set (folded, " \t", -1);
    }
  words = (const char * const *) self->search_words;
  if (izp_link_item_words_narrow (words, (const char * const *) old))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (izp_link_item_words_narrow ((const char * const *) old, words))
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  refilter_with (self, change);
}

static char *
describe_state (const IzpLinkEntry *entry)
{
  switch (entry->state)
    {
    case IZP_LINK_STATE_PENDING:
      return g_strdup (_("Waiting for synchronization"));
    case IZP_LINK_STATE_REFUSED:
      return g_strdup (_("Refused by the server"));
    case IZP_LINK_STATE_REGISTERED:
    default:
      return izp_link_entry_is_archived (entry) ? g_strdup (_("Archived")) : NULL;
    }
}

static char *
describe_stats (const IzpLinkEntry *entry)
{
  g_autofree char *clicks = izp_format_count (izp_link_entry_get_stat (entry, "clicks"));
  g_autofree char *humans = izp_format_count (human_clicks (entry));
  g_autofree char *leads = izp_format_count (izp_link_entry_get_stat (entry, "leads"));
  g_autofree char *demos = izp_format_count (izp_link_entry_get_stat (entry, "demos"));
  g_autofree char *trials = izp_format_count (izp_link_entry_get_stat (entry, "trials"));
  g_autofree char *won = izp_format_count (izp_link_entry_get_stat (entry, "won"));

  /* TRANSLATORS: a link's figures, each name followed by its number. */
  return g_strdup_printf (_("Clicks %s · Human %s · Leads %s · Demos %s · Trials %s · Won %s"),
                          clicks, humans, leads, demos, trials, won);
}

/* One label per row, its text and styles made on the worker: GTK 4.8's
 * list view binds a hundred rows or more around the visible ones, and one
 * ready-made layout a row costs far less than four labels and markup. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* Ellipsized, not wrapped: a wrapping label is measured at several
   * widths, which made each search keystroke cost a relayout of every
   * row in view (the link's page shows it all). */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
add_attr (PangoAttrList  *attrs,
          PangoAttribute *attr,
          gsize           start,
          gsize           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (attrs, attr);
}

/* Title (bold) and state, then the prospect and channel (dimmed), then
 * the figures (small). */
static void
build_row (IzpLinkItem *item)
{
  const IzpLinkEntry *entry = izp_link_item_get_entry (item);
  const char *channel = json_object_get_string_member_with_default (entry->link, "channel", "");
  const char *prospect = izp_link_item_get_prospect (item);
  g_autofree char *state = describe_state (entry);
  g_autofree char *stats = describe_stats (entry);
  PangoAttrList *attrs = pango_attr_list_new ();
  GString *text = g_string_new (izp_link_entry_get_label (entry));
  gsize mark;

  add_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), 0, text->len);
  if (state != NULL)
    {
      g_string_append (text, "   ");
      mark = text->len;
      g_string_append (text, state);
      add_attr (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL), mark, text->len);
      /* Red for a refusal, amber while queued: readable on light and dark. */
      if (entry->state == IZP_LINK_STATE_REFUSED)
        add_attr (attrs, pango_attr_foreground_new (0xe0e0, 0x1b1b, 0x2424), mark, text->len);
      else if (entry->state == IZP_LINK_STATE_PENDING)
        add_attr (attrs, pango_attr_foreground_new (0xc8c8, 0x8888, 0x0000), mark, text->len);
      else
        add_attr (attrs, pango_attr_foreground_alpha_new (0xffff * 6 / 10), mark, text->len);
    }

  g_string_append_c (text, '\n');
  mark = text->len;
  if (prospect != NULL)
    g_string_append_printf (text, "%s · ", prospect);
  g_string_append (text, izp_channel_get_label (channel));
  add_attr (attrs, pango_attr_foreground_alpha_new (0xffff * 6 / 10), mark, text->len);

  g_string_append_c (text, '\n');
  mark = text->len;
  g_string_append (text, stats);
  add_attr (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL), mark, text->len);

  izp_link_item_set_row (item, g_string_free (text, FALSE), attrs);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          gpointer                  user_data)
{
  IzpLinkItem *item = gtk_list_item_get_item (list_item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));

  gtk_label_set_text (label, izp_link_item_get_row_text (item));
  gtk_label_set_attributes (label, izp_link_item_get_row_attrs (item));
}

static void
on_row_activated (IzpLinksPage *self,
                  guint         position)
{
  g_autoptr(IzpLinkItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    open_item (self, item);
}

/* ------------------------------------------------------------------ */
/* Loading */

typedef struct
{
  GPtrArray *items;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

/* On the worker: the links and their search keys, so the main thread
 * only swaps the model. */
static gboolean
load_links (IzpStore      *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  LoadData *load = data;
  g_autoptr(GPtrArray) entries = izp_links_list (store, TRUE, error);

  if (entries == NULL)
    return FALSE;
  load->items = g_ptr_array_new_full (entries->len, g_object_unref);
  for (guint i = 0; i < entries->len; i++)
    {
      IzpLinkItem *item = izp_link_item_new (g_steal_pointer (&entries->pdata[i]));

      build_row (item);
      g_ptr_array_add (load->items, item);
    }
  g_ptr_array_set_size (entries, 0);
  return TRUE;
}

static IzpLinkItem *
find_item (IzpLinksPage *self,
           const char   *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->links));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IzpLinkItem) item = g_list_model_get_item (G_LIST_MODEL (self->links), i);

      if (g_strcmp0 (izp_link_entry_get_id (izp_link_item_get_entry (item)), id) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

static gboolean
same_entry (IzpLinkItem *a,
            IzpLinkItem *b)
{
  const IzpLinkEntry *ea = izp_link_item_get_entry (a);
  const IzpLinkEntry *eb = izp_link_item_get_entry (b);

  return ea->state == eb->state &&
         g_strcmp0 (ea->refusal, eb->refusal) == 0 &&
         g_strcmp0 (izp_link_entry_get_id (ea), izp_link_entry_get_id (eb)) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (ea->link, "updated_at", ""),
                    json_object_get_string_member_with_default (eb->link, "updated_at", "")) == 0;
}

/* The links read again: when they are the same links in the same order
 * (a sync that changed a few), only the changed rows are replaced, so the
 * list view keeps the others as they are. */
static void
replace_items (IzpLinksPage *self,
               GPtrArray    *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->links));
  gboolean same_ids = n == items->len;

  for (guint i = 0; same_ids && i < n; i++)
    {
      g_autoptr(IzpLinkItem) old = g_list_model_get_item (G_LIST_MODEL (self->links), i);

      same_ids = g_strcmp0 (izp_link_entry_get_id (izp_link_item_get_entry (old)),
                            izp_link_entry_get_id (izp_link_item_get_entry (items->pdata[i]))) == 0;
    }
  if (!same_ids)
    {
      g_list_store_splice (self->links, 0, n, items->pdata, items->len);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(IzpLinkItem) old = g_list_model_get_item (G_LIST_MODEL (self->links), i);

      if (!same_entry (old, items->pdata[i]))
        g_list_store_splice (self->links, i, 1, &items->pdata[i], 1);
    }
}

static void
on_links_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *open_id = NULL;
  gpointer data = NULL;
  LoadData *load;

  self->loading--;
  if (!izp_store_run_finish (IZP_STORE (source), result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  load = data;

  replace_items (self, load->items);

  /* The link on screen, or the one just created, with its new data. */
  open_id = g_steal_pointer (&self->pending_open_id);
  if (open_id == NULL && self->current != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    open_id = g_strdup (izp_link_entry_get_id (izp_link_item_get_entry (self->current)));
  if (open_id != NULL)
    {
      g_autoptr(IzpLinkItem) item = find_item (self, open_id);

      if (item != NULL)
        open_item (self, item);
      else
        gtk_stack_set_visible_child_name (self->stack, "list");
    }
  update_list_state (self);
}

static void
read_links (GtkWidget *widget)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);
  IzpStore *store;

  store = self->session != NULL ? izp_session_get_store (self->session) : NULL;
  if (store == NULL)
    {
      /* No account: what the section is for. An account whose store is
       * not open yet: nothing, rather than a "no links" it may not mean;
       * its "changed" comes once there is something to read. */
      g_list_store_remove_all (self->links);
      gtk_stack_set_visible_child_name (self->stack, self->session == NULL ? "empty" : "list");
      gtk_stack_set_visible_child_name (self->list_stack, "links");
      return;
    }

  self->loading++;
  izp_store_run_async (store, load_links, g_new0 (LoadData, 1), (GDestroyNotify) load_data_free,
                       self->cancellable, on_links_loaded, g_object_ref (self));
}

/* Reads the links again when the section is on screen (now, if it is). */
void
izp_links_page_reload (IzpLinksPage *self)
{
  g_return_if_fail (IZP_IS_LINKS_PAGE (self));

  izp_when_shown (GTK_WIDGET (self), read_links);
}

void
izp_links_page_set_session (IzpLinksPage *self,
                            IzpSession   *session)
{
  g_return_if_fail (IZP_IS_LINKS_PAGE (self));
  g_return_if_fail (session == NULL || IZP_IS_SESSION (session));

  if (self->session == session)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);

  /* Nothing of the previous account stays on screen. */
  g_clear_object (&self->current);
  g_list_store_remove_all (self->links);
  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.new", session != NULL);
  if (session != NULL)
    g_signal_connect_object (session, "changed", G_CALLBACK (izp_links_page_reload), self,
                             G_CONNECT_SWAPPED);
  izp_links_page_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

IzpSession *
izp_links_page_get_session (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), NULL);
  return self->session;
}

/* ------------------------------------------------------------------ */
/* A link's page */

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  IzpLinksPage *self = user_data;
  gint64 max = 1;
  double bar;

  if (self->days == NULL || self->days->len == 0)
    return;

  for (guint i = 0; i < self->days->len; i++)
    max = MAX (max, ((IzpApiClickDay *) self->days->pdata[i])->clicks);

  /* A few days do not make a few slabs: bars at most 24 px wide. */
  bar = MIN ((double) width / self->days->len, 24.0);
  for (guint i = 0; i < self->days->len; i++)
    {
      IzpApiClickDay *day = self->days->pdata[i];
      gint64 bots = CLAMP (day->suspected_bots, 0, day->clicks);
      double human_h = (double) (day->clicks - bots) / max * (height - 1);
      double bots_h = (double) bots / max * (height - 1);
      double x = i * bar;
      double w = MAX (1.0, bar - (bar > 3 ? 1 : 0));

      /* People in the accent blue, suspected bots in grey above them. */
      cairo_set_source_rgb (cr, 0x35 / 255.0, 0x84 / 255.0, 0xe4 / 255.0);
      cairo_rectangle (cr, x, height - human_h, w, human_h);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, 0.6, 0.6, 0.6, 0.9);
      cairo_rectangle (cr, x, height - human_h - bots_h, w, bots_h);
      cairo_fill (cr);
    }
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.5);
  cairo_rectangle (cr, 0, height - 1, width, 1);
  cairo_fill (cr);
}

static void
show_days (IzpLinksPage *self,
           GPtrArray    *days,
           const char   *note)
{
  g_clear_pointer (&self->days, g_ptr_array_unref);
  if (days != NULL)
    self->days = g_ptr_array_ref (days);
  gtk_label_set_label (self->chart_note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->chart_note), note != NULL);
  gtk_widget_queue_draw (GTK_WIDGET (self->chart));
}

static char *
describe_days (GPtrArray *days)
{
  IzpApiClickDay *first, *last;
  IzpDate from, to;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  if (days == NULL || days->len == 0)
    return g_strdup (_("No clicks yet."));
  first = days->pdata[0];
  last = days->pdata[days->len - 1];
  if (!izp_date_parse (first->day, &from) || !izp_date_parse (last->day, &to))
    return NULL;
  from_text = izp_format_date (from);
  to_text = izp_format_date (to);
  return g_strdup_printf (_("From %s to %s."), from_text, to_text);
}

static void
on_clicks_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) days = izp_links_fetch_clicks_finish (IZP_SYNC (source), result, &error);
  g_autofree char *note = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (days == NULL)
    {
      /* Offline: the days kept from the last time stay on screen. */
      note = self->days != NULL
        ? g_strdup (_("The server could not be reached: these are the days fetched last time."))
        : g_strdup (_("The server could not be reached: the clicks per day show once it can be."));
      show_days (self, NULL, note);
      return;
    }
  note = describe_days (days);
  show_days (self, days, note);
}

typedef struct
{
  char      *id;
  GPtrArray *days;
} ClicksData;

static void
clicks_data_free (ClicksData *data)
{
  g_free (data->id);
  g_clear_pointer (&data->days, g_ptr_array_unref);
  g_free (data);
}

static gboolean
load_kept_clicks (IzpStore      *store,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  ClicksData *clicks = data;
  GError *local_error = NULL;

  clicks->days = izp_links_load_clicks (store, clicks->id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static void
on_kept_clicks_loaded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  gpointer data = NULL;
  ClicksData *clicks;

  if (!izp_store_run_finish (IZP_STORE (source), result, &data, NULL))
    return;
  clicks = data;
  if (clicks->days != NULL)
    {
      g_autofree char *note = describe_days (clicks->days);

      show_days (self, clicks->days, note);
    }

  /* Then the server's latest, kept for next time. */
  if (get_sync (self) != NULL)
    izp_links_fetch_clicks_async (get_sync (self), clicks->id, self->clicks_cancellable,
                                  on_clicks_fetched, g_object_ref (self));
}

static void
load_clicks (IzpLinksPage       *self,
             const IzpLinkEntry *entry)
{
  ClicksData *data = g_new0 (ClicksData, 1);

  g_cancellable_cancel (self->clicks_cancellable);
  g_clear_object (&self->clicks_cancellable);
  self->clicks_cancellable = g_cancellable_new ();
  show_days (self, NULL, NULL);

  if (entry->state != IZP_LINK_STATE_REGISTERED)
    {
      g_free (data);
      return;
    }

  data->id = g_strdup (izp_link_entry_get_id (entry));
  izp_store_run_async (izp_session_get_store (self->session), load_kept_clicks, data,
                       (GDestroyNotify) clicks_data_free, self->clicks_cancellable,
                       on_kept_clicks_loaded, g_object_ref (self));
}

static void
show_qr (IzpLinksPage *self,
         const char   *url)
{
  g_autoptr(IzpLinkQr) qr = NULL;
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint module_px, side;

  gtk_widget_set_visible (self->qr_box, url != NULL);
  if (url == NULL || (qr = izp_link_qr_encode (url, NULL)) == NULL)
    {
      gtk_widget_set_visible (self->qr_box, FALSE);
      return;
    }

  /* Whole pixels per module: sharp edges, as the printed one. */
  module_px = izp_link_qr_fit_module (qr, QR_SCREEN_PX);
  side = qr->size * module_px;
  pixels = izp_link_qr_render_rgb (qr, module_px);
  texture = gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, pixels, (gsize) side * 3);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
}

static void
open_item (IzpLinksPage *self,
           IzpLinkItem  *item)
{
  const IzpLinkEntry *entry = izp_link_item_get_entry (item);
  const char *url = izp_link_entry_get_url (entry);
  const char *channel = json_object_get_string_member_with_default (entry->link, "channel", "");
  const char *campaign = json_object_get_string_member_with_default (entry->link, "campaign", NULL);
  const char *prospect = izp_link_item_get_prospect (item);
  gboolean registered = entry->state == IZP_LINK_STATE_REGISTERED;
  g_autoptr(GString) subtitle = g_string_new (izp_channel_get_label (channel));

  g_set_object (&self->current, item);

  if (campaign != NULL && campaign[0] != '\0')
    g_string_append_printf (subtitle, " · %s", campaign);
  if (prospect != NULL)
    g_string_append_printf (subtitle, " · %s", prospect);
  gtk_label_set_label (self->detail_title, izp_link_entry_get_label (entry));
  gtk_label_set_label (self->detail_subtitle, subtitle->str);

  gtk_widget_set_visible (self->state_box, !registered);
  gtk_widget_set_visible (self->refused_buttons, entry->state == IZP_LINK_STATE_REFUSED);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  if (entry->state == IZP_LINK_STATE_REFUSED)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  if (entry->state == IZP_LINK_STATE_PENDING)
    gtk_label_set_label (self->state_label,
                         _("This link was created offline. It gets its address when the server "
                           "registers it, at the next synchronization."));
  else if (entry->state == IZP_LINK_STATE_REFUSED)
    gtk_label_set_label (self->state_label, entry->refusal != NULL ? entry->refusal : "");

  if (url != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), url);
  else if (entry->state == IZP_LINK_STATE_REFUSED)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row),
                                   _("no address: the server refused this link"));
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("waiting for synchronization"));
  /* No clicks to count before the server knows the link. */
  gtk_widget_set_visible (self->clicks_group, registered);
  gtk_widget_set_visible (GTK_WIDGET (self->funnel_group), registered);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.copy", url != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.save-qr", url != NULL);
  show_qr (self, url);

  for (guint i = 0; i < G_N_ELEMENTS (funnel_steps); i++)
    {
      g_autofree char *value = izp_format_count (funnel_value (entry, i));

      gtk_label_set_label (self->funnel_labels[i], value);
    }

  gtk_button_set_label (self->archive_button,
                        izp_link_entry_is_archived (entry) ? _("_Unarchive") : _("_Archive"));
  gtk_button_set_use_underline (self->archive_button, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.toggle-archived", registered);
  gtk_widget_set_visible (GTK_WIDGET (self->archive_button), registered);

  load_clicks (self, entry);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

/* ------------------------------------------------------------------ */
/* Actions */

/* A link was stored, changed or dropped: every section of the account
 * reads again (this one through its "changed" handler). */
static void
data_changed (IzpLinksPage *self)
{
  if (self->session != NULL)
    g_signal_emit_by_name (self->session, "changed");
}

static void
on_dialog_created (IzpLinksPage *self,
                   const char   *id,
                   gboolean      queued,
                   const char   *refusal)
{
  if (refusal != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The server refused the link: %s"), refusal);

      toast (self, text);
    }
  else if (queued)
    toast (self, _("Link saved: it will be registered at the next synchronization"));
  else
    toast (self, _("Link created"));

  g_free (self->pending_open_id);
  self->pending_open_id = g_strdup (id);
  data_changed (self);
}

static void
present_dialog (IzpLinksPage  *self,
                IzpLinkDialog *dialog)
{
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_dialog_created), self, G_CONNECT_SWAPPED);
  g_set_weak_pointer (&self->dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_link_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);

  if (get_sync (self) == NULL)
    return;
  present_dialog (self, izp_link_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), get_sync (self)));
}

static void
correct_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);
  IzpLinkDraft draft = { { NULL } };
  const IzpLinkEntry *entry;

  if (self->current == NULL || get_sync (self) == NULL)
    return;
  /* The local row holds what was typed, under the API's member names. */
  entry = izp_link_item_get_entry (self->current);
  izp_link_draft_init_from_body (&draft, entry->link);
  present_dialog (self, izp_link_dialog_new_correction (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                        get_sync (self), izp_link_entry_get_id (entry),
                                                        &draft));
  izp_link_draft_clear (&draft);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);

  g_cancellable_cancel (self->clicks_cancellable);
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_list_state (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);
  const char *url;

  if (self->current == NULL || (url = izp_link_entry_get_url (izp_link_item_get_entry (self->current))) == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), url);
  toast (self, _("Link copied"));
}

static void
on_qr_file_chosen (GtkNativeDialog *chooser,
                   int              response,
                   gpointer         user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GtkFileFilter *filter;
  const char *url;

  if (response != GTK_RESPONSE_ACCEPT || self->current == NULL)
    goto out;
  url = izp_link_entry_get_url (izp_link_item_get_entry (self->current));
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);
  if (url == NULL || path == NULL)
    goto out;

  /* A name typed without extension takes the chosen type's. */
  filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser));
  if (!g_str_has_suffix (path, ".png") && !g_str_has_suffix (path, ".svg") &&
      !g_str_has_suffix (path, ".PNG") && !g_str_has_suffix (path, ".SVG"))
    {
      g_autofree char *named = g_strconcat (path, g_object_get_data (G_OBJECT (filter), "suffix"), NULL);

      g_free (path);
      path = g_steal_pointer (&named);
    }

  if (izp_link_qr_save (url, path, IZP_LINK_QR_DEFAULT_MODULE_PX, &error))
    toast (self, _("QR code saved"));
  else
    toast (self, error->message);

out:
  g_object_unref (chooser);
}

static GtkFileFilter *
new_filter (const char *name,
            const char *pattern,
            const char *suffix)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data (G_OBJECT (filter), "suffix", (gpointer) suffix);
  return filter;
}

static void
save_qr_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->current == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Save the QR Code"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser),
                               new_filter (_("PNG image, 300 dpi (print)"), "*.png", ".png"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser),
                               new_filter (_("SVG image (any size)"), "*.svg", ".svg"));
  name = g_strdelimit (g_strconcat (izp_link_entry_get_label (izp_link_item_get_entry (self->current)),
                                    ".png", NULL), "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_qr_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_archived_set (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean queued = FALSE;
  g_autoptr(JsonObject) link = izp_links_set_archived_finish (IZP_SYNC (source), result, &queued,
                                                              &error);
  gboolean archived;

  if (link == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      /* A refusal is kept with the link: show it. */
      data_changed (self);
      return;
    }
  archived = json_object_get_boolean_member_with_default (link, "archived", FALSE);
  if (queued)
    toast (self, archived ? _("Link archived here: the server will be told at the next synchronization")
                          : _("Link unarchived here: the server will be told at the next synchronization"));
  else
    toast (self, archived ? _("Link archived") : _("Link unarchived"));
  data_changed (self);
}

static void
toggle_archived_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);
  const IzpLinkEntry *entry;

  if (self->current == NULL || get_sync (self) == NULL)
    return;
  entry = izp_link_item_get_entry (self->current);
  izp_links_set_archived_async (get_sync (self), izp_link_entry_get_id (entry),
                                !izp_link_entry_is_archived (entry), self->cancellable,
                                on_archived_set, g_object_ref (self));
}

static void
on_retried (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) link = NULL;
  gboolean queued = FALSE;

  link = izp_links_retry_finish (IZP_SYNC (source), result, &queued, &error);
  if (link == NULL)
    toast (self, error->message);
  else
    {
      toast (self, queued ? _("Link saved: it will be registered at the next synchronization")
                          : _("Link created"));
      g_free (self->pending_open_id);
      self->pending_open_id = g_strdup (json_object_get_string_member (link, "id"));
    }
  data_changed (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);

  if (self->current == NULL || get_sync (self) == NULL)
    return;
  izp_links_retry_async (get_sync (self), izp_link_entry_get_id (izp_link_item_get_entry (self->current)),
                         NULL, self->cancellable, on_retried, g_object_ref (self));
}

static void
on_discarded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(IzpLinksPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!izp_links_discard_finish (IZP_SYNC (source), result, &error))
    {
      toast (self, error->message);
      return;
    }
  /* A registered link refused a change: the change went, the link stays. */
  if (self->current != NULL && izp_link_entry_get_url (izp_link_item_get_entry (self->current)) != NULL)
    {
      toast (self, _("Change discarded"));
      data_changed (self);
      return;
    }
  toast (self, _("Link discarded"));
  g_clear_object (&self->current);
  gtk_stack_set_visible_child_name (self->stack, "list");
  data_changed (self);
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (widget);

  if (self->current == NULL || get_sync (self) == NULL)
    return;
  izp_links_discard_async (get_sync (self), izp_link_entry_get_id (izp_link_item_get_entry (self->current)),
                           self->cancellable, on_discarded, g_object_ref (self));
}

void
izp_links_page_open_link (IzpLinksPage *self,
                          const char   *id)
{
  g_autoptr(IzpLinkItem) item = NULL;

  g_return_if_fail (IZP_IS_LINKS_PAGE (self));
  g_return_if_fail (id != NULL);

  item = self->loading == 0 ? find_item (self, id) : NULL;
  if (item != NULL)
    {
      open_item (self, item);
      return;
    }
  /* Opened when the links come: the page reads them when it is shown. */
  g_free (self->pending_open_id);
  self->pending_open_id = g_strdup (id);
}

/* ------------------------------------------------------------------ */
/* For the tests */

gboolean
izp_links_page_is_loading (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), FALSE);
  return self->loading > 0;
}

guint
izp_links_page_get_n_shown (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}

const char *
izp_links_page_get_open_url (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), NULL);
  if (self->current == NULL || g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") != 0)
    return NULL;
  return izp_link_entry_get_url (izp_link_item_get_entry (self->current));
}

GtkWindow *
izp_links_page_get_dialog (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), NULL);
  return self->dialog;
}

gboolean
izp_links_page_has_clicks (IzpLinksPage *self)
{
  g_return_val_if_fail (IZP_IS_LINKS_PAGE (self), FALSE);
  return self->days != NULL && self->days->len > 0;
}

/* ------------------------------------------------------------------ */

static void
izp_links_page_dispose (GObject *object)
{
  IzpLinksPage *self = (IzpLinksPage *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->clicks_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_weak_pointer (&self->dialog);
  /* No gtk_widget_dispose_template(): the bound overlay is AdwBin's child,
   * and AdwBin's own dispose releases it. */

  G_OBJECT_CLASS (izp_links_page_parent_class)->dispose (object);
}

static void
izp_links_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (object);

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
izp_links_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  IzpLinksPage *self = IZP_LINKS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      izp_links_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
izp_links_page_finalize (GObject *object)
{
  IzpLinksPage *self = (IzpLinksPage *) object;

  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->clicks_cancellable);
  g_clear_object (&self->links);
  g_clear_object (&self->current);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_strfreev (self->search_words);
  g_free (self->pending_open_id);

  G_OBJECT_CLASS (izp_links_page_parent_class)->finalize (object);
}

static void
izp_links_page_class_init (IzpLinksPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = izp_links_page_dispose;
  object_class->finalize = izp_links_page_finalize;
  object_class->get_property = izp_links_page_get_property;
  object_class->set_property = izp_links_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, IZP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/fr/izyinbox/Partner/ui/izp-links-page.ui");
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, stack);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, archived_toggle);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, detail_title);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, state_box);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, state_label);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, refused_buttons);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, qr_box);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, clicks_group);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, chart);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, chart_note);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, funnel_group);
  gtk_widget_class_bind_template_child (widget_class, IzpLinksPage, archive_button);

  gtk_widget_class_install_action (widget_class, "links.new", NULL, new_link_action);
  gtk_widget_class_install_action (widget_class, "links.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "links.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "links.save-qr", NULL, save_qr_action);
  gtk_widget_class_install_action (widget_class, "links.toggle-archived", NULL, toggle_archived_action);
  gtk_widget_class_install_action (widget_class, "links.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "links.correct", NULL, correct_action);
  gtk_widget_class_install_action (widget_class, "links.discard", NULL, discard_action);
}

static void
izp_links_page_init (IzpLinksPage *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->links = g_list_store_new (IZP_TYPE_LINK_ITEM);

  self->filter = gtk_custom_filter_new (filter_link, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->links)),
                                              GTK_FILTER (self->filter));
  selection = gtk_no_selection_new (G_LIST_MODEL (self->filtered));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (selection);
  g_object_unref (factory);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_row_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->archived_toggle, "toggled", G_CALLBACK (on_archived_toggled), self,
                           G_CONNECT_SWAPPED);

  gtk_drawing_area_set_draw_func (self->chart, draw_chart, self, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (funnel_steps); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *value = gtk_label_new ("0");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(funnel_steps[i].title));
      gtk_widget_add_css_class (value, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), value);
      adw_preferences_group_add (self->funnel_group, row);
      self->funnel_labels[i] = GTK_LABEL (value);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "links.new", FALSE);
}
