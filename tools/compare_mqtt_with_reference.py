#!/usr/bin/env python3
"""Run the same jobs on the reference (Python pioreactor) and on our `pio`, and compare MQTT traffic.

    tools/compare_mqtt_with_reference.py [--seconds 20] [--scenario stirring ...] [--dump] [--keep]

Scenarios (default: all, about 8 minutes): see SCENARIOS below. --dump prints both sides' message
timelines; --keep keeps the work folder (captures, job output, broker logs).

Each scenario gets, per side, a fresh copy of the fixture unit folder, a private mosquitto and a
subscriber on `pioreactor/#` (MQTT v5, QoS 2, retain-as-published, so the retain flag and QoS we
see are the ones the job published with). The same job commands run on both sides in lockstep;
then both sides run `pio kill --all-jobs`, a few seconds of disconnect traffic are collected, and
the retained messages left on each broker are read back.

Compared per topic (unit and experiment replaced by <unit>/<exp>): presence, retain flags, QoS
and payload shapes. Values are not compared, except `$state`, which is an enum. A shape is the
key list (in order) and value types of a JSON payload, recursively, or a class for plain text:
empty, int-text, float-text, bool-text, text. JSON written with spaces after ':' and ',' is
"json-spaced". Timestamp strings also keep their digit layout,
and an AutomationSettings `settings` field is decoded (base64 JSON). Also reported: a different
shape of the *first* message on a topic (e.g. a clear at start-up), and differences in the
retained store after every job has exited ("retained-after-exit:" kinds).

Exit status: 0 when every difference is in DELIBERATE, 1 otherwise, 2 when the tool itself failed.
Needs: /tmp/peer-venv (reference setup.sh), mosquitto and mosquitto-clients, a built
.build/debug/pio (copied to a private folder at start, since it may be rebuilt meanwhile).
"""
from __future__ import annotations

import argparse
import base64
import fnmatch
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# Differences we accept on purpose. Each entry: (scenario, kind, topic), fnmatch patterns,
# matched against the normalised topic, e.g.
#   ("*", "only-ref", "pioreactor/<unit>/<exp>/pid_log/*"),  # why it is deliberate
DELIBERATE: list[tuple[str, str, str]] = [
    # Our pump actions keep the volume bookkeeping themselves (our monitor does not apply
    # dosing events), so they publish bioreactor/<variable>; the reference leaves that to its monitor.
    ("add_media", "only-ours", "pioreactor/<unit>/<exp>/bioreactor/*"),
    ("add_media", "retained-after-exit:only-ours", "pioreactor/<unit>/<exp>/bioreactor/*"),
    # The reference's monitor dies in its self-check on this machine (no avahi-browse) before it
    # publishes the PWM rail voltage; ours gets there.
    ("monitor*", "only-ours", "pioreactor/<unit>/$experiment/monitor/voltage_on_pwm_rail"),
    # A thermostat output clamped at its int limit is that int (25) on both sides, a float
    # otherwise; the two simulators start at different temperatures, so one side may clamp at its
    # first reading and the other not. The clamped shape is checked against the reference's own
    # PID in DosingAutomationRuleTests.pidLogRecordHasTheReferenceShape.
    ("temperature_automation", "shape", "pioreactor/<unit>/<exp>/pid_log/temperature"),
    ("temperature_automation", "shape", "pioreactor/<unit>/<exp>/temperature_automation/latest_event"),
]

REPO = Path(__file__).resolve().parent.parent
REFERENCE = Path("/work/shared/reference")
FIXTURE = REFERENCE / "fixture-dot-pioreactor"
PEER_VENV = Path(os.environ.get("PEER_VENV", "/tmp/peer-venv"))
MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
SYNC_TOPIC = "pioreactor/_cmp/sync"  # our own marker messages; never compared

# ---------------------------------------------------------------------------------------------
# Scenarios: lists of steps applied to both sides at the same time.
#   ("start", job, [opts])   start a background job
#   ("run", job, [opts])     start a one-shot job and wait for it to end
#   ("wait", s)              sleep s seconds; s=None means --seconds
#   ("set", "job/setting", payload)   publish to pioreactor/<unit>/<exp>/job/setting/set (QoS 1)
#   ("kill", [opts])         run `pio kill opts` and wait for it (long-running jobs survive --all-jobs)
# Every scenario ends with `pio kill --all-jobs` and --tail seconds of collection.
# ---------------------------------------------------------------------------------------------
OD = ("start", "od_reading", ["--interval", "1"])  # 1 s readings: growth rate warms up in ~10 s
GR = ("start", "growth_rate_calculating", [])
SCENARIOS: dict[str, list[tuple]] = {
    "stirring": [("start", "stirring", ["--target-rpm", "400"]), ("wait", None)],
    "stirring_set": [
        ("start", "stirring", ["--target-rpm", "400"]),
        ("wait", 8),
        ("set", "stirring/target_rpm", "500"),
        ("wait", 4),
        ("set", "stirring/measured_rpm", "1"),  # read-only: expect a warning log
        ("set", "stirring/$state", "sleeping"),
        ("wait", 4),
        ("set", "stirring/$state", "ready"),
        ("wait", 4),
    ],
    "od_reading": [OD, ("wait", None)],
    # with an active od90 calibration (see EXTRA_CALIBRATIONS), made at IR intensity 70
    "od_reading_calibrated": [("start", "od_reading", ["--interval", "1", "--ir-led-intensity", "70"]),
                              ("wait", None)],
    "od_reading_calibration_mismatch": [OD, ("wait", None)],  # config's IR intensity is 65
    "growth_rate_calculating": [OD, ("wait", 3), GR, ("wait", 25), ("wait", None)],
    "temperature_automation": [
        ("start", "temperature_automation",
         ["--automation-name", "thermostat", "--target-temperature", "32"]),
        ("wait", None),
        ("set", "temperature_automation/target_temperature", "35"),
        ("wait", 4),
    ],
    "dosing_automation": [
        OD, ("wait", 3), GR, ("wait", 3),
        ("start", "dosing_automation",
         ["--automation-name", "turbidostat", "--target-biomass", "1.5", "--exchange-volume-ml", "1.0"]),
        ("wait", None),
    ],
    # a target far below any OD, so that the turbidostat actually doses
    "dosing_automation_dilute": [
        OD, ("wait", 3), GR, ("wait", 3),
        ("start", "dosing_automation",
         ["--automation-name", "turbidostat", "--target-biomass", "0.0001", "--exchange-volume-ml", "0.5"]),
        ("wait", 25), ("wait", None),
    ],
    "led_intensity": [("run", "led_intensity", ["--A", "20", "--B", "5"]), ("wait", 3)],
    "add_media": [("run", "add_media", ["--duration", "2"]), ("wait", 2)],
    # the monitor turns dosing events into bioreactor/* values
    "monitor_add_media": [("start", "monitor", []), ("wait", 8), ("run", "add_media", ["--duration", "2"]),
                          ("wait", 5), ("kill", ["--job-name", "monitor"]), ("wait", 2)],
}

# Active calibrations written into both sides' persistent cache before a scenario. The pump
# calibrations are always active (dosing needs them); some scenarios add more.
PUMP_CALIBRATIONS = {"media_pump": "media_pump-2026-02-10", "waste_pump": "waste_pump-2026-02-10",
                     "alt_media_pump": "alt_media_pump-2026-02-10"}
EXTRA_CALIBRATIONS = {"od_reading_calibrated": {"od90": "od90-standards-2026-03"},
                      "od_reading_calibration_mismatch": {"od90": "od90-standards-2026-03"}}

STARTED: list[subprocess.Popen] = []  # every process we start, for the final clean-up
ONE_SHOT_JOBS: set[str] = set()  # jobs run by "run" steps: they end on their own


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------------------------
def spawn(cmd: list[str], env: dict | None = None, out=subprocess.DEVNULL, cwd=None) -> subprocess.Popen:
    """Start a process in its own session (Ctrl-C reaches only us) and remember it."""
    p = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT if out is not
                         subprocess.PIPE else subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                         cwd=cwd, start_new_session=True)
    STARTED.append(p)
    return p


def stop_process(p: subprocess.Popen, first=signal.SIGTERM, grace=5.0) -> None:
    """Signal a process we started (and its group, while it lives); escalate to SIGKILL."""
    for sig in (first, signal.SIGKILL):
        if p.poll() is not None:
            return
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            return
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            pass


def cleanup_all() -> None:
    for p in reversed(STARTED):
        stop_process(p, first=signal.SIGINT if getattr(p, "is_job", False) else signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout=10.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"mosquitto on port {port} did not come up")


# ---------------------------------------------------------------------------------------------
# One side (reference or ours) of one scenario
# ---------------------------------------------------------------------------------------------
@dataclass
class Side:
    name: str  # "ref" or "ours"
    pio: str
    root: Path
    env: dict
    port: int
    jobs: list[subprocess.Popen] = field(default_factory=list)
    capture: subprocess.Popen | None = None
    t0: float = 0.0


def set_ini_values(path: Path, values: dict[tuple[str, str], str]) -> None:
    """Set section/key pairs in an ini file, keeping comments and key case (configparser would not)."""
    out, section, done = [], None, set()

    def add_missing(sec):
        for (s, k), v in values.items():
            if s == sec and (s, k) not in done:
                out.append(f"{k}={v}")
                done.add((s, k))

    for line in path.read_text().splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            add_missing(section)
            section = header.group(1)
        else:
            kv = re.match(r"\s*([^=;#\s][^=]*?)\s*=", line)
            if kv and (section, kv.group(1)) in values:
                line = f"{kv.group(1)}={values[(section, kv.group(1))]}"
                done.add((section, kv.group(1)))
        out.append(line)
    add_missing(section)
    for s in sorted({s for s, _ in values} - {s for s, _ in done}):
        out.append(f"\n[{s}]")
        add_missing(s)
    path.write_text("\n".join(out) + "\n")


def write_shims(folder: Path, log_file: Path) -> None:
    """No-op stand-ins for commands that could touch this machine (as the reference start.sh does)."""
    folder.mkdir(parents=True, exist_ok=True)
    for c in ("sudo", "reboot", "shutdown", "poweroff", "systemctl", "systemd-run", "chronyd"):
        f = folder / c
        f.write_text(f'#!/bin/sh\necho "{c} $*" >> "{log_file}"\nexit 0\n')
        f.chmod(0o755)


def set_active_calibrations(db: Path, active: dict[str, str]) -> None:
    """Same table layout the reference uses (spec storage.md §3), so both sides read it."""
    con = sqlite3.connect(db)
    with con:
        con.execute("CREATE TABLE IF NOT EXISTS cache_active_calibrations (key _key_BLOB PRIMARY KEY, value BLOB)")
        con.executemany("INSERT OR REPLACE INTO cache_active_calibrations VALUES (?, ?)", active.items())
    con.close()


def prepare_side(name: str, pio: str, root: Path, scenario: str, args) -> Side:
    """Fresh unit folder, config pointing at a private broker, environment; start that broker."""
    dot, run, logs = root / "dot", root / "run", root / "logs"
    shutil.copytree(FIXTURE, dot)
    (dot / "storage" / ".keep").unlink(missing_ok=True)
    for d in (run / "cache", run / "tmp", logs):
        d.mkdir(parents=True, exist_ok=True)
    write_shims(root / "shims", logs / "shim-calls.log")
    set_active_calibrations(dot / "storage" / "local_persistent_pioreactor_metadata.sqlite",
                            PUMP_CALIBRATIONS | EXTRA_CALIBRATIONS.get(scenario, {}))
    port = free_port()
    cfg = dot / "config.ini"
    set_ini_values(cfg, {
        ("storage", "database"): str(dot / "storage" / "pioreactor.sqlite"),
        ("storage", "persistent_cache"): str(dot / "storage" / "local_persistent_pioreactor_metadata.sqlite"),
        ("storage", "temporary_cache"): str(run / "cache" / "local_intermittent_pioreactor_metadata.sqlite"),
        ("logging", "log_file"): str(logs / "pioreactor.log"),
        ("logging", "ui_log_file"): str(logs / "pioreactor.log"),
        ("mqtt", "broker_address"): "127.0.0.1",
        ("mqtt", "broker_port"): str(port),
    })
    env = {k: v for k, v in os.environ.items()
           if k not in ("LOCAL_CONFIG", "SKIP_PLUGINS", "JOB_SOURCE") and not k.startswith("PIO_")}
    env.update({
        "DOT_PIOREACTOR": str(dot), "GLOBAL_CONFIG": str(cfg), "RUN_PIOREACTOR": str(run),
        "TESTING": "1", "ACTIVE": "1", "HOSTNAME": args.unit, "PIO_UNIT_NAME": args.unit,
        "EXPERIMENT": args.experiment, "MODEL_NAME": "pioreactor_40ml", "MODEL_VERSION": "1.5",
        "HARDWARE": "1.2", "FIRMWARE": "0.5", "PLUGINS_DEV": str(dot / "plugins"),
        "TMPDIR": str(run / "tmp"),
    })
    bin_dir = str(Path(pio).parent)
    env["PATH"] = f"{root / 'shims'}:{bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}"
    if name == "ref":
        env.update({"BLINKA_FORCECHIP": "BCM2XXX", "BLINKA_FORCEBOARD": "RASPBERRY_PI_3A_PLUS",
                    "PIO_EXECUTABLE": pio, "PIOS_EXECUTABLE": str(PEER_VENV / "bin" / "pios"),
                    "PYTHONUNBUFFERED": "1"})
        # the reference expects the job-metadata tables to exist (a Pi creates them on first use)
        subprocess.run([str(PEER_VENV / "bin" / "python"), "-c",
                        "from pioreactor.utils.job_manager import JobManager\nwith JobManager(): pass"],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        env.update({"PIO_SIM_SPEEDUP": str(args.speedup), "PIO_SYSTEM_ACTIONS": "dry-run"})
    start_broker(root, port)
    return Side(name, pio, root, env, port)


def start_broker(root: Path, port: int) -> None:
    conf = root / "mosquitto.conf"
    lines = [f"listener {port} 127.0.0.1", "allow_anonymous true", "persistence false", "log_dest stdout"]
    if os.geteuid() == 0:
        lines.append("user root")
    conf.write_text("\n".join(lines) + "\n")
    spawn([MOSQUITTO, "-c", str(conf)], out=open(root / "logs" / "mosquitto.out", "wb"))
    wait_for_port(port)


# ---------------------------------------------------------------------------------------------
# MQTT capture (mosquitto_sub / mosquitto_pub)
# ---------------------------------------------------------------------------------------------
SUB_FORMAT = "%U %r %q %t %x"  # time, retain, qos, topic, payload as hex (safe for any bytes)


def sub_cmd(port: int, *extra: str) -> list[str]:
    return ["mosquitto_sub", "-h", "127.0.0.1", "-p", str(port), "-V", "mqttv5",
            "--retain-as-published", "-q", "2", "-t", "pioreactor/#", "-F", SUB_FORMAT, *extra]


def publish(port: int, topic: str, payload: str, qos: int = 1) -> None:
    subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", str(qos),
                    "-t", topic, "-m", payload], check=True, timeout=10)


def start_capture(side: Side) -> None:
    """Subscribe, and return only once the subscription is live (our marker came back)."""
    path = side.root / "capture.txt"
    side.capture = spawn(sub_cmd(side.port), out=open(path, "wb"))
    token = f"{side.name}-{time.time()}"
    deadline = time.time() + 15
    while time.time() < deadline:
        publish(side.port, SYNC_TOPIC, token)
        time.sleep(0.2)
        if any(m.payload == token.encode() for m in parse_capture(path.read_text())):
            return
    raise RuntimeError(f"{side.name}: subscriber on port {side.port} never saw its marker")


def stop_capture(side: Side) -> list["Msg"]:
    publish(side.port, SYNC_TOPIC, "end")  # flushes what is queued before it
    time.sleep(0.3)
    stop_process(side.capture)
    return [m for m in parse_capture((side.root / "capture.txt").read_text())
            if not m.topic.startswith(SYNC_TOPIC)]


def snapshot_retained(side: Side) -> list["Msg"]:
    """Read the broker's retained store with a fresh subscriber (all jobs have ended by now)."""
    path = side.root / "retained.txt"
    p = spawn(sub_cmd(side.port), out=open(path, "wb"))
    deadline = time.time() + 15
    while not any(m.topic == SYNC_TOPIC for m in parse_capture(path.read_text())):
        if time.time() > deadline:
            raise RuntimeError(f"{side.name}: retained-store subscriber never saw its marker")
        publish(side.port, SYNC_TOPIC, "snapshot", qos=2)
        time.sleep(0.2)
    time.sleep(1.0)  # QoS 0 markers can overtake queued QoS 2 retained messages; give them time
    stop_process(p)
    return [m for m in parse_capture(path.read_text()) if m.retain and not m.topic.startswith(SYNC_TOPIC)]


@dataclass
class Msg:
    t: float
    retain: int
    qos: int
    topic: str
    payload: bytes


def parse_capture(text: str) -> list[Msg]:
    msgs = []
    for line in text.splitlines():
        parts = line.split(" ", 4)
        if len(parts) < 4:
            continue
        hexpayload = parts[4] if len(parts) > 4 else ""
        msgs.append(Msg(float(parts[0]), int(parts[1]), int(parts[2]), parts[3], bytes.fromhex(hexpayload)))
    return msgs


# ---------------------------------------------------------------------------------------------
# Running a scenario on both sides
# ---------------------------------------------------------------------------------------------
def start_job(side: Side, job: str, opts: list[str]) -> subprocess.Popen:
    out = open(side.root / "logs" / f"{len(side.jobs):02d}-{job}.out", "wb")
    p = spawn([side.pio, "run", job, *opts], env=side.env, out=out, cwd=side.root / "run")
    p.is_job = True
    p.job_name = job
    p.stopped_by_us = False  # set when a kill step or the final stop finds it running
    side.jobs.append(p)
    return p


def wait_all(procs: list[subprocess.Popen], timeout: float) -> list[subprocess.Popen]:
    """Wait for processes to end; return those still running at the deadline."""
    deadline = time.time() + timeout
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.time()))
        except subprocess.TimeoutExpired:
            pass
    return [p for p in procs if p.poll() is None]


def run_step(sides: list[Side], step: tuple, args) -> None:
    kind = step[0]
    if kind == "wait":
        time.sleep(args.seconds if step[1] is None else step[1])
    elif kind in ("start", "run"):
        procs = [start_job(s, step[1], step[2]) for s in sides]
        if kind == "run":
            ONE_SHOT_JOBS.add(step[1])
            for s, p in zip(sides, procs):
                if p in wait_all([p], 60):
                    log(f"  ! {s.name}: {step[1]} still running after 60 s")
    elif kind == "kill":
        mark_running_as_stopped(sides)
        wait_all([spawn([s.pio, "kill", *step[1]], env=s.env, cwd=s.root / "run") for s in sides], 30)
    elif kind == "set":
        for s in sides:
            publish(s.port, f"pioreactor/{args.unit}/{args.experiment}/{step[1]}/set", step[2])
    else:
        raise ValueError(step)


def mark_running_as_stopped(sides: list[Side]) -> None:
    for s in sides:
        for p in s.jobs:
            p.stopped_by_us = p.stopped_by_us or p.poll() is None


def stop_jobs(sides: list[Side], notes: list[str]) -> None:
    """`pio kill --all-jobs` on both sides, as the API's stop-all does; SIGINT what survives it."""
    mark_running_as_stopped(sides)
    kills = [spawn([s.pio, "kill", "--all-jobs"], env=s.env,
                   out=open(s.root / "logs" / "kill.out", "wb"), cwd=s.root / "run") for s in sides]
    wait_all(kills, 30)
    for s in sides:
        for p in wait_all(s.jobs, 20):
            notes.append(f"{s.name}: {p.job_name} (pid {p.pid}) still running 20 s after `pio kill --all-jobs`; sent SIGINT")
            stop_process(p, first=signal.SIGINT, grace=10)


def job_notes(sides: list[Side]) -> list[str]:
    """Early exits, differing exit codes and error lines of the jobs, to explain missing traffic."""
    notes = []
    codes = {s.name: [(p.job_name, p.returncode) for p in s.jobs if p.stopped_by_us] for s in sides}
    if len({tuple(c) for c in codes.values()}) > 1:
        notes.append("exit codes after pio kill: " + "; ".join(f"{k} {v}" for k, v in codes.items()))
    for s in sides:
        for p in s.jobs:
            if not p.stopped_by_us and p.returncode != 0 and p.job_name not in ONE_SHOT_JOBS:
                notes.append(f"{s.name}: {p.job_name} ended before the stop, exit code {p.returncode}")
        for f in sorted((s.root / "logs").glob("*.out")):
            lines = [l.strip() for l in f.read_text(errors="replace").splitlines()
                     if "Traceback" in l or " ERROR " in l or re.match(r"\w+(\.\w+)*(Error|Exception):", l)]
            if lines:
                notes.append(f"{s.name}: {f.name}: " + " | ".join(l[:200] for l in lines[-3:]))
    return notes


def run_scenario(name: str, work: Path, args) -> tuple[dict, dict, list[str]]:
    """Returns {side: messages}, {side: retained after exit}, notes."""
    sides = [prepare_side("ref", str(PEER_VENV / "bin" / "pio"), work / name / "ref", name, args),
             prepare_side("ours", args.ours_bin, work / name / "ours", name, args)]
    for s in sides:
        start_capture(s)
        s.t0 = time.time()
    for step in SCENARIOS[name]:
        run_step(sides, step, args)
    notes: list[str] = []
    stop_jobs(sides, notes)
    time.sleep(args.tail)
    live = {s.name: stop_capture(s) for s in sides}
    retained = {s.name: snapshot_retained(s) for s in sides}
    notes += job_notes(sides)
    for s in sides:
        if args.dump:
            dump(s, live[s.name], args)
    return live, retained, notes


# ---------------------------------------------------------------------------------------------
# Shapes and comparison
# ---------------------------------------------------------------------------------------------
INT_RE = re.compile(r"-?\d+")
FLOAT_RE = re.compile(r"-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?|-?inf|nan")
TIMESTAMP_RE = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d")


def normalise_topic(topic: str, args) -> str:
    parts = topic.split("/")
    if len(parts) > 2:
        parts[1] = "<unit>" if parts[1] == args.unit else parts[1]
        parts[2] = "<exp>" if parts[2] == args.experiment else parts[2]
    return "/".join(parts)


def json_shape(v, key: str = "") -> str:
    if isinstance(v, bool):
        return "bool"
    if v is None:
        return "null"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if isinstance(v, str):
        if TIMESTAMP_RE.match(v):  # keep the layout: digits become d
            return "str<" + re.sub(r"\d", "d", v) + ">"
        if key == "settings":  # AutomationSettings: base64 of a JSON object
            decoded = decode_base64_json(v)
            if decoded is not None:
                return "base64" + json_shape(decoded)
        return "str"
    if isinstance(v, list):  # element types only, not the length
        return "[" + "|".join(sorted({json_shape(x) for x in v})) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {json_shape(x, k)}" for k, x in v.items()) + "}"
    return type(v).__name__


def decode_base64_json(text: str):
    try:
        return json.loads(base64.b64decode(text, validate=True))
    except Exception:
        return None


def payload_shape(topic: str, payload: bytes) -> str:
    text = payload.decode("utf-8", errors="replace")
    if topic.endswith("/$state"):
        return f"state:{text}"  # an enum: the value is the shape
    if text == "":
        return "empty"
    if text in ("True", "False"):
        return "bool-text"
    if INT_RE.fullmatch(text):
        return "int-text"
    if FLOAT_RE.fullmatch(text):
        return "float-text"
    if text[:1] in "{[":
        # Python's json.dumps default separators put a space after ':' and ','
        style = "json-spaced" if re.search(r'": |, "', text) else "json"
        try:
            return style + json_shape(json.loads(text))
        except ValueError:
            pass
    return "text"


@dataclass
class TopicInfo:
    retains: set = field(default_factory=set)
    qoses: set = field(default_factory=set)
    shapes: dict = field(default_factory=dict)  # shape -> example payload
    first: str = ""  # shape of the first message (e.g. a clear at start-up, or a kick)
    count: int = 0


def summarise(msgs: list[Msg], args) -> dict[str, TopicInfo]:
    out: dict[str, TopicInfo] = {}
    for m in msgs:
        topic = normalise_topic(m.topic, args)
        info = out.setdefault(topic, TopicInfo())
        info.retains.add(m.retain)
        info.qoses.add(m.qos)
        shape = payload_shape(topic, m.payload)
        info.shapes.setdefault(shape, m.payload)
        if info.count == 0:
            info.first = whole_second_as_usual(shape)
        info.count += 1
    for info in out.values():
        info.shapes = drop_whole_second_variants(info.shapes)
    return out


def whole_second_as_usual(shape: str) -> str:
    return shape.replace("dd:dd:ddZ", "dd:dd:dd.ddddddZ")


def drop_whole_second_variants(shapes: dict) -> dict:
    """The reference writes struct timestamps with isoformat(), which drops an all-zero fraction
    (about one reading in a thousand); ignore that variant when the usual one was seen too."""
    return {sh: ex for sh, ex in shapes.items()
            if whole_second_as_usual(sh) == sh or whole_second_as_usual(sh) not in shapes}


@dataclass
class Diff:
    scenario: str
    kind: str
    topic: str
    detail: str

    def deliberate(self) -> bool:
        return any(fnmatch.fnmatchcase(self.scenario, s) and fnmatch.fnmatchcase(self.kind, k)
                   and fnmatch.fnmatchcase(self.topic, t) for s, k, t in DELIBERATE)


def example(payload: bytes, limit=300) -> str:
    text = payload.decode("utf-8", errors="replace")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def compare(scenario: str, ref: dict[str, TopicInfo], ours: dict[str, TopicInfo], prefix="") -> list[Diff]:
    diffs = []
    for topic in sorted(ref.keys() | ours.keys()):
        r, o = ref.get(topic), ours.get(topic)
        if r is None or o is None:
            side, info = ("ours", o) if r is None else ("ref", r)
            first = next(iter(info.shapes.values()))
            diffs.append(Diff(scenario, f"{prefix}only-{side}", topic,
                              f"retain={sorted(info.retains)} qos={sorted(info.qoses)} n={info.count} e.g. {example(first)}"))
            continue
        if r.retains != o.retains:
            diffs.append(Diff(scenario, f"{prefix}retain", topic, f"ref={sorted(r.retains)} ours={sorted(o.retains)}"))
        if r.qoses != o.qoses:
            diffs.append(Diff(scenario, f"{prefix}qos", topic, f"ref={sorted(r.qoses)} ours={sorted(o.qoses)}"))
        # the first message differs, though each side also sends the other's shape later
        if not prefix and r.first != o.first and r.first in o.shapes and o.first in r.shapes:
            diffs.append(Diff(scenario, f"{prefix}first-shape", topic, f"ref {r.first}\n        ours {o.first}"))
        only_r = [s for s in r.shapes if s not in o.shapes]
        only_o = [s for s in o.shapes if s not in r.shapes]
        if only_r or only_o:
            lines = [f"ref  {s}\n          e.g. {example(r.shapes[s])}" for s in only_r]
            lines += [f"ours {s}\n          e.g. {example(o.shapes[s])}" for s in only_o]
            diffs.append(Diff(scenario, f"{prefix}shape", topic, "\n        ".join(lines)))
    return diffs


def dump(side: Side, msgs: list[Msg], args) -> None:
    print(f"\n--- {side.name} timeline ({side.root}) ---")
    for m in msgs:
        print(f"{m.t - side.t0:7.2f} r{m.retain} q{m.qos} {normalise_topic(m.topic, args)} {example(m.payload, 160)}")


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
def copy_our_pio(src: Path, dest_dir: Path) -> str:
    """Private copy of our binary (it is rebuilt under us); retry if we caught it mid-link."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / "pio"
    for _ in range(10):
        shutil.copy2(src, dest)
        if subprocess.run([str(dest), "version"], capture_output=True, timeout=30).returncode == 0:
            return str(dest)
        time.sleep(3)
    raise RuntimeError(f"{src} does not run (`pio version` fails)")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=20, help="main collection time per scenario")
    ap.add_argument("--tail", type=float, default=4, help="collection time after pio kill")
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="repeatable; default: all")
    ap.add_argument("--pio", default=str(REPO / ".build" / "debug" / "pio"), help="our pio binary")
    ap.add_argument("--unit", default="pioleader")
    ap.add_argument("--experiment", default="exp_cmp")
    ap.add_argument("--speedup", default="1", help="PIO_SIM_SPEEDUP for our side")
    ap.add_argument("--dump", action="store_true", help="print each side's message timeline")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (captures, job logs)")
    return ap.parse_args()


def main() -> int:
    args = parse_args()
    # Ctrl-C and SIGTERM both end in the clean-up below (even if our parent ignored SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    work = Path(tempfile.mkdtemp(prefix="cmp-mqtt-"))
    all_diffs: list[Diff] = []
    try:
        args.ours_bin = copy_our_pio(Path(args.pio), work / "bin")
        for name in args.scenario or list(SCENARIOS):
            log(f"== {name}")
            live, retained, notes = run_scenario(name, work, args)
            diffs = compare(name, summarise(live["ref"], args), summarise(live["ours"], args))
            diffs += compare(name, summarise(retained["ref"], args), summarise(retained["ours"], args),
                             prefix="retained-after-exit:")
            report(name, diffs, notes, live)
            all_diffs += diffs
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception as e:  # the tool failed, not the comparison
        log(f"error: {e!r}")
        return 2
    finally:
        cleanup_all()
        if args.keep:
            log(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    bad = [d for d in all_diffs if not d.deliberate()]
    print(f"\n{len(all_diffs)} differences, {len(all_diffs) - len(bad)} deliberate, {len(bad)} to fix")
    return 1 if bad else 0


def report(name: str, diffs: list[Diff], notes: list[str], live: dict) -> None:
    counts = ", ".join(f"{k}: {len(v)} msgs" for k, v in live.items())
    print(f"\n== {name} ({counts}): {len(diffs)} differences")
    for n in notes:
        print(f"  note: {n}")
    for d in diffs:
        tag = " (deliberate)" if d.deliberate() else ""
        print(f"  [{d.kind}]{tag} {d.topic}\n        {d.detail}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
