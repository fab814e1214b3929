"""Every operation of botocore's own Lambda model, called with a minimal valid input, either succeeds or answers an
AWS-shaped error (a non-empty Error.Code): no operation falls through to an empty 404. The counts are printed so that
a run shows how much of the API is served.

Inputs are built from the model: each required member gets the smallest value botocore accepts, with names that point
at a real function, layer version and event source mapping where the operation takes one, so that most operations
get past "not found" to their real work. A dedicated server keeps the session's state out of it.
"""

import collections
import uuid

import botocore.session
import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, RUNTIME, make_zip

SOURCE = "def handler(event, context):\n    return {'ok': True}\n"

# Operations that wait on something a minimal input cannot give (a durable execution's callback, a streaming body)
# still answer; none is skipped. Members given real values, by name:
FUNCTION = "walk-fn"
LAYER = "walk-layer"


def model():
    return botocore.session.get_session().get_service_model("lambda")


def minimal(shape, name, known):
    """The smallest value of `shape` botocore's validator accepts; `known` overrides members by name."""
    if name in known:
        return known[name]
    kind = shape.type_name
    if kind == "structure":
        return {member: minimal(shape.members[member], member, known) for member in shape.required_members}
    if kind == "list":
        count = shape.metadata.get("min", 0)
        return [minimal(shape.member, name, known) for _ in range(count)]
    if kind == "map":
        return {}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        return "x" * max(1, shape.metadata.get("min", 1))
    if kind in ("integer", "long"):
        return max(1, shape.metadata.get("min", 1))
    if kind in ("float", "double"):
        return 1.0
    if kind == "boolean":
        return False
    if kind == "blob":
        return b"{}"
    if kind == "timestamp":
        return 0
    raise AssertionError("no minimal value for %s (%s)" % (name, kind))


def python_name(operation):
    """botocore's snake_case method name of an operation (CreateFunctionUrlConfig -> create_function_url_config)."""
    from botocore import xform_name

    return xform_name(operation)


@pytest.fixture
def server(lamb_servers):
    return lamb_servers.start()


def test_every_operation_of_the_model_answers_in_aws_shape(server):
    lam = server.client()
    lam.create_function(FunctionName=FUNCTION, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                        Code={"ZipFile": make_zip({"app.py": SOURCE})})
    layer = lam.publish_layer_version(LayerName=LAYER, Content={"ZipFile": make_zip({"python/x.py": "X = 1\n"})})
    function_arn = lam.get_function_configuration(FunctionName=FUNCTION)["FunctionArn"]
    version = lam.publish_version(FunctionName=FUNCTION)["Version"]
    known = {
        "FunctionName": FUNCTION,
        "LayerName": LAYER,
        "VersionNumber": layer["Version"],
        "Arn": layer["LayerVersionArn"],
        "Resource": function_arn,
        "Role": ROLE,
        "Runtime": RUNTIME,
        "Handler": "app.handler",
        "Code": {"ZipFile": make_zip({"app.py": SOURCE})},
        "Content": {"ZipFile": make_zip({"python/y.py": "Y = 1\n"})},
        "UUID": str(uuid.uuid4()),
        "StatementId": "walk",
        "Principal": "s3.amazonaws.com",
        "Action": "lambda:InvokeFunction",
        "EventSourceArn": "arn:aws:sqs:us-east-1:000000000000:walk-queue",
        "FunctionVersion": "$LATEST",
        "Name": "walk-alias",
        "Qualifier": version,
        "AuthType": "NONE",
        "Tags": {"walk": "yes"},
        "TagKeys": ["walk"],
    }
    codes = collections.Counter()
    empty = []
    # Deletions last (DeleteFunction the very last), so that every other operation finds what it names.
    order = sorted(model().operation_names, key=lambda name: (name.startswith("Delete"), name == "DeleteFunction", name))
    for operation in order:
        shape = model().operation_model(operation).input_shape
        arguments = minimal(shape, operation, known) if shape is not None else {}
        try:
            response = getattr(lam, python_name(operation))(**arguments)
            status = response["ResponseMetadata"]["HTTPStatusCode"]
            assert status < 400, "%s answered %s without an error" % (operation, status)
            codes["(success)"] += 1
            print("%-40s success %s" % (operation, status))
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            # botocore fills Code with the bare status ("404") when the body and headers name no error type.
            if not code or code == str(status):
                empty.append("%s (%s)" % (operation, status))
            codes[code] += 1
            print("%-40s %s %s" % (operation, status, code))
    print("\n%d operations: %s" % (sum(codes.values()), dict(codes.most_common())))
    assert not empty, "answered without an AWS error type: %s" % empty
    assert sum(codes.values()) == len(model().operation_names)


def test_the_compatibility_page_lists_every_operation_of_the_model():
    import os

    page = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "api-compatibility.md")
    with open(page) as f:
        listed = {line.split("|")[1].strip() for line in f if line.startswith("| ") and line.count("|") == 4}
    missing = sorted(set(model().operation_names) - listed)
    assert not missing, "docs/api-compatibility.md's list of all operations misses %s" % missing
