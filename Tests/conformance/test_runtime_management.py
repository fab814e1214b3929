"""Runtime management configurations through boto3: Get/PutRuntimeManagementConfig per function version (`$LATEST`
without a qualifier, a published version, an alias for its version), the model's validation, and persistence across
a restart. Lamb stores and returns them; it has one runtime version per runtime, so the mode changes nothing it runs."""

import pytest

from conftest import Functions, error_message

APP = {"app.py": "def handler(event, context):\n    return 'ok'\n"}
RUNTIME_VERSION = "arn:aws:lambda:us-east-1::runtime:8eeff65f6809a3ce81507fe733fe09b835899b99481ba22fd75b5a7338290ec1"
ACCOUNT = "000000000000"


@pytest.fixture
def fn(functions):
    return functions.create(APP)


def function_arn(name, qualifier):
    return "arn:aws:lambda:us-east-1:%s:function:%s:%s" % (ACCOUNT, name, qualifier)


def test_automatic_until_put(lam, fn):
    got = lam.get_runtime_management_config(FunctionName=fn)
    assert got["UpdateRuntimeOn"] == "Auto"
    assert got["FunctionArn"] == function_arn(fn, "$LATEST")
    assert "RuntimeVersionArn" not in got


def test_modes(lam, fn):
    manual = lam.put_runtime_management_config(
        FunctionName=fn, UpdateRuntimeOn="Manual", RuntimeVersionArn=RUNTIME_VERSION)
    assert (manual["UpdateRuntimeOn"], manual["RuntimeVersionArn"]) == ("Manual", RUNTIME_VERSION)
    assert manual["FunctionArn"] == function_arn(fn, "$LATEST")
    got = lam.get_runtime_management_config(FunctionName=fn, Qualifier="$LATEST")
    assert (got["UpdateRuntimeOn"], got["RuntimeVersionArn"]) == ("Manual", RUNTIME_VERSION)
    on_update = lam.put_runtime_management_config(FunctionName=fn, UpdateRuntimeOn="FunctionUpdate")
    assert on_update["UpdateRuntimeOn"] == "FunctionUpdate" and "RuntimeVersionArn" not in on_update
    assert "RuntimeVersionArn" not in lam.get_runtime_management_config(FunctionName=fn)


def test_versions_have_their_own(lam, fn):
    version = lam.publish_version(FunctionName=fn)["Version"]
    lam.create_alias(FunctionName=fn, Name="live", FunctionVersion=version)
    put = lam.put_runtime_management_config(FunctionName=fn, Qualifier=version, UpdateRuntimeOn="FunctionUpdate")
    assert put["FunctionArn"] == function_arn(fn, version)
    assert lam.get_runtime_management_config(FunctionName=fn)["UpdateRuntimeOn"] == "Auto"
    through_alias = lam.get_runtime_management_config(FunctionName=fn, Qualifier="live")
    assert (through_alias["UpdateRuntimeOn"], through_alias["FunctionArn"]) == ("FunctionUpdate", function_arn(fn, version))
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_runtime_management_config(FunctionName=fn, Qualifier="42")
    # A deleted version's configuration goes with it: the next version 2 starts automatic.
    lam.delete_alias(FunctionName=fn, Name="live")
    lam.update_function_configuration(FunctionName=fn, Description="v2")
    second = lam.publish_version(FunctionName=fn)["Version"]
    lam.put_runtime_management_config(FunctionName=fn, Qualifier=second, UpdateRuntimeOn="FunctionUpdate")
    lam.delete_function(FunctionName=fn, Qualifier=second)
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_runtime_management_config(FunctionName=fn, Qualifier=second)


def test_refusals(lam, raw_lam, fn):
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException) as caught:
        raw_lam.put_runtime_management_config(FunctionName=fn, UpdateRuntimeOn="Sometimes")
    assert "at 'updateRuntimeOn' failed to satisfy constraint" in error_message(caught.value)
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
        raw_lam.put_runtime_management_config(FunctionName=fn)
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.put_runtime_management_config(FunctionName=fn, UpdateRuntimeOn="Manual")
    with pytest.raises(lam.exceptions.InvalidParameterValueException):
        lam.put_runtime_management_config(
            FunctionName=fn, UpdateRuntimeOn="Manual", RuntimeVersionArn="arn:aws:lambda:us-east-1::layer:not-a-runtime")
    with pytest.raises(lam.exceptions.ResourceNotFoundException) as caught:
        lam.get_runtime_management_config(FunctionName="no-such-function")
    assert error_message(caught.value).startswith("Function not found: ")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.put_runtime_management_config(FunctionName="no-such-function", UpdateRuntimeOn="Auto")


def test_survives_a_restart_and_goes_with_its_function(lamb_servers):
    server = lamb_servers.start(name="runtime-management")
    lam = server.client()
    functions = Functions(lam, "rtm")
    fn = functions.create(APP)
    lam.put_runtime_management_config(FunctionName=fn, UpdateRuntimeOn="Manual", RuntimeVersionArn=RUNTIME_VERSION)
    server.restart()
    lam = server.client()
    got = lam.get_runtime_management_config(FunctionName=fn)
    assert (got["UpdateRuntimeOn"], got["RuntimeVersionArn"]) == ("Manual", RUNTIME_VERSION)
    lam.delete_function(FunctionName=fn)
    functions.client = lam
    functions.names = []
    functions.create(APP, name=fn)
    assert lam.get_runtime_management_config(FunctionName=fn)["UpdateRuntimeOn"] == "Auto"
    functions.cleanup()
