/* sample-items.h — one valid item of every object of the API, compact and
 * with members in schema order, so that a round trip can compare text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "izp-schema.h"

static const char * const sample_items[IZP_N_COLLECTIONS] = {
  [IZP_COLLECTION_CLIENTS] =
    "{\"id\":\"cli_0001\",\"updated_at\":\"2026-11-20T10:00:00Z\","
    "\"company\":\"Boulangerie \\\"Martin\\\" \\\\ Fils — Société « L'Étoile »\","
    "\"contact\":{\"first_name\":\"Marie\",\"last_name\":\"Martin\",\"email\":\"marie@exemple.fr\",\"phone\":null},"
    "\"employees\":12,\"plan\":\"pro\",\"mrr_cents\":14900,\"currency\":\"EUR\",\"status\":\"active\","
    "\"white_label\":false,\"activated_on\":\"2026-01-14\",\"churned_on\":null,\"usage_pct\":64,"
    "\"nps\":9,\"link_id\":\"lnk_0001\",\"lead_id\":\"lea_0001\"}",
  [IZP_COLLECTION_INVOICES] =
    "{\"id\":\"inv_000001\",\"updated_at\":\"2026-11-20T10:00:00+01:00\",\"client_id\":\"cli_0001\","
    "\"source\":\"own\",\"sub_partner_id\":null,\"client_activated_on\":null,"
    "\"period_start\":\"2026-01-14\",\"period_end\":\"2026-02-13\",\"amount_cents\":-14900,"
    "\"currency\":\"EUR\",\"status\":\"refunded\",\"paid_on\":null}",
  [IZP_COLLECTION_LEADS] =
    "{\"id\":\"lea_0001\",\"updated_at\":\"2026-11-21T08:00:00Z\",\"link_id\":\"lnk_0001\","
    "\"first_name\":\"Zoé\",\"last_name\":\"Müller\",\"company\":\"Garage Müller\","
    "\"email\":\"zoe@exemple.fr\",\"phone\":\"+33 6 00 00 00 00\",\"employees\":25,"
    "\"stage\":\"demo_scheduled\",\"demo_at\":\"2026-11-28T09:30:00+01:00\","
    "\"trial_started_on\":null,\"feature_usage_pct\":null,\"client_id\":\"cli_0001\","
    "\"lost_reason\":null,\"created_at\":\"2026-11-01T08:00:00Z\"}",
  [IZP_COLLECTION_REFERRAL_LINKS] =
    "{\"id\":\"lnk_0001\",\"updated_at\":\"2026-11-22T08:00:00Z\",\"code\":\"k7Qx2p\","
    "\"url\":\"https://demo.izyinbox.fr/cabinet-dupont?ref=k7Qx2p&utm_source=partner&utm_medium=email\","
    "\"label\":\"Boulangerie Martin\",\"channel\":\"email\",\"campaign\":\"facturation-2026\","
    "\"prospect\":{\"first_name\":\"Marie\",\"last_name\":null,\"company\":\"Boulangerie Martin\",\"email\":\"marie@exemple.fr\"},"
    "\"archived\":false,\"created_at\":\"2026-10-01T08:00:00Z\","
    "\"stats\":{\"clicks\":12,\"unique_visitors\":9,\"suspected_bots\":2,\"leads\":1,\"demos\":1,\"trials\":1,\"won\":0}}",
  [IZP_COLLECTION_SUB_PARTNERS] =
    "{\"id\":\"prt_0042\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"cabinet\":\"Compta Conseils\","
    "\"city\":\"Lyon\",\"joined_on\":\"2026-02-01\",\"activated_on\":\"2026-04-15\",\"activated_clients\":5}",
  [IZP_COLLECTION_CAMPAIGNS] =
    "{\"id\":\"cmp_2026_01\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"name\":\"Sprint Janvier 2026\","
    "\"starts_on\":\"2026-01-01\",\"ends_on\":\"2026-01-31\",\"bonus_per_client_cents\":50000}",
  [IZP_COLLECTION_STATEMENTS] =
    "{\"id\":\"stm_2026_Q1\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"period\":\"2026-Q1\","
    "\"period_start\":\"2026-01-01\",\"period_end\":\"2026-03-31\",\"status\":\"paid\","
    "\"due_on\":\"2026-04-15\",\"paid_on\":\"2026-04-14\",\"currency\":\"CHF\",\"total_cents\":8940,"
    "\"lines\":[{\"kind\":\"recurring_y1\",\"ref\":\"inv_000001\",\"amount_cents\":2980},"
    "{\"kind\":\"campaign_bonus\",\"ref\":\"cmp_2026_01:cli_0001\",\"amount_cents\":5960}]}",
  [IZP_COLLECTION_RESOURCES] =
    "{\"id\":\"res_01\",\"updated_at\":\"2026-11-20T10:00:00Z\","
    "\"title\":\"Kit marketing — présentation client\",\"kind\":\"slides\","
    "\"url\":\"https://partenaires.izyinbox.fr/kit/presentation\"}",
  [IZP_COLLECTION_TEMPLATES] =
    "{\"id\":\"intro\",\"updated_at\":\"2026-11-20T10:00:00Z\",\"version\":3,"
    "\"title\":\"Introduction IzyInbox\",\"subject\":\"[Prénom], gagnez 10h/semaine sur votre admin\","
    "\"body\":\"Bonjour [Prénom],\\n\\n\\tÀ bientôt,\\n[Signature]\"}",
};

static const char sample_partner[] =
  "{\"id\":\"prt_0001\",\"cabinet\":\"Cabinet Dupont & Associés\",\"slug\":\"cabinet-dupont\","
  "\"city\":\"Lyon\",\"department\":\"69\",\"country\":\"FR\",\"currency\":\"EUR\",\"founder\":false,"
  "\"joined_on\":\"2025-11-03\",\"tier_history\":[{\"tier\":\"referent\",\"since\":\"2025-11-03\"},"
  "{\"tier\":\"certifie\",\"since\":\"2026-09-01\"}],\"portfolio_size\":150,"
  "\"certification_completed\":true,\"nps\":46,\"co_marketing_cents_per_year\":0,"
  "\"demo_base_url\":\"https://demo.izyinbox.fr/cabinet-dupont\","
  "\"account_manager\":{\"name\":\"Inès Roux\",\"email\":\"ines.roux@izyinbox.fr\",\"phone\":\"+33 1 23 45 67 89\"},"
  "\"updated_at\":\"2026-11-20T10:00:00Z\"}";

static const char sample_leaderboard[] =
  "{\"quarter\":\"2026-Q4\",\"entries\":[{\"rank\":1,\"cabinet\":\"Cabinet Legrand\",\"city\":\"Paris\","
  "\"clients\":42,\"is_me\":false},{\"rank\":2,\"cabinet\":\"Cabinet Dupont & Associés\",\"city\":\"Lyon\","
  "\"clients\":12,\"is_me\":true}],\"me\":{\"rank\":2,\"clients\":12}}";
