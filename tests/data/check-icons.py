#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the app icons as GNOME shows them.

Usage: check-icons.py SOURCE_ROOT APP_ID

The scalable icon is a 128×128 SVG; the symbolic one a 16×16 SVG drawn with
filled shapes in #2e3436 alone (GTK recolours that colour; a stroke or
another colour would stay as drawn).
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
COLOUR = re.compile(r'#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)')


def paint_values(element):
    """Every fill and stroke of an element, from attributes and style."""
    values = {}
    for key in ('fill', 'stroke'):
        if key in element.attrib:
            values[key] = element.attrib[key].strip()
    for declaration in element.attrib.get('style', '').split(';'):
        if ':' in declaration:
            key, value = (s.strip() for s in declaration.split(':', 1))
            if key in ('fill', 'stroke'):
                values[key] = value
    return values


def check_svg(path, size, symbolic):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return [str(e)]
    if root.tag != SVG + 'svg':
        return ['the root element is not an SVG <svg>']
    if root.get('viewBox', '').split() != ['0', '0', str(size), str(size)]:
        problems.append(f'viewBox is {root.get("viewBox")!r}, expected "0 0 {size} {size}"')
    shapes = [e for e in root.iter() if e.tag in
              (SVG + t for t in ('path', 'rect', 'circle', 'ellipse', 'polygon'))]
    if not shapes:
        problems.append('draws nothing')
    if symbolic:
        for element in root.iter():
            for key, value in paint_values(element).items():
                if key == 'stroke' and value != 'none':
                    problems.append(f'<{element.tag[len(SVG):]}> has a stroke: use filled shapes')
                elif key == 'fill' and value != 'none' and value.lower() != '#2e3436':
                    problems.append(f'<{element.tag[len(SVG):]}> is filled with {value}, not #2e3436')
        if any('stroke-width' in e.attrib or 'stroke-width' in e.attrib.get('style', '')
               for e in root.iter()):
            problems.append('has a stroke-width: use filled shapes')
    elif not any(COLOUR.search(v) for e in root.iter() for v in paint_values(e).values()):
        problems.append('has no colour')
    return problems


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, app_id = sys.argv[1:]
    icons = os.path.join(root, 'data', 'icons', 'hicolor')
    checks = [
        (os.path.join(icons, 'scalable', 'apps', f'{app_id}.svg'), 128, False),
        (os.path.join(icons, 'symbolic', 'apps', f'{app_id}-symbolic.svg'), 16, True),
    ]
    failed = False
    for path, size, symbolic in checks:
        problems = check_svg(path, size, symbolic)
        for problem in problems:
            print(f'{os.path.relpath(path, root)}: {problem}', file=sys.stderr)
        if problems:
            failed = True
        else:
            print(f'{os.path.relpath(path, root)}: ok')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
