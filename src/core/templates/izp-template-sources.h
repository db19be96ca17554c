/* izp-template-sources.h — what fills a template, read from the local store
 *
 * The leads and clients a partner writes to (with their tracked link), the
 * official templates synced from /v1/templates, and the cabinet itself.
 * Reads run on a worker thread through izp_store_run_async(); the CLI uses
 * the blocking izp_template_sources_load().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-signature.h"
#include "izp-store.h"
#include "izp-template-text.h"

G_BEGIN_DECLS

typedef enum
{
  IZP_PROSPECT_LEAD,
  IZP_PROSPECT_CLIENT,
} IzpProspectKind;

typedef struct
{
  IzpProspectKind  kind;
  char            *id;
  char            *first_name;
  char            *last_name;
  char            *company;
  char            *email;
  char            *demo_at;      /* leads: RFC 3339 instant, or NULL */
  char            *plan;         /* clients: starter, pro, enterprise */
  int              usage_pct;    /* -1: unknown */
  char            *link_url;     /* the tracked link, or NULL */
} IzpProspect;

typedef struct
{
  GPtrArray *prospects;          /* IzpProspect: leads, then clients, by name */
  GPtrArray *official;           /* IzpTemplate, from /v1/templates */
  char      *cabinet;            /* NULL before the first sync */
  char      *tier;               /* the current tier's API name */
  char      *demo_base_url;
} IzpTemplateSources;

void                izp_prospect_free               (IzpProspect        *prospect);
/* "Marie Martin — Boulangerie Martin" */
char               *izp_prospect_describe           (const IzpProspect  *prospect);
/* Sets first name, last name, company, demo link, demo date, plan and
 * usage from @prospect (a field it has no value for is left as it was). */
void                izp_prospect_fill_values        (const IzpProspect  *prospect,
                                                     IzpTemplateValues  *values);
/* `2026-12-08T09:00:00Z` → `mardi 8 décembre 2026 à 10 h` (Paris time);
 * NULL if it is not an instant. */
char               *izp_template_format_demo_date   (const char         *instant);

void                izp_template_sources_free       (IzpTemplateSources *sources);
/* The account's tier on the badge, and its cabinet where none is typed;
 * @sources may be NULL (no account). */
void                izp_template_sources_complete_signature (IzpTemplateSources *sources,
                                                             IzpSignature       *signature);
/* [Expert-comptable], [Cabinet] and [Signature] from the partner's signature. */
void                izp_template_values_fill_from_signature (IzpTemplateValues  *values,
                                                             IzpSignature       *signature);
const IzpProspect  *izp_template_sources_find       (IzpTemplateSources *sources,
                                                     IzpProspectKind     kind,
                                                     const char         *id);

IzpTemplateSources *izp_template_sources_load       (IzpStore           *store,
                                                     GError            **error);
void                izp_template_sources_load_async (IzpStore           *store,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
IzpTemplateSources *izp_template_sources_load_finish (IzpStore          *store,
                                                      GAsyncResult      *result,
                                                      GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpProspect, izp_prospect_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpTemplateSources, izp_template_sources_free)

G_END_DECLS
