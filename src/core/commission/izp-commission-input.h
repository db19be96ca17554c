/* izp-commission-input.h — the commission engine's input, read from a dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "izp-commission-engine.h"

G_BEGIN_DECLS

IzpCommissionInput *izp_commission_input_from_json (JsonNode           *dataset,
                                                    GError            **error);
void                izp_commission_input_free      (IzpCommissionInput *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IzpCommissionInput, izp_commission_input_free)

G_END_DECLS
