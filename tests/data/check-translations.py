#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that every language of po/LINGUAS translates every current string.

Usage: check-translations.py SOURCE_ROOT

The strings are extracted afresh from the files of po/POTFILES.in (with the
keywords of meson's "glib" preset), so a string added to the sources since
the last scripts/update-po counts as missing, not only the untranslated and
fuzzy entries of the .po file. msgfmt --check also catches a translation
whose printf directives do not match its source.
"""

import os
import subprocess
import sys
import tempfile

# meson's i18n.gettext(preset: 'glib') keywords.
KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dcgettext:2', 'g_dngettext:2,3',
            'g_dpgettext2:2c,3']


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True, check=False)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    po_dir = os.path.join(root, 'po')
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f if not line.startswith('#') for w in line.split()]
    if not languages:
        print('po/LINGUAS lists no language', file=sys.stderr)
        return 1

    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'current.pot')
        result = run(['xgettext', '--from-code=UTF-8', '--add-comments',
                      *[f'--keyword={k}' for k in KEYWORDS],
                      f'--directory={root}',
                      f'--files-from={os.path.join(po_dir, "POTFILES.in")}',
                      '--output', pot])
        if result.returncode != 0:
            print(f'xgettext failed:\n{result.stderr}', file=sys.stderr)
            return 1

        for lang in languages:
            po = os.path.join(po_dir, f'{lang}.po')
            if not os.path.exists(po):
                print(f'po/{lang}.po is missing', file=sys.stderr)
                failed = True
                continue

            check = run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po])
            if check.returncode != 0:
                print(f'po/{lang}.po: msgfmt --check:\n{check.stderr}', file=sys.stderr)
                failed = True
            print(f'po/{lang}.po: {check.stderr.strip()}')

            # The .po merged with the current strings, as update-po would do,
            # without guessing: whatever is not translated exactly is listed.
            merged = os.path.join(tmp, f'{lang}.po')
            result = run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--no-wrap',
                          '-o', merged, po, pot])
            if result.returncode != 0:
                print(f'msgmerge failed:\n{result.stderr}', file=sys.stderr)
                failed = True
                continue
            for kind, option in (('untranslated', '--untranslated'), ('fuzzy', '--only-fuzzy')):
                listing = run(['msgattrib', option, '--no-obsolete', '--no-wrap',
                               '--no-location', merged]).stdout
                msgids = [line[6:] for line in listing.splitlines()
                          if line.startswith('msgid ') and line != 'msgid ""']
                if msgids:
                    failed = True
                    print(f'po/{lang}.po: {len(msgids)} {kind} string(s) '
                          f'(run scripts/update-po, then translate them):', file=sys.stderr)
                    for msgid in msgids:
                        print(f'  {msgid}', file=sys.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
