"""The control plane through boto3: create, get, list (with pagination), update, delete, account settings.

Shapes, status codes and values are checked against what Lambda returns (reference §4) so that boto3's waiters and
paginators work unchanged.
"""

import json
import re
import urllib.request

import pytest
from botocore.exceptions import ClientError

from conftest import RUNTIME, ROLE, error_code, invoke, make_zip, sha256_b64, unique_name

APP = """
import os
VERSION = "v1"

def handler(event, context):
    return {"version": VERSION, "greeting": os.environ.get("GREETING")}
"""

LAST_MODIFIED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def test_create_function_returns_lambdas_configuration(lam, functions):
    zip_bytes = make_zip({"app.py": APP})
    name = unique_name("create")
    response = lam.create_function(
        FunctionName=name,
        Runtime=RUNTIME,
        Handler="app.handler",
        Role=ROLE,
        Code={"ZipFile": zip_bytes},
        Description="a conformance test",
        MemorySize=256,
        Timeout=7,
        Environment={"Variables": {"GREETING": "hi"}},
        EphemeralStorage={"Size": 1024},
        Architectures=["arm64"],
    )
    functions.adopt(name)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert response["FunctionName"] == name
    assert response["FunctionArn"] == "arn:aws:lambda:us-east-1:000000000000:function:%s" % name
    assert response["Runtime"] == RUNTIME
    assert response["Handler"] == "app.handler"
    assert response["Role"] == ROLE
    assert response["Description"] == "a conformance test"
    assert response["MemorySize"] == 256
    assert response["Timeout"] == 7
    assert response["Environment"] == {"Variables": {"GREETING": "hi"}}
    assert response["EphemeralStorage"] == {"Size": 1024}
    assert response["Architectures"] == ["arm64"]
    assert response["PackageType"] == "Zip"
    assert response["Version"] == "$LATEST"
    assert response["CodeSize"] == len(zip_bytes)
    assert response["CodeSha256"] == sha256_b64(zip_bytes)
    assert LAST_MODIFIED.match(response["LastModified"]), response["LastModified"]
    assert UUID.match(response["RevisionId"]), response["RevisionId"]
    # Lambda's create answer says the function is still being created; later reads say Active.
    assert response["State"] == "Pending"
    assert response["StateReasonCode"] == "Creating"


def test_defaults(lam, functions):
    name = functions.create({"app.py": APP})
    config = lam.get_function_configuration(FunctionName=name)
    assert config["MemorySize"] == 128
    assert config["Timeout"] == 3
    assert config["EphemeralStorage"] == {"Size": 512}
    assert config["Architectures"] == ["x86_64"]
    assert config["Description"] == ""
    assert config["TracingConfig"] == {"Mode": "PassThrough"}
    assert config["LoggingConfig"]["LogGroup"] == "/aws/lambda/%s" % name
    assert config["LoggingConfig"]["LogFormat"] == "Text"
    assert "Environment" not in config


def test_waiters_return_at_once(lam, functions):
    name = functions.create({"app.py": APP})
    # MaxAttempts 1: the very first poll must already see the settled state.
    lam.get_waiter("function_exists").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    lam.get_waiter("function_active_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    lam.get_waiter("function_active").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    lam.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": APP.replace("v1", "v2")}))
    lam.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    lam.get_waiter("function_updated").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})
    lam.update_function_configuration(FunctionName=name, MemorySize=512)
    lam.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 1})


def test_get_function_and_its_code_location(lam, functions):
    zip_bytes = make_zip({"app.py": APP, "lib/data.txt": "some data"})
    name = functions.create(zip_bytes, Tags={"team": "lamb"})
    response = lam.get_function(FunctionName=name)
    config = response["Configuration"]
    assert config["FunctionName"] == name
    assert config["State"] == "Active"
    assert config["LastUpdateStatus"] == "Successful"
    assert config["CodeSha256"] == sha256_b64(zip_bytes)
    assert response["Code"]["RepositoryType"] == "S3"
    assert response["Tags"] == {"team": "lamb"}
    with urllib.request.urlopen(response["Code"]["Location"], timeout=10) as download:
        assert download.read() == zip_bytes


def test_get_function_accepts_every_name_form(lam, functions):
    name = functions.create({"app.py": APP})
    arn = "arn:aws:lambda:us-east-1:000000000000:function:%s" % name
    for form in (name, arn, "000000000000:function:%s" % name, name + ":$LATEST", arn + ":$LATEST"):
        assert lam.get_function_configuration(FunctionName=form)["FunctionName"] == name
    assert lam.get_function(FunctionName=name, Qualifier="$LATEST")["Configuration"]["FunctionName"] == name
    with pytest.raises(ClientError) as e:
        lam.get_function(FunctionName=name, Qualifier="7")
    assert error_code(e.value) == "ResourceNotFoundException"


def test_get_function_configuration_is_settled(lam, functions):
    name = functions.create({"app.py": APP})
    config = lam.get_function_configuration(FunctionName=name)
    assert config["State"] == "Active"
    assert config["LastUpdateStatus"] == "Successful"
    assert LAST_MODIFIED.match(config["LastModified"])


def _list_all_names(lam, prefix, **kwargs):
    names = []
    pages = 0
    marker = None
    while True:
        args = dict(kwargs)
        if marker:
            args["Marker"] = marker
        page = lam.list_functions(**args)
        pages += 1
        names += [f["FunctionName"] for f in page["Functions"] if f["FunctionName"].startswith(prefix)]
        if "MaxItems" in kwargs:
            assert len(page["Functions"]) <= kwargs["MaxItems"]
        marker = page.get("NextMarker")
        if not marker:
            return names, pages


def test_list_functions_paginates_with_max_items_and_marker(lam, functions):
    prefix = unique_name("list")
    created = sorted(functions.create({"app.py": APP}, name="%s-%d" % (prefix, i)) for i in range(5))

    names, pages = _list_all_names(lam, prefix, MaxItems=2)
    assert sorted(names) == created  # every function exactly once
    assert pages >= 3

    one_page = lam.list_functions(MaxItems=2)
    assert len(one_page["Functions"]) == 2
    assert one_page["NextMarker"]

    everything, _ = _list_all_names(lam, prefix)
    assert sorted(everything) == created


def test_list_functions_items_are_configurations_without_state(lam, functions):
    zip_bytes = make_zip({"app.py": APP})
    name = functions.create(zip_bytes)
    items = [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == name]
    assert len(items) == 1
    item = items[0]
    assert item["CodeSha256"] == sha256_b64(zip_bytes)
    assert item["Runtime"] == RUNTIME
    assert LAST_MODIFIED.match(item["LastModified"])
    # ListFunctions items are a subset of the configuration: no state fields (reference §4.1).
    for key in ("State", "LastUpdateStatus", "RuntimeVersionConfig"):
        assert key not in item


def test_boto3_paginator(lam, functions):
    prefix = unique_name("paginate")
    created = sorted(functions.create({"app.py": APP}, name="%s-%d" % (prefix, i)) for i in range(4))
    paginator = lam.get_paginator("list_functions")
    seen = []
    pages = 0
    for page in paginator.paginate(PaginationConfig={"PageSize": 1}):
        pages += 1
        assert len(page["Functions"]) <= 1
        seen += [f["FunctionName"] for f in page["Functions"] if f["FunctionName"].startswith(prefix)]
    assert sorted(seen) == created
    assert pages >= 4
    # MaxItems in PaginationConfig stops early and hands out a resume token.
    first = paginator.paginate(PaginationConfig={"MaxItems": 2, "PageSize": 1}).build_full_result()
    assert len(first["Functions"]) == 2
    assert first.get("NextToken")


def test_list_functions_refuses_bad_max_items(raw_lam):
    for bad in (0, 10001):
        with pytest.raises(ClientError) as e:
            raw_lam.list_functions(MaxItems=bad)
        assert error_code(e.value) == "InvalidParameterValueException"


def test_update_function_code(lam, functions):
    name = functions.create({"app.py": APP})
    before = lam.get_function_configuration(FunctionName=name)
    assert invoke(lam, name).payload["version"] == "v1"

    new_zip = make_zip({"app.py": APP.replace('"v1"', '"v2"')})
    response = lam.update_function_code(FunctionName=name, ZipFile=new_zip)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["CodeSha256"] == sha256_b64(new_zip)
    assert response["CodeSize"] == len(new_zip)
    assert response["LastUpdateStatus"] == "InProgress"
    assert response["RevisionId"] != before["RevisionId"]
    assert LAST_MODIFIED.match(response["LastModified"])

    after = lam.get_function_configuration(FunctionName=name)
    assert after["LastUpdateStatus"] == "Successful"
    assert after["CodeSha256"] == sha256_b64(new_zip)
    assert after["RevisionId"] == response["RevisionId"]
    assert invoke(lam, name).payload["version"] == "v2"


def test_update_function_code_dry_run_changes_nothing(lam, functions):
    zip_bytes = make_zip({"app.py": APP})
    name = functions.create(zip_bytes)
    before = lam.get_function_configuration(FunctionName=name)
    lam.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": APP.replace("v1", "v9")}), DryRun=True)
    after = lam.get_function_configuration(FunctionName=name)
    assert after["CodeSha256"] == before["CodeSha256"] == sha256_b64(zip_bytes)
    assert after["RevisionId"] == before["RevisionId"]
    assert invoke(lam, name).payload["version"] == "v1"


def test_update_function_configuration(lam, functions):
    name = functions.create({"app.py": APP}, Environment={"Variables": {"GREETING": "hello"}})
    assert invoke(lam, name).payload["greeting"] == "hello"
    before = lam.get_function_configuration(FunctionName=name)

    response = lam.update_function_configuration(
        FunctionName=name,
        MemorySize=1024,
        Timeout=30,
        Description="changed",
        Environment={"Variables": {"GREETING": "bonjour"}},
    )
    assert response["MemorySize"] == 1024
    assert response["LastUpdateStatus"] == "InProgress"
    assert response["RevisionId"] != before["RevisionId"]
    config = lam.get_function_configuration(FunctionName=name)
    assert (config["MemorySize"], config["Timeout"], config["Description"]) == (1024, 30, "changed")
    assert config["Environment"] == {"Variables": {"GREETING": "bonjour"}}
    assert config["CodeSha256"] == before["CodeSha256"]
    assert invoke(lam, name).payload["greeting"] == "bonjour"
    # An update of unrelated settings keeps the rest.
    lam.update_function_configuration(FunctionName=name, Timeout=31)
    config = lam.get_function_configuration(FunctionName=name)
    assert (config["MemorySize"], config["Timeout"]) == (1024, 31)
    assert config["Environment"] == {"Variables": {"GREETING": "bonjour"}}


def test_revision_id_is_checked(lam, functions):
    name = functions.create({"app.py": APP})
    revision = lam.get_function_configuration(FunctionName=name)["RevisionId"]
    with pytest.raises(ClientError) as e:
        lam.update_function_configuration(FunctionName=name, Timeout=9, RevisionId="00000000-0000-0000-0000-000000000000")
    assert error_code(e.value) == "PreconditionFailedException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 412
    assert lam.get_function_configuration(FunctionName=name)["Timeout"] == 3
    updated = lam.update_function_configuration(FunctionName=name, Timeout=9, RevisionId=revision)
    assert updated["Timeout"] == 9
    with pytest.raises(ClientError) as e:
        lam.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": APP}), RevisionId=revision)
    assert error_code(e.value) == "PreconditionFailedException"


def test_delete_function(lam, functions):
    name = functions.create({"app.py": APP})
    invoke(lam, name)
    response = lam.delete_function(FunctionName=name)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        lam.get_function(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert name not in [f["FunctionName"] for f in lam.list_functions(MaxItems=1000)["Functions"]]
    with pytest.raises(ClientError) as e:
        lam.delete_function(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"
    # The name is free again.
    functions.create({"app.py": APP}, name=name)
    assert invoke(lam, name).payload["version"] == "v1"


def test_get_account_settings(lam, functions):
    before = lam.get_account_settings()
    assert before["AccountLimit"]["ConcurrentExecutions"] == 1000
    assert before["AccountLimit"]["CodeSizeZipped"] == 52428800
    assert before["AccountLimit"]["CodeSizeUnzipped"] == 262144000
    assert before["AccountLimit"]["UnreservedConcurrentExecutions"] <= 1000
    zip_bytes = make_zip({"app.py": APP})
    functions.create(zip_bytes)
    after = lam.get_account_settings()
    assert after["AccountUsage"]["FunctionCount"] == before["AccountUsage"]["FunctionCount"] + 1
    assert after["AccountUsage"]["TotalCodeSize"] == before["AccountUsage"]["TotalCodeSize"] + len(zip_bytes)


def test_tags(lam, functions):
    name = functions.create({"app.py": APP})
    arn = lam.get_function_configuration(FunctionName=name)["FunctionArn"]
    lam.tag_resource(Resource=arn, Tags={"a": "1", "b": "2"})
    assert lam.list_tags(Resource=arn)["Tags"] == {"a": "1", "b": "2"}
    lam.untag_resource(Resource=arn, TagKeys=["a"])
    assert lam.list_tags(Resource=arn)["Tags"] == {"b": "2"}
    assert lam.get_function(FunctionName=name)["Tags"] == {"b": "2"}


def test_error_responses_carry_request_id_and_json_body(lamb):
    status, headers, body = lamb.request("GET", "/2015-03-31/functions/does-not-exist-anywhere")
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert headers["x-amzn-RequestId"]
    decoded = json.loads(body)
    assert decoded["Type"] == "User"
    assert decoded["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:does-not-exist-anywhere"
