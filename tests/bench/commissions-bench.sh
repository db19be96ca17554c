#!/bin/sh
# commissions-bench.sh — the Commissions figures on the large dataset
#
# Usage: tests/bench/commissions-bench.sh [BUILD_DIR]
# Starts `izyinbox-sandbox --generate --clients 10000`, syncs it with the CLI
# into an empty store, then in the same run prints each figure beside its
# reference:
#   - recompute the whole ledger from SQLite (reference: sqlite3 summing the
#     paid invoices with one GROUP BY; budget 250 ms and 3x), in wall time
#     and in CPU time (both sides);
#   - open the ledger page with every line and sort by amount (budget 300 ms);
#   - export the whole ledger to CSV (reference: sqlite3 -csv writing the
#     same rows), and `izyinbox-partner-cli commissions --format csv`.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build_dir=$(cd "${1:-_build}" && pwd)
if [ -z "${IZP_IN_KEYRING_SESSION:-}" ]; then
  exec "$here/../wrappers/with-keyring" "$0" "$build_dir"
fi

sandbox="$build_dir/src/sandbox/izyinbox-sandbox"
cli="$build_dir/src/cli/izyinbox-partner-cli"
bench="$build_dir/tests/bench/bench-commissions"
for program in "$sandbox" "$cli" "$bench"; do
  [ -x "$program" ] || { echo "commissions-bench: $program is not built" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "commissions-bench: sqlite3 is required" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "commissions-bench: GNU time (/usr/bin/time) is required" >&2; exit 1; }

. "$here/large-sandbox.sh"
elapsed_ms () { echo "$(now) $1" | awk '{ printf "%.1f", ($1 - $2) * 1000 }'; }
# The median of 5 runs of a command, in ms.
median_ms () {
  for run in 1 2 3 4 5; do
    t0=$(now)
    "$@" > /dev/null
    elapsed_ms "$t0"
    echo
  done | sort -n | sed -n 3p
}

# The median CPU time (user + system) of 5 runs of a command, in ms.
cpu_median_ms () {
  for run in 1 2 3 4 5; do
    /usr/bin/time -f '%U %S' -o "$tmp/time" "$@" > /dev/null
    awk '{ printf "%.1f\n", ($1 + $2) * 1000 }' "$tmp/time"
  done | sort -n | sed -n 3p
}

start_large_sandbox "$sandbox"

data="$tmp/data"
printf 'demo\n' | "$cli" --server "$url" --data-dir "$data" --email demo@izyinbox.fr \
  login --password-stdin > /dev/null
"$cli" --data-dir "$data" sync > /dev/null
store=$(ls "$data"/accounts/*/store.db)
# IZP_BENCH_KEEP_STORE=FILE keeps a copy of the synced store, to profile.
[ -z "${IZP_BENCH_KEEP_STORE:-}" ] || cp "$store" "$IZP_BENCH_KEEP_STORE"

# References: the same invoices summed with one GROUP BY, and written as CSV.
group_by="SELECT client_id, SUM(amount_cents) FROM invoices WHERE status = 'paid' AND amount_cents > 0 GROUP BY client_id;"
rows="SELECT paid_on, client_id, id, amount_cents FROM invoices WHERE status = 'paid' AND amount_cents > 0;"
reference_sum=$(median_ms sqlite3 "$store" "$group_by")
reference_sum_cpu=$(cpu_median_ms sqlite3 "$store" "$group_by")
csv_reference () { sqlite3 -csv "$store" "$rows" > "$tmp/reference.csv"; }
reference_csv=$(median_ms csv_reference)

GSK_RENDERER=cairo xvfb-run -a -s '-screen 0 1600x1200x24' \
  "$bench" "$store" "$tmp/ledger.csv" > "$tmp/figures"

recompute=$(sed -n 's/^recompute the whole .*: \([0-9.]*\) ms$/\1/p' "$tmp/figures")
recompute_cpu=$(sed -n 's/^recompute CPU time .*: \([0-9.]*\) ms$/\1/p' "$tmp/figures")
ratio=$(echo "$recompute $reference_sum" | awk '{ printf "%.2f", $1 / $2 }')
ratio_cpu=$(echo "$recompute_cpu $reference_sum_cpu" | awk '{ printf "%.2f", $1 / $2 }')
grep '^recompute the whole' "$tmp/figures" | sed "s/\$/ (reference: sqlite3 GROUP BY ${reference_sum} ms; ratio ${ratio}; budget 250 ms and 3x)/"
# On a machine shared with other work, the CPU times compare fairer.
grep '^recompute CPU time' "$tmp/figures" | sed "s/\$/ (reference: sqlite3 GROUP BY ${reference_sum_cpu} ms CPU; ratio ${ratio_cpu})/"
grep '^open the ledger page' "$tmp/figures"
grep '^export the whole ledger' "$tmp/figures" | sed "s/\$/ (reference: sqlite3 -csv ${reference_csv} ms)/"
cli_csv () { "$cli" --data-dir "$data" commissions --format csv > "$tmp/cli.csv"; }
echo "izyinbox-partner-cli commissions --format csv, whole command: $(median_ms cli_csv) ms (reference: sqlite3 -csv ${reference_csv} ms)"
