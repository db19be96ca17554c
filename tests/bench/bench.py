#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up benchmark: median time from process start to first painted frame
and peak RSS, for the reference (a libadwaita window with one label) and for
izyinbox-partner, over several runs, side by side. Runs inside the display
that scripts/bench provides (Xvfb, GSK_RENDERER=cairo)."""
import os, statistics, subprocess, sys, time, select

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

def measure(argv, env, runs):
    times, rss = [], []
    run_once(argv, env)  # warm the caches once
    for _ in range(runs):
        t, r = run_once(argv, env)
        times.append(t)
        rss.append(r)
    return statistics.median(times), max(rss)

def main():
    build, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7
    env = dict(os.environ)
    env.update({"GSETTINGS_SCHEMA_DIR": os.path.join(build, "data"),
                "GSETTINGS_BACKEND": "memory", "ADW_DISABLE_PORTAL": "1",
                "IZP_BENCH_FIRST_FRAME": "1", "GTK_A11Y": "none"})
    extra = sys.argv[3:]
    ref = measure([os.path.join(build, "tests/bench/reference-window")], env, runs)
    app = measure([os.path.join(build, "src/ui/izyinbox-partner")] + extra, env, runs)
    print(f"start-up ({runs} runs, median)      reference: {ref[0]:7.1f} ms   izyinbox-partner: {app[0]:7.1f} ms   ratio {app[0] / ref[0]:.2f} (budget 1.5)")
    print(f"peak RSS (max over runs)          reference: {ref[1]:7.1f} MiB  izyinbox-partner: {app[1]:7.1f} MiB  delta {app[1] - ref[1]:+.1f} MiB (budget +60)")

if __name__ == "__main__":
    main()
