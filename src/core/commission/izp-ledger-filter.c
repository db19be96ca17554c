/* izp-ledger-filter.c — which ledger lines a view shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-ledger-filter.h"

void
izp_ledger_filter_init (IzpLedgerFilter *filter)
{
  g_return_if_fail (filter != NULL);

  filter->from = IZP_DATE_NONE;
  filter->to = IZP_DATE_NONE;
  filter->client_id = NULL;
  filter->kind = IZP_LEDGER_KIND_ANY;
  filter->batch_key = NULL;
  filter->terms = NULL;
}

gboolean
izp_ledger_filter_match (const IzpLedgerFilter *filter,
                         const IzpLedgerLine   *line)
{
  if (filter->from != IZP_DATE_NONE && line->accrued_on < filter->from)
    return FALSE;
  if (filter->to != IZP_DATE_NONE && line->accrued_on > filter->to)
    return FALSE;
  if (filter->kind != IZP_LEDGER_KIND_ANY && (int) line->kind != filter->kind)
    return FALSE;
  if (filter->client_id != NULL && g_strcmp0 (filter->client_id, line->client_id) != 0)
    return FALSE;
  if (filter->batch_key != NULL && filter->terms != NULL)
    {
      IzpPayoutPeriod batch = izp_payout_batch_for (filter->terms, line->accrued_on);

      if (strcmp (batch.key, filter->batch_key) != 0)
        return FALSE;
    }
  return TRUE;
}

/**
 * izp_ledger_filter_rows:
 *
 * Returns: (transfer full) (element-type guint)
 */
GArray *
izp_ledger_filter_rows (const IzpLedgerFilter *filter,
                        const IzpLedger       *ledger)
{
  GArray *rows;

  g_return_val_if_fail (filter != NULL && ledger != NULL, NULL);

  rows = g_array_sized_new (FALSE, FALSE, sizeof (guint), ledger->lines->len);
  for (guint i = 0; i < ledger->lines->len; i++)
    {
      if (izp_ledger_filter_match (filter, &g_array_index (ledger->lines, IzpLedgerLine, i)))
        g_array_append_val (rows, i);
    }
  return rows;
}

IzpCents
izp_ledger_sum_rows (const IzpLedger *ledger,
                     const guint     *rows,
                     guint            n_rows,
                     IzpCents         out_by_kind[IZP_LEDGER_N_KINDS])
{
  IzpCents by_kind[IZP_LEDGER_N_KINDS] = { 0 };
  IzpCents total = 0;

  g_return_val_if_fail (ledger != NULL, 0);

  for (guint i = 0; i < n_rows; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, rows[i]);

      by_kind[line->kind] += line->amount_cents;
      total += line->amount_cents;
    }
  if (out_by_kind != NULL)
    memcpy (out_by_kind, by_kind, sizeof by_kind);
  return total;
}

typedef struct
{
  const IzpLedgerLine *lines;
  const guint         *client_rank;   /* per line, for IZP_LEDGER_SORT_CLIENT */
  IzpLedgerSortKey     key;
  int                  direction;     /* 1 or -1 */
} SortContext;

#define CMP(a, b) ((a) < (b) ? -1 : ((a) > (b) ? 1 : 0))

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SortContext *context = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  const IzpLedgerLine *la = &context->lines[ia];
  const IzpLedgerLine *lb = &context->lines[ib];
  int result = 0;

  switch (context->key)
    {
    case IZP_LEDGER_SORT_DATE:
      result = CMP (la->accrued_on, lb->accrued_on);
      break;
    case IZP_LEDGER_SORT_CLIENT:
      result = CMP (context->client_rank[ia], context->client_rank[ib]);
      break;
    case IZP_LEDGER_SORT_KIND:
      result = CMP (la->kind, lb->kind);
      break;
    case IZP_LEDGER_SORT_REF:
      result = strcmp (la->ref, lb->ref);
      break;
    case IZP_LEDGER_SORT_BASIS:
      result = CMP (la->basis_cents, lb->basis_cents);
      break;
    case IZP_LEDGER_SORT_RATE:
      result = CMP (la->rate_bp, lb->rate_bp);
      break;
    case IZP_LEDGER_SORT_AMOUNT:
      result = CMP (la->amount_cents, lb->amount_cents);
      break;
    default:
      g_assert_not_reached ();
    }

  if (result != 0)
    return result * context->direction;
  return CMP (ia, ib);
}

typedef struct
{
  const char *client_id;
  char       *collate_key;
} ClientKey;

static int
compare_client_keys (gconstpointer a,
                     gconstpointer b)
{
  const ClientKey *ka = a;
  const ClientKey *kb = b;
  int result = strcmp (ka->collate_key, kb->collate_key);

  return result != 0 ? result : strcmp (ka->client_id, kb->client_id);
}

/**
 * izp_ledger_clients_by_name:
 * @names: (nullable): client id → company name
 *
 * Returns: (transfer container) (element-type utf8): the ids of the clients
 *   that have a line (borrowed from @ledger), by collated name, then id;
 *   a client with no name by its id
 */
GPtrArray *
izp_ledger_clients_by_name (const IzpLedger *ledger,
                            GHashTable      *names)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (ClientKey));
  GPtrArray *ids;

  g_return_val_if_fail (ledger != NULL, NULL);

  for (guint i = 0; i < ledger->lines->len; i++)
    {
      const char *id = g_array_index (ledger->lines, IzpLedgerLine, i).client_id;
      const char *name = NULL;
      ClientKey key;

      if (id == NULL || !g_hash_table_add (seen, (gpointer) id))
        continue;
      if (names != NULL)
        name = g_hash_table_lookup (names, id);
      key.client_id = id;
      /* Collated once per client, not once per comparison. */
      key.collate_key = g_utf8_collate_key (name != NULL ? name : id, -1);
      g_array_append_val (keys, key);
    }
  g_array_sort (keys, compare_client_keys);
  ids = g_ptr_array_sized_new (keys->len);
  for (guint i = 0; i < keys->len; i++)
    {
      ClientKey *key = &g_array_index (keys, ClientKey, i);

      g_ptr_array_add (ids, (gpointer) key->client_id);
      g_free (key->collate_key);
    }
  return ids;
}

/* Each line's client as its rank among the clients by name. Lines without
 * a client come first. */
static guint *
rank_clients (const IzpLedger *ledger,
              GHashTable      *names)
{
  g_autoptr(GPtrArray) by_name = izp_ledger_clients_by_name (ledger, names);
  g_autoptr(GHashTable) ranks = g_hash_table_new (g_str_hash, g_str_equal);
  guint *line_rank = g_new (guint, ledger->lines->len + 1);

  for (guint i = 0; i < by_name->len; i++)
    g_hash_table_insert (ranks, by_name->pdata[i], GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < ledger->lines->len; i++)
    {
      const char *id = g_array_index (ledger->lines, IzpLedgerLine, i).client_id;

      line_rank[i] = id != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (ranks, id)) : 0;
    }
  return line_rank;
}

/* The value a line sorts by, as an unsigned key that orders like it. */
static guint64
sort_key (const IzpLedgerLine *line,
          IzpLedgerSortKey     key,
          guint                rank)
{
  switch (key)
    {
    case IZP_LEDGER_SORT_DATE:
      return line->accrued_on;
    case IZP_LEDGER_SORT_CLIENT:
      return rank;
    case IZP_LEDGER_SORT_KIND:
      return (guint64) line->kind;
    case IZP_LEDGER_SORT_BASIS:
      return (guint64) line->basis_cents ^ G_GUINT64_CONSTANT (0x8000000000000000);
    case IZP_LEDGER_SORT_RATE:
      return (guint64) (gint64) line->rate_bp ^ G_GUINT64_CONSTANT (0x8000000000000000);
    case IZP_LEDGER_SORT_AMOUNT:
      return (guint64) line->amount_cents ^ G_GUINT64_CONSTANT (0x8000000000000000);
    case IZP_LEDGER_SORT_REF:
    default:
      g_assert_not_reached ();
    }
}

/* 240 000 lines sort in a few milliseconds: rows back to ledger order,
 * then a stable radix sort on 16-bit digits of the key (only the digits
 * that differ), which keeps ties in ledger order. */
static void
radix_sort_rows (const IzpLedger  *ledger,
                 guint            *rows,
                 guint             n_rows,
                 IzpLedgerSortKey  key,
                 gboolean          descending,
                 const guint      *client_rank)
{
  const IzpLedgerLine *lines = (const IzpLedgerLine *) (gpointer) ledger->lines->data;
  g_autofree guint8 *present = g_new0 (guint8, ledger->lines->len + 1);
  g_autofree guint64 *keys = g_new (guint64, n_rows);
  g_autofree guint64 *keys_out = g_new (guint64, n_rows);
  g_autofree guint *rows_out = g_new (guint, n_rows);
  g_autofree guint *counts = g_new (guint, 65536 + 1);
  guint64 differ = 0;
  guint k = 0;

  for (guint i = 0; i < n_rows; i++)
    present[rows[i]] = 1;
  for (guint index = 0; index < ledger->lines->len; index++)
    if (present[index])
      rows[k++] = index;

  for (guint i = 0; i < n_rows; i++)
    {
      guint64 value = sort_key (&lines[rows[i]], key, client_rank != NULL ? client_rank[rows[i]] : 0);

      keys[i] = descending ? ~value : value;
      differ |= keys[i] ^ keys[0];
    }

  for (guint shift = 0; shift < 64; shift += 16)
    {
      guint64 *swap_keys;

      if (((differ >> shift) & 0xffff) == 0)
        continue;
      memset (counts, 0, sizeof (guint) * (65536 + 1));
      for (guint i = 0; i < n_rows; i++)
        counts[((keys[i] >> shift) & 0xffff) + 1]++;
      for (guint d = 0; d < 65536; d++)
        counts[d + 1] += counts[d];
      for (guint i = 0; i < n_rows; i++)
        {
          guint slot = counts[(keys[i] >> shift) & 0xffff]++;

          keys_out[slot] = keys[i];
          rows_out[slot] = rows[i];
        }
      memcpy (rows, rows_out, sizeof (guint) * n_rows);
      swap_keys = keys;
      keys = keys_out;
      keys_out = swap_keys;
    }
}

void
izp_ledger_sort_rows (const IzpLedger  *ledger,
                      guint            *rows,
                      guint             n_rows,
                      IzpLedgerSortKey  key,
                      gboolean          descending,
                      GHashTable       *names)
{
  g_autofree guint *client_rank = NULL;
  SortContext context;

  g_return_if_fail (ledger != NULL);
  g_return_if_fail (n_rows == 0 || rows != NULL);

  if (key == IZP_LEDGER_SORT_CLIENT)
    client_rank = rank_clients (ledger, names);
  if (key != IZP_LEDGER_SORT_REF)
    {
      radix_sort_rows (ledger, rows, n_rows, key, descending, client_rank);
      return;
    }

  context.lines = (const IzpLedgerLine *) (gpointer) ledger->lines->data;
  context.client_rank = client_rank;
  context.key = key;
  context.direction = descending ? -1 : 1;
  g_qsort_with_data (rows, (gint) n_rows, sizeof (guint), compare_rows, &context);
}
