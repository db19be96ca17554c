# large-sandbox.sh — sourced by the benchmark scripts: a temporary folder
# ($tmp, removed on exit), a clock, and the sandbox serving the large
# dataset (10 000 clients) on loopback, its address in $url.
#
# SPDX-License-Identifier: GPL-3.0-or-later

tmp=$(mktemp -d)
pid=
cleanup () { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

now () { date +%s.%N; }

# start_large_sandbox SANDBOX: sets $pid and $url.
start_large_sandbox () {
  "$1" --generate --clients 10000 --seed 1 --today "$(date -u +%F)" > "$tmp/url" 2> "$tmp/err" &
  pid=$!
  while [ ! -s "$tmp/url" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/err" >&2; exit 1; }
    sleep 0.05
  done
  url=$(head -n 1 "$tmp/url")
}
