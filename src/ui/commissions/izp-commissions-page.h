/* izp-commissions-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "izp-commission-data.h"
#include "izp-ledger-model.h"
#include "izp-session.h"

G_BEGIN_DECLS

#define IZP_TYPE_COMMISSIONS_PAGE (izp_commissions_page_get_type ())

G_DECLARE_FINAL_TYPE (IzpCommissionsPage, izp_commissions_page, IZP, COMMISSIONS_PAGE, AdwBin)

typedef enum
{
  IZP_EXPORT_LEDGER_CSV,
  IZP_EXPORT_PAYOUTS_CSV,
  IZP_EXPORT_RECONCILIATION_CSV,
  IZP_EXPORT_STATEMENT_PDF,
} IzpExportKind;

IzpSession     *izp_commissions_page_get_session (IzpCommissionsPage *self);
void            izp_commissions_page_set_session (IzpCommissionsPage *self,
                                                  IzpSession         *session);
/* Shows @data (NULL: none) without reading the store: for the tests and
 * the benchmark, which bring their own figures. */
void            izp_commissions_page_set_data    (IzpCommissionsPage *self,
                                                  IzpCommissionData  *data);
IzpCommissionData *izp_commissions_page_get_data (IzpCommissionsPage *self);
/* Shows one client's lines (from the dashboard's alerts), once the figures
 * are there if they are still being computed. */
void            izp_commissions_page_show_client (IzpCommissionsPage *self,
                                                  const char         *client_id);
/* The day that decides payout states and the relative periods. */
void            izp_commissions_page_set_today   (IzpCommissionsPage *self,
                                                  IzpDate             today);
IzpLedgerModel *izp_commissions_page_get_model   (IzpCommissionsPage *self);
/* Writes an export to @file off the main thread; a toast says when done. */
void            izp_commissions_page_export      (IzpCommissionsPage *self,
                                                  IzpExportKind       kind,
                                                  GFile              *file,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean        izp_commissions_page_export_finish (IzpCommissionsPage *self,
                                                    GAsyncResult       *result,
                                                    GError            **error);

G_END_DECLS
