#!/bin/sh
# dashboard-bench.sh — the dashboard's figures on the large dataset
#
# Usage: tests/bench/dashboard-bench.sh [BUILD_DIR]
# Syncs the 10 000-client dataset from the sandbox into a store, checks the
# figures against the ledger and plain SQL, and prints the time of the
# figures alone (the ledger known), best of 5; budget 100 ms.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=$(cd "${1:-_build}" && pwd)
program="$build_dir/tests/api/test-dashboard"
[ -x "$program" ] || { echo "dashboard-bench: $program is not built (tests disabled?)" >&2; exit 1; }

G_TEST_SRCDIR="$(dirname "$0")/.." "$program" --verbose --large 2>&1 |
  sed -n 's/^# \(dashboard figures.*\)/  \1/p'
