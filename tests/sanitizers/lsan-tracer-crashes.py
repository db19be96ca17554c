#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""LeakSanitizer's tracer crashes now and then when a thread exits while it
stops the world; the test itself passed. scripts/test reruns such tests once.

  lsan-tracer-crashes.py TESTLOG.json
      prints the names of the tests that failed only that way
  lsan-tracer-crashes.py --merge FIRST.json RERUN.json
      writes FIRST with the rerun's results in place, back into RERUN's path
      (so the summary counts every test once, with its last result)
"""
import json
import sys

SIGNATURE = "LeakSanitizer has encountered a fatal error"


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError:
        return []   # no log: the summary counts that run as failed


def short_name(entry):
    # "izyinbox-partner:api / client" → "client", as `meson test NAME` wants it
    return entry["name"].split(" / ", 1)[-1]


if sys.argv[1] == "--merge":
    first, rerun = read(sys.argv[2]), read(sys.argv[3])
    again = {entry["name"]: entry for entry in rerun}
    merged = [again.get(entry["name"], entry) for entry in first]
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        for entry in merged:
            f.write(json.dumps(entry) + "\n")
else:
    crashed = [short_name(entry) for entry in read(sys.argv[1])
               if entry.get("result") != "OK" and SIGNATURE in (entry.get("stderr") or "")
               and "ERROR: AddressSanitizer" not in (entry.get("stderr") or "")
               and "ERROR: LeakSanitizer: detected" not in (entry.get("stderr") or "")
               and "runtime error:" not in (entry.get("stderr") or "")]
    print(" ".join(crashed))
