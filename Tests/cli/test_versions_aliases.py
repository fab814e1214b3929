"""`lamb version publish|list` and `lamb alias create|update|get|list|delete`."""

import json

from conftest import table, write_function

V2 = "def handler(event, context):\n    return 'v2'\n"


def publish_two(lamb, create, name, tmp_path):
    """A function with versions 1 (returns 'v1') and 2 (returns 'v2')."""
    create(name, "def handler(event, context):\n    return 'v1'\n")
    assert lamb("version", "publish", name, "--description", "first").code == 0
    assert lamb("function", "update-code", name, "--code", write_function(tmp_path / "v2", V2)).code == 0
    assert lamb("version", "publish", name, "--description", "second").code == 0


def test_version_publish_table_and_json(lamb, create, name, tmp_path):
    create(name)
    published = lamb("version", "publish", name, "--description", "the first one")
    assert published.code == 0, published
    [row] = table(published.stdout)
    assert row["VERSION"] == "1" and row["RUNTIME"] == "python3.11" and row["MEMORY"] == "128 MB"
    assert row["DESCRIPTION"] == "the first one" and row["LAST MODIFIED"].endswith(" UTC")

    # Nothing changed since version 1: Lambda answers version 1 again.
    again = lamb("version", "publish", name, "--output", "json")
    assert again.code == 0, again
    configuration = json.loads(again.stdout)
    assert configuration["Version"] == "1"
    assert configuration["FunctionArn"].endswith(":function:%s:1" % name)
    assert again.stdout.startswith("{\n")


def test_version_publish_checks_code_sha256_and_revision(lamb, create, name):
    create(name)
    sha = json.loads(lamb("function", "get", name).stdout)["CodeSha256"]
    wrong = lamb("version", "publish", name, "--code-sha256", "not-the-sha")
    assert wrong.code == 2, wrong
    assert wrong.stderr.startswith("lamb: InvalidParameterValueException: CodeSHA256 (not-the-sha)"), wrong
    assert wrong.stdout == ""
    stale = lamb("version", "publish", name, "--revision-id", "00000000-0000-0000-0000-000000000000")
    assert stale.code == 2, stale
    assert stale.stderr.startswith("lamb: PreconditionFailedException: "), stale
    right = lamb("version", "publish", name, "--code-sha256", sha, "--output", "json")
    assert right.code == 0, right
    assert json.loads(right.stdout)["CodeSha256"] == sha


def test_version_list_table_and_json(lamb, create, name, tmp_path):
    publish_two(lamb, create, name, tmp_path)
    listed = lamb("version", "list", name)
    assert listed.code == 0, listed
    rows = table(listed.stdout)
    assert [r["VERSION"] for r in rows] == ["$LATEST", "1", "2"]
    assert [r["DESCRIPTION"] for r in rows[1:]] == ["first", "second"]

    raw = lamb("version", "list", name, "--output", "json")
    assert raw.code == 0, raw
    assert [v["Version"] for v in json.loads(raw.stdout)["Versions"]] == ["$LATEST", "1", "2"]
    # --json, the older spelling, still works.
    assert json.loads(lamb("version", "list", name, "--json").stdout) == json.loads(raw.stdout)


def test_version_list_unknown_function(lamb, name):
    result = lamb("version", "list", name)
    assert result.code == 2, result
    assert result.stderr.startswith("lamb: ResourceNotFoundException: "), result
    assert result.stdout == ""


def test_alias_lifecycle(lamb, create, name, tmp_path):
    publish_two(lamb, create, name, tmp_path)
    created = lamb("alias", "create", name, "live", "--function-version", "1", "--description", "production",
                   "--routing-config", "2=0.25")
    assert created.code == 0, created
    [row] = table(created.stdout)
    assert row["NAME"] == "live" and row["VERSION"] == "1" and row["ROUTING"] == "2=0.25"
    assert row["DESCRIPTION"] == "production" and row["REVISION ID"] != "-"

    got = lamb("alias", "get", name, "live", "--output", "json")
    assert got.code == 0, got
    alias = json.loads(got.stdout)
    assert alias["AliasArn"].endswith(":function:%s:live" % name)
    assert alias["RoutingConfig"] == {"AdditionalVersionWeights": {"2": 0.25}}

    # The alias is a qualifier for invoke now.
    assert json.loads(lamb("invoke", name, "--qualifier", "live").stdout) in ("v1", "v2")

    updated = lamb("alias", "update", name, "live", "--function-version", "2", "--no-routing",
                   "--revision-id", alias["RevisionId"])
    assert updated.code == 0, updated
    [row] = table(updated.stdout)
    assert row["VERSION"] == "2" and row["ROUTING"] == "-" and row["DESCRIPTION"] == "production"
    assert json.loads(lamb("invoke", name, "--qualifier", "live").stdout) == "v2"

    stale = lamb("alias", "update", name, "live", "--description", "x", "--revision-id", alias["RevisionId"])
    assert stale.code == 2, stale
    assert stale.stderr.startswith("lamb: PreconditionFailedException: "), stale

    assert lamb("alias", "create", name, "old", "--function-version", "1").code == 0
    listed = lamb("alias", "list", name)
    assert listed.code == 0, listed
    assert [(r["NAME"], r["VERSION"]) for r in table(listed.stdout)] == [("live", "2"), ("old", "1")]
    only_1 = lamb("alias", "list", name, "--function-version", "1", "--output", "json")
    assert [a["Name"] for a in json.loads(only_1.stdout)["Aliases"]] == ["old"]

    deleted = lamb("alias", "delete", name, "old")
    assert deleted.code == 0 and deleted.stdout == "", deleted
    gone = lamb("alias", "get", name, "old")
    assert gone.code == 2, gone
    assert gone.stderr.startswith("lamb: ResourceNotFoundException: "), gone


def test_alias_errors(lamb, create, name):
    create(name)
    bad = lamb("alias", "create", name, "live", "--function-version", "1", "--routing-config", "2:0.5")
    assert bad.code == 64, bad
    assert "VERSION=WEIGHT" in bad.stderr
    missing_version = lamb("alias", "create", name, "live", "--function-version", "7")
    assert missing_version.code == 2, missing_version
    assert missing_version.stderr.startswith("lamb: ResourceNotFoundException: "), missing_version
    no_function = lamb("alias", "list", name + "-nope")
    assert no_function.code == 2, no_function
    assert no_function.stderr.startswith("lamb: ResourceNotFoundException: "), no_function
