"""Layer versions of other accounts (AWS's Powertools, a vendor's extension): a function that names one gets it from
a layer directory (`--layer-dir DIR`, whose layers.txt maps ARN to zip) or, once, from the Lambda endpoint Lamb is
given (`--endpoint lambda=URL`; here a second Lamb plays the other account). Imported versions survive a restart;
an ARN found nowhere is an error naming it and both fixes."""

import json

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, RUNTIME, error_code, make_zip, unique_name

POWERTOOLS = "arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7"
APP = "import vendor_words\n\ndef handler(event, context):\n    return vendor_words.WORD\n"


@pytest.fixture(scope="module")
def layer_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("layers")
    (directory / "powertools-7.zip").write_bytes(make_zip({"python/vendor_words.py": "WORD = 'from the directory'\n"}))
    (directory / "layers.txt").write_text("# vendor layers\n%s  powertools-7.zip\n" % POWERTOOLS)
    return directory


def create(lam, layers):
    name = unique_name("foreign")
    lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Layers=layers,
                        Code={"ZipFile": make_zip({"app.py": APP})})
    return name


def invoke(lam, name):
    return json.loads(lam.invoke(FunctionName=name)["Payload"].read())


def test_a_layer_from_the_layer_directory_runs_and_survives_a_restart(module_servers, layer_dir):
    server = module_servers.start("--layer-dir", str(layer_dir), name="layer-dir")
    lam = server.client()
    name = create(lam, [POWERTOOLS])
    assert invoke(lam, name) == "from the directory"
    layers = lam.get_function_configuration(FunctionName=name)["Layers"]
    assert layers[0]["Arn"] == POWERTOOLS and layers[0]["CodeSize"] > 0

    # Started again without the directory: the imported version is Lamb's own copy now.
    server.stop()
    server.args = [a for a in server.args if a not in ("--layer-dir", str(layer_dir))]
    server.start()
    lam = server.client()
    assert invoke(lam, name) == "from the directory"


def test_a_layer_fetched_once_from_another_accounts_endpoint(module_servers):
    vendor = module_servers.start("--account-id", "111122223333", name="vendor")
    published = vendor.client().publish_layer_version(
        LayerName="vendor-ext", Content={"ZipFile": make_zip({"python/vendor_words.py": "WORD = 'from the vendor'\n"})},
        CompatibleRuntimes=[RUNTIME], Description="the vendor's layer")
    arn = published["LayerVersionArn"]
    assert ":111122223333:" in arn

    server = module_servers.start("--endpoint", "lambda=%s" % vendor.endpoint, name="vendor-user")
    lam = server.client()
    name = create(lam, [arn])
    assert invoke(lam, name) == "from the vendor"
    assert "layer version imported" in server.log()

    vendor.stop()  # fetched once: a second function needs the vendor no more
    assert invoke(lam, create(lam, [arn])) == "from the vendor"


def test_an_arn_found_nowhere_names_the_fixes_and_creates_nothing(lamb):
    lam = lamb.client()
    with pytest.raises(ClientError) as caught:
        create(lam, [POWERTOOLS])
    assert error_code(caught.value) == "InvalidParameterValueException"
    message = caught.value.response["Error"]["Message"]
    assert POWERTOOLS in message and "--layer-dir" in message and "--endpoint lambda=URL" in message
