"""Container image functions (`PackageType: Image`) without Docker: images the test builds itself as OCI image
layouts (Python's tarfile, hashlib, gzip), created through boto3 from `oci:`, `oci-archive:` and `docker-archive:`
URIs, run in the Linux sandbox with the image as their root.

Two images: a `FROM scratch`-style one whose entry point is a static C `bootstrap` (compiled here with `cc -static`),
and one holding the host's Python interpreter (binary, standard library, the shared libraries `ldd` names) with
`awslambdaric` from PyPI, entry point `python -m awslambdaric`, CMD `app.handler`. Each part skips with the reason
when the host lacks what it needs. Under `--sandbox process` images are refused (a plain process cannot change its
root), so the module skips there.
"""

import gzip
import hashlib
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time

import pytest
from botocore.exceptions import ClientError

from conftest import EXTRA_SERVE_ARGS, LAMB_BIN, ROLE, unique_name
from test_sandbox import MEMORY_HOG

HERE = os.path.dirname(os.path.abspath(__file__))

pytestmark = [
    pytest.mark.skipif(
        "process" in " ".join(EXTRA_SERVE_ARGS), reason="images need the Linux sandbox (a plain process cannot change root)"),
    pytest.mark.skipif(os.geteuid() != 0 and not os.environ.get("LAMB_TEST_SERVE_USER"),
                       reason="the Linux sandbox needs root (or a rootless set-up)"),
]


# ---------------------------------------------------------------------------------------------------------------
# Building images
# ---------------------------------------------------------------------------------------------------------------


def _sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def layer_tar(entries):
    """A layer's uncompressed tar from {path: bytes | ("symlink", target) | ("dir",) | (bytes, mode)}."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, value in sorted(entries.items()):
            info = tarfile.TarInfo(path)
            info.mtime = 1700000000
            if isinstance(value, tuple) and value[0] == "symlink":
                info.type = tarfile.SYMTYPE
                info.linkname = value[1]
                tar.addfile(info)
            elif isinstance(value, tuple) and value[0] == "dir":
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                data, mode = value if isinstance(value, tuple) else (value, 0o644)
                info.size = len(data)
                info.mode = mode
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def layer_from_files(files):
    """A layer's tar of host files: {path inside: host path}, symlinks kept as symlinks. Everything is made
    readable by all (the host's /root is 0700: the function's user could not reach an interpreter under it)."""

    def readable(info):
        info.mode |= 0o555 if info.isdir() else 0o444
        return info

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for inside, host in sorted(files.items()):
            tar.add(host, arcname=inside.lstrip("/"), recursive=False, filter=readable)
    return buffer.getvalue()


def image_config(entrypoint=None, cmd=None, env=None, workdir=None):
    config = {"Env": env or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}
    if entrypoint is not None:
        config["Entrypoint"] = entrypoint
    if cmd is not None:
        config["Cmd"] = cmd
    if workdir is not None:
        config["WorkingDir"] = workdir
    return config


def write_layout(directory, layers, config, tag="latest"):
    """An OCI image layout: gzip-compressed layers, the config, a manifest, index.json naming it `tag`."""
    blobs = os.path.join(directory, "blobs", "sha256")
    os.makedirs(blobs, exist_ok=True)

    def put(data):
        digest = _sha(data)
        with open(os.path.join(blobs, digest.split(":")[1]), "wb") as f:
            f.write(data)
        return digest

    layer_descriptors, diff_ids = [], []
    for tar in layers:
        compressed = gzip.compress(tar, mtime=0)
        diff_ids.append(_sha(tar))
        layer_descriptors.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                  "digest": put(compressed), "size": len(compressed)})
    config_blob = json.dumps({"architecture": "amd64", "os": "linux", "config": config,
                              "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": put(config_blob), "size": len(config_blob)},
                           "layers": layer_descriptors}).encode()
    manifest_digest = put(manifest)
    with open(os.path.join(directory, "oci-layout"), "w") as f:
        json.dump({"imageLayoutVersion": "1.0.0"}, f)
    with open(os.path.join(directory, "index.json"), "w") as f:
        json.dump({"schemaVersion": 2, "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": manifest_digest,
             "size": len(manifest), "annotations": {"org.opencontainers.image.ref.name": tag}}]}, f)
    return manifest_digest


def tar_directory(directory, path):
    with tarfile.open(path, "w") as tar:
        for name in sorted(os.listdir(directory)):
            tar.add(os.path.join(directory, name), arcname=name)
    return path


def write_docker_archive(path, layers, config, repo_tag):
    """What `docker save` writes: manifest.json naming the config and the (uncompressed) layer files."""
    with tarfile.open(path, "w") as tar:
        def add(name, data):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        names = []
        for index, layer in enumerate(layers):
            name = "layer%d/layer.tar" % index
            add(name, layer)
            names.append(name)
        config_blob = json.dumps({"architecture": "amd64", "os": "linux", "config": config,
                                  "rootfs": {"type": "layers", "diff_ids": [_sha(l) for l in layers]}}).encode()
        config_name = hashlib.sha256(config_blob).hexdigest() + ".json"
        add(config_name, config_blob)
        add("manifest.json", json.dumps([{"Config": config_name, "RepoTags": [repo_tag], "Layers": names}]).encode())
    return path


@pytest.fixture(scope="module")
def workdir():
    path = tempfile.mkdtemp(prefix="lamb-images-")
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def bootstrap_binary(workdir):
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build the scratch image's static bootstrap")
    out = os.path.join(workdir, "bootstrap")
    result = subprocess.run([compiler, "-static", "-O1", "-o", out, os.path.join(HERE, "images", "bootstrap.c")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("cc -static failed (no libc.a?): %s" % result.stderr.strip()[-300:])
    with open(out, "rb") as f:
        return f.read()


def scratch_layers(binary):
    """A FROM-scratch image: the bootstrap in one layer, a file and a whiteout of it in another (the whiteout must
    hide it), and the task root."""
    base = layer_tar({"bootstrap": (binary, 0o755), "var/": ("dir",), "var/task/": ("dir",),
                      "var/task/hidden.txt": b"lower layer\n", "var/task/app.txt": b"hello\n"})
    upper = layer_tar({"var/task/.wh.hidden.txt": b""})
    return [base, upper]


SCRATCH_CONFIG = image_config(entrypoint=["/bootstrap"], cmd=["handler.from.cmd"], workdir="/var/task")


@pytest.fixture(scope="module")
def scratch_layout(workdir, bootstrap_binary):
    directory = os.path.join(workdir, "scratch-layout")
    write_layout(directory, scratch_layers(bootstrap_binary), SCRATCH_CONFIG, tag="v1")
    return directory


def create_image_function(client, uri, name=None, **settings):
    name = name or unique_name("img")
    client.create_function(FunctionName=name, Role=ROLE, PackageType="Image", Code={"ImageUri": uri}, **settings)
    return name


def invoke(client, name, payload=None):
    response = client.invoke(FunctionName=name, Payload=json.dumps(payload or {}).encode())
    body = json.loads(response["Payload"].read() or b"null")
    return response, body


@pytest.fixture
def image_functions(lam):
    names = []
    yield names
    for name in names:
        try:
            lam.delete_function(FunctionName=name)
        except ClientError:
            pass


# ---------------------------------------------------------------------------------------------------------------
# The scratch image
# ---------------------------------------------------------------------------------------------------------------


def test_scratch_image_cold_warm_and_isolated(lam, scratch_layout, image_functions):
    marker = "lamb-image-marker-" + unique_name("m")
    name = create_image_function(
        lam, "oci:%s:v1" % scratch_layout,
        Environment={"Variables": {"PROBE_PATH": HERE, "MARKER": marker}})
    image_functions.append(name)
    cold, first = invoke(lam, name)
    assert "FunctionError" not in cold, first
    warm, second = invoke(lam, name)
    assert "FunctionError" not in warm, second
    # Cold then warm: one process, its state kept.
    assert (first["count"], second["count"]) == (1, 2)
    assert first["pid"] == second["pid"]
    # ENTRYPOINT + CMD, WORKDIR; _HANDLER is blank for images, as Lambda sets it.
    assert first["argc"] == 2 and first["arg1"] == "handler.from.cmd"
    assert first["cwd"] == "/var/task"
    assert first["handler"] == ""
    assert first["task_root"] == "/var/task"
    # Isolated as zip functions are: the host's files are not there, /tmp is the environment's own, no root.
    assert first["probe_visible"] is False
    assert (first["marker_before"], second["marker_before"]) == (False, True)
    assert not os.path.exists("/tmp/" + marker)
    assert first["uid"] != 0


def test_image_config_overrides(lam, scratch_layout, image_functions):
    name = create_image_function(
        lam, "oci:%s:v1" % scratch_layout,
        ImageConfig={"Command": ["override.handler"], "WorkingDirectory": "/var"})
    image_functions.append(name)
    _, body = invoke(lam, name)
    assert body["arg1"] == "override.handler"
    assert body["cwd"] == "/var"
    configuration = lam.get_function_configuration(FunctionName=name)
    assert configuration["ImageConfigResponse"]["ImageConfig"] == {
        "Command": ["override.handler"], "WorkingDirectory": "/var"}
    # UpdateFunctionConfiguration changes them; the next environment runs with the new ones.
    lam.update_function_configuration(FunctionName=name, ImageConfig={"EntryPoint": ["/bootstrap", "first"]})
    _, body = invoke(lam, name)
    assert body["argc"] == 3 and body["arg1"] == "first"


def test_missing_entrypoint_is_invalid_entrypoint(lam, workdir, bootstrap_binary, image_functions):
    directory = os.path.join(workdir, "no-entrypoint")
    write_layout(directory, scratch_layers(bootstrap_binary), image_config(entrypoint=["/does-not-exist"]))
    name = create_image_function(lam, "oci:" + directory)
    image_functions.append(name)
    response, body = invoke(lam, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.InvalidEntrypoint"
    assert "/does-not-exist" in body["errorMessage"]
    # A working directory the image lacks is Runtime.InvalidWorkingDir.
    lam.update_function_configuration(
        FunctionName=name, ImageConfig={"EntryPoint": ["/bootstrap"], "WorkingDirectory": "/nowhere"})
    response, body = invoke(lam, name)
    assert body["errorType"] == "Runtime.InvalidWorkingDir"
    # An entry point the function's user may not execute is Runtime.InvalidEntrypoint too. (Rootless, the image's
    # files are the serving user's, who is the function's user inside: an owner-only entry point runs.)
    if os.environ.get("LAMB_TEST_SERVE_USER"):
        return
    unexecutable = os.path.join(workdir, "unexecutable")
    write_layout(unexecutable, [layer_tar({"bootstrap": (bootstrap_binary, 0o700)})], image_config(entrypoint=["/bootstrap"]))
    lam.update_function_configuration(FunctionName=name, ImageConfig={})
    lam.update_function_code(FunctionName=name, ImageUri="oci:" + unexecutable)
    response, body = invoke(lam, name)
    assert body["errorType"] == "Runtime.InvalidEntrypoint", body
    assert body["errorMessage"].endswith("fork/exec /bootstrap: permission denied")


def test_archives_and_get_function(lam, workdir, bootstrap_binary, scratch_layout, image_functions):
    oci_archive = tar_directory(scratch_layout, os.path.join(workdir, "scratch-oci.tar"))
    docker_archive = write_docker_archive(
        os.path.join(workdir, "scratch-docker.tar"), scratch_layers(bootstrap_binary), SCRATCH_CONFIG, "scratch:v1")
    for uri in ["oci-archive:%s:v1" % oci_archive, "docker-archive:" + docker_archive]:
        name = create_image_function(lam, uri)
        image_functions.append(name)
        response, body = invoke(lam, name)
        assert "FunctionError" not in response, body
        assert body["count"] == 1
        got = lam.get_function(FunctionName=name)
        assert got["Code"]["RepositoryType"] == "ECR"
        assert got["Code"]["ImageUri"] == uri
        resolved = got["Code"]["ResolvedImageUri"]
        assert "@sha256:" in resolved and len(resolved.split("@sha256:")[1]) == 64
        configuration = got["Configuration"]
        assert configuration["PackageType"] == "Image"
        assert "Runtime" not in configuration and "Handler" not in configuration
        assert configuration["CodeSha256"] == resolved.split("@sha256:")[1]


def test_whiteout_hides_the_lower_layer(lam, workdir, bootstrap_binary, image_functions):
    # The bootstrap checks PROBE_PATH inside its own root: the whited-out file must be gone, its sibling there.
    directory = os.path.join(workdir, "whiteout")
    write_layout(directory, scratch_layers(bootstrap_binary), SCRATCH_CONFIG)
    hidden = create_image_function(
        lam, "oci:" + directory, Environment={"Variables": {"PROBE_PATH": "/var/task/hidden.txt"}})
    image_functions.append(hidden)
    kept = create_image_function(
        lam, "oci:" + directory, Environment={"Variables": {"PROBE_PATH": "/var/task/app.txt"}})
    image_functions.append(kept)
    assert invoke(lam, hidden)[1]["probe_visible"] is False
    assert invoke(lam, kept)[1]["probe_visible"] is True


def test_image_refusals(lam, scratch_layout):
    def error(**request):
        with pytest.raises(ClientError) as raised:
            lam.create_function(FunctionName=unique_name("bad"), Role=ROLE, **request)
        return raised.value.response["Error"]

    uri = "oci:%s:v1" % scratch_layout
    refused = error(PackageType="Image", Code={"ImageUri": uri}, Runtime="python3.12")
    assert refused["Code"] == "InvalidParameterValueException"
    assert refused["Message"] == \
        "Please don't provide Handler or Runtime or Layer when the intended function PackageType is Image."
    assert error(PackageType="Image", Code={"ImageUri": uri}, Handler="app.handler")["Code"] == \
        "InvalidParameterValueException"
    assert "ZipFile" in error(PackageType="Image", Code={"ZipFile": b"PK"})["Message"]
    assert "ImageUri" in error(PackageType="Image", Code={})["Message"]
    missing = error(PackageType="Image", Code={"ImageUri": "oci:/nonexistent/layout"})
    assert missing["Code"] == "InvalidParameterValueException"
    assert "Source image oci:/nonexistent/layout" in missing["Message"]
    assert error(PackageType="Image", Code={"ImageUri": "Not A Reference"})["Code"] == "InvalidParameterValueException"
    assert error(PackageType="Container", Code={"ImageUri": uri})["Code"] == "InvalidParameterValueException"


def test_update_function_code_with_image(lam, workdir, bootstrap_binary, scratch_layout, image_functions):
    name = create_image_function(lam, "oci:%s:v1" % scratch_layout)
    image_functions.append(name)
    assert invoke(lam, name)[1]["arg1"] == "handler.from.cmd"
    second = os.path.join(workdir, "scratch-v2")
    write_layout(second, scratch_layers(bootstrap_binary), image_config(entrypoint=["/bootstrap"], cmd=["v2.handler"]))
    version = lam.publish_version(FunctionName=name)["Version"]
    updated = lam.update_function_code(FunctionName=name, ImageUri="oci:" + second)
    assert updated["PackageType"] == "Image"
    assert invoke(lam, name)[1]["arg1"] == "v2.handler"
    # The published version keeps the image it was published with.
    response = lam.invoke(FunctionName=name, Qualifier=version, Payload=b"{}")
    assert json.loads(response["Payload"].read())["arg1"] == "handler.from.cmd"
    listed = [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == name]
    assert listed[0]["PackageType"] == "Image"
    with pytest.raises(ClientError) as raised:
        lam.update_function_code(FunctionName=name, ZipFile=b"PK\x05\x06" + b"\0" * 18)
    assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_survives_restart_and_images_list_and_prune(lamb_servers, scratch_layout):
    server = lamb_servers.start(name="images")
    client = server.client()
    name = create_image_function(client, "oci:%s:v1" % scratch_layout)
    assert invoke(client, name)[1]["count"] == 1
    server.restart()
    client = server.client()
    assert client.get_function(FunctionName=name)["Configuration"]["PackageType"] == "Image"
    assert invoke(client, name)[1]["count"] == 1

    def lamb(*args):
        result = subprocess.run([LAMB_BIN] + list(args) + ["--endpoint", server.endpoint],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    # The CLI creates and updates image functions too.
    made = json.loads(lamb("function", "create", "cli-" + name, "--image-uri", "oci:%s:v1" % scratch_layout,
                           "--image-command", "cli.handler"))
    assert made["PackageType"] == "Image"
    assert invoke(client, "cli-" + name)[1]["arg1"] == "cli.handler"
    lamb("function", "update-code", "cli-" + name, "--image-uri", "oci:%s:v1" % scratch_layout)
    client.delete_function(FunctionName="cli-" + name)
    listed = json.loads(lamb("images", "--output", "json"))["images"]
    assert len(listed) == 1
    assert listed[0]["functions"] == [name]
    assert listed[0]["references"] == ["oci:%s:v1" % scratch_layout]
    assert "oci:%s:v1" % scratch_layout in lamb("images")
    assert "removed 0 images" in lamb("images", "prune")
    client.delete_function(FunctionName=name)
    assert "removed 1 image" in lamb("images", "prune")
    assert json.loads(lamb("images", "--output", "json"))["images"] == []
    assert os.listdir(os.path.join(server.data_dir, "images")) in ([], [".partial"])


def test_plain_processes_refuse_images(lamb_servers, scratch_layout):
    # Created fine (the API does not depend on the sandbox), refused when an environment would start.
    server = lamb_servers.start("--sandbox", "process", name="process-images")
    client = server.client()
    name = create_image_function(client, "oci:%s:v1" % scratch_layout)
    with pytest.raises(ClientError) as raised:
        invoke(client, name)
    error = raised.value.response["Error"]
    assert error["Code"] == "InvalidRuntimeException"
    assert "--sandbox process" in error["Message"]


def test_extensions_inside_an_image(lamb, lam, workdir, bootstrap_binary, image_functions):
    # The same static program, as /opt/extensions/probe, is an extension: the jail starts it (a scratch image has no
    # shell), init waits for its registration, it gets INVOKE, and SHUTDOWN at the end.
    directory = os.path.join(workdir, "with-extension")
    extension = layer_tar({"opt/": ("dir",), "opt/extensions/": ("dir",),
                           "opt/extensions/probe": (bootstrap_binary, 0o755)})
    write_layout(directory, scratch_layers(bootstrap_binary) + [extension], SCRATCH_CONFIG)
    name = create_image_function(lam, "oci:" + directory)
    image_functions.append(name)
    response, first = invoke(lam, name)
    assert "FunctionError" not in response, first
    _, second = invoke(lam, name)
    # The extension saw the first invocation before it asked for the next event, which the second one waited for.
    assert second["extension_saw_invoke"] is True, second
    assert second["pid"] == first["pid"]
    assert "LAMB-EXTENSION-EXIT" not in lamb.function_log(name)


@pytest.mark.skipif(os.geteuid() != 0 or bool(os.environ.get("LAMB_TEST_SERVE_USER")),
                    reason="--network isolated makes network namespaces: needs root")
def test_images_run_with_an_isolated_network(lamb_servers, scratch_layout):
    server = lamb_servers.start("--network", "isolated", name="images-netns")
    client = server.client()
    name = create_image_function(client, "oci:%s:v1" % scratch_layout)
    response, body = invoke(client, name)
    assert "FunctionError" not in response, body
    assert body["count"] == 1


def test_a_sam_template_serves_an_image_function(lamb_servers, workdir, scratch_layout):
    project = tempfile.mkdtemp(prefix="sam-image-", dir=workdir)
    os.chmod(project, 0o755)
    shutil.copytree(scratch_layout, os.path.join(project, "image"))
    with open(os.path.join(project, "template.yaml"), "w") as f:
        f.write("""Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
Resources:
  ImageFunction:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: oci:image:v1
      ImageConfig:
        Command: [from.template]
""")
    server = lamb_servers.start("--no-watch", cwd=project, name="sam-image")
    client = server.client()
    configuration = client.get_function_configuration(FunctionName="ImageFunction")
    assert configuration["PackageType"] == "Image"
    assert configuration["Timeout"] == 10
    _, body = invoke(client, "ImageFunction")
    assert body["arg1"] == "from.template"
    assert "ImageFunction" in server.log()


# ---------------------------------------------------------------------------------------------------------------
# An image with the host's Python and awslambdaric
# ---------------------------------------------------------------------------------------------------------------

PYTHON_APP = b'''
import os, sys

COUNT = 0

def handler(event, context):
    global COUNT
    COUNT += 1
    return {
        "count": COUNT,
        "pid": os.getpid(),
        "event": event,
        "function": context.function_name,
        "handler": os.environ.get("_HANDLER"),
        "cwd": os.getcwd(),
        "python": sys.executable,
        "probe_visible": os.path.exists(os.environ.get("PROBE_PATH", "/nonexistent")),
        "root": sorted(os.listdir("/")),
    }

'''


_host_python_files_cache = []


def _host_python_files(extra_directory):
    """The interpreter, its standard library and the shared libraries it (and the extension modules in
    `extra_directory`) need, as {path: host path}."""
    executable = os.path.realpath(sys.executable)
    stdlib = os.path.dirname(os.__file__)
    files = {executable: executable}
    skip = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "site-packages", "__pycache__", "lib2to3"}
    for root, dirs, names in os.walk(stdlib):
        dirs[:] = [d for d in dirs if d not in skip]
        files[root] = root
        for name in names:
            files[os.path.join(root, name)] = os.path.join(root, name)
    targets = [executable] + [p for p in files if ".so" in os.path.basename(p)]
    for root, _, names in os.walk(extra_directory):
        targets += [os.path.join(root, n) for n in names if ".so" in n]
    files.update(shared_libraries(targets))
    return files


def shared_libraries(binaries):
    """{path: host path} of the shared libraries `ldd` names for `binaries`, with the files their links point to
    (libfoo.so.1 -> libfoo.so.1.2.3)."""
    files = {}
    for binary in binaries:
        output = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        for part in output.split():
            if part.startswith("/") and os.path.exists(part):
                files[part] = part
                files[os.path.realpath(part)] = os.path.realpath(part)
    return files


@pytest.fixture(scope="module")
def python_image(workdir):
    """The Python image's layers (uncompressed tars) and configuration."""
    if shutil.which("ldd") is None:
        pytest.skip("ldd is needed to find the interpreter's libraries")
    packages = os.path.join(workdir, "ric")
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--target", packages, "awslambdaric"],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        pytest.skip("pip install awslambdaric failed: %s" % result.stderr.strip()[-300:])
    files = _host_python_files(packages)
    _host_python_files_cache.extend(files)
    # Parent directories, so that the image has them with ordinary modes.
    for path in list(files):
        parent = os.path.dirname(path)
        while parent not in ("/", ""):
            files.setdefault(parent, parent)
            parent = os.path.dirname(parent)
    system = layer_from_files(files)
    app = {"var/": ("dir",), "var/task/": ("dir",), "var/task/app.py": PYTHON_APP,
           "var/task/hog.py": MEMORY_HOG.encode(),
           "usr/": ("dir",), "usr/local/": ("dir",), "usr/local/bin/": ("dir",),
           "usr/local/bin/python": ("symlink", os.path.realpath(sys.executable))}
    for root, dirs, names in os.walk(packages):
        relative = os.path.relpath(root, packages)
        inside = "var/task" if relative == "." else "var/task/" + relative
        app[inside + "/"] = ("dir",)
        for name in names:
            with open(os.path.join(root, name), "rb") as f:
                mode = os.stat(os.path.join(root, name)).st_mode & 0o777
                app[inside + "/" + name] = (f.read(), mode)
    config = image_config(entrypoint=["python", "-m", "awslambdaric"], cmd=["app.handler"], workdir="/var/task",
                          env=["PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"])
    return [system, layer_tar(app)], config


@pytest.fixture(scope="module")
def python_layout(workdir, python_image):
    layers, config = python_image
    directory = os.path.join(workdir, "python-layout")
    write_layout(directory, layers, config)
    return directory


def test_python_image_with_awslambdaric(lamb, lam, workdir, python_layout, image_functions):
    archive = tar_directory(python_layout, os.path.join(workdir, "python-oci.tar"))
    name = create_image_function(
        lam, "oci-archive:" + archive, MemorySize=512, Timeout=60,
        Environment={"Variables": {"PROBE_PATH": HERE}})
    image_functions.append(name)
    cold, first = invoke(lam, name, {"n": 1})
    assert "FunctionError" not in cold, lamb.function_log(name)[-3000:]
    warm, second = invoke(lam, name, {"n": 2})
    assert "FunctionError" not in warm, second
    assert (first["count"], second["count"]) == (1, 2)
    assert first["pid"] == second["pid"]
    assert second["event"] == {"n": 2}
    assert first["function"] == name
    assert first["handler"] == ""
    assert first["cwd"] == "/var/task"
    assert first["probe_visible"] is False
    # The root is the image's (which holds the interpreter's own path, under /root for a pyenv Python): none of
    # the host's other top-level directories.
    image_top = {path.strip("/").split("/")[0] for path in _host_python_files_cache} | {"var", "usr"}
    assert set(first["root"]) <= image_top | {"dev", "proc", "tmp", "etc"}, first["root"]
    # The environment's memory is capped by MemorySize as a .zip function's is (where the sandbox has cgroups).
    if not os.environ.get("LAMB_TEST_SERVE_USER"):
        lam.update_function_configuration(FunctionName=name, MemorySize=128, ImageConfig={"Command": ["hog.handler"]})
        response, body = invoke(lam, name, {"mb": 256})
        assert response["FunctionError"] == "Unhandled"
        assert body["errorType"] == "Runtime.OutOfMemory", body
    # A handler that does not exist is awslambdaric's own error, through the image's runtime client.
    lam.update_function_configuration(FunctionName=name, ImageConfig={"Command": ["app.missing"]})
    response, body = invoke(lam, name)
    assert response["FunctionError"] == "Unhandled"
    assert body["errorType"] == "Runtime.HandlerNotFound"


# ---------------------------------------------------------------------------------------------------------------
# Registries and --image-dir
# ---------------------------------------------------------------------------------------------------------------


def _layout_blobs(layout):
    """{digest: bytes} of an OCI layout, and its (manifest digest, manifest bytes)."""
    blobs = {}
    directory = os.path.join(layout, "blobs", "sha256")
    for name in os.listdir(directory):
        with open(os.path.join(directory, name), "rb") as f:
            blobs["sha256:" + name] = f.read()
    with open(os.path.join(layout, "index.json")) as f:
        digest = json.load(f)["manifests"][0]["digest"]
    return blobs, digest


def _http(method, url, body=None, headers=None):
    import urllib.error
    import urllib.request
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def push_layout(registry, repository, tag, layout, platforms=("amd64",)):
    """Pushes an OCI layout's image with the distribution API (monolithic uploads), under `tag` as an index of one
    manifest per platform (the same image, told apart by an annotation)."""
    blobs, manifest_digest = _layout_blobs(layout)
    manifest = json.loads(blobs[manifest_digest])
    for digest in [manifest["config"]["digest"]] + [layer["digest"] for layer in manifest["layers"]]:
        status, headers, _ = _http("POST", "%s/v2/%s/blobs/uploads/" % (registry, repository))
        assert status == 202, status
        location = headers["Location"]
        if location.startswith("/"):
            location = registry + location
        separator = "&" if "?" in location else "?"
        status, _, body = _http("PUT", location + separator + "digest=" + digest, blobs[digest],
                                {"Content-Type": "application/octet-stream"})
        assert status == 201, (status, body)
    entries = []
    for architecture in platforms:
        variant = dict(manifest, annotations={"lamb.test.platform": architecture})
        data = json.dumps(variant).encode()
        digest = _sha(data)
        status, _, body = _http("PUT", "%s/v2/%s/manifests/%s" % (registry, repository, digest), data,
                                {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
        assert status == 201, (status, body)
        entries.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest,
                        "size": len(data), "platform": {"architecture": architecture, "os": "linux"}})
    index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                        "manifests": entries}).encode()
    status, _, body = _http("PUT", "%s/v2/%s/manifests/%s" % (registry, repository, tag), index,
                            {"Content-Type": "application/vnd.oci.image.index.v1+json"})
    assert status == 201, (status, body)
    return {e["platform"]["architecture"]: e["digest"] for e in entries}


def _free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def docker_registry(tmp_path):
    binary = shutil.which("docker-registry")
    if binary is None:
        pytest.skip("Debian's docker-registry is not installed (scripts/test installs it as root)")
    port = _free_port()
    config = tmp_path / "registry.yml"
    config.write_text(
        "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n"
        "http:\n  addr: 127.0.0.1:%d\nlog:\n  level: error\n" % (tmp_path / "storage", port))
    process = subprocess.Popen([binary, "serve", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if _http("GET", url + "/v2/")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("docker-registry did not start")
    yield url
    process.terminate()
    process.wait(10)


def test_pull_from_a_registry(lam, docker_registry, scratch_layout, image_functions):
    digests = push_layout(docker_registry, "team/scratch", "multi", scratch_layout, platforms=("arm64", "amd64"))
    host = docker_registry.split("//")[1]
    uri = "%s/team/scratch:multi" % host
    name = create_image_function(lam, uri)
    image_functions.append(name)
    response, body = invoke(lam, name)
    assert "FunctionError" not in response, body
    assert body["arg1"] == "handler.from.cmd"
    code = lam.get_function(FunctionName=name)["Code"]
    # The index is resolved to this machine's manifest, and the function pinned to it.
    assert code["ResolvedImageUri"] == "%s/team/scratch@%s" % (host, digests["amd64"])
    missing = "%s/team/scratch:nope" % host
    with pytest.raises(ClientError) as raised:
        create_image_function(lam, missing)
    assert "Source image %s does not exist" % missing in raised.value.response["Error"]["Message"]


class _TokenRegistry(object):
    """A registry that wants a Bearer token from its token service, which wants Basic credentials, and that sends
    blobs from another host by redirect (where the registry's token must not be sent), as registries backed by
    object storage do."""

    USER, PASSWORD, TOKEN = "lamb", "s3cret", "token-123"

    def __init__(self, layout, repository):
        import http.server
        import threading
        import base64
        self.blobs, manifest_digest = _layout_blobs(layout)
        self.manifest = self.blobs[manifest_digest]
        self.repository = repository
        self.leaked = []
        registry = self
        expected_basic = "Basic " + base64.b64encode(("%s:%s" % (self.USER, self.PASSWORD)).encode()).decode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send(self, status, body=b"", headers=()):
                self.send_response(status)
                for key, value in headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                auth = self.headers.get("Authorization")
                if self.path.startswith("/token"):
                    if auth != expected_basic:
                        return self.send(401)
                    return self.send(200, json.dumps({"token": registry.TOKEN}).encode())
                if self.path.startswith("/storage/"):
                    if auth is not None:
                        registry.leaked.append(self.path)
                        return self.send(400, b"Authorization sent to storage")
                    return self.send(200, registry.blobs[self.path.split("/")[-1]])
                if auth != "Bearer " + registry.TOKEN:
                    challenge = 'Bearer realm="http://127.0.0.1:%d/token",service="fake",scope="repository:%s:pull"' % (
                        registry.port, registry.repository)
                    return self.send(401, b"{}", [("WWW-Authenticate", challenge)])
                prefix = "/v2/%s/" % registry.repository
                if self.path == prefix + "manifests/v1":
                    return self.send(200, registry.manifest,
                                     [("Content-Type", "application/vnd.oci.image.manifest.v1+json")])
                if self.path.startswith(prefix + "blobs/"):
                    # Another host name for the same server: storage elsewhere, as S3 or a CDN is.
                    location = "http://localhost:%d/storage/%s" % (registry.port, self.path.split("/")[-1])
                    return self.send(307, b"", [("Location", location)])
                return self.send(404)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def test_pull_with_a_token_and_docker_credentials(lamb_servers, scratch_layout, workdir):
    registry = _TokenRegistry(scratch_layout, "private/fn")
    try:
        # Under the module's directory, which a rootless `lamb serve` can read (pytest's tmp_path is root's only).
        docker_config = pathlib.Path(tempfile.mkdtemp(prefix="docker-", dir=workdir))
        import base64
        auth = base64.b64encode(("%s:%s" % (registry.USER, registry.PASSWORD)).encode()).decode()
        (docker_config / "config.json").write_text(
            json.dumps({"auths": {"127.0.0.1:%d" % registry.port: {"auth": auth}}}))
        os.chmod(docker_config, 0o755)
        os.chmod(docker_config / "config.json", 0o644)
        server = lamb_servers.start(name="token-registry", env={"DOCKER_CONFIG": str(docker_config)})
        client = server.client()
        name = create_image_function(client, "127.0.0.1:%d/private/fn:v1" % registry.port)
        response, body = invoke(client, name)
        assert "FunctionError" not in response, body
        assert registry.leaked == []
    finally:
        registry.close()


def test_pull_with_a_docker_credential_helper(lamb_servers, scratch_layout, workdir):
    registry = _TokenRegistry(scratch_layout, "private/fn")
    try:
        home = tempfile.mkdtemp(prefix="helper-", dir=workdir)
        os.chmod(home, 0o755)
        helper = os.path.join(home, "docker-credential-lambtest")
        with open(helper, "w") as f:
            f.write('#!/bin/sh\nread host\necho \'{"ServerURL":"\'"$host"\'","Username":"%s","Secret":"%s"}\'\n'
                    % (registry.USER, registry.PASSWORD))
        os.chmod(helper, 0o755)
        with open(os.path.join(home, "config.json"), "w") as f:
            json.dump({"credHelpers": {"127.0.0.1:%d" % registry.port: "lambtest"}}, f)
        os.chmod(os.path.join(home, "config.json"), 0o644)
        server = lamb_servers.start(name="helper-registry", env={
            "DOCKER_CONFIG": home, "PATH": home + os.pathsep + os.environ.get("PATH", "")})
        client = server.client()
        name = create_image_function(client, "127.0.0.1:%d/private/fn:v1" % registry.port)
        response, body = invoke(client, name)
        assert "FunctionError" not in response, body
    finally:
        registry.close()


def test_image_dir_finds_ecr_names_locally(lamb_servers, workdir, bootstrap_binary, scratch_layout):
    images = pathlib.Path(tempfile.mkdtemp(prefix="image-dir-", dir=workdir))
    shutil.copytree(scratch_layout, images / "my-fn" / "v1")
    write_docker_archive(str(images / "my-fn" / "v2.tar"), scratch_layers(bootstrap_binary),
                         image_config(entrypoint=["/bootstrap"], cmd=["from.archive"]), "my-fn:v2")
    os.chmod(images, 0o755)
    server = lamb_servers.start("--image-dir", str(images), name="image-dir")
    client = server.client()
    ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-fn"
    first = create_image_function(client, ecr + ":v1")
    assert invoke(client, first)[1]["arg1"] == "handler.from.cmd"
    second = create_image_function(client, ecr + ":v2")
    assert invoke(client, second)[1]["arg1"] == "from.archive"
    assert client.get_function(FunctionName=first)["Code"]["ResolvedImageUri"].startswith(ecr + "@sha256:")


# Shaped like the entry point of AWS's base images (Lamb's own wording): the handler is the only argument, it goes
# to _HANDLER, and the image's own runtime client in /var/runtime takes over.
BASE_IMAGE_ENTRYPOINT = b"""#!/bin/sh
if [ $# -ne 1 ]; then
    echo "the entry point takes the handler as its only argument" >&2
    exit 142
fi
export _HANDLER="$1"
if [ -z "$AWS_LAMBDA_RUNTIME_API" ]; then
    echo "no Runtime API: this image runs on Lambda (or Lamb)" >&2
    exit 1
fi
exec /var/runtime/bootstrap
"""

BASE_IMAGE_BOOTSTRAP = b"""#!/bin/sh
exec python -m awslambdaric "$_HANDLER"
"""


def test_an_image_shaped_like_aws_base_images(lam, workdir, python_image, image_functions):
    shell = shutil.which("sh")
    if shell is None:
        pytest.skip("no /bin/sh to put in the image")
    layers, config = python_image
    real_shell = os.path.realpath(shell)
    shell_files = dict(shared_libraries([real_shell]), **{real_shell: real_shell})
    entry = layer_tar({"lambda-entrypoint.sh": (BASE_IMAGE_ENTRYPOINT, 0o755), "var/": ("dir",),
                       "var/runtime/": ("dir",), "var/runtime/bootstrap": (BASE_IMAGE_BOOTSTRAP, 0o755)})
    shell_layer = layer_from_files(shell_files)
    link_layer = layer_tar({"bin/": ("dir",), "bin/sh": ("symlink", real_shell)})
    base_config = dict(config, Entrypoint=["/lambda-entrypoint.sh"], Cmd=["app.handler"])
    archive = write_docker_archive(os.path.join(workdir, "base-shaped.tar"), layers + [shell_layer, link_layer, entry],
                                   base_config, "base-shaped:latest")
    name = create_image_function(lam, "docker-archive:%s:base-shaped:latest" % archive, MemorySize=512, Timeout=60)
    image_functions.append(name)
    response, body = invoke(lam, name, {"from": "base"})
    assert "FunctionError" not in response, body
    assert body["event"] == {"from": "base"}
    # The entry point set it from its argument, as AWS's do.
    assert body["handler"] == "app.handler"
