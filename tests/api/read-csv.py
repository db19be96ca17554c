#!/usr/bin/env python3
# read-csv.py — reads a CSV export with Python's csv module, the way a
# spreadsheet would (';', quotes, UTF-8 with BOM), and prints what it found
# as JSON: {"bom": bool, "crlf": bool, "rows": [[field, …], …]}.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import io
import json
import sys

with open(sys.argv[1], 'rb') as f:
    raw = f.read()

bom = raw.startswith(b'\xef\xbb\xbf')
text = raw.decode('utf-8-sig')
rows = list(csv.reader(io.StringIO(text, newline=''), delimiter=';', quotechar='"',
                       lineterminator='\r\n', strict=True))
def records_end_with_crlf(text):
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == '\n' and not quoted and (i == 0 or text[i - 1] != '\r'):
            return False
    return text.endswith('\r\n')

# Every record ends with CRLF: no bare LF outside quoted fields.
crlf = records_end_with_crlf(text)
json.dump({'bom': bom, 'crlf': crlf, 'rows': rows}, sys.stdout, ensure_ascii=False)
