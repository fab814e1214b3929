"""`lamb function get` says which of a function's settings Lamb stores but does not act on (on stderr, so the JSON on
stdout stays the server's answer), and nothing for a function without such settings."""

import json

import boto3
from botocore.config import Config


def client(server):
    return boto3.client("lambda", endpoint_url=server.endpoint, region_name="us-east-1", aws_access_key_id="x",
                        aws_secret_access_key="x", config=Config(retries={"max_attempts": 0}))


def test_function_get_lists_the_settings_lamb_does_not_emulate(lamb, server, create, name):
    create(name)
    plain = lamb("function", "get", name)
    assert plain.code == 0, plain
    assert "Not emulated" not in plain.stderr

    client(server).update_function_configuration(
        FunctionName=name, KMSKeyArn="arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        VpcConfig={"SubnetIds": ["subnet-0123456789abcdef0"], "SecurityGroupIds": ["sg-0123456789abcdef0"]},
        FileSystemConfigs=[{"Arn": "arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0123456789abcdef0",
                            "LocalMountPath": "/mnt/data"}],
        TracingConfig={"Mode": "Active"})
    result = lamb("function", "get", name)
    assert result.code == 0, result
    assert json.loads(result.stdout)["FunctionName"] == name
    assert "Not emulated by Lamb:" in result.stderr
    for setting in ("VpcConfig: the function uses the host's network", "KMSKeyArn: environment variables are not",
                    "FileSystemConfigs: arn:aws:elasticfilesystem:", "TracingConfig: Active"):
        assert setting in result.stderr, result.stderr
