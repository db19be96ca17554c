/* izp-schema.h — the objects of the Partner API v1, described once
 *
 * One table of fields per object of the contract. The same description
 * validates dataset files (sandbox), decodes API bodies (client), creates the
 * SQLite tables (client store and sandbox) and turns rows back into JSON, so
 * the contract lives in one place in the code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  IZP_FIELD_STRING,    /* UTF-8 text without control characters */
  IZP_FIELD_INT,       /* JSON integer (never a double) */
  IZP_FIELD_CENTS,     /* money: integer cents */
  IZP_FIELD_BOOL,
  IZP_FIELD_DATE,      /* YYYY-MM-DD */
  IZP_FIELD_INSTANT,   /* RFC 3339 with offset */
  IZP_FIELD_ENUM,      /* one string of IzpField.values */
  IZP_FIELD_CURRENCY,  /* EUR or CHF */
  IZP_FIELD_OBJECT,    /* nested object described by IzpField.children */
  IZP_FIELD_ARRAY,     /* array of objects described by IzpField.children */
} IzpFieldKind;

typedef enum
{
  IZP_FIELD_REQUIRED = 0,
  IZP_FIELD_NULLABLE = 1 << 0,   /* present, may be null */
  IZP_FIELD_OPTIONAL = 1 << 1,   /* may be absent */
} IzpFieldFlags;

typedef struct _IzpField IzpField;

struct _IzpField
{
  const char         *name;
  IzpFieldKind        kind;
  IzpFieldFlags       flags;
  const char * const *values;      /* IZP_FIELD_ENUM: NULL-terminated */
  const IzpField     *children;    /* OBJECT / ARRAY: terminated by a NULL name */
  const char         *references;  /* name of the collection this id points into */
};

typedef enum
{
  IZP_COLLECTION_CLIENTS,
  IZP_COLLECTION_INVOICES,
  IZP_COLLECTION_LEADS,
  IZP_COLLECTION_REFERRAL_LINKS,
  IZP_COLLECTION_SUB_PARTNERS,
  IZP_COLLECTION_CAMPAIGNS,
  IZP_COLLECTION_STATEMENTS,
  IZP_COLLECTION_RESOURCES,
  IZP_COLLECTION_TEMPLATES,
  IZP_N_COLLECTIONS
} IzpCollectionId;

typedef struct
{
  IzpCollectionId  id;
  const char      *name;       /* "referral_links": dataset key, SQL table, status counts */
  const char      *path;       /* "/v1/referral-links" */
  const char      *item_name;  /* "referral_link" */
  const IzpField  *fields;     /* terminated by a NULL name; "id" and "updated_at" first */
  const char      *title;      /* untranslated: use izp_collection_get_title() */
  const char      *noun;       /* untranslated: use izp_collection_get_noun() */
} IzpCollection;

const IzpCollection *izp_schema_get_collection      (IzpCollectionId  id);
const IzpCollection *izp_schema_find_collection     (const char      *name);
const IzpCollection *izp_schema_find_collection_by_path (const char  *path);
const IzpField      *izp_schema_get_partner_fields  (void);
const IzpField      *izp_schema_get_leaderboard_fields (void);
const IzpField      *izp_schema_get_user_fields     (void);

/* Translated labels, one table per enum of the contract; the API's own
 * value (IzpCollection.name, the channel or stage string) is the stable key
 * for JSON and the CLI's options. */
const char          *izp_collection_get_title       (IzpCollectionId  id);
const char          *izp_collection_get_noun        (IzpCollectionId  id);
const char          *izp_collection_describe        (const char      *name);
const char * const  *izp_schema_get_channel_values  (void);
const char          *izp_channel_get_label          (const char      *channel);
const char          *izp_lead_stage_get_label       (const char      *stage);

/* Checks @object against @fields: presence, JSON types, enums, dates,
 * instants, money, UTF-8 without control characters. Members not in @fields
 * are ignored (forward compatibility). The error names the JSON path. */
gboolean             izp_schema_validate            (const IzpField  *fields,
                                                     JsonObject      *object,
                                                     const char      *path,
                                                     GError         **error);

/* Checks one element of a page's `data` array: either a tombstone (`id`,
 * `deleted: true`, `updated_at`, all valid) or a whole item of @collection. */
gboolean             izp_schema_validate_item       (const IzpCollection *collection,
                                                     JsonNode        *node,
                                                     const char      *path,
                                                     gboolean        *out_is_tombstone,
                                                     GError         **error);

/* Number of fields before the terminating NULL name. */
guint                izp_schema_count_fields        (const IzpField  *fields);

/* Valid UTF-8 with no control character but tab and newline. */
gboolean             izp_schema_text_is_valid       (const char      *text);

/* A tombstone is `{"id": …, "deleted": true, "updated_at": …}`. */
gboolean             izp_schema_is_tombstone        (JsonObject      *object);

G_END_DECLS
