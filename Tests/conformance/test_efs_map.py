"""`FileSystemConfigs` with `--efs-map ARN=DIR`: a function whose configuration names the EFS access point sees the
local directory, read-write, at its `LocalMountPath` (what it writes is on the host, what is there it reads), in the
Linux sandbox. An access point no directory stands for is stored and said, and its mount path does not exist."""

import json
import os

import pytest

from conftest import EXTRA_SERVE_ARGS, ROLE, RUNTIME, make_zip, unique_name

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the Linux sandbox needs root"),
    pytest.mark.skipif("process" in EXTRA_SERVE_ARGS, reason="--efs-map needs the linux sandbox"),
]

ACCESS_POINT = "arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0123456789abcdef0"
OTHER_POINT = "arn:aws:elasticfilesystem:us-east-1:000000000000:access-point/fsap-0fedcba9876543210"
VPC = {"SubnetIds": ["subnet-0123456789abcdef0"], "SecurityGroupIds": ["sg-0123456789abcdef0"]}
APP = """
import os

def handler(event, context):
    if not os.path.isdir("/mnt/data"):
        return {"mounted": False}
    with open("/mnt/data/written-by-function.txt", "w") as f:
        f.write(context.aws_request_id)
    with open("/mnt/data/seed.txt") as f:
        return {"mounted": True, "seed": f.read(), "entries": sorted(os.listdir("/mnt/data"))}
"""


def create(lam, access_point):
    name = unique_name("efs")
    lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, VpcConfig=VPC,
                        FileSystemConfigs=[{"Arn": access_point, "LocalMountPath": "/mnt/data"}],
                        Code={"ZipFile": make_zip({"app.py": APP})})
    return name


def test_a_mapped_access_point_is_the_directory_read_write(lamb_servers, tmp_path):
    shared = tmp_path / "efs"
    shared.mkdir()
    os.chmod(shared, 0o777)  # the runtime's sandbox user writes here, as an access point's POSIX user would
    (shared / "seed.txt").write_text("from the host")
    server = lamb_servers.start("--efs-map", "%s=%s" % (ACCESS_POINT, shared))
    lam = server.client()
    name = create(lam, ACCESS_POINT)
    response = lam.invoke(FunctionName=name)
    result = json.loads(response["Payload"].read())
    assert result == {"mounted": True, "seed": "from the host", "entries": ["seed.txt", "written-by-function.txt"]}
    assert (shared / "written-by-function.txt").read_text() == response["ResponseMetadata"]["RequestId"]
    assert "file systems: 1 EFS access point(s) mapped" in server.log()

    unmapped = create(lam, OTHER_POINT)
    assert json.loads(lam.invoke(FunctionName=unmapped)["Payload"].read()) == {"mounted": False}
    assert "no --efs-map ARN=DIR for it" in server.log()
    assert lam.get_function_configuration(FunctionName=unmapped)["FileSystemConfigs"] == [
        {"Arn": OTHER_POINT, "LocalMountPath": "/mnt/data"}]


def test_a_malformed_map_is_refused_at_start(lamb_servers, tmp_path):
    with pytest.raises(AssertionError) as caught:
        lamb_servers.start("--efs-map", "fsap-123=%s" % tmp_path)
    assert "--efs-map takes ACCESS-POINT-ARN=DIR" in str(caught.value)
