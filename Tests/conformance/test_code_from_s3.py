"""Code where users keep it: `Code.S3Bucket` / `S3Key` / `S3ObjectVersion` on CreateFunction and UpdateFunctionCode,
and a layer's `Content.S3Bucket`, read from a real S3 endpoint (moto_server, `--aws-endpoint`) or from a local
directory standing for the bucket (`--s3-dir BUCKET=DIR`). Failures read as Lambda's, and change nothing."""

import json
import os

import pytest
from botocore.exceptions import ClientError

from conftest import ROLE, RUNTIME, error_code, make_zip, unique_name
from moto_support import aws_client, moto  # noqa: F401 (moto is a fixture)


def app(answer):
    return make_zip({"app.py": "def handler(event, context):\n    return %r\n" % answer})


@pytest.fixture(scope="module")
def bucket_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("artifacts")
    os.makedirs(directory / "builds")
    (directory / "builds" / "v1.zip").write_bytes(app("from the directory"))
    (directory / "builds" / "v2.zip").write_bytes(app("updated from the directory"))
    (directory / "layer.zip").write_bytes(make_zip({"python/shared_words.py": "WORD = 'layered'\n"}))
    (directory.parent / "secret.zip").write_bytes(app("outside"))
    return directory


@pytest.fixture(scope="module")
def server(module_servers, moto, bucket_dir):
    return module_servers.start("--aws-endpoint", moto, "--s3-dir", "local-artifacts=%s" % bucket_dir, name="s3code")


def create(lam, name, code):
    return lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Code=code)


def invoke(lam, name):
    return json.loads(lam.invoke(FunctionName=name)["Payload"].read())


def test_code_from_a_bucket_on_the_s3_endpoint_and_a_version_of_it(server, moto):
    s3 = aws_client(moto, "s3")
    s3.create_bucket(Bucket="deploys")
    s3.put_bucket_versioning(Bucket="deploys", VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket="deploys", Key="fn/app.zip", Body=app("first"))["VersionId"]
    s3.put_object(Bucket="deploys", Key="fn/app.zip", Body=app("second"))
    lam = server.client()
    name = unique_name("s3")
    create(lam, name, {"S3Bucket": "deploys", "S3Key": "fn/app.zip"})
    assert invoke(lam, name) == "second"
    lam.update_function_code(FunctionName=name, S3Bucket="deploys", S3Key="fn/app.zip", S3ObjectVersion=first)
    lam.get_waiter("function_updated_v2").wait(FunctionName=name)
    assert invoke(lam, name) == "first"


def test_a_missing_object_is_lambdas_error_and_creates_nothing(server, moto):
    aws_client(moto, "s3").create_bucket(Bucket="empty-bucket")
    lam = server.client()
    name = unique_name("s3-missing")
    with pytest.raises(ClientError) as caught:
        create(lam, name, {"S3Bucket": "empty-bucket", "S3Key": "nothing.zip"})
    assert error_code(caught.value) == "InvalidParameterValueException"
    assert "Error occurred while GetObject. S3 Error Code: NoSuchKey." in caught.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as caught:
        lam.get_function(FunctionName=name)
    assert error_code(caught.value) == "ResourceNotFoundException"


def test_code_and_layers_from_a_local_directory_standing_for_a_bucket(server):
    lam = server.client()
    layer = lam.publish_layer_version(LayerName=unique_name("s3-layer"),
                                      Content={"S3Bucket": "local-artifacts", "S3Key": "layer.zip"},
                                      CompatibleRuntimes=[RUNTIME])
    name = unique_name("s3-dir")
    lam.create_function(
        FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Layers=[layer["LayerVersionArn"]],
        Code={"ZipFile": make_zip({"app.py": "import shared_words\n\ndef handler(e, c):\n    return shared_words.WORD\n"})})
    assert invoke(lam, name) == "layered"

    other = unique_name("s3-dir")
    create(lam, other, {"S3Bucket": "local-artifacts", "S3Key": "builds/v1.zip"})
    assert invoke(lam, other) == "from the directory"
    lam.update_function_code(FunctionName=other, S3Bucket="local-artifacts", S3Key="builds/v2.zip")
    lam.get_waiter("function_updated_v2").wait(FunctionName=other)
    assert invoke(lam, other) == "updated from the directory"


@pytest.mark.parametrize("key", ["builds/none.zip", "../secret.zip", "builds/../../secret.zip", "builds/"])
def test_a_key_the_directory_does_not_hold_is_no_such_key(server, key):
    lam = server.client()
    with pytest.raises(ClientError) as caught:
        create(lam, unique_name("s3-dir-missing"), {"S3Bucket": "local-artifacts", "S3Key": key})
    assert error_code(caught.value) == "InvalidParameterValueException"
    assert "S3 Error Code: NoSuchKey" in caught.value.response["Error"]["Message"]


@pytest.mark.parametrize("code,message", [
    ({"S3Bucket": "deploys"}, "S3Bucket and S3Key are both required"),
    ({"ZipFile": app("x"), "S3Bucket": "deploys", "S3Key": "k"}, "do not provide other FunctionCode parameters"),
    ({"ImageUri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/repo:latest"}, "ImageUri"),
])
def test_code_sources_that_do_not_go_together(server, code, message):
    with pytest.raises(ClientError) as caught:
        create(server.client(parameter_validation=False), unique_name("s3-bad"), code)
    assert error_code(caught.value) == "InvalidParameterValueException"
    assert message in caught.value.response["Error"]["Message"]


def test_without_an_endpoint_or_a_directory_the_error_says_what_to_configure(lamb):
    with pytest.raises(ClientError) as caught:
        create(lamb.client(), unique_name("s3-nowhere"), {"S3Bucket": "somewhere", "S3Key": "app.zip"})
    message = caught.value.response["Error"]["Message"]
    assert "--aws-endpoint" in message and "--s3-dir somewhere=DIR" in message
