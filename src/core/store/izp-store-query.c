/* izp-store-query.c — typed reads of the local store, off the caller's thread
 *
 * The rows were checked against the contract when the sync stored them;
 * a value that still does not fit (a damaged file) gives
 * IZP_STORE_ERROR_DAMAGED naming the row, never a crash. The partner's
 * tier history is read with SQLite's JSON functions, in SQL; a statement's
 * lines (a quarter of a million on a large account) are scanned in C when
 * they have the plain form the sync stores, else read in SQL like the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "izp-store-query.h"

/* Rows read between two looks at the cancellable. */
#define ROWS_PER_CHECK 1024
/* Columns whose last date is remembered (any query's column index). */
#define DATE_COLUMNS 10

enum
{
  ARRAY_TIER_HISTORY,
  ARRAY_CLIENTS,
  ARRAY_INVOICES,
  ARRAY_SUB_PARTNERS,
  ARRAY_CAMPAIGNS,
  ARRAY_STATEMENTS,
  ARRAY_STATEMENT_LINES,
  ARRAY_CLIENT_COMPANIES,
};

static gboolean
set_damaged_error (GError     **error,
                   const char  *table,
                   const char  *id,
                   const char  *column)
{
  g_autofree char *where = g_strdup_printf ("%s %s.%s", table, id != NULL ? id : "?", column);

  g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_DAMAGED,
               _("The local data is damaged (%s). Synchronize again to repair it."), where);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Overview */

void
izp_store_overview_free (IzpStoreOverview *overview)
{
  if (overview == NULL)
    return;
  g_free (overview->last_sync);
  g_free (overview->cabinet);
  g_free (overview);
}

/* A text value of the partner document, or NULL when there is none. */
static gboolean
read_partner_text (sqlite3     *db,
                   const char  *json_path,
                   char       **out_text,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *out_text = NULL;
  stmt = izp_record_prepare (db, "SELECT json_extract (json, ?1) FROM documents WHERE name = 'partner'",
                             error);
  if (stmt == NULL)
    return FALSE;
  izp_record_bind_text (stmt, 1, json_path);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_text = izp_record_column_dup (stmt, 0);
  else if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

IzpStoreOverview *
izp_store_read_overview (IzpStore  *store,
                         gboolean   with_counts,
                         GError   **error)
{
  g_autoptr(IzpStoreOverview) overview = g_new0 (IzpStoreOverview, 1);
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  if ((with_counts && !izp_store_get_counts (store, overview->counts, error)) ||
      !izp_store_get_account (store, NULL, NULL, &overview->last_sync, error))
    return NULL;

  db = izp_store_acquire_reader (store);
  ok = read_partner_text (db, "$.cabinet", &overview->cabinet, error);
  izp_store_release_reader (store);

  return ok ? g_steal_pointer (&overview) : NULL;
}

/* ------------------------------------------------------------------ */
/* Commission input */

void
izp_store_commission_input_free (IzpStoreCommissionInput *input)
{
  if (input == NULL)
    return;
  g_clear_pointer (&input->strings, g_string_chunk_free);
  g_clear_pointer (&input->statement_strings, g_string_chunk_free);
  for (guint i = 0; i < G_N_ELEMENTS (input->arrays); i++)
    g_clear_pointer (&input->arrays[i], g_array_unref);
  g_free (input);
}

typedef struct
{
  IzpStoreCommissionInput *input;
  sqlite3                 *db;
  sqlite3_stmt            *stmt;
  const char              *table;
  GCancellable            *cancellable;
  guint                    rows;
  /* With a batch function, the invoices are given to it a batch at a time
   * instead of kept. */
  IzpInvoiceBatchFunc      invoice_batch;
  gpointer                 invoice_batch_data;
  /* The last date read per column: most rows repeat the previous one. */
  char                     last_date[DATE_COLUMNS][11];
  IzpDate                  last_date_value[DATE_COLUMNS];
} Reader;

/* Repeated values (a client id on many invoices, a currency) are kept once. */
static const char *
keep_column (Reader *reader,
             int     column)
{
  const char *text = (const char *) sqlite3_column_text (reader->stmt, column);

  return text != NULL ? g_string_chunk_insert_const (reader->input->strings, text) : NULL;
}

/* A primary key: unique, no need to look for an equal one. */
static const char *
keep_id (Reader *reader)
{
  const char *text = (const char *) sqlite3_column_text (reader->stmt, 0);

  return text != NULL ? g_string_chunk_insert (reader->input->strings, text) : NULL;
}

/* The current row's @column does not fit: names the table, id and column. */
static gboolean
damaged (Reader      *reader,
         int          column,
         GError     **error)
{
  return set_damaged_error (error, reader->table,
                            (const char *) sqlite3_column_text (reader->stmt, 0),
                            sqlite3_column_name (reader->stmt, column));
}

/* A date column: NULL is IZP_DATE_NONE when @nullable. */
static gboolean
date_column (Reader    *reader,
             int        column,
             gboolean   nullable,
             IzpDate   *out_date,
             GError   **error)
{
  const char *text = (const char *) sqlite3_column_text (reader->stmt, column);
  gboolean cached = column < DATE_COLUMNS;

  *out_date = IZP_DATE_NONE;
  if (text == NULL && nullable)
    return TRUE;
  if (text != NULL && cached && text[0] != '\0' && strcmp (text, reader->last_date[column]) == 0)
    {
      *out_date = reader->last_date_value[column];
      return TRUE;
    }
  if (text == NULL || !izp_date_parse (text, out_date))
    return damaged (reader, column, error);
  /* A parsed date is 10 characters long. */
  if (cached)
    {
      memcpy (reader->last_date[column], text, 11);
      reader->last_date_value[column] = *out_date;
    }
  return TRUE;
}

/* Prepares @sql for a run of next_row(). */
static gboolean
start_rows (Reader      *reader,
            const char  *table,
            const char  *sql,
            GError     **error)
{
  g_clear_pointer (&reader->stmt, sqlite3_finalize);
  reader->table = table;
  memset (reader->last_date, 0, sizeof reader->last_date);
  reader->stmt = izp_record_prepare (reader->db, sql, error);
  return reader->stmt != NULL;
}

/* TRUE with a row; FALSE at the end (*error unset) or on an error. The
 * readers below always get a non-NULL @error to tell the two apart. */
static gboolean
next_row (Reader  *reader,
          GError **error)
{
  int rc;

  if (++reader->rows % ROWS_PER_CHECK == 0 &&
      g_cancellable_set_error_if_cancelled (reader->cancellable, error))
    return FALSE;
  rc = sqlite3_step (reader->stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    izp_record_set_sql_error (reader->db, error);
  return FALSE;
}

#define APPEND(reader, index, value) \
  g_array_append_val ((reader)->input->arrays[index], value)

static gboolean
read_generation (Reader  *reader,
                 GError **error)
{
  if (!start_rows (reader, "commission_inputs", "SELECT generation FROM commission_inputs", error))
    return FALSE;
  if (!next_row (reader, error))
    return *error == NULL ? set_damaged_error (error, "commission_inputs", "1", "generation") : FALSE;
  reader->input->generation = sqlite3_column_int64 (reader->stmt, 0);
  return TRUE;
}

static gboolean
read_partner_terms (Reader  *reader,
                    GError **error)
{
  IzpPartnerTerms *terms = &reader->input->input.terms;
  GError *local_error = NULL;

  if (!start_rows (reader, "documents",
                   "SELECT 'partner', json_extract (json, '$.currency') AS currency, "
                   "json_extract (json, '$.founder') AS founder, "
                   "json_extract (json, '$.cabinet'), json_extract (json, '$.account_manager.name'), "
                   "json_extract (json, '$.account_manager.email') "
                   "FROM documents WHERE name = 'partner'",
                   error))
    return FALSE;
  if (!next_row (reader, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_set_error (error, IZP_STORE_ERROR, IZP_STORE_ERROR_NOT_SYNCED,
                   _("The partner’s terms are not on this computer yet: synchronize first."));
      return FALSE;
    }
  terms->currency = keep_column (reader, 1);
  terms->founder = sqlite3_column_int (reader->stmt, 2) != 0;
  reader->input->cabinet = keep_column (reader, 3);
  reader->input->manager_name = keep_column (reader, 4);
  reader->input->manager_email = keep_column (reader, 5);
  if (terms->currency == NULL)
    return damaged (reader, 1, error);

  if (!start_rows (reader, "documents",
                   "SELECT 'partner', json_extract (t.value, '$.tier') AS tier, "
                   "json_extract (t.value, '$.since') AS since "
                   "FROM documents, json_each (documents.json, '$.tier_history') AS t "
                   "WHERE documents.name = 'partner' ORDER BY t.key",
                   error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpTierChange change;
      const char *tier = (const char *) sqlite3_column_text (reader->stmt, 1);

      if (tier == NULL || !izp_tier_from_string (tier, &change.tier))
        return damaged (reader, 1, error);
      if (!date_column (reader, 2, FALSE, &change.since, error))
        return FALSE;
      APPEND (reader, ARRAY_TIER_HISTORY, change);
    }
  return *error == NULL;
}

static gboolean
read_clients (Reader  *reader,
              GError **error)
{
  if (!start_rows (reader, "clients",
                   "SELECT id, activated_on, white_label, company FROM clients ORDER BY id", error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpClientFacts client;
      const char *company = keep_column (reader, 3);

      client.id = keep_id (reader);
      client.white_label = sqlite3_column_int (reader->stmt, 2) != 0;
      if (!date_column (reader, 1, TRUE, &client.activated_on, error))
        return FALSE;
      APPEND (reader, ARRAY_CLIENTS, client);
      APPEND (reader, ARRAY_CLIENT_COMPANIES, company);
    }
  return *error == NULL;
}

/* Invoices in a batch: 300 KB of memory used again and again, rather than
 * 17 MB for the large dataset's quarter of a million (each new page of
 * memory costs a fault). */
#define INVOICE_BATCH 4096

static void
give_invoice_batch (Reader *reader)
{
  GArray *invoices = reader->input->arrays[ARRAY_INVOICES];

  reader->invoice_batch (reader->input, (const IzpInvoiceFacts *) (gpointer) invoices->data, invoices->len,
                         reader->invoice_batch_data);
  g_array_set_size (invoices, 0);
}

static gboolean
read_invoices (Reader  *reader,
               GError **error)
{
  const char *last_currency = NULL;

  /* Not sized beforehand: count(*) walks the whole table, and a large
   * array grows in place (realloc moves its pages, not its bytes). */
  if (!start_rows (reader, "invoices",
                   /* In id order: the table is kept in it (WITHOUT ROWID). */
                   "SELECT id, client_id, source, sub_partner_id, client_activated_on, "
                   "period_start, amount_cents, currency, status, paid_on FROM invoices ORDER BY id",
                   error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpInvoiceFacts invoice;
      const char *source = (const char *) sqlite3_column_text (reader->stmt, 2);
      const char *status = (const char *) sqlite3_column_text (reader->stmt, 8);

      invoice.id = keep_id (reader);
      invoice.client_id = keep_column (reader, 1);
      invoice.sub_partner_id = keep_column (reader, 3);
      invoice.amount_cents = sqlite3_column_int64 (reader->stmt, 6);
      /* Nearly always the same currency as the row before. */
      invoice.currency = (const char *) sqlite3_column_text (reader->stmt, 7);
      if (invoice.currency != NULL)
        invoice.currency = last_currency != NULL && strcmp (invoice.currency, last_currency) == 0
                           ? last_currency : (last_currency = keep_column (reader, 7));

      if (g_strcmp0 (source, "own") == 0)
        invoice.source = IZP_INVOICE_SOURCE_OWN;
      else if (g_strcmp0 (source, "sub_partner") == 0)
        invoice.source = IZP_INVOICE_SOURCE_SUB_PARTNER;
      else
        return damaged (reader, 2, error);
      if (status == NULL || !izp_invoice_status_from_string (status, &invoice.status))
        return damaged (reader, 8, error);
      if (invoice.currency == NULL)
        return damaged (reader, 7, error);
      if (!date_column (reader, 4, TRUE, &invoice.client_activated_on, error) ||
          !date_column (reader, 5, FALSE, &invoice.period_start, error) ||
          /* A paid invoice has its payment date (as the JSON reader requires). */
          !date_column (reader, 9, invoice.status != IZP_INVOICE_STATUS_PAID, &invoice.paid_on, error))
        return FALSE;
      APPEND (reader, ARRAY_INVOICES, invoice);
      if (reader->invoice_batch != NULL && reader->input->arrays[ARRAY_INVOICES]->len == INVOICE_BATCH)
        give_invoice_batch (reader);
    }
  if (reader->invoice_batch != NULL && *error == NULL)
    give_invoice_batch (reader);
  return *error == NULL;
}

static gboolean
read_sub_partners (Reader  *reader,
                   GError **error)
{
  if (!start_rows (reader, "sub_partners",
                   "SELECT id, activated_on FROM sub_partners ORDER BY id", error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpSubPartnerFacts sub_partner;

      sub_partner.id = keep_id (reader);
      if (!date_column (reader, 1, TRUE, &sub_partner.activated_on, error))
        return FALSE;
      APPEND (reader, ARRAY_SUB_PARTNERS, sub_partner);
    }
  return *error == NULL;
}

static gboolean
read_campaigns (Reader  *reader,
                GError **error)
{
  if (!start_rows (reader, "campaigns",
                   "SELECT id, starts_on, ends_on, bonus_per_client_cents FROM campaigns ORDER BY id",
                   error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpCampaignFacts campaign;

      campaign.id = keep_id (reader);
      campaign.bonus_per_client_cents = sqlite3_column_int64 (reader->stmt, 3);
      if (!date_column (reader, 1, FALSE, &campaign.starts_on, error) ||
          !date_column (reader, 2, FALSE, &campaign.ends_on, error))
        return FALSE;
      APPEND (reader, ARRAY_CAMPAIGNS, campaign);
    }
  return *error == NULL;
}

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

/* A JSON string without escapes at @p (its opening quote): its text is
 * [*out_start, *out_end). NULL when it is not one. */
static const char *
scan_plain_string (const char  *p,
                   const char **out_start,
                   const char **out_end)
{
  if (*p++ != '"')
    return NULL;
  *out_start = p;
  while (*p != '"')
    {
      if (*p == '\\' || (guchar) *p < 0x20)
        return NULL;
      p++;
    }
  *out_end = p;
  return p + 1;
}

/* A JSON integer that fits a gint64. NULL when it is not one. */
static const char *
scan_integer (const char *p,
              gint64     *out_value)
{
  gboolean negative = *p == '-';
  guint64 value = 0;
  const char *digits;

  if (negative)
    p++;
  digits = p;
  while (g_ascii_isdigit (*p))
    {
      if (value > ((guint64) G_MAXINT64 - (guint64) (*p - '0')) / 10)
        return NULL;
      value = value * 10 + (guint64) (*p - '0');
      p++;
    }
  if (p == digits || (*digits == '0' && p - digits > 1) ||
      *p == '.' || *p == 'e' || *p == 'E')
    return NULL;
  *out_value = negative ? -(gint64) value : (gint64) value;
  return p;
}

/* Appends a statement's lines to @lines when @json is an array of flat
 * objects with a known kind, a string ref and an integer amount_cents, and
 * only strings without escapes or integers as values — what the sync
 * stores. FALSE, @lines unchanged, on anything else: the caller then reads
 * them with SQLite's JSON functions, which check everything. */
gboolean
izp_store_scan_statement_lines (GStringChunk *strings,
                                const char   *json,
                                GArray       *lines)
{
  guint first = lines->len;
  const char *p = skip_space (json);

  if (*p++ != '[')
    goto other_form;
  p = skip_space (p);
  if (*p == ']')
    return *skip_space (p + 1) == '\0';
  for (;;)
    {
      const char *kind_start = NULL, *kind_end = NULL;
      const char *ref_start = NULL, *ref_end = NULL;
      gboolean has_amount = FALSE;
      IzpStatementLine line;
      char kind[32];

      if (*p++ != '{')
        goto other_form;
      p = skip_space (p);
      for (;;)
        {
          const char *key_start, *key_end, *value_start = NULL, *value_end = NULL;
          gint64 number = 0;
          gsize key_len;

          if ((p = scan_plain_string (p, &key_start, &key_end)) == NULL)
            goto other_form;
          p = skip_space (p);
          if (*p++ != ':')
            goto other_form;
          p = skip_space (p);
          if (*p == '"')
            p = scan_plain_string (p, &value_start, &value_end);
          else
            p = scan_integer (p, &number);
          if (p == NULL)
            goto other_form;

          key_len = (gsize) (key_end - key_start);
#define IS_KEY(name) (key_len == strlen (name) && memcmp (key_start, name, key_len) == 0)
          if (IS_KEY ("kind"))
            {
              if (value_start == NULL || kind_start != NULL)
                goto other_form;
              kind_start = value_start;
              kind_end = value_end;
            }
          else if (IS_KEY ("ref"))
            {
              if (value_start == NULL || ref_start != NULL)
                goto other_form;
              ref_start = value_start;
              ref_end = value_end;
            }
          else if (IS_KEY ("amount_cents"))
            {
              if (value_start != NULL || has_amount)
                goto other_form;
              has_amount = TRUE;
              line.amount_cents = number;
            }
#undef IS_KEY

          p = skip_space (p);
          if (*p == '}')
            break;
          if (*p++ != ',')
            goto other_form;
          p = skip_space (p);
        }

      if (kind_start == NULL || ref_start == NULL || !has_amount ||
          (gsize) (kind_end - kind_start) >= sizeof kind)
        goto other_form;
      memcpy (kind, kind_start, (gsize) (kind_end - kind_start));
      kind[kind_end - kind_start] = '\0';
      if (!izp_ledger_kind_from_string (kind, &line.kind))
        goto other_form;
      line.ref = g_string_chunk_insert_len (strings, ref_start, ref_end - ref_start);
      g_array_append_val (lines, line);

      p = skip_space (p + 1);
      if (*p == ']')
        break;
      if (*p++ != ',')
        goto other_form;
      p = skip_space (p);
    }
  if (*skip_space (p + 1) == '\0')
    return TRUE;

other_form:
  g_array_set_size (lines, first);
  return FALSE;
}

/* A statement's lines in another form than the sync's: read in SQL. */
static gboolean
read_statement_lines_in_sql (Reader      *reader,
                             const char  *id,
                             GArray      *lines,
                             GError     **error)
{
  Reader lines_reader = { reader->input, reader->db, NULL, NULL, reader->cancellable, 0 };
  gboolean ok = FALSE;

  if (!start_rows (&lines_reader, "statements",
                   "SELECT s.id, l.key, json_extract (l.value, '$.kind') AS line_kind, "
                   "json_extract (l.value, '$.ref') AS line_ref, "
                   "json_extract (l.value, '$.amount_cents') AS line_amount_cents "
                   "FROM statements AS s, json_each (s.lines) AS l WHERE s.id = ?1 "
                   "ORDER BY l.key",
                   error))
    return FALSE;
  izp_record_bind_text (lines_reader.stmt, 1, id);
  while (next_row (&lines_reader, error))
    {
      IzpStatementLine line;
      const char *kind = (const char *) sqlite3_column_text (lines_reader.stmt, 2);

      if (kind == NULL || !izp_ledger_kind_from_string (kind, &line.kind) ||
          sqlite3_column_type (lines_reader.stmt, 3) != SQLITE_TEXT ||
          sqlite3_column_type (lines_reader.stmt, 4) != SQLITE_INTEGER)
        {
          damaged (&lines_reader, 2, error);
          goto out;
        }
      line.ref = keep_column (&lines_reader, 3);
      line.amount_cents = sqlite3_column_int64 (lines_reader.stmt, 4);
      g_array_append_val (lines, line);
    }
  ok = *error == NULL;
out:
  g_clear_pointer (&lines_reader.stmt, sqlite3_finalize);
  return ok;
}

static gboolean
read_statements (Reader  *reader,
                 GError **error)
{
  GArray *statements = reader->input->arrays[ARRAY_STATEMENTS];
  GArray *lines = reader->input->arrays[ARRAY_STATEMENT_LINES];
  g_autoptr(GArray) first_lines = g_array_new (FALSE, FALSE, sizeof (guint));

  if (!start_rows (reader, "statements",
                   "SELECT id, period, status, total_cents, lines FROM statements ORDER BY id",
                   error))
    return FALSE;
  while (next_row (reader, error))
    {
      IzpStatementFacts statement = { NULL, NULL, IZP_STATEMENT_STATUS_ISSUED, 0, NULL, 0 };
      const char *status = (const char *) sqlite3_column_text (reader->stmt, 2);
      const char *json = (const char *) sqlite3_column_text (reader->stmt, 4);
      guint first = lines->len;

      statement.id = keep_id (reader);
      statement.period = keep_column (reader, 1);
      statement.total_cents = sqlite3_column_int64 (reader->stmt, 3);
      if (g_strcmp0 (status, "paid") == 0)
        statement.status = IZP_STATEMENT_STATUS_PAID;
      else if (g_strcmp0 (status, "issued") != 0)
        return damaged (reader, 2, error);
      /* No lines stored: none (as json_each() reads NULL). */
      if (json != NULL && !izp_store_scan_statement_lines (reader->input->strings, json, lines) &&
          !read_statement_lines_in_sql (reader, statement.id, lines, error))
        return FALSE;
      statement.n_lines = lines->len - first;
      g_array_append_val (statements, statement);
      g_array_append_val (first_lines, first);
    }
  if (*error != NULL)
    return FALSE;

  /* Point into the lines only once the array has stopped growing. */
  for (guint i = 0; i < statements->len; i++)
    g_array_index (statements, IzpStatementFacts, i).lines =
      &g_array_index (lines, IzpStatementLine, g_array_index (first_lines, guint, i));
  return TRUE;
}

/* Points the engine's input at the lists read so far. */
static void
point_input_at_arrays (IzpStoreCommissionInput *input)
{
  IzpCommissionInput *facts = &input->input;

  facts->terms.tier_history = (const IzpTierChange *) (gpointer) input->arrays[ARRAY_TIER_HISTORY]->data;
  facts->terms.n_tier_history = input->arrays[ARRAY_TIER_HISTORY]->len;
  facts->clients = (const IzpClientFacts *) (gpointer) input->arrays[ARRAY_CLIENTS]->data;
  facts->n_clients = input->arrays[ARRAY_CLIENTS]->len;
  facts->invoices = (const IzpInvoiceFacts *) (gpointer) input->arrays[ARRAY_INVOICES]->data;
  facts->n_invoices = input->arrays[ARRAY_INVOICES]->len;
  facts->sub_partners = (const IzpSubPartnerFacts *) (gpointer) input->arrays[ARRAY_SUB_PARTNERS]->data;
  facts->n_sub_partners = input->arrays[ARRAY_SUB_PARTNERS]->len;
  facts->campaigns = (const IzpCampaignFacts *) (gpointer) input->arrays[ARRAY_CAMPAIGNS]->data;
  facts->n_campaigns = input->arrays[ARRAY_CAMPAIGNS]->len;
  facts->statements = (const IzpStatementFacts *) (gpointer) input->arrays[ARRAY_STATEMENTS]->data;
  facts->n_statements = input->arrays[ARRAY_STATEMENTS]->len;
  input->client_companies = (const char * const *) (gpointer) input->arrays[ARRAY_CLIENT_COMPANIES]->data;
}

/* The statements (a quarter of a million lines in JSON for the large
 * dataset) are read on a thread of their own, on a connection of their
 * own, while the reader walks the invoices: they are the input's when that
 * connection saw the same generation of the inputs (every write to a
 * statement bumps it), else they are read again in the reader's snapshot. */
typedef struct
{
  IzpStore                *store;
  GCancellable            *cancellable;
  IzpStoreCommissionInput *side;
  gboolean                 ok;
} StatementsApart;

static IzpStoreCommissionInput *
new_input (void)
{
  static const gsize sizes[] = {
    sizeof (IzpTierChange), sizeof (IzpClientFacts), sizeof (IzpInvoiceFacts),
    sizeof (IzpSubPartnerFacts), sizeof (IzpCampaignFacts), sizeof (IzpStatementFacts),
    sizeof (IzpStatementLine), sizeof (const char *),
  };
  IzpStoreCommissionInput *input = g_new0 (IzpStoreCommissionInput, 1);

  G_STATIC_ASSERT (G_N_ELEMENTS (sizes) == G_N_ELEMENTS (input->arrays));
  input->strings = g_string_chunk_new (64 * 1024);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    input->arrays[i] = g_array_new (FALSE, FALSE, sizes[i]);
  return input;
}

static gpointer
read_statements_apart (gpointer data)
{
  StatementsApart *apart = data;
  GError *error = NULL;
  Reader reader = { apart->side, NULL, NULL, NULL, apart->cancellable, 0, NULL, NULL };

  reader.db = izp_store_open_reader_apart (apart->store, &error);
  if (reader.db == NULL)
    {
      g_clear_error (&error);
      return NULL;
    }
  apart->ok = izp_record_exec (reader.db, "BEGIN", &error) &&
              read_generation (&reader, &error) &&
              read_statements (&reader, &error);
  g_clear_pointer (&reader.stmt, sqlite3_finalize);
  izp_record_exec (reader.db, "COMMIT", NULL);
  sqlite3_close (reader.db);
  /* Any failure is told by the reader's own read, in its snapshot. */
  g_clear_error (&error);
  return NULL;
}

static gboolean
take_statements (Reader           *reader,
                 StatementsApart  *apart,
                 GThread          *thread,
                 GError          **error)
{
  IzpStoreCommissionInput *input = reader->input;

  if (thread != NULL)
    g_thread_join (thread);
  if (thread == NULL || !apart->ok || apart->side->generation != input->generation)
    return read_statements (reader, error);
  for (guint i = ARRAY_STATEMENTS; i <= ARRAY_STATEMENT_LINES; i++)
    {
      GArray *mine = input->arrays[i];

      input->arrays[i] = apart->side->arrays[i];
      apart->side->arrays[i] = mine;
    }
  input->statement_strings = g_steal_pointer (&apart->side->strings);
  return TRUE;
}

static IzpStoreCommissionInput *
read_commission_input (IzpStore             *store,
                       IzpInvoiceBatchFunc   invoice_batch,
                       gpointer              invoice_batch_data,
                       GCancellable         *cancellable,
                       GError              **error)
{
  g_autoptr(IzpStoreCommissionInput) input = NULL;
  g_autoptr(IzpStoreCommissionInput) side = NULL;
  GError *local_error = NULL;
  Reader reader = { NULL, NULL, NULL, NULL, cancellable, 0, invoice_batch, invoice_batch_data };
  StatementsApart apart = { store, cancellable, NULL, FALSE };
  GThread *thread;
  gboolean ok;

  g_return_val_if_fail (IZP_IS_STORE (store), NULL);

  reader.input = input = new_input ();
  apart.side = side = new_input ();
  thread = g_thread_try_new ("izp-statements", read_statements_apart, &apart, NULL);

  reader.db = izp_store_acquire_reader (store);
  /* One read transaction: every list from the same snapshot, even while
   * the sync writes; every invoice read from the mapped file, last, when
   * the input points at every other list (for a batch function). */
  ok = izp_store_map_reader (reader.db, TRUE, &local_error) &&
       izp_record_exec (reader.db, "BEGIN", &local_error) &&
       read_generation (&reader, &local_error) &&
       read_partner_terms (&reader, &local_error) &&
       read_clients (&reader, &local_error) &&
       read_sub_partners (&reader, &local_error) &&
       read_campaigns (&reader, &local_error) &&
       (point_input_at_arrays (input), TRUE) &&
       read_invoices (&reader, &local_error);
  /* Joined whatever happened (it fills @side); taken in the same transaction. */
  if (ok)
    ok = take_statements (&reader, &apart, thread, &local_error);
  else if (thread != NULL)
    g_thread_join (thread);
  g_clear_pointer (&reader.stmt, sqlite3_finalize);
  izp_record_exec (reader.db, "COMMIT", NULL);
  izp_store_map_reader (reader.db, FALSE, NULL);
  izp_store_release_reader (store);

  if (!ok)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  point_input_at_arrays (input);
  return g_steal_pointer (&input);
}

IzpStoreCommissionInput *
izp_store_read_commission_input (IzpStore      *store,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return read_commission_input (store, NULL, NULL, cancellable, error);
}

/**
 * izp_store_read_commission_input_batched:
 * @invoice_batch: (scope call): given the invoices a batch at a time
 *
 * Returns: (transfer full) (nullable): the input, its invoices empty
 */
IzpStoreCommissionInput *
izp_store_read_commission_input_batched (IzpStore             *store,
                                         IzpInvoiceBatchFunc   invoice_batch,
                                         gpointer              user_data,
                                         GCancellable         *cancellable,
                                         GError              **error)
{
  g_return_val_if_fail (invoice_batch != NULL, NULL);

  return read_commission_input (store, invoice_batch, user_data, cancellable, error);
}

/* ------------------------------------------------------------------ */
/* Commission summary */

/* A date of the summary (written by izp_store_put_commission_summary()). */
static gboolean
summary_date (sqlite3_stmt  *stmt,
              int            column,
              const char    *table,
              IzpDate       *out_date,
              GError       **error)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (text == NULL || !izp_date_parse (text, out_date))
    return set_damaged_error (error, table, (const char *) sqlite3_column_text (stmt, 0),
                              sqlite3_column_name (stmt, column));
  return TRUE;
}

static gboolean
read_summary_rows (sqlite3  *db,
                   IzpDate   today,
                   GArray   *days,
                   GArray   *batches,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = izp_record_prepare (db, "SELECT day, amount_cents FROM commission_days ORDER BY day",
                                                     error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpLedgerDay day = { IZP_DATE_NONE, sqlite3_column_int64 (stmt, 1) };

      if (!summary_date (stmt, 0, "commission_days", &day.day, error))
        return FALSE;
      g_array_append_val (days, day);
    }
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);

  g_clear_pointer (&stmt, sqlite3_finalize);
  stmt = izp_record_prepare (db,
                             "SELECT period, monthly, period_start, period_end, due_on, total_cents, n_lines, paid "
                             "FROM payout_batches ORDER BY period_start, period",
                             error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      IzpPayoutBatch batch = { 0 };
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      if (key == NULL || strlen (key) >= sizeof batch.period.key)
        return set_damaged_error (error, "payout_batches", key, "period");
      g_strlcpy (batch.period.key, key, sizeof batch.period.key);
      batch.period.monthly = sqlite3_column_int (stmt, 1) != 0;
      if (!summary_date (stmt, 2, "payout_batches", &batch.period.period_start, error) ||
          !summary_date (stmt, 3, "payout_batches", &batch.period.period_end, error) ||
          !summary_date (stmt, 4, "payout_batches", &batch.period.due_on, error))
        return FALSE;
      batch.total_cents = sqlite3_column_int64 (stmt, 5);
      batch.n_lines = (guint) sqlite3_column_int64 (stmt, 6);
      batch.state = izp_payout_state_on (sqlite3_column_int (stmt, 7) != 0, batch.period.due_on, today);
      g_array_append_val (batches, batch);
    }
  if (rc != SQLITE_DONE)
    return izp_record_set_sql_error (db, error);
  return TRUE;
}

/**
 * izp_store_read_commission_summary:
 * @out_days: (out) (transfer full) (nullable) (element-type IzpLedgerDay)
 * @out_batches: (out) (transfer full) (nullable) (element-type IzpPayoutBatch)
 */
gboolean
izp_store_read_commission_summary (sqlite3  *db,
                                   IzpDate   today,
                                   GArray  **out_days,
                                   GArray  **out_batches,
                                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) batches = NULL;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (out_days != NULL && out_batches != NULL, FALSE);

  *out_days = NULL;
  *out_batches = NULL;
  stmt = izp_record_prepare (db,
                             "SELECT 1 FROM commission_summary s, commission_inputs i "
                             "WHERE s.generation = i.generation",
                             error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return izp_record_set_sql_error (db, error);

  days = g_array_new (FALSE, FALSE, sizeof (IzpLedgerDay));
  batches = g_array_new (FALSE, FALSE, sizeof (IzpPayoutBatch));
  if (!read_summary_rows (db, today, days, batches, error))
    return FALSE;
  *out_days = g_steal_pointer (&days);
  *out_batches = g_steal_pointer (&batches);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* On a worker */

typedef enum
{
  QUERY_OVERVIEW,
  QUERY_OVERVIEW_WITH_COUNTS,
  QUERY_COMMISSION_INPUT,
  QUERY_OUTBOX,
  QUERY_RETRY_OUTBOX,
  QUERY_DISCARD_OUTBOX,
} QueryKind;

typedef struct
{
  QueryKind       kind;
  gint64          id;
  gpointer        result;
  GDestroyNotify  result_free;
} Query;

static void
query_free (Query *query)
{
  if (query->result != NULL)
    query->result_free (query->result);
  g_free (query);
}

static gboolean
run_query (IzpStore      *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  Query *query = data;

  switch (query->kind)
    {
    case QUERY_OVERVIEW:
    case QUERY_OVERVIEW_WITH_COUNTS:
      query->result = izp_store_read_overview (store, query->kind == QUERY_OVERVIEW_WITH_COUNTS, error);
      query->result_free = (GDestroyNotify) izp_store_overview_free;
      return query->result != NULL;

    case QUERY_COMMISSION_INPUT:
      query->result = izp_store_read_commission_input (store, cancellable, error);
      query->result_free = (GDestroyNotify) izp_store_commission_input_free;
      return query->result != NULL;

    case QUERY_OUTBOX:
      query->result = izp_store_list_outbox (store, error);
      query->result_free = (GDestroyNotify) g_ptr_array_unref;
      return query->result != NULL;

    case QUERY_RETRY_OUTBOX:
      return izp_store_retry_outbox (store, query->id, error);

    case QUERY_DISCARD_OUTBOX:
      return izp_store_discard_outbox (store, query->id, error);

    default:
      g_assert_not_reached ();
    }
}

static void
start_query (IzpStore            *store,
             QueryKind            kind,
             gint64               id,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  Query *query = g_new0 (Query, 1);

  g_return_if_fail (IZP_IS_STORE (store));

  query->kind = kind;
  query->id = id;
  izp_store_run_async (store, run_query, query, (GDestroyNotify) query_free,
                       cancellable, callback, user_data);
}

/* The query's result (transfer full), or NULL with @error set. */
static gpointer
finish_query (IzpStore      *store,
              GAsyncResult  *result,
              GError       **error)
{
  gpointer data = NULL;

  if (!izp_store_run_finish (store, result, &data, error))
    return NULL;
  return g_steal_pointer (&((Query *) data)->result);
}

void
izp_store_read_overview_async (IzpStore            *store,
                               gboolean             with_counts,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  start_query (store, with_counts ? QUERY_OVERVIEW_WITH_COUNTS : QUERY_OVERVIEW, 0,
               cancellable, callback, user_data);
}

IzpStoreOverview *
izp_store_read_overview_finish (IzpStore      *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_query (store, result, error);
}

void
izp_store_read_commission_input_async (IzpStore            *store,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  start_query (store, QUERY_COMMISSION_INPUT, 0, cancellable, callback, user_data);
}

IzpStoreCommissionInput *
izp_store_read_commission_input_finish (IzpStore      *store,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish_query (store, result, error);
}

void
izp_store_read_outbox_async (IzpStore            *store,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  start_query (store, QUERY_OUTBOX, 0, cancellable, callback, user_data);
}

GPtrArray *
izp_store_read_outbox_finish (IzpStore      *store,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_query (store, result, error);
}

void
izp_store_retry_outbox_async (IzpStore            *store,
                              gint64               id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  start_query (store, QUERY_RETRY_OUTBOX, id, cancellable, callback, user_data);
}

void
izp_store_discard_outbox_async (IzpStore            *store,
                                gint64               id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  start_query (store, QUERY_DISCARD_OUTBOX, id, cancellable, callback, user_data);
}

gboolean
izp_store_change_outbox_finish (IzpStore      *store,
                                GAsyncResult  *result,
                                GError       **error)
{
  return izp_store_run_finish (store, result, NULL, error);
}
