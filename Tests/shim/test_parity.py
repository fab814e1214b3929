"""Parity with AWS's own client: the same handlers run under `python -m awslambdaric` and under the
shim, against the same fake Runtime API; what each posts and logs must be the same.

Skipped when awslambdaric is not importable by the interpreter under test
(`pip install awslambdaric` into it to enable).
"""

import json
import re
import subprocess

import pytest

from conftest import PYTHON, RuntimeProcess, write_code
from fake_runtime_api import API, FakeRuntimeAPI


def _has_awslambdaric():
    try:
        return subprocess.run([PYTHON, "-c", "import awslambdaric.bootstrap"], capture_output=True).returncode == 0
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _has_awslambdaric(),
    reason="awslambdaric is not importable by %s (pip install awslambdaric to run parity tests)" % PYTHON,
)

HANDLER = r'''
import decimal, logging, os, sys
logger = logging.getLogger()
logger.warning("module level warning %s", 1)
print("module level print")

def helper():
    raise ValueError("bad value\nwith a second line")

def handler(event, context):
    print("handling", type(event).__name__)
    logger.warning("handler warning")
    logger.info("info (hidden unless the level allows it)")
    op = event.get("op") if isinstance(event, dict) else "raw"
    if op == "raw":
        return {"raw": event.decode("latin-1")}
    if op == "echo":
        return event
    if op == "none":
        return None
    if op == "bytes":
        return b"\x00\x01binary\xff"
    if op == "decimal":
        return {"d": [decimal.Decimal("1.50"), decimal.Decimal("-1E-7"), decimal.Decimal("NaN")]}
    if op == "unicode":
        return {"s": "caf\u00e9 \u2028 \U0001F600 \x00 \x7f"}
    if op == "floats":
        return [float("nan"), float("inf"), 1e100, 0.1, -0.0, 10**20]
    if op == "nested_bytes":
        return {"b": b"abc", "l": [b"x"]}
    if op == "set":
        return {"s": {1}}
    if op == "bytearray":
        return bytearray(b"abc")
    if op == "cycle":
        x = []
        x.append(x)
        return x
    if op == "raise":
        helper()
    if op == "raise_empty":
        raise KeyError()
    if op == "exception_log":
        try:
            {}["missing"]
        except KeyError:
            logger.exception("logged exception")
        return "logged"
    if op == "context":
        cc = context.client_context
        remaining = context.get_remaining_time_in_millis()
        return {
            "request_id": context.aws_request_id,
            "fields": [context.function_name, context.function_version, context.invoked_function_arn,
                       context.memory_limit_in_mb, context.log_group_name, context.log_stream_name,
                       context.tenant_id],
            "remaining_ok": 0 < remaining <= 60000,
            "client_context": None if cc is None else [cc.custom, cc.env, repr(cc.client)],
            "identity": repr(context.identity),
            "trace": os.environ.get("_X_AMZN_TRACE_ID"),
            # w3c() exists from awslambdaric 4.2 on (tested in test_shim.py)
            "attrs": sorted(a for a in dir(context) if not a.startswith("_") and a != "w3c"),
        }
    return {"unknown": op}
'''

EVENTS = [
    dict(payload={"op": "echo", "nested": {"list": [1, 2.5, None, True, "s"]}}),
    dict(payload={"op": "none"}),
    dict(payload={"op": "bytes"}),
    dict(payload={"op": "decimal"}),
    dict(payload={"op": "unicode"}),
    dict(payload={"op": "floats"}),
    dict(payload={"op": "nested_bytes"}),
    dict(payload={"op": "set"}),
    dict(payload={"op": "bytearray"}),
    dict(payload={"op": "cycle"}),
    dict(payload={"op": "raise"}),
    dict(payload={"op": "raise_empty"}),
    dict(payload={"op": "exception_log"}),
    dict(payload={"op": "context"}),
    dict(
        payload={"op": "context"},
        client_context={"custom": {"k": "v"}, "env": {"e": 1}, "client": {"installation_id": "i"},
                        "w3c": {"traceparent": "00-1-2-01", "tracestate": 3}},
        cognito_identity={"cognitoIdentityId": "cid", "cognitoIdentityPoolId": "pool"},
        trace_id="Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        tenant_id="tenant-1",
        arn=None,
    ),
    dict(payload={"op": "context"}, client_context="[not json"),
    dict(raw=b"raw text body", content_type="text/plain"),
    dict(raw=b"{\"op\": \"echo\"} trailing"),
    dict(raw=b""),
    dict(raw=b"   "),
    dict(raw=b"\xef\xbb\xbf{\"op\": \"echo\"}"),
]

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z")


def run(kind, task_root, handler, events, env):
    api = FakeRuntimeAPI().start()
    proc = RuntimeProcess(api, task_root, handler, env, kind)
    try:
        results = []
        for i, event in enumerate(events):
            rid = api.enqueue(request_id="00000000-0000-0000-0000-%012d" % i, timeout_s=60, **event)
            rec = api.wait_result(rid, timeout=30)
            results.append(normalise(rec))
        init_error = None
        if not events:
            init_error = normalise(api.wait_init_error(timeout=30))
            assert proc.wait_exit() == 1
        else:
            api.wait_next_calls(len(events) + 1)
        # Read to the end of the runtime's output: the reader thread may lag behind what it printed (under load).
        proc.stop()
        log = TIMESTAMP.sub("<ts>", proc.output())
        return results, init_error, log
    finally:
        proc.stop()
        api.stop()


def normalise(rec):
    headers = dict(rec.headers)
    out = {"path": rec.path, "error_type_header": headers.get("lambda-runtime-function-error-type")}
    if not rec.path.endswith("/init/error"):
        out["content_type"] = headers.get("content-type")  # awslambdaric's init post sends none
    cause = headers.get("lambda-runtime-function-xray-error-cause")
    if cause is not None:
        cause = json.loads(cause)
        cause["paths"] = sorted(cause["paths"])
    out["xray_cause"] = cause
    try:
        out["body"] = json.loads(rec.body.decode("utf-8"))
    except ValueError:
        out["body"] = rec.body
    out["raw_body"] = rec.body
    return out


def compare(task_root, handler, events, env=None):
    ric = run("awslambdaric", task_root, handler, events, env)
    shim = run("shim", task_root, handler, events, env)
    for i, (a, b) in enumerate(zip(ric[0], shim[0])):
        assert b == a, "event %d (%r) differs" % (i, events[i])
    assert shim[1] == ric[1]
    assert shim[2] == ric[2]
    return shim


def test_invokes_match_awslambdaric(task_root):
    write_code(task_root, "app.py", HANDLER)
    results, _, log = compare(task_root, "app.handler", EVENTS)
    kinds = [r["path"].rsplit("/", 1)[1] for r in results]
    assert kinds.count("error") >= 8 and kinds.count("response") >= 10  # the scenario really ran
    assert "[ERROR] ValueError: bad value\nwith a second line\rTraceback" in log


@pytest.mark.parametrize(
    "env",
    [
        {"AWS_EXECUTION_ENV": "AWS_Lambda_python3.12"},
        {"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"},
        {"AWS_LAMBDA_LOG_LEVEL": "DEBUG"},
    ],
    ids=["unescaped-unicode", "json-logs", "debug-level"],
)
def test_invokes_match_awslambdaric_with_env(task_root, env):
    write_code(task_root, "app.py", HANDLER)
    compare(task_root, "app.handler", EVENTS[:14] + EVENTS[16:], env)


@pytest.mark.parametrize(
    "handler,files",
    [
        ("app.handler", {"app.py": "import no_such_module_anywhere\n"}),
        ("app.handler", {"app.py": "def handler(event, context\n    return 1\n"}),
        ("app.handler", {"app.py": "x = {}\nx['missing']\n"}),
        ("app.handler", {"app.py": "def other(e, c):\n    return 1\n"}),
        ("nodots", {}),
        ("sys.handler", {}),
        ("missing_module.handler", {}),
        ("pkg/sub.nothere", {"pkg/__init__.py": "", "pkg/sub.py": "X = 1\n"}),
    ],
    ids=["import-error", "syntax-error", "init-exception", "handler-not-found", "malformed",
         "builtin-conflict", "missing-module", "slash-path-not-found"],
)
@pytest.mark.parametrize("log_format", ["Text", "JSON"])
def test_init_errors_match_awslambdaric(task_root, handler, files, log_format):
    for name, source in files.items():
        write_code(task_root, name, source)
    env = {"AWS_LAMBDA_LOG_FORMAT": log_format}
    _, init_error, log = compare(task_root, handler, [], env)
    assert init_error["path"] == API + "/runtime/init/error"
    assert init_error["body"]["requestId"] == ""
    assert "LAMBDA_WARNING: Unhandled exception." in log


def test_package_handler_matches_awslambdaric(task_root):
    write_code(task_root, "pkg/__init__.py", "")
    write_code(task_root, "pkg/sub/__init__.py", "")
    write_code(task_root, "pkg/sub/mod.py", HANDLER)
    compare(task_root, "pkg.sub.mod.handler", EVENTS[:3])
    compare(task_root, "pkg/sub/mod.handler", EVENTS[:3])
