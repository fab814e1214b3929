"""Provisioned concurrency through boto3: Put/Get/Delete/List on versions and aliases, READY and FAILED, envs
initialised ahead with AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency, served first without Init Duration,
spill-over to on-demand cold starts, never reaped."""

import time

import pytest
from botocore.exceptions import ClientError

from conftest import error_code, invoke, invoke_many, make_zip, wait_for

SOURCE = """
import os, urllib.request, uuid
ENV_ID = uuid.uuid4().hex
INIT_TYPE = os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE")

def handler(event, context):
    if event.get("url"):
        urllib.request.urlopen(event["url"], timeout=150).read()
    return {"env": ENV_ID, "init": INIT_TYPE}
"""

BROKEN = "raise RuntimeError('init fails')\n"


def ready(lam, name, qualifier):
    def check():
        config = lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier=qualifier)
        return config if config["Status"] != "IN_PROGRESS" else None
    return wait_for(check, timeout=60, what="provisioned concurrency to settle")


def test_provisioned_alias_serves_first_and_spills_over(lamb, lam, functions, gate):
    name = functions.create(make_zip({"app.py": SOURCE}))
    lam.publish_version(FunctionName=name)
    lam.create_alias(FunctionName=name, Name="live", FunctionVersion="1")
    put = lam.put_provisioned_concurrency_config(
        FunctionName=name, Qualifier="live", ProvisionedConcurrentExecutions=5)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert put["RequestedProvisionedConcurrentExecutions"] == 5
    assert put["Status"] in ("IN_PROGRESS", "READY")
    config = ready(lam, name, "live")
    assert config["Status"] == "READY"
    assert config["AvailableProvisionedConcurrentExecutions"] == 5
    assert config["AllocatedProvisionedConcurrentExecutions"] == 5
    envs = lamb.environments(name)
    assert len(envs) == 5
    assert {e["initializationType"] for e in envs} == {"provisioned-concurrency"}
    assert {e["version"] for e in envs} == {"1"}

    # Six at once (a barrier of six): five run on the provisioned environments, the sixth starts on demand.
    results = invoke_many(lam, name + ":live", 6, {"url": gate.barrier_url("pc-spill-" + name, 6)})
    for r in results:
        assert not isinstance(r, Exception), r
        assert r.function_error is None, r
    provisioned = [r for r in results if r.payload["init"] == "provisioned-concurrency"]
    on_demand = [r for r in results if r.payload["init"] == "on-demand"]
    assert len(provisioned) == 5 and len(on_demand) == 1
    assert not any("Init Duration" in r.report for r in provisioned)
    assert "Init Duration" in on_demand[0].report
    assert {r.executed_version for r in results} == {"1"}
    types = sorted(e["initializationType"] for e in lamb.environments(name))
    assert types == ["on-demand"] + ["provisioned-concurrency"] * 5

    # A single invocation goes to a provisioned environment, not the on-demand one.
    for _ in range(5):
        assert invoke(lam, name, Qualifier="live").payload["init"] == "provisioned-concurrency"

    listed = lam.list_provisioned_concurrency_configs(FunctionName=name)["ProvisionedConcurrencyConfigs"]
    assert len(listed) == 1 and listed[0]["FunctionArn"].endswith(":function:%s:live" % name)

    assert lam.delete_provisioned_concurrency_config(
        FunctionName=name, Qualifier="live")["ResponseMetadata"]["HTTPStatusCode"] == 204
    wait_for(lambda: all(e["initializationType"] == "on-demand" for e in lamb.environments(name)),
             what="provisioned environments to retire")
    with pytest.raises(ClientError) as e:
        lam.get_provisioned_concurrency_config(FunctionName=name, Qualifier="live")
    assert error_code(e.value) == "ProvisionedConcurrencyConfigNotFoundException"


def test_refusals(lam, raw_lam, functions):
    name = functions.create(make_zip({"app.py": SOURCE}))
    for qualifier, code in (("$LATEST", "InvalidParameterValueException"), ("9", "ResourceNotFoundException"),
                            ("nope", "ResourceNotFoundException")):
        with pytest.raises(ClientError) as e:
            lam.put_provisioned_concurrency_config(
                FunctionName=name, Qualifier=qualifier, ProvisionedConcurrentExecutions=1)
        assert error_code(e.value) == code, qualifier
    lam.publish_version(FunctionName=name)
    with pytest.raises(ClientError) as e:
        raw_lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=0)
    assert error_code(e.value) == "InvalidParameterValueException"
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=2)
    with pytest.raises(ClientError) as e:
        lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=3)
    assert error_code(e.value) == "InvalidParameterValueException"
    assert lam.list_provisioned_concurrency_configs(FunctionName=name)["ProvisionedConcurrencyConfigs"] == []


def test_failed_init_fails_the_configuration(lam, functions):
    name = functions.create(make_zip({"app.py": BROKEN}))
    lam.publish_version(FunctionName=name)
    lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=1)
    config = ready(lam, name, "1")
    assert config["Status"] == "FAILED"
    assert config["StatusReason"]


def test_provisioned_environments_are_never_reaped(lamb_servers, functions_on):
    server = lamb_servers.start("--keep-alive", "1s")
    client = server.client()
    name = functions_on(server).create(make_zip({"app.py": SOURCE}))
    client.publish_version(FunctionName=name)
    client.put_provisioned_concurrency_config(FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=2)
    assert ready(client, name, "1")["Status"] == "READY"
    invoke(client, name, Qualifier="1")
    invoke(client, name)  # an on-demand $LATEST environment, which is reaped
    wait_for(lambda: all(e["version"] == "1" for e in server.environments(name)), what="on-demand env reaped")
    time.sleep(2.5)
    envs = server.environments(name)
    assert len(envs) == 2 and {e["initializationType"] for e in envs} == {"provisioned-concurrency"}
    # After a restart the configuration is provisioned again.
    server.restart()
    client = server.client()
    assert ready(client, name, "1")["Status"] == "READY"
    assert len(server.environments(name)) == 2


CRASHES = """
import os
INIT_TYPE = os.environ.get("AWS_LAMBDA_INITIALIZATION_TYPE")

def handler(event, context):
    if event.get("crash"):
        os._exit(3)
    return {"init": INIT_TYPE}
"""


def test_a_lost_provisioned_environment_is_replaced(lamb, lam, functions):
    name = functions.create(make_zip({"app.py": CRASHES}))
    lam.publish_version(FunctionName=name)
    lam.put_provisioned_concurrency_config(FunctionName=name, Qualifier="1", ProvisionedConcurrentExecutions=2)
    assert ready(lam, name, "1")["Status"] == "READY"
    before = {e["id"] for e in lamb.environments(name)}
    crashed = invoke(lam, name, {"crash": True}, Qualifier="1")
    assert crashed.function_error == "Unhandled"

    def replaced():
        envs = [e for e in lamb.environments(name) if e["initializationType"] == "provisioned-concurrency"]
        ids = {e["id"] for e in envs}
        return len(envs) == 2 and ids != before and all(e["state"] == "idle" for e in envs)
    wait_for(replaced, what="the lost provisioned environment to be replaced")
    assert invoke(lam, name, Qualifier="1").payload["init"] == "provisioned-concurrency"
