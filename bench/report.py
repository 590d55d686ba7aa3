#!/usr/bin/env python3
"""Turn the raw measurements of bench/run into one table and one JSON file (stdlib only).

    report.py --ours DIR [--reference DIR] --out FILE --repo ROOT [--duration S --connections N --threads N]

Each DIR holds what bench/run wrote for one server: wrk/<name>.out and .status, rss-idle,
rss-samples, rss-hwm, coldstart, jobstart (and for the reference: startsh, pids).
Ratios are ours/reference, except throughput: ours/reference req/s = how many times faster we are.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys

ENDPOINTS = [
    ("health", "GET /health", True),
    ("calibrations", "GET /calibrations", True),
    ("config_merged", "GET /config/merged", True),
    ("jobs_running", "GET /jobs/running", True),
    ("task_result_unknown", "GET /task_results/<unknown>", True),
    ("patch_active_calibration", "PATCH /active_calibrations/media_pump/<cal>", False),
]
# paths are under /unit_api; <cal> = media_pump-2026-02-10 (a fixture calibration)

# issue 5 targets, as ours/reference
THROUGHPUT_TARGET = 20.0   # ours >= 20x the reference's req/s on the reads
P99_TARGET = 0.10          # ours p99 <= 1/10 of the reference's
IDLE_MEMORY_TARGET = 0.50  # ours idle RSS <= 1/2 of the reference's (web + huey + master)
COLD_START_TARGET = 0.10   # ours cold start <= 1/10 of the reference's


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def parse_wrk_run(out):
    """One wrk run: the BENCH line printed by wrk.lua's done()."""
    if out is None:
        return {"error": "not run"}
    m = re.search(r"^BENCH (\{.*\})$", out, re.M)
    if not m:
        return {"error": "no wrk result: " + " ".join(out.split())[:200]}
    raw = json.loads(m.group(1))
    seconds = raw["duration_us"] / 1e6 if raw["duration_us"] else None
    errors = raw["non2xx"] + raw["connect_errors"] + raw["read_errors"] + raw["write_errors"] + raw["timeouts"]
    return dict(
        requests=raw["requests"],
        req_per_s=round(raw["requests"] / seconds, 1) if seconds else None,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors=errors,
        non2xx=raw["non2xx"],
        socket_errors={k: raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")},
    )


def parse_wrk(directory, name):
    """All rounds of one endpoint (wrk/<name>.r<N>.out): each metric's median over the rounds,
    errors summed, every round kept under "rounds"; plus the single-request status."""
    folder = os.path.join(directory, "wrk")
    status = (read(os.path.join(folder, name + ".status")) or "").strip() or None
    result = {"single_request_status": status}
    files = sorted((f for f in (os.listdir(folder) if os.path.isdir(folder) else [])
                    if re.fullmatch(re.escape(name) + r"\.r\d+\.out", f)),
                   key=lambda f: int(f.rsplit(".", 2)[1][1:]))
    runs = [parse_wrk_run(read(os.path.join(folder, f))) for f in files]
    if not runs:
        return dict(result, error="not run")
    failed = [r["error"] for r in runs if "error" in r]
    if failed:
        return dict(result, error=failed[0], rounds=runs)
    median = lambda key: statistics.median(r[key] for r in runs if r[key] is not None) \
        if any(r[key] is not None for r in runs) else None
    result.update(
        requests=sum(r["requests"] for r in runs),
        req_per_s=median("req_per_s"),
        p50_ms=median("p50_ms"),
        p90_ms=median("p90_ms"),
        p99_ms=median("p99_ms"),
        max_ms=max(r["max_ms"] for r in runs),
        errors=sum(r["errors"] for r in runs),
        non2xx=sum(r["non2xx"] for r in runs),
        rounds=runs,
    )
    return result


def parse_roles(directory, name):
    """'role kB' lines -> {role: MB}."""
    text = read(os.path.join(directory, name)) or ""
    out = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            out[parts[0]] = round(int(parts[1]) / 1024, 1)
    return out


def parse_samples(directory):
    """'t role kB' samples -> peak per role and peak of the per-sample sum (MB), sample count."""
    text = read(os.path.join(directory, "rss-samples")) or ""
    per_t = {}
    peak = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) != 3 or not parts[2].isdigit():
            continue
        t, role, kb = parts[0], parts[1], int(parts[2])
        per_t.setdefault(t, {})[role] = kb
        peak[role] = max(peak.get(role, 0), kb)
    total = max((sum(v.values()) for v in per_t.values()), default=None)
    return {
        "samples": len(per_t),
        "peak_by_process_mb": {k: round(v / 1024, 1) for k, v in peak.items()},
        "peak_total_mb": round(total / 1024, 1) if total is not None else None,
    }


def parse_coldstart(directory):
    text = read(os.path.join(directory, "coldstart")) or ""
    trials, notes = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("null"):
            notes.append(line[5:])
        else:
            trials.append(float(line))
    return {"trials_s": trials, "median_s": statistics.median(trials) if trials else None, "notes": notes}


def parse_jobstart(directory):
    text = (read(os.path.join(directory, "jobstart")) or "null not measured").strip()
    if text.startswith("seconds "):
        return {"seconds": float(text.split()[1]), "note": None}
    return {"seconds": None, "note": text[5:] if text.startswith("null ") else text}


def collect(directory, roles_total, worker_role):
    idle = parse_roles(directory, "rss-idle")
    hwm = parse_roles(directory, "rss-hwm")
    samples = parse_samples(directory)
    data = {
        "failed": (read(os.path.join(directory, "failed")) or "").strip() or None,
        "endpoints": {name: parse_wrk(directory, name) for name, _, _ in ENDPOINTS},
        "rss_idle_mb": idle,
        "rss_idle_total_mb": round(sum(idle[r] for r in roles_total if r in idle), 1) if idle else None,
        "rss_idle_web_mb": idle.get(worker_role),
        "rss_peak_sampled": samples,
        "rss_peak_web_mb": samples["peak_by_process_mb"].get(worker_role),
        "vm_hwm_mb": hwm,
        "vm_hwm_total_mb": round(sum(hwm[r] for r in roles_total if r in hwm), 1) if hwm else None,
        "cold_start": parse_coldstart(directory),
        "job_start": parse_jobstart(directory),
    }
    startsh = read(os.path.join(directory, "startsh"))
    if startsh:
        data["start_sh_end_to_end_s"] = float(startsh.strip())
    pids = read(os.path.join(directory, "pids"))
    if pids:
        data["pids"] = pids.strip()
    version = read(os.path.join(directory, "pioreactor-version"))
    if version:
        data["pioreactor_version"] = version.strip()
    return data


def tool_version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        text = (p.stdout + p.stderr).strip().splitlines()
        return text[0] if text else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def machine_info():
    cpu = None
    for line in (read("/proc/cpuinfo") or "").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = None
    for line in (read("/proc/meminfo") or "").splitlines():
        if line.startswith("MemTotal:"):
            mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {"nproc": os.cpu_count(), "cpu_model": cpu, "kernel": platform.release(),
            "mem_total_gb": mem, "os": platform.platform()}


def ratio(ours, ref):
    """ours/ref: for req/s how many times faster we are, otherwise our fraction of the reference."""
    if ours is None or ref is None or ref == 0:
        return None
    return ours / ref


def build_rows(ours, ref):
    rows = []

    def row(metric, unit, o, r, kind, target=None, target_text="", note=None, errors=False):
        rt = ratio(o, r)
        met = None
        if target is not None and rt is not None:
            met = rt >= target if kind == "higher" else rt <= target
        if errors and target is not None:
            met = None  # a result made of error responses says nothing about the target
        rows.append({"metric": metric, "unit": unit, "ours": o, "reference": r, "ratio": rt,
                     "ratio_kind": "ours/reference", "better": kind, "target": target_text or None,
                     "met": met, "note": note})

    for name, label, is_read in ENDPOINTS:
        o = ours["endpoints"][name]
        r = (ref or {}).get("endpoints", {}).get(name, {}) if ref else {}
        bad = bool(o.get("errors") or o.get("error") or r.get("errors") or r.get("error"))
        notes = []
        for who, d in (("ours", o), ("reference", r if ref else None)):
            if d is None:
                continue
            if d.get("error"):
                notes.append(f"{who}: {d['error']}")
            elif d.get("errors"):
                notes.append(f"{who}: {d['errors']} of {d['requests']} failed (single request: HTTP {d.get('single_request_status')})")
        note = "; ".join(notes) or None
        row(f"{label} req/s", "req/s", o.get("req_per_s"), r.get("req_per_s"), "higher",
            THROUGHPUT_TARGET if is_read else None, "≥ 20×" if is_read else "", note, bad)
        row(f"{label} p50", "ms", o.get("p50_ms"), r.get("p50_ms"), "lower", note=None)
        row(f"{label} p99", "ms", o.get("p99_ms"), r.get("p99_ms"), "lower", P99_TARGET, "≤ 0.10", None, bad)
        row(f"{label} errors", "count", o.get("errors"), r.get("errors"), "lower")

    row("RSS idle, all server processes", "MB", ours["rss_idle_total_mb"], ref and ref["rss_idle_total_mb"],
        "lower", IDLE_MEMORY_TARGET, "≤ 0.50",
        "reference = gunicorn web worker + huey consumer + gunicorn master" if ref else None)
    row("RSS idle, web process alone", "MB", ours["rss_idle_web_mb"], ref and ref["rss_idle_web_mb"], "lower")
    row("RSS peak under load (100 ms samples), all", "MB", ours["rss_peak_sampled"]["peak_total_mb"],
        ref and ref["rss_peak_sampled"]["peak_total_mb"], "lower")
    row("RSS peak under load (100 ms samples), web", "MB", ours["rss_peak_web_mb"], ref and ref["rss_peak_web_mb"], "lower")
    row("VmHWM at end, all", "MB", ours["vm_hwm_total_mb"], ref and ref["vm_hwm_total_mb"], "lower")
    row("cold start, exec → first 200 /health (median of 3)", "s", ours["cold_start"]["median_s"],
        ref and ref["cold_start"]["median_s"], "lower", COLD_START_TARGET, "≤ 0.10",
        "reference = its gunicorn web process with start.sh's argv and environment (huey and mosquitto already up)" if ref else None)
    if ref and "start_sh_end_to_end_s" in ref:
        row("reference start.sh end to end", "s", None, ref["start_sh_end_to_end_s"], "lower",
            note="informational: mosquitto, huey, job tables, gunicorn, polled every 0.5 s")
    oj, rj = ours["job_start"], (ref or {}).get("job_start", {})
    jnotes = "; ".join(f"{w}: {d['note']}" for w, d in (("ours", oj), ("reference", rj)) if d and d.get("note"))
    row("POST jobs/run/…/stirring → in jobs/running", "s", oj["seconds"], rj.get("seconds") if ref else None,
        "lower", note=jnotes or None)
    return rows


def fmt(v, unit):
    if v is None:
        return "null"
    if unit == "count":
        return str(int(v))
    if unit == "req/s":
        return f"{v:,.0f}"
    if unit == "ms":
        return f"{v:.2f}"
    if unit == "s":
        return f"{v:.3f}"
    return f"{v:.1f}"


def fmt_ratio(r, better):
    if r is None:
        return "—"
    return f"{r:.1f}×" if better == "higher" else f"{r:.3f}"


def print_table(rows, with_ref):
    head = ["metric", "unit", "ours", "reference", "ratio", "target", "met?"]
    body = []
    for r in rows:
        met = "—" if r["target"] is None else ("ERR" if r["met"] is None and r["ours"] is not None
                                                and r["reference"] is not None else
                                                ("n/a" if r["met"] is None else ("yes" if r["met"] else "NO")))
        body.append([r["metric"], r["unit"], fmt(r["ours"], r["unit"]),
                     fmt(r["reference"], r["unit"]) if with_ref else "(not run)",
                     fmt_ratio(r["ratio"], r["better"]), r["target"] or "", met])
    widths = [max(len(str(x[i])) for x in body + [head]) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(
        str(c).ljust(widths[i]) if i in (0, 1, 5, 6) else str(c).rjust(widths[i]) for i, c in enumerate(cells)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for b in body:
        print(line(b))
    notes = [(r["metric"], r["note"]) for r in rows if r["note"]]
    if notes:
        print("\nnotes:")
        for m, n in notes:
            print(f"  - {m}: {n}")
    print("\npaths are under /unit_api; <cal> = media_pump-2026-02-10. ratio = ours/reference (req/s: how many times faster we are; others: fraction of the "
          "reference's). met? ERR = a side had error responses, so the target is not judged.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", help="run folder holding loadavg-start")
    ap.add_argument("--ours", required=True)
    ap.add_argument("--reference")
    ap.add_argument("--out", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--duration", default="10")
    ap.add_argument("--rounds", default="1")
    ap.add_argument("--connections", default="16")
    ap.add_argument("--threads", default="2")
    a = ap.parse_args()

    ours = collect(a.ours, ["server"], "server")
    ref = collect(a.reference, ["master", "worker", "huey"], "worker") if a.reference else None
    rows = build_rows(ours, ref)

    git = lambda *args: tool_version(["git", "-C", a.repo, *args])
    venv = os.environ.get("PEER_VENV", "/tmp/peer-venv")
    result = {
        "schema": 1,
        "timestamp_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "git": {"sha": git("rev-parse", "HEAD"), "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
                "dirty": bool((subprocess.run(["git", "-C", a.repo, "status", "--porcelain", "--", "Sources"],
                                              capture_output=True, text=True).stdout or "").strip())},
        "machine": dict(machine_info(),
                        loadavg_1_5_15_at_start=(read(os.path.join(a.work, "loadavg-start")) or "").strip() or None
                        if a.work else None,
                        loadavg_1_5_15_at_end=" ".join((read("/proc/loadavg") or "").split()[:3]) or None),
        "tools": {
            "wrk": tool_version(["wrk", "--version"]),
            "swift": tool_version(["swift", "--version"]),
            "curl": tool_version(["curl", "--version"]),
            "python_report": sys.version.split()[0],
            "python_reference": tool_version([os.path.join(venv, "bin", "python"), "--version"]) if ref else None,
            "gunicorn": tool_version([os.path.join(venv, "bin", "gunicorn"), "--version"]) if ref else None,
            "pioreactor": ref.get("pioreactor_version") if ref else None,
        },
        "settings": {"wrk": f"wrk -t{a.threads} -c{a.connections} -d{a.duration}s --latency -s bench/wrk.lua",
                     "rounds": int(a.rounds),
                     "load_order": "both servers up; per round and endpoint ours and the reference back to back, "
                                   "the reference first in even rounds; req/s and latencies are medians over the rounds",
                     "rss_sampling_ms": 100, "cold_start_poll_ms": 10, "job_start_poll_ms": 10,
                     "job_start_timeout_s": 10,
                     "ours_env": "TESTING=1 PIO_SYSTEM_ACTIONS=dry-run PIO_UNIT_NAME=pioleader",
                     "reference": "shared/reference/start.sh (gunicorn -w 1 -k gthread --threads 8, huey -w 10, TESTING=1)"},
        "targets": {"read_throughput_ratio_min": THROUGHPUT_TARGET, "p99_ratio_max": P99_TARGET,
                    "idle_memory_ratio_max": IDLE_MEMORY_TARGET, "cold_start_ratio_max": COLD_START_TARGET},
        "rows": rows,
        "servers": {"ours": ours, "reference": ref},
    }
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print_table(rows, ref is not None)
    print(f"req/s and latencies: median of {a.rounds} round(s) of {a.duration} s each"
          + ("; both servers up, ours and the reference back to back per endpoint." if ref else "."))
    for who, d in (("ours", ours), ("reference", ref)):
        if d and d["failed"]:
            print(f"FAILED ({who}): {d['failed']}")
        if d and d["cold_start"]["notes"]:
            print(f"cold start ({who}): " + "; ".join(d["cold_start"]["notes"]))
    m = result["machine"]
    print(f"\nmachine: {m['nproc']} × {m['cpu_model']}, kernel {m['kernel']}; load average at start "
          f"{m['loadavg_1_5_15_at_start']}, at end {m['loadavg_1_5_15_at_end']}")
    print(f"written: {os.path.relpath(a.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
