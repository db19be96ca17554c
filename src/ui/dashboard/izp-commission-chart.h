/* izp-commission-chart.h — commission per month as bars, drawn with GtkSnapshot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "izp-format.h"

G_BEGIN_DECLS

#define IZP_TYPE_COMMISSION_CHART (izp_commission_chart_get_type ())

G_DECLARE_FINAL_TYPE (IzpCommissionChart, izp_commission_chart, IZP, COMMISSION_CHART, GtkWidget)

GtkWidget *izp_commission_chart_new        (void);
/* @months: any day of each month, oldest first; @cents parallel to it. */
void       izp_commission_chart_set_values (IzpCommissionChart *self,
                                            const IzpDate      *months,
                                            const IzpCents     *cents,
                                            guint               n_values,
                                            const char         *currency);
/* The values as a sentence, as screen readers get it. */
const char *izp_commission_chart_get_description (IzpCommissionChart *self);

G_END_DECLS
