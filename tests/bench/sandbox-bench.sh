#!/bin/sh
# sandbox-bench.sh — figures of the sandbox server on the large dataset
#
# Usage: tests/bench/sandbox-bench.sh [BUILD_DIR] [RUNS]
# Prints, for each run, the time from starting
# `izyinbox-sandbox --generate --clients 10000` to its URL line, then the
# latency of 1000-item pages of invoices (first page, a middle page by
# cursor, an updated_since page) measured with curl, and a summary line per
# figure: "figure: median (min … max)".
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=${1:-_build}
runs=${2:-3}
program="$build_dir/src/sandbox/izyinbox-sandbox"
[ -x "$program" ] || { echo "sandbox-bench: $program is not built" >&2; exit 1; }
command -v curl >/dev/null || { echo "sandbox-bench: curl is required" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup () { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

now () { date +%s.%N; }
json_member () { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
median () { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
                                                 printf "%.3f (%.3f … %.3f)", m, v[1], v[NR] }'; }

: > "$tmp/start"; : > "$tmp/first"; : > "$tmp/middle"; : > "$tmp/since"
run=1
while [ "$run" -le "$runs" ]; do
  : > "$tmp/url"
  t0=$(now)
  "$program" --generate --clients 10000 --seed 1 --today 2026-11-27 > "$tmp/url" 2> "$tmp/err" &
  pid=$!
  while [ ! -s "$tmp/url" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >> "$tmp/start"
  base=$(head -n 1 "$tmp/url")

  token=$(curl -s -X POST "$base/auth/token" -H 'Content-Type: application/json' \
            -d '{"grant_type":"password","email":"demo@izyinbox.fr","password":"demo"}' | json_member access_token)
  auth="Authorization: Bearer $token"

  for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "$auth" "$base/invoices?limit=1000" >> "$tmp/first"
  done
  cursor=$(curl -s -H "$auth" "$base/invoices?limit=1000" | json_member next_cursor)
  for i in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "$auth" "$base/invoices?limit=1000&cursor=$cursor" >> "$tmp/middle"
    curl -s -o /dev/null -w '%{time_total}\n' -H "$auth" \
      "$base/invoices?limit=1000&updated_since=2026-06-01T00:00:00Z" >> "$tmp/since"
  done
  items=$(curl -s -o /dev/null -w '%{size_download}' -H "$auth" "$base/invoices?limit=1000")
  echo "run $run: start to URL $(tail -n 1 "$tmp/start") s, 1000-invoice page $(tail -n 1 "$tmp/first") s ($items bytes)"

  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  run=$((run + 1))
done

echo "sandbox start, --generate --clients 10000, to URL line (s): $(median < "$tmp/start") [budget 15]"
echo "1000-invoice page, first (s): $(median < "$tmp/first") [budget 0.100]"
echo "1000-invoice page, by cursor (s): $(median < "$tmp/middle") [budget 0.100]"
echo "1000-invoice page, updated_since (s): $(median < "$tmp/since") [budget 0.100]"
