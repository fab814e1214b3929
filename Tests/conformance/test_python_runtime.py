"""Python functions as Lambda runs them: handler forms, the context object, the environment, errors and logs.

Every test runs twice: under Lamb's shim (the session's server) and under AWS's awslambdaric (a second server started
with `--python-client awslambdaric`; skipped with the reason when the interpreter cannot import awslambdaric). The
last test compares the two directly.
"""

import re
import subprocess

import pytest

from conftest import RUNTIME, Functions, LambServer, invoke

CONTEXT = """
import os

def handler(event, context):
    return {
        "aws_request_id": context.aws_request_id,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": str(context.memory_limit_in_mb),
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "identity": context.identity is None or context.identity.cognito_identity_id,
        "client_context": context.client_context,
        "cwd": os.getcwd(),
        "env": {k: v for k, v in os.environ.items()},
    }
"""

ERRORS = """
import logging
logger = logging.getLogger()

class CustomError(Exception):
    pass

def fail(message):
    raise CustomError(message)

def handler(event, context):
    kind = event.get("kind")
    if kind == "value":
        raise ValueError("bad value")
    if kind == "custom":
        fail("custom failure")
    if kind == "log":
        logger.warning("a warning with %s", "args")
        logger.error("an error")
        print("plain print")
        return "logged"
    if kind == "unserializable":
        return {"s": {1, 2}}
    return {"ok": True}
"""


def _awslambdaric_python():
    """The interpreter Lamb runs python3.11 functions with must be able to import awslambdaric."""
    import shutil

    for candidate in ("python3.11", "python3"):
        path = shutil.which(candidate)
        if path:
            return path
    return None


def _has_awslambdaric():
    python = _awslambdaric_python()
    if python is None:
        return False
    return subprocess.run([python, "-c", "import awslambdaric.bootstrap"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def awslambdaric_server(lamb_root):
    if not _has_awslambdaric():
        pytest.skip("awslambdaric is not importable by %s (pip install awslambdaric)" % _awslambdaric_python())
    import os

    server = LambServer(os.path.join(lamb_root, "awslambdaric-data"), ["--python-client", "awslambdaric"],
                        name="awslambdaric").start()
    yield server
    server.stop()


@pytest.fixture(params=["shim", "awslambdaric"])
def runtime(request, lamb):
    """(client, Functions) of a server whose Python functions run under the named runtime client."""
    server = lamb if request.param == "shim" else request.getfixturevalue("awslambdaric_server")
    client = server.client()
    functions = Functions(client, "py-" + request.param)
    yield client, functions
    functions.cleanup()


def test_context_object(runtime):
    client, functions = runtime
    name = functions.create({"app.py": CONTEXT}, MemorySize=256, Timeout=20)
    result = invoke(client, name)
    p = result.payload
    assert p["aws_request_id"] == result.raw["ResponseMetadata"]["RequestId"]
    assert p["function_name"] == name
    assert p["function_version"] == "$LATEST"
    assert p["invoked_function_arn"] == "arn:aws:lambda:us-east-1:000000000000:function:%s" % name
    assert p["memory_limit_in_mb"] == "256"
    assert p["log_group_name"] == "/aws/lambda/%s" % name
    assert re.match(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", p["log_stream_name"]), p["log_stream_name"]
    # Remaining time is the deadline (invoke start + Timeout) minus now: positive and at most the timeout.
    assert 0 < p["remaining"] <= 20000
    assert p["identity"] is True or p["identity"] is None
    assert p["client_context"] is None


def test_remaining_time_counts_down(runtime):
    client, functions = runtime
    source = (
        "import time\n"
        "def handler(event, context):\n"
        "    first = context.get_remaining_time_in_millis()\n"
        "    time.sleep(0.3)\n"
        "    return [first, context.get_remaining_time_in_millis()]\n"
    )
    name = functions.create({"app.py": source}, Timeout=5)
    first, second = invoke(client, name).payload
    assert 0 < second < first <= 5000
    assert first - second >= 250


def test_remaining_time_is_timeout_minus_elapsed(runtime):
    """The deadline the function sees (now + remaining) is the invocation's start plus Timeout: it lies between
    sending the request and receiving the answer, each plus Timeout (a few ms for rounding)."""
    import time

    client, functions = runtime
    source = (
        "import time\n"
        "def handler(event, context):\n"
        "    return time.time() * 1000 + context.get_remaining_time_in_millis()\n"
    )
    name = functions.create({"app.py": source}, Timeout=7)
    invoke(client, name)  # cold start out of the way: it happens before the deadline is set
    sent = time.time() * 1000
    deadline = invoke(client, name, tail=False).payload
    received = time.time() * 1000
    assert sent + 7000 - 5 <= deadline <= received + 7000 + 5, (sent, deadline, received)


def test_environment_variables(runtime):
    client, functions = runtime
    name = functions.create({"app.py": CONTEXT}, MemorySize=512, Environment={"Variables": {"MY_SETTING": "on"}})
    p = invoke(client, name).payload
    env = p["env"]
    assert env["MY_SETTING"] == "on"
    assert env["AWS_LAMBDA_FUNCTION_NAME"] == name
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "512"
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/%s" % name
    assert env["AWS_LAMBDA_LOG_STREAM_NAME"] == p["log_stream_name"]
    assert env["AWS_LAMBDA_INITIALIZATION_TYPE"] == "on-demand"
    assert env["AWS_REGION"] == env["AWS_DEFAULT_REGION"] == "us-east-1"
    assert env["AWS_EXECUTION_ENV"] == "AWS_Lambda_%s" % RUNTIME
    assert env["_HANDLER"] == "app.handler"
    assert env["TZ"] == ":UTC"
    assert env["LAMBDA_TASK_ROOT"] == p["cwd"]
    assert re.match(r"^127\.0\.0\.1:\d+$", env["AWS_LAMBDA_RUNTIME_API"])
    assert env["_X_AMZN_TRACE_ID"].startswith("Root=1-")
    assert "TMPDIR" in env


def test_handler_in_a_package(runtime):
    client, functions = runtime
    name = functions.create(
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "",
            "pkg/sub/mod.py": "from pkg import helper\ndef handle(event, context):\n    return helper.VALUE\n",
            "pkg/helper.py": "VALUE = 'from a package'\n",
        },
        handler="pkg.sub.mod.handle",
    )
    assert invoke(client, name).payload == "from a package"


def test_boto3_is_importable_without_packaging(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "import boto3\ndef handler(event, context):\n    return boto3.__version__\n"})
    result = invoke(client, name)
    assert result.function_error is None, result.body
    assert isinstance(result.payload, str)


def test_handler_exception(runtime):
    client, functions = runtime
    name = functions.create({"app.py": ERRORS})
    result = invoke(client, name, {"kind": "value"})
    assert result.status == 200
    assert result.function_error == "Unhandled"
    error = result.payload
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "bad value"
    assert error["requestId"] == result.raw["ResponseMetadata"]["RequestId"]
    assert isinstance(error["stackTrace"], list) and error["stackTrace"]
    assert any("app.py" in frame for frame in error["stackTrace"])
    assert "[ERROR] ValueError: bad value" in result.log
    assert "Traceback (most recent call last):" in result.log
    # The environment stays warm after a handler exception.
    ok = invoke(client, name, {"kind": "ok"})
    assert ok.function_error is None and not ok.cold


def test_custom_exception_class_is_the_error_type(runtime):
    client, functions = runtime
    name = functions.create({"app.py": ERRORS})
    result = invoke(client, name, {"kind": "custom"})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "CustomError"
    assert result.payload["errorMessage"] == "custom failure"


def test_unserializable_result_is_a_marshal_error(runtime):
    client, functions = runtime
    name = functions.create({"app.py": ERRORS})
    result = invoke(client, name, {"kind": "unserializable"})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.MarshalError"
    assert result.payload["errorMessage"].startswith("Unable to marshal response")


def test_import_error(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "import no_such_module_anywhere\ndef handler(e, c):\n    return 1\n"})
    result = invoke(client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert result.payload["errorMessage"] == (
        "Unable to import module 'app': No module named 'no_such_module_anywhere'"
    )
    assert "INIT_REPORT Init Duration: " in result.log
    assert "\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError" in result.log


def test_missing_module(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "def handler(e, c):\n    return 1\n"}, handler="nothere.handler")
    result = invoke(client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert "nothere" in result.payload["errorMessage"]


def test_missing_handler(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "def handler(e, c):\n    return 1\n"}, handler="app.other")
    result = invoke(client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.HandlerNotFound"
    assert result.payload["errorMessage"] == "Handler 'other' missing on module 'app'"
    # Each invocation re-runs init and fails the same way (nothing is cached).
    again = invoke(client, name)
    assert again.payload["errorType"] == "Runtime.HandlerNotFound"
    assert again.cold


def test_syntax_error(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "def handler(e, c)\n    return 1\n"})
    result = invoke(client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.UserCodeSyntaxError"


def test_malformed_handler_name(runtime):
    client, functions = runtime
    name = functions.create({"app.py": "def handler(e, c):\n    return 1\n"}, handler="nodot")
    result = invoke(client, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.MalformedHandlerName"


def test_logging_module_uses_lambdas_format(runtime):
    client, functions = runtime
    name = functions.create({"app.py": ERRORS})
    result = invoke(client, name, {"kind": "log"})
    request_id = result.raw["ResponseMetadata"]["RequestId"]
    stamp = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"
    assert re.search(r"^\[WARNING\]\t%s\t%s\ta warning with args$" % (stamp, request_id), result.log, re.M), result.log
    assert re.search(r"^\[ERROR\]\t%s\t%s\tan error$" % (stamp, request_id), result.log, re.M), result.log
    assert "\nplain print\n" in result.log


def test_json_log_format(runtime):
    client, functions = runtime
    name = functions.create({"app.py": ERRORS}, LoggingConfig={"LogFormat": "JSON", "ApplicationLogLevel": "WARN"})
    result = invoke(client, name, {"kind": "log"})
    import json

    records = [json.loads(line) for line in result.log.splitlines() if line.startswith("{")]
    warning = [r for r in records if r.get("level") == "WARNING"]
    assert warning and warning[0]["message"] == "a warning with args"
    assert warning[0]["requestId"] == result.raw["ResponseMetadata"]["RequestId"]


CRASHES = """
import os, time
def handler(event, context):
    if event.get("exit") is not None:
        os._exit(event["exit"])
    time.sleep(event.get("sleep", 0))
    return "done"
"""

PARITY_CASES = [
    ("ok", "app.handler", {"app.py": ERRORS}, {"kind": "ok"}),
    ("exit", "app.handler", {"app.py": CRASHES}, {"exit": 3}),
    ("timeout", "app.handler", {"app.py": CRASHES}, {"sleep": 5}),
    ("value", "app.handler", {"app.py": ERRORS}, {"kind": "value"}),
    ("custom", "app.handler", {"app.py": ERRORS}, {"kind": "custom"}),
    ("marshal", "app.handler", {"app.py": ERRORS}, {"kind": "unserializable"}),
    ("import", "app.handler", {"app.py": "import no_such_module_anywhere\n"}, {}),
    ("handler-missing", "app.other", {"app.py": "def handler(e, c):\n    return 1\n"}, {}),
    ("module-raises", "app.handler", {"app.py": "raise RuntimeError('at import')\n"}, {}),
    ("bytes", "app.handler", {"app.py": "def handler(e, c):\n    return b'\\x01\\x02'\n"}, {}),
    ("decimal", "app.handler", {"app.py": "import decimal\ndef handler(e, c):\n    return {'d': decimal.Decimal('1.50')}\n"}, {}),
]


def test_shim_and_awslambdaric_agree(lamb, request):
    """The same functions give the same results and errors under both runtime clients."""
    ric = request.getfixturevalue("awslambdaric_server")
    answers = {}
    for label, server in (("shim", lamb), ("awslambdaric", ric)):
        client = server.client()
        functions = Functions(client, "parity-" + label)
        try:
            for case, handler, files, event in PARITY_CASES:
                name = functions.create(files, handler=handler, Timeout=1)
                result = invoke(client, name, event)
                body = result.payload if result.body[:1] in (b"{", b"[", b'"') else result.body
                if isinstance(body, dict):
                    body.pop("requestId", None)
                    if "errorMessage" in body:
                        body["errorMessage"] = re.sub(r"RequestId: \S+", "RequestId: <id>", body["errorMessage"])
                    # Frames name the code directory, which differs between the two servers.
                    body["stackTrace"] = [re.sub(r'File "[^"]*/', 'File "', f) for f in body.get("stackTrace", [])] \
                        if "stackTrace" in body else None
                answers.setdefault(case, {})[label] = (result.function_error, result.headers.get("content-type"), body)
        finally:
            functions.cleanup()
    for case, by_client in answers.items():
        assert by_client["shim"] == by_client["awslambdaric"], case
