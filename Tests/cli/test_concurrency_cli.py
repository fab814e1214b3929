"""`lamb concurrency put|get|delete` and `lamb provisioned put|get|list|delete`."""

import json

from conftest import table


def test_reserved_concurrency(lamb, create, name):
    create(name)
    unreserved = lamb("concurrency", "get", name)
    assert unreserved.code == 0, unreserved
    assert table(unreserved.stdout) == [{"FUNCTION": name, "RESERVED CONCURRENCY": "unreserved"}]
    assert json.loads(lamb("concurrency", "get", name, "--output", "json").stdout) == {}

    put = lamb("concurrency", "put", name, "3")
    assert put.code == 0, put
    assert table(put.stdout) == [{"FUNCTION": name, "RESERVED CONCURRENCY": "3"}]
    got = lamb("concurrency", "get", name, "--output", "json")
    assert json.loads(got.stdout) == {"ReservedConcurrentExecutions": 3}

    # Zero throttles every invocation.
    assert lamb("concurrency", "put", name, "0").code == 0
    throttled = lamb("invoke", name)
    assert throttled.code == 2, throttled
    assert throttled.stderr.startswith("lamb: TooManyRequestsException: "), throttled

    deleted = lamb("concurrency", "delete", name)
    assert deleted.code == 0 and deleted.stdout == "", deleted
    assert table(lamb("concurrency", "get", name).stdout)[0]["RESERVED CONCURRENCY"] == "unreserved"
    assert lamb("invoke", name).code == 0


def test_reserved_concurrency_errors(lamb, create, name, server):
    missing = lamb("concurrency", "put", name, "2")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: "), missing
    create(name)
    # After `--`, so that -1 is a value; the endpoint then comes from the environment.
    negative = lamb("concurrency", "put", name, "--", "-1", endpoint=None, env={"LAMB_ENDPOINT": server.endpoint})
    assert negative.code == 2, negative
    assert negative.stderr.startswith("lamb: InvalidParameterValueException: "), negative
    not_a_number = lamb("concurrency", "put", name, "many")
    assert not_a_number.code == 64, not_a_number


def test_provisioned_concurrency(lamb, create, name):
    create(name)
    assert lamb("version", "publish", name).code == 0
    assert lamb("alias", "create", name, "live", "--function-version", "1").code == 0

    put = lamb("provisioned", "put", name, "1", "--qualifier", "1")
    assert put.code == 0, put
    [row] = table(put.stdout)
    assert row["QUALIFIER"] == "1" and row["REQUESTED"] == "1"
    assert row["STATUS"] in ("IN_PROGRESS", "READY")

    got = lamb("provisioned", "get", name, "--qualifier", "1", "--output", "json")
    assert got.code == 0, got
    config = json.loads(got.stdout)
    assert config["RequestedProvisionedConcurrentExecutions"] == 1
    assert config["Status"] in ("IN_PROGRESS", "READY")

    assert lamb("provisioned", "put", name, "1", "--qualifier", "live").code == 0
    listed = lamb("provisioned", "list", name)
    assert listed.code == 0, listed
    assert sorted(r["QUALIFIER"] for r in table(listed.stdout)) == ["1", "live"]
    raw = lamb("provisioned", "list", name, "--output", "json")
    arns = sorted(c["FunctionArn"] for c in json.loads(raw.stdout)["ProvisionedConcurrencyConfigs"])
    assert [a.rsplit(":", 1)[1] for a in arns] == ["1", "live"]

    for qualifier in ("1", "live"):
        deleted = lamb("provisioned", "delete", name, "--qualifier", qualifier)
        assert deleted.code == 0 and deleted.stdout == "", deleted
    assert table(lamb("provisioned", "list", name).stdout) == []
    gone = lamb("provisioned", "get", name, "--qualifier", "1")
    assert gone.code == 2, gone
    assert gone.stderr.startswith("lamb: ProvisionedConcurrencyConfigNotFoundException: "), gone


def test_provisioned_concurrency_errors(lamb, create, name):
    no_qualifier = lamb("provisioned", "put", name, "1")
    assert no_qualifier.code == 64, no_qualifier
    assert "--qualifier" in no_qualifier.stderr
    missing = lamb("provisioned", "list", name)
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: "), missing
    create(name)
    latest = lamb("provisioned", "put", name, "1", "--qualifier", "$LATEST")
    assert latest.code == 2, latest
    assert latest.stderr.startswith("lamb: InvalidParameterValueException: "), latest
