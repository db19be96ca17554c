/* izp-link-item.c — one referral link in the Links list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "izp-link-item.h"

struct _IzpLinkItem
{
  GObject       parent_instance;

  IzpLinkEntry *entry;
  char         *prospect;
  char         *search_key;
  gboolean      archived;
  char         *row_text;
  PangoAttrList *row_attrs;
};

G_DEFINE_FINAL_TYPE (IzpLinkItem, izp_link_item, G_TYPE_OBJECT)

char *
izp_link_item_fold (const char *text)
{
  g_autofree char *lower = g_utf8_casefold (text, -1);

  /* "Éléonore" and "eleonore" are the same search. */
  return g_str_to_ascii (lower, "C");
}

static const char *
prospect_member (JsonObject *prospect,
                 const char *name)
{
  const char *value;

  if (prospect == NULL)
    return NULL;
  value = json_object_get_string_member_with_default (prospect, name, NULL);
  return value != NULL && value[0] != '\0' ? value : NULL;
}

IzpLinkItem *
izp_link_item_new (IzpLinkEntry *entry)
{
  IzpLinkItem *self = g_object_new (IZP_TYPE_LINK_ITEM, NULL);
  JsonNode *node = json_object_get_member (entry->link, "prospect");
  JsonObject *prospect = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *first = prospect_member (prospect, "first_name");
  const char *last = prospect_member (prospect, "last_name");
  const char *company = prospect_member (prospect, "company");
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *key = NULL;

  self->entry = entry;
  self->archived = izp_link_entry_is_archived (entry);

  if (first != NULL)
    g_string_append (name, first);
  if (last != NULL)
    g_string_append_printf (name, "%s%s", name->len > 0 ? " " : "", last);
  if (company != NULL)
    g_string_append_printf (name, "%s%s", name->len > 0 ? " · " : "", company);
  if (name->len > 0)
    self->prospect = g_strdup (name->str);

  key = g_strconcat (izp_link_entry_get_label (entry), "\n", name->str, NULL);
  self->search_key = izp_link_item_fold (key);
  return self;
}

const IzpLinkEntry *
izp_link_item_get_entry (IzpLinkItem *self)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), NULL);
  return self->entry;
}

const char *
izp_link_item_get_prospect (IzpLinkItem *self)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), NULL);
  return self->prospect;
}

gboolean
izp_link_item_is_archived (IzpLinkItem *self)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), FALSE);
  return self->archived;
}

gboolean
izp_link_item_words_narrow (const char * const *narrower,
                            const char * const *wider)
{
  if (wider == NULL)
    return TRUE;
  if (narrower == NULL)
    return FALSE;
  for (guint i = 0; wider[i] != NULL; i++)
    {
      gboolean covered = wider[i][0] == '\0';

      for (guint j = 0; !covered && narrower[j] != NULL; j++)
        covered = strstr (narrower[j], wider[i]) != NULL;
      if (!covered)
        return FALSE;
    }
  return TRUE;
}

gboolean
izp_link_item_matches (IzpLinkItem        *self,
                       const char * const *folded_words)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), FALSE);

  /* "martin boul" finds Boulangerie Martin. */
  for (guint i = 0; folded_words[i] != NULL; i++)
    if (folded_words[i][0] != '\0' && strstr (self->search_key, folded_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

void
izp_link_item_set_row (IzpLinkItem   *self,
                       char          *text,
                       PangoAttrList *attrs)
{
  g_return_if_fail (IZP_IS_LINK_ITEM (self));

  g_free (self->row_text);
  self->row_text = text;
  g_clear_pointer (&self->row_attrs, pango_attr_list_unref);
  self->row_attrs = attrs;
}

const char *
izp_link_item_get_row_text (IzpLinkItem *self)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), NULL);
  return self->row_text;
}

PangoAttrList *
izp_link_item_get_row_attrs (IzpLinkItem *self)
{
  g_return_val_if_fail (IZP_IS_LINK_ITEM (self), NULL);
  return self->row_attrs;
}

static void
izp_link_item_finalize (GObject *object)
{
  IzpLinkItem *self = (IzpLinkItem *) object;

  g_clear_pointer (&self->entry, izp_link_entry_free);
  g_free (self->prospect);
  g_free (self->search_key);
  g_free (self->row_text);
  g_clear_pointer (&self->row_attrs, pango_attr_list_unref);

  G_OBJECT_CLASS (izp_link_item_parent_class)->finalize (object);
}

static void
izp_link_item_class_init (IzpLinkItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = izp_link_item_finalize;
}

static void
izp_link_item_init (IzpLinkItem *self)
{
}
