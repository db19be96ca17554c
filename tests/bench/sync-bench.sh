#!/bin/sh
# sync-bench.sh — figures of the client sync on the large dataset
#
# Usage: tests/bench/sync-bench.sh [BUILD_DIR]
# Starts `izyinbox-sandbox --generate --clients 10000` on loopback, then in
# the same run:
#   - reference: every collection downloaded with curl, 1000 items a page,
#     following next_cursor (what the network and the server cost);
#   - full first sync with `izyinbox-partner-cli sync` into an empty store;
#   - a sync when nothing changed (the whole command, and the sync itself);
# and prints "figure: value (reference: value)". Runs inside its own
# keyring session (tests/wrappers/with-keyring), as the CLI keeps the sign-in
# there.
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
for program in "$sandbox" "$cli"; do
  [ -x "$program" ] || { echo "sync-bench: $program is not built" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "sync-bench: curl is required" >&2; exit 1; }

. "$here/large-sandbox.sh"
elapsed () { echo "$(now) $1" | awk '{ printf "%.2f", $1 - $2 }'; }
json_member () { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

start_large_sandbox "$sandbox"

# Reference: the same pages with curl.
token=$(curl -s -H 'Content-Type: application/json' \
          -d '{"grant_type":"password","email":"demo@izyinbox.fr","password":"demo"}' \
          "$url/auth/token" | json_member access_token)
items=0
t0=$(now)
for path in clients invoices leads referral-links sub-partners campaigns statements resources templates; do
  cursor=
  while :; do
    if [ -n "$cursor" ]; then
      curl -s -G -H "Authorization: Bearer $token" --data-urlencode "limit=1000" \
           --data-urlencode "cursor=$cursor" "$url/$path" -o "$tmp/page"
    else
      curl -s -G -H "Authorization: Bearer $token" --data-urlencode "limit=1000" \
           "$url/$path" -o "$tmp/page"
    fi
    cursor=$(json_member next_cursor < "$tmp/page")
    [ -n "$cursor" ] || break
  done
done
reference=$(elapsed "$t0")

data="$tmp/data"
printf 'demo\n' | "$cli" --server "$url" --data-dir "$data" --email demo@izyinbox.fr \
  login --password-stdin > /dev/null

t0=$(now)
"$cli" --data-dir "$data" sync > "$tmp/sync1"
first=$(elapsed "$t0")
items=$(sed -n 's/^Sync complete: \([0-9]*\) items.*/\1/p' "$tmp/sync1")

# Twice: the first one stores the ETags of the empty pages.
"$cli" --data-dir "$data" sync > /dev/null
t0=$(now)
"$cli" --data-dir "$data" sync > "$tmp/sync3"
unchanged=$(elapsed "$t0")
unchanged_inner=$(sed -n 's/^Sync complete: .* in \([0-9.]*\) s.*/\1/p' "$tmp/sync3")

ratio=$(echo "$first $reference" | awk '{ printf "%.2f", $1 / $2 }')
echo "full first sync of $items items, 10000 clients, limit 1000: ${first} s (reference: curl ${reference} s; ratio ${ratio}; budget 10 s and 3x)"
echo "sync when nothing changed, whole CLI command: ${unchanged} s (reference: budget 0.300 s)"
echo "sync when nothing changed, sync only: ${unchanged_inner} s (reference: budget 0.300 s)"
