/* izp-link-draft.h — a referral link as the partner types it
 *
 * The fields of POST /v1/referral-links, checked by the contract's rules
 * (docs/partner-api-v1.md, "Field rules") before anything is stored or
 * sent, each refusal a French message that names the field. The sandbox
 * server checks with the same predicates, so what passes here is never
 * refused there for its form.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define IZP_LINK_ERROR (izp_link_error_quark ())

/* The error code of IZP_LINK_ERROR is the field at fault. */
typedef enum
{
  IZP_LINK_FIELD_LABEL,
  IZP_LINK_FIELD_CHANNEL,
  IZP_LINK_FIELD_CAMPAIGN,
  IZP_LINK_FIELD_SLUG,
  IZP_LINK_FIELD_FIRST_NAME,
  IZP_LINK_FIELD_LAST_NAME,
  IZP_LINK_FIELD_COMPANY,
  IZP_LINK_FIELD_EMAIL,
  IZP_LINK_N_FIELDS
} IzpLinkField;

#define IZP_LINK_LABEL_MAX_CHARS     120
#define IZP_LINK_PROSPECT_MAX_CHARS  200
#define IZP_LINK_SLUG_MAX_BYTES      63

typedef struct
{
  /* NULL or "" for an optional field left empty. */
  char *values[IZP_LINK_N_FIELDS];
} IzpLinkDraft;

GQuark              izp_link_error_quark        (void);

/* "label", "prospect.email": the member as the API names it. */
const char         *izp_link_field_get_key      (IzpLinkField        field);
/* "Label", "E-mail": what the form calls it (translated). */
const char         *izp_link_field_get_title    (IzpLinkField        field);
gboolean            izp_link_field_is_required  (IzpLinkField        field);

/* One field alone (inline validation): @value NULL or "" is "not given". */
gboolean            izp_link_field_validate     (IzpLinkField        field,
                                                 const char         *value,
                                                 GError            **error);
/* Every field, in form order; the error's code is the first field at
 * fault. */
gboolean            izp_link_draft_validate     (const IzpLinkDraft *draft,
                                                 GError            **error);
/* The body of POST /v1/referral-links: the fields given, as typed. */
JsonObject         *izp_link_draft_to_body      (const IzpLinkDraft *draft);
/* The draft back from a body (a refused link being corrected). */
void                izp_link_draft_init_from_body (IzpLinkDraft     *draft,
                                                   JsonObject       *body);
void                izp_link_draft_set          (IzpLinkDraft       *draft,
                                                 IzpLinkField        field,
                                                 const char         *value);
void                izp_link_draft_clear        (IzpLinkDraft       *draft);

/* The contract's predicates, shared with the sandbox server. */
gboolean            izp_link_text_is_clean      (const char         *text);
gboolean            izp_link_slug_is_valid      (const char         *text);
gboolean            izp_link_email_is_valid     (const char         *text);

G_END_DECLS
