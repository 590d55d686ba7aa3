#!/usr/bin/env python3
"""Writes openapi/unit-api.json (OpenAPI 3.1) and its embedded copy
Sources/UnitAPI/Routes/OpenAPIDocument+JSON.swift.

Run after changing the document: `python3 openapi/generate.py`.
`--check` exits 1 when either file differs from what this script would write.
The statuses and schemas describe what the Swift server really returns
(docs: /work/shared/spec/unit-api.md); fuzz/run checks them with schemathesis.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
JSON_PATH = ROOT / "openapi" / "unit-api.json"
SWIFT_PATH = ROOT / "Sources" / "UnitAPI" / "Routes" / "OpenAPIDocument+JSON.swift"

JSON_TYPE = "application/json"
TEXT_TYPE = "text/plain; charset=utf-8"
ZIP_TYPE = "application/zip"

REF = "#/components/schemas/"


def ref(name):
    return {"$ref": REF + name}


def obj(properties, required=None, additional=False, **extra):
    schema = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    schema["additionalProperties"] = additional
    schema.update(extra)
    return schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
ANY = {}
FREE_OBJECT = {"type": "object"}

# ---------------------------------------------------------------------------------------------
# Components

SCHEMAS = {
    "Error": obj(
        {
            "error": {"type": "string", "minLength": 1, "description": "Human-readable error (trimmed; `Request failed.` when blank)."},
            "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status code."},
            "cause": {"type": "string", "minLength": 1, "description": "Human-readable cause; defaults to `error`."},
            "remediation": {"type": "string", "minLength": 1, "description": "Suggested fix; omitted when there is none."},
        },
        required=["error", "status", "cause"],
        description="The error schema of every response with status >= 400 (spec §1.2).",
    ),
    "TaskAccepted": obj(
        {
            "unit": STRING,
            "task_id": {"type": "string", "format": "uuid"},
            "result_url_path": {"type": "string", "pattern": "^/unit_api/task_results/[0-9a-f-]{36}$"},
        },
        description="202 answer of an endpoint that enqueued a task (spec §1.4).",
    ),
    "LockInProgress": obj(
        {"status": {"const": "in_progress"}, "lock": STRING},
        description="202 answer when the route-level lock pre-check finds the lock held: no task id.",
    ),
    "TaskSubmission": {
        "oneOf": [ref("TaskAccepted"), ref("LockInProgress")],
        "description": "A new task, or the lock pre-check answer.",
    },
    "TaskResultPending": obj(
        {
            "task_id": STRING,
            "result_url_path": STRING,
            "status": {"enum": ["pending", "running"]},
            "error": STRING,
            "cause": STRING,
            "remediation": STRING,
        },
        required=["task_id", "result_url_path", "status"],
        description="No result yet: queued, executing (`running`), unknown id (`pending` forever), or a lock failure (`running` with error/cause/remediation).",
    ),
    "TaskResultFinished": {
        "oneOf": [
            obj(
                {"task_id": STRING, "result_url_path": STRING, "status": {"const": "succeeded"}, "result": ANY},
                description="The task's return value, which may be null, false, an object…",
            ),
            obj(
                {
                    "task_id": STRING,
                    "result_url_path": STRING,
                    "status": {"const": "failed"},
                    "error": STRING,
                    "cause": {"const": "Huey task failed with an exception."},
                    "remediation": {"const": "Check logs and retry."},
                },
            ),
        ],
    },
    "StatusSuccess": obj({"status": {"const": "success"}}),
    "Message": obj({"msg": STRING}),
    "Health": obj({"status": {"const": "ok"}, "pioreactor_unit": STRING, "utc_time": {"type": "string", "format": "date-time"}}),
    "AppVersion": obj({"version": STRING}),
    "ClockTime": obj({"status": {"const": "success"}, "clock_time": {"type": "string", "format": "date-time"}}),
    "JobRecord": obj(
        {
            "job_id": INTEGER,
            "job_name": STRING,
            "experiment": STRING,
            "job_source": {"type": ["string", "null"]},
            "unit": STRING,
            "started_at": STRING,
            "ended_at": {"type": ["string", "null"]},
        },
        description="A row of the job history (7 keys).",
    ),
    "RunningJob": obj(
        {
            "job_id": INTEGER,
            "unit": STRING,
            "experiment": STRING,
            "job_name": STRING,
            "job_source": {"type": ["string", "null"]},
            "started_at": STRING,
            "is_running": {"enum": [0, 1]},
            "leader": {"type": ["string", "null"]},
            "pid": {"type": ["integer", "null"]},
            "is_long_running_job": {"enum": [0, 1]},
            "ended_at": {"type": ["string", "null"]},
        },
        description="A full row of pio_job_metadata (11 columns).",
    ),
    "SettingValue": {
        "type": ["string", "number", "integer", "null"],
        "description": "As SQLite stored it: numbers, 0/1 for booleans, strings, JSON text for structures.",
    },
    "JobSettings": obj({"settings": {"type": "object", "additionalProperties": ref("SettingValue")}}),
    "JobSetting": {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": ref("SettingValue"),
        "description": "`{<setting>: <value>}`.",
    },
    "BioreactorValues": obj(
        {
            "values": obj(
                {"current_volume_ml": NUMBER, "efflux_tube_volume_ml": NUMBER, "alt_media_fraction": NUMBER}
            )
        }
    ),
    "CalibrationProtocol": obj(
        {
            "id": STRING,
            "target_device": STRING,
            "protocol_name": STRING,
            "priority": INTEGER,
            "title": STRING,
            "description": STRING,
            "requirements": {"type": "array", "items": STRING},
        }
    ),
    "Calibration": {
        "type": "object",
        "properties": {
            "calibration_type": STRING,
            "calibration_name": STRING,
            "calibrated_on_pioreactor_unit": STRING,
            "created_at": STRING,
            "is_active": BOOLEAN,
            "pioreactor_unit": STRING,
        },
        "required": ["calibration_type", "calibration_name", "is_active", "pioreactor_unit"],
        "additionalProperties": True,
        "description": "The decoded calibration (its fields depend on calibration_type) plus is_active and pioreactor_unit.",
    },
    "Estimator": {
        "type": "object",
        "properties": {
            "estimator_type": STRING,
            "estimator_name": STRING,
            "calibrated_on_pioreactor_unit": STRING,
            "created_at": STRING,
            "is_active": BOOLEAN,
            "pioreactor_unit": STRING,
            "device": STRING,
        },
        "required": ["estimator_type", "estimator_name", "is_active", "pioreactor_unit"],
        "additionalProperties": True,
        "description": "The decoded estimator (fields depend on estimator_type) plus is_active, pioreactor_unit and, except in /active_estimators, device.",
    },
    "MergedConfig": {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
        "description": "section → {key: value}; null for a key without `=`.",
    },
    "InstalledPlugin": obj(
        {
            "name": {"type": ["string", "null"]},
            "version": {"type": ["string", "null"]},
            "description": {"type": ["string", "null"]},
            "homepage": {"type": ["string", "null"]},
            "source": STRING,
            "author": {"type": ["string", "null"]},
        }
    ),
    "JobDescriptor": {
        "type": "object",
        "properties": {
            "display_name": STRING,
            "job_name": STRING,
            "display": BOOLEAN,
            "published_settings": {"type": "array", "items": FREE_OBJECT},
            "source": {"type": ["string", "null"]},
            "description": {"type": ["string", "null"]},
            "subtext": {"type": ["string", "null"]},
            "is_testing": BOOLEAN,
        },
        "required": ["display_name", "job_name", "published_settings"],
        "additionalProperties": True,
    },
    "AutomationDescriptor": {
        "type": "object",
        "properties": {
            "display_name": STRING,
            "automation_name": STRING,
            "description": {"type": ["string", "null"]},
            "source": {"type": ["string", "null"]},
            "fields": {"type": "array", "items": FREE_OBJECT},
        },
        "required": ["display_name", "automation_name", "fields"],
        "additionalProperties": True,
    },
    "Capability": {
        "type": "object",
        "properties": {
            "job_name": STRING,
            "automation_name": STRING,
            "help": {"type": ["string", "null"]},
            "arguments": {"type": "array", "items": FREE_OBJECT},
            "options": {"type": "array", "items": FREE_OBJECT},
            "published_settings": {"type": "object", "additionalProperties": FREE_OBJECT},
            "cli_example": STRING,
        },
        "required": ["job_name", "arguments", "options", "published_settings", "cli_example"],
        "additionalProperties": False,
    },
    "DirectoryListing": obj(
        {"current": STRING, "dirs": {"type": "array", "items": STRING}, "files": {"type": "array", "items": STRING}}
    ),
    "WebServerStatus": obj({"service": STRING, "state": {"enum": ["ready", "disconnected"]}, "raw_status": STRING}),
    "CalibrationCreated": obj({"msg": {"const": "Calibration created successfully."}, "path": STRING}),
    # Request bodies
    "ArgsOptionsEnvs": obj(
        {
            "args": {"type": "array", "items": STRING, "description": "Positional CLI arguments."},
            "options": {"type": "object", "description": "CLI options: `--key-name value`; null makes a bare flag."},
            "env": {"type": "object", "additionalProperties": STRING, "description": "Environment for the child process."},
        },
        required=[],
        additional=True,
        description="Typed body (spec §1.8). Unknown fields are ignored.",
    ),
    "ArgsOptionsEnvsConfigOverrides": obj(
        {
            "args": {"type": "array", "items": STRING},
            "options": {"type": "object"},
            "env": {"type": "object", "additionalProperties": STRING},
            "config_overrides": {
                "type": "array",
                "items": {"type": "array", "items": STRING, "minItems": 3, "maxItems": 3},
                "description": "[section, key, value] triples.",
            },
        },
        required=[],
        additional=True,
    ),
    "PluginInstall": obj(
        {
            "args": {"type": "array", "items": ref("PluginName"), "minItems": 1, "maxItems": 1},
            "options": {
                "type": "object",
                "properties": {
                    "source": {
                        "type": ["string", "null"],
                        "pattern": "^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?|[A-Za-z0-9_./][A-Za-z0-9_./-]*\\.(whl|zip))?$",
                        "description": "An http(s) URL, a .whl path or a .zip path; empty or null for none.",
                    }
                },
            },
            "env": {"type": "object", "additionalProperties": STRING, "description": "Ignored."},
        },
        required=["args"],
        additional=True,
        description="ArgsOptionsEnvs with exactly one plugin name in args.",
    ),
    "PluginUninstall": obj(
        {
            "args": {"type": "array", "items": ref("PluginName"), "minItems": 1, "maxItems": 1},
            "options": {"type": "object"},
            "env": {"type": "object", "additionalProperties": STRING},
        },
        required=["args"],
        additional=True,
        description="ArgsOptionsEnvs with exactly one plugin name in args.",
    ),
    "PluginName": {
        "type": "string",
        "maxLength": 200,
        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]*(==[A-Za-z0-9][A-Za-z0-9.+!_-]*)?$",
        "description": "A package name, optionally pinned (`name==1.2.0`).",
    },
    "CodePatch": obj({"code": {"type": "string", "description": "The whole unit_config.ini text."}}, additional=True),
    "JobStopFilter": obj(
        {
            "job_name": {"type": ["string", "null"]},
            "experiment": {"type": ["string", "null"]},
            "job_source": {"type": ["string", "null"]},
            "job_id": {"type": ["integer", "null"]},
        },
        required=[],
        additional=True,
        anyOf=[
            {"required": ["job_name"], "properties": {"job_name": {"type": "string", "minLength": 1}}},
            {"required": ["experiment"], "properties": {"experiment": {"type": "string", "minLength": 1}}},
            {"required": ["job_source"], "properties": {"job_source": {"type": "string", "minLength": 1}}},
            {"required": ["job_id"], "properties": {"job_id": {"type": "integer", "not": {"const": 0}}}},
        ],
        description="At least one filter must be truthy, otherwise 400 `No job filter specified`. Every non-null filter must match.",
    ),
    "CalibrationCreate": obj(
        {
            "calibration_data": {"type": "string", "description": "The YAML text of one calibration."},
            "set_as_active": {"type": "boolean", "default": False},
        },
        required=["calibration_data"],
        additional=True,
    ),
    "JobSettingsUpdate": obj(
        {"settings": {"type": "object", "minProperties": 1, "additionalProperties": True}},
        required=["settings"], additional=True,
    ),
    "BioreactorUpdate": obj(
        {
            "values": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    "current_volume_ml": {"type": ["number", "string"]},
                    "efflux_tube_volume_ml": {"type": ["number", "string"]},
                    "alt_media_fraction": {"type": ["number", "string"]},
                },
                "additionalProperties": False,
                "description": "Numbers or numeric strings, validated against the unit's model.",
            }
        },
        required=["values"],
        additional=True,
    ),
    "RemoveFile": obj(
        {"filepath": {"type": "string", "minLength": 1, "description": "Absolute, `~`-relative or DOT_PIOREACTOR-relative path."}},
        additional=True,
    ),
    "ClockUpdate": obj(
        {
            "utc_clock_time": {
                "type": "string",
                "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,6})?Z$",
                "description": "Exactly YYYY-MM-DDTHH:MM:SS[.f{1,6}]Z (ignored on a worker).",
            }
        },
        additional=True,
    ),
    "HardwareCheck": obj(
        {"model_name": {"type": "string", "minLength": 1}, "model_version": {"type": "string", "minLength": 1}},
        additional=True,
    ),
    "ImportUpload": obj(
        {"archive": {"type": "string", "format": "binary", "description": "A zip made by GET /unit_api/zipped_dot_pioreactor."}},
        additional=True,
    ),
}

# ---------------------------------------------------------------------------------------------
# Response helpers

ERROR_DESCRIPTIONS = {
    400: "Bad request",
    403: "Forbidden",
    404: "Not found",
    413: "Request body too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
    503: "Not implemented",
    507: "Insufficient storage: the unit's disk is full; nothing was changed",
}


def error(status, description=None):
    schema = {"allOf": [ref("Error"), {"properties": {"status": {"const": status}}}]}
    return {
        "description": description or ERROR_DESCRIPTIONS[status],
        "content": {JSON_TYPE: {"schema": schema}},
    }


def json_response(description, schema, headers=None):
    response = {"description": description, "content": {JSON_TYPE: {"schema": schema}}}
    return response


def text_response(description):
    return {"description": description, "content": {TEXT_TYPE: {"schema": STRING}}}


def zip_response(description):
    return {"description": description, "content": {ZIP_TYPE: {"schema": {"type": "string", "format": "binary"}}}}


def task_accepted(description="Task enqueued."):
    return json_response(description, ref("TaskAccepted"))


def task_or_lock(description="Task enqueued, or the lock is held (no task id)."):
    return json_response(description, ref("TaskSubmission"))


def param(name, description=None, examples=(), schema=None):
    """A path parameter; `examples` are values that exist in the reference fixture (fuzz/run uses them)."""
    parameter = {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}
    if description:
        parameter["description"] = description
    if examples:
        parameter["examples"] = {str(value).replace("/", "_"): {"value": value} for value in examples}
    return parameter


def json_body(schema_name, required=True, examples=()):
    body = {"required": required, "content": {JSON_TYPE: {"schema": ref(schema_name)}}}
    if examples:
        body["content"][JSON_TYPE]["examples"] = {name: {"value": value} for name, value in examples}
    return body


# ---------------------------------------------------------------------------------------------
# Operations, in the order of spec §2

OPERATIONS = []


def op(method, path, tag, summary, responses, params=(), body=None, description=None):
    OPERATIONS.append((method, path, tag, summary, responses, list(params), body, description))


def op2(path, tag, summary, responses, params=(), body=None, description=None):
    for method in ("post", "patch"):
        op(method, path, tag, summary, responses, params, body, description)


P = "/unit_api"
PUMP_CALIBRATION_YAML = """calibration_type: simple_peristaltic_pump
calibration_name: media_pump-example
calibrated_on_pioreactor_unit: pioleader
created_at: 2026-02-10 13:22:05+00:00
curve_data_:
  type: poly
  coefficients: [0.55, 0.02]
x: Duration
y: Volume
recorded_data:
  x: [0.5, 1.0]
  y: [0.295, 0.57]
hz: 250.0
dc: 65.0
voltage: 5.02
"""
BODY_ERRORS = {400: error(400), 413: error(413)}

op("get", P + "/task_results/{task_id}", "tasks", "Poll a task created by an async endpoint",
   {200: json_response("The task finished: succeeded (with its result) or failed.", ref("TaskResultFinished")),
    202: json_response("No result yet (also for an unknown id).", ref("TaskResultPending"))},
   [param("task_id", examples=["86bcf376-0a78-4729-80c6-23e4c9822105"])])
op("get", P + "/health", "versions", "Liveness probe",
   {200: json_response("Healthy.", ref("Health"))})
op("get", P + "/versions/app", "versions", "App version",
   {200: json_response("The app version.", ref("AppVersion"))})
op2(P + "/jobs/run/job_name/{job_name}", "jobs", "Start a job or action (`pio run <job_name> …`)",
    {202: task_accepted(), **BODY_ERRORS,
     429: error(429, "Another request for this job_name came within 1 s (per-job debounce).")},
    [param("job_name", examples=["stirring", "add_media"])],
    json_body("ArgsOptionsEnvsConfigOverrides", examples=[
        ("stirring", {"args": [], "options": {"target_rpm": 400}, "env": {"EXPERIMENT": "exp1", "JOB_SOURCE": "user"},
                      "config_overrides": [["stirring.config", "pwm_hz", "100"]]}),
        ("dose", {"options": {"ml": 1.5}, "env": {"EXPERIMENT": "exp1"}}),
    ]),
    "Debounced per job_name (1 s, 429), then the body is decoded (400) and the dosing safety check runs (400).")
op2(P + "/jobs/stop", "jobs", "Stop running jobs matching the filters",
    {202: task_accepted(), **BODY_ERRORS}, body=json_body("JobStopFilter", examples=[("by_name", {"job_name": "stirring"})]))
op2(P + "/jobs/stop/all", "jobs", "Stop every running job except long-running ones",
    {202: task_accepted()})
op("get", P + "/jobs", "jobs", "Job history, newest first",
   {200: json_response("Every job row.", {"type": "array", "items": ref("JobRecord")})})
RUNNING = {200: json_response("Running jobs.", {"type": "array", "items": ref("RunningJob")})}
op("get", P + "/jobs/running", "jobs", "Running jobs", RUNNING)
op("get", P + "/jobs/running/{job_name}", "jobs", "Running jobs with this name", RUNNING, [param("job_name", examples=["stirring"])])
op("get", P + "/jobs/running/experiments/{experiment}", "jobs", "Running jobs of this experiment", RUNNING,
   [param("experiment", examples=["exp1"])])
op("get", P + "/long_running_jobs/running", "jobs", "Running long-running jobs", RUNNING)
op("get", P + "/jobs/settings/job_name/{job_name}", "settings", "Published settings of a running job",
   {200: json_response("The settings.", ref("JobSettings")), 404: error(404, "No settings found for job.")},
   [param("job_name", examples=["stirring"])])
op("get", P + "/jobs/settings/job_name/{job_name}/setting/{setting}", "settings", "One published setting",
   {200: json_response("The setting.", ref("JobSetting")), 404: error(404, "Setting not found.")},
   [param("job_name", examples=["stirring"]), param("setting", "Use the literal `$state` for the job state.", examples=["$state", "target_rpm"])])
op("patch", P + "/jobs/settings/job_name/{job_name}", "settings", "Change settings of a running job",
   {200: json_response("Delivered to the job, which applies and republishes them within a second.", ref("StatusSuccess")),
    **BODY_ERRORS, 404: error(404, "Job not running.")},
   [param("job_name", examples=["stirring"])],
   json_body("JobSettingsUpdate", examples=[("rpm", {"settings": {"target_rpm": 400}})]),
   description="The reference answers 503; this server delivers the settings through the unit's local settings channel. "
               "400 for a missing `settings` object, an unknown or read-only setting, or a value of the wrong type.")
op("get", P + "/bioreactor/experiments/{experiment}", "bioreactor", "Liquid state of an experiment",
   {200: json_response("The three values.", ref("BioreactorValues")),
    500: error(500, "A stored or configured value is out of range for this unit's model.")},
   [param("experiment", examples=["exp1"])])
op("patch", P + "/bioreactor/experiments/{experiment}", "bioreactor", "Set liquid-state values",
   {200: json_response("Stored.", ref("StatusSuccess")), **BODY_ERRORS},
   [param("experiment", examples=["exp1"])],
   json_body("BioreactorUpdate", examples=[("volume", {"values": {"current_volume_ml": 12.5, "alt_media_fraction": "0.1"}})]),
   "Lenient body: anything that is not a JSON object reads as `{}` (400 Missing bioreactor values.).")
op("get", P + "/calibration_protocols", "calibrations", "Calibration protocols",
   {200: json_response("Protocols, sorted.", {"type": "array", "items": ref("CalibrationProtocol")})})
CAL_DIR_MISSING = error(404, "Calibration directory does not exist.")
op("get", P + "/calibrations", "calibrations", "All calibrations by device",
   {200: json_response("device → calibrations.", {"type": "object", "additionalProperties": {"type": "array", "items": ref("Calibration")}}),
    404: CAL_DIR_MISSING})
op("get", P + "/calibrations/{device}", "calibrations", "Calibrations of a device",
   {200: json_response("The device's calibrations.", {"type": "array", "items": ref("Calibration")}),
    404: CAL_DIR_MISSING}, [param("device", examples=["media_pump", "od90"])])
op("post", P + "/calibrations/{device}", "calibrations", "Create (or overwrite) a calibration",
   {201: json_response("Written.", ref("CalibrationCreated")), **BODY_ERRORS,
    415: error(415, "The Content-Type is not JSON."),
    500: error(500, "Failed to create calibration.")},
   [param("device", examples=["media_pump"])],
   json_body("CalibrationCreate", examples=[("pump", {"calibration_data": PUMP_CALIBRATION_YAML, "set_as_active": True})]),
   "Strict JSON: 415 without a JSON content type, 400 when malformed or invalid.")
op("get", P + "/calibrations/{device}/{calibration_name}", "calibrations", "One calibration",
   {200: json_response("The calibration.", ref("Calibration")),
    404: error(404, "Calibration file does not exist."), 500: error(500, "Failed to read calibration file.")},
   [param("device", examples=["media_pump"]), param("calibration_name", examples=["media_pump-2026-02-10"])])
op("delete", P + "/calibrations/{device}/{calibration_name}", "calibrations", "Delete a calibration",
   {200: json_response("Deleted.", ref("Message")), 404: error(404, "Calibration not found."),
    500: error(500, "Failed to delete calibration.")},
   [param("device", examples=["od90"]), param("calibration_name", examples=["od90-older-2025-11"])])
op("get", P + "/active_calibrations", "calibrations", "Active calibration of each device",
   {200: json_response("device → calibration.", {"type": "object", "additionalProperties": ref("Calibration")}),
    404: CAL_DIR_MISSING})
op("patch", P + "/active_calibrations/{device}/{calibration_name}", "calibrations", "Set the active calibration",
   {200: json_response("Set.", ref("StatusSuccess")), 400: error(400, "Invalid device or calibration name.")},
   [param("device", examples=["waste_pump"]), param("calibration_name", examples=["waste_pump-2026-02-10"])])
op("delete", P + "/active_calibrations/{device}", "calibrations", "Clear the active calibration (idempotent)",
   {200: json_response("Cleared.", ref("StatusSuccess"))}, [param("device", examples=["alt_media_pump"])])
op("get", P + "/zipped_calibrations", "calibrations", "Every calibration YAML as a zip",
   {200: zip_response("`<unit>_calibrations.zip`."), 404: CAL_DIR_MISSING,
    500: error(500, "Failed to create calibrations zip.")})
op("get", P + "/estimators", "estimators", "All estimators by device",
   {200: json_response("device → estimators.", {"type": "object", "additionalProperties": {"type": "array", "items": ref("Estimator")}})})
op("get", P + "/estimators/{device}", "estimators", "Estimators of a device",
   {200: json_response("The device's estimators ([] when none).", {"type": "array", "items": ref("Estimator")})},
   [param("device", examples=["od_fused"])])
op("get", P + "/estimators/{device}/{estimator_name}", "estimators", "One estimator",
   {200: json_response("The estimator.", ref("Estimator")), 404: error(404, "Estimator not found."),
    500: error(500, "Failed to read estimator file.")},
   [param("device", examples=["od_fused"]), param("estimator_name", examples=["od-fused-2026-02"])])
op("delete", P + "/estimators/{device}/{estimator_name}", "estimators", "Delete an estimator",
   {200: json_response("Deleted.", ref("Message")), 404: error(404, "Estimator not found."),
    500: error(500, "Failed to delete estimator.")},
   [param("device", examples=["od_fused"]), param("estimator_name", examples=["no-such-estimator"])])
op("get", P + "/active_estimators", "estimators", "Active estimator of each device",
   {200: json_response("device → estimator.", {"type": "object", "additionalProperties": ref("Estimator")})})
op("patch", P + "/active_estimators/{device}/{estimator_name}", "estimators", "Set the active estimator",
   {200: json_response("Set.", ref("StatusSuccess")), 400: error(400, "Invalid device or estimator name.")},
   [param("device", examples=["od_fused"]), param("estimator_name", examples=["od-fused-2026-02"])])
op("delete", P + "/active_estimators/{device}", "estimators", "Clear the active estimator (idempotent)",
   {200: json_response("Cleared.", ref("StatusSuccess"))}, [param("device", examples=["od_fused"])])
op("get", P + "/config/merged", "config", "config.ini merged with unit_config.ini",
   {200: json_response("section → {key: value}.", ref("MergedConfig")),
    500: error(500, "Failed to read merged config.")})
op("get", P + "/config/specific", "config", "The raw unit_config.ini",
   {200: text_response("The file's text (empty when missing).")})
op2(P + "/config/specific", "config", "Replace unit_config.ini",
    {200: json_response("Written.", ref("StatusSuccess")), **BODY_ERRORS,
     500: error(500, "Failed to validate merged config, or to write the file.")},
    body=json_body("CodePatch", examples=[("overrides", {"code": "[stirring.config]\ninitial_target_rpm=450\n"})]))
op("get", P + "/plugins/installed", "plugins", "Installed plugins",
   {200: json_response("The plugins.", {"type": "array", "items": ref("InstalledPlugin")})})
op("get", P + "/plugins/installed/{filename}", "plugins", "A plugin's source file",
   {200: text_response("The .py file."), 404: error(404, "Not a .py file, or missing."),
    500: error(500, "The file could not be read.")},
   [param("filename", examples=["relay_blinker.py"])])
op2(P + "/plugins/install", "plugins", "Install a plugin",
    {202: task_accepted(), **BODY_ERRORS, 403: error(403, "DISALLOW_UI_INSTALLS is present.")},
    body=json_body("PluginInstall", examples=[("by_name", {"args": ["pioreactor-air-bubbler"]})]))
op2(P + "/plugins/uninstall", "plugins", "Uninstall a plugin",
    {202: task_accepted(), **BODY_ERRORS},
    body=json_body("PluginUninstall", examples=[("file_plugin", {"args": ["relay_blinker"]})]))
op("get", P + "/jobs/descriptors", "descriptors", "UI descriptors of jobs",
   {200: json_response("The descriptors.", {"type": "array", "items": ref("JobDescriptor")})})
op("get", P + "/automations/descriptors/{automation_type}", "descriptors", "UI descriptors of automations",
   {200: json_response("The descriptors.", {"type": "array", "items": ref("AutomationDescriptor")}),
    400: error(400, "Not a valid automation type.")},
   [param("automation_type", schema={"enum": ["temperature", "dosing", "led"]}, examples=["dosing"])])
op("get", P + "/capabilities", "descriptors", "Everything `pio run` can start on this unit",
   {200: json_response("The catalogue.", {"type": "array", "items": ref("Capability")})})
op2(P + "/hardware/check", "system", "Check the model's I2C devices",
    {202: task_accepted(), **BODY_ERRORS}, body=json_body("HardwareCheck", examples=[("model", {"model_name": "pioreactor_40ml", "model_version": "1.5"})]),
    description="Lenient body: anything that is not a JSON object reads as `{}`.")
FILE_RESPONSES = {
    200: {"description": "A directory listing (JSON), or a file's bytes served as text/plain.",
          "content": {JSON_TYPE: {"schema": ref("DirectoryListing")}, TEXT_TYPE: {"schema": STRING}}},
    206: {"description": "A byte range of a file.", "content": {TEXT_TYPE: {"schema": STRING}}},
    304: {"description": "Not modified (conditional GET)."},
    403: error(403, "DISALLOW_UI_FILE_SYSTEM is present, the path escapes DOT_PIOREACTOR, or it is a SQLite file."),
    404: error(404, "Path not found."),
    416: {"description": "Range not satisfiable (empty body, Content-Range: bytes */<size>)."},
}
op("get", P + "/system/path/", "files", "List DOT_PIOREACTOR", FILE_RESPONSES)
op("get", P + "/system/path/{req_path}", "files", "Browse or download inside DOT_PIOREACTOR", FILE_RESPONSES,
   [param("req_path", "A path relative to DOT_PIOREACTOR; may contain `/`.",
          examples=["config.ini", "storage", "storage/.keep", "storage/calibrations/media_pump/media_pump-2026-02-10.yaml"])])
op2(P + "/system/remove_file", "files", "Delete a file inside DOT_PIOREACTOR",
    {202: task_accepted(), **BODY_ERRORS,
     403: error(403, "DISALLOW_UI_FILE_SYSTEM is present, or the path is outside DOT_PIOREACTOR.")},
    body=json_body("RemoveFile", examples=[("plugin", {"filepath": "plugins/relay_blinker.py"})]))
op("get", P + "/zipped_dot_pioreactor", "files", "Export DOT_PIOREACTOR as a zip",
   {200: zip_response("`<unit>_dot_pioreactor.zip`."), 403: error(403, "DISALLOW_UI_FILE_SYSTEM is present."),
    500: error(500, "The archive could not be written.")})
op("post", P + "/import_zipped_dot_pioreactor", "files", "Restore DOT_PIOREACTOR from an exported zip",
   {202: {"description": "Import enqueued, or the lock is held; in testing mode a bare 202 with an empty text/html body.",
          "content": {JSON_TYPE: {"schema": ref("TaskSubmission")}, "text/html": {"schema": {"type": "string", "maxLength": 0}}}},
    400: error(400, "No archive, not a zip, or the archive failed validation."),
    403: error(403, "DISALLOW_UI_FILE_SYSTEM is present."),
    413: error(413),
    500: error(500, "The archive could not be saved, inspected or enqueued.")},
   body={"required": True, "content": {"multipart/form-data": {"schema": ref("ImportUpload")}}})
op2(P + "/system/reboot", "system", "Reboot the unit",
    {202: task_or_lock()}, description="The leader waits 5 s before enqueueing. No body is read.")
op2(P + "/system/shutdown", "system", "Shut the unit down", {202: task_or_lock()}, description="No body is read.")
UPDATE = {202: task_or_lock(), **BODY_ERRORS}
UPDATE_EXAMPLES = [("version", {"args": [], "options": {"version": "26.4.5", "no_deps": None}})]
op2(P + "/system/update", "system", "Update the app", UPDATE, body=json_body("ArgsOptionsEnvs", examples=UPDATE_EXAMPLES))
op2(P + "/system/update/{target}", "system", "Update a target (only `app`)",
    {**UPDATE, 404: error(404, "Invalid target.")}, [param("target", "Only `app` is valid.", examples=["app"])],
    json_body("ArgsOptionsEnvs", examples=UPDATE_EXAMPLES))
op("get", P + "/system/utc_clock", "system", "The unit's clock",
   {200: json_response("The current UTC time.", ref("ClockTime"))})
op2(P + "/system/utc_clock", "system", "Set the clock (leader) or sync it to the leader (worker)",
    {202: task_or_lock(), **BODY_ERRORS}, body=json_body("ClockUpdate", required=False, examples=[("time", {"utc_clock_time": "2026-01-31T12:34:56.123Z"})]),
    description="Lenient body on the leader (an empty or non-JSON body is a 400); a worker ignores the body.")
op("get", P + "/system/web_server/status", "system", "Web server status (leader only)",
   {200: json_response("The status.", ref("WebServerStatus")),
    403: error(403, "This endpoint is only available on the leader.")})
op2(P + "/system/web_server/restart", "system", "Restart the web server (leader only)",
    {202: task_or_lock(), 403: error(403, "This endpoint is only available on the leader.")})
op("get", P + "/openapi.json", "meta", "This OpenAPI document",
   {200: json_response("The document.", {"type": "object", "required": ["openapi", "info", "paths"]})},
   description="An addition: the reference app does not serve it.")


def operation_id(method, path):
    words = [w.strip("{}") for w in path[len(P):].strip("/").split("/") if w]
    return method + "_" + "_".join(words).replace(".", "_") if words else method + "_system_path_root"


def build():
    paths = {}
    for method, path, tag, summary, responses, params, body, description in OPERATIONS:
        operation = {"operationId": operation_id(method, path), "tags": [tag], "summary": summary}
        if path.endswith("/system/path/"):
            operation["operationId"] = "get_system_path_root"
        if description:
            operation["description"] = description
        if params:
            operation["parameters"] = params
        if body:
            operation["requestBody"] = body
        if method not in ("get", "head", "options") and 507 not in responses:
            # Any write can meet a full disk: a clean 507 in the error schema, old state intact.
            responses = {**responses, 507: error(507)}
        operation["responses"] = {str(code): response for code, response in sorted(responses.items())}
        paths.setdefault(path, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Pioreactor Unit API",
            "version": "26.4.5.dev0",
            "description": "The /unit_api routes every Pioreactor serves (leader or worker). Every response with status >= 400 uses the Error schema.",
        },
        "tags": [{"name": name} for name in dict.fromkeys(o[2] for o in OPERATIONS)],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


def render():
    text = json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
    assert '"""#' not in text
    swift = (
        "// Generated by openapi/generate.py from openapi/unit-api.json; do not edit.\n"
        "// OpenAPIDocumentTests checks that it matches the committed file.\n\n"
        "extension OpenAPIRoutes {\n"
        "    /// The OpenAPI 3.1 document served at `GET /unit_api/openapi.json`.\n"
        "    static let document = #\"\"\"\n" + text + "\n\"\"\"#\n"
        "}\n"
    )
    return text, swift


def main():
    text, swift = render()
    if "--check" in sys.argv[1:]:
        stale = [p for p, want in ((JSON_PATH, text), (SWIFT_PATH, swift))
                 if not p.exists() or p.read_text(encoding="utf-8") != want]
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run python3 openapi/generate.py", file=sys.stderr)
        sys.exit(1 if stale else 0)
    JSON_PATH.write_text(text, encoding="utf-8")
    SWIFT_PATH.write_text(swift, encoding="utf-8")


if __name__ == "__main__":
    main()
