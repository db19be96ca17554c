#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks flatpak/fr.izyinbox.Partner.json without a runtime (no network here).

Usage: check-flatpak-manifest.py MANIFEST [INTRO_INSTALLED_JSON]

The structure: app id, runtime, sdk and version, command, the exact sandbox
permissions, a checksum on every downloaded source, the app module built by
meson from this tree without its tests, and no key flatpak-builder does not
know. With meson's intro-installed.json, also what the app module installs:
the command, the desktop file, the metainfo, the icons and the schema under
the names Flatpak exports.
"""

import json
import os
import re
import shutil
import subprocess
import sys

APP_ID = 'fr.izyinbox.Partner'
RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
RUNTIME_VERSION = '50'
COMMAND = 'izyinbox-partner'
# Exactly these: Flathub refuses broader access, and libsecret reaches the
# keyring through the Secret portal with no talk-name.
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=fallback-x11',
    '--socket=wayland',
    '--device=dri',
}

errors = []


def fail(message):
    errors.append(message)


def check_sources(module):
    for source in module.get('sources', []):
        if not isinstance(source, dict):
            fail(f'{module.get("name")}: a source must be an object, not {source!r}')
            continue
        if source.get('type') in ('archive', 'file'):
            sha256 = source.get('sha256', '')
            if not re.fullmatch(r'[0-9a-f]{64}', sha256):
                fail(f'{module.get("name")}: source {source.get("url") or source.get("path")} '
                     f'needs a sha256 of 64 hex digits, has {sha256!r}')
            url = source.get('url', '')
            if url and not url.startswith('https://'):
                fail(f'{module.get("name")}: source URL {url} is not https')


def check_structure(manifest):
    app_id = manifest.get('id') or manifest.get('app-id')
    if app_id != APP_ID:
        fail(f'id is {app_id!r}, expected {APP_ID!r}')
    for key, expected in (('runtime', RUNTIME), ('sdk', SDK),
                          ('runtime-version', RUNTIME_VERSION), ('command', COMMAND)):
        if manifest.get(key) != expected:
            fail(f'{key} is {manifest.get(key)!r}, expected {expected!r}')

    finish_args = manifest.get('finish-args', [])
    if len(finish_args) != len(set(finish_args)):
        fail(f'finish-args has duplicates: {finish_args}')
    if set(finish_args) != FINISH_ARGS:
        extra = sorted(set(finish_args) - FINISH_ARGS)
        missing = sorted(FINISH_ARGS - set(finish_args))
        fail(f'finish-args: not allowed {extra}, missing {missing}')

    modules = manifest.get('modules', [])
    if not modules:
        fail('no modules')
        return
    for module in modules:
        if isinstance(module, dict):
            check_sources(module)
        else:
            fail(f'module {module!r}: put the module inline, so its checksums are checked')

    names = [m.get('name') for m in modules if isinstance(m, dict)]
    if 'libqrencode' not in names:
        fail('no libqrencode module (libqrencode is not in the GNOME runtime)')
    else:
        qrencode = modules[names.index('libqrencode')]
        if qrencode.get('buildsystem') != 'cmake-ninja':
            fail('libqrencode: buildsystem must be cmake-ninja')
        if '-DWITH_TOOLS=OFF' not in qrencode.get('config-opts', []):
            fail('libqrencode: -DWITH_TOOLS=OFF is missing')

    app = modules[-1] if isinstance(modules[-1], dict) else {}
    if app.get('buildsystem') != 'meson':
        fail('the last module (the app) must use buildsystem meson')
    if '-Dtests=false' not in app.get('config-opts', []):
        fail('the app module must be configured with -Dtests=false')
    if app.get('sources') != [{'type': 'dir', 'path': '..'}]:
        fail(f'the app module source must be {{"type": "dir", "path": ".."}}, is {app.get("sources")}')


def check_flatpak_builder(path):
    builder = shutil.which('flatpak-builder')
    if builder is None:
        print('flatpak-builder not found: --show-manifest not run')
        return
    # Unknown keys are only a warning on stderr with exit status 0.
    result = subprocess.run([builder, '--show-manifest', path],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        fail(f'flatpak-builder --show-manifest failed: {result.stderr.strip()}')
    for line in (result.stdout + result.stderr).splitlines():
        if 'Unknown property' in line:
            fail(f'flatpak-builder: {line.strip()}')


def check_installed(intro_path):
    """The files Flatpak exports must be installed under the app id's names."""
    with open(intro_path, encoding='utf-8') as f:
        installed = json.load(f).values()
    wanted = [
        f'/bin/{COMMAND}',
        f'/share/applications/{APP_ID}.desktop',
        f'/share/metainfo/{APP_ID}.metainfo.xml',
        f'/share/icons/hicolor/scalable/apps/{APP_ID}.svg',
        f'/share/icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg',
        f'/share/glib-2.0/schemas/{APP_ID}.gschema.xml',
    ]
    for suffix in wanted:
        if not any(path.endswith(suffix) for path in installed):
            fail(f'the app does not install …{suffix}')


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    path = sys.argv[1]
    try:
        with open(path, encoding='utf-8') as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f'{path}: {e}', file=sys.stderr)
        return 1
    if not isinstance(manifest, dict):
        print(f'{path}: the manifest must be a JSON object', file=sys.stderr)
        return 1

    check_structure(manifest)
    check_flatpak_builder(path)
    if len(sys.argv) == 3:
        check_installed(sys.argv[2])

    for message in errors:
        print(f'{os.path.basename(path)}: {message}', file=sys.stderr)
    if not errors:
        print(f'{path}: ok')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
