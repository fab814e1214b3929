"""Layers through boto3: PublishLayerVersion, GetLayerVersion(ByArn), ListLayers, ListLayerVersions,
DeleteLayerVersion, and functions using them: `Layers` (up to 5, in order) merged at /opt, where Python finds
/opt/python and /opt/python/lib/pythonX.Y/site-packages, Node.js finds /opt/nodejs/node_modules, and custom runtimes
find /opt/bootstrap, /opt/bin (PATH) and /opt/lib (LD_LIBRARY_PATH)."""

import io
import re
import shutil
import subprocess
import urllib.request
import uuid
import zipfile

import pytest

from botocore.exceptions import ClientError

from conftest import NODE_RUNTIME, RUNTIME, error_code, invoke, make_zip, sha256_b64

PY_VERSION = RUNTIME  # site-packages of a Python layer live under python/lib/python3.X


class LayerPublisher(object):
    """Publishes layers with unique names on one server and deletes them at the end of the test."""

    def __init__(self, client):
        self.client = client
        self.published = []

    def publish(self, files, name=None, **kwargs):
        name = name or "layer-%s" % uuid.uuid4().hex[:10]
        content = files if isinstance(files, bytes) else make_zip(files)
        out = self.client.publish_layer_version(LayerName=name, Content={"ZipFile": content}, **kwargs)
        self.published.append((name, out["Version"]))
        return out

    def cleanup(self):
        for name, version in self.published:
            try:
                self.client.delete_layer_version(LayerName=name, VersionNumber=version)
            except Exception:
                pass


@pytest.fixture
def layers(lam):
    made = LayerPublisher(lam)
    yield made
    made.cleanup()


TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$")

# -- the API ----------------------------------------------------------------------------------------------------------


def test_publish_get_list_delete(lam, lamb, layers):
    zip_bytes = make_zip({"python/shared.py": "VALUE = 1\n"})
    name = "layer-%s" % uuid.uuid4().hex[:10]
    first = layers.publish(
        zip_bytes, name=name, Description="first", CompatibleRuntimes=["python3.11", "python3.12"],
        CompatibleArchitectures=["x86_64"], LicenseInfo="MIT",
    )
    assert first["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert first["Version"] == 1
    assert first["LayerArn"] == "arn:aws:lambda:us-east-1:000000000000:layer:%s" % name
    assert first["LayerVersionArn"] == first["LayerArn"] + ":1"
    assert first["Description"] == "first" and first["LicenseInfo"] == "MIT"
    assert first["CompatibleRuntimes"] == ["python3.11", "python3.12"]
    assert first["CompatibleArchitectures"] == ["x86_64"]
    assert TIMESTAMP.match(first["CreatedDate"])
    assert first["Content"]["CodeSha256"] == sha256_b64(zip_bytes)
    assert first["Content"]["CodeSize"] == len(zip_bytes)
    # Content.Location downloads the zip
    with urllib.request.urlopen(first["Content"]["Location"], timeout=10) as response:
        assert response.read() == zip_bytes

    second = layers.publish({"python/shared.py": "VALUE = 2\n"}, name=name, CompatibleRuntimes=["nodejs20.x"])
    assert second["Version"] == 2

    got = lam.get_layer_version(LayerName=name, VersionNumber=1)
    assert got["LayerVersionArn"] == first["LayerVersionArn"] and got["Content"] == first["Content"]
    by_arn = lam.get_layer_version_by_arn(Arn=second["LayerVersionArn"])
    assert by_arn["Version"] == 2 and by_arn["CompatibleRuntimes"] == ["nodejs20.x"]
    # a layer ARN is accepted as LayerName
    assert lam.get_layer_version(LayerName=first["LayerArn"], VersionNumber=2)["Version"] == 2

    versions = lam.list_layer_versions(LayerName=name)["LayerVersions"]
    assert [v["Version"] for v in versions] == [2, 1]  # newest first
    assert "Content" not in versions[0] and versions[0]["LayerVersionArn"] == second["LayerVersionArn"]
    filtered = lam.list_layer_versions(LayerName=name, CompatibleRuntime="python3.12")["LayerVersions"]
    assert [v["Version"] for v in filtered] == [1]

    listed = [l for l in lam.list_layers()["Layers"] if l["LayerName"] == name]
    assert len(listed) == 1
    assert listed[0]["LayerArn"] == first["LayerArn"]
    assert listed[0]["LatestMatchingVersion"]["Version"] == 2
    py = [l for l in lam.list_layers(CompatibleRuntime="python3.11")["Layers"] if l["LayerName"] == name]
    assert py[0]["LatestMatchingVersion"]["Version"] == 1
    assert not [l for l in lam.list_layers(CompatibleRuntime="java21")["Layers"] if l["LayerName"] == name]

    # delete: 204, idempotent; the version is gone from every read, and its number is never reused
    out = lam.delete_layer_version(LayerName=name, VersionNumber=2)
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 204
    lam.delete_layer_version(LayerName=name, VersionNumber=2)
    lam.delete_layer_version(LayerName=name, VersionNumber=99)
    with pytest.raises(ClientError) as e:
        lam.get_layer_version(LayerName=name, VersionNumber=2)
    assert error_code(e.value) == "ResourceNotFoundException"
    assert [v["Version"] for v in lam.list_layer_versions(LayerName=name)["LayerVersions"]] == [1]
    third = layers.publish({"x.txt": "3"}, name=name)
    assert third["Version"] == 3


def test_paginators(lam, layers):
    name = "layer-%s" % uuid.uuid4().hex[:10]
    for _ in range(3):
        layers.publish({"f.txt": "x"}, name=name)
    pages = list(lam.get_paginator("list_layer_versions").paginate(LayerName=name, PaginationConfig={"PageSize": 2}))
    assert [[v["Version"] for v in p["LayerVersions"]] for p in pages] == [[3, 2], [1]]
    all_layers = [l["LayerName"] for p in lam.get_paginator("list_layers").paginate(PaginationConfig={"PageSize": 1}) for l in p["Layers"]]
    assert name in all_layers and len(all_layers) == len(set(all_layers))


def test_unknown_layers(lam):
    assert lam.list_layer_versions(LayerName="never-published-layer")["LayerVersions"] == []
    for call in (
        lambda: lam.get_layer_version(LayerName="never-published-layer", VersionNumber=1),
        lambda: lam.get_layer_version_by_arn(Arn="arn:aws:lambda:us-east-1:000000000000:layer:never-published-layer:1"),
        # another account's layer does not exist here
        lambda: lam.get_layer_version_by_arn(Arn="arn:aws:lambda:us-east-1:123456789012:layer:x:1"),
    ):
        with pytest.raises(ClientError) as e:
            call()
        assert error_code(e.value) == "ResourceNotFoundException"
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


@pytest.mark.parametrize(
    "kwargs",
    [
        {"LayerName": "bad name!"},
        {"CompatibleRuntimes": ["cobol85"]},
        {"CompatibleArchitectures": ["sparc"]},
        {"Description": "d" * 257},
        {"Content": {"ZipFile": b"not a zip"}},
        {"Content": {"S3Bucket": "b", "S3Key": "k"}},
    ],
)
def test_publish_refuses_bad_input_and_stores_nothing(raw_lam, lam, kwargs):
    name = "layer-%s" % uuid.uuid4().hex[:10]
    request = {"LayerName": name, "Content": {"ZipFile": make_zip({"a.txt": "a"})}}
    request.update(kwargs)
    with pytest.raises(ClientError) as e:
        raw_lam.publish_layer_version(**request)
    assert error_code(e.value) == "InvalidParameterValueException"
    assert lam.list_layer_versions(LayerName=name)["LayerVersions"] == []


def test_get_layer_version_by_malformed_arn(raw_lam):
    with pytest.raises(ClientError) as e:
        raw_lam.get_layer_version_by_arn(Arn="arn:aws:lambda:us-east-1:000000000000:function:f")
    assert error_code(e.value) == "InvalidParameterValueException"


# -- functions using layers -------------------------------------------------------------------------------------------

PY_IMPORTER = """
import os
def handler(event, context):
    import shared, sitelib
    return {"shared": shared.VALUE, "site": sitelib.NAME, "opt": sorted(os.listdir(os.environ.get("LAMB_OPT_DIR", "/opt")))}
"""


def test_python_function_imports_from_layers_in_order(lam, functions, layers):
    a = layers.publish({"python/shared.py": "VALUE = 'from a'\n", "python/only_a.py": "X = 1\n"})
    b = layers.publish(
        {"python/shared.py": "VALUE = 'from b'\n", "python/lib/%s/site-packages/sitelib.py" % PY_VERSION: "NAME = 'site'\n"}
    )
    name = functions.create({"app.py": PY_IMPORTER}, Layers=[a["LayerVersionArn"], b["LayerVersionArn"]])
    config = lam.get_function_configuration(FunctionName=name)
    assert config["Layers"] == [
        {"Arn": a["LayerVersionArn"], "CodeSize": a["Content"]["CodeSize"]},
        {"Arn": b["LayerVersionArn"], "CodeSize": b["Content"]["CodeSize"]},
    ]
    result = invoke(lam, name)
    assert result.function_error is None, result.body
    assert result.payload["shared"] == "from b"  # the later layer wins
    assert result.payload["site"] == "site"
    assert result.payload["opt"] == ["python"]
    # reversed order: the other layer wins
    lam.update_function_configuration(FunctionName=name, Layers=[b["LayerVersionArn"], a["LayerVersionArn"]])
    assert invoke(lam, name).payload["shared"] == "from a"


def test_removing_the_layer_breaks_the_import(lam, functions, layers):
    layer = layers.publish({"python/layerlib.py": "def hello():\n    return 'hello from the layer'\n"})
    source = "import layerlib\ndef handler(event, context):\n    return layerlib.hello()\n"
    name = functions.create({"app.py": source}, Layers=[layer["LayerVersionArn"]])
    assert invoke(lam, name).payload == "hello from the layer"
    lam.update_function_configuration(FunctionName=name, Layers=[])
    assert "Layers" not in lam.get_function_configuration(FunctionName=name)
    result = invoke(lam, name)
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert "layerlib" in result.payload["errorMessage"]


@pytest.mark.skipif(NODE_RUNTIME is None, reason="no node with a Lambda runtime here")
def test_node_function_requires_from_layer(lam, functions, layers):
    layer = layers.publish({"nodejs/node_modules/greeter/index.js": "exports.greet = (n) => 'hi ' + n + ' from the layer';"})
    source = "const greeter = require('greeter');\nexports.handler = async (event) => greeter.greet(event.name);\n"
    name = functions.create(
        {"index.js": source}, runtime=NODE_RUNTIME, handler="index.handler", Layers=[layer["LayerVersionArn"]]
    )
    assert invoke(lam, name, {"name": "Lamb"}).payload == "hi Lamb from the layer"
    lam.update_function_configuration(FunctionName=name, Layers=[])
    result = invoke(lam, name, {"name": "Lamb"})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert "Cannot find module 'greeter'" in result.payload["errorMessage"]


LAYER_BOOTSTRAP = r"""#!/bin/sh
# A runtime shipped as a layer: answers every event with what the function's code and the layer provide.
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS="${TMPDIR:-/tmp}/headers.$$"
while true; do
  curl -sS -D "$HEADERS" -o /dev/null "$API/invocation/next"
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | cut -d: -f2 | tr -d '[:space:]')
  TOOL=$(layer-tool)
  CODE=$(cat "$LAMBDA_TASK_ROOT/message.txt")
  printf '{"tool":"%s","code":"%s","ld":"%s"}' "$TOOL" "$CODE" "$LD_LIBRARY_PATH" |
    curl -sS -X POST "$API/invocation/$ID/response" --data-binary @- > /dev/null
done
"""


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_provided_function_runs_a_layers_bootstrap(lam, functions, layers):
    run_layers_bootstrap(lam, functions, layers)


def executable_zip(files):
    """A zip whose files are all executable (make_zip marks only files named bootstrap)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path, source in files.items():
            info = zipfile.ZipInfo(path)
            info.external_attr = 0o755 << 16
            z.writestr(info, source)
    return buf.getvalue()


def run_layers_bootstrap(lam, functions, layers):
    runtime_layer = layers.publish({"bootstrap": LAYER_BOOTSTRAP})
    tools = layers.publish(executable_zip({"bin/layer-tool": "#!/bin/sh\necho tool-from-opt-bin\n"}))
    name = functions.create(
        {"message.txt": "code without a bootstrap"},
        runtime="provided.al2023",
        handler="unused",
        Layers=[runtime_layer["LayerVersionArn"], tools["LayerVersionArn"]],
    )
    first = invoke(lam, name)
    assert first.function_error is None, (first.body, first.log)
    assert first.payload["tool"] == "tool-from-opt-bin"
    assert first.payload["code"] == "code without a bootstrap"
    assert first.payload["ld"].split(":")[-1].endswith("/lib")
    assert first.cold and not invoke(lam, name).cold


def test_function_layers_are_validated(raw_lam, lam, functions, layers):
    layer = layers.publish({"python/x.py": ""})
    other = layers.publish({"python/x.py": ""}, name=layer["LayerArn"].rsplit(":", 1)[1])
    missing = layer["LayerArn"] + ":99"
    cases = [
        [missing],
        ["not-an-arn"],
        [layer["LayerVersionArn"], other["LayerVersionArn"]],  # two versions of one layer
        [layer["LayerVersionArn"]] * 6,
        ["arn:aws:lambda:us-east-1:123456789012:layer:someone-elses:1"],
    ]
    for arns in cases:
        with pytest.raises(ClientError) as e:
            functions.create({"app.py": "def handler(e, c):\n    return 1\n"}, Layers=arns, name="layers-bad-%s" % uuid.uuid4().hex[:8])
        assert error_code(e.value) == "InvalidParameterValueException", arns
    assert "does not exist" in _message(lambda: functions.create({"app.py": ""}, Layers=[missing]))
    # an update that names a missing layer changes nothing
    name = functions.create({"app.py": "def handler(e, c):\n    return 1\n"}, Layers=[layer["LayerVersionArn"]])
    before = lam.get_function_configuration(FunctionName=name)
    with pytest.raises(ClientError):
        lam.update_function_configuration(FunctionName=name, Layers=[missing])
    after = lam.get_function_configuration(FunctionName=name)
    assert after["Layers"] == before["Layers"] and after["RevisionId"] == before["RevisionId"]


def _message(call):
    with pytest.raises(ClientError) as e:
        call()
    return e.value.response["Error"]["Message"]


def test_deleted_version_keeps_serving_functions_that_use_it(lam, functions):
    name = "layer-%s" % uuid.uuid4().hex[:10]
    layer = lam.publish_layer_version(LayerName=name, Content={"ZipFile": make_zip({"python/kept.py": "V = 'kept'\n"})})
    source = "import kept\ndef handler(event, context):\n    return kept.V\n"
    fn = functions.create({"app.py": source}, Layers=[layer["LayerVersionArn"]])
    assert invoke(lam, fn).payload == "kept"
    lam.delete_layer_version(LayerName=name, VersionNumber=layer["Version"])
    # still attached, still served (a cold start too: update the function to recycle its environments)
    lam.update_function_configuration(FunctionName=fn, Description="recycle")
    result = invoke(lam, fn)
    assert result.payload == "kept" and result.cold
    assert lam.get_function_configuration(FunctionName=fn)["Layers"][0]["Arn"] == layer["LayerVersionArn"]
    # but no new function may use it
    assert "does not exist" in _message(lambda: functions.create({"app.py": source}, Layers=[layer["LayerVersionArn"]]))


def test_layers_survive_a_restart(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    layer = client.publish_layer_version(LayerName="persisted", Content={"ZipFile": make_zip({"python/p.py": "V = 7\n"})})
    fn = functions_on(server).create({"app.py": "import p\ndef handler(e, c):\n    return p.V\n"}, Layers=[layer["LayerVersionArn"]])
    server.restart()
    client = server.client()
    assert client.get_layer_version(LayerName="persisted", VersionNumber=1)["Content"]["CodeSha256"] == layer["Content"]["CodeSha256"]
    assert invoke(client, fn).payload == 7
    assert client.publish_layer_version(LayerName="persisted", Content={"ZipFile": make_zip({"a": "b"})})["Version"] == 2


def test_layers_under_the_plain_process_sandbox(lamb_servers, functions_on):
    """Plain processes have no private /opt: the shims and PATH use the merged layer directory instead."""
    server = lamb_servers.start("--sandbox", "process")
    client = server.client()
    publisher = LayerPublisher(client)
    functions = functions_on(server)
    layer = publisher.publish({"python/layerlib.py": "WHERE = __file__\n"})
    name = functions.create(
        {"app.py": "import layerlib, os\ndef handler(e, c):\n    return [layerlib.WHERE, os.environ['LAMB_OPT_DIR']]\n"},
        Layers=[layer["LayerVersionArn"]],
    )
    where, opt = invoke(client, name).payload
    assert where == opt + "/python/layerlib.py" and opt != "/opt"
    if NODE_RUNTIME is not None:
        node_layer = publisher.publish({"nodejs/node_modules/greeter/index.js": "exports.greet = () => 'hi';"})
        fn = functions.create(
            {"index.js": "exports.handler = async () => require('greeter').greet();"},
            runtime=NODE_RUNTIME, handler="index.handler", Layers=[node_layer["LayerVersionArn"]],
        )
        assert invoke(client, fn).payload == "hi"
    if shutil.which("curl") is not None:
        run_layers_bootstrap(client, functions, publisher)


@pytest.mark.parametrize("sandbox", ["default", "process"])
def test_layers_with_awslambdaric(lam, functions, lamb_servers, functions_on, sandbox):
    """AWS's own Python runtime client finds layer modules too (Lamb puts the layer directories on PYTHONPATH)."""
    python = shutil.which(RUNTIME)
    if python is None or subprocess.run([python, "-c", "import awslambdaric.bootstrap"], capture_output=True).returncode:
        pytest.skip("awslambdaric is not importable by %s" % RUNTIME)
    if sandbox == "process":
        server = lamb_servers.start("--sandbox", "process")
        client, functions = server.client(), functions_on(server)
    else:
        client = lam
    publisher = LayerPublisher(client)
    try:
        layer = publisher.publish(
            {"python/lib/%s/site-packages/ricmod.py" % RUNTIME: "V = 'site'\n", "python/plain.py": "V = 'plain'\n"}
        )
        name = functions.create(
            {"app.py": "import ricmod, plain\ndef handler(e, c):\n    return [ricmod.V, plain.V]\n"},
            Layers=[layer["LayerVersionArn"]],
            Environment={"Variables": {"LAMB_PYTHON_RUNTIME_CLIENT": "awslambdaric"}},
        )
        result = invoke(client, name)
        assert result.function_error is None, result.body
        assert result.payload == ["site", "plain"]
        assert ".awslambdaric" in result.log
    finally:
        publisher.cleanup()
