/* izp-schema.c — the objects of the Partner API v1, described once
 *
 * The tables below are the contract of docs/partner-api-v1.md, "Objects".
 * Nullable fields are those that the contract shows as null, plus the ones
 * that cannot be known for every item (a contact without a phone, a client
 * that is not activated yet, a cabinet without an NPS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "izp-date.h"
#include "izp-json.h"
#include "izp-money.h"
#include "izp-schema.h"

#define REQ  IZP_FIELD_REQUIRED
#define NUL  IZP_FIELD_NULLABLE
#define OPT  IZP_FIELD_OPTIONAL

#define FIELD(n, k, f)           { n, IZP_FIELD_##k, f, NULL, NULL, NULL }
#define ENUM_FIELD(n, f, v)      { n, IZP_FIELD_ENUM, f, v, NULL, NULL }
#define NESTED(n, k, f, c)       { n, IZP_FIELD_##k, f, NULL, c, NULL }
#define REF_FIELD(n, f, r)       { n, IZP_FIELD_STRING, f, NULL, NULL, r }
#define END_FIELDS               { NULL, 0, 0, NULL, NULL, NULL }

static const char * const tier_values[] = { "referent", "certifie", "strategique", NULL };
static const char * const plan_values[] = { "starter", "pro", "enterprise", NULL };
static const char * const client_status_values[] = { "trial", "active", "churned", NULL };
static const char * const invoice_status_values[] = { "paid", "open", "void", "refunded", NULL };
static const char * const invoice_source_values[] = { "own", "sub_partner", NULL };
static const char * const lead_stage_values[] = {
  "new", "demo_scheduled", "demo_done", "trial", "negotiation", "won", "lost", NULL
};
static const char * const channel_values[] = {
  "email", "linkedin", "print", "phone", "event", "other", NULL
};
static const char * const statement_status_values[] = { "issued", "paid", NULL };
static const char * const ledger_kind_values[] = {
  "recurring_y1", "recurring_y2plus", "white_label_margin", "tranche_bonus",
  "referral_bonus", "override", "campaign_bonus", NULL
};
static const char * const resource_kind_values[] = {
  "slides", "flyer", "poster", "video", "faq", "email", "social", "other", NULL
};

/* partner */

static const IzpField tier_change_fields[] = {
  ENUM_FIELD ("tier", REQ, tier_values),
  FIELD ("since", DATE, REQ),
  END_FIELDS
};

static const IzpField account_manager_fields[] = {
  FIELD ("name", STRING, REQ),
  FIELD ("email", STRING, REQ),
  FIELD ("phone", STRING, NUL),
  END_FIELDS
};

static const IzpField partner_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("cabinet", STRING, REQ),
  FIELD ("slug", STRING, REQ),
  FIELD ("city", STRING, REQ),
  FIELD ("department", STRING, NUL),   /* none for Swiss cabinets */
  FIELD ("country", STRING, REQ),
  FIELD ("currency", CURRENCY, REQ),
  FIELD ("founder", BOOL, REQ),
  FIELD ("joined_on", DATE, REQ),
  NESTED ("tier_history", ARRAY, REQ, tier_change_fields),
  FIELD ("portfolio_size", INT, REQ),
  FIELD ("certification_completed", BOOL, REQ),
  FIELD ("nps", INT, NUL),
  FIELD ("co_marketing_cents_per_year", CENTS, REQ),
  FIELD ("demo_base_url", STRING, REQ),
  NESTED ("account_manager", OBJECT, NUL, account_manager_fields),
  FIELD ("updated_at", INSTANT, REQ),
  END_FIELDS
};

/* collections: "id" and "updated_at" first */

static const IzpField contact_fields[] = {
  FIELD ("first_name", STRING, REQ),
  FIELD ("last_name", STRING, REQ),
  FIELD ("email", STRING, NUL),
  FIELD ("phone", STRING, NUL),
  END_FIELDS
};

static const IzpField client_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("company", STRING, REQ),
  NESTED ("contact", OBJECT, REQ, contact_fields),
  FIELD ("employees", INT, NUL),
  ENUM_FIELD ("plan", REQ, plan_values),
  FIELD ("mrr_cents", CENTS, REQ),
  FIELD ("currency", CURRENCY, REQ),
  ENUM_FIELD ("status", REQ, client_status_values),
  FIELD ("white_label", BOOL, REQ),
  FIELD ("activated_on", DATE, NUL),
  FIELD ("churned_on", DATE, NUL),
  FIELD ("usage_pct", INT, NUL),
  FIELD ("nps", INT, NUL),
  REF_FIELD ("link_id", NUL, "referral_links"),
  REF_FIELD ("lead_id", NUL, "leads"),
  END_FIELDS
};

/* For source "sub_partner", client_id is the sub-partner's own client id:
 * it points into no collection of ours (checked by the dataset loader). */
static const IzpField invoice_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  REF_FIELD ("client_id", REQ, "clients"),
  ENUM_FIELD ("source", REQ, invoice_source_values),
  REF_FIELD ("sub_partner_id", NUL, "sub_partners"),
  FIELD ("client_activated_on", DATE, NUL),
  FIELD ("period_start", DATE, REQ),
  FIELD ("period_end", DATE, REQ),
  FIELD ("amount_cents", CENTS, REQ),
  FIELD ("currency", CURRENCY, REQ),
  ENUM_FIELD ("status", REQ, invoice_status_values),
  FIELD ("paid_on", DATE, NUL),
  END_FIELDS
};

static const IzpField lead_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  REF_FIELD ("link_id", NUL, "referral_links"),
  FIELD ("first_name", STRING, REQ),
  FIELD ("last_name", STRING, REQ),
  FIELD ("company", STRING, NUL),
  FIELD ("email", STRING, NUL),
  FIELD ("phone", STRING, NUL),
  FIELD ("employees", INT, NUL),
  ENUM_FIELD ("stage", REQ, lead_stage_values),
  FIELD ("demo_at", INSTANT, NUL),
  FIELD ("trial_started_on", DATE, NUL),
  FIELD ("feature_usage_pct", INT, NUL),
  REF_FIELD ("client_id", NUL, "clients"),
  FIELD ("lost_reason", STRING, NUL),
  FIELD ("created_at", INSTANT, REQ),
  END_FIELDS
};

static const IzpField prospect_fields[] = {
  FIELD ("first_name", STRING, OPT | NUL),
  FIELD ("last_name", STRING, OPT | NUL),
  FIELD ("company", STRING, OPT | NUL),
  FIELD ("email", STRING, OPT | NUL),
  END_FIELDS
};

static const IzpField link_stats_fields[] = {
  FIELD ("clicks", INT, REQ),
  FIELD ("unique_visitors", INT, REQ),
  FIELD ("suspected_bots", INT, REQ),
  FIELD ("leads", INT, REQ),
  FIELD ("demos", INT, REQ),
  FIELD ("trials", INT, REQ),
  FIELD ("won", INT, REQ),
  END_FIELDS
};

static const IzpField referral_link_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("code", STRING, REQ),
  FIELD ("url", STRING, REQ),
  FIELD ("label", STRING, REQ),
  ENUM_FIELD ("channel", REQ, channel_values),
  FIELD ("campaign", STRING, NUL),
  NESTED ("prospect", OBJECT, OPT, prospect_fields),
  FIELD ("archived", BOOL, REQ),
  FIELD ("created_at", INSTANT, REQ),
  NESTED ("stats", OBJECT, REQ, link_stats_fields),
  END_FIELDS
};

static const IzpField sub_partner_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("cabinet", STRING, REQ),
  FIELD ("city", STRING, REQ),
  FIELD ("joined_on", DATE, REQ),
  FIELD ("activated_on", DATE, NUL),
  FIELD ("activated_clients", INT, REQ),
  END_FIELDS
};

static const IzpField campaign_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("name", STRING, REQ),
  FIELD ("starts_on", DATE, REQ),
  FIELD ("ends_on", DATE, REQ),
  FIELD ("bonus_per_client_cents", CENTS, REQ),
  END_FIELDS
};

static const IzpField statement_line_fields[] = {
  ENUM_FIELD ("kind", REQ, ledger_kind_values),
  FIELD ("ref", STRING, REQ),
  FIELD ("amount_cents", CENTS, REQ),
  END_FIELDS
};

static const IzpField statement_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("period", STRING, REQ),   /* YYYY-MM or YYYY-Qn, checked below */
  FIELD ("period_start", DATE, REQ),
  FIELD ("period_end", DATE, REQ),
  ENUM_FIELD ("status", REQ, statement_status_values),
  FIELD ("due_on", DATE, REQ),
  FIELD ("paid_on", DATE, NUL),
  FIELD ("currency", CURRENCY, REQ),
  FIELD ("total_cents", CENTS, REQ),
  NESTED ("lines", ARRAY, REQ, statement_line_fields),
  END_FIELDS
};

static const IzpField resource_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("title", STRING, REQ),
  ENUM_FIELD ("kind", REQ, resource_kind_values),
  FIELD ("url", STRING, REQ),
  END_FIELDS
};

static const IzpField template_fields[] = {
  FIELD ("id", STRING, REQ),
  FIELD ("updated_at", INSTANT, REQ),
  FIELD ("version", INT, REQ),
  FIELD ("title", STRING, REQ),
  FIELD ("subject", STRING, REQ),
  FIELD ("body", STRING, REQ),
  END_FIELDS
};

/* leaderboard and users */

static const IzpField leaderboard_entry_fields[] = {
  FIELD ("rank", INT, REQ),
  FIELD ("cabinet", STRING, REQ),
  FIELD ("city", STRING, REQ),
  FIELD ("clients", INT, REQ),
  FIELD ("is_me", BOOL, REQ),
  END_FIELDS
};

static const IzpField leaderboard_me_fields[] = {
  FIELD ("rank", INT, REQ),
  FIELD ("clients", INT, REQ),
  END_FIELDS
};

static const IzpField leaderboard_fields[] = {
  FIELD ("quarter", STRING, REQ),   /* YYYY-Qn, checked below */
  NESTED ("entries", ARRAY, REQ, leaderboard_entry_fields),
  NESTED ("me", OBJECT, NUL, leaderboard_me_fields),
  END_FIELDS
};

static const IzpField user_fields[] = {
  FIELD ("email", STRING, REQ),
  FIELD ("password", STRING, REQ),
  END_FIELDS
};

/* Titles and nouns are N_() msgids, translated by the accessors below: the
 * dashboard lists the titles, progress messages use the nouns. */
static const IzpCollection collections[IZP_N_COLLECTIONS] = {
  { IZP_COLLECTION_CLIENTS, "clients", "/v1/clients", "client", client_fields,
    N_("Referred clients"), N_("clients") },
  { IZP_COLLECTION_INVOICES, "invoices", "/v1/invoices", "invoice", invoice_fields,
    N_("Invoices of your clients"), N_("invoices") },
  { IZP_COLLECTION_LEADS, "leads", "/v1/leads", "lead", lead_fields,
    N_("Prospects"), N_("leads") },
  { IZP_COLLECTION_REFERRAL_LINKS, "referral_links", "/v1/referral-links", "referral_link",
    referral_link_fields, N_("Referral links"), N_("referral links") },
  { IZP_COLLECTION_SUB_PARTNERS, "sub_partners", "/v1/sub-partners", "sub_partner",
    sub_partner_fields, N_("Firms you referred"), N_("referred firms") },
  { IZP_COLLECTION_CAMPAIGNS, "campaigns", "/v1/campaigns", "campaign", campaign_fields,
    N_("Campaigns"), N_("campaigns") },
  { IZP_COLLECTION_STATEMENTS, "statements", "/v1/statements", "statement", statement_fields,
    N_("Commission statements"), N_("statements") },
  { IZP_COLLECTION_RESOURCES, "resources", "/v1/resources", "resource", resource_fields,
    N_("Marketing kit"), N_("marketing kit") },
  { IZP_COLLECTION_TEMPLATES, "templates", "/v1/templates", "template", template_fields,
    N_("Official e-mail templates"), N_("templates") },
};

/* Labels of the enums that are strings in the contract, in the order of
 * their values arrays above. */
static const char * const channel_labels[] = {
  N_("E-mail"), "LinkedIn", N_("Print"), N_("Phone"), N_("Event"), N_("Other"), NULL
};
G_STATIC_ASSERT (G_N_ELEMENTS (channel_labels) == G_N_ELEMENTS (channel_values));

static const char * const lead_stage_labels[] = {
  N_("New"), N_("Demo scheduled"), N_("Demo done"), N_("Trial"), N_("Negotiation"),
  N_("Won"), N_("Lost"), NULL
};
G_STATIC_ASSERT (G_N_ELEMENTS (lead_stage_labels) == G_N_ELEMENTS (lead_stage_values));

/* A value unknown to this version (a newer server) is shown as it is. */
static const char *
find_label (const char * const *values,
            const char * const *labels,
            const char         *value)
{
  g_return_val_if_fail (value != NULL, NULL);

  for (guint i = 0; values[i] != NULL; i++)
    if (strcmp (values[i], value) == 0)
      return _(labels[i]);

  return value;
}

/**
 * izp_collection_get_title:
 *
 * Returns: the translated title of the collection: “Referred clients”
 */
const char *
izp_collection_get_title (IzpCollectionId id)
{
  g_return_val_if_fail ((guint) id < IZP_N_COLLECTIONS, NULL);

  return _(collections[id].title);
}

/**
 * izp_collection_get_noun:
 *
 * Returns: the translated plural noun, lower case, for inside a sentence:
 *   “invoices”
 */
const char *
izp_collection_get_noun (IzpCollectionId id)
{
  g_return_val_if_fail ((guint) id < IZP_N_COLLECTIONS, NULL);

  return _(collections[id].noun);
}

/**
 * izp_collection_describe:
 * @name: a collection's name, as in progress messages (“invoices”)
 *
 * Returns: its translated noun, or @name if unknown
 */
const char *
izp_collection_describe (const char *name)
{
  const IzpCollection *found = izp_schema_find_collection (name);

  return found != NULL ? izp_collection_get_noun (found->id) : name;
}

/**
 * izp_schema_get_channel_values:
 *
 * Returns: the API's `channel` values, NULL-terminated, in display order
 */
const char * const *
izp_schema_get_channel_values (void)
{
  return channel_values;
}

/**
 * izp_channel_get_label:
 * @channel: a `channel` value of the API
 *
 * Returns: its translated label (“E-mail”), or @channel if unknown
 */
const char *
izp_channel_get_label (const char *channel)
{
  return find_label (channel_values, channel_labels, channel);
}

/**
 * izp_lead_stage_get_label:
 * @stage: a lead `stage` value of the API
 *
 * Returns: its translated label (“Demo scheduled”), or @stage if unknown
 */
const char *
izp_lead_stage_get_label (const char *stage)
{
  return find_label (lead_stage_values, lead_stage_labels, stage);
}

const IzpCollection *
izp_schema_get_collection (IzpCollectionId id)
{
  g_return_val_if_fail (id < IZP_N_COLLECTIONS, NULL);

  return &collections[id];
}

/**
 * izp_schema_find_collection:
 * @name: a collection name (`referral_links`)
 *
 * Returns: (nullable): the collection, or %NULL if there is none by that name
 */
const IzpCollection *
izp_schema_find_collection (const char *name)
{
  guint i;

  g_return_val_if_fail (name != NULL, NULL);

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    if (strcmp (collections[i].name, name) == 0)
      return &collections[i];
  return NULL;
}

/**
 * izp_schema_find_collection_by_path:
 * @path: a request path (`/v1/referral-links`)
 *
 * Returns: (nullable): the collection served at @path, or %NULL
 */
const IzpCollection *
izp_schema_find_collection_by_path (const char *path)
{
  guint i;

  g_return_val_if_fail (path != NULL, NULL);

  for (i = 0; i < IZP_N_COLLECTIONS; i++)
    if (strcmp (collections[i].path, path) == 0)
      return &collections[i];
  return NULL;
}

const IzpField *
izp_schema_get_partner_fields (void)
{
  return partner_fields;
}

const IzpField *
izp_schema_get_leaderboard_fields (void)
{
  return leaderboard_fields;
}

const IzpField *
izp_schema_get_user_fields (void)
{
  return user_fields;
}

guint
izp_schema_count_fields (const IzpField *fields)
{
  guint n = 0;

  g_return_val_if_fail (fields != NULL, 0);

  while (fields[n].name != NULL)
    n++;
  return n;
}

/**
 * izp_schema_text_is_valid:
 * @text: a string
 *
 * Returns: %TRUE if @text is valid UTF-8 with no control character other
 *   than tab and newline (no other C0 control, no DEL, no C1 control)
 */
gboolean
izp_schema_text_is_valid (const char *text)
{
  const char *p;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f))
        return FALSE;
    }
  return TRUE;
}

/* YYYY-MM (monthly statement) or YYYY-Qn. */
static gboolean
period_is_valid (const char *text,
                 gboolean    allow_month)
{
  int i;

  if (strlen (text) != 7 || text[4] != '-')
    return FALSE;
  for (i = 0; i < 4; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  if (text[5] == 'Q')
    return text[6] >= '1' && text[6] <= '4';
  if (!allow_month || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]))
    return FALSE;
  return (text[5] == '0' && text[6] >= '1') || (text[5] == '1' && text[6] <= '2');
}

static gboolean validate_fields (const IzpField  *fields,
                                 JsonObject      *object,
                                 const char      *path,
                                 GError         **error);

static gboolean
validate_value (const IzpField  *field,
                JsonNode        *node,
                const char      *path,
                GError         **error)
{
  const char *text = NULL;
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (field->kind)
    {
    case IZP_FIELD_INT:
      if (value_type != G_TYPE_INT64)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an integer is expected"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_CENTS:
      if (value_type != G_TYPE_INT64)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an amount in integer cents is expected"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_BOOL:
      if (value_type != G_TYPE_BOOLEAN)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: true or false is expected"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_OBJECT:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: an object is expected"), path);
          return FALSE;
        }
      return validate_fields (field->children, json_node_get_object (node), path, error);

    case IZP_FIELD_ARRAY:
      {
        JsonArray *array;
        guint i, n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          {
            g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                         _("%s: an array is expected"), path);
            return FALSE;
          }
        array = json_node_get_array (node);
        n = json_array_get_length (array);
        for (i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);
            g_autofree char *element_path = izp_json_path_index (path, i);

            if (!JSON_NODE_HOLDS_OBJECT (element))
              {
                g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                             _("%s: an object is expected"), element_path);
                return FALSE;
              }
            if (!validate_fields (field->children, json_node_get_object (element),
                                  element_path, error))
              return FALSE;
          }
        return TRUE;
      }

    case IZP_FIELD_STRING:
    case IZP_FIELD_DATE:
    case IZP_FIELD_INSTANT:
    case IZP_FIELD_ENUM:
    case IZP_FIELD_CURRENCY:
    default:
      break;
    }

  /* The text kinds. */
  if (value_type != G_TYPE_STRING)
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                   _("%s: a string is expected"), path);
      return FALSE;
    }
  text = json_node_get_string (node);
  if (!izp_schema_text_is_valid (text))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: the text holds control characters or invalid UTF-8"), path);
      return FALSE;
    }

  switch (field->kind)
    {
    case IZP_FIELD_STRING:
      if (text[0] == '\0' && (field->references != NULL || strcmp (field->name, "id") == 0))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: an identifier cannot be empty"), path);
          return FALSE;
        }
      if ((strcmp (field->name, "period") == 0 && !period_is_valid (text, TRUE)) ||
          (strcmp (field->name, "quarter") == 0 && !period_is_valid (text, FALSE)))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: a period YYYY-MM or YYYY-Qn is expected"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_DATE:
      {
        IzpDate date;

        if (!izp_date_parse (text, &date))
          {
            g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                         _("%s: a date YYYY-MM-DD is expected"), path);
            return FALSE;
          }
        return TRUE;
      }

    case IZP_FIELD_INSTANT:
      if (!izp_instant_is_valid (text))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: an instant such as 2026-11-27T09:30:00Z is expected"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_ENUM:
      {
        guint i;

        for (i = 0; field->values[i] != NULL; i++)
          if (strcmp (field->values[i], text) == 0)
            return TRUE;

        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) field->values);

          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: “%s” is not one of %s"), path, text, allowed);
        }
        return FALSE;
      }

    case IZP_FIELD_CURRENCY:
      if (!izp_currency_is_supported (text))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: the currency must be EUR or CHF"), path);
          return FALSE;
        }
      return TRUE;

    case IZP_FIELD_INT:
    case IZP_FIELD_CENTS:
    case IZP_FIELD_BOOL:
    case IZP_FIELD_OBJECT:
    case IZP_FIELD_ARRAY:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static gboolean
validate_fields (const IzpField  *fields,
                 JsonObject      *object,
                 const char      *path,
                 GError         **error)
{
  const IzpField *field;

  for (field = fields; field->name != NULL; field++)
    {
      JsonNode *node = json_object_get_member (object, field->name);
      g_autofree char *member_path = NULL;

      if (node == NULL && (field->flags & IZP_FIELD_OPTIONAL) != 0)
        continue;
      if (node != NULL && JSON_NODE_HOLDS_NULL (node) &&
          (field->flags & IZP_FIELD_NULLABLE) != 0)
        continue;

      member_path = izp_json_path_member (path, field->name);
      if (node == NULL)
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_MISSING,
                       _("%s: this member is missing"), member_path);
          return FALSE;
        }
      if (JSON_NODE_HOLDS_NULL (node))
        {
          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                       _("%s: a value is expected, not null"), member_path);
          return FALSE;
        }
      if (!validate_value (field, node, member_path, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
izp_schema_validate (const IzpField  *fields,
                     JsonObject      *object,
                     const char      *path,
                     GError         **error)
{
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return validate_fields (fields, object, path != NULL ? path : "$", error);
}

/**
 * izp_schema_validate_item:
 * @collection: a collection
 * @node: an element of a page's `data` array
 * @path: its JSON path
 * @out_is_tombstone: (out) (optional): whether it is a tombstone
 * @error: a #GError
 *
 * Checks an item of @collection as the API sends it: an object that is
 * either a tombstone (valid non-empty `id`, `deleted: true`, valid
 * `updated_at`) or a whole item.
 */
gboolean
izp_schema_validate_item (const IzpCollection  *collection,
                          JsonNode             *node,
                          const char           *path,
                          gboolean             *out_is_tombstone,
                          GError              **error)
{
  JsonObject *object;

  g_return_val_if_fail (collection != NULL, FALSE);
  g_return_val_if_fail (node != NULL, FALSE);

  if (out_is_tombstone != NULL)
    *out_is_tombstone = FALSE;
  if (path == NULL)
    path = "$";

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE,
                   _("%s: an object is expected"), path);
      return FALSE;
    }
  object = json_node_get_object (node);

  if (json_object_has_member (object, "deleted"))
    {
      static const IzpField tombstone_fields[] = {
        FIELD ("id", STRING, REQ),
        FIELD ("deleted", BOOL, REQ),
        FIELD ("updated_at", INSTANT, REQ),
        END_FIELDS
      };

      if (!validate_fields (tombstone_fields, object, path, error))
        return FALSE;
      if (json_object_get_boolean_member (object, "deleted"))
        {
          if (out_is_tombstone != NULL)
            *out_is_tombstone = TRUE;
          return TRUE;
        }
    }

  return validate_fields (collection->fields, object, path, error);
}

gboolean
izp_schema_is_tombstone (JsonObject *object)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);

  node = json_object_get_member (object, "deleted");
  return node != NULL &&
         JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}
