"""`lamb url create|get|update|delete|list`."""

import json

from conftest import table


def test_url_lifecycle(lamb, create, name):
    create(name)
    created = lamb("url", "create", name, "--auth-type", "NONE", "--cors", '{"AllowOrigins": ["*"], "MaxAge": 60}')
    assert created.code == 0, created
    [row] = table(created.stdout)
    assert row["QUALIFIER"] == "$LATEST" and row["AUTH TYPE"] == "NONE" and row["INVOKE MODE"] == "BUFFERED"
    assert row["URL"].startswith("http://") and row["URL"].endswith("/")
    assert json.loads(row["CORS"]) == {"AllowOrigins": ["*"], "MaxAge": 60}
    assert row["CREATED"].endswith(" UTC")

    got = lamb("url", "get", name, "--output", "json")
    assert got.code == 0, got
    config = json.loads(got.stdout)
    assert config["FunctionUrl"] == row["URL"]
    assert config["Cors"] == {"AllowOrigins": ["*"], "MaxAge": 60}

    updated = lamb("url", "update", name, "--auth-type", "AWS_IAM", "--invoke-mode", "RESPONSE_STREAM")
    assert updated.code == 0, updated
    [row] = table(updated.stdout)
    assert row["AUTH TYPE"] == "AWS_IAM" and row["INVOKE MODE"] == "RESPONSE_STREAM"
    assert json.loads(row["CORS"]) == {"AllowOrigins": ["*"], "MaxAge": 60}

    assert lamb("version", "publish", name).code == 0
    assert lamb("alias", "create", name, "live", "--function-version", "1").code == 0
    assert lamb("url", "create", name, "--auth-type", "NONE", "--qualifier", "live").code == 0
    listed = lamb("url", "list", name)
    assert listed.code == 0, listed
    rows = table(listed.stdout)
    assert sorted(r["QUALIFIER"] for r in rows) == ["$LATEST", "live"]
    assert len({r["URL"] for r in rows}) == 2
    raw = lamb("url", "list", name, "--output", "json")
    assert len(json.loads(raw.stdout)["FunctionUrlConfigs"]) == 2

    for qualifier in ([], ["--qualifier", "live"]):
        deleted = lamb("url", "delete", name, *qualifier)
        assert deleted.code == 0 and deleted.stdout == "", deleted
    gone = lamb("url", "get", name)
    assert gone.code == 2, gone
    assert gone.stderr.startswith("lamb: ResourceNotFoundException: "), gone
    assert table(lamb("url", "list", name).stdout) == []


def test_url_errors(lamb, create, name):
    missing = lamb("url", "create", name, "--auth-type", "NONE")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: "), missing
    create(name)
    no_auth = lamb("url", "create", name)
    assert no_auth.code == 64, no_auth
    bad_auth = lamb("url", "create", name, "--auth-type", "PASSWORD")
    assert bad_auth.code == 64, bad_auth
    bad_cors = lamb("url", "create", name, "--auth-type", "NONE", "--cors", "[1, 2]")
    assert bad_cors.code == 64, bad_cors
    assert "--cors expects a JSON object" in bad_cors.stderr
    version = lamb("url", "create", name, "--auth-type", "NONE", "--qualifier", "1")
    assert version.code == 2, version
    assert version.stderr.startswith("lamb: InvalidParameterValueException: "), version
    assert lamb("url", "create", name, "--auth-type", "NONE").code == 0
    twice = lamb("url", "create", name, "--auth-type", "NONE")
    assert twice.code == 2, twice
    assert twice.stderr.startswith("lamb: ResourceConflictException: "), twice
