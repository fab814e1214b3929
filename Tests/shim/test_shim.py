"""Behaviour of Lamb's Python runtime shim against a fake Runtime API."""

import json
import os
import re
import signal
import time

import pytest

from conftest import PYTHON, SHIM_DIR, check_connection_close_reconnects, check_dropped_connection_reopened, write_code
from fake_runtime_api import API

ECHO = """
import json, os, sys
def handler(event, context):
    return {"event": event if not isinstance(event, bytes) else {"bytes": event.decode("latin-1")},
            "type": type(event).__name__}
"""

LOG_LINE = re.compile(
    r"^\[(?P<level>[A-Z]+)\]\t(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)\t(?P<rid>[^\t]*)\t(?P<msg>.*)$"
)


def result_of(api, rid):
    rec = api.wait_result(rid)
    kind = rec.path.rsplit("/", 1)[1]
    return kind, rec


# -- results -----------------------------------------------------------------------------------


def test_normal_result(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    start_runtime()
    rid = api.enqueue({"hello": "world", "n": [1, 2.5, None, True]})
    kind, rec = result_of(api, rid)
    assert kind == "response"
    assert rec.path == API + "/runtime/invocation/%s/response" % rid
    assert rec.headers["content-type"] == "application/json"
    assert "lambda-runtime-function-error-type" not in rec.headers
    assert rec.json() == {"event": {"hello": "world", "n": [1, 2.5, None, True]}, "type": "dict"}
    # the JSON is written like json.dumps (", " and ": " separators)
    assert rec.body.startswith(b'{"event": {"hello": "world"')


def test_state_kept_across_invokes_on_one_connection(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        import os
        COUNT = 0
        INIT_PID = os.getpid()
        def handler(event, context):
            global COUNT
            COUNT += 1
            return {"count": COUNT, "same_process": os.getpid() == INIT_PID}
        """,
    )
    start_runtime()
    first = api.enqueue({})
    assert result_of(api, first)[1].json() == {"count": 1, "same_process": True}
    second = api.enqueue({})
    assert result_of(api, second)[1].json() == {"count": 2, "same_process": True}
    api.wait_next_calls(3)
    # one persistent keep-alive connection for every request
    assert len(set(r.conn_id for r in api.requests)) == 1


def test_bytes_result_is_posted_raw(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(e, c):\n    return b'\\x00\\xffraw bytes'\n")
    start_runtime()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "response"
    assert rec.headers["content-type"] == "application/unknown"
    assert rec.body == b"\x00\xffraw bytes"


def test_none_result_is_null(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(e, c):\n    return None\n")
    start_runtime()
    kind, rec = result_of(api, api.enqueue({}))
    assert kind == "response"
    assert rec.body == b"null"


def test_json_details_match_awslambdaric(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        import decimal
        def handler(event, context):
            op = event["op"]
            if op == "decimal":
                return [decimal.Decimal("1.10"), decimal.Decimal("NaN"), decimal.Decimal("1E+2"), {"d": decimal.Decimal("-0.5")}]
            if op == "unicode":
                return {"s": "h\\u00e9 \\U0001F600"}
            if op == "nan":
                return [float("nan"), float("-inf")]
            if op == "nested_bytes":
                return {"b": b"text"}
            if op == "set":
                return {1, 2}
            if op == "bytearray":
                return bytearray(b"x")
        """,
    )
    start_runtime()

    def run(op):
        kind, rec = result_of(api, api.enqueue({"op": op}))
        return kind, rec.body

    assert run("decimal") == ("response", b'[1.10, NaN, 1E+2, {"d": -0.5}]')
    assert run("unicode") == ("response", b'{"s": "h\\u00e9 \\ud83d\\ude00"}')
    assert run("nan") == ("response", b"[NaN, -Infinity]")
    assert run("nested_bytes") == ("response", b'{"b": "text"}')
    kind, body = run("set")
    assert kind == "error"
    assert json.loads(body)["errorType"] == "Runtime.MarshalError"
    assert json.loads(body)["errorMessage"] == (
        "Unable to marshal response: Object of type set is not JSON serializable"
    )
    kind, body = run("bytearray")
    assert kind == "error"
    assert json.loads(body)["errorType"] == "Runtime.MarshalError"


def test_unicode_unescaped_on_python312_plus_execution_env(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(e, c):\n    return {'s': 'h\\u00e9'}\n")
    start_runtime(env={"AWS_EXECUTION_ENV": "AWS_Lambda_python3.12"})
    kind, rec = result_of(api, api.enqueue({}))
    assert rec.body == '{"s": "h\u00e9"}'.encode("utf-8")


# -- events ------------------------------------------------------------------------------------


def test_event_content_types(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    start_runtime()
    rid = api.enqueue(raw=b"plain text", content_type="text/plain")
    assert result_of(api, rid)[1].json() == {"event": {"bytes": "plain text"}, "type": "bytes"}
    rid = api.enqueue(raw=b"[1]", content_type="application/json; charset=utf-8")
    assert result_of(api, rid)[1].json() == {"event": {"bytes": "[1]"}, "type": "bytes"}
    rid = api.enqueue(raw=b"abc", content_type=None)
    assert result_of(api, rid)[1].json() == {"event": {"bytes": "abc"}, "type": "bytes"}
    rid = api.enqueue(raw=b"\xef\xbb\xbf {\"bom\": 1} \n")
    assert result_of(api, rid)[1].json() == {"event": {"bom": 1}, "type": "dict"}
    rid = api.enqueue(raw=b"42")
    assert result_of(api, rid)[1].json() == {"event": 42, "type": "int"}


@pytest.mark.parametrize(
    "raw,message",
    [
        (b"", "Unable to unmarshal input: Expecting value: line 1 column 1 (char 0)"),
        (b"not json", "Unable to unmarshal input: Expecting value: line 1 column 1 (char 0)"),
        (
            b'{"a": 1} x',
            "Unable to unmarshal input: Extra data: line 1 column 10 - line 1 column 11 (char 9 - 10)",
        ),
        (
            b"\xff",
            "Unable to unmarshal input: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
        ),
    ],
)
def test_unmarshal_error(api, task_root, start_runtime, raw, message):
    write_code(task_root, "app.py", ECHO)
    proc = start_runtime()
    rid = api.enqueue(raw=raw)
    kind, rec = result_of(api, rid)
    assert kind == "error"
    assert rec.json() == {
        "errorMessage": message,
        "errorType": "Runtime.UnmarshalError",
        "requestId": rid,
        "stackTrace": [],
    }
    proc.wait_output("[ERROR] Runtime.UnmarshalError: " + message + "\rTraceback (most recent call last):\n")


def test_large_payload_round_trip(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(event, context):\n    return event\n")
    start_runtime()
    payload = {"blob": "x" * (1024 * 1024), "list": list(range(1000))}
    for chunked in (False, True):
        rid = api.enqueue(payload, chunked=chunked)
        kind, rec = result_of(api, rid)
        assert kind == "response"
        assert len(rec.body) > 1024 * 1024
        assert rec.json() == payload


def test_chunked_next_response(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    start_runtime()
    payload = {"k%d" % i: "v" * i for i in range(300)}
    rid = api.enqueue(payload, chunked=True)
    assert result_of(api, rid)[1].json() == {"event": payload, "type": "dict"}
    rid = api.enqueue({"after": "chunked"})
    assert result_of(api, rid)[1].json() == {"event": {"after": "chunked"}, "type": "dict"}


def test_connection_close_reconnects(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    start_runtime()
    check_connection_close_reconnects(api)


def test_connection_dropped_by_server_is_reopened(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    start_runtime()
    check_dropped_connection_reopened(api)


# -- context -----------------------------------------------------------------------------------

CONTEXT_HANDLER = """
import os
def handler(event, context):
    cc = context.client_context
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "client_context": None if cc is None else {
            "custom": cc.custom, "env": cc.env,
            "client": None if cc.client is None else {
                "installation_id": cc.client.installation_id, "app_title": cc.client.app_title}},
        "identity": [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        "tenant_id": context.tenant_id,
        "w3c": context.w3c(),
        "repr": repr(context),
        "trace_env": os.environ.get("_X_AMZN_TRACE_ID"),
        "class": type(context).__name__,
    }
"""


def test_context_fields(api, task_root, start_runtime):
    write_code(task_root, "app.py", CONTEXT_HANDLER)
    start_runtime()
    deadline = int(time.time() * 1000) + 5000
    arn = "arn:aws:lambda:us-east-1:123456789012:function:test-fn:live"
    rid = api.enqueue({}, deadline_ms=deadline, arn=arn)
    before = int(time.time() * 1000)
    got = result_of(api, rid)[1].json()
    after = int(time.time() * 1000)
    assert got["aws_request_id"] == rid
    assert got["function_name"] == "test-fn"
    assert got["function_version"] == "$LATEST"
    assert got["invoked_function_arn"] == arn
    assert got["memory_limit_in_mb"] == "256"  # a string, exactly like awslambdaric
    assert got["log_group_name"] == "/aws/lambda/test-fn"
    assert got["log_stream_name"].startswith("2024/01/01/[$LATEST]")
    assert deadline - after <= got["remaining"] <= deadline - before + 5
    assert got["client_context"] is None
    assert got["identity"] == [None, None]
    assert got["tenant_id"] is None
    assert got["w3c"] == {}
    assert got["repr"].startswith("LambdaContext([aws_request_id=%s,log_group_name=" % rid)
    assert got["class"] == "LambdaContext"

    # a deadline in the past never gives a negative remaining time
    rid = api.enqueue({}, deadline_ms=int(time.time() * 1000) - 10000)
    assert result_of(api, rid)[1].json()["remaining"] == 0


def test_client_context_identity_tenant(api, task_root, start_runtime):
    write_code(task_root, "app.py", CONTEXT_HANDLER)
    start_runtime()
    rid = api.enqueue(
        {},
        client_context={
            "custom": {"a": 1},
            "env": {"platform": "x"},
            "client": {"installation_id": "inst-1", "app_title": "App"},
            "w3c": {"traceparent": "00-abc-def-01", "ignored": "x", "baggage": 5},
        },
        cognito_identity={"cognitoIdentityId": "id-1", "cognitoIdentityPoolId": "pool-1"},
        tenant_id="tenant-7",
    )
    got = result_of(api, rid)[1].json()
    assert got["client_context"] == {
        "custom": {"a": 1},
        "env": {"platform": "x"},
        "client": {"installation_id": "inst-1", "app_title": "App"},
    }
    assert got["w3c"] == {"traceparent": "00-abc-def-01"}
    assert got["identity"] == ["id-1", "pool-1"]
    assert got["tenant_id"] == "tenant-7"
    assert "client_context=ClientContext([custom={'a': 1}" in got["repr"]

    rid = api.enqueue({}, client_context="{not json")
    kind, rec = result_of(api, rid)
    assert kind == "error"
    assert rec.json()["errorType"] == "Runtime.LambdaContextUnmarshalError"
    assert rec.json()["errorMessage"].startswith("Unable to parse Client Context JSON: Expecting")


def test_trace_id_env_var_set_and_unset(api, task_root, start_runtime):
    write_code(task_root, "app.py", CONTEXT_HANDLER)
    start_runtime()
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    rid = api.enqueue({}, trace_id=trace)
    assert result_of(api, rid)[1].json()["trace_env"] == trace
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json()["trace_env"] is None


def test_invocation_id_is_echoed(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(e, c):\n    if e: raise KeyError('k')\n    return 1\n")
    start_runtime()
    rid = api.enqueue(None, extra_headers={"Lambda-Runtime-Invocation-Id": "inv-1"})
    assert result_of(api, rid)[1].headers["lambda-runtime-invocation-id"] == "inv-1"
    rid = api.enqueue(True, extra_headers={"Lambda-Runtime-Invocation-Id": "inv-2"})
    kind, rec = result_of(api, rid)
    assert kind == "error"
    assert rec.headers["lambda-runtime-invocation-id"] == "inv-2"
    rid = api.enqueue(None)
    assert "lambda-runtime-invocation-id" not in result_of(api, rid)[1].headers


# -- handler errors ----------------------------------------------------------------------------


def test_handler_exception(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        def helper(n):
            raise ValueError("boom %d" % n)

        def handler(event, context):
            if event.get("empty"):
                raise RuntimeError()
            print("about to fail")
            helper(7)
        """,
    )
    proc = start_runtime()
    rid = api.enqueue({})
    kind, rec = result_of(api, rid)
    assert kind == "error"
    assert rec.headers["content-type"] == "application/json"
    assert "lambda-runtime-function-error-type" not in rec.headers
    body = rec.json()
    assert list(body) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert body["errorMessage"] == "boom 7"
    assert body["errorType"] == "ValueError"
    assert body["requestId"] == rid
    app = str(task_root / "app.py")
    assert body["stackTrace"] == [
        '  File "%s", line 8, in handler\n    helper(7)\n' % app,
        '  File "%s", line 2, in helper\n    raise ValueError("boom %%d" %% n)\n' % app,
    ]
    cause = json.loads(rec.headers["lambda-runtime-function-xray-error-cause"])
    assert cause["exceptions"][0]["type"] == "ValueError"
    assert cause["exceptions"][0]["stack"][0] == {"label": "handler", "path": app, "line": 8}
    assert cause["paths"] == [app]

    nb = "\u00a0"
    expected_log = (
        "[ERROR] ValueError: boom 7\rTraceback (most recent call last):\r"
        + nb * 2 + 'File "%s", line 8, in handler\r' % app
        + nb * 4 + "helper(7)\r"
        + nb * 2 + 'File "%s", line 2, in helper\r' % app
        + nb * 4 + 'raise ValueError("boom %d" % n)\n'
    )
    out = proc.wait_output(expected_log)
    assert out.index("about to fail\n") < out.index("[ERROR] ValueError")

    # the runtime keeps serving
    rid = api.enqueue({"empty": True})
    kind, rec = result_of(api, rid)
    assert rec.json()["errorMessage"] == ""
    assert rec.json()["errorType"] == "RuntimeError"
    proc.wait_output("[ERROR] RuntimeError\rTraceback (most recent call last):\r")
    assert proc.proc.poll() is None


# -- init errors -------------------------------------------------------------------------------


def assert_init_error(api, proc, error_type, message, stack=None):
    rec = api.wait_init_error()
    assert rec.headers["lambda-runtime-function-error-type"] == error_type
    body = rec.json()
    assert body["errorType"] == error_type
    assert body["requestId"] == ""
    if callable(message):
        assert message(body["errorMessage"]), body
    else:
        assert body["errorMessage"] == message
    if stack is not None:
        assert body["stackTrace"] == stack
    assert proc.wait_exit() == 1
    assert not any(r.path.endswith("/invocation/next") for r in api.requests)
    out = proc.output()
    assert "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code." in out
    assert ("[ERROR] %s: %s\rTraceback (most recent call last):" % (error_type, body["errorMessage"])) in out
    warning = out.splitlines()[0]
    m = LOG_LINE.match(warning)
    assert m and m.group("level") == "WARNING" and m.group("rid") == ""
    return body, out


def test_import_error(api, task_root, start_runtime):
    write_code(task_root, "app.py", "import nonexistent_module_xyz\ndef handler(e, c):\n    pass\n")
    proc = start_runtime()
    assert_init_error(
        api,
        proc,
        "Runtime.ImportModuleError",
        "Unable to import module 'app': No module named 'nonexistent_module_xyz'",
        [],
    )


def test_missing_module(api, task_root, start_runtime):
    proc = start_runtime("nosuch.handler")
    assert_init_error(
        api, proc, "Runtime.ImportModuleError", "Unable to import module 'nosuch': No module named 'nosuch'"
    )


def test_syntax_error(api, task_root, start_runtime):
    write_code(task_root, "app.py", "x = 1\nif x = 2:\n    pass\n")
    proc = start_runtime()
    body, out = assert_init_error(
        api,
        proc,
        "Runtime.UserCodeSyntaxError",
        lambda m: m.startswith("Syntax error in module 'app': ") and "app.py, line 2" in m,
    )
    assert body["stackTrace"] == [
        '  File "%s" Line 2\n    if x = 2:\n' % (task_root / "app.py")
    ]
    assert '\r\u00a0\u00a0File "%s" Line 2\r' % (task_root / "app.py") in out


def test_malformed_handler(api, task_root, start_runtime):
    proc = start_runtime("nodots")
    assert_init_error(
        api,
        proc,
        "Runtime.MalformedHandlerName",
        "Bad handler 'nodots': not enough values to unpack (expected 2, got 1)",
        [],
    )


def test_builtin_module_conflict(api, task_root, start_runtime):
    proc = start_runtime("sys.handler")
    assert_init_error(
        api,
        proc,
        "Runtime.BuiltInModuleConflict",
        "Cannot use built-in module sys as a handler module",
        [],
    )


def test_missing_handler_function(api, task_root, start_runtime):
    # awslambdaric >= 3 (2024-08, "raise all init errors in init") reports this during init.
    write_code(task_root, "app.py", "def other(e, c):\n    pass\n")
    proc = start_runtime("app.handler")
    assert_init_error(
        api, proc, "Runtime.HandlerNotFound", "Handler 'handler' missing on module 'app'", []
    )


def test_other_exception_during_import(api, task_root, start_runtime):
    write_code(task_root, "app.py", "import os\nraise RuntimeError('init failed: %s' % 42)\n")
    proc = start_runtime()
    body, out = assert_init_error(api, proc, "RuntimeError", "init failed: 42")
    app = str(task_root / "app.py")
    assert body["stackTrace"][-1] == (
        "  File \"%s\", line 2, in <module>\n    raise RuntimeError('init failed: %%s' %% 42)\n" % app
    )
    # it starts at importlib.import_module, like awslambdaric; none of the shim's own frames
    assert "importlib" in body["stackTrace"][0]
    assert not any("lamb_" in frame for frame in body["stackTrace"])


def test_dotted_package_handler(api, task_root, start_runtime):
    write_code(task_root, "pkg/__init__.py", "")
    write_code(task_root, "pkg/sub/__init__.py", "")
    write_code(task_root, "pkg/sub/mod.py", "def handler(e, c):\n    return __name__\n")
    start_runtime("pkg.sub.mod.handler")
    assert result_of(api, api.enqueue({}))[1].json() == "pkg.sub.mod"


def test_slash_separated_handler(api, task_root, start_runtime):
    write_code(task_root, "pkg/__init__.py", "")
    write_code(task_root, "pkg/sub/mod.py", "def handler(e, c):\n    return __name__\n")
    start_runtime("pkg/sub/mod.handler")
    assert result_of(api, api.enqueue({}))[1].json() == "pkg.sub.mod"


def test_handler_from_argv(api, task_root, start_runtime):
    write_code(task_root, "other.py", "def fn(e, c):\n    return 'argv'\n")
    start_runtime("app.ignored", args=["other.fn"])
    assert result_of(api, api.enqueue({}))[1].json() == "argv"


# -- logging -----------------------------------------------------------------------------------

LOGGING_HANDLER = """
import logging
logger = logging.getLogger()
logger.warning("at import %s", "time")
print("plain print")

def handler(event, context):
    logger.info("info line")
    logger.debug("debug line")
    logging.getLogger("child").warning("child warning")
    print("print in handler", end="")
    print(" continued")
    try:
        1 / 0
    except ZeroDivisionError:
        logger.exception("caught it")
    return "ok"
"""


def test_logging_text_format(api, task_root, start_runtime):
    write_code(task_root, "app.py", LOGGING_HANDLER)
    proc = start_runtime()
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json() == "ok"
    out = proc.wait_output("ZeroDivisionError: division by zero")
    lines = out.split("\n")
    m = LOG_LINE.match(lines[0])
    assert m, lines[0]
    assert (m.group("level"), m.group("rid"), m.group("msg")) == ("WARNING", "", "at import time")
    assert lines[1] == "plain print"
    m = LOG_LINE.match(lines[2])
    assert m and (m.group("level"), m.group("rid"), m.group("msg")) == ("WARNING", rid, "child warning")
    assert lines[3] == "print in handler continued"
    m = LOG_LINE.match(lines[4])
    assert m and (m.group("level"), m.group("rid"), m.group("msg")) == ("ERROR", rid, "caught it")
    assert lines[5] == "Traceback (most recent call last):"
    assert "info line" not in out and "debug line" not in out  # root logger stays at WARNING
    ts = time.strptime(LOG_LINE.match(lines[2]).group("ts")[:19], "%Y-%m-%dT%H:%M:%S")
    assert abs(time.mktime(ts) - time.mktime(time.gmtime())) < 300  # UTC


def test_logging_level_from_env(api, task_root, start_runtime):
    write_code(task_root, "app.py", LOGGING_HANDLER)
    proc = start_runtime(env={"AWS_LAMBDA_LOG_LEVEL": "debug"})
    rid = api.enqueue({})
    result_of(api, rid)
    out = proc.wait_output("\t%s\tdebug line\n" % rid)
    assert "[INFO]\t" in out and "\t%s\tinfo line\n" % rid in out


def test_logging_json_format(api, task_root, start_runtime):
    write_code(task_root, "app.py", LOGGING_HANDLER + "\ndef failing(e, c):\n    raise KeyError('nope')\n")
    proc = start_runtime(env={"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "INFO"})
    rid = api.enqueue({})
    result_of(api, rid)
    out = proc.wait_output('"message": "caught it"')
    records = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    first = records[0]
    assert set(first) == {"timestamp", "level", "message", "logger", "requestId"}
    assert first["level"] == "WARNING" and first["message"] == "at import time" and first["requestId"] == ""
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", first["timestamp"])
    info = [r for r in records if r["message"] == "info line"][0]
    assert info["requestId"] == rid and info["level"] == "INFO" and info["logger"] == "root"
    exc = [r for r in records if r["message"] == "caught it"][0]
    assert exc["errorType"] == "ZeroDivisionError"
    assert exc["errorMessage"] == "division by zero"
    assert exc["location"].endswith("app.py:handler:15")
    assert isinstance(exc["stackTrace"], list)


def test_logging_json_error_record(api, task_root, start_runtime):
    write_code(task_root, "app.py", "def handler(e, c):\n    raise KeyError('nope')\n")
    proc = start_runtime(env={"AWS_LAMBDA_LOG_FORMAT": "json"})
    rid = api.enqueue({})
    assert result_of(api, rid)[0] == "error"
    out = proc.wait_output('"errorType": "KeyError"')
    record = json.loads([line for line in out.splitlines() if "KeyError" in line][0])
    assert list(record)[:2] == ["timestamp", "level"]
    assert record["level"] == "ERROR"
    assert record["errorMessage"] == "'nope'"
    assert record["requestId"] == rid


def test_logging_imported_late_is_still_configured(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        import sys
        def handler(event, context):
            was_loaded = "logging" in sys.modules
            import logging
            logging.getLogger("late").warning("late warning")
            return was_loaded
        """,
    )
    proc = start_runtime()
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json() is False  # nothing imported logging before the handler
    out = proc.wait_output("\tlate warning\n")
    m = LOG_LINE.match(out.splitlines()[-1])
    assert m and (m.group("level"), m.group("rid")) == ("WARNING", rid)


def test_startup_stays_light(api, task_root, start_runtime):
    """A trivial function must not pay for heavy modules the shim could have imported."""
    import subprocess

    from conftest import lambda_env

    write_code(task_root, "app.py", "import sys\ndef handler(e, c):\n    return sorted(sys.modules)\n")
    start_runtime()
    loaded = set(result_of(api, api.enqueue({}))[1].json())
    env = lambda_env(api, task_root, "app.handler")
    baseline = set(
        subprocess.run(
            [PYTHON, "-c", "import sys; print(' '.join(sys.modules))"], env=env, capture_output=True, text=True
        ).stdout.split()
    )
    heavy = {"json", "re", "logging", "traceback", "http", "http.client", "urllib", "email", "asyncio",
             "socket", "selectors", "enum", "threading", "linecache", "tokenize", "encodings.idna"}
    assert (loaded - baseline) & heavy == set()


@pytest.mark.parametrize("unbuffered", [None, "1"], ids=["default", "PYTHONUNBUFFERED"])
def test_stdout_reaches_pipe_before_runtime_blocks(api, task_root, start_runtime, unbuffered):
    write_code(
        task_root,
        "app.py",
        """
        import sys
        def handler(event, context):
            sys.stdout.write("no newline marker")
            sys.stderr.write("stderr marker")
            return 1
        """,
    )
    proc = start_runtime(env={"PYTHONUNBUFFERED": unbuffered})
    result_of(api, api.enqueue({}))
    api.wait_next_calls(2)
    # the runtime is now parked in /next: anything still buffered would never show up
    proc.wait_output("no newline marker")
    proc.wait_output("stderr marker")


# -- process behaviour -------------------------------------------------------------------------


def test_sys_path_order(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        import sys
        def handler(e, c):
            return sys.path
        """,
    )
    start_runtime()
    path = result_of(api, api.enqueue({}))[1].json()
    version = "python%d.%d" % tuple(
        int(x) for x in os.popen("%s -c 'import sys; print(*sys.version_info[:2])'" % PYTHON).read().split()
    )
    assert path[:3] == [str(task_root), "/opt/python/lib/%s/site-packages" % version, "/opt/python"]
    assert SHIM_DIR not in path
    assert any(p.endswith("lib-dynload") for p in path)  # the interpreter's own entries follow


@pytest.mark.parametrize("link", ["dir", "file"])
def test_sys_path_without_shim_dir_when_started_through_symlinks(api, task_root, start_runtime, tmp_path, link):
    write_code(task_root, "app.py", "import sys\ndef handler(e, c):\n    return sys.path\n")
    if link == "dir":
        os.symlink(SHIM_DIR, str(tmp_path / "linked-shims"))
        shim = tmp_path / "linked-shims" / "lamb_bootstrap.py"
    else:
        shim = tmp_path / "bootstrap-link.py"
        os.symlink(os.path.join(SHIM_DIR, "lamb_bootstrap.py"), str(shim))
    start_runtime(shim=str(shim))
    path = result_of(api, api.enqueue({}))[1].json()
    assert path[0] == str(task_root)
    assert SHIM_DIR not in path and str(shim.parent) not in path


def test_sigterm_exits_zero(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    proc = start_runtime()
    api.wait_next_calls(1)
    proc.proc.send_signal(signal.SIGTERM)
    assert proc.wait_exit() == 0


def test_user_sigterm_handler_runs(api, task_root, start_runtime):
    write_code(
        task_root,
        "app.py",
        """
        import signal, sys
        def on_term(signum, frame):
            print("graceful shutdown")
            sys.exit(0)
        signal.signal(signal.SIGTERM, on_term)
        def handler(e, c):
            return 1
        """,
    )
    proc = start_runtime()
    api.wait_next_calls(1)
    proc.proc.send_signal(signal.SIGTERM)
    assert proc.wait_exit() == 0
    assert "graceful shutdown" in proc.output()


def test_post_answered_410_is_survived(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    proc = start_runtime()
    api.status_overrides["response"] = (410, b'{"errorType":"InvokeTimeout","errorMessage":"gone"}')
    rid = api.enqueue({"n": 1})
    result_of(api, rid)
    api.wait_next_calls(2)
    proc.wait_output("Http response code: 410")
    del api.status_overrides["response"]
    rid = api.enqueue({"n": 2})
    assert result_of(api, rid)[1].json()["event"] == {"n": 2}
    assert proc.proc.poll() is None


def test_post_answered_500_exits(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    proc = start_runtime()
    api.status_overrides["response"] = (500, b'{"errorType":"InternalServerError","errorMessage":"x"}')
    result_of(api, api.enqueue({}))
    assert proc.wait_exit() == 1
    assert "LAMBDA_RUNTIME Failed to post handler success response. Http response code: 500." in proc.output()


def test_missing_request_id_exits(api, task_root, start_runtime):
    write_code(task_root, "app.py", ECHO)
    proc = start_runtime()
    api.enqueue({}, request_id=" ")  # blank after header whitespace stripping
    assert proc.wait_exit() == 1
    assert "Lambda-Runtime-Aws-Request-Id" in proc.output()


def test_snap_start_hooks(api, task_root, start_runtime):
    # a minimal stand-in for the snapshot_restore_py package
    write_code(
        task_root,
        "snapshot_restore_py.py",
        """
        _before, _after = [], []
        def register_before_snapshot(func, *args, **kwargs):
            _before.append((func, args, kwargs)); return func
        def register_after_restore(func, *args, **kwargs):
            _after.append((func, args, kwargs)); return func
        def get_before_snapshot(): return _before
        def get_after_restore(): return _after
        """,
    )
    write_code(
        task_root,
        "app.py",
        """
        from snapshot_restore_py import register_before_snapshot, register_after_restore
        CALLS = []
        register_before_snapshot(CALLS.append, "before-1")
        register_before_snapshot(CALLS.append, "before-2")
        register_after_restore(CALLS.append, "after-1")
        register_after_restore(CALLS.append, "after-2")
        def handler(e, c):
            return CALLS
        """,
    )
    start_runtime(env={"AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"})
    rid = api.enqueue({})
    assert result_of(api, rid)[1].json() == ["before-2", "before-1", "after-1", "after-2"]
    paths = [r.path for r in api.requests]
    assert paths[0] == API + "/runtime/restore/next"
    assert paths[1] == API + "/runtime/invocation/next"


def test_snap_start_after_restore_failure(api, task_root, start_runtime):
    write_code(
        task_root,
        "snapshot_restore_py.py",
        """
        def get_before_snapshot(): return []
        def get_after_restore(): return [(fail, (), {})]
        def fail(): raise OSError("cannot reconnect")
        """,
    )
    write_code(task_root, "app.py", "import snapshot_restore_py\ndef handler(e, c):\n    return 1\n")
    proc = start_runtime(env={"AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"})
    rec = api.wait_for(lambda r: r.path == API + "/runtime/restore/error")
    assert rec.headers["lambda-runtime-function-error-type"] == "Runtime.AfterRestoreError"
    assert rec.json()["errorType"] == "OSError"
    assert rec.json()["errorMessage"] == "cannot reconnect"
    assert proc.wait_exit() == 65
