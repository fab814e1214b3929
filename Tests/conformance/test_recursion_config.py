"""Recursion configurations through boto3: Get/PutFunctionRecursionConfig, one per function (`Terminate` until put),
the model's validation, and persistence across a restart. Stored for the engine's loop detection to read."""

import pytest

from conftest import Functions

APP = {"app.py": "def handler(event, context):\n    return 'ok'\n"}


def test_terminate_until_put(lam, functions):
    fn = functions.create(APP)
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Terminate"
    put = lam.put_function_recursion_config(FunctionName=fn, RecursiveLoop="Allow")
    assert put["RecursiveLoop"] == "Allow"
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Allow"
    arn = "arn:aws:lambda:us-east-1:000000000000:function:%s" % fn
    assert lam.get_function_recursion_config(FunctionName=arn)["RecursiveLoop"] == "Allow"
    lam.put_function_recursion_config(FunctionName=fn, RecursiveLoop="Terminate")
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Terminate"


def test_refusals(lam, raw_lam, functions):
    fn = functions.create(APP)
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
        raw_lam.put_function_recursion_config(FunctionName=fn, RecursiveLoop="Sometimes")
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
        raw_lam.put_function_recursion_config(FunctionName=fn)
    with pytest.raises(raw_lam.exceptions.InvalidParameterValueException):
        raw_lam.get_function_recursion_config(FunctionName=fn + ":1")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.get_function_recursion_config(FunctionName="no-such-function")
    with pytest.raises(lam.exceptions.ResourceNotFoundException):
        lam.put_function_recursion_config(FunctionName="no-such-function", RecursiveLoop="Allow")


def test_an_update_keeps_it(lam, functions):
    fn = functions.create(APP)
    lam.put_function_recursion_config(FunctionName=fn, RecursiveLoop="Allow")
    lam.update_function_configuration(FunctionName=fn, Description="changed")
    lam.tag_resource(Resource="arn:aws:lambda:us-east-1:000000000000:function:%s" % fn, Tags={"k": "v"})
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Allow"


def test_survives_a_restart_and_goes_with_its_function(lamb_servers):
    server = lamb_servers.start(name="recursion")
    lam = server.client()
    functions = Functions(lam, "recursion")
    fn = functions.create(APP)
    lam.put_function_recursion_config(FunctionName=fn, RecursiveLoop="Allow")
    server.restart()
    lam = server.client()
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Allow"
    lam.delete_function(FunctionName=fn)
    functions.client = lam
    functions.names = []
    functions.create(APP, name=fn)
    assert lam.get_function_recursion_config(FunctionName=fn)["RecursiveLoop"] == "Terminate"
    functions.cleanup()
