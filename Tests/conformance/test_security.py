"""Hostile functions and careless clients (issue 17): an environment reaches only its own Runtime API, calls from
environments to the Lambda API must be signed with the credentials Lamb issued and may only invoke, `--auth sigv4`
verifies every request as AWS does (boto3, the AWS CLI and `lamb` sign; wrong keys fail with AWS's errors), and
listening beyond loopback needs authentication.

Telling environments apart needs each to run as a uid of its own: the Linux sandbox, or plain processes started by
root. Tests of that skip without root. `--network isolated` (no host ports or services visible or reachable from a
function) is tested in test_network.py.
"""

import datetime
import json
import os
import socket
import subprocess
import threading

import boto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from conftest import LAMB_BIN, REGION, error_code, invoke

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="environments run as uids of their own only under root")

# Probes from inside a function. `port`: another environment's Runtime API, asked for its next event. `service`: a
# TCP service of the host. Then the Lambda API, unsigned and with the credentials Lamb gave the function.
PROBE = r"""
import json, os, socket, urllib.request, urllib.error
import boto3
from botocore.config import Config

def _probe_runtime_api(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(4096)
        return "answered: " + data.decode("latin-1")[:200] if data else "closed"
    except ConnectionResetError:
        return "closed"
    except socket.timeout:
        return "held open"
    finally:
        s.close()

def handler(event, context):
    out = {"uid": os.getuid(), "endpoint": os.environ.get("AWS_ENDPOINT_URL_LAMBDA"),
           "key": os.environ.get("AWS_ACCESS_KEY_ID"), "token": bool(os.environ.get("AWS_SESSION_TOKEN"))}
    if event.get("port"):
        out["runtime_api"] = _probe_runtime_api(event["port"])
    if event.get("service"):
        s = socket.create_connection(("127.0.0.1", event["service"]), timeout=5)
        out["service"] = s.recv(100).decode()
        s.close()
    if event.get("api"):
        endpoint = event.get("endpoint") or out["endpoint"]
        try:
            with urllib.request.urlopen(endpoint + "/2015-03-31/functions/", timeout=10) as r:
                out["unsigned"] = r.status
        except urllib.error.HTTPError as e:
            out["unsigned"] = [e.code, e.headers.get("x-amzn-ErrorType")]
        client = boto3.client("lambda", endpoint_url=endpoint, config=Config(retries={"max_attempts": 0}))
        try:
            out["list"] = len(client.list_functions()["Functions"])
        except Exception as e:
            out["list"] = getattr(e, "response", {}).get("Error", {}).get("Code", repr(e))
        if event.get("target"):
            try:
                out["invoke"] = json.loads(client.invoke(FunctionName=event["target"], Payload=b"{}")["Payload"].read())
            except Exception as e:
                out["invoke"] = getattr(e, "response", {}).get("Error", {}).get("Code", repr(e))
    return out
"""

REPORT_PORT = """
import os
def handler(event, context):
    return {"runtime_api": os.environ["AWS_LAMBDA_RUNTIME_API"], "uid": os.getuid(), "said": event.get("say")}
"""


@pytest.fixture(scope="module")
def isolated(lamb_root):
    """A `lamb serve --sandbox linux` for this module: telling environments apart needs each runtime to run as its
    own uid, which plain processes do only when their interpreter is open to other users."""
    from conftest import LambServer

    server = LambServer(os.path.join(lamb_root, "isolated-data"), ["--sandbox", "linux"], name="isolated").start()
    yield server
    server.stop()


@pytest.fixture
def lam_i(isolated):
    return isolated.client()


@pytest.fixture
def fns(isolated, functions_on):
    return functions_on(isolated)


def call(client, name, payload):
    result = invoke(client, name, payload)
    assert result.function_error is None, (result.payload, result.log)
    return result.payload


@needs_root
def test_another_environments_runtime_api_is_unreachable(lam_i, fns):
    lam, functions = lam_i, fns
    victim = functions.create({"app.py": REPORT_PORT})
    attacker = functions.create({"app.py": PROBE})
    port = int(call(lam, victim, {})["runtime_api"].rsplit(":", 1)[1])

    seen = call(lam, attacker, {"port": port})
    assert seen["runtime_api"] == "closed", seen
    # The victim's environment is untouched: its caller gets its own answer from the same environment.
    again = call(lam, victim, {"say": "still mine"})
    assert again["said"] == "still mine"
    assert again["runtime_api"].endswith(":%d" % port)


def test_functions_still_reach_services_on_the_host(lam, functions):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def serve():
        conn, _ = listener.accept()
        conn.sendall(b"hello from the host")
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        name = functions.create({"app.py": PROBE})
        assert call(lam, name, {"service": listener.getsockname()[1]})["service"] == "hello from the host"
    finally:
        listener.close()


@needs_root
def test_environments_have_uids_of_their_own_and_instances_do_not_share_them(lam_i, fns, lamb_servers):
    name = fns.create({"app.py": REPORT_PORT})
    mine = call(lam_i, name, {})["uid"]
    other = lamb_servers.start("--sandbox", "linux", name="uids")
    other.client().create_function(
        FunctionName="uids", Runtime="python3.11", Handler="app.handler",
        Role="arn:aws:iam::123456789012:role/x", Code={"ZipFile": _zip(REPORT_PORT)})
    theirs = call(other.client(), "uids", {})["uid"]
    assert mine >= 1_000_000_000 and theirs >= 1_000_000_000
    assert mine // 100_000 != theirs // 100_000, (mine, theirs)


def _zip(source):
    from conftest import make_zip

    return make_zip({"app.py": source})


@needs_root
def test_calls_from_functions_must_be_signed_and_may_only_invoke(lam_i, fns):
    lam, functions = lam_i, fns
    target = functions.create({"app.py": REPORT_PORT})
    caller = functions.create({"app.py": PROBE}, Timeout=30)
    seen = call(lam, caller, {"api": True, "target": target})
    # Lambda's own variables point SDKs at Lamb, with credentials issued to this function.
    assert seen["endpoint"].startswith("http://127.0.0.1:")
    assert seen["key"].startswith("ASIA") and seen["token"]
    assert seen["unsigned"] == [403, "MissingAuthenticationTokenException"]
    assert seen["list"] == "AccessDeniedException"
    assert seen["invoke"]["said"] is None and "runtime_api" in seen["invoke"]


@needs_root
def test_function_api_access_none_and_full(lamb_servers, functions_on):
    closed = lamb_servers.start("--sandbox", "linux", "--function-api-access", "none", name="access-none")
    fns = functions_on(closed)
    target = fns.create({"app.py": REPORT_PORT})
    caller = fns.create({"app.py": PROBE}, Timeout=30)
    seen = call(closed.client(), caller, {"api": True, "target": target, "endpoint": closed.endpoint})
    assert seen["endpoint"] is None
    assert seen["key"].startswith("ASIA")
    assert seen["list"] == "AccessDeniedException" and seen["invoke"] == "AccessDeniedException"

    opened = lamb_servers.start("--sandbox", "linux", "--function-api-access", "full", name="access-full")
    fns = functions_on(opened)
    caller = fns.create({"app.py": PROBE}, Timeout=30)
    seen = call(opened.client(), caller, {"api": True})
    assert seen["list"] == 1


# ---------------------------------------------------------------------------------------------------------------
# --auth sigv4
# ---------------------------------------------------------------------------------------------------------------

KEY, SECRET = "AKIALAMBTEST0000001", "lamb/secret+key=example"


@pytest.fixture(scope="module")
def signed_server(lamb_root):
    from conftest import LambServer

    server = LambServer(
        os.path.join(lamb_root, "sigv4-data"), ["--auth", "sigv4", "--auth-key", "%s:%s" % (KEY, SECRET)],
        name="sigv4").start()
    yield server
    server.stop()


def client_for(server, key=KEY, secret=SECRET, token=None):
    return boto3.client(
        "lambda", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token, config=Config(retries={"max_attempts": 0}))


def test_sigv4_accepts_boto3_with_the_configured_key(signed_server):
    client = client_for(signed_server)
    client.create_function(
        FunctionName="signed", Runtime="python3.11", Handler="app.handler",
        Role="arn:aws:iam::123456789012:role/x", Code={"ZipFile": _zip(REPORT_PORT)})
    try:
        assert call(client, "signed", {"say": "hi"})["said"] == "hi"
        arn = client.get_function(FunctionName="signed")["Configuration"]["FunctionArn"]
        # Names that are ARNs are percent-encoded in the path, and encoded once more in what is signed.
        assert call(client, arn, {"say": "arn"})["said"] == "arn"
        assert any(f["FunctionName"] == "signed" for f in client.list_functions(MaxItems=5)["Functions"])
    finally:
        client.delete_function(FunctionName="signed")


def test_sigv4_refuses_wrong_keys_as_aws_does_and_changes_nothing(signed_server):
    cases = [(client_for(signed_server, secret="wrong"), "InvalidSignatureException"),
             (client_for(signed_server, key="AKIAUNKNOWN"), "UnrecognizedClientException"),
             (client_for(signed_server, token="made-up"), "UnrecognizedClientException")]
    for client, expected in cases:
        with pytest.raises(Exception) as e:
            client.create_function(
                FunctionName="forged", Runtime="python3.11", Handler="app.handler",
                Role="arn:aws:iam::123456789012:role/x", Code={"ZipFile": _zip(REPORT_PORT)})
        assert error_code(e.value) == expected
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    names = [f["FunctionName"] for f in client_for(signed_server).list_functions()["Functions"]]
    assert "forged" not in names

    status, headers, body = signed_server.request("GET", "/2015-03-31/functions/")
    assert status == 403 and headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert json.loads(body) == {"message": "Missing Authentication Token"}


def test_sigv4_refuses_an_expired_signature(signed_server):
    request = AWSRequest(method="GET", url=signed_server.endpoint + "/2015-03-31/functions/")
    signer = SigV4Auth(Credentials(KEY, SECRET), "lambda", REGION)
    real_now = datetime.datetime.now(datetime.timezone.utc)

    class TenMinutesAgo(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return real_now - datetime.timedelta(minutes=10)

        @classmethod
        def utcnow(cls):
            return (real_now - datetime.timedelta(minutes=10)).replace(tzinfo=None)

    import botocore.auth

    original = botocore.auth.datetime.datetime
    botocore.auth.datetime.datetime = TenMinutesAgo
    try:
        signer.add_auth(request)
    finally:
        botocore.auth.datetime.datetime = original
    status, headers, body = signed_server.request("GET", "/2015-03-31/functions/", headers=dict(request.headers))
    assert status == 403 and headers["x-amzn-ErrorType"] == "InvalidSignatureException"
    message = json.loads(body)["message"]
    assert message.startswith("Signature expired: ") and message.endswith(" - 5 min.)"), message


def test_sigv4_with_the_aws_cli_and_the_lamb_cli(signed_server):
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION=REGION,
               AWS_REGION=REGION, AWS_PAGER="")
    env.pop("AWS_SESSION_TOKEN", None)
    aws = subprocess.run(["aws", "lambda", "list-functions", "--endpoint-url", signed_server.endpoint],
                         env=env, capture_output=True, text=True)
    assert aws.returncode == 0, aws.stderr
    assert "Functions" in json.loads(aws.stdout)
    lamb = subprocess.run([LAMB_BIN, "function", "list", "--endpoint", signed_server.endpoint],
                          env=env, capture_output=True, text=True)
    assert lamb.returncode == 0, lamb.stderr

    env["AWS_SECRET_ACCESS_KEY"] = "wrong"
    aws = subprocess.run(["aws", "lambda", "list-functions", "--endpoint-url", signed_server.endpoint],
                         env=env, capture_output=True, text=True)
    assert aws.returncode != 0 and "InvalidSignatureException" in aws.stderr
    lamb = subprocess.run([LAMB_BIN, "function", "list", "--endpoint", signed_server.endpoint],
                          env=env, capture_output=True, text=True)
    assert lamb.returncode != 0 and "InvalidSignatureException" in lamb.stderr


# ---------------------------------------------------------------------------------------------------------------
# Listening beyond loopback
# ---------------------------------------------------------------------------------------------------------------


def test_listening_beyond_loopback_needs_auth_or_insecure(lamb_root, lamb_servers):
    data = os.path.join(lamb_root, "wide-open")
    refused = subprocess.run([LAMB_BIN, "serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", data],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "without authentication" in refused.stderr and "--auth sigv4" in refused.stderr

    server = lamb_servers.start("--host", "0.0.0.0", "--insecure", name="insecure")
    assert "WARNING: --insecure" in server.log()
    signed = lamb_servers.start("--host", "0.0.0.0", "--auth", "sigv4", "--auth-key", "AKIAX:y", name="wide-signed")
    assert "auth: sigv4" in signed.log()


# ---------------------------------------------------------------------------------------------------------------
# The plain-process driver under root
# ---------------------------------------------------------------------------------------------------------------

# A shell runtime (no interpreter that could sit under a private directory): answers with its uid and what an
# unsigned call to the Lambda API got.
SHELL_BOOTSTRAP = r"""#!/bin/sh
api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime/invocation"
while true; do
    headers=$(mktemp)
    curl -s -D "$headers" "$api/next" > /dev/null
    id=$(grep -i '^lambda-runtime-aws-request-id' "$headers" | tr -d '\r' | cut -d' ' -f2)
    code=$(curl -s -o /dev/null -w '%{http_code}' "$AWS_ENDPOINT_URL_LAMBDA/2015-03-31/functions/")
    unshare -U true 2> /dev/null && ns=allowed || ns=refused
    curl -s -X POST -d "{\"uid\": $(id -u), \"unsigned\": $code, \"unshare\": \"$ns\"}" "$api/$id/response" > /dev/null
done
"""


@needs_root
def test_plain_processes_run_as_uids_of_their_own_under_root(lamb_root, lamb_servers, functions_on):
    import shutil
    import tempfile
    import zipfile
    import io

    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    # Every directory on the way to the data directory must be open to other users, or runtimes stay root.
    # (Not under the suite's root, which stays private: other servers' runtimes keep running as they always do.)
    data = tempfile.mkdtemp(prefix="lamb-plain-uids-")
    os.chmod(data, 0o755)
    server = lamb_servers.start("--sandbox", "process", data_dir=os.path.join(data, "data"), name="plain-uids")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        info = zipfile.ZipInfo("bootstrap")
        info.external_attr = 0o755 << 16
        z.writestr(info, SHELL_BOOTSTRAP)
    name = functions_on(server).create(buffer.getvalue(), runtime="provided.al2023", handler="x")
    seen = call(server.client(), name, {})
    assert seen["uid"] >= 1_000_000_000
    assert seen["unsigned"] == 403
    assert seen["unshare"] == "refused"


@needs_root
def test_a_sandboxed_environment_cannot_make_namespaces_or_see_host_paths(lamb_root, lamb_servers, functions_on):
    server = lamb_servers.start("--sandbox", "linux", name="kernel-surface")
    source = """
import ctypes, os
def handler(event, context):
    libc = ctypes.CDLL(None, use_errno=True)
    CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET = 0x10000000, 0x00020000, 0x40000000
    results = {}
    for name, flag in (("user", CLONE_NEWUSER), ("mount", CLONE_NEWNS), ("net", CLONE_NEWNET)):
        results[name] = "allowed" if libc.unshare(flag) == 0 else os.strerror(ctypes.get_errno())
    results["keyctl"] = libc.syscall(250, 0, 0, 0, 0) == 0 or os.strerror(ctypes.get_errno())
    results["init"] = open("/proc/1/cmdline", "rb").read().rstrip(b"\\0").decode()
    return results
"""
    name = functions_on(server).create({"app.py": source})
    seen = call(server.client(), name, {})
    assert seen["user"] == seen["mount"] == seen["net"] == "Operation not permitted", seen
    assert seen["keyctl"] == "Operation not permitted", seen
    assert seen["init"] == "lamb-init"
