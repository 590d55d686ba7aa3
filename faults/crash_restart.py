"""(a) kill -9 the server while 8 clients create and delete calibrations and move active pointers;
after each restart every file is whole, no temp file is left and SQLite is sound."""
import http.client
import os
import random
import threading
import time

from disk_checks import check_unit
from unit_server import send

DEVICES = ["media_pump", "waste_pump", "alt_media_pump", "od90", "stirring", "fault_device"]
CLIENTS = 8
NAMES_PER_CLIENT = 4


def pump_yaml(name, serial):
    """A valid calibration whose bytes are unique to this write (the slope carries the serial)."""
    return (f"calibration_type: simple_peristaltic_pump\n"
            f"calibration_name: {name}\n"
            f"calibrated_on_pioreactor_unit: pioleader\n"
            f"created_at: 2026-03-01 10:00:00+00:00\n"
            f"curve_data_:\n  type: poly\n  coefficients: [0.{serial:09d}, 0.01]\n"
            f"x: Duration\ny: Volume\n"
            f"recorded_data:\n  x: [0.5, 1.0, 1.5]\n  y: [0.3, 0.6, 0.9]\n"
            f"hz: 250.0\ndc: 65.0\nvoltage: 5.0\n"
            # Padding makes each write span several pages, widening the window a kill can hit.
            f"# {'x' * 6000}\n")


class Writers:
    """Eight clients looping POST / DELETE calibrations and PATCH active_calibrations."""

    def __init__(self, port, fixture_texts):
        self.port = port
        self.lock = threading.Lock()
        self.sent = {}  # (device, name) -> every text a client sent for it
        self.fixture_texts = fixture_texts
        self.serial = 0
        self.counts = {}
        self.server_errors = []
        self.stop = threading.Event()

    def expected_texts(self, device, name):
        with self.lock:
            texts = set(self.sent.get((device, name), ()))
        if (device, name) in self.fixture_texts:
            texts.add(self.fixture_texts[(device, name)])
        return texts

    def run(self, seconds_limit):
        self.stop.clear()
        threads = [threading.Thread(target=self._client, args=(i, seconds_limit), daemon=True) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        return threads

    def _client(self, index, seconds_limit):
        rng = random.Random()
        deadline = time.monotonic() + seconds_limit
        connection = None
        while not self.stop.is_set() and time.monotonic() < deadline:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            device = rng.choice(DEVICES)
            name = f"fault-c{index}-{rng.randrange(NAMES_PER_CLIENT)}"
            roll = rng.random()
            try:
                if roll < 0.55:
                    with self.lock:
                        self.serial += 1
                        text = pump_yaml(name, self.serial)
                        # Recorded before sending: a kill may land after the write, before the answer.
                        self.sent.setdefault((device, name), set()).add(text.encode())
                    kind = "POST"
                    status, body = send(connection, "POST", f"/unit_api/calibrations/{device}",
                                        {"calibration_data": text, "set_as_active": rng.random() < 0.5})
                elif roll < 0.8:
                    kind = "DELETE"
                    status, body = send(connection, "DELETE", f"/unit_api/calibrations/{device}/{name}")
                else:
                    kind = "PATCH"
                    status, body = send(connection, "PATCH", f"/unit_api/active_calibrations/{device}/{name}")
            except (OSError, http.client.HTTPException):
                # The server is being killed or restarted: expected here, retried on a new connection.
                connection.close()
                connection = None
                self._count("connection error")
                time.sleep(0.05)
                continue
            self._count(f"{kind} {status}")
            if status >= 500:
                with self.lock:
                    self.server_errors.append(f"{kind} {device}/{name}: {status} {str(body)[:200]}")
        if connection is not None:
            connection.close()

    def _count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1


def fixture_texts(dot):
    texts = {}
    root = os.path.join(dot, "storage", "calibrations")
    for device in os.listdir(root):
        for name in os.listdir(os.path.join(root, device)):
            if name.endswith(".yaml"):
                with open(os.path.join(root, device, name), "rb") as f:
                    texts[(device, name[:-5])] = f.read()
    return texts


def plant_killed_write(unit, pid):
    """What a write killed between open and rename leaves: a partial temp named by AtomicFile
    for the dead server. Planted so every round checks the start-up clean-up, whatever instant
    the kill hit."""
    folder = os.path.join(unit.dot, "storage", "calibrations", "od90")
    path = os.path.join(folder, f".fault-planted.yaml.tmp-{pid}-DEADBEEF")
    with open(path, "w") as f:
        f.write("calibration_type: simple_peristaltic_pump\ncalibration_na")
    return path


def run(unit, rounds=3, log=print):
    unit.start()
    writers = Writers(unit.port, fixture_texts(unit.dot))
    failures = []
    rng = random.Random()
    for round_index in range(1, rounds + 1):
        threads = writers.run(seconds_limit=20)
        time.sleep(rng.uniform(1.0, 2.5))
        pid = unit.kill9()
        planted = plant_killed_write(unit, pid)
        time.sleep(0.3)  # clients see refused connections
        writers.stop.set()
        for thread in threads:
            thread.join(timeout=15)
        if any(thread.is_alive() for thread in threads):
            failures.append(f"round {round_index}: a client did not stop within 15 s")
        unit.start()
        problems, files, databases = check_unit(unit, writers.expected_texts)
        if os.path.exists(planted):
            problems.append(f"planted temp file of the killed server still there: {planted}")
        log(f"  round {round_index}: killed pid {pid} under load; restarted; {files} calibration files, "
            f"{databases} SQLite files checked: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        failures += [f"round {round_index}: {p}" for p in problems]
    writers.stop.set()
    failures += [f"5xx under load: {e}" for e in writers.server_errors[:20]]
    summary = ", ".join(f"{k}: {v}" for k, v in sorted(writers.counts.items()))
    log(f"  requests: {summary}")
    unit.stop()
    return failures

