"""Hostile and careless input (issue 17): zip bombs whose headers lie about sizes, entry names with NUL or line breaks,
too many entries, links leading out of a layer, corrupt archives; nothing left in the data directory or in the
cgroup hierarchies by a rejected upload, a failed start or a killed Lamb; `KMSKeyArn`, `VpcConfig`,
`FileSystemConfigs` and `ImageConfig` validated; paths no route takes answered with Lambda-shaped JSON.

Every refusal is checked for its AWS shape (error code, status) and for leaving the server's state as it was.
"""

import glob
import hashlib
import io
import json
import os
import sqlite3
import stat
import struct
import subprocess
import zipfile

import pytest
from botocore.exceptions import ClientError

from conftest import (
    LAMB_BIN, ROLE, RUNTIME, error_code, error_message, error_status, invoke, make_zip, unique_name, wait_for)

APP = "def handler(event, context):\n    return {'ok': True}\n"
UNZIPPED_LIMIT = 262144000
UNREADABLE = "Could not unzip uploaded file. Please check your file, then try to upload again."


# ---------------------------------------------------------------------------------------------------------------
# Zips built the way an attacker would
# ---------------------------------------------------------------------------------------------------------------


def _central_directory(data):
    """(offset of the end record, [offsets of central directory headers])."""
    eocd = data.rindex(b"PK\x05\x06")
    count, = struct.unpack_from("<H", data, eocd + 10)
    position, = struct.unpack_from("<I", data, eocd + 16)
    headers = []
    for _ in range(count):
        assert data[position:position + 4] == b"PK\x01\x02"
        headers.append(position)
        n, m, k = struct.unpack_from("<HHH", data, position + 28)
        position += 46 + n + m + k
    return eocd, headers


def zip_bomb(entries=100, entry_bytes=10 * 1024 * 1024, declared=100):
    """About 1 MB of zip that inflates to `entries * entry_bytes` (1 GB) while every header declares `declared` bytes
    per entry."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("app.py", APP)
        chunk = b"\0" * entry_bytes
        for i in range(entries):
            z.writestr("blob%03d.bin" % i, chunk)
    data = bytearray(buf.getvalue())
    _, headers = _central_directory(data)
    for header in headers:
        name_length, = struct.unpack_from("<H", data, header + 28)
        if data[header + 46:header + 46 + name_length].startswith(b"blob"):
            local, = struct.unpack_from("<I", data, header + 42)
            struct.pack_into("<I", data, header + 24, declared)  # central directory: uncompressed size
            struct.pack_into("<I", data, local + 22, declared)  # local header: uncompressed size
    return bytes(data)


def zip_with_name(name):
    """A zip whose second entry is named `name` byte for byte (Python's zipfile cuts names at NUL, so the name is
    written with a placeholder of the same length and patched in both headers)."""
    placeholder = "x" * len(name.encode())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
        z.writestr(placeholder, "print('hi')\n")
    return buf.getvalue().replace(placeholder.encode(), name.encode())


def zip_with_links(links, files=None):
    """A zip with `files` ({path: source}) and symbolic links ({path: target}), as `zip --symlinks` writes them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for path, source in (files or {}).items():
            z.writestr(path, source)
        for path, target in links.items():
            info = zipfile.ZipInfo(path)
            info.create_system = 3  # Unix: the mode in the external attributes is read
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)
    return buf.getvalue()


def corrupt(zip_bytes):
    """Flips a byte of the first entry's data: the archive still opens, its CRC-32 no longer matches."""
    data = bytearray(zip_bytes)
    name_length, extra_length = struct.unpack_from("<HH", data, 26)
    data[30 + name_length + extra_length + 2] ^= 0x01
    return bytes(data)


@pytest.fixture(scope="module")
def bomb():
    return zip_bomb()


def _blob_names(server):
    return sorted(os.listdir(os.path.join(server.data_dir, "code")))


def _mentions(server, text):
    for directory, dirs, files in os.walk(server.data_dir):
        for entry in dirs + files:
            if text in entry:
                return os.path.join(directory, entry)
    return None


def _disk_bytes(root):
    total = 0
    for directory, _, files in os.walk(root):
        for f in files:
            try:
                total += os.lstat(os.path.join(directory, f)).st_size
            except OSError:
                pass
    return total


def _refused(call, code="InvalidParameterValueException", status=400):
    with pytest.raises(ClientError) as e:
        call()
    assert error_code(e.value) == code, e.value.response
    assert error_status(e.value) == status
    assert "Domain" not in error_message(e.value), "Foundation's error text leaked: %s" % error_message(e.value)
    return error_message(e.value)


# ---------------------------------------------------------------------------------------------------------------
# Archives
# ---------------------------------------------------------------------------------------------------------------


def test_zip_bomb_with_false_sizes_is_refused_and_leaves_nothing(raw_lam, lamb, bomb, functions):
    assert len(bomb) < 2 * 1024 * 1024
    blobs_before = _blob_names(lamb)
    disk_before = _disk_bytes(lamb.data_dir)
    name = unique_name("bomb")
    message = _refused(lambda: raw_lam.create_function(
        FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Code={"ZipFile": bomb}))
    assert message == "Unzipped size must be smaller than %d bytes" % UNZIPPED_LIMIT
    _refused(lambda: raw_lam.get_function(FunctionName=name), "ResourceNotFoundException", 404)
    assert _mentions(lamb, name) is None
    assert _blob_names(lamb) == blobs_before
    # Far less than the 250 MB the extraction could have written before stopping (logs and the database grow a little).
    assert _disk_bytes(lamb.data_dir) - disk_before < 20 * 1024 * 1024

    # The same bomb as new code for a working function: refused, and the function keeps its code.
    existing = functions.create({"app.py": APP})
    before = raw_lam.get_function_configuration(FunctionName=existing)
    message = _refused(lambda: raw_lam.update_function_code(FunctionName=existing, ZipFile=bomb))
    assert message == "Unzipped size must be smaller than %d bytes" % UNZIPPED_LIMIT
    after = raw_lam.get_function_configuration(FunctionName=existing)
    assert (after["CodeSha256"], after["RevisionId"]) == (before["CodeSha256"], before["RevisionId"])
    assert invoke(raw_lam, existing).payload == {"ok": True}
    assert len(os.listdir(os.path.join(lamb.data_dir, "functions", existing))) == 1


def test_zip_bomb_as_a_layer_is_refused(raw_lam, lamb, bomb):
    layer = unique_name("bomb-layer")
    blobs_before = _blob_names(lamb)
    message = _refused(lambda: raw_lam.publish_layer_version(LayerName=layer, Content={"ZipFile": bomb}))
    assert message == "Unzipped size must be smaller than %d bytes" % UNZIPPED_LIMIT
    assert raw_lam.list_layer_versions(LayerName=layer)["LayerVersions"] == []
    assert _blob_names(lamb) == blobs_before


@pytest.mark.parametrize("name", ["ev\0il.py", "ev\nil.py", "ev\ril.py"], ids=["nul", "newline", "carriage-return"])
def test_entry_names_with_nul_or_line_breaks_are_refused(raw_lam, lamb, name):
    function = unique_name("badname")
    message = _refused(lambda: raw_lam.create_function(
        FunctionName=function, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
        Code={"ZipFile": zip_with_name(name)}))
    assert message.startswith("Could not unzip uploaded file.")
    assert "NUL or line-break" in message
    assert _mentions(lamb, function) is None


def test_an_archive_with_too_many_entries_is_refused(raw_lam, lamb):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
        for i in range(100000):
            z.writestr("e/%d" % i, b"")
    function = unique_name("entries")
    message = _refused(lambda: raw_lam.create_function(
        FunctionName=function, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Code={"ZipFile": buf.getvalue()}))
    assert "more than 100000 entries" in message
    assert _mentions(lamb, function) is None


@pytest.mark.parametrize(
    "links",
    [
        {"python/secret": "../../../../etc/passwd"},
        {"python/secret": "/etc/passwd"},
        {"python/here": ".", "python/out": "here/../../x"},
    ],
    ids=["relative", "absolute", "through-another-link"],
)
def test_layer_links_leading_out_are_refused_at_publish(raw_lam, lamb, links):
    layer = unique_name("escaping-layer")
    blobs_before = _blob_names(lamb)
    message = _refused(lambda: raw_lam.publish_layer_version(
        LayerName=layer, Content={"ZipFile": zip_with_links(links, {"python/ok.py": "X = 1\n"})}))
    assert message.startswith("Could not unzip uploaded file.")
    assert raw_lam.list_layer_versions(LayerName=layer)["LayerVersions"] == []
    assert _blob_names(lamb) == blobs_before


def test_a_layer_with_links_inside_it_works(lam, functions):
    layer = unique_name("linked-layer")
    content = zip_with_links(
        {"python/helper.py": "helper_impl.py", "python/alias": "pkg"},
        {"python/helper_impl.py": "VALUE = 42\n", "python/pkg/__init__.py": "NAME = 'pkg'\n"})
    arn = lam.publish_layer_version(LayerName=layer, Content={"ZipFile": content})["LayerVersionArn"]
    try:
        name = functions.create(
            {"app.py": "import helper, alias\ndef handler(e, c):\n    return [helper.VALUE, alias.NAME]\n"},
            Layers=[arn])
        assert invoke(lam, name).payload == [42, "pkg"]
    finally:
        lam.delete_layer_version(LayerName=layer, VersionNumber=1)


def test_a_corrupt_archive_gets_lambdas_message(raw_lam, lamb):
    function = unique_name("corrupt")
    zip_bytes = make_zip({"app.py": APP + "#" * 4000})
    message = _refused(lambda: raw_lam.create_function(
        FunctionName=function, Runtime=RUNTIME, Handler="app.handler", Role=ROLE, Code={"ZipFile": corrupt(zip_bytes)}))
    assert message == UNREADABLE
    assert _mentions(lamb, function) is None


def test_set_uid_bits_are_dropped(lam, lamb, functions):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("app.py", APP)
        info = zipfile.ZipInfo("tool")
        info.create_system = 3
        info.external_attr = (stat.S_IFREG | 0o6755) << 16
        z.writestr(info, "#!/bin/sh\n")
    name = functions.create(buf.getvalue())
    [tool] = glob.glob(os.path.join(lamb.data_dir, "functions", name, "*", "tool"))
    assert stat.S_IMODE(os.stat(tool).st_mode) == 0o755


# ---------------------------------------------------------------------------------------------------------------
# Nothing left behind
# ---------------------------------------------------------------------------------------------------------------


def test_start_up_removes_what_nothing_references(lamb_servers, functions_on):
    server = lamb_servers.start()
    fns = functions_on(server)
    lam = server.client()
    kept = fns.create({"app.py": APP})
    gone = fns.create({"app.py": APP + "# another\n"})
    gone_blob = hashlib.sha256(make_zip({"app.py": APP + "# another\n"})).hexdigest()
    layer = lam.publish_layer_version(LayerName=unique_name("kept"), Content={"ZipFile": make_zip({"python/m.py": ""})})
    uses_layer = fns.create({"app.py": APP}, Layers=[layer["LayerVersionArn"]])
    assert invoke(lam, uses_layer).payload == {"ok": True}
    lam.delete_function(FunctionName=gone)
    assert server.stop() == 0

    data = server.data_dir
    planted = [
        os.path.join(data, "code", "ab" * 32 + ".zip"),
        os.path.join(data, "code", ".tmp-interrupted"),
        os.path.join(data, "functions", "ghost", "c0de", "app.py"),
        os.path.join(data, "functions", kept, ".unpack-interrupted", "app.py"),
        os.path.join(data, "layers", "unpacked", "cd" * 32, "python", "m.py"),
    ]
    for path in planted:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").close()
    kept_blobs = set(_blob_names(server)) - {gone_blob + ".zip", "ab" * 32 + ".zip", ".tmp-interrupted"}

    server.start()
    for path in planted:
        assert not os.path.exists(path), "%s survived the start" % path
    assert not os.path.exists(os.path.join(data, "functions", "ghost"))
    assert not os.path.exists(os.path.join(data, "code", gone_blob + ".zip")), "a deleted function's code stayed"
    assert set(_blob_names(server)) == kept_blobs
    assert "removed leftovers from the data directory" in server.log()
    lam = server.client()  # the restarted server listens on another port
    assert invoke(lam, kept).payload == {"ok": True}
    assert invoke(lam, uses_layer).payload == {"ok": True}


def _instance(data_dir):
    return "i" + hashlib.sha256(os.path.realpath(data_dir).encode()).hexdigest()[:12]


def _cgroups_of(instance):
    return [d for d in glob.glob("/sys/fs/cgroup/*/lamb/" + instance) if os.path.isdir(d)]


needs_linux_sandbox = pytest.mark.skipif(os.geteuid() != 0, reason="the Linux sandbox needs root")


@needs_linux_sandbox
def test_a_failed_start_leaves_no_cgroups(lamb_servers, functions_on, lamb_root):
    server = lamb_servers.start("--sandbox", "linux")
    name = functions_on(server).create({"app.py": APP})
    assert invoke(server.client(), name).payload == {"ok": True}
    assert server.stop() == 0
    # A record the database can read but Lamb cannot decode: the start fails after the sandbox is set up.
    with sqlite3.connect(os.path.join(server.data_dir, "lamb.sqlite")) as db:
        db.execute("UPDATE function SET record = ?", (b"{not json",))
    result = subprocess.run(
        [LAMB_BIN, "serve", "--port", "0", "--sandbox", "linux", "--data-dir", server.data_dir],
        capture_output=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode != 0, result.stdout + result.stderr
    assert _cgroups_of(_instance(server.data_dir)) == []


@needs_linux_sandbox
def test_another_instance_removes_what_a_killed_lamb_left(lamb_servers, functions_on):
    import signal

    killed = lamb_servers.start("--sandbox", "linux")
    name = functions_on(killed).create({"app.py": APP})
    assert invoke(killed.client(), name).payload == {"ok": True}
    left = killed.runtime_pids()
    assert left and _cgroups_of(_instance(killed.data_dir))
    killed.stop(signal.SIGKILL)
    # A Lamb with another data directory sees the dead instance's free lock and removes its cgroups and processes.
    other = lamb_servers.start("--sandbox", "linux")
    assert _cgroups_of(_instance(killed.data_dir)) == []
    wait_for(lambda: not [p for p in left if os.path.exists("/proc/%d" % p) and _running(p)], 10,
             what="the killed Lamb's runtimes to go")
    # Live instances are left alone: the other server and this suite's main server keep working.
    assert _cgroups_of(_instance(other.data_dir))
    other_name = functions_on(other).create({"app.py": APP})
    assert invoke(other.client(), other_name).payload == {"ok": True}


def _running(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(") ", 1)[1][0] not in "ZX"
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------------------------
# KMSKeyArn, VpcConfig, FileSystemConfigs, ImageConfig
# ---------------------------------------------------------------------------------------------------------------

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VPC = {"SubnetIds": ["subnet-0123abcd", "subnet-0123456789abcdef0"], "SecurityGroupIds": ["sg-0123abcd"]}
ACCESS_POINT = "arn:aws:elasticfilesystem:us-east-1:123456789012:access-point/fsap-0123456789abcdef0"
FILE_SYSTEMS = [{"Arn": ACCESS_POINT, "LocalMountPath": "/mnt/data"}]


def test_attachments_are_stored_and_shown_back(lam, functions):
    name = functions.create({"app.py": APP}, KMSKeyArn=KEY, VpcConfig=VPC, FileSystemConfigs=FILE_SYSTEMS)
    config = lam.get_function_configuration(FunctionName=name)
    assert config["KMSKeyArn"] == KEY
    assert config["VpcConfig"]["SubnetIds"] == VPC["SubnetIds"]
    assert config["VpcConfig"]["SecurityGroupIds"] == VPC["SecurityGroupIds"]
    assert config["VpcConfig"]["VpcId"].startswith("vpc-")
    assert config["FileSystemConfigs"] == FILE_SYSTEMS
    assert invoke(lam, name).payload == {"ok": True}

    # EFS needs the VPC: taking the function out of it while the file system stays is refused, and changes nothing.
    _refused(lambda: lam.update_function_configuration(
        FunctionName=name, VpcConfig={"SubnetIds": [], "SecurityGroupIds": []}))
    assert lam.get_function_configuration(FunctionName=name)["RevisionId"] == config["RevisionId"]

    lam.update_function_configuration(FunctionName=name, FileSystemConfigs=[], KMSKeyArn="")
    lam.update_function_configuration(FunctionName=name, VpcConfig={"SubnetIds": [], "SecurityGroupIds": []})
    cleared = lam.get_function_configuration(FunctionName=name)
    assert "VpcConfig" not in cleared and "FileSystemConfigs" not in cleared and "KMSKeyArn" not in cleared


BAD_ATTACHMENTS = {
    "kms-not-an-arn": {"KMSKeyArn": "my-key"},
    "kms-other-service": {"KMSKeyArn": "arn:aws:sqs:us-east-1:123456789012:queue"},
    "vpc-subnets-only": {"VpcConfig": {"SubnetIds": ["subnet-0123abcd"]}},
    "vpc-groups-only": {"VpcConfig": {"SecurityGroupIds": ["sg-0123abcd"]}},
    "vpc-bad-subnet": {"VpcConfig": {"SubnetIds": ["my-subnet"], "SecurityGroupIds": ["sg-0123abcd"]}},
    "vpc-17-subnets": {"VpcConfig": {"SubnetIds": ["subnet-0123abcd"] * 17, "SecurityGroupIds": ["sg-0123abcd"]}},
    "vpc-6-groups": {"VpcConfig": {"SubnetIds": ["subnet-0123abcd"], "SecurityGroupIds": ["sg-0123abcd"] * 6}},
    "efs-without-vpc": {"FileSystemConfigs": FILE_SYSTEMS},
    "efs-two": {"VpcConfig": VPC, "FileSystemConfigs": FILE_SYSTEMS * 2},
    "efs-bad-arn": {"VpcConfig": VPC, "FileSystemConfigs": [{"Arn": "fs-1", "LocalMountPath": "/mnt/data"}]},
    "efs-bad-path": {"VpcConfig": VPC, "FileSystemConfigs": [{"Arn": ACCESS_POINT, "LocalMountPath": "/data"}]},
    "efs-no-path": {"VpcConfig": VPC, "FileSystemConfigs": [{"Arn": ACCESS_POINT}]},
    "image-config-on-zip": {"ImageConfig": {"Command": ["app.handler"]}},
}


@pytest.mark.parametrize("case", sorted(BAD_ATTACHMENTS))
def test_bad_attachments_are_refused_and_change_nothing(raw_lam, lamb, functions, case):
    settings = BAD_ATTACHMENTS[case]
    name = unique_name("bad-" + case)
    _refused(lambda: raw_lam.create_function(
        FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
        Code={"ZipFile": make_zip({"app.py": APP})}, **settings))
    _refused(lambda: raw_lam.get_function(FunctionName=name), "ResourceNotFoundException", 404)
    assert _mentions(lamb, name) is None

    existing = functions.create({"app.py": APP})
    before = _configuration(raw_lam, existing)
    _refused(lambda: raw_lam.update_function_configuration(FunctionName=existing, **settings))
    assert _configuration(raw_lam, existing) == before


def _configuration(client, name):
    config = client.get_function_configuration(FunctionName=name)
    config.pop("ResponseMetadata")
    return config


# ---------------------------------------------------------------------------------------------------------------
# Paths no route takes
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/2015-03-31/functions/a/b"),
        ("GET", "/2015-03-31/functions/a/b/configuration"),
        ("PUT", "/2015-03-31/functions/a/b/configuration"),
        ("DELETE", "/2015-03-31/functions/a/b"),
        ("POST", "/2015-03-31/functions/a/b/invocations"),
    ],
)
def test_a_function_name_with_a_slash_gets_lambdas_json_error(lamb, method, path):
    status, headers, body = lamb.request(method, path, body=b"{}" if method in ("PUT", "POST") else None)
    assert status == 400
    assert headers["x-amzn-ErrorType"] == "InvalidParameterValueException"
    error = json.loads(body)
    assert error["Type"] == "User"
    assert "'a/b' at 'functionName'" in error["message"]


def test_a_slash_in_a_name_through_boto3(raw_lam):
    # botocore percent-encodes the '/': the answer is the same.
    message = _refused(lambda: raw_lam.get_function(FunctionName="a/b"))
    assert "'a/b' at 'functionName'" in message


@pytest.mark.parametrize(
    "method,path", [("GET", "/2025-11-30/capacity-providers"), ("PATCH", "/2015-03-31/functions/f"), ("GET", "/nope")])
def test_an_unknown_operation_gets_a_json_error(lamb, method, path):
    status, headers, body = lamb.request(method, path)
    assert status == 404
    assert headers["x-amzn-ErrorType"] == "UnknownOperationException"
    error = json.loads(body)
    assert error["Type"] == "User" and path in error["message"]
