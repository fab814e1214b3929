"""Event invoke configs through boto3: Put replaces, Update merges, Get/List/Delete, validation that changes nothing."""

import time
import uuid

import pytest
from botocore.exceptions import ClientError

from conftest import error_code
from async_support import (  # noqa: F401 - fixtures are used by name
    afunctions,
    alam,
    aserver,
    create_scripted,
    function_arn,
    invoke_event,
    queue_arn,
    recorder,
    wait_message,
)


def test_put_replaces_update_merges_get_list_delete(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    other = create_scripted(afunctions, recorder)
    queue = queue_arn("q")
    with pytest.raises(ClientError) as e:
        alam.get_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert alam.list_function_event_invoke_configs(FunctionName=name)["FunctionEventInvokeConfigs"] == []
    with pytest.raises(ClientError) as e:
        alam.update_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"

    put = alam.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=1, DestinationConfig={"OnSuccess": {"Destination": queue}}
    )
    assert put["FunctionArn"] == function_arn(name, "$LATEST")
    assert put["MaximumRetryAttempts"] == 1
    assert "MaximumEventAgeInSeconds" not in put
    assert put["DestinationConfig"] == {"OnSuccess": {"Destination": queue}, "OnFailure": {}}
    assert abs(put["LastModified"].timestamp() - time.time()) < 600

    # Put replaces: what it leaves out is gone.
    put = alam.put_function_event_invoke_config(FunctionName=name, MaximumEventAgeInSeconds=300)
    assert "MaximumRetryAttempts" not in put
    assert put["DestinationConfig"] == {"OnSuccess": {}, "OnFailure": {}}

    # Update merges: what it names changes, the rest stays.
    updated = alam.update_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": function_arn(other)}}
    )
    assert updated["MaximumEventAgeInSeconds"] == 300
    assert updated["MaximumRetryAttempts"] == 0
    assert updated["DestinationConfig"]["OnFailure"] == {"Destination": function_arn(other)}
    got = alam.get_function_event_invoke_config(FunctionName=name)
    assert {k: got[k] for k in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")} == {
        k: updated[k] for k in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig")
    }
    # The unqualified config is $LATEST's, under every spelling of the function.
    assert alam.get_function_event_invoke_config(FunctionName=name, Qualifier="$LATEST")["MaximumRetryAttempts"] == 0
    assert alam.get_function_event_invoke_config(FunctionName=function_arn(name))["MaximumRetryAttempts"] == 0
    listed = alam.list_function_event_invoke_configs(FunctionName=name)["FunctionEventInvokeConfigs"]
    assert [c["FunctionArn"] for c in listed] == [function_arn(name, "$LATEST")]

    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(FunctionName=name, Qualifier="live", MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"

    assert alam.delete_function_event_invoke_config(FunctionName=name)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        alam.delete_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"

    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(FunctionName=name + "-missing", MaximumRetryAttempts=1)
    assert error_code(e.value) == "ResourceNotFoundException"


def test_a_config_goes_with_its_function(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    alam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    alam.delete_function(FunctionName=name)
    create_scripted(afunctions, recorder, name=name)
    with pytest.raises(ClientError) as e:
        alam.get_function_event_invoke_config(FunctionName=name)
    assert error_code(e.value) == "ResourceNotFoundException"


@pytest.mark.parametrize(
    "settings",
    [
        {"MaximumRetryAttempts": 3},
        {"MaximumRetryAttempts": -1},
        {"MaximumEventAgeInSeconds": 30},
        {"MaximumEventAgeInSeconds": 21601},
        {"DestinationConfig": {"OnFailure": {"Destination": "not-an-arn"}}},
        {"DestinationConfig": {"OnSuccess": {"Destination": "arn:aws:dynamodb:us-east-1:000000000000:table/t"}}},
        {"DestinationConfig": {"OnSuccess": {"Destination": function_arn("no-such-function")}}},
        {},
    ],
)
def test_invalid_configs_are_refused_and_change_nothing(aserver, afunctions, recorder, settings):
    raw = aserver.client(parameter_validation=False)
    name = create_scripted(afunctions, recorder)
    before = raw.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=1)
    for operation in (raw.put_function_event_invoke_config, raw.update_function_event_invoke_config):
        with pytest.raises(ClientError) as e:
            operation(FunctionName=name, **settings)
        assert error_code(e.value) == "InvalidParameterValueException", e.value.response
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    after = raw.get_function_event_invoke_config(FunctionName=name)
    assert after["MaximumRetryAttempts"] == 1 and after["LastModified"] == before["LastModified"]
    assert "MaximumEventAgeInSeconds" not in after


def test_a_function_cannot_be_its_own_destination(alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    with pytest.raises(ClientError) as e:
        alam.put_function_event_invoke_config(
            FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": function_arn(name)}}
        )
    assert error_code(e.value) == "InvalidParameterValueException"


def test_configs_are_per_qualifier_and_an_alias_event_uses_its_own(aserver, alam, afunctions, recorder):
    name = create_scripted(afunctions, recorder)
    version = alam.publish_version(FunctionName=name)["Version"]
    alam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    target = queue_arn("alias-" + uuid.uuid4().hex[:6])
    alam.put_function_event_invoke_config(
        FunctionName=name, Qualifier="live", DestinationConfig={"OnSuccess": {"Destination": target}}
    )
    alam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    listed = alam.list_function_event_invoke_configs(FunctionName=name)["FunctionEventInvokeConfigs"]
    assert sorted(c["FunctionArn"] for c in listed) == sorted([function_arn(name, "$LATEST"), function_arn(name, "live")])

    payload = {"key": "alias-" + uuid.uuid4().hex[:8], "id": "a"}
    request_id = invoke_event(alam, name, payload, Qualifier="live")
    record = wait_message(aserver, target, request_id)["body"]
    assert record["requestContext"]["functionArn"] == function_arn(name, "live")
    assert record["responseContext"]["executedVersion"] == version

    # An alias's config goes with the alias: one created again under the name starts without it.
    alam.delete_alias(FunctionName=name, Name="live")
    alam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    with pytest.raises(ClientError) as e:
        alam.get_function_event_invoke_config(FunctionName=name, Qualifier="live")
    assert error_code(e.value) == "ResourceNotFoundException"
