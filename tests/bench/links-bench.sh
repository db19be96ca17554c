#!/bin/sh
# links-bench.sh — the Liens section on the large dataset's 2 000 links
#
# Usage: tests/bench/links-bench.sh [BUILD_DIR]
# Runs tests/bench/links-bench (an in-process sandbox with 10 000 clients,
# its links synced into a fresh store) on Xvfb with the cairo renderer, and
# prints the list's first frame and a search's time beside the same run's
# one-label reference window.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

build_dir=$(cd "${1:-_build}" && pwd)
program="$build_dir/tests/bench/links-bench"
[ -x "$program" ] || { echo "links-bench: $program is not built" >&2; exit 1; }

GSK_RENDERER=cairo GTK_A11Y=none ADW_DISABLE_PORTAL=1 GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$build_dir/data" \
  xvfb-run -a -s '-screen 0 1600x1200x24' "$program" "${IZP_BENCH_RUNS:-7}"
