/* izp-generator.c — the sandbox's deterministic dataset
 *
 * The run has two halves. First a plan in small C structs (dates, plans,
 * stages, which lead became which client, which link brought which lead), so
 * that every cross reference and every counter is known before anything is
 * written. Then the items are built as JsonObjects one at a time, handed to
 * the caller and dropped: no JSON is kept. What the commission engine needs
 * is gathered on the way as plain structs (~70 bytes an invoice), and the
 * statements are computed from them at the end.
 *
 * Randomness comes from our own xoshiro256** seeded with splitmix64, in
 * separate streams per part of the plan: the output depends on the seed and
 * the day only, never on the C library or GLib's generator.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "izp-commission-engine.h"
#include "izp-format.h"
#include "izp-generator.h"

G_DEFINE_QUARK (izp-generator-error-quark, izp_generator_error)

/* ------------------------------------------------------------------------ */
/* Random numbers                                                            */

typedef struct
{
  guint64 s[4];
} Rng;

enum
{
  STREAM_CLIENTS = 1,
  STREAM_LEADS,
  STREAM_LINKS,
  STREAM_INVOICES,
  STREAM_MISC,
  STREAM_IDENTITY_CLIENT = 0x100,
  STREAM_IDENTITY_LEAD,
  STREAM_IDENTITY_PROSPECT,
};

static guint64
next_splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint64  seed,
          guint64  stream,
          guint64  index)
{
  guint64 state = seed
                  ^ (stream * G_GUINT64_CONSTANT (0xD1B54A32D192ED03))
                  ^ (index * G_GUINT64_CONSTANT (0x8CB92BA72F3D8DD7));

  for (guint i = 0; i < 4; i++)
    rng->s[i] = next_splitmix64 (&state);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next (Rng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);

  return result;
}

/* Uniform in [0, n): the multiply-shift reduction, bias far below what a
 * demo dataset could show. */
static guint
rng_below (Rng   *rng,
           guint  n)
{
  if (n == 0)
    return 0;
  return (guint) (((rng_next (rng) >> 32) * (guint64) n) >> 32);
}

/* Uniform in [lo, hi], both inclusive. */
static int
rng_range (Rng *rng,
           int  lo,
           int  hi)
{
  if (hi <= lo)
    return lo;
  return lo + (int) rng_below (rng, (guint) (hi - lo + 1));
}

static gboolean
rng_per_mille (Rng   *rng,
               guint  per_mille)
{
  return rng_below (rng, 1000) < per_mille;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

/* ------------------------------------------------------------------------ */
/* French content                                                            */

static const char * const first_names[] = {
  "Marie", "Zoé", "Hélène", "François", "Jérôme", "Thomas", "Camille", "Léa",
  "Chloé", "Émilie", "Nicolas", "Julien", "Sophie", "Stéphane", "Frédéric",
  "Céline", "Agnès", "Benoît", "Loïc", "Gaëlle", "Anaïs", "Raphaël", "Inès",
  "Noémie", "Cédric", "Pierre", "Claire", "Antoine", "Lucas", "Manon", "Hugo",
  "Louise", "Paul", "Sarah", "Alexandre", "Laura", "Maxime", "Pauline",
  "Vincent", "Éric", "Mélanie", "Sébastien", "Valérie", "Aurélie", "Jérémy",
  "Maëlle", "Joël", "Béatrice", "Clément", "Océane", "Théo", "Gérard",
};

static const char * const last_names[] = {
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit",
  "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel",
  "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
  "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
  "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier",
  "Dumont", "Fontaine", "Chevalier", "Robin", "Masson", "Gérard", "Nguyen",
  "Boyer", "Lemaire", "Duval", "Joly", "Roche", "Noël", "Meunier", "Marchand",
  "Dufour", "Blanchard", "Barbier", "Brunet", "Leroux", "Caron", "Aubert",
  "Giraud", "Leclerc", "Vidal", "Bourgeois", "Lemoine", "Picard", "Lacroix",
  "Fabre", "Dupuis", "Rivière", "Le Gall", "Ménard", "Prévost", "Carré",
  "Rémy", "Besson", "Hébert", "Côté", "D'Almeida", "Bérenger", "Lévêque",
};

static const char * const trades[] = {
  "Boulangerie", "Boucherie", "Transports", "Garage", "Menuiserie",
  "Plomberie", "Pharmacie", "Imprimerie", "Fromagerie", "Librairie",
  "Électricité", "Maçonnerie", "Couverture", "Peintures", "Cave", "Fleurs",
  "Optique", "Auto-école", "Traiteur", "Bijouterie", "Ambulances", "Taxis",
  "Paysages", "Charpentes", "Carrosserie", "Pâtisserie", "Hôtel", "Brasserie",
  "Chauffage", "Nettoyage",
};

static const char * const activities[] = {
  "Conseil", "Informatique", "Immobilier", "Logistique", "Bâtiment",
  "Services", "Distribution", "Ingénierie", "Communication", "Rénovation",
  "Agencement", "Énergies",
};

static const char * const sci_names[] = {
  "Les Tilleuls", "du Parc", "Les Érables", "Bellevue", "Les Acacias",
  "du Moulin", "La Source", "Les Peupliers", "Saint-Exupéry", "Les Côteaux",
};

static const char * const lost_reasons[] = {
  "Budget insuffisant cette année",
  "A choisi une autre solution",
  "Pas le bon moment, à recontacter",
  "Projet reporté à l'an prochain",
  "Pas de réponse après la démonstration",
  "Outil actuel jugé suffisant",
  "Réorganisation interne en cours",
  "Intégration avec son logiciel de caisse manquante",
};

enum { PLAN_STARTER, PLAN_PRO, PLAN_ENTERPRISE };

static const char * const plan_names[] = { "starter", "pro", "enterprise" };
static const gint64 plan_prices[] = { 5900, 14900, 39900 };

enum
{
  STAGE_NEW,
  STAGE_DEMO_SCHEDULED,
  STAGE_DEMO_DONE,
  STAGE_TRIAL,
  STAGE_NEGOTIATION,
  STAGE_WON,
  STAGE_LOST,
  N_STAGES
};

static const char * const stage_names[] = {
  "new", "demo_scheduled", "demo_done", "trial", "negotiation", "won", "lost",
};

enum
{
  CHANNEL_EMAIL,
  CHANNEL_LINKEDIN,
  CHANNEL_PRINT,
  CHANNEL_PHONE,
  CHANNEL_EVENT,
  CHANNEL_OTHER,
};

static const char * const channel_names[] = {
  "email", "linkedin", "print", "phone", "event", "other",
};

enum
{
  CAMPAIGN_NONE,
  CAMPAIGN_E_INVOICING,
  CAMPAIGN_NEWSLETTER,
  CAMPAIGN_SPRINT,
};

/* ------------------------------------------------------------------------ */
/* The plan                                                                  */

typedef struct
{
  IzpDate activated_on;
  IzpDate churned_on;     /* IZP_DATE_NONE while active */
  IzpDate upgraded_on;    /* first period at the current plan's price */
  gint32  lead;           /* index in leads, -1 for none */
  guint16 employees;
  guint8  plan;           /* current plan */
  guint8  start_plan;
  guint8  usage_pct;
  guint8  nps;
} Client;

typedef struct
{
  IzpDate created_on;
  IzpDate demo_on;
  IzpDate trial_on;
  IzpDate updated_on;
  guint32 orig;           /* index before sorting: the identity key */
  gint32  client;         /* won leads: index in clients */
  gint32  link;
  guint16 employees;
  guint8  stage;
  guint8  demo_slot;
  guint8  feature_usage_pct;
  guint8  lost_reason;
} Lead;

typedef struct
{
  IzpDate created_on;
  IzpDate updated_on;
  guint32 leads;
  guint32 demos;
  guint32 trials;
  guint32 won;
  char    code[8];
  guint8  channel;
  guint8  campaign;
  guint8  label;
  gboolean archived;
  gboolean has_prospect;
} Link;

typedef struct
{
  const char *id;
  IzpDate     activated_on;
  guint8      plan;
  guint8      sub_partner;
} SubPartnerClient;

typedef struct
{
  const char *id;
  const char *cabinet;
  const char *city;
  IzpDate     joined_on;
  IzpDate     activated_on;
  guint       activated_clients;
} SubPartner;

#define N_SUB_CLIENTS 6

typedef struct
{
  const IzpGeneratorOptions *options;
  IzpGeneratorEmitFunc       emit;
  gpointer                   user_data;

  IzpDate   today;
  IzpDate   joined_on;
  IzpDate   certified_on;
  gboolean  demo;

  /* Every date the dataset can mention, formatted once. */
  IzpDate   date_base;
  guint     n_dates;
  char    (*date_strings)[11];

  Client   *clients;
  guint     n_clients;
  Lead     *leads;
  guint     n_leads;
  Link     *links;
  guint     n_links;

  int       client_width;
  int       lead_width;
  int       link_width;
  int       invoice_width;
  guint     next_invoice;

  guint     credit_note_client;   /* G_MAXUINT: none */
  guint     void_client;

  SubPartner        sub_partners[2];
  SubPartnerClient  sub_clients[N_SUB_CLIENTS];

  int       partner_nps;
  guint     quarter_clients;

  IzpTierChange tier_history[2];

  /* The commission engine's facts, gathered while the items go out: plain
   * structs and their strings, never the JSON. */
  GStringChunk       *fact_strings;
  GArray             *client_facts;        /* IzpClientFacts */
  GArray             *invoice_facts;       /* IzpInvoiceFacts */
  IzpSubPartnerFacts  sub_partner_facts[2];
  guint               n_sub_partner_facts;
  IzpCampaignFacts    campaign_facts[2];
  guint               n_campaign_facts;
} Generator;

static const char *
date_string (Generator *gen,
             IzpDate    day)
{
  guint index;

  g_assert (day >= gen->date_base);
  index = day - gen->date_base;
  g_assert (index < gen->n_dates);

  if (gen->date_strings[index][0] == '\0')
    {
      g_autofree char *text = izp_date_to_string (day);

      memcpy (gen->date_strings[index], text, 11);
    }

  return gen->date_strings[index];
}

/* An instant on @day (never after today) at @seconds past midnight UTC. */
static const char *
format_instant (Generator *gen,
                char       buf[32],
                IzpDate    day,
                guint      seconds)
{
  if (day > gen->today)
    day = gen->today;
  seconds %= 86400;
  g_snprintf (buf, 32, "%sT%02u:%02u:%02uZ", date_string (gen, day),
              seconds / 3600, (seconds / 60) % 60, seconds % 60);
  return buf;
}

static IzpDate
last_sunday (int year,
             int month)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_get_days_in_month (month, year), month, year);
  while (g_date_get_weekday (&d) != G_DATE_SUNDAY)
    g_date_subtract_days (&d, 1);
  return g_date_get_julian (&d);
}

/* Paris time, computed from the EU rule rather than the machine's tzdata so
 * that every machine writes the same offset. Demos are held in daytime, long
 * after the 01:00 UTC switch. */
static const char *
paris_offset (IzpDate day)
{
  int year = izp_date_get_year (day);

  if (day >= last_sunday (year, 3) && day < last_sunday (year, 10))
    return "+02:00";
  return "+01:00";
}

static int
count_digits (guint64 value)
{
  int digits = 1;

  while (value >= 10)
    {
      value /= 10;
      digits++;
    }
  return digits;
}

static int
compare_dates (gconstpointer a,
               gconstpointer b)
{
  IzpDate x = *(const IzpDate *) a;
  IzpDate y = *(const IzpDate *) b;

  return (x > y) - (x < y);
}

static int
compare_leads (gconstpointer a,
               gconstpointer b)
{
  const Lead *x = a;
  const Lead *y = b;

  if (x->created_on != y->created_on)
    return (x->created_on > y->created_on) - (x->created_on < y->created_on);
  return (x->orig > y->orig) - (x->orig < y->orig);
}

static int
compare_links (gconstpointer a,
               gconstpointer b)
{
  const Link *x = a;
  const Link *y = b;

  if (x->created_on != y->created_on)
    return (x->created_on > y->created_on) - (x->created_on < y->created_on);
  /* Codes are unique: a total order, whatever the qsort. */
  return strcmp (x->code, y->code);
}

static IzpDate
max_date (IzpDate a,
          IzpDate b)
{
  return a > b ? a : b;
}

static IzpDate
min_date (IzpDate a,
          IzpDate b)
{
  return a < b ? a : b;
}

/* A day in [@from, @to] with a density that grows towards @to: a growing
 * programme is busier in its recent months. */
static IzpDate
pick_growing_day (Rng     *rng,
                  IzpDate  from,
                  IzpDate  to)
{
  guint span = to - from + 1;
  guint a = rng_below (rng, span);
  guint b = rng_below (rng, span);

  return from + MAX (a, b);
}

/* ------------------------------------------------------------------------ */
/* Identities                                                                */

typedef struct
{
  const char *first_name;
  const char *last_name;
  char        company[96];
  char        brand[80];     /* the company without its legal form */
  char        email[192];
  char        phone[24];
} Identity;

/* "Hélène" → "helene", "Le Gall" → "le-gall", "Martin & Fils" → "martin-fils". */
static void
append_slug (GString    *out,
             const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  gboolean dash = FALSE;
  gsize start = out->len;

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && out->len > start)
            g_string_append_c (out, '-');
          g_string_append_c (out, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
    }
}

static void
format_phone (Rng  *rng,
              char  buf[24],
              int   lead_digit)
{
  g_snprintf (buf, 24, "+33 %d %02u %02u %02u %02u", lead_digit,
              rng_below (rng, 100), rng_below (rng, 100),
              rng_below (rng, 100), rng_below (rng, 100));
}

static const char *
pick_legal_form (Rng  *rng,
                 guint employees)
{
  guint roll = rng_below (rng, 100);

  if (employees >= 50)
    return roll < 30 ? "SA" : "SAS";
  if (employees <= 2)
    return roll < 50 ? "EURL" : roll < 80 ? "SASU" : "SARL";
  return roll < 45 ? "SARL" : roll < 85 ? "SAS" : roll < 95 ? "EURL" : "SASU";
}

static void
make_identity (Generator *gen,
               guint      stream,
               guint      index,
               guint      employees,
               Identity  *out)
{
  g_autoptr(GString) email = g_string_sized_new (96);
  const char *form;
  const char *owner;
  Rng rng;

  rng_init (&rng, gen->options->seed, stream, index);

  out->first_name = PICK (&rng, first_names);
  out->last_name = PICK (&rng, last_names);
  /* The company usually bears the family name of its manager. */
  owner = rng_per_mille (&rng, 700) ? out->last_name : PICK (&rng, last_names);
  form = pick_legal_form (&rng, employees);

  switch (rng_below (&rng, 10))
    {
    case 0:
      g_snprintf (out->brand, sizeof out->brand, "%s %s", owner, PICK (&rng, activities));
      break;
    case 1:
      g_snprintf (out->brand, sizeof out->brand, "%s & Fils", owner);
      break;
    case 2:
      g_snprintf (out->brand, sizeof out->brand, "Établissements %s", owner);
      break;
    case 3:
      if (employees <= 5)
        {
          g_snprintf (out->brand, sizeof out->brand, "SCI %s", PICK (&rng, sci_names));
          form = NULL;
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_snprintf (out->brand, sizeof out->brand, "%s %s", PICK (&rng, trades), owner);
      break;
    }

  if (form != NULL)
    g_snprintf (out->company, sizeof out->company, "%s %s", out->brand, form);
  else
    g_strlcpy (out->company, out->brand, sizeof out->company);

  append_slug (email, out->first_name);
  g_string_append_c (email, '.');
  append_slug (email, out->last_name);
  g_string_append_c (email, '@');
  append_slug (email, out->brand);
  g_string_append (email, ".exemple.fr");
  g_strlcpy (out->email, email->str, sizeof out->email);

  format_phone (&rng, out->phone, rng_per_mille (&rng, 800) ? 6 : 7);
}

/* ------------------------------------------------------------------------ */
/* Planning                                                                  */

static guint
count_periods (IzpDate activated_on,
               IzpDate today)
{
  guint k = 0;

  while (izp_date_add_months (activated_on, k) <= today)
    k++;
  return k;
}

/* Share of the large dataset's clients activated in its first four months,
 * tuned so that 10 000 clients give ~240 000 invoices. */
#define WAVE_PER_MILLE 560

static void
plan_clients (Generator *gen)
{
  IzpDate today = gen->today;
  IzpDate first_day = izp_date_add_days (gen->joined_on, 1);
  Rng rng;
  guint n = gen->n_clients;
  guint promoters = 0, detractors = 0, rated = 0;
  guint upgrades = 0, at_risk = 0;
  IzpDate quarter_start;
  g_autofree IzpDate *days = g_new (IzpDate, n);

  rng_init (&rng, gen->options->seed, STREAM_CLIENTS, 0);

  /* The large dataset runs ~24 invoices a client over three years, which
   * needs old clients: a cabinet of that size moved a good share of its
   * portfolio in its first months, then grew month after month. */
  for (guint i = 0; i < n; i++)
    {
      if (gen->demo)
        days[i] = pick_growing_day (&rng, first_day, today);
      else if (rng_per_mille (&rng, WAVE_PER_MILLE))
        days[i] = first_day + rng_below (&rng, 120);
      else if (rng_per_mille (&rng, 500))
        days[i] = first_day + rng_below (&rng, today - first_day + 1);
      else
        days[i] = pick_growing_day (&rng, first_day, today);
    }
  qsort (days, n, sizeof *days, compare_dates);

  for (guint i = 0; i < n; i++)
    {
      Client *c = &gen->clients[i];
      guint roll = rng_below (&rng, 1000);
      guint periods;
      guint churn_at = 0;

      c->activated_on = days[i];
      c->lead = -1;
      c->start_plan = roll < 600 ? PLAN_STARTER : roll < 930 ? PLAN_PRO : PLAN_ENTERPRISE;
      c->plan = c->start_plan;
      switch (c->start_plan)
        {
        case PLAN_STARTER:
          c->employees = rng_range (&rng, 1, 15);
          break;
        case PLAN_PRO:
          c->employees = rng_range (&rng, 8, 60);
          break;
        default:
          c->employees = rng_range (&rng, 40, 250);
          break;
        }

      /* Churn at ~8 % a year: 0.69 % each month after the first. */
      periods = count_periods (c->activated_on, today);
      for (guint k = 1; k < periods; k++)
        if (rng_below (&rng, 100000) < 690)
          {
            churn_at = k;
            break;
          }
      if (churn_at > 0)
        c->churned_on = izp_date_add_days (izp_date_add_months (c->activated_on, churn_at),
                                           -rng_range (&rng, 1, 10));

      /* Some starters move up to Pro partway; their later invoices follow. */
      if (c->start_plan == PLAN_STARTER && periods >= 3 && rng_per_mille (&rng, 150))
        {
          guint at = rng_range (&rng, 1, periods - 1);

          if (churn_at == 0 || at < churn_at)
            {
              c->plan = PLAN_PRO;
              c->upgraded_on = izp_date_add_months (c->activated_on, at);
              upgrades++;
            }
        }

      if (c->churned_on != IZP_DATE_NONE)
        {
          c->usage_pct = rng_range (&rng, 0, 25);
          c->nps = rng_range (&rng, 0, 6);
        }
      else
        {
          /* Under 30 % of use is the churn-risk alert of the dashboard. */
          if (rng_per_mille (&rng, 100))
            {
              c->usage_pct = rng_range (&rng, 5, 29);
              at_risk++;
            }
          else
            c->usage_pct = rng_range (&rng, 30, 98);
          roll = rng_below (&rng, 100);
          c->nps = roll < 55 ? rng_range (&rng, 9, 10)
                 : roll < 92 ? rng_range (&rng, 7, 8)
                 : rng_range (&rng, 2, 6);

          /* The partner's NPS is surveyed among current clients. */
          rated++;
          if (c->nps >= 9)
            promoters++;
          else if (c->nps <= 6)
            detractors++;
        }
    }

  /* The demo must show each case at least once, whatever the seed. */
  if (upgrades == 0)
    for (guint i = 0; i < n; i++)
      {
        Client *c = &gen->clients[i];

        if (c->start_plan == PLAN_STARTER && c->churned_on == IZP_DATE_NONE &&
            count_periods (c->activated_on, today) >= 3)
          {
            c->plan = PLAN_PRO;
            c->upgraded_on = izp_date_add_months (c->activated_on, 2);
            break;
          }
      }
  if (at_risk == 0)
    for (guint i = n / 2; i < n; i++)
      if (gen->clients[i].churned_on == IZP_DATE_NONE)
        {
          gen->clients[i].usage_pct = 18;
          break;
        }

  gen->partner_nps = rated > 0 ? (int) (promoters * 100 / rated) - (int) (detractors * 100 / rated) : 0;

  gen->credit_note_client = G_MAXUINT;
  for (guint i = 0; i < n; i++)
    {
      Client *c = &gen->clients[i];

      if (c->churned_on == IZP_DATE_NONE && c->start_plan == c->plan &&
          c->plan == PLAN_PRO && count_periods (c->activated_on, today) >= 3)
        {
          gen->credit_note_client = i;
          break;
        }
    }
  gen->void_client = n / 3;

  quarter_start = izp_date_new (izp_date_get_year (today),
                                (izp_date_get_month (today) - 1) / 3 * 3 + 1, 1);
  gen->quarter_clients = 0;
  for (guint i = 0; i < n; i++)
    if (gen->clients[i].activated_on >= quarter_start)
      gen->quarter_clients++;
}

static void
plan_links (Generator *gen)
{
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  IzpDate today = gen->today;
  Rng rng;

  rng_init (&rng, gen->options->seed, STREAM_LINKS, 0);

  for (guint i = 0; i < gen->n_links; i++)
    {
      Link *l = &gen->links[i];
      guint roll;

      l->created_on = i == 0 ? gen->joined_on
                             : pick_growing_day (&rng, gen->joined_on, izp_date_add_days (today, -1));

      do
        {
          for (guint c = 0; c < 6; c++)
            l->code[c] = alphabet[rng_below (&rng, sizeof alphabet - 1)];
          l->code[6] = '\0';
        }
      while (g_hash_table_contains (codes, l->code));
      g_hash_table_add (codes, l->code);

      roll = rng_below (&rng, 100);
      l->channel = roll < 40 ? CHANNEL_EMAIL : roll < 60 ? CHANNEL_LINKEDIN
                 : roll < 72 ? CHANNEL_PRINT : roll < 82 ? CHANNEL_PHONE
                 : roll < 92 ? CHANNEL_EVENT : CHANNEL_OTHER;
      l->has_prospect = (l->channel == CHANNEL_EMAIL || l->channel == CHANNEL_PHONE) &&
                        rng_per_mille (&rng, 450);
      l->label = rng_below (&rng, 4);

      roll = rng_below (&rng, 100);
      if (izp_date_get_year (l->created_on) == 2026 && izp_date_get_month (l->created_on) == 1)
        l->campaign = CAMPAIGN_SPRINT;
      else if (roll < 40)
        l->campaign = CAMPAIGN_E_INVOICING;
      else if (roll < 55 && l->channel == CHANNEL_EMAIL)
        l->campaign = CAMPAIGN_NEWSLETTER;
      else
        l->campaign = CAMPAIGN_NONE;

      l->updated_on = l->created_on;
    }

  /* The hash table only borrowed the codes: sort after it is done with them. */
  g_hash_table_remove_all (codes);
  qsort (gen->links, gen->n_links, sizeof *gen->links, compare_links);
}

/* A link created on or before @day, among the most recent ones. */
static gint32
pick_link (Generator *gen,
           Rng       *rng,
           IzpDate    day)
{
  guint lo = 0, hi = gen->n_links;

  /* Number of links created on or before @day; link 0 is from the first day. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (gen->links[mid].created_on <= day)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo >= 1);
  return (gint32) (lo - 1 - rng_below (rng, MIN (lo, 40)));
}

static void
plan_leads (Generator *gen)
{
  IzpDate today = gen->today;
  IzpDate first = gen->joined_on;
  guint n = 2 * gen->n_clients;
  guint stage_counts[N_STAGES] = { 0, };
  guint next = 0, trials = 0, n_won = 0, open_leads;
  Rng rng;

  rng_init (&rng, gen->options->seed, STREAM_LEADS, 0);

  /* About a quarter of the clients came through a link and a lead. */
  for (guint i = 0; i < gen->n_clients; i++)
    if (rng_per_mille (&rng, 250) || (n_won == 0 && i == gen->n_clients - 1))
      {
        gen->clients[i].lead = -2;
        n_won++;
      }

  stage_counts[STAGE_NEW] = MAX (3, n * 6 / 100);
  stage_counts[STAGE_DEMO_SCHEDULED] = MAX (4, n * 3 / 100);
  stage_counts[STAGE_DEMO_DONE] = MAX (2, n * 2 / 100);
  stage_counts[STAGE_TRIAL] = MAX (3, n * 2 / 100);
  stage_counts[STAGE_NEGOTIATION] = MAX (2, n * 15 / 1000);
  stage_counts[STAGE_WON] = n_won;
  open_leads = stage_counts[STAGE_NEW] + stage_counts[STAGE_DEMO_SCHEDULED] + stage_counts[STAGE_DEMO_DONE]
               + stage_counts[STAGE_TRIAL] + stage_counts[STAGE_NEGOTIATION];
  /* Most leads of a long programme were lost along the way; tiny datasets
   * still get one of each stage. */
  n = MAX (n, n_won + open_leads + 1);
  stage_counts[STAGE_LOST] = n - n_won - open_leads;

  gen->n_leads = n;
  gen->leads = g_new0 (Lead, n);

  /* Won leads first: they copy their client's activation. */
  for (guint i = 0; i < gen->n_clients; i++)
    {
      Client *c = &gen->clients[i];
      Lead *l;

      if (c->lead != -2)
        continue;
      l = &gen->leads[next];
      l->orig = next;
      l->stage = STAGE_WON;
      l->client = (gint32) i;
      l->employees = c->employees;
      l->created_on = max_date (first, izp_date_add_days (c->activated_on, -rng_range (&rng, 14, 60)));
      l->demo_on = min_date (c->activated_on, izp_date_add_days (l->created_on, rng_range (&rng, 2, 7)));
      l->trial_on = min_date (c->activated_on, izp_date_add_days (l->demo_on, rng_range (&rng, 1, 3)));
      l->feature_usage_pct = rng_range (&rng, 45, 95);
      l->demo_slot = rng_below (&rng, 6);
      l->updated_on = c->activated_on;
      c->lead = (gint32) next;
      next++;
    }

  for (guint stage = STAGE_NEW; stage < N_STAGES; stage++)
    {
      if (stage == STAGE_WON)
        continue;
      for (guint j = 0; j < stage_counts[stage]; j++)
        {
          Lead *l = &gen->leads[next];
          IzpDate closed;

          l->orig = next;
          l->stage = stage;
          l->client = -1;
          l->feature_usage_pct = G_MAXUINT8;
          l->employees = rng_per_mille (&rng, 750) ? rng_range (&rng, 2, 40) : rng_range (&rng, 41, 200);

          switch (stage)
            {
            case STAGE_NEW:
              l->created_on = izp_date_add_days (today, -rng_range (&rng, 0, 13));
              l->updated_on = l->created_on;
              break;
            case STAGE_DEMO_SCHEDULED:
              /* The coming days of the pipeline card. */
              l->created_on = izp_date_add_days (today, -rng_range (&rng, 1, 12));
              l->demo_on = izp_date_add_days (today, j < 4 ? (int) j + 1 : rng_range (&rng, 1, 10));
              l->updated_on = izp_date_add_days (l->created_on, 1);
              break;
            case STAGE_DEMO_DONE:
              l->demo_on = izp_date_add_days (today, -rng_range (&rng, 1, 10));
              l->created_on = izp_date_add_days (l->demo_on, -rng_range (&rng, 2, 10));
              l->updated_on = l->demo_on;
              break;
            case STAGE_TRIAL:
              /* Trials of 14 days, checked in at J+3, J+7, J+12. */
              l->trial_on = izp_date_add_days (today, -rng_range (&rng, 3, 14));
              l->demo_on = izp_date_add_days (l->trial_on, -rng_range (&rng, 0, 3));
              l->created_on = izp_date_add_days (l->demo_on, -rng_range (&rng, 2, 10));
              /* Engaged (> 50 % of the features) or not: both kinds show. */
              l->feature_usage_pct = trials++ % 2 == 0 ? rng_range (&rng, 55, 95) : rng_range (&rng, 5, 35);
              l->updated_on = izp_date_add_days (today, -1);
              break;
            case STAGE_NEGOTIATION:
              l->trial_on = izp_date_add_days (today, -rng_range (&rng, 15, 30));
              l->demo_on = izp_date_add_days (l->trial_on, -rng_range (&rng, 0, 3));
              l->created_on = izp_date_add_days (l->demo_on, -rng_range (&rng, 2, 10));
              l->feature_usage_pct = rng_range (&rng, 50, 90);
              l->updated_on = izp_date_add_days (l->trial_on, 14);
              break;
            case STAGE_LOST:
            default:
              closed = pick_growing_day (&rng, izp_date_add_days (first, 3), izp_date_add_days (today, -1));
              l->created_on = max_date (first, izp_date_add_days (closed, -rng_range (&rng, 3, 40)));
              if (rng_per_mille (&rng, 500))
                l->demo_on = l->created_on + rng_below (&rng, closed - l->created_on + 1);
              if (l->demo_on != IZP_DATE_NONE && rng_per_mille (&rng, 400))
                {
                  l->trial_on = l->demo_on + rng_below (&rng, closed - l->demo_on + 1);
                  l->feature_usage_pct = rng_range (&rng, 3, 45);
                }
              l->lost_reason = rng_below (&rng, G_N_ELEMENTS (lost_reasons));
              l->updated_on = closed;
              break;
            }
          l->created_on = max_date (first, l->created_on);
          l->demo_slot = rng_below (&rng, 6);
          next++;
        }
    }
  g_assert (next == n);

  qsort (gen->leads, n, sizeof *gen->leads, compare_leads);

  for (guint i = 0; i < n; i++)
    {
      Lead *l = &gen->leads[i];
      Link *link;

      if (l->client >= 0)
        gen->clients[l->client].lead = (gint32) i;

      l->link = pick_link (gen, &rng, l->created_on);
      link = &gen->links[l->link];
      link->leads++;
      if (l->demo_on != IZP_DATE_NONE)
        link->demos++;
      if (l->trial_on != IZP_DATE_NONE)
        link->trials++;
      if (l->stage == STAGE_WON)
        link->won++;
      link->updated_on = max_date (link->updated_on, min_date (l->updated_on, today));
    }

  /* Old links that stopped bringing anyone get archived; never one still in use. */
  for (guint i = 0; i < gen->n_links; i++)
    {
      Link *link = &gen->links[i];

      link->archived = link->created_on + 365 < today && link->updated_on + 90 < today &&
                       rng_per_mille (&rng, 600);
      if (link->archived)
        link->updated_on = min_date (izp_date_add_days (link->updated_on, rng_range (&rng, 30, 90)), today);
    }
}

static void
plan_sub_partners (Generator *gen)
{
  IzpDate today = gen->today;
  SubPartner *first = &gen->sub_partners[0];
  SubPartner *second = &gen->sub_partners[1];
  static const int offsets[] = { 20, 45, 75, 110, 150 };
  static const guint8 plans[] = { PLAN_PRO, PLAN_STARTER, PLAN_STARTER, PLAN_PRO, PLAN_STARTER, PLAN_STARTER };
  static const char * const ids[] = { "spc_0001", "spc_0002", "spc_0003", "spc_0004", "spc_0005", "spc_0006" };
  int span;

  /* The activated one joined eight months ago (or soon after the partner). */
  first->id = "prt_0042";
  first->cabinet = "Compta Conseils";
  first->city = "Lyon";
  first->joined_on = max_date (izp_date_add_days (gen->joined_on, 30), izp_date_add_days (today, -240));
  span = (int) (today - first->joined_on);
  for (guint i = 0; i < 5; i++)
    {
      /* Scaled so that a short partner life still fits the five clients. */
      int offset = offsets[i] * MIN (span, 240) / 240;

      gen->sub_clients[i].id = ids[i];
      gen->sub_clients[i].plan = plans[i];
      gen->sub_clients[i].sub_partner = 0;
      gen->sub_clients[i].activated_on = izp_date_add_days (first->joined_on, MAX (offset, (int) i + 1));
    }
  /* Activated on the day its third client was. */
  first->activated_on = gen->sub_clients[2].activated_on;
  first->activated_clients = 5;

  second->id = "prt_0057";
  second->cabinet = "Cabinet Perrin Expertise";
  second->city = "Villeurbanne";
  second->joined_on = max_date (izp_date_add_days (gen->joined_on, 31), izp_date_add_days (today, -45));
  second->activated_on = IZP_DATE_NONE;
  second->activated_clients = 1;
  gen->sub_clients[5].id = ids[5];
  gen->sub_clients[5].plan = plans[5];
  gen->sub_clients[5].sub_partner = 1;
  gen->sub_clients[5].activated_on = min_date (today, izp_date_add_days (second->joined_on, 25));
}

/* ------------------------------------------------------------------------ */
/* Emitting                                                                  */

static gboolean
emit_item (Generator   *gen,
           const char  *key,
           JsonObject  *item,
           GError     **error)
{
  gboolean ok = gen->emit (key, item, gen->user_data, error);

  json_object_unref (item);
  if (!ok && error != NULL && *error == NULL)
    g_set_error (error, IZP_GENERATOR_ERROR, IZP_GENERATOR_ERROR_STOPPED,
                 _("The dataset generation stopped at “%s”"), key);
  return ok;
}

static void
set_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static void
set_date (Generator  *gen,
          JsonObject *object,
          const char *member,
          IzpDate     day)
{
  set_string (object, member, day != IZP_DATE_NONE ? date_string (gen, day) : NULL);
}

static void
set_instant (Generator  *gen,
             JsonObject *object,
             const char *member,
             IzpDate     day,
             guint       seconds)
{
  char buf[32];

  set_string (object, member, format_instant (gen, buf, day, seconds));
}

static void
set_id (JsonObject *object,
        const char *member,
        const char *prefix,
        int         width,
        gint64      index)
{
  char buf[32];

  if (index < 0)
    {
      json_object_set_null_member (object, member);
      return;
    }
  g_snprintf (buf, sizeof buf, "%s%0*" G_GINT64_FORMAT, prefix, width, index + 1);
  json_object_set_string_member (object, member, buf);
}

static JsonObject *
new_contact (const Identity *who,
             gboolean        with_phone)
{
  JsonObject *contact = json_object_new ();

  json_object_set_string_member (contact, "first_name", who->first_name);
  json_object_set_string_member (contact, "last_name", who->last_name);
  if (!with_phone)
    json_object_set_string_member (contact, "company", who->company);
  json_object_set_string_member (contact, "email", who->email);
  if (with_phone)
    json_object_set_string_member (contact, "phone", who->phone);
  return contact;
}

static gboolean
emit_users (Generator  *gen,
            GError    **error)
{
  JsonObject *user = json_object_new ();

  json_object_set_string_member (user, "email", "demo@izyinbox.fr");
  json_object_set_string_member (user, "password", "demo");
  return emit_item (gen, "users", user, error);
}

static JsonObject *
new_tier (Generator           *gen,
          const IzpTierChange *change)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "tier", izp_tier_to_string (change->tier));
  set_date (gen, entry, "since", change->since);
  return entry;
}

static gboolean
emit_partner (Generator  *gen,
              GError    **error)
{
  JsonObject *partner = json_object_new ();
  JsonArray *history = json_array_new ();
  JsonObject *manager = json_object_new ();

  json_object_set_string_member (partner, "id", "prt_0001");
  json_object_set_string_member (partner, "cabinet", "Cabinet Dupont & Associés");
  json_object_set_string_member (partner, "slug", "cabinet-dupont");
  json_object_set_string_member (partner, "city", "Lyon");
  json_object_set_string_member (partner, "department", "69");
  json_object_set_string_member (partner, "country", "FR");
  json_object_set_string_member (partner, "currency", "EUR");
  json_object_set_boolean_member (partner, "founder", FALSE);
  set_date (gen, partner, "joined_on", gen->joined_on);
  /* The same history as the statements' commission terms. */
  for (guint i = 0; i < G_N_ELEMENTS (gen->tier_history); i++)
    json_array_add_object_element (history, new_tier (gen, &gen->tier_history[i]));
  json_object_set_array_member (partner, "tier_history", history);
  json_object_set_int_member (partner, "portfolio_size", MAX (150, (gint64) gen->n_clients * 5 / 2));
  json_object_set_boolean_member (partner, "certification_completed", TRUE);
  json_object_set_int_member (partner, "nps", gen->partner_nps);
  json_object_set_int_member (partner, "co_marketing_cents_per_year", 0);
  json_object_set_string_member (partner, "demo_base_url", "https://demo.izyinbox.fr/cabinet-dupont");
  json_object_set_string_member (manager, "name", "Hélène Marchand");
  json_object_set_string_member (manager, "email", "helene.marchand@izyinbox.fr");
  json_object_set_string_member (manager, "phone", "+33 4 72 10 45 86");
  json_object_set_object_member (partner, "account_manager", manager);
  set_instant (gen, partner, "updated_at", gen->certified_on, 10 * 3600);

  return emit_item (gen, "partner", partner, error);
}

static void
add_client_facts (Generator  *gen,
                  const char *id,
                  IzpDate     activated_on,
                  gboolean    white_label)
{
  IzpClientFacts facts;

  facts.id = g_string_chunk_insert_const (gen->fact_strings, id);
  facts.activated_on = activated_on;
  facts.white_label = white_label;
  g_array_append_val (gen->client_facts, facts);
}

static gboolean
emit_clients (Generator  *gen,
              GError    **error)
{
  for (guint i = 0; i < gen->n_clients; i++)
    {
      const Client *c = &gen->clients[i];
      JsonObject *client = json_object_new ();
      Identity who;
      IzpDate changed;
      gint32 link = c->lead >= 0 ? gen->leads[c->lead].link : -1;

      make_identity (gen, STREAM_IDENTITY_CLIENT, i, c->employees, &who);

      set_id (client, "id", "cli_", gen->client_width, i);
      add_client_facts (gen, json_object_get_string_member (client, "id"), c->activated_on, FALSE);
      json_object_set_string_member (client, "company", who.company);
      json_object_set_object_member (client, "contact", new_contact (&who, TRUE));
      json_object_set_int_member (client, "employees", c->employees);
      json_object_set_string_member (client, "plan", plan_names[c->plan]);
      json_object_set_int_member (client, "mrr_cents", plan_prices[c->plan]);
      json_object_set_string_member (client, "currency", "EUR");
      json_object_set_string_member (client, "status",
                                     c->churned_on != IZP_DATE_NONE ? "churned" : "active");
      json_object_set_boolean_member (client, "white_label", FALSE);
      set_date (gen, client, "activated_on", c->activated_on);
      set_date (gen, client, "churned_on", c->churned_on);
      json_object_set_int_member (client, "usage_pct", c->usage_pct);
      json_object_set_int_member (client, "nps", c->nps);
      set_id (client, "link_id", "lnk_", gen->link_width, link);
      set_id (client, "lead_id", "lea_", gen->lead_width, c->lead);
      changed = max_date (c->activated_on, max_date (c->upgraded_on, c->churned_on));
      set_instant (gen, client, "updated_at", changed, 13 * 3600 + (i * 7919) % 21600);

      if (!emit_item (gen, "clients", client, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_invoice (Generator   *gen,
              Rng         *rng,
              const char  *client_id,
              const char  *sub_partner_id,
              IzpDate      client_activated_on,
              IzpDate      period_start,
              IzpDate      period_end,
              gint64       amount_cents,
              gboolean     make_void,
              gboolean     credit_note,
              GError     **error)
{
  JsonObject *invoice = json_object_new ();
  IzpDate today = gen->today;
  IzpDate paid_on = IZP_DATE_NONE;
  IzpDate changed;
  const char *status;
  IzpInvoiceFacts facts;
  char id[32];

  if (credit_note)
    {
      status = "paid";
      paid_on = min_date (today, izp_date_add_days (period_start, 7));
      changed = paid_on;
    }
  else if (period_start + 10 > today)
    {
      /* The current month's invoices are still being collected. */
      status = "open";
      changed = period_start;
    }
  else if (make_void)
    {
      status = "void";
      changed = izp_date_add_days (period_start, 3);
    }
  else
    {
      status = "paid";
      paid_on = rng_per_mille (rng, 800) ? period_start
                                         : izp_date_add_days (period_start, rng_range (rng, 1, 6));
      changed = paid_on;
    }

  g_snprintf (id, sizeof id, "inv_%0*u", gen->invoice_width, ++gen->next_invoice);
  json_object_set_string_member (invoice, "id", id);
  json_object_set_string_member (invoice, "client_id", client_id);
  json_object_set_string_member (invoice, "source", sub_partner_id != NULL ? "sub_partner" : "own");
  set_string (invoice, "sub_partner_id", sub_partner_id);
  set_date (gen, invoice, "client_activated_on", client_activated_on);
  set_date (gen, invoice, "period_start", period_start);
  set_date (gen, invoice, "period_end", period_end);
  json_object_set_int_member (invoice, "amount_cents", credit_note ? -amount_cents : amount_cents);
  json_object_set_string_member (invoice, "currency", "EUR");
  json_object_set_string_member (invoice, "status", status);
  set_date (gen, invoice, "paid_on", paid_on);
  set_instant (gen, invoice, "updated_at", changed, 6 * 3600 + rng_below (rng, 3 * 3600));

  /* The client id is kept once per client, the invoice id once per invoice. */
  facts.id = g_string_chunk_insert (gen->fact_strings, id);
  facts.client_id = g_string_chunk_insert_const (gen->fact_strings, client_id);
  facts.source = sub_partner_id != NULL ? IZP_INVOICE_SOURCE_SUB_PARTNER : IZP_INVOICE_SOURCE_OWN;
  facts.sub_partner_id = sub_partner_id != NULL ? g_string_chunk_insert_const (gen->fact_strings, sub_partner_id) : NULL;
  facts.client_activated_on = client_activated_on;
  facts.period_start = period_start;
  facts.amount_cents = credit_note ? -amount_cents : amount_cents;
  facts.currency = "EUR";
  facts.status = g_str_equal (status, "paid") ? IZP_INVOICE_STATUS_PAID
               : g_str_equal (status, "void") ? IZP_INVOICE_STATUS_VOID : IZP_INVOICE_STATUS_OPEN;
  facts.paid_on = paid_on;
  g_array_append_val (gen->invoice_facts, facts);

  return emit_item (gen, "invoices", invoice, error);
}

static gboolean
emit_invoices (Generator  *gen,
               GError    **error)
{
  IzpDate today = gen->today;
  Rng rng;

  rng_init (&rng, gen->options->seed, STREAM_INVOICES, 0);
  gen->next_invoice = 0;

  for (guint i = 0; i < gen->n_clients; i++)
    {
      const Client *c = &gen->clients[i];
      char client_id[32];

      g_snprintf (client_id, sizeof client_id, "cli_%0*u", gen->client_width, i + 1);

      for (guint k = 0; ; k++)
        {
          IzpDate start = izp_date_add_months (c->activated_on, k);
          IzpDate end;
          guint8 plan;
          gboolean make_void;

          /* Invoices stop with the churn. */
          if (start > today || (c->churned_on != IZP_DATE_NONE && start >= c->churned_on))
            break;

          end = izp_date_add_days (izp_date_add_months (c->activated_on, k + 1), -1);
          plan = c->upgraded_on != IZP_DATE_NONE && start >= c->upgraded_on ? c->plan : c->start_plan;
          make_void = k > 0 && (rng_below (&rng, 1000) < 4 || (i == gen->void_client && k == 1));

          if (!emit_invoice (gen, &rng, client_id, NULL, IZP_DATE_NONE, start, end,
                             plan_prices[plan], make_void, FALSE, error))
            return FALSE;

          /* One refund of a month, as a credit note. */
          if (i == gen->credit_note_client && k == 1 &&
              !emit_invoice (gen, &rng, client_id, NULL, IZP_DATE_NONE, start, end,
                             plan_prices[plan], FALSE, TRUE, error))
            return FALSE;
        }
    }

  for (guint s = 0; s < N_SUB_CLIENTS; s++)
    {
      const SubPartnerClient *sc = &gen->sub_clients[s];
      const SubPartner *sp = &gen->sub_partners[sc->sub_partner];

      for (guint k = 0; ; k++)
        {
          IzpDate start = izp_date_add_months (sc->activated_on, k);
          IzpDate end;

          if (start > today)
            break;
          end = izp_date_add_days (izp_date_add_months (sc->activated_on, k + 1), -1);
          if (!emit_invoice (gen, &rng, sc->id, sp->id, sc->activated_on, start, end,
                             plan_prices[sc->plan], FALSE, FALSE, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
emit_leads (Generator  *gen,
            GError    **error)
{
  static const char * const slots[] = { "09:30", "10:00", "11:00", "14:00", "15:30", "17:00" };

  for (guint i = 0; i < gen->n_leads; i++)
    {
      const Lead *l = &gen->leads[i];
      JsonObject *lead = json_object_new ();
      Identity who;

      if (l->client >= 0)
        make_identity (gen, STREAM_IDENTITY_CLIENT, l->client, l->employees, &who);
      else
        make_identity (gen, STREAM_IDENTITY_LEAD, l->orig, l->employees, &who);

      set_id (lead, "id", "lea_", gen->lead_width, i);
      set_id (lead, "link_id", "lnk_", gen->link_width, l->link);
      json_object_set_string_member (lead, "first_name", who.first_name);
      json_object_set_string_member (lead, "last_name", who.last_name);
      json_object_set_string_member (lead, "company", who.company);
      json_object_set_string_member (lead, "email", who.email);
      json_object_set_string_member (lead, "phone", who.phone);
      json_object_set_int_member (lead, "employees", l->employees);
      json_object_set_string_member (lead, "stage", stage_names[l->stage]);
      if (l->demo_on != IZP_DATE_NONE)
        {
          char buf[40];

          /* Demos are booked in Paris time. */
          g_snprintf (buf, sizeof buf, "%sT%s:00%s", date_string (gen, l->demo_on),
                      slots[l->demo_slot % G_N_ELEMENTS (slots)], paris_offset (l->demo_on));
          json_object_set_string_member (lead, "demo_at", buf);
        }
      else
        json_object_set_null_member (lead, "demo_at");
      set_date (gen, lead, "trial_started_on", l->trial_on);
      if (l->feature_usage_pct != G_MAXUINT8)
        json_object_set_int_member (lead, "feature_usage_pct", l->feature_usage_pct);
      else
        json_object_set_null_member (lead, "feature_usage_pct");
      set_id (lead, "client_id", "cli_", gen->client_width, l->client);
      set_string (lead, "lost_reason", l->stage == STAGE_LOST ? lost_reasons[l->lost_reason] : NULL);
      /* Created in the morning, changed in the afternoon: never the other way. */
      set_instant (gen, lead, "created_at", l->created_on, 8 * 3600 + (l->orig * 7919) % (4 * 3600));
      set_instant (gen, lead, "updated_at", max_date (l->updated_on, l->created_on),
                   13 * 3600 + (l->orig * 104729) % (6 * 3600));

      if (!emit_item (gen, "leads", lead, error))
        return FALSE;
    }
  return TRUE;
}

static void
format_campaign (Generator *gen,
                 const Link *l,
                 char        buf[64])
{
  int year = izp_date_get_year (l->created_on);

  switch (l->campaign)
    {
    case CAMPAIGN_E_INVOICING:
      /* Receiving is due from September 2026, issuing for SMEs from 2027. */
      g_snprintf (buf, 64, "facturation-%d",
                  l->created_on < izp_date_new (2026, 9, 1) ? 2026 : MAX (2027, year));
      break;
    case CAMPAIGN_NEWSLETTER:
      g_snprintf (buf, 64, "newsletter-%d-%02d", year, izp_date_get_month (l->created_on));
      break;
    case CAMPAIGN_SPRINT:
      g_snprintf (buf, 64, "sprint-janvier-%d", year);
      break;
    case CAMPAIGN_NONE:
    default:
      buf[0] = '\0';
      break;
    }
}

static void
format_link_label (const Link     *l,
                   const Identity *prospect,
                   char            buf[128])
{
  /* A trailing "·" asks for the month of the link: "Newsletter de novembre 2026". */
  static const char * const labels[][4] = {
    [CHANNEL_EMAIL] = { "Newsletter de·", "Signature e-mail du cabinet",
                        "Relance clients facturation électronique", "Lettre d'information de·" },
    [CHANNEL_LINKEDIN] = { "Post LinkedIn facturation électronique", "Article LinkedIn du cabinet",
                           "Message LinkedIn aux dirigeants", "Pack LinkedIn de·" },
    [CHANNEL_PRINT] = { "Flyer salle d'attente", "Affiche A3 accueil",
                        "Carte de visite partenaire", "Plaquette du cabinet" },
    [CHANNEL_PHONE] = { "Appels de relance clients", "Permanence téléphonique",
                        "Rendez-vous bilan de·", "Relance téléphonique" },
    [CHANNEL_EVENT] = { "Petit-déjeuner experts-comptables", "Webinaire clients de·",
                        "Salon des entrepreneurs", "Soirée clients du cabinet" },
    [CHANNEL_OTHER] = { "Site du cabinet", "Portail clients", "QR code en vitrine", "Bouche-à-oreille" },
  };
  const char *text = labels[l->channel][l->label % 4];
  g_autofree char *month = NULL;

  if (prospect != NULL)
    g_strlcpy (buf, prospect->brand, 128);
  else if (g_str_has_suffix (text, "·"))
    {
      /* "… de novembre 2026", but "… d'avril 2026": French elides "de"
       * before a vowel (avril, août, octobre). */
      int prefix = (int) (strlen (text) - strlen ("de·"));

      month = izp_format_month (l->created_on);
      if (strchr ("aeiouy", month[0]) != NULL)
        g_snprintf (buf, 128, "%.*sd'%s", prefix, text, month);
      else
        g_snprintf (buf, 128, "%.*sde %s", prefix, text, month);
    }
  else
    g_strlcpy (buf, text, 128);
}

static gboolean
emit_links (Generator  *gen,
            GError    **error)
{
  for (guint i = 0; i < gen->n_links; i++)
    {
      const Link *l = &gen->links[i];
      JsonObject *link = json_object_new ();
      JsonObject *stats = json_object_new ();
      Identity prospect;
      char campaign[64], label[128];
      g_autoptr(GString) url = g_string_sized_new (160);
      guint unique, clicks, bots;
      Rng rng;

      rng_init (&rng, gen->options->seed, STREAM_LINKS, i + 1);
      if (l->has_prospect)
        make_identity (gen, STREAM_IDENTITY_PROSPECT, i, rng_range (&rng, 3, 40), &prospect);
      format_campaign (gen, l, campaign);
      format_link_label (l, l->has_prospect ? &prospect : NULL, label);

      g_string_append_printf (url, "https://demo.izyinbox.fr/cabinet-dupont?ref=%s"
                              "&utm_source=partner&utm_medium=%s",
                              l->code, channel_names[l->channel]);
      if (campaign[0] != '\0')
        g_string_append_printf (url, "&utm_campaign=%s", campaign);

      set_id (link, "id", "lnk_", gen->link_width, i);
      json_object_set_string_member (link, "code", l->code);
      json_object_set_string_member (link, "url", url->str);
      json_object_set_string_member (link, "label", label);
      json_object_set_string_member (link, "channel", channel_names[l->channel]);
      set_string (link, "campaign", campaign[0] != '\0' ? campaign : NULL);
      /* The contract makes the prospect optional, not nullable. */
      if (l->has_prospect)
        json_object_set_object_member (link, "prospect", new_contact (&prospect, FALSE));
      json_object_set_boolean_member (link, "archived", l->archived);
      set_instant (gen, link, "created_at", l->created_on, 7 * 3600 + rng_below (&rng, 3600));

      /* Every lead was a visitor; some visitors come back; some links are
       * hammered by crawlers. */
      unique = l->leads + l->leads * rng_range (&rng, 2, 8) + rng_below (&rng, 30);
      bots = rng_per_mille (&rng, 60) ? rng_range (&rng, 40, 400) : rng_below (&rng, 4);
      clicks = unique + rng_below (&rng, unique / 2 + 1) + bots;
      json_object_set_int_member (stats, "clicks", clicks);
      json_object_set_int_member (stats, "unique_visitors", unique);
      json_object_set_int_member (stats, "suspected_bots", bots);
      json_object_set_int_member (stats, "leads", l->leads);
      json_object_set_int_member (stats, "demos", l->demos);
      json_object_set_int_member (stats, "trials", l->trials);
      json_object_set_int_member (stats, "won", l->won);
      json_object_set_object_member (link, "stats", stats);
      set_instant (gen, link, "updated_at", l->updated_on, 19 * 3600 + rng_below (&rng, 3600));

      if (!emit_item (gen, "referral_links", link, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_sub_partners (Generator  *gen,
                   GError    **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (gen->sub_partners); i++)
    {
      const SubPartner *sp = &gen->sub_partners[i];
      JsonObject *item = json_object_new ();
      IzpDate changed = sp->joined_on;

      for (guint s = 0; s < N_SUB_CLIENTS; s++)
        if (gen->sub_clients[s].sub_partner == i)
          changed = max_date (changed, gen->sub_clients[s].activated_on);

      json_object_set_string_member (item, "id", sp->id);
      json_object_set_string_member (item, "cabinet", sp->cabinet);
      json_object_set_string_member (item, "city", sp->city);
      set_date (gen, item, "joined_on", sp->joined_on);
      set_date (gen, item, "activated_on", sp->activated_on);
      json_object_set_int_member (item, "activated_clients", sp->activated_clients);
      set_instant (gen, item, "updated_at", changed, 11 * 3600);

      gen->sub_partner_facts[gen->n_sub_partner_facts].id = g_string_chunk_insert_const (gen->fact_strings, sp->id);
      gen->sub_partner_facts[gen->n_sub_partner_facts].activated_on = sp->activated_on;
      gen->n_sub_partner_facts++;

      if (!emit_item (gen, "sub_partners", item, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_campaign (Generator   *gen,
               const char  *name,
               IzpDate      starts_on,
               gint64       bonus_cents,
               GError     **error)
{
  JsonObject *item = json_object_new ();
  IzpDate ends_on = izp_date_end_of_month (starts_on);
  char id[32];

  g_snprintf (id, sizeof id, "cmp_%04d_%02d",
              izp_date_get_year (starts_on), izp_date_get_month (starts_on));
  json_object_set_string_member (item, "id", id);
  json_object_set_string_member (item, "name", name);
  set_date (gen, item, "starts_on", starts_on);
  set_date (gen, item, "ends_on", ends_on);
  json_object_set_int_member (item, "bonus_per_client_cents", bonus_cents);
  /* Announced two weeks ahead. */
  set_instant (gen, item, "updated_at", izp_date_add_days (starts_on, -15), 9 * 3600);

  g_assert (gen->n_campaign_facts < G_N_ELEMENTS (gen->campaign_facts));
  gen->campaign_facts[gen->n_campaign_facts].id = g_string_chunk_insert_const (gen->fact_strings, id);
  gen->campaign_facts[gen->n_campaign_facts].starts_on = starts_on;
  gen->campaign_facts[gen->n_campaign_facts].ends_on = ends_on;
  gen->campaign_facts[gen->n_campaign_facts].bonus_per_client_cents = bonus_cents;
  gen->n_campaign_facts++;

  return emit_item (gen, "campaigns", item, error);
}

static gboolean
emit_campaigns (Generator  *gen,
                GError    **error)
{
  IzpDate january = izp_date_new (2026, 1, 1);
  int year = izp_date_get_year (gen->today);
  IzpDate september;
  char name[64];

  /* The seed's "Sprint Janvier 2026", when the partner was there for it. */
  if (izp_date_end_of_month (january) >= gen->joined_on && january <= gen->today &&
      !emit_campaign (gen, "Sprint Janvier 2026", january, 50000, error))
    return FALSE;

  /* And the last back-to-school sprint on e-invoicing. */
  if (izp_date_get_month (gen->today) < 9)
    year--;
  september = izp_date_new (year, 9, 1);
  g_snprintf (name, sizeof name, "Sprint Rentrée %d", year);
  if (year >= 2026 && september >= gen->joined_on &&
      !emit_campaign (gen, name, september, 30000, error))
    return FALSE;

  return TRUE;
}

/* One payout batch of the ledger: its period and its lines, in ledger order. */
typedef struct
{
  IzpPayoutPeriod period;
  guint           first;      /* in the batches' line order */
  guint           n_lines;
} Batch;

static int
compare_batch_starts (gconstpointer a,
                      gconstpointer b)
{
  const Batch *x = a;
  const Batch *y = b;

  if (x->period.period_start != y->period.period_start)
    return (x->period.period_start > y->period.period_start) - (x->period.period_start < y->period.period_start);
  return strcmp (x->period.key, y->period.key);
}

/* Puts every ledger line in its payout batch (izp_payout_batch_for(), asked
 * once per accrual day) and returns the batches sorted by their start;
 * @out_order lists the line indexes batch after batch. */
static GArray *
group_in_batches (Generator             *gen,
                  const IzpLedger       *ledger,
                  const IzpPartnerTerms *terms,
                  guint                **out_order)
{
  GArray *batches = g_array_new (FALSE, TRUE, sizeof (Batch));
  guint n_lines = ledger->lines->len;
  g_autofree guint *line_batch = g_new (guint, n_lines + 1);
  g_autofree guint *day_batch = g_new (guint, gen->n_dates);
  g_autofree guint *rank = NULL;
  g_autofree guint *next = NULL;
  guint *order = g_new (guint, n_lines + 1);

  for (guint d = 0; d < gen->n_dates; d++)
    day_batch[d] = G_MAXUINT;

  for (guint i = 0; i < n_lines; i++)
    {
      const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, i);
      guint day = line->accrued_on - gen->date_base;
      guint index = G_MAXUINT;

      /* Every accrual day is a day of the dataset. */
      g_assert (line->accrued_on >= gen->date_base && day < gen->n_dates);

      if (day_batch[day] == G_MAXUINT)
        {
          IzpPayoutPeriod period = izp_payout_batch_for (terms, line->accrued_on);

          for (guint b = 0; b < batches->len && index == G_MAXUINT; b++)
            if (g_str_equal (g_array_index (batches, Batch, b).period.key, period.key))
              index = b;
          if (index == G_MAXUINT)
            {
              Batch fresh = { period, 0, 0 };

              g_array_append_val (batches, fresh);
              index = batches->len - 1;
            }
          day_batch[day] = index;
        }
      line_batch[i] = day_batch[day];
      g_array_index (batches, Batch, line_batch[i]).n_lines++;
    }

  /* Sort the batches, then lay their lines out one batch after the other. */
  rank = g_new (guint, batches->len + 1);
  {
    g_autoptr(GArray) sorted = g_array_copy (batches);
    guint first = 0;

    for (guint b = 0; b < sorted->len; b++)
      g_array_index (sorted, Batch, b).first = b;   /* its index before sorting */
    g_array_sort (sorted, compare_batch_starts);
    for (guint b = 0; b < sorted->len; b++)
      {
        Batch *batch = &g_array_index (sorted, Batch, b);

        rank[batch->first] = b;
        batch->first = first;
        first += batch->n_lines;
      }
    g_array_unref (batches);
    batches = g_steal_pointer (&sorted);
  }

  next = g_new (guint, batches->len + 1);
  for (guint b = 0; b < batches->len; b++)
    next[b] = g_array_index (batches, Batch, b).first;
  for (guint i = 0; i < n_lines; i++)
    order[next[rank[line_batch[i]]]++] = i;

  *out_order = order;
  return batches;
}

/* The line IzyInbox under-pays: in the paid statement that the seed picks
 * (its index modulo the number of paid ones; the next paid one when it has
 * no line above the amount), the first line above the amount. Returns the
 * line's position in @order, G_MAXUINT when there is no paid statement. */
static guint
pick_underpaid_line (Generator       *gen,
                     const IzpLedger *ledger,
                     GArray          *batches,
                     GArray          *paid,
                     const guint     *order)
{
  guint start;

  if (paid->len == 0)
    return G_MAXUINT;
  start = (guint) (gen->options->seed % paid->len);

  for (guint k = 0; k < paid->len; k++)
    {
      guint b = g_array_index (paid, guint, (start + k) % paid->len);
      const Batch *batch = &g_array_index (batches, Batch, b);

      for (guint j = batch->first; j < batch->first + batch->n_lines; j++)
        if (g_array_index (ledger->lines, IzpLedgerLine, order[j]).amount_cents > IZP_GENERATOR_UNDERPAID_CENTS)
          return j;
    }
  return G_MAXUINT;
}

/* IzyInbox's statements, computed from the facts of the dataset by the
 * commission engine: one per payout batch due on or before today. All are
 * paid the day before they are due, except the latest, only issued. */
static gboolean
emit_statements (Generator  *gen,
                 GError    **error)
{
  IzpCommissionInput input;
  g_autoptr(IzpLedger) ledger = NULL;
  g_autoptr(GArray) batches = NULL;
  g_autoptr(GArray) paid = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *order = NULL;
  guint issued = G_MAXUINT, underpaid;

  memset (&input, 0, sizeof input);
  input.terms.currency = "EUR";
  input.terms.founder = FALSE;
  input.terms.tier_history = gen->tier_history;
  input.terms.n_tier_history = G_N_ELEMENTS (gen->tier_history);
  input.clients = (const IzpClientFacts *) (gpointer) gen->client_facts->data;
  input.n_clients = gen->client_facts->len;
  input.invoices = (const IzpInvoiceFacts *) (gpointer) gen->invoice_facts->data;
  input.n_invoices = gen->invoice_facts->len;
  input.sub_partners = gen->sub_partner_facts;
  input.n_sub_partners = gen->n_sub_partner_facts;
  input.campaigns = gen->campaign_facts;
  input.n_campaigns = gen->n_campaign_facts;

  ledger = izp_commission_compute (&input);
  /* The invoices' facts are no longer needed: give their memory back now. */
  g_clear_pointer (&gen->invoice_facts, g_array_unref);
  input.invoices = NULL;
  input.n_invoices = 0;

  batches = group_in_batches (gen, ledger, &input.terms, &order);

  /* Batches not yet due have no statement; the latest due one is issued. */
  for (guint b = 0; b < batches->len; b++)
    {
      const Batch *batch = &g_array_index (batches, Batch, b);

      if (batch->period.due_on > gen->today)
        continue;
      if (issued == G_MAXUINT ||
          batch->period.due_on >= g_array_index (batches, Batch, issued).period.due_on)
        issued = b;
    }
  for (guint b = 0; b < batches->len; b++)
    if (b != issued && g_array_index (batches, Batch, b).period.due_on <= gen->today)
      g_array_append_val (paid, b);

  /* The one deliberate discrepancy of the dataset: IzyInbox paid one line
   * IZP_GENERATOR_UNDERPAID_CENTS less than the engine computes, and the
   * statement's total follows its lines. Without it the demo's
   * reconciliation would have nothing to show. */
  underpaid = pick_underpaid_line (gen, ledger, batches, paid, order);

  for (guint b = 0; b < batches->len; b++)
    {
      const Batch *batch = &g_array_index (batches, Batch, b);
      JsonObject *statement;
      JsonArray *lines;
      gboolean is_paid = b != issued;
      IzpCents total = 0;
      char id[32];

      if (batch->period.due_on > gen->today)
        continue;
      statement = json_object_new ();
      lines = json_array_sized_new (batch->n_lines);

      g_snprintf (id, sizeof id, "stm_%s", batch->period.key);
      id[8] = '_';   /* stm_YYYY-MM → stm_YYYY_MM, stm_YYYY-Qn → stm_YYYY_Qn */

      for (guint j = batch->first; j < batch->first + batch->n_lines; j++)
        {
          const IzpLedgerLine *line = &g_array_index (ledger->lines, IzpLedgerLine, order[j]);
          JsonObject *item = json_object_new ();
          IzpCents amount = line->amount_cents;

          if (j == underpaid)
            amount -= IZP_GENERATOR_UNDERPAID_CENTS;
          total += amount;
          json_object_set_string_member (item, "kind", izp_ledger_kind_to_string (line->kind));
          json_object_set_string_member (item, "ref", line->ref);
          json_object_set_int_member (item, "amount_cents", amount);
          json_array_add_object_element (lines, item);
        }

      json_object_set_string_member (statement, "id", id);
      json_object_set_string_member (statement, "period", batch->period.key);
      set_date (gen, statement, "period_start", batch->period.period_start);
      set_date (gen, statement, "period_end", batch->period.period_end);
      json_object_set_string_member (statement, "status", is_paid ? "paid" : "issued");
      set_date (gen, statement, "due_on", batch->period.due_on);
      set_date (gen, statement, "paid_on",
                is_paid ? izp_date_add_days (batch->period.due_on, -1) : IZP_DATE_NONE);
      json_object_set_string_member (statement, "currency", "EUR");
      json_object_set_int_member (statement, "total_cents", total);
      json_object_set_array_member (statement, "lines", lines);
      set_instant (gen, statement, "updated_at", batch->period.due_on, 8 * 3600);

      if (!emit_item (gen, "statements", statement, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_resources (Generator  *gen,
                GError    **error)
{
  static const struct {
    const char *title;
    const char *kind;
    const char *file;
  } kit[] = {
    { "Présentation client (15 diapositives)", "slides", "presentation-client.pptx" },
    { "Flyer A5 recto-verso", "flyer", "flyer-a5-recto-verso.pdf" },
    { "Affiche A3 salle d'attente", "poster", "affiche-a3-salle-attente.pdf" },
    { "Vidéo de démonstration", "video", "video-demonstration.mp4" },
    { "FAQ clients", "faq", "faq-clients.pdf" },
    { "Modèles d'e-mails", "email", "modeles-emails.docx" },
    { "Pack LinkedIn du mois", "social", "pack-linkedin-du-mois.zip" },
    { "Carte de visite «\u00a0Partenaire IzyInbox\u00a0»", "other", "carte-visite-partenaire.pdf" },
    { "Guide de la facturation électronique 2026-2027", "other", "guide-facturation-electronique.pdf" },
  };
  IzpDate month_start = izp_date_new (izp_date_get_year (gen->today), izp_date_get_month (gen->today), 1);

  for (guint i = 0; i < G_N_ELEMENTS (kit); i++)
    {
      JsonObject *item = json_object_new ();
      g_autofree char *url = g_strconcat ("https://partenaires.izyinbox.fr/kit/", kit[i].file, NULL);
      char id[16];

      g_snprintf (id, sizeof id, "res_%02u", i + 1);
      json_object_set_string_member (item, "id", id);
      json_object_set_string_member (item, "title", kit[i].title);
      json_object_set_string_member (item, "kind", kit[i].kind);
      json_object_set_string_member (item, "url", url);
      /* The LinkedIn pack is renewed every month. */
      set_instant (gen, item, "updated_at",
                   g_str_equal (kit[i].kind, "social") ? month_start : gen->joined_on,
                   8 * 3600 + i * 60);

      if (!emit_item (gen, "resources", item, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_templates (Generator  *gen,
                GError    **error)
{
  static const struct {
    const char *id;
    const char *title;
    const char *subject;
    const char *body;
  } templates[] = {
    {
      "introduction",
      "Introduction IzyInbox",
      "[Prénom], gagnez 10h/semaine sur votre admin",
      "Bonjour [Prénom],\n\n"
      "En tant qu'expert-comptable de [Entreprise], je vois chaque mois le temps "
      "que vous consacrez à trier vos e-mails, à retrouver vos factures et à nous "
      "transmettre vos justificatifs.\n\n"
      "Nous recommandons désormais IzyInbox à nos clients : l'outil classe "
      "automatiquement vos e-mails et vos documents administratifs, et nous les "
      "transmet au bon moment. Vous gagnez du temps, et nous aussi.\n\n"
      "Je vous propose une démonstration gratuite de 30 minutes, sans engagement :\n"
      "[Lien démo]\n\n"
      "Bien cordialement,\n"
      "[Signature]\n"
      "[Cabinet]",
    },
    {
      "relance-post-demo",
      "Relance après la démonstration",
      "[Prénom], la suite après votre démonstration IzyInbox",
      "Bonjour [Prénom],\n\n"
      "Merci pour le temps que vous avez consacré à la démonstration d'IzyInbox. "
      "J'espère qu'elle vous a montré concrètement ce que l'outil peut apporter à "
      "[Entreprise].\n\n"
      "La prochaine étape est un essai gratuit de 14 jours, accompagné par l'équipe "
      "IzyInbox : la mise en route ne prend que quelques minutes et vous gardez vos "
      "outils actuels. Vous pouvez le démarrer ici :\n"
      "[Lien démo]\n\n"
      "Je reste à votre disposition pour répondre à vos questions.\n\n"
      "Bien cordialement,\n"
      "[Signature]\n"
      "[Cabinet]",
    },
    {
      "facturation-electronique",
      "Offre facturation électronique 2026",
      "Facturation électronique : [Entreprise] est-elle prête ?",
      "Bonjour [Prénom],\n\n"
      "La facturation électronique devient obligatoire en France, par étapes :\n"
      "- à compter du 1er septembre 2026, toutes les entreprises assujetties à la "
      "TVA doivent pouvoir recevoir des factures électroniques, et les grandes "
      "entreprises et les ETI doivent aussi les émettre ;\n"
      "- à compter du 1er septembre 2027, les PME et les micro-entreprises doivent "
      "à leur tour émettre leurs factures au format électronique.\n\n"
      "IzyInbox réceptionne vos factures électroniques, les classe et nous les "
      "transmet automatiquement : [Entreprise] est prête, sans changer ses "
      "habitudes.\n\n"
      "Je vous propose d'en parler lors d'une démonstration gratuite :\n"
      "[Lien démo]\n\n"
      "Bien cordialement,\n"
      "[Signature]\n"
      "[Cabinet]",
    },
  };

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "id", templates[i].id);
      json_object_set_int_member (item, "version", 1);
      json_object_set_string_member (item, "title", templates[i].title);
      json_object_set_string_member (item, "subject", templates[i].subject);
      json_object_set_string_member (item, "body", templates[i].body);
      set_instant (gen, item, "updated_at", gen->joined_on, 8 * 3600 + 30 * 60 + i * 60);

      if (!emit_item (gen, "templates", item, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_leaderboard (Generator  *gen,
                  GError    **error)
{
  static const struct {
    const char *cabinet;
    const char *city;
  } rivals[] = {
    { "Cabinet Legrand", "Paris" }, { "Compta Conseils", "Lyon" },
    { "Experts & Associés", "Bordeaux" }, { "Cabinet Martin", "Marseille" },
    { "Dupont Expertise", "Toulouse" }, { "Fiduciaire de l'Ouest", "Nantes" },
    { "Audit & Conseil Bretagne", "Rennes" }, { "Cabinet Vidal", "Montpellier" },
    { "Alpes Expertise", "Grenoble" }, { "Comptabilité Fontaine", "Lille" },
  };
  JsonObject *board = json_object_new ();
  JsonArray *entries = json_array_new ();
  JsonObject *me = json_object_new ();
  guint mine = gen->quarter_clients;
  guint step_above = MAX (2, mine / 5);
  guint step_below;
  guint my_rank, rival = 0;
  char quarter[16];
  Rng rng;

  rng_init (&rng, gen->options->seed, STREAM_MISC, 1);
  my_rank = rng_range (&rng, 3, 7);
  step_below = MAX (1, mine / (11 - my_rank));

  g_snprintf (quarter, sizeof quarter, "%d-Q%d", izp_date_get_year (gen->today),
              (izp_date_get_month (gen->today) - 1) / 3 + 1);
  json_object_set_string_member (board, "quarter", quarter);

  for (guint rank = 1; rank <= 10; rank++)
    {
      JsonObject *entry = json_object_new ();
      gint64 clients;

      json_object_set_int_member (entry, "rank", rank);
      if (rank == my_rank)
        {
          json_object_set_string_member (entry, "cabinet", "Cabinet Dupont & Associés");
          json_object_set_string_member (entry, "city", "Lyon");
          clients = mine;
        }
      else
        {
          json_object_set_string_member (entry, "cabinet", rivals[rival].cabinet);
          json_object_set_string_member (entry, "city", rivals[rival].city);
          rival++;
          /* Above: strictly more than the next one. Below: strictly less
           * until the floor of one client. */
          if (rank < my_rank)
            clients = mine + (my_rank - rank) * step_above + rng_below (&rng, step_above);
          else
            {
              gint64 jitter = rng_below (&rng, step_below);

              clients = MAX ((gint64) MIN (1, mine),
                             (gint64) mine - (gint64) ((rank - my_rank) * step_below) - jitter);
            }
        }
      json_object_set_int_member (entry, "clients", clients);
      json_object_set_boolean_member (entry, "is_me", rank == my_rank);
      json_array_add_object_element (entries, entry);
    }
  json_object_set_array_member (board, "entries", entries);
  json_object_set_int_member (me, "rank", my_rank);
  json_object_set_int_member (me, "clients", mine);
  json_object_set_object_member (board, "me", me);

  return emit_item (gen, "leaderboard", board, error);
}

/* ------------------------------------------------------------------------ */

/**
 * izp_generator_run:
 * @options: size, seed and day of the dataset
 * @emit: (scope call): receives every item, in a fixed order: users, partner,
 *   clients, invoices, leads, referral_links, sub_partners, campaigns,
 *   statements, resources, templates, leaderboard
 * @user_data: for @emit
 * @error: the options' problem, or what @emit reported
 *
 * Generates the sandbox dataset. The statements are computed by the
 * commission engine from the emitted facts, with one deliberate
 * discrepancy (see %IZP_GENERATOR_UNDERPAID_CENTS). Tombstones are not
 * generated: deletions happen later, through the server.
 *
 * Returns: %TRUE when every item was emitted
 */
gboolean
izp_generator_run (const IzpGeneratorOptions  *options,
                   IzpGeneratorEmitFunc        emit,
                   gpointer                    user_data,
                   GError                    **error)
{
  Generator gen = { 0, };
  IzpDate today;
  IzpDate two_months_ago;
  gboolean ok = FALSE;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (emit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  today = options->today;
  if (options->n_clients < 1 || options->n_clients > IZP_GENERATOR_MAX_CLIENTS)
    {
      g_set_error (error, IZP_GENERATOR_ERROR, IZP_GENERATOR_ERROR_INVALID_OPTIONS,
                   _("The number of clients must be between 1 and %u"), IZP_GENERATOR_MAX_CLIENTS);
      return FALSE;
    }
  if (today < izp_date_new (2000, 1, 1) || today > izp_date_new (9000, 12, 31))
    {
      g_set_error (error, IZP_GENERATOR_ERROR, IZP_GENERATOR_ERROR_INVALID_OPTIONS,
                   _("The day of the dataset must be between 2000 and 9000"));
      return FALSE;
    }

  gen.options = options;
  gen.emit = emit;
  gen.user_data = user_data;
  gen.today = today;
  gen.n_clients = options->n_clients;
  /* The demo cabinet joined 13 months ago; the large one over 3 years ago. */
  gen.demo = options->n_clients <= 200;
  gen.joined_on = izp_date_add_days (izp_date_add_months (today, gen.demo ? -13 : -37), 7);
  /* Promoted to certifié about three months ago. */
  two_months_ago = izp_date_add_months (today, -2);
  gen.certified_on = izp_date_new (izp_date_get_year (two_months_ago), izp_date_get_month (two_months_ago), 1);

  gen.date_base = izp_date_add_days (gen.joined_on, -400);
  gen.n_dates = izp_date_add_days (today, 400) - gen.date_base;
  gen.date_strings = g_malloc0 (gen.n_dates * sizeof *gen.date_strings);

  gen.tier_history[0].tier = IZP_TIER_REFERENT;
  gen.tier_history[0].since = gen.joined_on;
  gen.tier_history[1].tier = IZP_TIER_CERTIFIE;
  gen.tier_history[1].since = gen.certified_on;
  gen.fact_strings = g_string_chunk_new (64 * 1024);
  gen.client_facts = g_array_sized_new (FALSE, FALSE, sizeof (IzpClientFacts), gen.n_clients);
  /* ~24 invoices a client in the large dataset, ~8 in the demo. */
  gen.invoice_facts = g_array_sized_new (FALSE, FALSE, sizeof (IzpInvoiceFacts), gen.n_clients * 16 + 64);

  gen.clients = g_new0 (Client, gen.n_clients);
  gen.n_links = MAX (25, gen.n_clients / 5);
  gen.links = g_new0 (Link, gen.n_links);

  plan_clients (&gen);
  plan_links (&gen);
  plan_leads (&gen);
  plan_sub_partners (&gen);

  /* Fixed widths, so that string order is numeric order. */
  gen.client_width = MAX (4, count_digits (gen.n_clients));
  gen.lead_width = MAX (4, count_digits (gen.n_leads));
  gen.link_width = MAX (4, count_digits (gen.n_links));
  gen.invoice_width = MAX (6, count_digits ((guint64) gen.n_clients * 40 + 200));

  ok = emit_users (&gen, error) &&
       emit_partner (&gen, error) &&
       emit_clients (&gen, error) &&
       emit_invoices (&gen, error) &&
       emit_leads (&gen, error) &&
       emit_links (&gen, error) &&
       emit_sub_partners (&gen, error) &&
       emit_campaigns (&gen, error) &&
       emit_statements (&gen, error) &&
       emit_resources (&gen, error) &&
       emit_templates (&gen, error) &&
       emit_leaderboard (&gen, error);

  g_free (gen.date_strings);
  g_string_chunk_free (gen.fact_strings);
  g_array_unref (gen.client_facts);
  g_clear_pointer (&gen.invoice_facts, g_array_unref);
  g_free (gen.clients);
  g_free (gen.leads);
  g_free (gen.links);
  return ok;
}
