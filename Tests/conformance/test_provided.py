"""The custom-runtime examples of Examples/ through boto3: the shell bootstrap (a curl loop) and the Swift function
built with `swift build` into a `bootstrap` on LambRuntimeClient. Each serves invocations cold and warm, and reports
a function's failure through /runtime/invocation/<id>/error."""

import io
import os
import shutil
import subprocess
import zipfile

import pytest

from conftest import REPO, invoke

EXAMPLES = os.path.join(REPO, "Examples")


def zip_directory_files(paths):
    """A zip of `paths` (name in zip -> file on disk), keeping each file's mode."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for arcname, path in paths.items():
            info = zipfile.ZipInfo(arcname, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = (os.stat(path).st_mode & 0o777) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as f:
                z.writestr(info, f.read())
    return buf.getvalue()


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("runtime", ["provided.al2023", "provided.al2", "provided"])
def test_shell_bootstrap_example(lam, functions, runtime):
    directory = os.path.join(EXAMPLES, "shell-bootstrap")
    code = zip_directory_files({name: os.path.join(directory, name) for name in ("bootstrap", "function.sh")})
    name = functions.create(code, runtime=runtime, handler="function.handler")
    first = invoke(lam, name, {"name": "Lamb"})
    assert first.function_error is None, (first.body, first.log)
    assert first.payload == {"greeting": "hello Lamb", "invocation": 1}
    assert first.cold and "invocation 1, event: " in first.log
    second = invoke(lam, name, {"name": "again"})
    assert second.payload == {"greeting": "hello again", "invocation": 2} and not second.cold
    failed = invoke(lam, name, {})
    assert failed.status == 200 and failed.function_error == "Unhandled"
    assert failed.payload == {"errorType": "Function.Error", "errorMessage": 'the event has no "name"'}
    # a function error keeps the environment: warm, and its state goes on
    third = invoke(lam, name, {"name": "x"})
    assert third.payload["invocation"] == 4 and not third.cold
    # a new configuration means new environments: cold, state from scratch
    lam.update_function_configuration(FunctionName=name, Description="recycled")
    fresh = invoke(lam, name, {"name": "y"})
    assert fresh.cold and fresh.payload["invocation"] == 1


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_shell_bootstrap_missing_handler_file_is_an_init_error(lam, functions):
    bootstrap = os.path.join(EXAMPLES, "shell-bootstrap", "bootstrap")
    name = functions.create(zip_directory_files({"bootstrap": bootstrap}), runtime="provided.al2023", handler="nope.handler")
    result = invoke(lam, name, {"name": "x"})
    assert result.function_error == "Unhandled"
    assert result.payload["errorType"] == "Runtime.ImportModuleError"
    assert "INIT_REPORT" in result.log


@pytest.fixture(scope="module")
def swift_bootstrap():
    """Builds Examples/swift-function once (the first build resolves and compiles its dependencies: minutes)."""
    swift = shutil.which("swift")
    if swift is None:
        pytest.skip("the Swift toolchain is not installed")
    package = os.path.join(EXAMPLES, "swift-function")
    command = [swift, "build", "--package-path", package, "--static-swift-stdlib", "--product", "bootstrap"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        pytest.fail("swift build of Examples/swift-function took over 30 minutes")
    assert done.returncode == 0, "swift build failed:\n%s\n%s" % (done.stdout[-4000:], done.stderr[-4000:])
    path = subprocess.run(command + ["--show-bin-path"], capture_output=True, text=True, timeout=600).stdout.strip()
    return os.path.join(path, "bootstrap")


def test_swift_function_example(lam, functions, swift_bootstrap):
    name = functions.create(
        zip_directory_files({"bootstrap": swift_bootstrap}), runtime="provided.al2023", handler="greeter", MemorySize=256
    )
    first = invoke(lam, name, {"name": "Lamb", "excited": True})
    assert first.function_error is None, (first.body, first.log)
    assert first.payload["message"] == "Hello, Lamb!" and first.payload["invocation"] == 1
    assert first.payload["requestID"] == first.raw["ResponseMetadata"]["RequestId"]
    assert first.cold and "greeting Lamb, invocation 1" in first.log
    second = invoke(lam, name, {"name": "Swift"})
    assert second.payload["message"] == "Hello, Swift." and second.payload["invocation"] == 2 and not second.cold
    failed = invoke(lam, name, {"name": ""})
    assert failed.function_error == "Unhandled"
    assert failed.payload == {"errorType": "GreetingError", "errorMessage": "a greeting needs a name"}
    undecodable = invoke(lam, name, {"nom": "x"})
    assert undecodable.function_error == "Unhandled" and undecodable.payload["errorType"] == "DecodingError"
    assert invoke(lam, name, {"name": "still warm"}).payload["invocation"] == 3  # failures counted nothing


@pytest.mark.parametrize("sandbox", ["default", "process"])
def test_missing_bootstrap_is_an_invalid_entrypoint(lam, functions, lamb_servers, functions_on, sandbox):
    if sandbox == "process":
        server = lamb_servers.start("--sandbox", "process")
        client, functions = server.client(), functions_on(server)
    else:
        client = lam
    name = functions.create({"handler.sh": "echo hi\n"}, runtime="provided.al2023", handler="handler.sh")
    result = invoke(client, name)
    assert result.status == 200 and result.function_error == "Unhandled"
    assert result.payload == {
        "errorType": "Runtime.InvalidEntrypoint",
        "errorMessage": "Couldn't find valid bootstrap(s): [/var/task/bootstrap /opt/bootstrap]",
    }
    assert "Error Type: Runtime.InvalidEntrypoint" in result.log
