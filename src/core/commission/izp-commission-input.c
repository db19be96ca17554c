/* izp-commission-input.c — the commission engine's input, read from a dataset
 *
 * Reads `partner`, `clients`, `invoices`, `sub_partners`, `campaigns` and
 * `statements` from an object shaped like the sandbox's dataset (or like the
 * API's objects). Every member is type-checked; the first bad value gives a
 * GError naming its JSON path. The result copies its strings, so the JSON
 * can be dropped afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "izp-commission-input.h"
#include "izp-json.h"

typedef struct
{
  IzpCommissionInput  input;     /* first, so the public pointer is this struct's */
  GStringChunk       *strings;
  GArray             *tier_history;
  GArray             *clients;
  GArray             *invoices;
  GArray             *sub_partners;
  GArray             *campaigns;
  GArray             *statements;
  GArray             *statement_lines;
} OwnedInput;

static const char *
keep (OwnedInput *owned,
      const char *text)
{
  return text != NULL ? g_string_chunk_insert_const (owned->strings, text) : NULL;
}

static gboolean
read_string (OwnedInput  *owned,
             JsonObject  *object,
             const char  *member,
             const char  *path,
             gboolean     nullable,
             const char **out_value,
             GError     **error)
{
  const char *value;

  if (!izp_json_get_string (object, member, path, nullable, &value, error))
    return FALSE;
  *out_value = keep (owned, value);
  return TRUE;
}

static gboolean
read_date (JsonObject  *object,
           const char  *member,
           const char  *path,
           gboolean     nullable,
           IzpDate     *out_date,
           GError     **error)
{
  const char *text;

  *out_date = IZP_DATE_NONE;
  if (!izp_json_get_string (object, member, path, nullable, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!izp_date_parse (text, out_date))
    {
      g_autofree char *where = izp_json_path_member (path, member);

      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: a date YYYY-MM-DD is expected"), where);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_cents (JsonObject  *object,
            const char  *member,
            const char  *path,
            gboolean     allow_negative,
            IzpCents    *out_cents,
            GError     **error)
{
  if (!izp_json_get_int (object, member, path, FALSE, out_cents, NULL, error))
    return FALSE;
  if (*out_cents > IZP_COMMISSION_MAX_CENTS ||
      *out_cents < (allow_negative ? -IZP_COMMISSION_MAX_CENTS : 0))
    {
      g_autofree char *where = izp_json_path_member (path, member);

      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                   _("%s: the amount is out of range"), where);
      return FALSE;
    }

  return TRUE;
}

static void
set_enum_error (GError     **error,
                const char  *path,
                const char  *member)
{
  g_autofree char *where = izp_json_path_member (path, member);

  g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE, _("%s: unknown value"), where);
}

static JsonObject *
element_object (JsonArray   *array,
                guint        index,
                char        *path,
                gsize        path_size,
                const char  *array_path,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, index);

  g_snprintf (path, path_size, "%s[%u]", array_path, index);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE, _("%s: an object is expected"), path);
      return NULL;
    }

  return json_node_get_object (node);
}

/* A list that the dataset may leave out counts as empty. */
static JsonArray *
optional_array (JsonObject  *root,
                const char  *member,
                gboolean    *out_ok,
                GError     **error)
{
  *out_ok = TRUE;
  if (!json_object_has_member (root, member))
    return NULL;

  {
    JsonArray *array = izp_json_get_array (root, member, "$", error);

    *out_ok = array != NULL;
    return array;
  }
}

static gboolean
read_partner (OwnedInput  *owned,
              JsonObject  *root,
              GError     **error)
{
  JsonObject *partner;
  JsonArray *history;
  char path[64];

  partner = izp_json_get_object (root, "partner", "$", FALSE, error);
  if (partner == NULL)
    return FALSE;
  if (!read_string (owned, partner, "currency", "$.partner", FALSE,
                    &owned->input.terms.currency, error))
    return FALSE;
  if (!izp_json_get_bool (partner, "founder", "$.partner", &owned->input.terms.founder, error))
    return FALSE;
  history = izp_json_get_array (partner, "tier_history", "$.partner", error);
  if (history == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *object = element_object (history, i, path, sizeof path,
                                           "$.partner.tier_history", error);
      IzpTierChange change;
      const char *tier;

      if (object == NULL)
        return FALSE;
      if (!izp_json_get_string (object, "tier", path, FALSE, &tier, error))
        return FALSE;
      if (!izp_tier_from_string (tier, &change.tier))
        {
          set_enum_error (error, path, "tier");
          return FALSE;
        }
      if (!read_date (object, "since", path, FALSE, &change.since, error))
        return FALSE;
      g_array_append_val (owned->tier_history, change);
    }

  return TRUE;
}

static gboolean
read_clients (OwnedInput  *owned,
              JsonArray   *array,
              GError     **error)
{
  char path[64];

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, path, sizeof path, "$.clients", error);
      IzpClientFacts client;

      if (object == NULL ||
          !read_string (owned, object, "id", path, FALSE, &client.id, error) ||
          !read_date (object, "activated_on", path, TRUE, &client.activated_on, error) ||
          !izp_json_get_bool (object, "white_label", path, &client.white_label, error))
        return FALSE;
      g_array_append_val (owned->clients, client);
    }

  return TRUE;
}

static gboolean
read_invoices (OwnedInput  *owned,
               JsonArray   *array,
               GError     **error)
{
  char path[64];

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, path, sizeof path, "$.invoices", error);
      IzpInvoiceFacts invoice;
      const char *source;
      const char *status;

      if (object == NULL ||
          !read_string (owned, object, "id", path, FALSE, &invoice.id, error) ||
          !read_string (owned, object, "client_id", path, TRUE, &invoice.client_id, error) ||
          !izp_json_get_string (object, "source", path, FALSE, &source, error))
        return FALSE;

      if (g_strcmp0 (source, "own") == 0)
        invoice.source = IZP_INVOICE_SOURCE_OWN;
      else if (g_strcmp0 (source, "sub_partner") == 0)
        invoice.source = IZP_INVOICE_SOURCE_SUB_PARTNER;
      else
        {
          set_enum_error (error, path, "source");
          return FALSE;
        }

      if (!read_string (owned, object, "sub_partner_id", path, TRUE, &invoice.sub_partner_id, error) ||
          !read_date (object, "client_activated_on", path, TRUE, &invoice.client_activated_on, error) ||
          !read_date (object, "period_start", path, FALSE, &invoice.period_start, error) ||
          !read_cents (object, "amount_cents", path, TRUE, &invoice.amount_cents, error) ||
          !read_string (owned, object, "currency", path, FALSE, &invoice.currency, error) ||
          !izp_json_get_string (object, "status", path, FALSE, &status, error))
        return FALSE;

      if (!izp_invoice_status_from_string (status, &invoice.status))
        {
          set_enum_error (error, path, "status");
          return FALSE;
        }
      if (!read_date (object, "paid_on", path, TRUE, &invoice.paid_on, error))
        return FALSE;
      if (invoice.status == IZP_INVOICE_STATUS_PAID && invoice.paid_on == IZP_DATE_NONE)
        {
          g_autofree char *where = izp_json_path_member (path, "paid_on");

          g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_VALUE,
                       _("%s: a paid invoice needs its payment date"), where);
          return FALSE;
        }

      g_array_append_val (owned->invoices, invoice);
    }

  return TRUE;
}

static gboolean
read_sub_partners (OwnedInput  *owned,
                   JsonArray   *array,
                   GError     **error)
{
  char path[64];

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, path, sizeof path, "$.sub_partners", error);
      IzpSubPartnerFacts sub_partner;

      if (object == NULL ||
          !read_string (owned, object, "id", path, FALSE, &sub_partner.id, error) ||
          !read_date (object, "activated_on", path, TRUE, &sub_partner.activated_on, error))
        return FALSE;
      g_array_append_val (owned->sub_partners, sub_partner);
    }

  return TRUE;
}

static gboolean
read_campaigns (OwnedInput  *owned,
                JsonArray   *array,
                GError     **error)
{
  char path[64];

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, path, sizeof path, "$.campaigns", error);
      IzpCampaignFacts campaign;

      if (object == NULL ||
          !read_string (owned, object, "id", path, FALSE, &campaign.id, error) ||
          !read_date (object, "starts_on", path, FALSE, &campaign.starts_on, error) ||
          !read_date (object, "ends_on", path, FALSE, &campaign.ends_on, error) ||
          !read_cents (object, "bonus_per_client_cents", path, FALSE,
                       &campaign.bonus_per_client_cents, error))
        return FALSE;
      g_array_append_val (owned->campaigns, campaign);
    }

  return TRUE;
}

static gboolean
read_statements (OwnedInput  *owned,
                 JsonArray   *array,
                 GError     **error)
{
  g_autoptr(GArray) first_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  char path[64];
  char line_path[96];

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, path, sizeof path, "$.statements", error);
      IzpStatementFacts statement = { NULL, NULL, IZP_STATEMENT_STATUS_ISSUED, 0, NULL, 0 };
      g_autofree char *lines_path = NULL;
      const char *status;
      JsonArray *lines;
      guint first = owned->statement_lines->len;

      if (object == NULL ||
          !read_string (owned, object, "id", path, FALSE, &statement.id, error) ||
          !read_string (owned, object, "period", path, FALSE, &statement.period, error) ||
          !izp_json_get_string (object, "status", path, FALSE, &status, error) ||
          !read_cents (object, "total_cents", path, TRUE, &statement.total_cents, error))
        return FALSE;

      if (g_strcmp0 (status, "paid") == 0)
        statement.status = IZP_STATEMENT_STATUS_PAID;
      else if (g_strcmp0 (status, "issued") == 0)
        statement.status = IZP_STATEMENT_STATUS_ISSUED;
      else
        {
          set_enum_error (error, path, "status");
          return FALSE;
        }

      lines = izp_json_get_array (object, "lines", path, error);
      if (lines == NULL)
        return FALSE;
      lines_path = izp_json_path_member (path, "lines");

      for (guint j = 0; j < json_array_get_length (lines); j++)
        {
          JsonObject *line_object = element_object (lines, j, line_path, sizeof line_path,
                                                    lines_path, error);
          IzpStatementLine line;
          const char *kind;

          if (line_object == NULL ||
              !izp_json_get_string (line_object, "kind", line_path, FALSE, &kind, error))
            return FALSE;
          if (!izp_ledger_kind_from_string (kind, &line.kind))
            {
              set_enum_error (error, line_path, "kind");
              return FALSE;
            }
          if (!read_string (owned, line_object, "ref", line_path, FALSE, &line.ref, error) ||
              !read_cents (line_object, "amount_cents", line_path, TRUE, &line.amount_cents, error))
            return FALSE;
          g_array_append_val (owned->statement_lines, line);
        }

      statement.n_lines = owned->statement_lines->len - first;
      g_array_append_val (owned->statements, statement);
      g_array_append_val (first_lines, first);
    }

  /* Point into the lines only once the array has stopped growing. */
  for (guint i = 0; i < owned->statements->len; i++)
    {
      IzpStatementFacts *statement = &g_array_index (owned->statements, IzpStatementFacts, i);

      statement->lines = &g_array_index (owned->statement_lines, IzpStatementLine,
                                         g_array_index (first_lines, guint, i));
    }

  return TRUE;
}

/**
 * izp_commission_input_from_json:
 * @dataset: an object with `partner` and the lists `clients`, `invoices`,
 *   `sub_partners`, `campaigns`, `statements` (a missing list is empty)
 *
 * Returns: (transfer full) (nullable): the input, to free with
 *   izp_commission_input_free(), or %NULL with @error set
 */
IzpCommissionInput *
izp_commission_input_from_json (JsonNode  *dataset,
                                GError   **error)
{
  OwnedInput *owned;
  JsonObject *root;
  JsonArray *arrays[5];
  static const char * const names[5] = {
    "clients", "invoices", "sub_partners", "campaigns", "statements",
  };
  gboolean ok = TRUE;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (dataset == NULL || !JSON_NODE_HOLDS_OBJECT (dataset))
    {
      g_set_error (error, IZP_JSON_ERROR, IZP_JSON_ERROR_TYPE, _("%s: an object is expected"), "$");
      return NULL;
    }
  root = json_node_get_object (dataset);

  owned = g_new0 (OwnedInput, 1);
  owned->strings = g_string_chunk_new (64 * 1024);
  owned->tier_history = g_array_new (FALSE, FALSE, sizeof (IzpTierChange));
  owned->clients = g_array_new (FALSE, FALSE, sizeof (IzpClientFacts));
  owned->invoices = g_array_new (FALSE, FALSE, sizeof (IzpInvoiceFacts));
  owned->sub_partners = g_array_new (FALSE, FALSE, sizeof (IzpSubPartnerFacts));
  owned->campaigns = g_array_new (FALSE, FALSE, sizeof (IzpCampaignFacts));
  owned->statements = g_array_new (FALSE, FALSE, sizeof (IzpStatementFacts));
  owned->statement_lines = g_array_new (FALSE, FALSE, sizeof (IzpStatementLine));

  for (guint i = 0; ok && i < G_N_ELEMENTS (names); i++)
    arrays[i] = optional_array (root, names[i], &ok, error);

  if (!ok ||
      !read_partner (owned, root, error) ||
      !read_clients (owned, arrays[0], error) ||
      !read_invoices (owned, arrays[1], error) ||
      !read_sub_partners (owned, arrays[2], error) ||
      !read_campaigns (owned, arrays[3], error) ||
      !read_statements (owned, arrays[4], error))
    {
      izp_commission_input_free (&owned->input);
      return NULL;
    }

  owned->input.terms.tier_history = (const IzpTierChange *) (gpointer) owned->tier_history->data;
  owned->input.terms.n_tier_history = owned->tier_history->len;
  owned->input.clients = (const IzpClientFacts *) (gpointer) owned->clients->data;
  owned->input.n_clients = owned->clients->len;
  owned->input.invoices = (const IzpInvoiceFacts *) (gpointer) owned->invoices->data;
  owned->input.n_invoices = owned->invoices->len;
  owned->input.sub_partners = (const IzpSubPartnerFacts *) (gpointer) owned->sub_partners->data;
  owned->input.n_sub_partners = owned->sub_partners->len;
  owned->input.campaigns = (const IzpCampaignFacts *) (gpointer) owned->campaigns->data;
  owned->input.n_campaigns = owned->campaigns->len;
  owned->input.statements = (const IzpStatementFacts *) (gpointer) owned->statements->data;
  owned->input.n_statements = owned->statements->len;

  return &owned->input;
}

/**
 * izp_commission_input_free:
 * @input: an input from izp_commission_input_from_json() (and only from there)
 */
void
izp_commission_input_free (IzpCommissionInput *input)
{
  OwnedInput *owned = (OwnedInput *) input;

  if (owned == NULL)
    return;

  g_string_chunk_free (owned->strings);
  g_array_unref (owned->tier_history);
  g_array_unref (owned->clients);
  g_array_unref (owned->invoices);
  g_array_unref (owned->sub_partners);
  g_array_unref (owned->campaigns);
  g_array_unref (owned->statements);
  g_array_unref (owned->statement_lines);
  g_free (owned);
}
