"""`lamb permission add|get|remove`."""

import json

from conftest import table

BUCKET = "arn:aws:s3:::cli-uploads"


def rows_and_revision(text):
    """GetPolicy's table and the revision id line under it."""
    lines = text.splitlines()
    assert lines[-1].startswith("revision id: "), text
    return table("\n".join(lines[:-1])), lines[-1][len("revision id: "):]


def test_add_get_remove(lamb, create, name):
    create(name)
    added = lamb("permission", "add", name, "--statement-id", "s3", "--action", "lambda:InvokeFunction",
                 "--principal", "s3.amazonaws.com", "--source-arn", BUCKET, "--source-account", "123456789012")
    assert added.code == 0, added
    [row] = table(added.stdout)
    assert row["SID"] == "s3" and row["EFFECT"] == "Allow" and row["PRINCIPAL"] == "s3.amazonaws.com"
    assert row["ACTION"] == "lambda:InvokeFunction" and row["RESOURCE"].endswith(":function:" + name)
    assert row["CONDITION"] == "ArnLike AWS:SourceArn=%s; StringEquals AWS:SourceAccount=123456789012" % BUCKET

    url = lamb("permission", "add", name, "--statement-id", "public-url", "--action", "lambda:InvokeFunctionUrl",
               "--principal", "*", "--function-url-auth-type", "NONE", "--output", "json")
    assert url.code == 0, url
    statement = json.loads(json.loads(url.stdout)["Statement"])
    assert statement["Principal"] == "*"
    assert statement["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}

    got = lamb("permission", "get", name)
    assert got.code == 0, got
    rows, revision = rows_and_revision(got.stdout)
    assert [(r["SID"], r["PRINCIPAL"]) for r in rows] == [("s3", "s3.amazonaws.com"), ("public-url", "*")]
    raw = lamb("permission", "get", name, "--output", "json")
    answer = json.loads(raw.stdout)
    assert answer["RevisionId"] == revision
    assert [s["Sid"] for s in json.loads(answer["Policy"])["Statement"]] == ["s3", "public-url"]

    stale = lamb("permission", "remove", name, "s3", "--revision-id", "not-the-revision")
    assert stale.code == 2, stale
    assert stale.stderr.startswith("lamb: PreconditionFailedException: "), stale
    removed = lamb("permission", "remove", name, "s3", "--revision-id", revision)
    assert removed.code == 0 and removed.stdout == "", removed
    rows, _ = rows_and_revision(lamb("permission", "get", name).stdout)
    assert [r["SID"] for r in rows] == ["public-url"]
    assert lamb("permission", "remove", name, "public-url").code == 0
    # No statement left: no policy, as Lambda answers.
    empty = lamb("permission", "get", name)
    assert empty.code == 2, empty
    assert empty.stderr.startswith("lamb: ResourceNotFoundException: "), empty


def test_a_qualifier_has_its_own_policy(lamb, create, name):
    create(name)
    assert lamb("version", "publish", name).code == 0
    added = lamb("permission", "add", name, "--statement-id", "account", "--action", "lambda:InvokeFunction",
                 "--principal", "123456789012", "--qualifier", "1")
    assert added.code == 0, added
    [row] = table(added.stdout)
    assert row["PRINCIPAL"] == "arn:aws:iam::123456789012:root" and row["RESOURCE"].endswith(":%s:1" % name)
    rows, _ = rows_and_revision(lamb("permission", "get", name, "--qualifier", "1").stdout)
    assert [r["SID"] for r in rows] == ["account"]
    assert lamb("permission", "get", name).code == 2


def test_permission_errors(lamb, create, name):
    missing = lamb("permission", "add", name, "--statement-id", "x", "--action", "lambda:InvokeFunction",
                   "--principal", "s3.amazonaws.com")
    assert missing.code == 2, missing
    assert missing.stderr.startswith("lamb: ResourceNotFoundException: Function not found: "), missing
    create(name)
    no_principal = lamb("permission", "add", name, "--statement-id", "x", "--action", "lambda:InvokeFunction")
    assert no_principal.code == 64, no_principal
    assert lamb("permission", "add", name, "--statement-id", "x", "--action", "lambda:InvokeFunction",
                "--principal", "s3.amazonaws.com").code == 0
    twice = lamb("permission", "add", name, "--statement-id", "x", "--action", "lambda:InvokeFunction",
                 "--principal", "s3.amazonaws.com")
    assert twice.code == 2, twice
    assert twice.stderr.startswith("lamb: ResourceConflictException: "), twice
    unknown = lamb("permission", "remove", name, "nope")
    assert unknown.code == 2, unknown
    assert unknown.stderr.startswith("lamb: ResourceNotFoundException: Statement nope is not found"), unknown
