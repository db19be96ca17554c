/* izp-date.h — calendar dates and instants of the Partner API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A calendar day as GLib's Julian day number (1 = 0001-01-01); 0 is "no date". */
typedef guint32 IzpDate;

#define IZP_DATE_NONE ((IzpDate) 0)

gboolean  izp_date_parse            (const char *text,
                                     IzpDate    *out_date);
char     *izp_date_to_string        (IzpDate     date);
IzpDate   izp_date_new              (int         year,
                                     int         month,
                                     int         day);
IzpDate   izp_date_today_utc        (void);
/* Today in the machine's time zone: the day the partner lives in. */
IzpDate   izp_date_today_local      (void);
int       izp_date_get_year         (IzpDate     date);
int       izp_date_get_month        (IzpDate     date);
int       izp_date_get_day          (IzpDate     date);
IzpDate   izp_date_add_days         (IzpDate     date,
                                     int         days);
IzpDate   izp_date_add_months       (IzpDate     date,
                                     int         months);
IzpDate   izp_date_end_of_month     (IzpDate     date);
gboolean  izp_instant_is_valid      (const char *text);
char     *izp_instant_now_utc       (void);

G_END_DECLS
