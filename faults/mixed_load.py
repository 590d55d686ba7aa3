"""(b) 10,000 mixed requests from 64 concurrent connections while 3 simulated jobs publish
their settings: zero 5xx, zero connection errors."""
import http.client
import random
import threading
import time
import uuid

from unit_server import request, send

EXPERIMENT = "faults_exp"
JOBS = [
    ("stirring", []),
    ("od_reading", []),
    ("temperature_automation", ["--automation-name", "thermostat", "--target-temperature", "30"]),
]


def operations(rng):
    """One request: (method, path, body). Reads dominate, as with a UI polling a unit."""
    od90 = rng.choice(["od90-standards-2026-03", "od90-older-2025-11"])
    choices = [
        (8, ("GET", "/unit_api/health", None)),
        (6, ("GET", "/unit_api/calibrations", None)),
        (4, ("GET", "/unit_api/calibrations/od90", None)),
        (4, ("GET", "/unit_api/active_calibrations", None)),
        (6, ("GET", "/unit_api/config/merged", None)),
        (8, ("GET", "/unit_api/jobs/running", None)),
        (8, ("GET", "/unit_api/jobs/settings/job_name/stirring", None)),
        (4, ("GET", "/unit_api/jobs/settings/job_name/od_reading/setting/$state", None)),
        (4, ("GET", f"/unit_api/bioreactor/experiments/{EXPERIMENT}", None)),
        (4, ("GET", f"/unit_api/task_results/{uuid.uuid4()}", None)),
        (4, ("PATCH", f"/unit_api/active_calibrations/od90/{od90}", None)),
        (4, ("PATCH", "/unit_api/jobs/settings/job_name/stirring", {"settings": {"target_rpm": rng.randrange(300, 600)}})),
        (4, ("PATCH", f"/unit_api/bioreactor/experiments/{EXPERIMENT}",
             {"values": {"current_volume_ml": round(rng.uniform(10, 20), 2)}})),
    ]
    weights = [w for w, _ in choices]
    return rng.choices([op for _, op in choices], weights=weights)[0]


class Load:
    def __init__(self, port, total, connections):
        self.port = port
        self.total = total
        self.connections = connections
        self.lock = threading.Lock()
        self.issued = 0
        self.statuses = {}
        self.server_errors = []
        self.connection_errors = []
        self.latencies = []
        self.time_by_kind = {}

    def _next(self):
        with self.lock:
            if self.issued >= self.total:
                return False
            self.issued += 1
            return True

    def _client(self, deadline):
        rng = random.Random()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            while time.monotonic() < deadline and self._next():
                method, path, body = operations(rng)
                started = time.monotonic()
                try:
                    status, answer = send(connection, method, path, body)
                except (OSError, http.client.HTTPException) as error:
                    with self.lock:
                        self.connection_errors.append(f"{method} {path}: {type(error).__name__} {error}")
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                    continue
                elapsed = time.monotonic() - started
                with self.lock:
                    key = f"{method} {path.split('/')[2]} {status}"
                    self.statuses[key] = self.statuses.get(key, 0) + 1
                    self.latencies.append(elapsed)
                    kind = f"{method} {path.split('/')[2]}"
                    total, count = self.time_by_kind.get(kind, (0.0, 0))
                    self.time_by_kind[kind] = (total + elapsed, count + 1)
                    if status >= 500:
                        self.server_errors.append(f"{method} {path}: {status} {str(answer)[:200]}")
        finally:
            connection.close()

    def run(self, time_limit):
        deadline = time.monotonic() + time_limit
        threads = [threading.Thread(target=self._client, args=(deadline,), daemon=True)
                   for _ in range(self.connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(1.0, deadline - time.monotonic() + 20))


def wait_for_jobs(unit, timeout=45):
    """Until the three jobs are in jobs/running and stirring has published its settings."""
    deadline = time.monotonic() + timeout
    wanted = {name for name, _ in JOBS}
    while time.monotonic() < deadline:
        for name, process in unit.jobs:
            if process.poll() is not None:
                raise RuntimeError(f"job {name} exited with {process.returncode}")
        status, running = request(unit.port, "GET", "/unit_api/jobs/running")
        names = {row.get("job_name") for row in running} if status == 200 and isinstance(running, list) else set()
        settings_status, _ = request(unit.port, "GET", "/unit_api/jobs/settings/job_name/stirring")
        if wanted <= names and settings_status == 200:
            return
        time.sleep(0.2)
    raise RuntimeError(f"jobs not all running after {timeout} s")


def run(unit, total=10_000, connections=64, speedup=60, time_limit=90, log=print):
    failures = []
    unit.start()
    for name, args in JOBS:
        unit.start_job(name, *args, EXPERIMENT=EXPERIMENT, PIO_SIM_SPEEDUP=str(speedup))
    wait_for_jobs(unit)
    load = Load(unit.port, total, connections)
    started = time.monotonic()
    load.run(time_limit)
    elapsed = time.monotonic() - started
    done = sum(load.statuses.values())
    latencies = sorted(load.latencies) or [0.0]
    log(f"  {done} answered + {len(load.connection_errors)} connection errors of {total} requests "
        f"on {connections} connections in {elapsed:.1f} s ({done / max(elapsed, 1e-9):.0f}/s); "
        f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms")
    slowest = sorted(load.time_by_kind.items(), key=lambda item: -item[1][0] / item[1][1])[:3]
    log("  slowest on average: " + ", ".join(f"{k} {t / n * 1000:.0f} ms" for k, (t, n) in slowest))
    log("  statuses: " + ", ".join(f"{k}: {v}" for k, v in sorted(load.statuses.items())))
    if done + len(load.connection_errors) < total:
        failures.append(f"only {done + len(load.connection_errors)} of {total} requests done within {time_limit} s")
    failures += [f"5xx: {e}" for e in load.server_errors[:20]]
    if len(load.server_errors) > 20:
        failures.append(f"... {len(load.server_errors)} 5xx in all")
    failures += [f"connection error: {e}" for e in load.connection_errors[:20]]
    if len(load.connection_errors) > 20:
        failures.append(f"... {len(load.connection_errors)} connection errors in all")
    for name, process in unit.jobs:
        if process.poll() is not None:
            failures.append(f"job {name} died during the load (exit {process.returncode})")
    if not unit.alive():
        failures.append("the server died during the load")
    unit.stop_jobs()
    unit.stop()
    return failures
