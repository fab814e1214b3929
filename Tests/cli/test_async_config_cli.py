"""`lamb async-config put|update|get|list|delete`."""

import json

from conftest import table

QUEUE = "arn:aws:sqs:us-east-1:000000000000:cli-failures"
TOPIC = "arn:aws:sns:us-east-1:000000000000:cli-successes"


def test_put_update_get_list_delete(lamb, create, name):
    create(name)
    put = lamb("async-config", "put", name, "--maximum-retry-attempts", "1", "--maximum-event-age", "120",
               "--on-failure", QUEUE)
    assert put.code == 0, put
    assert table(put.stdout) == [{
        "QUALIFIER": "$LATEST", "RETRIES": "1", "MAX EVENT AGE": "120 s", "ON SUCCESS": "-", "ON FAILURE": QUEUE,
        "LAST MODIFIED": table(put.stdout)[0]["LAST MODIFIED"],
    }]
    assert table(put.stdout)[0]["LAST MODIFIED"].endswith(" UTC")

    # Update changes what it names and keeps the rest.
    updated = lamb("async-config", "update", name, "--on-success", TOPIC, "--output", "json")
    assert updated.code == 0, updated
    config = json.loads(updated.stdout)
    assert config["MaximumRetryAttempts"] == 1 and config["MaximumEventAgeInSeconds"] == 120
    assert config["DestinationConfig"] == {"OnSuccess": {"Destination": TOPIC}, "OnFailure": {"Destination": QUEUE}}

    # Put replaces everything: what it does not name is gone.
    assert lamb("async-config", "put", name, "--maximum-retry-attempts", "0").code == 0
    got = lamb("async-config", "get", name)
    assert got.code == 0, got
    [row] = table(got.stdout)
    assert (row["RETRIES"], row["MAX EVENT AGE"], row["ON SUCCESS"], row["ON FAILURE"]) == ("0", "-", "-", "-")

    assert lamb("version", "publish", name).code == 0
    assert lamb("async-config", "put", name, "--qualifier", "1", "--maximum-event-age-in-seconds", "60").code == 0
    listed = lamb("async-config", "list", name)
    assert listed.code == 0, listed
    assert [(r["QUALIFIER"], r["MAX EVENT AGE"]) for r in table(listed.stdout)] == [("$LATEST", "-"), ("1", "60 s")]
    raw = lamb("async-config", "list", name, "--output", "json")
    arns = [c["FunctionArn"] for c in json.loads(raw.stdout)["FunctionEventInvokeConfigs"]]
    assert arns[1].endswith(":function:%s:1" % name)

    deleted = lamb("async-config", "delete", name, "--qualifier", "1")
    assert deleted.code == 0 and deleted.stdout == "", deleted
    gone = lamb("async-config", "get", name, "--qualifier", "1")
    assert gone.code == 2, gone
    assert gone.stderr.startswith("lamb: ResourceNotFoundException: "), gone
    assert "doesn't have an EventInvokeConfig" in gone.stderr


def test_async_config_errors(lamb, create, name):
    missing = lamb("async-config", "put", name, "--maximum-retry-attempts", "1")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: "), missing
    create(name)
    too_many = lamb("async-config", "put", name, "--maximum-retry-attempts", "5")
    assert too_many.code == 2, too_many
    assert too_many.stderr.startswith("lamb: InvalidParameterValueException: "), too_many
    not_a_number = lamb("async-config", "put", name, "--maximum-event-age", "an hour")
    assert not_a_number.code == 64, not_a_number
