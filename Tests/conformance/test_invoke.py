"""Invoke (RequestResponse and DryRun): results, headers, the log tail, cold and warm starts."""

import base64
import json
import os
import re

import pytest
from conftest import invoke

COUNTER = """
import os, uuid
ENV_ID = uuid.uuid4().hex
count = 0
print("init of", ENV_ID)

def handler(event, context):
    global count
    count += 1
    path = os.path.join("/tmp" if event.get("tmp") == "/tmp" else os.environ["TMPDIR"], "lamb-" + ENV_ID)
    existed = os.path.exists(path)
    with open(path, "a") as f:
        f.write("x")
    print("invocation", count)
    return {"count": count, "env": ENV_ID, "file_existed": existed, "event": event}
"""

REPORT = re.compile(
    r"^REPORT RequestId: (?P<id>[0-9a-f-]{36})\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\t"
    r"Memory Size: (?P<memory>\d+) MB\tMax Memory Used: \d+ MB\t(Init Duration: \d+\.\d\d ms\t)?$"
)


def test_invoke_returns_the_handlers_result(lam, functions):
    name = functions.create({"app.py": COUNTER})
    result = invoke(lam, name, {"name": "Lamb", "nested": {"list": [1, 2.5, None, True]}})
    assert result.status == 200
    assert result.function_error is None
    assert result.payload["event"] == {"name": "Lamb", "nested": {"list": [1, 2.5, None, True]}}
    assert result.executed_version == "$LATEST"
    assert result.headers["x-amz-executed-version"] == "$LATEST"
    assert result.headers["content-type"] == "application/json"


def test_second_invoke_is_warm_and_keeps_module_state_and_tmp_files(lam, functions):
    name = functions.create({"app.py": COUNTER})
    first = invoke(lam, name)
    second = invoke(lam, name)
    assert first.payload["count"] == 1 and not first.payload["file_existed"]
    assert first.cold, first.report
    assert second.payload["env"] == first.payload["env"]
    assert second.payload["count"] == 2
    assert second.payload["file_existed"]
    assert not second.cold, second.report
    assert "INIT_START" not in second.log
    assert "init of" not in second.log


def test_warm_invoke_keeps_files_in_slash_tmp(lam, functions):
    name = functions.create({"app.py": COUNTER})
    first = invoke(lam, name, {"tmp": "/tmp"})
    second = invoke(lam, name, {"tmp": "/tmp"})
    assert second.payload["env"] == first.payload["env"]
    assert second.payload["file_existed"]
    if os.path.exists("/tmp/lamb-" + first.payload["env"]):  # the plain-process sandbox shares the host's /tmp
        os.remove("/tmp/lamb-" + first.payload["env"])


def test_log_tail_has_start_end_report(lam, functions):
    name = functions.create({"app.py": COUNTER}, MemorySize=256)
    result = invoke(lam, name)
    request_id = result.raw["ResponseMetadata"]["RequestId"]
    lines = result.log.splitlines()
    assert lines[0].startswith("INIT_START Runtime Version: python:3.11")
    assert "\tRuntime Version ARN: " in lines[0]
    assert "init of %s" % result.payload["env"] in lines
    start = lines.index("START RequestId: %s Version: $LATEST" % request_id)
    end = lines.index("END RequestId: %s" % request_id)
    assert lines[start + 1 : end] == ["invocation 1"]
    match = REPORT.match(lines[end + 1])
    assert match, repr(lines[end + 1])
    assert match["id"] == request_id
    assert match["memory"] == "256"
    assert result.cold
    # A warm invocation's tail is START, output, END, REPORT.
    warm = invoke(lam, name)
    warm_id = warm.raw["ResponseMetadata"]["RequestId"]
    assert warm.log.splitlines()[:3] == ["START RequestId: %s Version: $LATEST" % warm_id, "invocation 2",
                                         "END RequestId: %s" % warm_id]
    assert REPORT.match(warm.log.splitlines()[3])


def test_log_tail_is_the_last_4_kb(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    print('z' * 20000)\n    return 1\n"})
    result = invoke(lam, name)
    raw = base64.b64decode(result.raw["LogResult"])
    assert len(raw) <= 4096
    assert result.report is not None
    assert result.log.rstrip("\n").endswith(result.report.rstrip("\n"))


def test_no_log_result_without_tail(lam, functions):
    name = functions.create({"app.py": COUNTER})
    response = lam.invoke(FunctionName=name, Payload=b"{}")
    assert "LogResult" not in response
    response = lam.invoke(FunctionName=name, Payload=b"{}", LogType="None")
    assert "LogResult" not in response


def test_dry_run_is_204_and_runs_nothing(lam, lamb, functions):
    name = functions.create({"app.py": COUNTER})
    response = lam.invoke(FunctionName=name, InvocationType="DryRun", Payload=b"{}")
    assert response["StatusCode"] == 204
    assert response["Payload"].read() == b""
    assert lamb.environments(name) == []
    assert "START RequestId" not in lamb.function_log(name)
    # The first real invocation is the first that runs.
    assert invoke(lam, name).payload["count"] == 1


def test_request_id_is_the_context_request_id(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    return context.aws_request_id\n"})
    response = lam.invoke(FunctionName=name, Payload=b"{}")
    assert json.loads(response["Payload"].read()) == response["ResponseMetadata"]["RequestId"]


@pytest.mark.parametrize(
    "form",
    ["{name}", "arn:aws:lambda:us-east-1:000000000000:function:{name}", "000000000000:function:{name}",
     "{name}:$LATEST", "arn:aws:lambda:us-east-1:000000000000:function:{name}:$LATEST"],
)
def test_invoke_by_every_name_form(lam, functions, form):
    name = functions.create({"app.py": "def handler(event, context):\n    return context.invoked_function_arn\n"})
    response = lam.invoke(FunctionName=form.format(name=name), Payload=b"{}")
    arn = json.loads(response["Payload"].read())
    assert arn.startswith("arn:aws:lambda:us-east-1:000000000000:function:%s" % name)
    assert response["ExecutedVersion"] == "$LATEST"


def test_invoke_with_qualifier(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    return context.invoked_function_arn\n"})
    response = lam.invoke(FunctionName=name, Qualifier="$LATEST", Payload=b"{}")
    assert json.loads(response["Payload"].read()) == "arn:aws:lambda:us-east-1:000000000000:function:%s:$LATEST" % name


def test_bytes_result_is_returned_raw(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    return b'\\x00raw\\xffbytes'\n"})
    result = invoke(lam, name)
    assert result.function_error is None
    assert result.body == b"\x00raw\xffbytes"
    assert result.headers["content-type"] == "application/unknown"  # what the runtime posted, passed through


def test_none_result_is_null(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    pass\n"})
    assert invoke(lam, name).body == b"null"


def test_client_context_reaches_the_function(lam, functions):
    name = functions.create(
        {"app.py": "def handler(event, context):\n    c = context.client_context\n"
                   "    return {'custom': c.custom, 'env': c.env, 'client': c.client.installation_id}\n"}
    )
    context = {"custom": {"k": "v"}, "env": {"platform": "test"}, "client": {"installation_id": "i-1"}}
    response = lam.invoke(
        FunctionName=name, Payload=b"{}", ClientContext=base64.b64encode(json.dumps(context).encode()).decode()
    )
    assert json.loads(response["Payload"].read()) == {"custom": {"k": "v"}, "env": {"platform": "test"},
                                                       "client": "i-1"}


def test_large_response_round_trips(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    return 'r' * (5 * 1024 * 1024)\n"})
    result = invoke(lam, name, tail=False)
    assert result.function_error is None
    assert len(result.payload) == 5 * 1024 * 1024


def test_response_over_6_mb_is_function_response_size_too_large(lam, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    return 'r' * (7 * 1024 * 1024)\n"})
    result = invoke(lam, name, tail=False)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Function.ResponseSizeTooLarge"
    # The environment survives an oversized response.
    assert invoke(lam, name, tail=True).function_error == "Unhandled"


def test_function_logs_keep_every_invocation(lam, lamb, functions):
    name = functions.create({"app.py": COUNTER})
    ids = [invoke(lam, name).raw["ResponseMetadata"]["RequestId"] for _ in range(3)]
    log = lamb.function_log(name)
    for request_id in ids:
        assert "START RequestId: %s Version: $LATEST" % request_id in log
        assert "END RequestId: %s" % request_id in log
        assert "REPORT RequestId: %s\t" % request_id in log
    assert log.count("INIT_START") == 1
