#!/usr/bin/env python3
"""Send the same requests to our server and to the reference, and report differences.

    tools/compare_with_reference.py http://127.0.0.1:4999 http://127.0.0.1:5071

Both servers must serve their own copy of the same DOT_PIOREACTOR tree (the requests write).
For each request it compares the status, the content type and the JSON body (keys, order and
values, except timestamps and paths that differ by design). Exit status 1 on any difference
not listed in KNOWN (deliberate deviations the spec's Notes ask for).
"""
import json
import re
import sys
import urllib.error
import urllib.request

OURS, REF = sys.argv[1], sys.argv[2]

CAL_YAML = """calibration_type: simple_peristaltic_pump
calibration_name: cmp_cal
calibrated_on_pioreactor_unit: pioleader
created_at: 2025-01-02 03:04:05.678000+00:00
curve_data_:
  type: poly
  coefficients: [0.0911, 0.0]
x: Duration
y: Volume
recorded_data: {x: [1.0, 2.0], y: [0.09, 0.18]}
hz: 250.0
dc: 100.0
voltage: 5.0
"""

J = {"Content-Type": "application/json"}
REQUESTS = [
    ("GET", "/unit_api/health", None, {}),
    ("GET", "/unit_api/versions/app", None, {}),
    ("GET", "/unit_api/nope", None, {}),
    ("POST", "/unit_api/health", None, {}),
    ("GET", "/unit_api/calibrations", None, {}),
    ("GET", "/unit_api/calibrations/od90", None, {}),
    ("GET", "/unit_api/calibrations/nodevice", None, {}),
    ("GET", "/unit_api/calibrations/media_pump/media_pump-2026-02-10", None, {}),
    ("GET", "/unit_api/calibrations/media_pump/missing", None, {}),
    ("GET", "/unit_api/active_calibrations", None, {}),
    ("PATCH", "/unit_api/active_calibrations/media_pump/media_pump-2026-02-10", None, {}),
    ("GET", "/unit_api/active_calibrations", None, {}),
    ("POST", "/unit_api/calibrations/media_pump", json.dumps({"calibration_data": CAL_YAML, "set_as_active": True}), J),
    ("POST", "/unit_api/calibrations/media_pump", json.dumps({"calibration_data": CAL_YAML, "set_as_active": "yes"}), J),
    ("POST", "/unit_api/calibrations/media_pump", "{bad", J),
    ("POST", "/unit_api/calibrations/media_pump", "{}", {"Content-Type": "text/plain"}),
    ("GET", "/unit_api/calibrations/media_pump/cmp_cal", None, {}),
    ("DELETE", "/unit_api/calibrations/media_pump/cmp_cal", None, {}),
    ("DELETE", "/unit_api/calibrations/media_pump/cmp_cal", None, {}),
    ("DELETE", "/unit_api/active_calibrations/media_pump", None, {}),
    ("DELETE", "/unit_api/active_calibrations/media_pump", None, {}),
    ("GET", "/unit_api/estimators", None, {}),
    ("GET", "/unit_api/estimators/od_fused", None, {}),
    ("GET", "/unit_api/estimators/none", None, {}),
    ("GET", "/unit_api/estimators/od_fused/od-fused-2026-02", None, {}),
    ("GET", "/unit_api/estimators/od_fused/missing", None, {}),
    ("PATCH", "/unit_api/active_estimators/od_fused/od-fused-2026-02", None, {}),
    ("GET", "/unit_api/active_estimators", None, {}),
    ("DELETE", "/unit_api/active_estimators/od_fused", None, {}),
    ("GET", "/unit_api/calibration_protocols", None, {}),
    ("GET", "/unit_api/config/merged", None, {}),
    ("GET", "/unit_api/config/specific", None, {}),
    ("POST", "/unit_api/config/specific", json.dumps({"code": "[a]\nb=1\n[a]\nc=2\n"}), J),
    ("POST", "/unit_api/config/specific", json.dumps({"code": "[a]\nb=1\nb=2\n"}), J),
    ("POST", "/unit_api/config/specific", json.dumps({"code": "nohead=1\n"}), J),
    ("POST", "/unit_api/config/specific", json.dumps({"nocode": 1}), J),
    ("POST", "/unit_api/config/specific", "", J),
    ("PATCH", "/unit_api/config/specific", json.dumps({"code": "[stirring.config]\ninitial_target_rpm=480 ; inline\nKp=1\n"}), J),
    ("GET", "/unit_api/config/specific", None, {}),
    ("GET", "/unit_api/config/merged", None, {}),
    ("GET", "/unit_api/jobs/descriptors", None, {}),
    ("GET", "/unit_api/automations/descriptors/dosing", None, {}),
    ("GET", "/unit_api/automations/descriptors/temperature", None, {}),
    ("GET", "/unit_api/automations/descriptors/led", None, {}),
    ("GET", "/unit_api/automations/descriptors/nope", None, {}),
    ("GET", "/unit_api/capabilities", None, {}),
    ("GET", "/unit_api/jobs", None, {}),
    ("GET", "/unit_api/jobs/running", None, {}),
    ("GET", "/unit_api/jobs/running/stirring", None, {}),
    ("GET", "/unit_api/jobs/running/experiments/exp1", None, {}),
    ("GET", "/unit_api/long_running_jobs/running", None, {}),
    ("GET", "/unit_api/jobs/settings/job_name/stirring", None, {}),
    ("GET", "/unit_api/jobs/settings/job_name/stirring/setting/$state", None, {}),
    ("GET", "/unit_api/bioreactor/experiments/exp1", None, {}),
    ("PATCH", "/unit_api/bioreactor/experiments/exp1", json.dumps({"values": {}}), J),
    ("PATCH", "/unit_api/bioreactor/experiments/exp1", json.dumps({"values": {"foo": 1}}), J),
    ("PATCH", "/unit_api/bioreactor/experiments/exp1", json.dumps({"values": {"current_volume_ml": "x"}}), J),
    ("PATCH", "/unit_api/bioreactor/experiments/exp1", json.dumps({"values": {"current_volume_ml": 99}}), J),
    ("PATCH", "/unit_api/bioreactor/experiments/exp1", json.dumps({"values": {"current_volume_ml": -1}}), J),
    ("GET", "/unit_api/system/path/", None, {}),
    ("GET", "/unit_api/system/path/storage", None, {}),
    ("GET", "/unit_api/system/path/config.ini", None, {}),
    ("GET", "/unit_api/system/path/storage/../config.ini", None, {}),
    ("GET", "/unit_api/system/path/nothing", None, {}),
    ("GET", "/unit_api/system/path/storage/local_persistent_pioreactor_metadata.sqlite", None, {}),
    ("GET", "/unit_api/system/utc_clock", None, {}),
    ("GET", "/unit_api/system/web_server/status", None, {}),
    ("GET", "/unit_api/plugins/installed", None, {}),
    ("GET", "/unit_api/plugins/installed/relay_blinker.py", None, {}),
    ("GET", "/unit_api/plugins/installed/relay_blinker.txt", None, {}),
    ("GET", "/unit_api/plugins/installed/missing.py", None, {}),
    ("PATCH", "/unit_api/jobs/settings/job_name/stirring", "{}", J),
    ("GET", "/unit_api/zipped_calibrations", None, {}),
    ("GET", "/unit_api/zipped_dot_pioreactor", None, {}),
    ("GET", "/unit_api/task_results/00000000-0000-4000-8000-000000000000", None, {}),
    ("POST", "/unit_api/jobs/stop", "{}", J),
    ("POST", "/unit_api/jobs/stop/all", None, {}),
    ("POST", "/unit_api/system/update/firmware", "{}", J),
    ("POST", "/unit_api/system/remove_file", json.dumps({"nothing": 1}), J),
    ("POST", "/unit_api/system/remove_file", json.dumps({"filepath": "/etc/passwd"}), J),
    ("POST", "/unit_api/plugins/install", json.dumps({"args": []}), J),
    ("POST", "/unit_api/plugins/install", json.dumps({"args": ["a", "b"]}), J),
    ("POST", "/unit_api/plugins/uninstall", json.dumps({"args": []}), J),
    ("POST", "/unit_api/hardware/check", "{}", J),
    ("POST", "/unit_api/hardware/check", json.dumps({"model_name": "x", "model_version": "1"}), J),
    ("POST", "/unit_api/system/utc_clock", json.dumps({"utc_clock_time": "2025-01-31T12:34:56+00:00"}), J),
    ("POST", "/unit_api/system/utc_clock", "", J),
]

# Deliberate deviations (spec Notes): (method, path) -> why.
KNOWN = {
    ("POST", "/unit_api/config/specific"): "decode errors: our message texts differ from msgspec's",
    ("GET", "/unit_api/versions/app"): "we report our own version",
    ("GET", "/unit_api/system/path/storage"): "our storage folder also holds the caches' WAL files",
    ("GET", "/unit_api/system/path/"): "our tree has the run/ folder and seeded files",
    ("GET", "/unit_api/automations/descriptors/dosing"): "spec 26.4.5 adds `required` (reference installed here is 26.4.4)",
    ("GET", "/unit_api/automations/descriptors/temperature"): "spec 26.4.5 adds `required`",
    ("GET", "/unit_api/automations/descriptors/led"): "spec 26.4.5 adds `required`",
    ("GET", "/unit_api/capabilities"): "the reference also lists its Python plugins' click commands",
}

# Timestamps, absolute paths, and the [storage]/[logging]/[mqtt] values start.sh rewrites.
VOLATILE = re.compile(r"(utc_time|clock_time|current|exported_at_utc|path|database|temporary_cache|persistent_cache|log_file|ui_log_file|broker_port|task_id|result_url_path)$")


def call(base, method, path, body, headers):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("Content-Type"), r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def normalise(value, key=""):
    if isinstance(value, dict):
        return {k: ("<volatile>" if VOLATILE.search(k) else normalise(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, key) for v in value]
    return value


def main():
    differences = 0
    for method, path, body, headers in REQUESTS:
        ours = call(OURS, method, path, body, headers)
        ref = call(REF, method, path, body, headers)
        problems = []
        if ours[0] != ref[0]:
            problems.append(f"status ours={ours[0]} ref={ref[0]}")
        if (ours[1] or "").split(";")[0] != (ref[1] or "").split(";")[0]:
            problems.append(f"content-type ours={ours[1]} ref={ref[1]}")
        if (ref[1] or "").startswith("application/json"):
            try:
                o, r = normalise(json.loads(ours[2])), normalise(json.loads(ref[2]))
                if o != r:
                    problems.append(f"body\n    ours={json.dumps(o)[:600]}\n    ref ={json.dumps(r)[:600]}")
            except ValueError as e:
                problems.append(f"json: {e}")
        if problems:
            known = KNOWN.get((method, path))
            tag = f"KNOWN ({known})" if known else "DIFF"
            if not known:
                differences += 1
            print(f"{tag} {method} {path}: " + "; ".join(problems))
        else:
            print(f"same {method} {path}")
    print(f"{differences} unexplained differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
