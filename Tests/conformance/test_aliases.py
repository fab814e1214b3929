"""Aliases through boto3: Create/Get/Update/Delete/ListAliases, weighted routing between two versions, invoking by
alias (the invoked ARN carries the alias), and the refusals that change nothing."""

import collections

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, invoke, make_zip

SOURCE = """
def handler(event, context):
    return {"tag": "%s", "arn": context.invoked_function_arn, "version": context.function_version}
"""


def two_versions(lam, functions):
    name = functions.create(make_zip({"app.py": SOURCE % "one"}))
    lam.publish_version(FunctionName=name)
    lam.update_function_code(FunctionName=name, ZipFile=make_zip({"app.py": SOURCE % "two"}))
    lam.publish_version(FunctionName=name)
    return name


def test_alias_lifecycle(lam, functions):
    name = two_versions(lam, functions)
    created = lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1", Description="prod")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["AliasArn"].endswith(":function:%s:live" % name)
    assert created["FunctionVersion"] == "1" and created["Description"] == "prod" and created["RevisionId"]
    got = lam.get_alias(FunctionName=name, Name="live")
    assert got["AliasArn"] == created["AliasArn"] and got["RevisionId"] == created["RevisionId"]

    run = invoke(lam, name, Qualifier="live")
    assert run.payload["tag"] == "one" and run.executed_version == "1"
    assert run.payload["arn"].endswith(":function:%s:live" % name)
    assert run.payload["version"] == "1"

    with pytest.raises(ClientError) as e:
        lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2", RevisionId="stale")
    assert error_code(e.value) == "PreconditionFailedException"
    updated = lam.update_alias(FunctionName=name, Name="live", FunctionVersion="2", RevisionId=got["RevisionId"])
    assert updated["FunctionVersion"] == "2" and updated["Description"] == "prod"
    assert updated["RevisionId"] != got["RevisionId"]
    assert invoke(lam, name + ":live").payload["tag"] == "two"

    lam.create_alias(FunctionName=name, Name="dev", FunctionVersion="$LATEST")
    assert invoke(lam, name, Qualifier="dev").executed_version == "$LATEST"
    listed = lam.list_aliases(FunctionName=name)["Aliases"]
    assert [a["Name"] for a in listed] == ["dev", "live"]
    assert [a["Name"] for a in lam.list_aliases(FunctionName=name, FunctionVersion="2")["Aliases"]] == ["live"]
    conf = lam.get_function_configuration(FunctionName=name, Qualifier="live")
    assert conf["Version"] == "2"

    assert lam.delete_alias(FunctionName=name, Name="dev")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        lam.get_alias(FunctionName=name, Name="dev")
    assert error_code(e.value) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as e:
        invoke(lam, name, Qualifier="dev")
    assert error_code(e.value) == "ResourceNotFoundException"


def test_alias_refusals_change_nothing(lam, raw_lam, functions):
    name = two_versions(lam, functions)
    lam.create_alias(FunctionName=name, Name="a", FunctionVersion="1")
    cases = [
        (dict(Name="a", FunctionVersion="2"), "ResourceConflictException"),
        (dict(Name="b", FunctionVersion="9"), "ResourceNotFoundException"),
        (dict(Name="123", FunctionVersion="1"), "InvalidParameterValueException"),
        (dict(Name="c", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"1": 0.5}}),
         "InvalidParameterValueException"),
        (dict(Name="c", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"2": 1.5}}),
         "InvalidParameterValueException"),
        (dict(Name="c", FunctionVersion="$LATEST", RoutingConfig={"AdditionalVersionWeights": {"2": 0.5}}),
         "InvalidParameterValueException"),
        (dict(Name="c", FunctionVersion="1", RoutingConfig={"AdditionalVersionWeights": {"7": 0.5}}),
         "ResourceNotFoundException"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ClientError) as e:
            raw_lam.create_alias(FunctionName=name, **kwargs)
        assert error_code(e.value) == code, kwargs
    assert [a["Name"] for a in lam.list_aliases(FunctionName=name)["Aliases"]] == ["a"]
    assert lam.get_alias(FunctionName=name, Name="a")["FunctionVersion"] == "1"
    # A version an alias uses cannot be deleted.
    with pytest.raises(ClientError) as e:
        lam.delete_function(FunctionName=name, Qualifier="1")
    assert error_code(e.value) == "ResourceConflictException"


def test_weighted_routing_splits_about_90_10(lam, functions):
    name = two_versions(lam, functions)
    alias = lam.create_alias(
        FunctionName=name, Name="canary", FunctionVersion="1",
        RoutingConfig={"AdditionalVersionWeights": {"2": 0.1}})
    assert alias["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.1}}
    counts = collections.Counter()
    for _ in range(1000):
        response = lam.invoke(FunctionName=name, Qualifier="canary", Payload=b"{}")
        response["Payload"].read()
        counts[response["ExecutedVersion"]] += 1
    assert set(counts) == {"1", "2"}
    # 100 expected for version 2; the bounds are ~6 standard deviations wide.
    assert 40 <= counts["2"] <= 160, counts
    # Clearing the routing sends everything to the primary version.
    lam.update_alias(FunctionName=name, Name="canary", RoutingConfig={"AdditionalVersionWeights": {}})
    assert "RoutingConfig" not in lam.get_alias(FunctionName=name, Name="canary") or not lam.get_alias(
        FunctionName=name, Name="canary")["RoutingConfig"].get("AdditionalVersionWeights")
    assert {invoke(lam, name, Qualifier="canary").executed_version for _ in range(20)} == {"1"}


def test_list_aliases_paginates(lam, functions):
    name = two_versions(lam, functions)
    for n in ("a1", "a2", "a3"):
        lam.create_alias(FunctionName=name, Name=n, FunctionVersion="1")
    pages = lam.get_paginator("list_aliases").paginate(FunctionName=name, PaginationConfig={"PageSize": 2})
    assert [a["Name"] for page in pages for a in page["Aliases"]] == ["a1", "a2", "a3"]


def test_async_invoke_of_an_alias(lam, functions):
    name = two_versions(lam, functions)
    lam.create_alias(FunctionName=name, Name="ev", FunctionVersion="2")
    response = lam.invoke(FunctionName=name, Qualifier="ev", InvocationType="Event", Payload=b"{}")
    assert response["StatusCode"] == 202
    lam.put_function_event_invoke_config(FunctionName=name, Qualifier="ev", MaximumRetryAttempts=0)
    got = lam.get_function_event_invoke_config(FunctionName=name, Qualifier="ev")
    assert got["FunctionArn"].endswith(":function:%s:ev" % name)
