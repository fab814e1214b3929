"""Code signing configurations through boto3: Create/Get/Update/Delete/ListCodeSigningConfigs, a function's
configuration (Put/Get/DeleteFunctionCodeSigningConfig, CreateFunction's CodeSigningConfigArn),
ListFunctionsByCodeSigningConfig, tags, paging, Lambda's errors and persistence across a restart. Lamb stores them
and verifies no signature: it logs a notice instead."""

import re

import pytest

from conftest import ROLE, RUNTIME, Functions, error_message, make_zip, wait_for

APP = {"app.py": "def handler(event, context):\n    return 'ok'\n"}
PROFILE = "arn:aws:signer:us-east-1:123456789012:/signing-profiles/MyProfile/abcdef1234"
ARN = re.compile(r"^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[0-9a-f]{17}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")


class Configs(object):
    """Creates code signing configurations on one server and deletes them when the test ends."""

    def __init__(self, client):
        self.client = client
        self.arns = []

    def create(self, **kwargs):
        kwargs.setdefault("AllowedPublishers", {"SigningProfileVersionArns": [PROFILE]})
        out = self.client.create_code_signing_config(**kwargs)
        self.arns.append(out["CodeSigningConfig"]["CodeSigningConfigArn"])
        return out

    def cleanup(self):
        for arn in self.arns:
            try:
                self.client.delete_code_signing_config(CodeSigningConfigArn=arn)
            except Exception:
                pass


@pytest.fixture
def configs(lam):
    made = Configs(lam)
    yield made
    made.cleanup()


def test_create_get_update_list_delete(lam, configs):
    created = configs.create(Description="signed builds", Tags={"team": "core"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    config = created["CodeSigningConfig"]
    assert ARN.match(config["CodeSigningConfigArn"])
    assert config["CodeSigningConfigArn"].endswith(":" + config["CodeSigningConfigId"])
    assert config["AllowedPublishers"] == {"SigningProfileVersionArns": [PROFILE]}
    assert config["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Warn"}
    assert config["Description"] == "signed builds"
    assert TIMESTAMP.match(config["LastModified"])
    arn = config["CodeSigningConfigArn"]
    assert lam.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"] == config
    assert lam.list_tags(Resource=arn)["Tags"] == {"team": "core"}

    updated = lam.update_code_signing_config(
        CodeSigningConfigArn=arn, CodeSigningPolicies={"UntrustedArtifactOnDeployment": "Enforce"})["CodeSigningConfig"]
    assert updated["CodeSigningPolicies"] == {"UntrustedArtifactOnDeployment": "Enforce"}
    assert updated["Description"] == "signed builds" and updated["AllowedPublishers"] == config["AllowedPublishers"]
    assert arn in [c["CodeSigningConfigArn"] for c in lam.list_code_signing_configs()["CodeSigningConfigs"]]

    deleted = lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    for call in (lam.get_code_signing_config, lam.delete_code_signing_config, lam.list_functions_by_code_signing_config):
        with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
            call(CodeSigningConfigArn=arn)
        assert error_message(caught.value) == "The Lambda code signing configuration %s can not be found." % arn


def test_list_pages(lam, configs):
    made = [configs.create()["CodeSigningConfig"]["CodeSigningConfigArn"] for _ in range(3)]
    seen, marker = [], None
    while True:
        page = lam.list_code_signing_configs(MaxItems=2, **({"Marker": marker} if marker else {}))
        assert len(page["CodeSigningConfigs"]) <= 2
        seen += [c["CodeSigningConfigArn"] for c in page["CodeSigningConfigs"]]
        marker = page.get("NextMarker")
        if not marker:
            break
    assert [arn for arn in seen if arn in made] == made


def test_model_validation(raw_lam, configs):
    for kwargs in (
        {},
        {"AllowedPublishers": {"SigningProfileVersionArns": []}},
        {"AllowedPublishers": {"SigningProfileVersionArns": [PROFILE] * 21}},
        {"AllowedPublishers": {"SigningProfileVersionArns": ["not-an-arn"]}},
        {"AllowedPublishers": {"SigningProfileVersionArns": [PROFILE]},
         "CodeSigningPolicies": {"UntrustedArtifactOnDeployment": "Block"}},
    ):
        with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
            raw_lam.create_code_signing_config(**kwargs)
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
        raw_lam.get_code_signing_config(CodeSigningConfigArn="csc-not-an-arn")


def test_a_functions_configuration(lam, functions, configs, lamb):
    arn = configs.create()["CodeSigningConfig"]["CodeSigningConfigArn"]
    plain = functions.create(APP)
    assert lam.get_function_code_signing_config(FunctionName=plain)["CodeSigningConfigArn"] == ""
    put = lam.put_function_code_signing_config(FunctionName=plain, CodeSigningConfigArn=arn)
    assert (put["CodeSigningConfigArn"], put["FunctionName"]) == (arn, plain)
    signed = functions.create(APP, CodeSigningConfigArn=arn)
    assert lam.get_function_code_signing_config(FunctionName=signed)["CodeSigningConfigArn"] == arn
    listed = lam.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"]
    assert sorted(listed) == sorted("arn:aws:lambda:us-east-1:000000000000:function:%s" % n for n in (plain, signed))
    paged = lam.list_functions_by_code_signing_config(CodeSigningConfigArn=arn, MaxItems=1)
    assert len(paged["FunctionArns"]) == 1 and paged["NextMarker"]

    # Stored, not verified: the code is unsigned, and Lamb says so in its log.
    lam.update_function_code(FunctionName=signed, ZipFile=make_zip(APP))
    notice = "code signing config %s stored; Lamb does not verify signatures" % arn.rsplit(":", 1)[1]
    wait_for(lambda: lamb.log().count(notice) >= 3, 10, what="the code signing notices in Lamb's log")

    with pytest.raises(lam.exceptions.ResourceConflictException):
        lam.delete_code_signing_config(CodeSigningConfigArn=arn)
    lam.delete_function_code_signing_config(FunctionName=plain)
    assert lam.get_function_code_signing_config(FunctionName=plain)["CodeSigningConfigArn"] == ""
    lam.delete_function(FunctionName=signed)
    assert lam.list_functions_by_code_signing_config(CodeSigningConfigArn=arn)["FunctionArns"] == []
    lam.delete_code_signing_config(CodeSigningConfigArn=arn)


def test_unknown_configurations_and_functions(lam, functions, configs):
    missing = "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdef0"
    with pytest.raises(lam.exceptions.CodeSigningConfigNotFoundException) as caught:
        functions.create(APP, CodeSigningConfigArn=missing)
    assert error_message(caught.value) == (
        "The code signing configuration cannot be found. Check that the provided configuration is not deleted: %s."
        % missing)
    assert functions.names == []
    name = functions.create(APP)
    with pytest.raises(lam.exceptions.CodeSigningConfigNotFoundException):
        lam.put_function_code_signing_config(FunctionName=name, CodeSigningConfigArn=missing)
    arn = configs.create()["CodeSigningConfig"]["CodeSigningConfigArn"]
    for call in (
        lambda: lam.put_function_code_signing_config(FunctionName="no-such-function", CodeSigningConfigArn=arn),
        lambda: lam.get_function_code_signing_config(FunctionName="no-such-function"),
        lambda: lam.delete_function_code_signing_config(FunctionName="no-such-function"),
    ):
        with pytest.raises(lam.exceptions.ResourceNotFoundException):
            call()


def test_configurations_survive_a_restart(lamb_servers):
    server = lamb_servers.start(name="code-signing")
    lam = server.client()
    config = lam.create_code_signing_config(
        AllowedPublishers={"SigningProfileVersionArns": [PROFILE]}, Description="kept")["CodeSigningConfig"]
    arn = config["CodeSigningConfigArn"]
    functions = Functions(lam, "csc")
    name = functions.create(APP, CodeSigningConfigArn=arn)
    server.restart()
    lam = server.client()
    assert lam.get_code_signing_config(CodeSigningConfigArn=arn)["CodeSigningConfig"] == config
    assert lam.get_function_code_signing_config(FunctionName=name)["CodeSigningConfigArn"] == arn
    lam.delete_function(FunctionName=name)
    lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": make_zip(APP)})
    assert lam.get_function_code_signing_config(FunctionName=name)["CodeSigningConfigArn"] == ""
    lam.delete_function(FunctionName=name)
    lam.delete_code_signing_config(CodeSigningConfigArn=arn)
