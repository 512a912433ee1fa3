"""Seconds from launch to the first window: the installed (bundled) program next to the
source checkout, each started several times on its own Xvfb screen.

usage: python bench/bench_startup.py [--runs N] [--installed PATH]
  --installed  the bundled program (default: /opt/peakplan/peakplan if installed, else
               build/dist/peakplan/peakplan from `make dist`)
Needs Xvfb and xdotool (Debian: xvfb xdotool). The window is found by its title (PeakPlan…).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLED = (Path("/opt/peakplan/peakplan"), ROOT / "build" / "dist" / "peakplan" / "peakplan")
TIMEOUT = 60.0


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        return server, ":" + pipe.readline().strip()


def window_shown(env: dict[str, str]) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^PeakPlan"],
        env=env,
        capture_output=True,
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def first_window(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not window_shown(env):
            if app.poll() is not None or time.perf_counter() - started > TIMEOUT:
                raise RuntimeError(f"no window from {command[0]}")
            time.sleep(0.02)
        return time.perf_counter() - started
    finally:
        app.terminate()
        app.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--installed", type=Path)
    args = parser.parse_args()
    installed = args.installed or next((p for p in INSTALLED if p.exists()), None)
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        sys.exit("needs Xvfb and xdotool (apt-get install xvfb xdotool)")
    with tempfile.TemporaryDirectory() as home:
        db = str(Path(home) / "bench.sqlite")
        commands = {"source checkout": [sys.executable, str(ROOT / "main.py"), "--db", db]}
        if installed is not None:
            commands["installed bundle"] = [str(installed), "--db", db]
        server, display = start_xvfb()
        env = {**os.environ, "DISPLAY": display, "HOME": home, "QT_QPA_PLATFORM": "xcb"}
        try:
            for name, command in commands.items():
                first_window(command, env)  # warm-up: creates the database, fills caches
                times = [first_window(command, env) for _ in range(args.runs)]
                print(
                    f"{name:17} first window: median {statistics.median(times):.2f} s, "
                    f"min {min(times):.2f} s, max {max(times):.2f} s ({args.runs} runs)"
                )
        finally:
            server.terminate()
            server.wait(10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
