"""Function URL configs through boto3 and the AWS CLI: create/get/update/list/delete, conflicts, CORS and qualifier
validation as Lambda refuses them, URLs going with their function or alias, and surviving a restart."""

import json
import os
import re
import shutil
import subprocess
import time
from datetime import datetime

import pytest
from botocore.exceptions import ClientError

from conftest import REGION, aws_cli_env, error_code

APP = {"app.py": "def handler(event, context):\n    return {'ok': True}\n"}
URL = re.compile(r"^http://([a-z0-9]{32})\.lambda-url\.%s\.localhost:3000/$" % REGION)


def arn(name, qualifier=None):
    base = "arn:aws:lambda:%s:000000000000:function:%s" % (REGION, name)
    return base + ":" + qualifier if qualifier else base


def fails(code, call, **kwargs):
    with pytest.raises(ClientError) as e:
        call(**kwargs)
    assert error_code(e.value) == code, e.value.response
    return e.value.response["Error"]["Message"]


def published_alias(lam, name, alias="live"):
    version = lam.publish_version(FunctionName=name)["Version"]
    lam.create_alias(FunctionName=name, Name=alias, FunctionVersion=version)
    return alias


def test_create_get_update_list_delete(lam, functions):
    name = functions.create(APP)
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=name)
    assert lam.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"] == []

    created = lam.create_function_url_config(FunctionName=name, AuthType="NONE")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert URL.match(created["FunctionUrl"]), created["FunctionUrl"]
    assert created["FunctionArn"] == arn(name)
    assert created["AuthType"] == "NONE"
    assert created["InvokeMode"] == "BUFFERED"
    assert "Cors" not in created
    assert "LastModifiedTime" not in created  # not in CreateFunctionUrlConfig's output shape
    created_at = datetime.strptime(created["CreationTime"], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert abs((datetime.utcnow() - created_at).total_seconds()) < 600

    got = lam.get_function_url_config(FunctionName=name)
    assert got["FunctionUrl"] == created["FunctionUrl"]
    assert got["CreationTime"] == created["CreationTime"]
    assert got["LastModifiedTime"] == created["CreationTime"]
    # Every spelling of the function names the same URL.
    assert lam.get_function_url_config(FunctionName=arn(name))["FunctionUrl"] == created["FunctionUrl"]

    cors = {
        "AllowCredentials": True,
        "AllowHeaders": ["x-custom"],
        "AllowMethods": ["GET", "POST"],
        "AllowOrigins": ["https://example.com"],
        "ExposeHeaders": ["x-trace"],
        "MaxAge": 300,
    }
    time.sleep(0.01)
    updated = lam.update_function_url_config(FunctionName=name, AuthType="AWS_IAM", Cors=cors)
    assert updated["AuthType"] == "AWS_IAM"
    assert updated["Cors"] == cors
    assert updated["FunctionUrl"] == created["FunctionUrl"]  # a URL never changes
    assert updated["CreationTime"] == created["CreationTime"]
    assert updated["LastModifiedTime"] > updated["CreationTime"]
    # An update changes only what it names.
    updated = lam.update_function_url_config(FunctionName=name, InvokeMode="RESPONSE_STREAM")
    assert (updated["AuthType"], updated["Cors"], updated["InvokeMode"]) == ("AWS_IAM", cors, "RESPONSE_STREAM")
    # An empty Cors turns CORS off.
    updated = lam.update_function_url_config(FunctionName=name, Cors={})
    assert updated.get("Cors", {}) == {}

    listed = lam.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"]
    assert [c["FunctionUrl"] for c in listed] == [created["FunctionUrl"]]
    assert set(listed[0]) >= {"FunctionUrl", "FunctionArn", "CreationTime", "LastModifiedTime", "AuthType", "InvokeMode"}

    deleted = lam.delete_function_url_config(FunctionName=name)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=name)
    fails("ResourceNotFoundException", lam.delete_function_url_config, FunctionName=name)
    fails("ResourceNotFoundException", lam.update_function_url_config, FunctionName=name, AuthType="NONE")

    # A new URL for the same function gets a new id.
    again = lam.create_function_url_config(FunctionName=name, AuthType="NONE")
    assert again["FunctionUrl"] != created["FunctionUrl"]


def test_conflict_and_missing_function(lam, functions):
    name = functions.create(APP)
    lam.create_function_url_config(FunctionName=name, AuthType="NONE")
    message = fails("ResourceConflictException", lam.create_function_url_config, FunctionName=name, AuthType="NONE")
    assert message == (
        "Failed to create function url config for [functionArn = %s]. Error message:  FunctionUrlConfig exists for "
        "this Lambda function" % arn(name)
    )
    missing = name + "-missing"
    fails("ResourceNotFoundException", lam.create_function_url_config, FunctionName=missing, AuthType="NONE")
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=missing)
    fails("ResourceNotFoundException", lam.update_function_url_config, FunctionName=missing, AuthType="NONE")
    fails("ResourceNotFoundException", lam.delete_function_url_config, FunctionName=missing)
    fails("ResourceNotFoundException", lam.list_function_url_configs, FunctionName=missing)


def test_qualifier_rules_and_aliases(lam, raw_lam, functions):
    name = functions.create(APP)
    alias = published_alias(lam, name)
    # A version number is refused, and so is an explicit $LATEST (the model's pattern has no `$`).
    for qualifier in ("1", "$LATEST"):
        message = fails(
            "InvalidParameterValueException",
            raw_lam.create_function_url_config,
            FunctionName=name,
            Qualifier=qualifier,
            AuthType="NONE",
        )
        assert "at 'qualifier' failed to satisfy constraint" in message
        fails("InvalidParameterValueException", raw_lam.get_function_url_config, FunctionName=name, Qualifier=qualifier)
    fails("InvalidParameterValueException", raw_lam.get_function_url_config, FunctionName=name + ":1")
    # An alias that does not exist.
    fails("ResourceNotFoundException", lam.create_function_url_config, FunctionName=name, Qualifier="nope", AuthType="NONE")

    latest = lam.create_function_url_config(FunctionName=name, AuthType="NONE")
    aliased = lam.create_function_url_config(FunctionName=name, Qualifier=alias, AuthType="AWS_IAM")
    assert aliased["FunctionArn"] == arn(name, alias)
    assert URL.match(aliased["FunctionUrl"]) and aliased["FunctionUrl"] != latest["FunctionUrl"]
    assert lam.get_function_url_config(FunctionName=name + ":" + alias)["AuthType"] == "AWS_IAM"
    assert lam.get_function_url_config(FunctionName=arn(name, alias))["FunctionUrl"] == aliased["FunctionUrl"]

    # Paging with MaxItems and Marker.
    first = lam.list_function_url_configs(FunctionName=name, MaxItems=1)
    assert len(first["FunctionUrlConfigs"]) == 1 and first.get("NextMarker")
    second = lam.list_function_url_configs(FunctionName=name, MaxItems=1, Marker=first["NextMarker"])
    assert len(second["FunctionUrlConfigs"]) == 1 and "NextMarker" not in second
    urls = {c["FunctionUrl"] for c in first["FunctionUrlConfigs"] + second["FunctionUrlConfigs"]}
    assert urls == {latest["FunctionUrl"], aliased["FunctionUrl"]}
    fails("InvalidParameterValueException", raw_lam.list_function_url_configs, FunctionName=name, MaxItems=51)

    # Deleting the alias deletes its URL; an alias created again under the name starts without one.
    lam.delete_alias(FunctionName=name, Name=alias)
    published_alias(lam, name, alias)
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=name, Qualifier=alias)
    listed = lam.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"]
    assert [c["FunctionArn"] for c in listed] == [arn(name)]


@pytest.mark.parametrize(
    "change, needle",
    [
        ({"AuthType": "OPEN"}, "at 'authType' failed to satisfy constraint"),
        ({"InvokeMode": "STREAM"}, "at 'invokeMode' failed to satisfy constraint"),
        ({"Cors": {"AllowOrigins": ["*"], "MaxAge": 86401}}, "at 'cors.maxAge'"),
        ({"Cors": {"AllowOrigins": ["*"], "AllowMethods": ["TRACE"]}}, "TRACE is not a valid value for AllowMethods"),
        ({"Cors": {"AllowOrigins": ["*"], "AllowMethods": ["OPTIONS"]}}, "at 'cors.allowMethods'"),
        ({"Cors": {"AllowOrigins": ["*"], "AllowMethods": ["GET"] * 7}}, "at 'cors.allowMethods'"),
        ({"Cors": {"AllowOrigins": ["o%d" % i for i in range(101)]}}, "at 'cors.allowOrigins'"),
        ({"Cors": {"AllowOrigins": ["x" * 254]}}, "at 'cors.allowOrigins'"),
        ({"Cors": {"AllowOrigins": ["*"], "AllowHeaders": ["h" * 1025]}}, "at 'cors.allowHeaders'"),
        ({"Cors": {"AllowMethods": ["GET"]}}, "You can't leave AllowOrigins as empty when Cors is enabled."),
    ],
)
def test_bad_values_are_refused_and_change_nothing(lam, raw_lam, functions, change, needle):
    name = functions.create(APP)
    message = fails(
        "InvalidParameterValueException", raw_lam.create_function_url_config, FunctionName=name, **dict({"AuthType": "NONE"}, **change)
    )
    assert needle in message
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=name)
    lam.create_function_url_config(FunctionName=name, AuthType="NONE", Cors={"AllowOrigins": ["*"]})
    message = fails("InvalidParameterValueException", raw_lam.update_function_url_config, FunctionName=name, **change)
    assert needle in message
    got = lam.get_function_url_config(FunctionName=name)
    assert (got["AuthType"], got["Cors"], got["InvokeMode"]) == ("NONE", {"AllowOrigins": ["*"]}, "BUFFERED")


def test_auth_type_is_required_on_create(raw_lam, functions):
    name = functions.create(APP)
    message = fails("InvalidParameterValueException", raw_lam.create_function_url_config, FunctionName=name)
    assert "'authType'" in message


def test_urls_go_with_their_function(lam, functions):
    name = functions.create(APP)
    alias = published_alias(lam, name)
    lam.create_function_url_config(FunctionName=name, AuthType="NONE")
    lam.create_function_url_config(FunctionName=name, Qualifier=alias, AuthType="NONE")
    lam.delete_function(FunctionName=name)
    functions.create(APP, name=name)
    assert lam.list_function_url_configs(FunctionName=name)["FunctionUrlConfigs"] == []
    fails("ResourceNotFoundException", lam.get_function_url_config, FunctionName=name)


def test_urls_survive_a_restart(lamb_servers, functions_on):
    server = lamb_servers.start("--gateway-port", "0")
    lam = server.client()
    name = functions_on(server).create(APP)
    alias = published_alias(lam, name)
    cors = {"AllowOrigins": ["http://localhost:8080"], "AllowMethods": ["*"], "MaxAge": 60}
    created = lam.create_function_url_config(FunctionName=name, AuthType="AWS_IAM", Cors=cors, InvokeMode="RESPONSE_STREAM")
    aliased = lam.create_function_url_config(FunctionName=name, Qualifier=alias, AuthType="NONE")
    assert re.search(r"\.lambda-url\.%s\.localhost:\d+/$" % REGION, created["FunctionUrl"])
    before = lam.get_function_url_config(FunctionName=name)
    assert (before["AuthType"], before["Cors"], before["InvokeMode"]) == ("AWS_IAM", cors, "RESPONSE_STREAM")

    server.restart()
    lam = server.client()
    after = lam.get_function_url_config(FunctionName=name)
    for answer in (before, after):
        answer.pop("ResponseMetadata")
        # The gateway took a free port each time (--gateway-port 0); the URL's id is what must survive.
        answer["FunctionUrl"] = re.sub(r":\d+/$", "/", answer["FunctionUrl"])
    assert after == before
    again = lam.get_function_url_config(FunctionName=name, Qualifier=alias)["FunctionUrl"]
    assert re.sub(r":\d+/$", "/", again) == re.sub(r":\d+/$", "/", aliased["FunctionUrl"])
    fails("ResourceConflictException", lam.create_function_url_config, FunctionName=name, AuthType="NONE")


AWS = shutil.which("aws")


@pytest.mark.skipif(AWS is None, reason="the AWS CLI is not installed (pip install awscli)")
def test_aws_cli_create_function_url_config(lamb, functions, tmp_path):
    name = functions.create(APP)
    env = aws_cli_env(tmp_path)
    proc = subprocess.run(
        [AWS, "lambda", "create-function-url-config", "--function-name", name, "--auth-type", "NONE",
         "--cors", "AllowOrigins=https://example.com,AllowMethods=GET",
         "--endpoint-url", lamb.endpoint, "--output", "json"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert URL.match(out["FunctionUrl"])
    assert out["Cors"] == {"AllowOrigins": ["https://example.com"], "AllowMethods": ["GET"]}
