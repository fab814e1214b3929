"""Resource-based policies: AddPermission, GetPolicy and RemovePermission through boto3, with the statements Lambda
builds, its errors, qualifiers, and persistence across a restart. Lamb stores and returns them; it does not enforce
them."""

import json

import pytest

from conftest import Functions

APP = {"app.py": "def handler(event, context):\n    return 'ok'\n"}


@pytest.fixture
def fn(lam, functions):
    return functions.create(APP)


def test_statements_are_built_as_lambda_builds_them(lam, fn):
    added = lam.add_permission(
        FunctionName=fn, StatementId="s3-invoke", Action="lambda:InvokeFunction", Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::uploads", SourceAccount="123456789012")
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = json.loads(added["Statement"])
    assert statement["Sid"] == "s3-invoke" and statement["Effect"] == "Allow"
    assert statement["Principal"] == {"Service": "s3.amazonaws.com"}
    assert statement["Action"] == "lambda:InvokeFunction"
    assert statement["Resource"].endswith(":function:%s" % fn)
    assert statement["Condition"] == {
        "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"},
        "StringEquals": {"AWS:SourceAccount": "123456789012"}}
    account = json.loads(lam.add_permission(
        FunctionName=fn, StatementId="other-account", Action="lambda:*", Principal="111122223333")["Statement"])
    assert account["Principal"] == {"AWS": "arn:aws:iam::111122223333:root"}
    url = json.loads(lam.add_permission(
        FunctionName=fn, StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*",
        FunctionUrlAuthType="NONE")["Statement"])
    assert url["Principal"] == "*"
    assert url["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}

    policy = lam.get_policy(FunctionName=fn)
    document = json.loads(policy["Policy"])
    assert document["Version"] == "2012-10-17" and document["Id"] == "default"
    assert [s["Sid"] for s in document["Statement"]] == ["s3-invoke", "other-account", "url"]
    assert policy["RevisionId"]


def test_lambdas_refusals(lam, fn):
    lam.add_permission(FunctionName=fn, StatementId="once", Action="lambda:InvokeFunction", Principal="sns.amazonaws.com")
    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        lam.add_permission(FunctionName=fn, StatementId="once", Action="lambda:InvokeFunction", Principal="*")
    assert "already exists" in str(caught.value)
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.add_permission(FunctionName=fn, StatementId="stale", Action="lambda:InvokeFunction", Principal="*",
                           RevisionId="not-the-revision")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.add_permission(FunctionName=fn, StatementId="bad id!", Action="lambda:InvokeFunction", Principal="*")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.add_permission(FunctionName=fn, StatementId="bad-action", Action="s3:GetObject", Principal="*")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.remove_permission(FunctionName=fn, StatementId="never-added")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.add_permission(FunctionName="no-such-function", StatementId="s", Action="lambda:*", Principal="*")


def test_remove_and_revision_ids(lam, fn):
    lam.add_permission(FunctionName=fn, StatementId="a", Action="lambda:InvokeFunction", Principal="*")
    revision = lam.get_policy(FunctionName=fn)["RevisionId"]
    lam.add_permission(FunctionName=fn, StatementId="b", Action="lambda:InvokeFunction", Principal="*",
                       RevisionId=revision)
    assert lam.get_policy(FunctionName=fn)["RevisionId"] != revision
    lam.remove_permission(FunctionName=fn, StatementId="a")
    assert [s["Sid"] for s in json.loads(lam.get_policy(FunctionName=fn)["Policy"])["Statement"]] == ["b"]
    lam.remove_permission(FunctionName=fn, StatementId="b")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_policy(FunctionName=fn)


def test_a_versions_policy_is_its_own(lam, fn):
    version = lam.publish_version(FunctionName=fn)["Version"]
    statement = json.loads(lam.add_permission(
        FunctionName=fn, Qualifier=version, StatementId="v", Action="lambda:InvokeFunction", Principal="*")["Statement"])
    assert statement["Resource"].endswith(":function:%s:%s" % (fn, version))
    assert json.loads(lam.get_policy(FunctionName=fn, Qualifier=version)["Policy"])["Statement"][0]["Sid"] == "v"
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_policy(FunctionName=fn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.add_permission(FunctionName=fn, Qualifier="99", StatementId="x", Action="lambda:*", Principal="*")


def test_policies_survive_a_restart_and_go_with_their_function(lamb_servers):
    server = lamb_servers.start(name="policies")
    lam = server.client()
    functions = Functions(lam, "policy")
    fn = functions.create(APP)
    lam.add_permission(FunctionName=fn, StatementId="kept", Action="lambda:InvokeFunction", Principal="*")
    server.restart()
    lam = server.client()
    assert json.loads(lam.get_policy(FunctionName=fn)["Policy"])["Statement"][0]["Sid"] == "kept"
    lam.delete_function(FunctionName=fn)
    functions.client = lam
    functions.names = []
    functions.create(APP, name=fn)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_policy(FunctionName=fn)
    functions.cleanup()
