"""Fault tests of the real `pio web` server (issue 5): crash/restart, mixed load with running
jobs, full disk. Python 3.11 standard library only. Usage: faults.py --pio PIO --fixture DIR."""
import argparse
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import crash_restart  # noqa: E402
import disk_full  # noqa: E402
import mixed_load  # noqa: E402
import restart_with_jobs  # noqa: E402
from unit_server import Unit  # noqa: E402


def terminate(signum, _frame):
    # `timeout` sends SIGTERM: unwind through the finally blocks (kill jobs, unmount, remove).
    raise SystemExit(f"faults: stopped by signal {signum}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pio", required=True)
    parser.add_argument("--fixture", required=True)
    parser.add_argument("--parts", default="abdc", help="which parts to run, e.g. 'ac'")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    options = parser.parse_args()
    signal.signal(signal.SIGTERM, terminate)

    work = tempfile.mkdtemp(prefix="pio-faults.")
    results = []

    def on_unit(folder, exercise):
        # Whatever happens inside, the server and its jobs are stopped; logs stay for the report.
        unit = Unit(options.pio, options.fixture, work=os.path.join(work, folder))
        try:
            return exercise(unit), False
        finally:
            unit.close(keep=True)

    parts = {
        "a": ("(a) kill -9 under 8 writing clients, 3 restarts", lambda: on_unit("a", crash_restart.run)),
        "b": (f"(b) {options.requests} mixed requests on 64 connections, 3 jobs publishing",
              lambda: on_unit("b", lambda unit: mixed_load.run(unit, total=options.requests))),
        "d": ("(d) kill -9 the server with 3 jobs running, restart on the same port",
              lambda: on_unit("d", restart_with_jobs.run)),
        "c": ("(c) full disk under DOT_PIOREACTOR", lambda: disk_full.run(options.pio, options.fixture, os.path.join(work, "c"))),
    }
    try:
        for key in options.parts:
            title, body = parts[key]
            print(f"faults: {title}", flush=True)
            started = time.monotonic()
            try:
                failures, skipped = body()
            except Exception as error:  # a part that cannot even run is a failure, with its reason
                failures, skipped = [f"{type(error).__name__}: {error}"], False
                traceback.print_exc()
            elapsed = time.monotonic() - started
            verdict = "SKIPPED" if skipped else ("PASS" if not failures else f"FAIL ({len(failures)})")
            print(f"faults: {title}: {verdict} in {elapsed:.1f} s", flush=True)
            for failure in failures:
                print(f"    - {failure}", flush=True)
            results.append((key, verdict, failures))
    finally:
        for folder, log in (("a", "a/server.log"), ("b", "b/server.log"), ("d", "d/server.log"), ("c", "c/unit/server.log")):
            log = os.path.join(work, log)
            if any(k == folder and f for k, _, f in results) and os.path.exists(log):
                print(f"---- part ({folder}) server log, last lines ----")
                with open(log, errors="replace") as f:
                    print("".join(f.readlines()[-30:]))
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)

    failed = sum(1 for _, _, f in results if f)
    passed = sum(1 for _, v, f in results if not f and v == "PASS")
    skipped = sum(1 for _, v, _ in results if v == "SKIPPED")
    print(f"faults: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
