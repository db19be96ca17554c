#!/bin/sh
# core-bench.sh — figures of the core on the large dataset's sizes
#
# Usage: tests/bench/core-bench.sh [BUILD_DIR]
# The times the unit tests used to assert, measured here instead, where a
# busy machine makes a slow figure rather than a failed test:
#   - the commission engine on 240 000 invoices (best of 5), grouping, payouts;
#   - 240 000 invoices written to SQLite, and 1 000 rows read back as JSON
#     (the record-table test, run with IZP_BENCH_ROWS=240000);
#   - the sandbox's generator for 10 000 clients (its large test).
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=$(cd "${1:-_build}" && pwd)
engine="$build_dir/tests/bench/bench-commission-engine"
record_table="$build_dir/tests/core/test-record-table"
generator="$build_dir/tests/sandbox/test-generator"
for program in "$engine" "$record_table" "$generator"; do
  [ -x "$program" ] || { echo "core-bench: $program is not built (tests disabled?)" >&2; exit 1; }
done

"$engine" | grep -v -e "random seed" -e "Start of" -e "End of" | sed -n 's/^# /  /p'
IZP_BENCH_ROWS=240000 "$record_table" -p /record-table/many-rows --verbose 2>&1 |
  sed -n 's/^# \([0-9]* invoices inserted.*\)/  record table: \1/p'
"$generator" --large 2>&1 | sed -n 's/^# \(generator.*\)/  \1/p'
