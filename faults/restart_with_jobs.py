"""(d) kill -9 the server while 3 jobs it started over HTTP run, then start it again on the same
port: it answers within 1 s, every job is still running and listed exactly once, a settings
PATCH still reaches its job, and stopping by experiment stops them all."""
import os
import signal
import subprocess
import time

from unit_server import request

EXPERIMENT = "faults_restart"
JOBS = {
    "stirring": {"target_rpm": 400},
    "od_reading": {},
    "temperature_automation": {"automation_name": "thermostat", "target_temperature": 30},
}


def wait_until(condition, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except OSError:
            pass
        time.sleep(interval)
    return None


def running(unit):
    status, body = request(unit.port, "GET", "/unit_api/jobs/running", timeout=2)
    return body if status == 200 and isinstance(body, list) else None


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def run(unit, log=print):
    failures = []
    env = {"PIO_EXECUTABLE": unit.pio, "PIO_SIM_SPEEDUP": "20"}
    pids = []
    unit.start(**env)
    try:
        for name, options in JOBS.items():
            body = {"options": options, "env": {"EXPERIMENT": EXPERIMENT, "JOB_SOURCE": "user", "ACTIVE": "1"}}
            status, answer = request(unit.port, "POST", f"/unit_api/jobs/run/job_name/{name}", body)
            if status != 202:
                return [f"POST jobs/run/{name}: {status} {answer}"]
        listed = wait_until(lambda: (r := running(unit)) and sorted(j["job_name"] for j in r) == sorted(JOBS) and r, 20)
        if not listed:
            return [f"the jobs never all ran: {running(unit)}"]
        pids = sorted(j["pid"] for j in listed)

        unit.kill9()
        started = time.monotonic()
        unit.start(**env)
        answered = time.monotonic() - started
        log(f"    restarted: /health answered {answered:.2f} s after exec")
        if answered > 1.0:
            failures.append(f"the restarted server answered after {answered:.2f} s (limit 1 s)")

        after = running(unit) or []
        names = sorted(j["job_name"] for j in after)
        if names != sorted(JOBS):
            failures.append(f"after the restart /jobs/running lists {names}, expected each of {sorted(JOBS)} once")
        if sorted(j["pid"] for j in after) != pids:
            failures.append(f"job pids changed: {pids} -> {sorted(j['pid'] for j in after)}")
        lost = [pid for pid in pids if not alive(pid)]
        if lost:
            failures.append(f"jobs died with the server: pids {lost}")

        status, _ = request(unit.port, "PATCH", "/unit_api/jobs/settings/job_name/stirring", {"settings": {"target_rpm": 520}})
        reached = wait_until(lambda: request(unit.port, "GET", "/unit_api/jobs/settings/job_name/stirring/setting/target_rpm")[1]
                             == {"target_rpm": 520.0}, 5)
        if status != 200 or not reached:
            failures.append(f"PATCH target_rpm after the restart: status {status}, reached the job: {bool(reached)}")

        status, _ = request(unit.port, "POST", "/unit_api/jobs/stop", {"experiment": EXPERIMENT})
        if status != 202 or not wait_until(lambda: running(unit) == [], 15):
            failures.append(f"stop by experiment: status {status}, still running {running(unit)}")
        if not wait_until(lambda: not any(alive(pid) for pid in pids), 15):
            failures.append(f"job processes still alive after the stop: {[p for p in pids if alive(p)]}")
        return failures
    finally:
        # Jobs live in their own sessions: stop them whatever happened above.
        subprocess.run([unit.pio, "kill", "--all-jobs"], env=unit.env(), timeout=20,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for pid in pids:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
