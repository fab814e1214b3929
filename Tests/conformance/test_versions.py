"""Versions through boto3: PublishVersion, ListVersionsByFunction, qualified reads and invokes, DeleteFunction with a
qualifier, Publish on create and code updates, ARNs and X-Amz-Executed-Version."""

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, invoke, make_zip, sha256_b64

SOURCE = """
import os
def handler(event, context):
    return {"tag": "%s", "version": context.function_version, "arn": context.invoked_function_arn,
            "mem": context.memory_limit_in_mb}
"""


def code(tag):
    return make_zip({"app.py": SOURCE % tag})


def test_publish_copies_code_and_configuration(lam, functions):
    name = functions.create(code("one"))
    v1 = lam.publish_version(FunctionName=name, Description="first")
    assert v1["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert v1["Version"] == "1"
    assert v1["FunctionArn"].endswith(":function:%s:1" % name)
    assert v1["Description"] == "first"
    lam.update_function_code(FunctionName=name, ZipFile=code("two"))
    lam.update_function_configuration(FunctionName=name, MemorySize=256)
    v2 = lam.publish_version(FunctionName=name)
    assert v2["Version"] == "2"

    one = invoke(lam, name, Qualifier="1")
    assert one.payload["tag"] == "one" and one.payload["mem"] == "128"
    assert one.executed_version == "1"
    assert one.payload["version"] == "1"
    assert one.payload["arn"].endswith(":function:%s:1" % name)
    two = invoke(lam, name + ":2")
    assert two.payload["tag"] == "two" and two.payload["mem"] == "256"
    latest = invoke(lam, name)
    assert latest.executed_version == "$LATEST"
    assert latest.payload["arn"].endswith(":function:%s" % name)

    conf = lam.get_function_configuration(FunctionName=name, Qualifier="1")
    assert conf["Version"] == "1" and conf["MemorySize"] == 128 and conf["State"] == "Active"
    got = lam.get_function(FunctionName=name + ":2")
    assert got["Configuration"]["Version"] == "2"
    assert got["Configuration"]["CodeSha256"] == sha256_b64(code("two"))
    unqualified = lam.get_function_configuration(FunctionName=name)
    assert unqualified["Version"] == "$LATEST"
    assert unqualified["FunctionArn"].endswith(":function:%s" % name)


def test_no_new_version_when_nothing_changed(lam, functions):
    name = functions.create(code("same"))
    first = lam.publish_version(FunctionName=name)
    again = lam.publish_version(FunctionName=name, Description="ignored")
    assert again["Version"] == first["Version"] == "1"
    assert again["Description"] == first["Description"]
    lam.update_function_configuration(FunctionName=name, Timeout=9)
    assert lam.publish_version(FunctionName=name)["Version"] == "2"


def test_preconditions(lam, functions):
    name = functions.create(code("pre"))
    with pytest.raises(ClientError) as e:
        lam.publish_version(FunctionName=name, CodeSha256="not-the-hash")
    assert error_code(e.value) == "InvalidParameterValueException"
    with pytest.raises(ClientError) as e:
        lam.publish_version(FunctionName=name, RevisionId="00000000-0000-0000-0000-000000000000")
    assert error_code(e.value) == "PreconditionFailedException"
    # Refusals change nothing.
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]] == ["$LATEST"]
    latest = lam.get_function_configuration(FunctionName=name)
    v = lam.publish_version(FunctionName=name, CodeSha256=latest["CodeSha256"], RevisionId=latest["RevisionId"])
    assert v["Version"] == "1"


def test_list_versions_paginates(lam, functions):
    name = functions.create(code("0"))
    for i in range(1, 5):
        lam.update_function_configuration(FunctionName=name, Description="d%d" % i, Timeout=3 + i)
        lam.publish_version(FunctionName=name)
    first = lam.list_versions_by_function(FunctionName=name, MaxItems=2)
    assert [v["Version"] for v in first["Versions"]] == ["$LATEST", "1"]
    assert first["NextMarker"]
    pages = lam.get_paginator("list_versions_by_function").paginate(
        FunctionName=name, PaginationConfig={"PageSize": 2})
    versions = [v["Version"] for page in pages for v in page["Versions"]]
    assert versions == ["$LATEST", "1", "2", "3", "4"]
    arns = [v["FunctionArn"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]]
    assert arns[0].endswith(":function:%s" % name) and arns[2].endswith(":function:%s:2" % name)


def test_delete_one_version(lam, functions):
    name = functions.create(code("d"))
    lam.publish_version(FunctionName=name)
    lam.update_function_configuration(FunctionName=name, Timeout=5)
    lam.publish_version(FunctionName=name)
    invoke(lam, name, Qualifier="1")
    lam.delete_function(FunctionName=name, Qualifier="1")
    assert [v["Version"] for v in lam.list_versions_by_function(FunctionName=name)["Versions"]] == ["$LATEST", "2"]
    with pytest.raises(ClientError) as e:
        invoke(lam, name, Qualifier="1")
    assert error_code(e.value) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        lam.get_function_configuration(FunctionName=name, Qualifier="1")
    assert error_code(e.value) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        lam.delete_function(FunctionName=name, Qualifier="$LATEST")
    assert error_code(e.value) == "InvalidParameterValueException"
    # Numbers are never reused.
    lam.update_function_configuration(FunctionName=name, Timeout=6)
    assert lam.publish_version(FunctionName=name)["Version"] == "3"
    assert invoke(lam, name, Qualifier="2").status == 200


def test_publish_on_create_and_code_update(lam, functions):
    name = functions.create(code("p1"), Publish=True)
    versions = lam.list_versions_by_function(FunctionName=name)["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1"]
    updated = lam.update_function_code(FunctionName=name, ZipFile=code("p2"), Publish=True)
    assert updated["Version"] == "2"
    assert invoke(lam, name, Qualifier="2").payload["tag"] == "p2"
    assert invoke(lam, name, Qualifier="1").payload["tag"] == "p1"


def test_updating_latest_keeps_version_environments(lamb, lam, functions):
    name = functions.create(code("keep"))
    lam.publish_version(FunctionName=name)
    invoke(lam, name, Qualifier="1")
    before = [e["id"] for e in lamb.environments(name) if e["version"] == "1"]
    assert len(before) == 1
    lam.update_function_configuration(FunctionName=name, Timeout=7)
    again = invoke(lam, name, Qualifier="1")
    assert not again.cold
    assert [e["id"] for e in lamb.environments(name) if e["version"] == "1"] == before


def test_unknown_version(lam, functions):
    name = functions.create(code("u"))
    for call in (
        lambda: invoke(lam, name, Qualifier="7"),
        lambda: lam.get_function(FunctionName=name, Qualifier="7"),
        lambda: lam.delete_function(FunctionName=name, Qualifier="7"),
    ):
        with pytest.raises(ClientError) as e:
            call()
        assert error_code(e.value) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        lam.publish_version(FunctionName="no-such-function-x")
    assert error_code(e.value) == "ResourceNotFoundException"


def test_versions_survive_restart(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    name = functions_on(server).create(code("r1"))
    client.publish_version(FunctionName=name)
    client.update_function_code(FunctionName=name, ZipFile=code("r2"))
    server.restart()
    client = server.client()
    assert invoke(client, name, Qualifier="1").payload["tag"] == "r1"
    assert invoke(client, name).payload["tag"] == "r2"
    assert client.publish_version(FunctionName=name)["Version"] == "2"


def test_list_functions_with_all_versions(lam, functions):
    name = functions.create(code("all"), Publish=True)
    pages = lam.get_paginator("list_functions").paginate(FunctionVersion="ALL", PaginationConfig={"PageSize": 3})
    mine = [f["Version"] for page in pages for f in page["Functions"] if f["FunctionName"] == name]
    assert mine == ["$LATEST", "1"]
    plain = [f["Version"] for f in lam.list_functions()["Functions"] if f["FunctionName"] == name]
    assert plain == ["$LATEST"]
