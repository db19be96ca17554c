/* izp-links-page.h — the “Links” section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_LINKS_PAGE (izp_links_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpLinksPage, izp_links_page, IZP, LINKS_PAGE, AdwBin)

/* The "session" property: the account whose links to show (NULL: none);
 * they are read again each time the session says its data changed. */
void        izp_links_page_set_session     (IzpLinksPage *self,
                                            IzpSession   *session);
IzpSession *izp_links_page_get_session     (IzpLinksPage *self);
/* Reads the links again from the store. */
void        izp_links_page_reload          (IzpLinksPage *self);
/* Shows the page of the link @id (from the dashboard's alerts); when the
 * links are not read yet, once they are. */
void        izp_links_page_open_link       (IzpLinksPage *self,
                                            const char   *id);

/* For the tests. */
gboolean    izp_links_page_is_loading      (IzpLinksPage *self);
guint       izp_links_page_get_n_shown     (IzpLinksPage *self);
const char *izp_links_page_get_open_url    (IzpLinksPage *self);
GtkWindow  *izp_links_page_get_dialog      (IzpLinksPage *self);
gboolean    izp_links_page_has_clicks      (IzpLinksPage *self);

G_END_DECLS
