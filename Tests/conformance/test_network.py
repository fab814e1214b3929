"""`lamb serve --network isolated` (issue 17: "host paths and ports are not visible"): each environment has a network
namespace of its own with nothing but its loopback, its Runtime API listens inside at 127.0.0.1:9001 as on Lambda,
and nothing of the host's network — its ports, its services, Lamb's API, other environments — is visible or
reachable. The default, `--network host`, keeps functions reaching the host's services.

The isolated server runs on the suite's driver (the Linux sandbox in the root pass, plain processes in the
`--sandbox process` pass): both put each runtime in its namespace through lamb-jail. Namespaces need root: these
tests skip without it.
"""

import json
import os
import socket
import subprocess
import threading

import pytest

from conftest import EXTRA_SERVE_ARGS, LambServer, invoke, wait_for

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="--network isolated makes network namespaces: needs root")

# What a function sees of the network, and what it can reach: `targets` are [host, port] pairs it tries to connect to.
PROBE = r"""
import os, socket, time

def sockets(path):
    try:
        lines = open(path).read().splitlines()[1:]
    except OSError:
        return []
    out = []
    for line in lines:
        fields = line.split()
        local, remote, state = fields[1], fields[2], fields[3]
        out.append([int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16), state])
    return out

def attempt(host, port):
    try:
        s = socket.create_connection((host, port), timeout=3)
    except OSError as e:
        return e.__class__.__name__ + ": " + (e.strerror or str(e))
    try:
        s.settimeout(3)
        s.sendall(b"GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(100)
        return "answered" if data else "closed"
    except ConnectionResetError:
        return "closed"
    except socket.timeout:
        return "held open"
    finally:
        s.close()

count = 0

def handler(event, context):
    global count
    count += 1
    if event.get("fail"):
        raise ValueError("asked to fail")
    time.sleep(event.get("sleep", 0))
    return {
        "runtime_api": os.environ["AWS_LAMBDA_RUNTIME_API"],
        "endpoint": os.environ.get("AWS_ENDPOINT_URL_LAMBDA"),
        "tcp": sockets("/proc/net/tcp") + sockets("/proc/net/tcp6"),
        "interfaces": sorted(name for _, name in socket.if_nameindex()),
        "uid": os.getuid(),
        "reached": {"%s:%d" % (h, p): attempt(h, p) for h, p in event.get("targets", [])},
        "count": count,
    }
"""


def call(client, name, payload):
    result = invoke(client, name, payload)
    assert result.function_error is None, (result.payload, result.log)
    return result.payload


class HostService(object):
    """A TCP service of the host on loopback that greets whoever connects."""

    def __init__(self, host="127.0.0.1"):
        self.listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.listener.bind((host, 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            conn.sendall(b"hello from the host")
            conn.close()

    def close(self):
        self.listener.close()


def host_addresses():
    """The host's own addresses beyond loopback (reaching any of them reaches the host)."""
    try:
        out = subprocess.run(["ip", "-o", "addr", "show"], capture_output=True, text=True).stdout
    except OSError:
        return []
    found = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) > 3 and fields[2] == "inet" and not fields[3].startswith("127."):
            found.append(fields[3].split("/")[0])
    return found


def lamb_listening_ports(server):
    """Loopback ports the `lamb serve` process listens on in the host's network: its sockets (from its descriptors)
    that the host's /proc/net/tcp{,6} lists as listening."""
    inodes = set()
    for fd in os.listdir("/proc/%d/fd" % server.proc.pid):
        try:
            target = os.readlink("/proc/%d/fd/%s" % (server.proc.pid, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.fixture(scope="module")
def isolated_server(lamb_root):
    if os.geteuid() != 0:
        pytest.skip("--network isolated makes network namespaces: needs root")
    server = LambServer(os.path.join(lamb_root, "netns-data"), ["--network", "isolated"], name="netns").start()
    yield server
    status = server.stop()
    assert status == 0, server.log()[-4000:]


@pytest.fixture
def fns(isolated_server, functions_on):
    return functions_on(isolated_server)


@needs_root
def test_the_banner_states_the_network_mode(isolated_server, lamb):
    assert "network: isolated" in isolated_server.log()
    assert "unreachable from functions: --network isolated" in isolated_server.log()
    assert "network: host" in lamb.log()


@needs_root
def test_the_runtime_api_is_at_lambdas_address_and_proc_net_shows_only_the_environments_own_sockets(
        isolated_server, fns):
    lam = isolated_server.client()
    service = HostService()
    try:
        first = fns.create({"app.py": PROBE})
        second = fns.create({"app.py": PROBE})
        # Another environment is alive (idle, its runtime waiting on its own Runtime API) while the probe looks.
        assert call(lam, second, {})["runtime_api"] == "127.0.0.1:9001"
        seen = call(lam, first, {})
    finally:
        service.close()
    assert seen["runtime_api"] == "127.0.0.1:9001"
    assert seen["endpoint"] is None
    # The environment's own Runtime API listener, and its runtime's connection to it (both ends): nothing else.
    listening = [s for s in seen["tcp"] if s[2] == "0A"]
    assert listening == [[9001, 0, "0A"]], seen["tcp"]
    for local, remote, state in seen["tcp"]:
        assert 9001 in (local, remote), seen["tcp"]
    ports = {local for local, _, _ in seen["tcp"]}
    assert isolated_server.port not in ports and service.port not in ports
    assert seen["interfaces"] == ["lo"], seen["interfaces"]


@needs_root
def test_runtime_apis_are_not_on_the_hosts_network(isolated_server, fns):
    """Under --network host every environment's Runtime API is a loopback port of the host; isolated, Lamb listens
    on the host only for its own API, however many environments run."""
    lam = isolated_server.client()
    for _ in range(3):
        call(lam, fns.create({"app.py": PROBE}), {})
    assert len(isolated_server.environments()) >= 3
    assert lamb_listening_ports(isolated_server) == {isolated_server.port}


@needs_root
def test_host_services_lamb_and_other_environments_are_unreachable(isolated_server, fns, lamb):
    lam = isolated_server.client()
    service = HostService()
    try:
        targets = [["127.0.0.1", service.port], ["127.0.0.1", isolated_server.port], ["127.0.0.1", lamb.port]]
        targets += [[address, service.port] for address in host_addresses()]
        # The other server's environments are on the host's loopback (when it runs with --network host).
        other = lamb_listening_ports(lamb) - {lamb.port}
        targets += [["127.0.0.1", port] for port in sorted(other)[:5]]
        name = fns.create({"app.py": PROBE}, Timeout=60)
        seen = call(lam, name, {"targets": targets})
    finally:
        service.close()
    for target, outcome in seen["reached"].items():
        assert outcome.startswith(("ConnectionRefusedError", "OSError", "TimeoutError")), (target, outcome)
    assert service.accepted == 0


@needs_root
def test_only_the_runtime_may_use_its_runtime_api_inside_the_namespace(isolated_server, fns):
    """The peer-owner check still runs inside the namespace: root entering it (nsenter) is refused, as any other
    uid is, before a byte is read."""
    import shutil

    if not shutil.which("nsenter"):
        pytest.skip("nsenter is not installed")
    lam = isolated_server.client()
    name = fns.create({"app.py": PROBE})
    if call(lam, name, {})["uid"] == 0:
        pytest.skip("this runtime runs as root (its interpreter is not open to other users), so its Runtime API"
                    " admits any uid of its namespace")
    # A process of this function's environment (other functions' environments may be shutting down): one whose
    # variables name the function and whose network namespace is not the server's (the jail's monitor stays out).
    mine = os.readlink("/proc/%d/ns/net" % isolated_server.proc.pid)
    inside = None
    for pid in isolated_server.runtime_pids():
        try:
            variables = open("/proc/%d/environ" % pid, "rb").read().split(b"\0")
            if (b"AWS_LAMBDA_FUNCTION_NAME=" + name.encode()) in variables and \
                    os.readlink("/proc/%d/ns/net" % pid) != mine:
                inside = pid
                break
        except OSError:
            continue
    assert inside is not None, "no environment process in a namespace of its own"
    probe = (
        "import socket\n"
        "s = socket.create_connection(('127.0.0.1', 9001), timeout=5)\n"
        "try:\n"
        "    s.sendall(b'GET /2018-06-01/runtime/invocation/next HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')\n"
        "    print('answered' if s.recv(100) else 'closed')\n"
        "except (ConnectionResetError, BrokenPipeError):\n"
        "    print('closed')\n"
        "except TimeoutError:\n"
        "    print('held open')\n")
    out = subprocess.run(["nsenter", "-t", str(inside), "-n", "python3", "-c", probe],
                         capture_output=True, text=True, timeout=30)
    assert out.stdout.strip() == "closed", (out.stdout, out.stderr)
    # The environment still works for its own runtime.
    assert call(lam, name, {})["count"] == 2
    assert "refused a connection to an environment's Runtime API" in isolated_server.log()


@needs_root
def test_invocations_work_as_usual_cold_warm_errors_and_timeouts(isolated_server, fns):
    lam = isolated_server.client()
    name = fns.create({"app.py": PROBE}, Timeout=2)
    cold = invoke(lam, name, {})
    assert cold.function_error is None and cold.cold
    warm = invoke(lam, name, {})
    assert warm.function_error is None and not warm.cold
    assert warm.payload["count"] == 2

    failed = invoke(lam, name, {"fail": True})
    assert failed.function_error == "Unhandled"
    assert failed.payload["errorType"] == "ValueError"
    assert invoke(lam, name, {}).payload["count"] == 4  # same environment after a handled error

    timed_out = invoke(lam, name, {"sleep": 10})
    assert timed_out.function_error == "Unhandled"
    assert timed_out.payload["errorType"] == "Sandbox.Timedout"
    after = invoke(lam, name, {})
    assert after.function_error is None and after.cold and after.payload["count"] == 1
    assert after.payload["runtime_api"] == "127.0.0.1:9001"

    # Concurrent invocations get environments (and namespaces) of their own.
    results = []
    threads = [threading.Thread(target=lambda: results.append(invoke(lam, name, {"sleep": 0.5}))) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 3 and all(r.function_error is None for r in results), results


@needs_root
def test_snapstart_restores_share_their_snapshots_network_and_nothing_of_the_hosts(isolated_server, fns):
    lam = isolated_server.client()
    service = HostService()
    try:
        name = fns.create({"app.py": PROBE}, SnapStart={"ApplyOn": "PublishedVersions"}, Timeout=30)
        version = lam.publish_version(FunctionName=name)["Version"]
        wait_for(lambda: lam.get_function_configuration(FunctionName=name, Qualifier=version)["State"] != "Pending",
                 120, 0.2, "the SnapStart version to be ready")
        result = invoke(lam, name, {"targets": [["127.0.0.1", service.port]]}, Qualifier=version)
    finally:
        service.close()
    assert result.function_error is None, (result.payload, result.log)
    assert "Restore Duration" in result.report
    seen = result.payload
    host, port = seen["runtime_api"].rsplit(":", 1)
    assert host == "127.0.0.1"
    # The template's Runtime API (9001) and the restores' (ports Lamb made in the template's namespace) are all
    # that is listening: the same function version's environments, nothing of the host.
    listening = {local for local, _, state in seen["tcp"] if state == "0A"}
    assert 9001 in listening and int(port) in listening
    assert isolated_server.port not in listening and service.port not in listening
    assert list(seen["reached"].values())[0].startswith("ConnectionRefusedError")
    assert service.accepted == 0


@needs_root
def test_the_default_host_network_reaches_host_services(lamb_servers, functions_on):
    server = lamb_servers.start("--network", "host", name="netns-host")
    service = HostService()
    try:
        name = functions_on(server).create({"app.py": PROBE})
        seen = call(server.client(), name, {"targets": [["127.0.0.1", service.port]]})
    finally:
        service.close()
    assert seen["reached"] == {"127.0.0.1:%d" % service.port: "answered"}
    assert service.accepted == 1
    assert seen["endpoint"] == server.endpoint


def test_network_takes_host_or_isolated(lamb_root):
    from conftest import LAMB_BIN

    refused = subprocess.run([LAMB_BIN, "serve", "--network", "none", "--port", "0",
                              "--data-dir", os.path.join(lamb_root, "netns-bad")],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "--network must be host or isolated" in refused.stderr


def test_doctor_says_whether_isolated_networks_are_available():
    from conftest import LAMB_BIN

    out = subprocess.run([LAMB_BIN, "doctor"], capture_output=True, text=True, timeout=60).stdout
    line = next(l for l in out.splitlines() if "--network isolated" in l)
    if os.geteuid() == 0:
        assert "available: a network namespace per environment" in line, out
    else:
        assert "needs root" in line, out


@needs_root
def test_isolated_is_refused_at_start_up_without_root(lamb_root):
    """Never silently a weaker network: without root, `lamb serve --network isolated` says why and stops."""
    import tempfile

    from conftest import LAMB_BIN

    import shutil

    if not shutil.which("setpriv"):
        pytest.skip("setpriv is not installed")
    if not os.access(LAMB_BIN, os.X_OK) or subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", LAMB_BIN, "--help"],
            capture_output=True).returncode != 0:
        pytest.skip("the lamb binary is not reachable by other users here")
    data = tempfile.mkdtemp(prefix="lamb-netns-nobody-")
    os.chmod(data, 0o777)
    refused = subprocess.run(
        ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", LAMB_BIN, "serve", "--network", "isolated",
         "--port", "0", "--data-dir", os.path.join(data, "data")], capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0
    assert "--network isolated needs root" in refused.stderr, refused.stderr


@needs_root
def test_retired_environments_give_their_namespaces_back(isolated_server, fns):
    """Each environment's namespace is closed when its Runtime API closes: forced cold starts do not pile up
    namespaces in Lamb (only the ready pool and live environments hold one)."""
    lam = isolated_server.client()
    name = fns.create({"app.py": PROBE})

    def namespaces_held():
        held = 0
        for fd in os.listdir("/proc/%d/fd" % isolated_server.proc.pid):
            try:
                held += os.readlink("/proc/%d/fd/%s" % (isolated_server.proc.pid, fd)).startswith("net:[")
            except OSError:
                pass
        return held

    for i in range(12):
        lam.update_function_configuration(FunctionName=name, Environment={"Variables": {"ROUND": str(i)}})
        call(lam, name, {})
    pool = 8
    assert wait_for(lambda: namespaces_held() <= pool + len(isolated_server.environments()), 30, 0.2,
                    "retired environments' namespaces to be closed")
