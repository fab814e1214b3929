"""The AWS CLI against Lamb with `--endpoint-url`, unchanged: create (fileb://), list, get, invoke, errors."""

import base64
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROLE, RUNTIME, aws_cli_env, make_zip, sha256_b64, unique_name

AWS = shutil.which("aws")

pytestmark = pytest.mark.skipif(AWS is None, reason="the AWS CLI is not installed (pip install awscli)")

APP = """
def handler(event, context):
    print("hello from the CLI test")
    return {"got": event, "name": context.function_name}
"""


@pytest.fixture
def aws(lamb, tmp_path):
    """Runs `aws lambda ...` against the session's server; returns the CompletedProcess."""
    env = aws_cli_env(tmp_path)

    def run(*args):
        return subprocess.run(
            [AWS, "lambda"] + list(args) + ["--endpoint-url", lamb.endpoint, "--output", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    return run


def _ok(proc):
    assert proc.returncode == 0, "exit %d\nstdout: %s\nstderr: %s" % (proc.returncode, proc.stdout, proc.stderr)
    return json.loads(proc.stdout) if proc.stdout.strip() else None


def test_create_list_get_invoke_delete(aws, tmp_path, functions):
    name = functions.adopt(unique_name("cli"))
    zip_path = tmp_path / "function.zip"
    zip_bytes = make_zip({"app.py": APP})
    zip_path.write_bytes(zip_bytes)

    created = _ok(
        aws("create-function", "--function-name", name, "--runtime", RUNTIME, "--handler", "app.handler",
            "--role", ROLE, "--zip-file", "fileb://%s" % zip_path, "--timeout", "10", "--memory-size", "256")
    )
    assert created["FunctionName"] == name
    assert created["CodeSha256"] == sha256_b64(zip_bytes)
    assert created["MemorySize"] == 256

    _ok(aws("wait", "function-active-v2", "--function-name", name))

    listed = _ok(aws("list-functions"))
    assert name in [f["FunctionName"] for f in listed["Functions"]]

    got = _ok(aws("get-function", "--function-name", name))
    assert got["Configuration"]["State"] == "Active"
    assert got["Configuration"]["Timeout"] == 10
    assert got["Code"]["Location"]

    outfile = tmp_path / "out.json"
    invoked = _ok(aws("invoke", "--function-name", name, "--payload", '{"from": "cli"}', "--log-type", "Tail",
                      str(outfile)))
    assert invoked["StatusCode"] == 200
    assert invoked["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in invoked
    assert json.loads(outfile.read_text()) == {"got": {"from": "cli"}, "name": name}
    log = base64.b64decode(invoked["LogResult"]).decode()
    assert "hello from the CLI test" in log
    assert "REPORT RequestId: " in log

    updated = _ok(aws("update-function-configuration", "--function-name", name, "--timeout", "20"))
    assert updated["Timeout"] == 20
    _ok(aws("wait", "function-updated-v2", "--function-name", name))

    deleted = _ok(aws("delete-function", "--function-name", name))
    assert deleted in (None, {"StatusCode": 204})  # newer models expose the status of DeleteFunction
    gone = aws("get-function", "--function-name", name)
    assert gone.returncode != 0


def test_function_error_is_reported_in_the_output(aws, tmp_path, functions):
    name = functions.create({"app.py": "def handler(event, context):\n    raise ValueError('no')\n"})
    outfile = tmp_path / "error.json"
    invoked = _ok(aws("invoke", "--function-name", name, str(outfile)))
    assert invoked["StatusCode"] == 200
    assert invoked["FunctionError"] == "Unhandled"
    assert json.loads(outfile.read_text())["errorType"] == "ValueError"


def test_unknown_function_is_an_error_with_a_non_zero_exit(aws, tmp_path):
    name = unique_name("cli-missing")
    proc = aws("get-function", "--function-name", name)
    # The AWS CLI exits 254 (v2) or 255 (v1) on a service error and prints botocore's message.
    assert proc.returncode in (254, 255), proc
    assert ("An error occurred (ResourceNotFoundException) when calling the GetFunction operation: "
            "Function not found: arn:aws:lambda:us-east-1:000000000000:function:%s" % name) in proc.stderr
    proc = aws("invoke", "--function-name", name, str(tmp_path / "never.json"))
    assert proc.returncode in (254, 255)
    assert "ResourceNotFoundException" in proc.stderr


def test_bad_input_is_reported(aws, tmp_path):
    zip_path = tmp_path / "function.zip"
    zip_path.write_bytes(make_zip({"app.py": APP}))
    proc = aws("create-function", "--function-name", unique_name("cli-bad"), "--runtime", RUNTIME, "--handler",
               "app.handler", "--role", ROLE, "--zip-file", "fileb://%s" % zip_path, "--memory-size", "10241")
    assert proc.returncode in (254, 255), proc
    assert "InvalidParameterValueException" in proc.stderr
    assert "MemorySize" in proc.stderr


def test_account_settings_and_concurrency(aws, functions):
    name = functions.create({"app.py": APP})
    put = _ok(aws("put-function-concurrency", "--function-name", name, "--reserved-concurrent-executions", "3"))
    assert put == {"ReservedConcurrentExecutions": 3}
    assert _ok(aws("get-function-concurrency", "--function-name", name)) == {"ReservedConcurrentExecutions": 3}
    settings = _ok(aws("get-account-settings"))
    assert settings["AccountLimit"]["ConcurrentExecutions"] == 1000
    _ok(aws("delete-function-concurrency", "--function-name", name))
