"""Settings that switch a function into a mode Lamb does not run (Lambda Managed Instances, durable functions, tenant
isolation) are refused by name, with nothing created or changed; `PublishTo` is checked against its enum first."""

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, RUNTIME, error_code, make_zip, unique_name

APP = {"app.py": "def handler(event, context):\n    return 1\n"}
CAPACITY = {"LambdaManagedInstancesCapacityProviderConfig": {
    "CapacityProviderArn": "arn:aws:lambda:us-east-1:000000000000:capacity-provider:cp"}}


def refused(call, **arguments):
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    assert error_code(caught.value) == "InvalidParameterValueException", caught.value.response
    return caught.value.response["Error"]["Message"]


@pytest.mark.parametrize("member,value,feature", [
    ("CapacityProviderConfig", CAPACITY, "Lambda Managed Instances"),
    ("DurableConfig", {"RetentionPeriodInDays": 7, "ExecutionTimeout": 3600}, "durable functions"),
    ("TenancyConfig", {"TenantIsolationMode": "PER_TENANT"}, "tenant isolation"),
    ("PublishTo", "LATEST_PUBLISHED", "Lambda Managed Instances"),
])
def test_create_function_refuses_a_mode_lamb_does_not_run(lam, member, value, feature):
    name = unique_name("unemulated")
    message = refused(lam.create_function, FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                      Code={"ZipFile": make_zip(APP)}, **{member: value})
    assert "Lamb does not emulate %s" % feature in message and member in message
    with pytest.raises(ClientError) as caught:
        lam.get_function(FunctionName=name)
    assert error_code(caught.value) == "ResourceNotFoundException"


def test_update_configuration_refuses_and_changes_nothing(lam, functions):
    name = functions.create(APP)
    before = lam.get_function_configuration(FunctionName=name)
    message = refused(lam.update_function_configuration, FunctionName=name, Timeout=9,
                      DurableConfig={"ExecutionTimeout": 60})
    assert "DurableConfig" in message
    after = lam.get_function_configuration(FunctionName=name)
    assert (after["Timeout"], after["RevisionId"]) == (before["Timeout"], before["RevisionId"])


def test_publish_to_is_checked_then_refused(lam, raw_lam, functions):
    name = functions.create(APP)
    assert "Member must satisfy enum value set: [LATEST_PUBLISHED]" in refused(
        raw_lam.publish_version, FunctionName=name, PublishTo="ELSEWHERE")
    assert "$LATEST.PUBLISHED" in refused(lam.publish_version, FunctionName=name, PublishTo="LATEST_PUBLISHED")
    assert "PublishTo" in refused(lam.update_function_code, FunctionName=name, ZipFile=make_zip(APP),
                                  PublishTo="LATEST_PUBLISHED")
    assert lam.list_versions_by_function(FunctionName=name)["Versions"][-1]["Version"] == "$LATEST"
