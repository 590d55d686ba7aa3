#!/usr/bin/env python3
"""Worst-case request bodies against our server (issue 11 §3), standard library only.

  bench/hostile_bodies.py [--pio .build/release/pio] [--seconds 10] [--clients 8]

1. Server CPU per body: for each worst case just under the 1 MiB JSON limit (an object of ~95,000
   keys, one long string of escapes, ~100,000 floats, ~60,000 small objects), send it 20 times
   to PATCH /unit_api/jobs/settings/job_name/stirring and divide the server's CPU time
   (/proc/<pid>/stat utime+stime) by the count. Target: under 50 ms each.
2. /health latency while `--clients` threads send the worst of those bodies back to back: p50,
   p99 and max of sequential GET /unit_api/health. Target: p99 under 10 ms.
Writes bench/results/<UTC time>-<sha>-hostile-bodies.json and prints a table.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
LIMIT = 1 << 20
PATH = "/unit_api/jobs/settings/job_name/stirring"


def bodies():
    """Name -> bytes, each as large as fits under the limit."""
    def fill(prefix, item, suffix, separator=","):
        parts, size, i = [], len(prefix) + len(suffix), 0
        while True:
            piece = item(i)
            if size + len(piece) + len(separator) >= LIMIT - 64:
                break
            parts.append(piece)
            size += len(piece) + len(separator)
            i += 1
        return (prefix + separator.join(parts) + suffix).encode()

    return {
        "object_many_keys": fill('{"settings":{', lambda i: f'"k{i}":{i}', "}}"),
        "string_of_escapes": fill('{"settings":{"s":"', lambda i: "\\u00e9\\n", '"}}', separator=""),
        "array_of_floats": fill('{"settings":{"f":[', lambda i: f"{i}.{i % 97}e-3", "]}}"),
        "array_of_objects": fill('{"settings":{"o":[', lambda i: f'{{"a":{i},"b":"x"}}', "]}}"),
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def send(connection, method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    return response.status


def start_server(pio, work, prepare=None):
    """Our server on a copy of the fixture (testing, dry-run, no MQTT); `prepare(dot)` runs first."""
    fixture = os.path.join(REPO, "..", "shared", "reference", "fixture-dot-pioreactor")
    if not os.path.isdir(fixture):
        fixture = "/work/shared/reference/fixture-dot-pioreactor"
    dot = os.path.join(work, "dot")
    shutil.copytree(fixture, dot)
    if prepare:
        prepare(dot)
    port = free_port()
    env = dict(os.environ, DOT_PIOREACTOR=dot, RUN_PIOREACTOR=os.path.join(work, "run"), PIO_UNIT_NAME="pioleader",
               TESTING="1", PIO_SYSTEM_ACTIONS="dry-run", PIO_MQTT="off")
    log = open(os.path.join(work, "server.log"), "wb")
    process = subprocess.Popen([pio, "web", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            if send(connection, "GET", "/unit_api/health") == 200:
                return process, port
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("server did not start")


def cpu_per_body(pid, port, payloads, repeats=20):
    results = {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for name, body in payloads.items():
        status = send(connection, "PATCH", PATH, body)  # warm-up, and check it is parsed, not refused
        before = cpu_seconds(pid)
        for _ in range(repeats):
            send(connection, "PATCH", PATH, body)
        results[name] = {"bytes": len(body), "status": status, "cpu_ms": (cpu_seconds(pid) - before) * 1000 / repeats}
    return results


def health_under_load(port, body, clients, seconds):
    stop = threading.Event()
    sent = [0] * clients

    def hammer(index):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while not stop.is_set():
            send(connection, "PATCH", PATH, body)
            sent[index] += 1

    threads = [threading.Thread(target=hammer, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    latencies = health_latencies(port, seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return dict(latency_summary(latencies), bodies_sent=sum(sent))


def health_latencies(port, seconds):
    """Sequential GET /unit_api/health for `seconds`, 5 ms apart: latencies in ms."""
    latencies = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        send(connection, "GET", "/unit_api/health")
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.005)
    return latencies


def latency_summary(latencies):
    ordered = sorted(latencies)
    return {"samples": len(ordered), "p50_ms": statistics.median(ordered),
            "p99_ms": ordered[int(len(ordered) * 0.99) - 1], "max_ms": ordered[-1]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pio", default=os.path.join(REPO, ".build", "release", "pio"))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    work = tempfile.mkdtemp(prefix="bench-bodies.")
    process, port = start_server(options.pio, work)
    try:
        payloads = bodies()
        cpu = cpu_per_body(process.pid, port, payloads)
        worst = max(cpu, key=lambda name: cpu[name]["cpu_ms"])
        health = health_under_load(port, payloads[worst], options.clients, options.seconds)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'body':<20} {'bytes':>9} {'status':>6} {'server CPU ms':>14}  target < 50")
    for name, row in cpu.items():
        print(f"{name:<20} {row['bytes']:>9} {row['status']:>6} {row['cpu_ms']:>14.1f}  {'met' if row['cpu_ms'] < 50 else 'NOT MET'}")
    print(f"/health with {options.clients} clients sending {worst}: p50 {health['p50_ms']:.2f} ms, "
          f"p99 {health['p99_ms']:.2f} ms (target < 10: {'met' if health['p99_ms'] < 10 else 'NOT MET'}), "
          f"max {health['max_ms']:.1f} ms, {health['samples']} samples, {health['bodies_sent']} bodies")
    sha = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out = os.path.join(HERE, "results", f"{stamp}-{sha}-hostile-bodies.json")
    with open(out, "w") as f:
        json.dump({"cpu_per_body": cpu, "health_under_load": health, "clients": options.clients,
                   "loadavg": os.getloadavg(), "pio": options.pio}, f, indent=2)
    print(f"wrote {out}")
    ok = all(row["cpu_ms"] < 50 for row in cpu.values()) and health["p99_ms"] < 10
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
