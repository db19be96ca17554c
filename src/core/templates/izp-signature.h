/* izp-signature.h — the partner's e-mail signature, as e-mail-safe HTML
 *
 * The HTML is written the way signatures survive Gmail, Outlook for
 * Windows, Apple Mail and Thunderbird: one table with zero cellpadding and
 * cellspacing, inline styles only, <br> rather than <p>, the logo as a
 * hosted http(s) image with its size in width/height attributes (never a
 * data: URL), a system font stack; no web fonts, no <style>, no class, no
 * script. Every value is escaped; a link is made only of an http(s) URL,
 * an e-mail address or a phone number.
 *
 * The words around the values are French on purpose: they go out in the
 * partner's e-mails to French clients, whatever the app's language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Gmail refuses a signature over this many characters. */
#define IZP_SIGNATURE_GMAIL_LIMIT 10000
/* A logo is shown square, this many pixels wide and high. */
#define IZP_SIGNATURE_LOGO_SIZE 64

typedef enum
{
  IZP_SIGNATURE_NAME,
  IZP_SIGNATURE_TITLE,
  IZP_SIGNATURE_CABINET,
  IZP_SIGNATURE_EMAIL,
  IZP_SIGNATURE_PHONE,
  IZP_SIGNATURE_WEBSITE,
  IZP_SIGNATURE_LOGO_URL,
  IZP_SIGNATURE_TIER,        /* the tier's label, "Certifié"; empty: no badge level */
  IZP_SIGNATURE_DEMO_LINK,
  IZP_N_SIGNATURE_FIELDS
} IzpSignatureField;

typedef struct _IzpSignature IzpSignature;

/* `name`, `title`, … as in `--set name=…`; -1 if none. */
int            izp_signature_field_lookup    (const char         *key);
const char    *izp_signature_field_key       (IzpSignatureField   field);
/* The GSettings key: `signature-name`, …; NULL for the tier, which comes
 * from the account. */
const char    *izp_signature_field_settings_key (IzpSignatureField field);
/* The longest value kept, in characters. */
guint          izp_signature_field_max_length (IzpSignatureField  field);

/* The French label of a tier of the API (`referent`, `certifie`,
 * `strategique`) for the badge; NULL for an unknown one. */
const char    *izp_signature_tier_label      (const char         *tier);

IzpSignature  *izp_signature_new             (void);
void           izp_signature_free            (IzpSignature       *self);
/* Reads the signature-* keys of the app's settings (not the tier). */
IzpSignature  *izp_signature_new_from_settings (GSettings        *settings);
/* Longer values are cut to izp_signature_field_max_length(); surrounding
 * white space is dropped; NULL or "" clears. */
void           izp_signature_set             (IzpSignature       *self,
                                              IzpSignatureField   field,
                                              const char         *value);
const char    *izp_signature_get             (IzpSignature       *self,
                                              IzpSignatureField   field);
void           izp_signature_set_badge       (IzpSignature       *self,
                                              gboolean            show);
/* `name=Jean Dupont` */
gboolean       izp_signature_parse_assignment (IzpSignature      *self,
                                               const char        *assignment,
                                               GError           **error);
gboolean       izp_signature_is_empty        (IzpSignature       *self);
/* "Partenaire IzyInbox · Certifié"; NULL when the badge is off. */
char          *izp_signature_dup_badge       (IzpSignature       *self);

char          *izp_signature_to_html         (IzpSignature       *self);
/* Adds the signature under an e-mail: @html_fragment (an HTML fragment)
 * and @text are replaced by the e-mail with its signature. Nothing is added
 * while the signature has no name. */
void           izp_signature_append_to_email (IzpSignature       *self,
                                              char              **html_fragment,
                                              char              **text);
/* Starts with the "-- " line that mail clients know. */
char          *izp_signature_to_text         (IzpSignature       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpSignature, izp_signature_free)

G_END_DECLS
