/* izp-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-account-manager.h"

G_BEGIN_DECLS

#define IZP_TYPE_APPLICATION (izp_application_get_type ())

G_DECLARE_FINAL_TYPE (IzpApplication, izp_application, IZP, APPLICATION, AdwApplication)

IzpApplication *izp_application_new           (void);
GSettings      *izp_application_get_settings  (IzpApplication *self);
gboolean        izp_application_get_demo      (IzpApplication *self);
IzpAccountManager *izp_application_get_account_manager (IzpApplication *self);

G_END_DECLS
