#!/usr/bin/env python3
"""Cold start: time from exec of a server command to its first 200 on a health URL.

    coldstart.py --url http://127.0.0.1:5082/unit_api/health --trials 3 [--cwd DIR] -- CMD ARGS...

Each trial starts CMD in a new session (inheriting this environment), polls the URL every
10 ms (each poll times out after 1 s) for at most --timeout seconds, then stops the whole
session (SIGTERM, then SIGKILL after 5 s). Prints one line per trial: seconds, or "null <why>".
Stdlib only.
"""
import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def stop(proc: subprocess.Popen) -> None:
    """Stop exactly the session this trial started (the server and anything it forked)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # workers left behind by the leader, if any
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def trial(cmd, url, cwd, timeout, log):
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                start_new_session=True)
    except OSError as e:
        return f"null cannot exec {cmd[0]}: {e}"
    try:
        while time.monotonic() - t0 < timeout:
            if healthy(url):
                return f"{time.monotonic() - t0:.4f}"
            if proc.poll() is not None:
                return f"null exited with status {proc.returncode} before answering"
            time.sleep(0.01)
        return f"null no 200 within {timeout:.0f} s"
    finally:
        stop(proc)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--trials", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--cwd", default=None)
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("missing command")
    if healthy(a.url):
        print(f"null port already answering before start: {a.url}")
        return 0
    with open(a.log, "ab") as log:
        for _ in range(a.trials):
            print(trial(cmd, a.url, a.cwd, a.timeout, log), flush=True)
            time.sleep(0.3)  # let the port be released
    return 0


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally: blocks
    sys.exit(main())
