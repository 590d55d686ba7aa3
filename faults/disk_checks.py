"""What must hold on disk after any fault: whole calibration files, no temp files, sound SQLite."""
import os
import re
import shutil
import sqlite3
import subprocess
import urllib.parse

from unit_server import request

# AtomicFile's temp names (`.<name>.tmp-<pid>-<8 hex>`), any other `.tmp` file, and SQLite
# rollback journals (a hot one must be rolled back when the server reopens the database).
TEMP_NAME = re.compile(r"\.tmp(?:-|$)|-journal$")


def temp_files(*roots):
    found = []
    for root in roots:
        for folder, _, files in os.walk(root):
            found += [os.path.join(folder, name) for name in files if TEMP_NAME.search(name)]
    return sorted(found)


def sqlite_files(*roots):
    found = []
    for root in roots:
        for folder, _, files in os.walk(root):
            found += [os.path.join(folder, n) for n in files if n.endswith((".sqlite", ".db"))]
    return sorted(found)


def integrity(path):
    """`PRAGMA integrity_check` with the sqlite3 CLI (Python's module when the CLI is absent)."""
    if shutil.which("sqlite3"):
        result = subprocess.run(["sqlite3", path, "PRAGMA integrity_check"], capture_output=True, text=True,
                                timeout=30)
        return (result.stdout + result.stderr).strip()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
        return "\n".join(row[0] for row in db.execute("PRAGMA integrity_check"))


def calibration_files(dot):
    root = os.path.join(dot, "storage", "calibrations")
    files = []
    for device in sorted(os.listdir(root)):
        folder = os.path.join(root, device)
        if os.path.isdir(folder):
            files += [(device, name[:-5], os.path.join(folder, name))
                      for name in sorted(os.listdir(folder)) if name.endswith(".yaml")]
    return files


def check_unit(unit, expected_texts):
    """Problems found (empty when sound). `expected_texts(device, name)` gives every text a
    file may hold: the fixture's, or one that a client sent."""
    problems = []
    status, _ = request(unit.port, "GET", "/unit_api/health")
    if status != 200:
        problems.append(f"health answered {status}")

    files = calibration_files(unit.dot)
    per_device = {}
    for device, name, path in files:
        per_device[device] = per_device.get(device, 0) + 1
        with open(path, "rb") as f:
            content = f.read()
        if content not in expected_texts(device, name):
            problems.append(f"{path}: {len(content)} bytes that no client sent (torn or mixed write)")
        status, body = request(unit.port, "GET", f"/unit_api/calibrations/{q(device)}/{q(name)}")
        if status != 200 or not isinstance(body, dict) or body.get("calibration_name") != name:
            problems.append(f"GET calibration {device}/{name}: {status} {str(body)[:200]}")
    status, listing = request(unit.port, "GET", "/unit_api/calibrations")
    if status != 200 or not isinstance(listing, dict):
        problems.append(f"GET /calibrations: {status}")
    else:
        listed = {device: len(items) for device, items in listing.items()}
        if listed != per_device:
            problems.append(f"GET /calibrations decoded {listed}, files on disk {per_device}")
    status, _ = request(unit.port, "GET", "/unit_api/active_calibrations")
    if status != 200:
        problems.append(f"GET /active_calibrations: {status}")

    for path in temp_files(unit.dot, unit.run):
        problems.append(f"temp file left: {path}")
    for path in sqlite_files(unit.dot, unit.run):
        verdict = integrity(path)
        if verdict != "ok":
            problems.append(f"integrity_check {path}: {verdict[:300]}")
    return problems, len(files), len(sqlite_files(unit.dot, unit.run))


def q(segment):
    return urllib.parse.quote(segment, safe="")
