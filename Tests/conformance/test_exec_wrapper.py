"""`AWS_LAMBDA_EXEC_WRAPPER`: a managed runtime starts through the function's wrapper script (from a layer at /opt or
from its own code at /var/task), which sees the original command line as its arguments and can change the
runtime's environment before `exec "$@"`, as on Lambda."""

import json

from conftest import make_zip

WRAPPER = """#!/bin/sh
export WRAPPED_COMMAND="$*"
export WRAPPER_FLAG=set-by-wrapper
exec "$@"
"""
APP = {"app.py": "import os\n\ndef handler(event, context):\n    return {'command': os.environ.get('WRAPPED_COMMAND'),"
                 " 'flag': os.environ.get('WRAPPER_FLAG')}\n"}


def invoke(lam, name):
    response = lam.invoke(FunctionName=name)
    return response.get("FunctionError"), json.loads(response["Payload"].read())


def test_a_wrapper_from_a_layer_sees_the_command_line_and_sets_the_environment(lam, functions):
    layer = lam.publish_layer_version(
        LayerName="exec-wrapper", Content={"ZipFile": make_zip({"wrapper.sh": WRAPPER}, executables=["wrapper.sh"])})
    name = functions.create(APP, Layers=[layer["LayerVersionArn"]],
                            Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/opt/wrapper.sh"}})
    error, result = invoke(lam, name)
    assert error is None, result
    assert result["flag"] == "set-by-wrapper"
    # The runtime's own start command, passed on as "$@": the interpreter and Lamb's bootstrap for it.
    assert "python" in result["command"] and "bootstrap" in result["command"], result["command"]


def test_without_the_variable_there_is_no_wrapper(lam, functions):
    name = functions.create(APP)
    assert invoke(lam, name) == (None, {"command": None, "flag": None})


def test_a_missing_wrapper_fails_the_init(lam, functions):
    name = functions.create(APP, Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": "/opt/nowhere.sh"}})
    error, result = invoke(lam, name)
    assert error == "Unhandled", result
