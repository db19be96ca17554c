/* izp-link-item.h — one referral link in the Links list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <pango/pango.h>

#include "izp-links.h"

G_BEGIN_DECLS

#define IZP_TYPE_LINK_ITEM (izp_link_item_get_type ())

G_DECLARE_FINAL_TYPE (IzpLinkItem, izp_link_item, IZP, LINK_ITEM, GObject)

/* Takes @entry. */
IzpLinkItem        *izp_link_item_new          (IzpLinkEntry *entry);
const IzpLinkEntry *izp_link_item_get_entry    (IzpLinkItem  *self);
/* "Marie Martin · Boulangerie Martin", or NULL without prospect details. */
const char         *izp_link_item_get_prospect (IzpLinkItem  *self);
/* The entry's flag, read once: the filter asks it of every link. */
gboolean            izp_link_item_is_archived  (IzpLinkItem  *self);
/* Every word (folded with izp_link_item_fold()) is somewhere in the
 * label, the prospect or the company. */
gboolean            izp_link_item_matches      (IzpLinkItem        *self,
                                                const char * const *folded_words);
/* The row's text and its styles, made once (on the worker that reads the
 * links) rather than at each bind. */
void                izp_link_item_set_row      (IzpLinkItem   *self,
                                                char          *text,
                                                PangoAttrList *attrs);
const char         *izp_link_item_get_row_text (IzpLinkItem   *self);
PangoAttrList      *izp_link_item_get_row_attrs (IzpLinkItem  *self);
/* The folding izp_link_item_matches() expects. */
char               *izp_link_item_fold         (const char   *text);
/* @narrower finds only links @wider finds (each word of @wider is in one
 * of @narrower): typing more letters narrows a search. NULL finds all. */
gboolean            izp_link_item_words_narrow (const char * const *narrower,
                                                const char * const *wider);

G_END_DECLS
