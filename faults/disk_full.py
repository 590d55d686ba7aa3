"""(c) DOT_PIOREACTOR on a small tmpfs, filled to the last byte: writes answer a clean 5xx with
the error schema, the old files stay byte-identical, nothing half-written or temporary is left,
and the unit works again once space is freed."""
import errno
import os
import subprocess

from crash_restart import pump_yaml
from disk_checks import integrity, sqlite_files, temp_files
from unit_server import Unit, request

SCHEMA_KEYS = {"error", "cause", "remediation", "status"}


class Skipped(Exception):
    pass


def mount_tmpfs(path, size):
    if os.geteuid() != 0:
        raise Skipped("not root, cannot mount a tmpfs")
    os.makedirs(path, exist_ok=True)
    try:
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", path],
                                capture_output=True, text=True, timeout=20)
    except FileNotFoundError:
        raise Skipped("no mount command on this machine")
    if result.returncode != 0:
        raise Skipped(f"mount -t tmpfs not permitted here: {result.stderr.strip() or result.returncode}")


def unmount(path):
    if subprocess.run(["umount", path], capture_output=True, timeout=20).returncode != 0:
        subprocess.run(["umount", "-l", path], capture_output=True, timeout=20)


def fill(folder):
    """Writes a filler file until the disk refuses (ENOSPC/EDQUOT); returns its path."""
    path = os.path.join(folder, "filler.bin")
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        while len(chunk) >= 1:
            try:
                f.write(chunk)
            except OSError as error:
                if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                chunk = chunk[: len(chunk) // 2]
    return path


def snapshot(dot):
    """Bytes of every file but the SQLite ones (their pages move on any write)."""
    files = {}
    for folder, _, names in os.walk(dot):
        for name in names:
            path = os.path.join(folder, name)
            if ".sqlite" not in name and name != "filler.bin":
                with open(path, "rb") as f:
                    files[os.path.relpath(path, dot)] = f.read()
    return files


def schema_problems(what, status, body):
    if status < 500:
        return [f"{what}: expected a 5xx on a full disk, got {status} {str(body)[:200]}"]
    if not isinstance(body, dict) or not SCHEMA_KEYS <= body.keys() or body.get("status") != status:
        return [f"{what}: {status} without the error schema (error/cause/remediation/status): {str(body)[:300]}"]
    return []


def run(pio, fixture, work, size="3m", log=print):
    mount = os.path.join(work, "tmpfs")
    try:
        mount_tmpfs(mount, size)
    except Skipped as reason:
        log(f"  SKIPPED: {reason}")
        return [], True
    unit = None
    try:
        unit = Unit(pio, fixture, work=os.path.join(work, "unit"), dot=os.path.join(mount, "dot"))
        return exercise(unit, mount, log), False
    finally:
        if unit is not None:
            unit.close(keep=True)
        unmount(mount)
        try:
            os.rmdir(mount)
        except OSError:
            pass


def exercise(unit, mount, log):
    failures = []
    unit.start()
    port = unit.port
    # State before the disk fills: an existing calibration to overwrite, the WAL in use.
    status, _ = request(port, "POST", "/unit_api/calibrations/media_pump",
                        {"calibration_data": pump_yaml("full-victim", 1), "set_as_active": True})
    if status != 201:
        return [f"set-up POST calibration answered {status}"]
    request(port, "PATCH", "/unit_api/bioreactor/experiments/exp_full", {"values": {"current_volume_ml": 12.0}})
    _, active_before = request(port, "GET", "/unit_api/active_calibrations")
    before = snapshot(unit.dot)

    filler = fill(mount)
    log(f"  filled the {os.path.basename(mount)} holding DOT_PIOREACTOR ({os.path.getsize(filler) // 1024} KiB filler)")

    writes = [
        ("POST new calibration", "POST", "/unit_api/calibrations/media_pump",
         {"calibration_data": pump_yaml("full-new", 2)}),
        ("POST overwrite calibration", "POST", "/unit_api/calibrations/media_pump",
         {"calibration_data": pump_yaml("full-victim", 3), "set_as_active": True}),
        ("POST calibration, new device", "POST", "/unit_api/calibrations/full_device",
         {"calibration_data": pump_yaml("full-other", 4)}),
        ("PATCH config/specific", "PATCH", "/unit_api/config/specific",
         {"code": "[stirring.config]\ntarget_rpm=444\n" + "# padding\n" * 400}),
    ]
    for what, method, path, body in writes:
        status, answer = request(port, method, path, body)
        failures += schema_problems(what, status, answer)
        log(f"  {what}: {status} {answer.get('error') if isinstance(answer, dict) else str(answer)[:80]}")

    # SQLite may still have room in pages it already holds: success is fine then; a refusal must be clean.
    outcomes = []
    for i in range(30):
        status, answer = request(port, "PATCH", f"/unit_api/active_calibrations/full_dev_{i}_{'x' * 150}/full-new")
        if status != 200:
            failures += schema_problems("PATCH active_calibrations", status, answer)
            outcomes.append(status)
            break
        outcomes.append(status)
    log(f"  PATCH active_calibrations x{len(outcomes)}: last {outcomes[-1]}")

    after = snapshot(unit.dot)
    for relative in sorted(before.keys() | after.keys()):
        if before.get(relative) != after.get(relative):
            failures.append(f"{relative} changed on a full disk "
                            f"({len(before.get(relative, b''))} -> {len(after.get(relative, b''))} bytes)")
    if os.path.exists(os.path.join(unit.dot, "storage", "calibrations", "full_device")):
        failures.append("a failed create left the folder storage/calibrations/full_device")
    status, active_now = request(port, "GET", "/unit_api/active_calibrations")
    if status != 200 or active_now.get("media_pump") != active_before.get("media_pump"):
        failures.append(f"active media_pump calibration changed or unreadable: {status}")
    failures += [f"temp file left: {p}" for p in temp_files(unit.dot)]
    if not unit.alive():
        return failures + ["the server died on the full disk"]

    # Space again: the unit recovers without a restart.
    os.remove(filler)
    status, _ = request(port, "POST", "/unit_api/calibrations/media_pump", {"calibration_data": pump_yaml("full-new", 5)})
    if status != 201:
        failures.append(f"after freeing space, POST calibration answered {status}")
    for path in sqlite_files(unit.dot, unit.run):
        verdict = integrity(path)
        if verdict != "ok":
            failures.append(f"integrity_check {path}: {verdict[:300]}")
    log(f"  after freeing space: POST calibration {status}; SQLite integrity checked")
    return failures
