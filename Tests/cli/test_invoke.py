"""`lamb invoke`: result on stdout, log on stderr, exit codes, and how the endpoint is chosen."""

import base64
import json
import socket

FAILS = """
    def handler(event, context):
        print("about to fail")
        raise ValueError("bad input: " + str(event.get("x")))
"""


def test_payload_result_on_stdout_log_on_stderr(lamb, create, name):
    create(name)
    result = lamb("invoke", name, "--payload", '{"name": "Lamb"}')
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"event": {"name": "Lamb"}}
    assert result.stdout.endswith("}\n")
    log = result.stderr.splitlines()
    assert any(line.startswith("START RequestId: ") for line in log), result
    assert "got {'name': 'Lamb'}" in log
    assert any(line.startswith("END RequestId: ") for line in log), result
    assert any(line.startswith("REPORT RequestId: ") for line in log), result
    assert "START" not in result.stdout


def test_without_payload_the_event_is_empty(lamb, create, name):
    create(name)
    result = lamb("invoke", name)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"event": {}}


def test_event_file(lamb, create, name, tmp_path):
    create(name)
    event = tmp_path / "event.json"
    event.write_text('{"from": "file", "n": [1, 2]}')
    result = lamb("invoke", name, "--event", event)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"event": {"from": "file", "n": [1, 2]}}


def test_event_from_stdin(lamb, create, name):
    create(name)
    result = lamb("invoke", name, "--event", "-", stdin='{"from": "stdin"}')
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"event": {"from": "stdin"}}


def test_payload_is_passed_as_returned(lamb, create, name):
    create(name, "def handler(event, context):\n    return event\n")
    result = lamb("invoke", name, "--payload", '"just a string"')
    assert result.code == 0, result
    assert result.stdout == '"just a string"\n'


def test_qualifier(lamb, create, name):
    create(name)
    latest = lamb("invoke", name, "--qualifier", "$LATEST")
    assert latest.code == 0, latest
    missing = lamb("invoke", name, "--qualifier", "7")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: "), missing


def test_function_error_exits_1(lamb, create, name):
    create(name, FAILS)
    result = lamb("invoke", name, "--payload", '{"x": 42}')
    assert result.code == 1, result
    error = json.loads(result.stdout)
    assert error["errorType"] == "ValueError"
    assert error["errorMessage"] == "bad input: 42"
    assert "about to fail" in result.stderr
    assert "REPORT RequestId: " in result.stderr


def test_unknown_function_exits_2_with_the_aws_error(lamb, name):
    result = lamb("invoke", name, "--payload", "{}")
    assert result.code == 2, result
    assert result.stdout == ""
    assert result.stderr == "lamb: ResourceNotFoundException: Function not found: " \
        "arn:aws:lambda:us-east-1:000000000000:function:%s\n" % name


def test_payload_that_is_not_json_exits_2(lamb, create, name):
    create(name)
    result = lamb("invoke", name, "--payload", "{not json")
    assert result.code == 2, result
    assert result.stderr.startswith("lamb: InvalidRequestContentException: "), result


def test_dry_run(lamb, create, name):
    create(name)
    result = lamb("invoke", name, "--invocation-type", "DryRun")
    assert result.code == 0, result
    assert result.stdout == ""


def test_usage_errors(lamb, name, tmp_path):
    both = lamb("invoke", name, "--payload", "{}", "--event", "-")
    assert both.code == 64, both
    assert "--payload and --event" in both.stderr
    missing = lamb("invoke", name, "--event", str(tmp_path / "none.json"))
    assert missing.code == 64, missing
    bad_type = lamb("invoke", name, "--invocation-type", "Sometimes")
    assert bad_type.code == 64, bad_type


def test_endpoint_from_the_environment(lamb, server, create, name):
    create(name)
    result = lamb("invoke", name, endpoint=None, env={"LAMB_ENDPOINT": server.endpoint})
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"event": {}}


def test_endpoint_flag_wins_over_the_environment(lamb, create, name):
    create(name)
    # The fixture passes --endpoint with the live server; the variable names a dead one.
    result = lamb("invoke", name, env={"LAMB_ENDPOINT": "http://127.0.0.1:%d" % closed_port()})
    assert result.code == 0, result


def test_endpoint_without_scheme(lamb, server, create, name):
    create(name)
    result = lamb("invoke", name, endpoint=server.endpoint.replace("http://", ""))
    assert result.code == 0, result


def test_unreachable_endpoint(lamb, name):
    endpoint = "http://127.0.0.1:%d" % closed_port()
    result = lamb("invoke", name, endpoint=endpoint)
    assert result.code == 2, result
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("lamb: cannot reach the Lamb server at %s" % endpoint), result


def test_invalid_endpoint(lamb, name):
    result = lamb("invoke", name, endpoint="ftp://example.com")
    assert result.code == 64, result
    assert "--endpoint" in result.stderr
    from_env = lamb("invoke", name, endpoint=None, env={"LAMB_ENDPOINT": "::nonsense"})
    assert from_env.code == 64, from_env
    assert "LAMB_ENDPOINT" in from_env.stderr


def test_log_tail_is_the_servers(lamb, server, create, name):
    # The CLI decodes X-Amz-Log-Result; the same bytes come back from the API directly.
    create(name)
    import urllib.request
    request = urllib.request.Request(
        server.endpoint + "/2015-03-31/functions/%s/invocations" % name, data=b"{}", method="POST",
        headers={"X-Amz-Log-Type": "Tail"})
    with urllib.request.urlopen(request, timeout=60) as response:
        tail = base64.b64decode(response.headers["X-Amz-Log-Result"]).decode()
    assert "START RequestId" in tail
    result = lamb("invoke", name)
    assert result.stderr.count("START RequestId") == 1


def closed_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_timeout_is_a_function_error(lamb, create, name):
    create(name, "import time\ndef handler(event, context):\n    time.sleep(5)\n", "--timeout", "1")
    result = lamb("invoke", name)
    assert result.code == 1, result
    assert json.loads(result.stdout)["errorType"] == "Sandbox.Timedout"
    assert "Task timed out after 1.00 seconds" in result.stderr
