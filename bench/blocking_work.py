#!/usr/bin/env python3
"""/health latency while the server does blocking file work (issue 11 §4), standard library only.

  bench/blocking_work.py [--pio .build/release/pio] [--seconds 15] [--megabytes 200]

DOT_PIOREACTOR gets `--megabytes` of incompressible files; then, for `--seconds`, one client
downloads GET /unit_api/zipped_dot_pioreactor over and over, two clients create calibrations
(POST /unit_api/calibrations/media_pump: a fresh file and its fsync each time), and one client
times sequential GET /unit_api/health. Reports p50/p99/max of /health (target: p99 under 10 ms),
how many exports and saves completed, and writes bench/results/<time>-<sha>-blocking-work.json.
"""
import argparse
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_bodies import HERE, REPO, health_latencies, latency_summary, send, start_server  # noqa: E402


def calibration(name):
    return json.dumps({"calibration_data": (
        "calibration_type: simple_peristaltic_pump\n"
        f"calibration_name: {name}\n"
        "calibrated_on_pioreactor_unit: pioleader\n"
        "created_at: 2026-03-01 10:00:00+00:00\n"
        "curve_data_:\n  type: poly\n  coefficients: [0.1, 0.01]\n"
        "x: Duration\ny: Volume\n"
        "recorded_data:\n  x: [0.5, 1.0, 1.5]\n  y: [0.3, 0.6, 0.9]\n"
        "hz: 250.0\ndc: 65.0\nvoltage: 5.0\n")}).encode()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pio", default=os.path.join(REPO, ".build", "release", "pio"))
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--megabytes", type=int, default=200)
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-blocking.")
    bulk = os.path.join(work, "dot", "bulk")

    def seed(dot):
        os.makedirs(os.path.join(dot, "bulk"), exist_ok=True)
        for i in range(options.megabytes // 10):
            with open(os.path.join(dot, "bulk", f"data-{i}.bin"), "wb") as f:
                f.write(os.urandom(10 << 20))

    process, port = start_server(options.pio, work, prepare=seed)
    stop = threading.Event()
    counts = {"exports": 0, "export_bytes": 0, "saves": 0, "errors": 0}
    lock = threading.Lock()

    def export():
        while not stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            connection.request("GET", "/unit_api/zipped_dot_pioreactor")
            response = connection.getresponse()
            size = len(response.read())
            with lock:
                counts["exports" if response.status == 200 else "errors"] += 1
                counts["export_bytes"] += size

    def save(worker):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        serial = 0
        while not stop.is_set():
            serial += 1
            status = send(connection, "POST", "/unit_api/calibrations/media_pump", calibration(f"bench-{worker}-{serial}"))
            with lock:
                counts["saves" if status == 201 else "errors"] += 1

    threads = [threading.Thread(target=export, daemon=True)] + [threading.Thread(target=save, args=(i,), daemon=True) for i in range(2)]
    latencies = []
    try:
        for thread in threads:
            thread.start()
        time.sleep(1)
        latencies = health_latencies(port, options.seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    health = latency_summary(latencies)
    print(f"/health during exports of {options.megabytes} MB and calibration saves: p50 {health['p50_ms']:.2f} ms, "
          f"p99 {health['p99_ms']:.2f} ms (target < 10: {'met' if health['p99_ms'] < 10 else 'NOT MET'}), "
          f"max {health['max_ms']:.1f} ms; {counts['exports']} exports ({counts['export_bytes'] >> 20} MB), "
          f"{counts['saves']} saves, {counts['errors']} errors")
    sha = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = os.path.join(HERE, "results", f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{sha}-blocking-work.json")
    with open(out, "w") as f:
        json.dump({"health": health, "counts": counts, "megabytes": options.megabytes, "pio": options.pio,
                   "loadavg": os.getloadavg()}, f, indent=2)
    print(f"wrote {out}")
    sys.exit(0 if health["p99_ms"] < 10 and counts["errors"] == 0 else 1)


if __name__ == "__main__":
    main()
