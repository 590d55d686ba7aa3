#!/usr/bin/env python3
"""Run this unit as a worker of a real Pioreactor leader and check that the cluster works.

    tools/check_with_reference_leader.py [--seconds 45] [--outage 60] [--speedup 10] [--keep]

The leader is the reference software (../shared/reference, installed by its setup.sh): a
mosquitto with a password file, as a cluster has, and the reference's own
`pio run mqtt_to_db_streaming` writing to a leader database. The unit is our `pio web` on a
copy of the fixture folder, pointed at that broker; the jobs are started through its
/unit_api the way the leader starts them. Checked, as issue 12 "How we will check" asks:

  1. the leader's database holds this unit's OD readings, growth rates, temperatures, RPMs,
     PWM duty cycles, thermostat events and settings, and logs, and the streamer reported no
     row it could not store;
  2. the leader sees `$state` `ready` for every job (retained, as its UI reads them);
  3. a setting changed from the leader (`…/stirring/target_rpm/set`) reaches the job;
  4. the broker stopped for --outage seconds: the API keeps answering, no job is lost, every
     `$state` is `ready` again afterwards, new rows reach the database, `/set` still applies;
  5. `$state/set disconnected` from the leader stops that job.

Exit status: 0 when every check passes, 1 otherwise, 2 when the set-up itself failed.
Needs /tmp/peer-venv (the reference's setup.sh), mosquitto and mosquitto-clients, a built
.build/debug/pio (or --pio).
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tools"))
sys.path.insert(0, str(REPO / "faults"))
import compare_mqtt_with_reference as cmp  # noqa: E402  (process, ini and broker helpers)
from unit_server import Unit, request  # noqa: E402  (our pio web on a fixture copy)
from restart_with_jobs import wait_until  # noqa: E402  (bounded polling)

LEADER, WORKER, EXPERIMENT = "pioleader", "worker1", "leader_check"
USER, PASSWORD = "pioreactor", "raspberry"  # the fixture's [mqtt] credentials
JOBS = {
    "stirring": {"target_rpm": 400},
    "od_reading": {},
    "growth_rate_calculating": {},
    "temperature_automation": {"automation_name": "thermostat", "target_temperature": 30},
}
# The leader tables mqtt_to_db_streaming fills from our jobs, and their columns (its parsers'
# keys). The leader's UI creates them on a Pi; here we create them with the same columns.
TABLES = {
    "od_readings": "experiment, pioreactor_unit, timestamp, od_reading, angle, channel",
    "raw_od_readings": "experiment, pioreactor_unit, timestamp, od_reading, channel",
    "od_readings_filtered": "experiment, pioreactor_unit, timestamp, normalized_od_reading",
    "growth_rates": "experiment, pioreactor_unit, timestamp, rate",
    "temperature_readings": "experiment, pioreactor_unit, timestamp, temperature_c",
    "stirring_rates": "experiment, pioreactor_unit, timestamp, measured_rpm",
    "pwm_dcs": "experiment, pioreactor_unit, timestamp, channel_1, channel_2, channel_3, channel_4, channel_5",
    "logs": "experiment, pioreactor_unit, timestamp, message, task, level, source",
    "ir_led_intensities": "experiment, pioreactor_unit, timestamp, relative_intensity",
    "temperature_automation_events": "experiment, pioreactor_unit, timestamp, message, data, event_name",
    "temperature_automation_settings": "pioreactor_unit, experiment, started_at, ended_at, automation_name, settings",
    "led_change_events": "experiment, pioreactor_unit, timestamp, channel, intensity, source_of_event",
}
# What a leader must have received from the unit after the run.
REQUIRED = ["od_readings", "od_readings_filtered", "growth_rates", "temperature_readings", "stirring_rates",
            "pwm_dcs", "logs", "temperature_automation_events", "temperature_automation_settings"]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class Broker:
    """The leader's mosquitto: password file, no anonymous clients and, as Debian configures it,
    persistence (sessions and retained messages survive a restart); restartable on its port."""

    def __init__(self, root: Path):
        self.root, self.port, self.process = root, cmp.free_port(), None
        root.mkdir(parents=True, exist_ok=True)
        passwd = root / "passwd"
        subprocess.run(["mosquitto_passwd", "-b", "-c", str(passwd), USER, PASSWORD], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lines = [f"listener {self.port} 127.0.0.1", f"password_file {passwd}", "allow_anonymous false",
                 "persistence true", f"persistence_location {root}/", "log_dest stdout"]
        if os.geteuid() == 0:
            lines.append("user root")
        (root / "mosquitto.conf").write_text("\n".join(lines) + "\n")

    def start(self) -> None:
        self.process = cmp.spawn([cmp.MOSQUITTO, "-c", str(self.root / "mosquitto.conf")],
                                 out=open(self.root / "mosquitto.out", "ab"))
        cmp.wait_for_port(self.port)

    def stop(self) -> None:
        cmp.stop_process(self.process)

    def retained(self, topic: str) -> dict[str, str]:
        """Retained messages on `topic` (a filter): topic → payload."""
        out = subprocess.run(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(self.port), "-u", USER, "-P", PASSWORD,
                              "-t", topic, "--retained-only", "-W", "2", "-F", "%t %p"],
                             capture_output=True, text=True, timeout=10).stdout
        return dict(line.split(" ", 1) if " " in line else (line, "") for line in out.splitlines() if line)

    def publish(self, topic: str, payload: str, retain: bool = False) -> None:
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port), "-u", USER, "-P", PASSWORD,
                        "-q", "1", "-t", topic, "-m", payload] + (["-r"] if retain else []), check=True, timeout=10)


def start_leader(root: Path, broker: Broker) -> tuple[subprocess.Popen, Path, Path]:
    """The reference's mqtt_to_db_streaming on a leader folder; returns it, its database and its log."""
    dot, run, logs = root / "dot", root / "run", root / "logs"
    shutil.copytree(cmp.FIXTURE, dot)
    for d in (run / "cache", run / "tmp", logs):
        d.mkdir(parents=True, exist_ok=True)
    cmp.write_shims(root / "shims", logs / "shim-calls.log")
    database = root / "leader.sqlite"
    with sqlite3.connect(database) as con:
        for table, columns in TABLES.items():
            con.execute(f"CREATE TABLE {table} ({columns})")
    cfg = dot / "config.ini"
    cmp.set_ini_values(cfg, {
        ("storage", "database"): str(database),
        ("storage", "persistent_cache"): str(dot / "storage" / "local_persistent_pioreactor_metadata.sqlite"),
        ("storage", "temporary_cache"): str(run / "cache" / "local_intermittent_pioreactor_metadata.sqlite"),
        ("logging", "log_file"): str(logs / "pioreactor.log"),
        ("logging", "ui_log_file"): str(logs / "pioreactor.log"),
        ("mqtt", "broker_address"): "127.0.0.1",
        ("mqtt", "broker_port"): str(broker.port),
    })
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIO_")}
    env.update({
        "DOT_PIOREACTOR": str(dot), "GLOBAL_CONFIG": str(cfg), "RUN_PIOREACTOR": str(run), "TESTING": "1",
        "HOSTNAME": LEADER, "ACTIVE": "1", "MODEL_NAME": "pioreactor_40ml", "MODEL_VERSION": "1.5",
        "BLINKA_FORCECHIP": "BCM2XXX", "BLINKA_FORCEBOARD": "RASPBERRY_PI_3A_PLUS", "PYTHONUNBUFFERED": "1",
        "PLUGINS_DEV": str(dot / "plugins"), "TMPDIR": str(run / "tmp"),
        "PATH": f"{root / 'shims'}:{cmp.PEER_VENV / 'bin'}:/usr/bin:/bin",
    })
    subprocess.run([str(cmp.PEER_VENV / "bin" / "python"), "-c",
                    "from pioreactor.utils.job_manager import JobManager\nwith JobManager(): pass"],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    streamer = cmp.spawn([str(cmp.PEER_VENV / "bin" / "pio"), "run", "mqtt_to_db_streaming"], env=env,
                         out=open(logs / "mqtt_to_db_streaming.out", "wb"))
    return streamer, database, logs / "pioreactor.log"


def start_unit(root: Path, pio: str, broker: Broker, speedup: float) -> Unit:
    unit = Unit(pio, str(cmp.FIXTURE), work=str(root))
    cmp.set_ini_values(Path(unit.dot) / "config.ini", {
        ("mqtt", "broker_port"): str(broker.port),
        ("cluster.topology", "leader_hostname"): LEADER,
        ("ui", "port"): str(cmp.free_port()),  # no leader web server: the active check is skipped
    })
    unit.extra_env = {"PIO_UNIT_NAME": WORKER, "PIO_EXECUTABLE": pio, "PIO_SIM_SPEEDUP": str(speedup)}
    unit.start(**unit.extra_env)
    return unit


def rows(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t} WHERE pioreactor_unit = ?", (WORKER,)).fetchone()[0]
                for t in TABLES}


def running(unit: Unit) -> dict[str, int]:
    status, body = request(unit.port, "GET", "/unit_api/jobs/running", timeout=5)
    return {j["job_name"]: j["pid"] for j in body} if status == 200 else {}


def states(broker: Broker) -> dict[str, str]:
    found = broker.retained(f"pioreactor/{WORKER}/{EXPERIMENT}/+/$state")
    return {topic.split("/")[3]: payload for topic, payload in found.items()}


def target_rpm(unit: Unit) -> float | None:
    status, body = request(unit.port, "GET", "/unit_api/jobs/settings/job_name/stirring/setting/target_rpm", timeout=5)
    return float(body["target_rpm"]) if status == 200 and body.get("target_rpm") is not None else None


def check(args) -> list[str]:
    failures: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="leader-check."))
    log(f"work folder: {work}")
    broker = Broker(work / "broker")
    broker.start()
    streamer, database, leader_log = start_leader(work / "leader", broker)
    if not wait_until(lambda: broker.retained(f"pioreactor/{LEADER}/+/mqtt_to_db_streaming/$state"), 60):
        raise RuntimeError(f"the leader's mqtt_to_db_streaming never became ready; see {work / 'leader' / 'logs'}")
    unit = start_unit(work / "unit", args.pio, broker, args.speedup)
    try:
        for name, options in JOBS.items():
            body = {"options": options, "env": {"EXPERIMENT": EXPERIMENT, "JOB_SOURCE": "user"}}
            status, answer = request(unit.port, "POST", f"/unit_api/jobs/run/job_name/{name}", body)
            if status != 202:
                raise RuntimeError(f"POST jobs/run/{name}: {status} {answer}")
        if not wait_until(lambda: set(running(unit)) >= set(JOBS), 30):
            raise RuntimeError(f"the jobs never all ran: {running(unit)}")
        pids = running(unit)
        log(f"jobs running on {WORKER}: {sorted(pids)}; collecting for {args.seconds} s")
        time.sleep(args.seconds)

        # 1. The leader's database.
        counts = rows(database)
        log("leader database rows from the unit: " + ", ".join(f"{t}={n}" for t, n in counts.items()))
        failures += [f"the leader stored no {t} from {WORKER}" for t in REQUIRED if counts[t] == 0]
        # 2. $state as the leader's UI sees it.
        seen = states(broker)
        failures += [f"the leader sees {job} $state {seen.get(job)!r}, expected 'ready'" for job in JOBS
                     if seen.get(job) != "ready"]
        # 3. A setting changed from the leader.
        broker.publish(f"pioreactor/{WORKER}/{EXPERIMENT}/stirring/target_rpm/set", "555")
        if not wait_until(lambda: target_rpm(unit) == 555.0, 10):
            failures.append(f"target_rpm set from the leader did not reach stirring (it is {target_rpm(unit)})")

        # 4. The broker goes away for a while.
        log(f"stopping the broker for {args.outage} s")
        broker.stop()
        slowest = 0.0
        outage_end = time.monotonic() + args.outage
        while time.monotonic() < outage_end:
            started = time.monotonic()
            status, _ = request(unit.port, "GET", "/unit_api/jobs/running", timeout=5)
            slowest = max(slowest, time.monotonic() - started)
            if status != 200:
                failures.append(f"GET /unit_api/jobs/running answered {status} during the outage")
                break
            time.sleep(1)
        log(f"slowest /unit_api/jobs/running during the outage: {slowest * 1000:.1f} ms")
        if slowest > 0.5:
            failures.append(f"the API took {slowest:.2f} s to answer during the outage")
        lost = {job for job, pid in pids.items() if running(unit).get(job) != pid}
        if lost:
            failures.append(f"jobs lost or restarted during the outage: {sorted(lost)}")
        before = rows(database)
        broker.start()
        # The broker kept the retained `ready`s; a stale last will from before the outage can
        # still land on them (the reference's users saw it after a power cycle): the jobs must
        # put their state back.
        for job in JOBS:
            broker.publish(f"pioreactor/{WORKER}/{EXPERIMENT}/{job}/$state", "lost", retain=True)
        if not wait_until(lambda: all(states(broker).get(job) == "ready" for job in JOBS), 60, interval=1):
            failures.append(f"after the broker came back the leader sees $state {states(broker)}")
        broker.publish(f"pioreactor/{WORKER}/{EXPERIMENT}/stirring/target_rpm/set", "600")
        if not wait_until(lambda: target_rpm(unit) == 600.0, 15):
            failures.append(f"after the outage target_rpm set from the leader did not apply (it is {target_rpm(unit)})")
        if not wait_until(lambda: all(rows(database)[t] > before[t] for t in ("od_readings", "logs")), 60, interval=1):
            after = rows(database)
            failures.append("after the outage no new rows reached the leader: "
                            + ", ".join(f"{t} {before[t]}->{after[t]}" for t in ("od_readings", "logs")))

        # 5. Stopping one job from the leader.
        broker.publish(f"pioreactor/{WORKER}/{EXPERIMENT}/temperature_automation/$state/set", "disconnected")
        if not wait_until(lambda: "temperature_automation" not in running(unit), 20):
            failures.append("$state/set disconnected from the leader did not stop temperature_automation")
        elif not wait_until(lambda: states(broker).get("temperature_automation") == "disconnected", 10):
            failures.append(f"after its stop the leader sees temperature_automation as {states(broker).get('temperature_automation')!r}")

        with open(leader_log, errors="replace") as f:
            problems = [line.strip() for line in f if "Encountered error in saving to DB" in line
                        or "SQL that caused error" in line or ("mqtt_to_db_streaming" in line and " WARNING " in line)]
        failures += [f"leader: {line}" for line in problems[:10]]
    finally:
        request(unit.port, "POST", "/unit_api/jobs/stop/all", timeout=10)
        wait_until(lambda: not running(unit), 20)
        unit.close(keep=True)
        cmp.stop_process(streamer, first=signal.SIGINT)
        broker.stop()
        if not args.keep and not failures:
            shutil.rmtree(work, ignore_errors=True)
    return failures


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=45, help="collection time before the checks")
    ap.add_argument("--outage", type=float, default=60, help="seconds the broker stays down")
    ap.add_argument("--speedup", type=float, default=10, help="PIO_SIM_SPEEDUP for the unit's jobs")
    ap.add_argument("--pio", default=str(REPO / ".build" / "debug" / "pio"))
    ap.add_argument("--keep", action="store_true", help="keep the work folder even when all passes")
    args = ap.parse_args()
    try:
        failures = check(args)
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        log(f"set-up failed: {error}")
        cmp.cleanup_all()
        return 2
    finally:
        cmp.cleanup_all()
    for failure in failures:
        print(f"FAIL {failure}")
    print("PASS: the reference leader recorded and drove this unit" if not failures else f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
