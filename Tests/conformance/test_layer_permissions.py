"""Layer version permissions: AddLayerVersionPermission, GetLayerVersionPolicy and RemoveLayerVersionPermission through
boto3, with the statements and errors Lambda gives, RevisionId checks, the policy going with its layer version, and
persistence across a restart. Lamb stores and returns the policy; it does not enforce it."""

import json
import uuid

import pytest

from conftest import error_code, error_message, make_zip

ZIP = make_zip({"python/shared.py": "VALUE = 1\n"})
ACCOUNT = "000000000000"


def publish(lam, name=None):
    name = name or "layer-%s" % uuid.uuid4().hex[:10]
    return lam.publish_layer_version(LayerName=name, Content={"ZipFile": ZIP})


@pytest.fixture
def layer(lam):
    out = publish(lam)
    yield out
    lam.delete_layer_version(LayerName=out["LayerArn"].rsplit(":", 1)[1], VersionNumber=out["Version"])


def name_of(layer):
    return layer["LayerArn"].rsplit(":", 1)[1]


def test_statements_are_built_as_lambda_builds_them(lam, layer):
    name = name_of(layer)
    added = lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="xaccount", Action="lambda:GetLayerVersion",
        Principal="210987654321")
    assert added["ResponseMetadata"]["HTTPStatusCode"] == 201
    statement = json.loads(added["Statement"])
    assert statement == {
        "Sid": "xaccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
        "Action": "lambda:GetLayerVersion", "Resource": layer["LayerVersionArn"]}
    everyone = lam.add_layer_version_permission(
        LayerName=layer["LayerArn"], VersionNumber=1, StatementId="org", Action="lambda:GetLayerVersion",
        Principal="*", OrganizationId="o-abcdefghij")
    assert json.loads(everyone["Statement"])["Principal"] == "*"
    assert json.loads(everyone["Statement"])["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abcdefghij"}}

    policy = lam.get_layer_version_policy(LayerName=name, VersionNumber=1)
    document = json.loads(policy["Policy"])
    assert document["Version"] == "2012-10-17" and document["Id"] == "default"
    assert [s["Sid"] for s in document["Statement"]] == ["xaccount", "org"]
    assert policy["RevisionId"] == everyone["RevisionId"] != added["RevisionId"]


def test_lambdas_refusals(lam, raw_lam, layer):
    name, arn = name_of(layer), layer["LayerVersionArn"]
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.get_layer_version_policy(LayerName=name, VersionNumber=1)
    assert error_message(caught.value) == "No policy is associated with the given resource."
    lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    with pytest.raises(lam.exceptions.ResourceConflictException) as caught:
        lam.add_layer_version_permission(
            LayerName=name, VersionNumber=1, StatementId="s1", Action="lambda:GetLayerVersion", Principal="*")
    assert error_message(caught.value) == (
        "The statement id (s1) provided already exists. Please provide a new statement id, or remove the existing "
        "statement.")
    with pytest.raises(lam.exceptions.PreconditionFailedException) as caught:
        lam.add_layer_version_permission(
            LayerName=name, VersionNumber=1, StatementId="s2", Action="lambda:GetLayerVersion", Principal="*",
            RevisionId="not-the-revision")
    assert "Call the GetLayerPolicy API" in error_message(caught.value)
    with pytest.raises(lam.exceptions.PreconditionFailedException):
        lam.remove_layer_version_permission(LayerName=name, VersionNumber=1, StatementId="s1", RevisionId="old")
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.remove_layer_version_permission(LayerName=name, VersionNumber=1, StatementId="doesnotexist")
    assert error_message(caught.value) == "Statement doesnotexist is not found in resource policy."
    for call in (
        lambda: lam.add_layer_version_permission(
            LayerName=name, VersionNumber=2, StatementId="s", Action="lambda:GetLayerVersion", Principal="*"),
        lambda: lam.get_layer_version_policy(LayerName=name, VersionNumber=2),
        lambda: lam.remove_layer_version_permission(LayerName=name, VersionNumber=2, StatementId="s1"),
    ):
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
            call()
        assert error_message(caught.value) == "Layer version %s:2 does not exist." % arn.rsplit(":", 1)[0]

    for action, principal, organization in [
        ("*", "*", None), ("lambda:InvokeFunction", "*", None), ("lambda:GetLayerVersion", "s3.amazonaws.com", None),
        ("lambda:GetLayerVersion", "*", "not-an-org"), ("lambda:GetLayerVersion", "210987654321", "o-abcdefghij"),
    ]:
        extra = {"OrganizationId": organization} if organization else {}
        with pytest.raises(raw_lam.exceptions.InvalidParameterValueException) as caught:
            raw_lam.add_layer_version_permission(
                LayerName=name, VersionNumber=1, StatementId="bad", Action=action, Principal=principal, **extra)
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException) as caught:
        raw_lam.add_layer_version_permission(
            LayerName=name, VersionNumber=1, StatementId="bad", Action="*", Principal="*")
    assert error_message(caught.value) == (
        "1 validation error detected: Value '*' at 'action' failed to satisfy constraint: Member must satisfy "
        "regular expression pattern: lambda:GetLayerVersion")


def test_revision_ids_and_removal(lam, layer):
    name = name_of(layer)
    first = lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="a", Action="lambda:GetLayerVersion", Principal="*")
    second = lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="b", Action="lambda:GetLayerVersion", Principal="*",
        RevisionId=first["RevisionId"])
    lam.remove_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="a", RevisionId=second["RevisionId"])
    policy = lam.get_layer_version_policy(LayerName=name, VersionNumber=1)
    assert [s["Sid"] for s in json.loads(policy["Policy"])["Statement"]] == ["b"]
    assert policy["RevisionId"] not in (first["RevisionId"], second["RevisionId"])
    lam.remove_layer_version_permission(LayerName=name, VersionNumber=1, StatementId="b")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_layer_version_policy(LayerName=name, VersionNumber=1)


def test_a_policy_is_its_versions_and_goes_with_it(lam):
    name = "layer-%s" % uuid.uuid4().hex[:10]
    publish(lam, name)
    publish(lam, name)
    lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="one", Action="lambda:GetLayerVersion", Principal="*")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_layer_version_policy(LayerName=name, VersionNumber=2)
    lam.delete_layer_version(LayerName=name, VersionNumber=1)
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.get_layer_version_policy(LayerName=name, VersionNumber=1)
    assert "does not exist" in error_message(caught.value)
    lam.delete_layer_version(LayerName=name, VersionNumber=2)


def test_policies_survive_a_restart(lamb_servers):
    server = lamb_servers.start(name="layer-policies")
    lam = server.client()
    name = publish(lam)["LayerArn"].rsplit(":", 1)[1]
    added = lam.add_layer_version_permission(
        LayerName=name, VersionNumber=1, StatementId="kept", Action="lambda:GetLayerVersion",
        Principal=ACCOUNT)
    server.restart()
    lam = server.client()
    policy = lam.get_layer_version_policy(LayerName=name, VersionNumber=1)
    assert policy["RevisionId"] == added["RevisionId"]
    assert json.loads(policy["Policy"])["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::%s:root" % ACCOUNT}
    lam.delete_layer_version(LayerName=name, VersionNumber=1)
    server.restart()
    with pytest.raises(server.client().exceptions.ResourceNotFoundException) as caught:
        server.client().get_layer_version_policy(LayerName=name, VersionNumber=1)
    assert error_code(caught.value) == "ResourceNotFoundException"
