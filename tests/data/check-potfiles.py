#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py [--write] SOURCE_ROOT

With --write (scripts/update-po uses it), rewrites po/POTFILES.in as the
sorted list of the files found instead of checking it.

Looked at: src/**/*.{c,h} calling _(), N_(), C_(), NC_() or a ngettext
function; data/ui/*.ui with translatable="yes"; the desktop file and
metainfo templates (data/*.in); the GSettings schemas (data/*.gschema.xml).
Every listed file must exist.
"""

import glob
import os
import re
import sys

C_MARK = re.compile(r'(?<![A-Za-z0-9_])(?:N|C|NC|Q)?_\s*\(|(?<![A-Za-z0-9_])g_d?n?gettext\s*\(|(?<![A-Za-z0-9_])ngettext\s*\(')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')


def read(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        return f.read()


def translatable_files(root):
    found = set()

    def rel(path):
        return os.path.relpath(path, root).replace(os.sep, '/')

    for pattern in ('src/**/*.c', 'src/**/*.h'):
        for path in glob.glob(os.path.join(root, pattern), recursive=True):
            if C_MARK.search(read(path)):
                found.add(rel(path))
    for path in glob.glob(os.path.join(root, 'data/ui/*.ui')):
        if UI_MARK.search(read(path)):
            found.add(rel(path))
    for pattern in ('data/*.in', 'data/*.gschema.xml'):
        for path in glob.glob(os.path.join(root, pattern)):
            found.add(rel(path))
    return found


def write_potfiles(path, files):
    header = [line for line in read(path).splitlines() if line.startswith('#')]
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(header + sorted(files)) + '\n')


def main():
    args = sys.argv[1:]
    write = args[:1] == ['--write']
    if write:
        args = args[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = args[0]
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    if write:
        write_potfiles(potfiles, translatable_files(root))
        return 0

    listed = []
    for line in read(potfiles).splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)

    problems = []
    for path in listed:
        if not os.path.isfile(os.path.join(root, path)):
            problems.append(f'{path} is listed but does not exist')
    duplicates = sorted({p for p in listed if listed.count(p) > 1})
    for path in duplicates:
        problems.append(f'{path} is listed twice')
    for path in sorted(translatable_files(root) - set(listed)):
        problems.append(f'{path} has translatable strings but is not listed')

    for problem in problems:
        print(f'po/POTFILES.in: {problem}', file=sys.stderr)
    if not problems:
        print(f'po/POTFILES.in: {len(listed)} files, complete')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
