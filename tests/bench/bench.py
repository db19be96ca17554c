#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up benchmark: median time from process start to the first painted
frame that shows the dashboard, and peak RSS, for the reference (a libadwaita
window with one label) and for izyinbox-partner, over several runs, side by
side — first with no account (the welcome page), then with the large dataset
(10 000 clients) already synced into the local store. Runs inside the
display and keyring session that scripts/bench provides (Xvfb,
GSK_RENDERER=cairo, tests/wrappers/with-keyring)."""
import os, statistics, subprocess, sys, time, select, tempfile

def run_once(argv, env):
    start = time.monotonic()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    first_frame = None
    buf = b""
    while first_frame is None:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        if not ready:
            proc.kill()
            raise RuntimeError(f"{argv[0]}: no first frame within 30 s")
        chunk = os.read(proc.stdout.fileno(), 4096)
        if not chunk:
            raise RuntimeError(f"{argv[0]}: exited before its first frame")
        buf += chunk
        if b"first-frame" in buf:
            first_frame = time.monotonic() - start
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise RuntimeError(f"{argv[0]}: exit status {status}")
    return first_frame * 1000.0, usage.ru_maxrss / 1024.0  # ms, MiB

def measure_pair(reference, app, env, runs):
    """Runs the reference and the app in turn, so that a change in the
    machine's load weighs on both alike."""
    samples = {"reference": ([], []), "app": ([], [])}
    run_once(reference, env)  # warm the caches once
    run_once(app, env)
    for _ in range(runs):
        for name, argv in (("reference", reference), ("app", app)):
            t, r = run_once(argv, env)
            samples[name][0].append(t)
            samples[name][1].append(r)
    return [(statistics.median(times), max(rss)) for times, rss in samples.values()]

def report(label, runs, ref, app):
    print(f"{label}: start to first frame ({runs} runs, median)  reference {ref[0]:7.1f} ms  "
          f"izyinbox-partner {app[0]:7.1f} ms  ratio {app[0] / ref[0]:.2f} (budget 1.5)")
    print(f"{label}: peak RSS (max over runs)             reference {ref[1]:7.1f} MiB "
          f"izyinbox-partner {app[1]:7.1f} MiB delta {app[1] - ref[1]:+.1f} MiB (budget +60)")

def sync_large_dataset(build, env, config_home):
    """Signs in to a sandbox serving the large dataset and syncs it with the
    CLI into the default data directory, then points the app's settings at
    that account, as after a week of use."""
    sandbox = subprocess.Popen([os.path.join(build, "src/sandbox/izyinbox-sandbox"), "--generate",
                                "--clients", "10000", "--seed", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = sandbox.stdout.readline().strip()
    cli = [os.path.join(build, "src/cli/izyinbox-partner-cli"), "--server", url, "--email", "demo@izyinbox.fr"]
    subprocess.run(cli + ["login", "--password-stdin"], input="demo", text=True, check=True,
                   stdout=subprocess.DEVNULL, env=env)
    subprocess.run(cli + ["sync"], check=True, stdout=subprocess.DEVNULL, env=env)
    settings = os.path.join(config_home, "glib-2.0", "settings")
    os.makedirs(settings, exist_ok=True)
    with open(os.path.join(settings, "keyfile"), "w") as f:
        f.write("[fr/izyinbox/Partner]\n"
                f"server-url='{url}'\naccount-email='demo@izyinbox.fr'\n"
                "sync-on-start=false\nsync-interval-minutes=uint32 0\n")
    return sandbox

def main():
    build, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7
    env = dict(os.environ)
    env.update({"GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "GSETTINGS_BACKEND": "memory", "ADW_DISABLE_PORTAL": "1",
                "IZP_BENCH_FIRST_FRAME": "1", "GTK_A11Y": "none"})
    reference = [os.path.join(build, "tests/bench/reference-window")]
    app = [os.path.join(build, "src/ui/izyinbox-partner")]

    report("no account (welcome page)", runs, *measure_pair(reference, app, env, runs))

    config_home = tempfile.mkdtemp()
    env.update({"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": config_home})
    sandbox = sync_large_dataset(build, env, config_home)
    try:
        report("dashboard, 10 000 clients synced", runs, *measure_pair(reference, app, env, runs))
    finally:
        sandbox.terminate()
        sandbox.wait()

if __name__ == "__main__":
    main()
