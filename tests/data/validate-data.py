#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the distribution's validators on the built desktop file and metainfo.

Usage: validate-data.py desktop FILE.desktop
       validate-data.py metainfo FILE.metainfo.xml VERSION

Any message fails the test, except the one note Debian 12's appstreamcli 0.16
gives on <developer>, which it does not know yet and Flathub requires.
"""

import datetime
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

# "I: fr.izyinbox.Partner:43: unknown-tag developer"
ISSUE = re.compile(r'^([EWIP]): \S+?:(?:\d+:)? (\S+)(?: (.*))?$')
ALLOWED = {('I', 'unknown-tag', 'developer')}


SKIP = 77


def run(argv):
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        print(f'{argv[0]} is not installed: skipped')
        sys.exit(SKIP)
    return result.returncode, (result.stdout + result.stderr).splitlines()


def validate_desktop(path):
    status, lines = run(['desktop-file-validate', path])
    # It exits 0 on warnings and hints: any line at all is a finding.
    problems = [line for line in lines if line.strip()]
    if status != 0 and not problems:
        problems.append(f'desktop-file-validate exited with {status}')
    return problems


def validate_metainfo(path, version):
    problems = []
    _, lines = run(['appstreamcli', 'validate', '--no-net', path])
    for line in lines:
        match = ISSUE.match(line.strip())
        if match is None:
            continue
        severity, tag, detail = match.group(1), match.group(2), (match.group(3) or '').strip()
        if (severity, tag, detail) not in ALLOWED:
            problems.append(line.strip())
    if any('Validation failed' in line for line in lines) and not problems:
        problems.append('appstreamcli: validation failed')

    # What the validator does not check.
    root = ET.parse(path).getroot()
    releases = root.findall('./releases/release')
    if not releases:
        problems.append('no <release>')
    else:
        latest = releases[0]
        if latest.get('version') != version:
            problems.append(f'the newest release is {latest.get("version")}, '
                            f'the project version is {version}')
        for release in releases:
            date = datetime.date.fromisoformat(release.get('date', '1970-01-01'))
            if date > datetime.date.today():
                problems.append(f'release {release.get("version")} is dated in the future ({date})')
            if release.find('description') is None:
                problems.append(f'release {release.get("version")} has no description')
    schemes = {c.get('scheme_preference') for c in root.findall('./branding/color')}
    if not {'light', 'dark'} <= schemes:
        problems.append('branding needs a light and a dark colour')
    lengths = [int(e.text) for e in root.findall('./requires/display_length')
               if e.get('compare') == 'ge' and e.text and e.text.isdigit()]
    if not lengths or max(lengths) < 360:
        problems.append('<requires><display_length compare="ge"> of at least 360 is missing')
    controls = {e.text for e in root.findall('./supports/control')}
    for control in ('keyboard', 'pointing', 'touch'):
        if control not in controls:
            problems.append(f'<supports><control>{control}</control> is missing')
    if root.find('./developer/name') is None:
        problems.append('<developer><name> is missing')
    if not root.findall('./screenshots/screenshot/image'):
        problems.append('no screenshots')
    return problems


def main():
    if len(sys.argv) == 3 and sys.argv[1] == 'desktop':
        problems = validate_desktop(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == 'metainfo':
        problems = validate_metainfo(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for problem in problems:
        print(f'{sys.argv[2]}: {problem}', file=sys.stderr)
    if not problems:
        print(f'{sys.argv[2]}: valid')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
