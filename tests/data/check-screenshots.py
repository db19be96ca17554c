#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the screenshots the metainfo and README show are in the tree.

Usage: check-screenshots.py SOURCE_ROOT METAINFO_TEMPLATE

Metainfo screenshot URLs point at this repository's main branch on GitHub;
each must name a PNG committed under data/screenshots/, as must every image
README.md shows from there. Skipped (exit 77) while data/screenshots/ does
not exist yet.
"""

import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

RAW = 'https://raw.githubusercontent.com/izyinbox/izyinbox-partner/main/'
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'
MIN_WIDTH = 360


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    if len(head) < 24 or not head.startswith(PNG_SIGNATURE) or head[12:16] != b'IHDR':
        return None
    return struct.unpack('>II', head[16:24])


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, metainfo = sys.argv[1:]
    if not os.path.isdir(os.path.join(root, 'data', 'screenshots')):
        print('data/screenshots/ does not exist yet: skipped')
        return 77

    problems = []
    wanted = []
    for image in ET.parse(metainfo).getroot().iter('image'):
        url = (image.text or '').strip()
        if not url.startswith(RAW):
            problems.append(f'metainfo: screenshot {url} is not under {RAW}')
        else:
            wanted.append(('metainfo', url[len(RAW):]))
    readme = os.path.join(root, 'README.md')
    if os.path.exists(readme):
        with open(readme, encoding='utf-8') as f:
            for path in re.findall(r'\]\((data/screenshots/[^)\s]+)\)', f.read()):
                wanted.append(('README.md', path))

    for where, path in wanted:
        full = os.path.join(root, path)
        if not os.path.isfile(full):
            problems.append(f'{where}: {path} is missing')
            continue
        size = png_size(full)
        if size is None:
            problems.append(f'{where}: {path} is not a PNG')
        elif size[0] < MIN_WIDTH:
            problems.append(f'{where}: {path} is {size[0]} px wide, less than {MIN_WIDTH}')

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f'{len(wanted)} screenshots present')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
