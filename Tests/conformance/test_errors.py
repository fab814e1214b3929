"""Bad input: every refused request gets Lambda's error code and HTTP status, and changes nothing.

The client here skips botocore's own parameter checks (`raw_lam`), so each value reaches Lamb as it would reach
Lambda from an SDK that does not validate.
"""

import io
import json
import zipfile

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, RUNTIME, error_code, invoke, make_zip, unique_name

APP = "def handler(event, context):\n    return {'ok': True, 'event': event}\n"


def _status(exc):
    return exc.response["ResponseMetadata"]["HTTPStatusCode"]


def _message(exc):
    return exc.response["Error"]["Message"]


def _names(client):
    return {f["FunctionName"] for f in client.get_paginator("list_functions").paginate().build_full_result()["Functions"]}


def _zip_escaping_root():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
        z.writestr("../evil.py", "print('outside')\n")
    return buf.getvalue()


def _zip_absolute_path():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
        info = zipfile.ZipInfo("placeholder")
        info.filename = "/tmp/lamb-evil.py"  # ZipInfo strips a leading slash from the constructor argument
        z.writestr(info, "print('outside')\n")
    return buf.getvalue()


BAD_CREATES = {
    "memory-127": ({"MemorySize": 127}, "MemorySize"),
    "memory-10241": ({"MemorySize": 10241}, "MemorySize"),
    "timeout-0": ({"Timeout": 0}, "Timeout"),
    "timeout-901": ({"Timeout": 901}, "Timeout"),
    "unknown-runtime": ({"Runtime": "cobol85"}, "cobol85"),
    "retired-runtime": ({"Runtime": "python2.7"}, "python2.7"),
    "env-over-4kb": ({"Environment": {"Variables": {"BIG": "x" * 4100}}}, "4KB"),
    "env-over-4kb-in-many-keys": ({"Environment": {"Variables": {"K%03d" % i: "y" * 40 for i in range(100)}}}, "4KB"),
    "env-reserved-key": ({"Environment": {"Variables": {"AWS_REGION": "eu-west-1"}}}, "AWS_REGION"),
    "env-bad-key": ({"Environment": {"Variables": {"1BAD": "x"}}}, "1BAD"),
    "bad-role": ({"Role": "not-a-role"}, "role"),
    "empty-handler": ({"Handler": ""}, "handler"),
    "handler-with-space": ({"Handler": "app handler"}, "handler"),
    "ephemeral-storage-511": ({"EphemeralStorage": {"Size": 511}}, "EphemeralStorage"),
    "two-architectures": ({"Architectures": ["x86_64", "arm64"]}, "Architectures"),
    "invalid-zip": ({"Code": {"ZipFile": b"this is not a zip file"}}, "unzip"),
    "empty-zip-bytes": ({"Code": {"ZipFile": b""}}, "unzip"),
    "zip-entry-escaping-root": ({"Code": {"ZipFile": _zip_escaping_root()}}, "../evil.py"),
    "zip-entry-absolute": ({"Code": {"ZipFile": _zip_absolute_path()}}, "/tmp/lamb-evil.py"),
    "image-package": ({"PackageType": "Image", "Code": {"ImageUri": "x.dkr.ecr.us-east-1.amazonaws.com/f:1"}}, "Image"),
}


@pytest.mark.parametrize("case", sorted(BAD_CREATES))
def test_bad_create_is_refused_and_stores_nothing(raw_lam, lamb, case):
    overrides, mentioned = BAD_CREATES[case]
    name = unique_name("bad-" + case)
    request = {
        "FunctionName": name,
        "Runtime": RUNTIME,
        "Handler": "app.handler",
        "Role": ROLE,
        "Code": {"ZipFile": make_zip({"app.py": APP})},
    }
    request.update(overrides)
    with pytest.raises(ClientError) as e:
        raw_lam.create_function(**request)
    assert error_code(e.value) == "InvalidParameterValueException", e.value.response
    assert _status(e.value) == 400
    assert mentioned in _message(e.value)
    with pytest.raises(ClientError) as e:
        raw_lam.get_function(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert name not in _names(raw_lam)
    # Nothing was unpacked for it, and a zip entry never landed outside the code root.
    assert not any(name in path for path in _walk(lamb.data_dir))


def _walk(root):
    import os

    for directory, dirs, files in os.walk(root):
        for entry in dirs + files:
            yield os.path.join(directory, entry)


@pytest.mark.parametrize(
    "bad_name",
    ["has space", "semi;colon", "a" * 65, "dots.not.allowed", "arn:aws:lambda:us-east-1:000000000000:function:"],
)
def test_bad_function_name(raw_lam, bad_name):
    with pytest.raises(ClientError) as e:
        raw_lam.create_function(
            FunctionName=bad_name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
            Code={"ZipFile": make_zip({"app.py": APP})},
        )
    assert error_code(e.value) == "InvalidParameterValueException"
    assert _status(e.value) == 400
    assert bad_name not in _names(raw_lam)


def test_duplicate_create_is_a_conflict_and_keeps_the_first(raw_lam, functions):
    name = functions.create({"app.py": APP})
    before = raw_lam.get_function_configuration(FunctionName=name)
    with pytest.raises(ClientError) as e:
        raw_lam.create_function(
            FunctionName=name, Runtime="python3.11", Handler="other.handler", Role=ROLE, MemorySize=512,
            Code={"ZipFile": make_zip({"other.py": APP})},
        )
    assert error_code(e.value) == "ResourceConflictException"
    assert _status(e.value) == 409
    after = raw_lam.get_function_configuration(FunctionName=name)
    assert after == before | {"ResponseMetadata": after["ResponseMetadata"]}
    assert invoke(raw_lam, name).payload["ok"] is True


@pytest.mark.parametrize(
    "operation",
    [
        lambda c, n: c.get_function(FunctionName=n),
        lambda c, n: c.get_function_configuration(FunctionName=n),
        lambda c, n: c.update_function_code(FunctionName=n, ZipFile=make_zip({"app.py": APP})),
        lambda c, n: c.update_function_configuration(FunctionName=n, Timeout=5),
        lambda c, n: c.delete_function(FunctionName=n),
        lambda c, n: c.invoke(FunctionName=n, Payload=b"{}"),
        lambda c, n: c.invoke(FunctionName=n, InvocationType="DryRun"),
        lambda c, n: c.put_function_concurrency(FunctionName=n, ReservedConcurrentExecutions=1),
        lambda c, n: c.get_function_concurrency(FunctionName=n),
        lambda c, n: c.delete_function_concurrency(FunctionName=n),
    ],
    ids=[
        "get", "get-configuration", "update-code", "update-configuration", "delete", "invoke", "invoke-dry-run",
        "put-concurrency", "get-concurrency", "delete-concurrency",
    ],
)
def test_unknown_function_is_resource_not_found(raw_lam, operation):
    name = unique_name("missing")
    with pytest.raises(ClientError) as e:
        operation(raw_lam, name)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert _status(e.value) == 404
    assert _message(e.value) == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:%s" % name
    assert name not in _names(raw_lam)


BAD_UPDATES = {
    "memory-127": {"MemorySize": 127},
    "memory-10241": {"MemorySize": 10241},
    "timeout-0": {"Timeout": 0},
    "timeout-901": {"Timeout": 901},
    "unknown-runtime": {"Runtime": "cobol85"},
    "env-over-4kb": {"Environment": {"Variables": {"BIG": "x" * 4100}}},
    "bad-role": {"Role": "arn:aws:iam::12:role/x"},
}


@pytest.mark.parametrize("case", sorted(BAD_UPDATES))
def test_bad_configuration_update_changes_nothing(raw_lam, functions, case):
    name = functions.create({"app.py": APP}, Environment={"Variables": {"KEEP": "me"}})
    before = raw_lam.get_function_configuration(FunctionName=name)
    with pytest.raises(ClientError) as e:
        raw_lam.update_function_configuration(FunctionName=name, Description="must not stick", **BAD_UPDATES[case])
    assert error_code(e.value) == "InvalidParameterValueException"
    assert _status(e.value) == 400
    after = raw_lam.get_function_configuration(FunctionName=name)
    after.pop("ResponseMetadata")
    before.pop("ResponseMetadata")
    assert after == before


@pytest.mark.parametrize("case", ["invalid-zip", "zip-entry-escaping-root"])
def test_bad_code_update_changes_nothing(raw_lam, functions, case):
    zip_bytes = b"PK\x03\x04 broken" if case == "invalid-zip" else _zip_escaping_root()
    name = functions.create({"app.py": APP})
    before = raw_lam.get_function_configuration(FunctionName=name)
    with pytest.raises(ClientError) as e:
        raw_lam.update_function_code(FunctionName=name, ZipFile=zip_bytes)
    assert error_code(e.value) == "InvalidParameterValueException"
    after = raw_lam.get_function_configuration(FunctionName=name)
    assert (after["CodeSha256"], after["RevisionId"], after["LastModified"]) == (
        before["CodeSha256"], before["RevisionId"], before["LastModified"],
    )
    assert invoke(raw_lam, name).payload["ok"] is True


@pytest.mark.parametrize(
    "payload", [b"{", b"hello", b"{'single': 'quotes'}", b"\xff\xfe", b'{"a": 1,}', b"[1, 2,]", b"NaN", b"{} {}"]
)
def test_non_json_payload_is_invalid_request_content(raw_lam, functions, lamb, payload):
    name = functions.create({"app.py": APP})
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, Payload=payload)
    assert error_code(e.value) == "InvalidRequestContentException"
    assert _status(e.value) == 400
    assert "Could not parse request body into json" in _message(e.value)
    # Nothing ran.
    assert lamb.environments(name) == []


@pytest.mark.parametrize("payload", [b"[1, 2, 3]", b'"a string"', b"42", b"null", b"true", b""])
def test_any_json_value_is_a_valid_payload(raw_lam, functions, payload):
    name = functions.create({"app.py": APP})
    result = invoke(raw_lam, name, payload)
    assert result.function_error is None
    assert result.payload["event"] == (json.loads(payload) if payload else {})


def test_payload_over_6_mb_is_request_too_large(raw_lam, functions, lamb):
    name = functions.create({"app.py": APP})
    payload = b'"' + b"x" * (6 * 1024 * 1024) + b'"'
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, Payload=payload)
    assert error_code(e.value) == "RequestTooLargeException"
    assert _status(e.value) == 413
    assert lamb.environments(name) == []
    # A payload just under the limit goes through.
    result = invoke(raw_lam, name, {"blob": "y" * (5 * 1024 * 1024)}, tail=False)
    assert result.function_error is None
    assert len(result.payload["event"]["blob"]) == 5 * 1024 * 1024


def test_unknown_qualifier_and_bad_invocation_type(raw_lam, functions):
    name = functions.create({"app.py": APP})
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, Qualifier="42", Payload=b"{}")
    assert error_code(e.value) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, InvocationType="Sometimes", Payload=b"{}")
    assert error_code(e.value) == "InvalidParameterValueException"
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, LogType="Everything", Payload=b"{}")
    assert error_code(e.value) == "InvalidParameterValueException"


def test_bad_client_context(raw_lam, functions):
    name = functions.create({"app.py": APP})
    with pytest.raises(ClientError) as e:
        raw_lam.invoke(FunctionName=name, ClientContext="not base64 json!", Payload=b"{}")
    assert error_code(e.value) == "InvalidRequestContentException"


def test_malformed_request_body_is_refused(lamb):
    status, headers, body = lamb.request(
        "POST", "/2015-03-31/functions", body=b'{"FunctionName": 12, "Code": "x"', headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "InvalidParameterValueException"
    assert "message" in json.loads(body)
