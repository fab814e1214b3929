"""Scenarios 3 and 4: cold starts (Python, Node, Java, provided) and a heavy init, against bare process starts."""

import json
import os
import shutil
import subprocess
import time

from .stats import distribution
from .tools import report_field, spawn_times

NOOP_PY = "def handler(event, context):\n    return event\n"
NOOP_NODE = "exports.handler = async (event) => event;\n"
NOOP_JAVA = """
package bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

public class Noop implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) { return event; }
}
"""
HEAVY_PY = (
    "import boto3\n"
    "client = boto3.client('s3', region_name='us-east-1')\n"
    "def handler(event, context):\n    return {}\n")


def cold_invocations(server, name, count):
    """Forces a cold start `count` times (a configuration change retires the environments; the code stays
    unpacked) and returns (client-side ms, Init Duration ms) lists."""
    lam = server.client()
    lam.invoke(FunctionName=name, Payload=b"{}")  # unpacks the code once
    client_ms, init_ms = [], []
    for i in range(count):
        lam.update_function_configuration(FunctionName=name, Environment={"Variables": {"ROUND": str(i)}})
        start = time.perf_counter()
        r = lam.invoke(FunctionName=name, Payload=b"{}", LogType="Tail")
        r["Payload"].read()
        client_ms.append((time.perf_counter() - start) * 1000)
        import base64

        init = report_field(base64.b64decode(r["LogResult"]).decode(), "Init Duration")
        if init is not None:
            init_ms.append(init)
    return client_ms, init_ms


def build_bootstrap(workdir):
    """Compiles bootstrap.c (a minimal Runtime API client in C) for the `provided` scenario."""
    out = os.path.join(workdir, "bootstrap")
    source = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bootstrap.c")
    subprocess.run(["cc", "-O2", "-o", out, source], check=True)
    return open(out, "rb").read()


def build_java_noop(workdir, lamb):
    """A java17 no-op handler's classes ({path: bytes}), compiled against Lamb's runtime API (`lamb java-classpath`);
    None without javac."""
    javac = shutil.which("javac")
    if not javac:
        return None
    classpath = subprocess.run([lamb, "java-classpath", "--data-dir", os.path.join(workdir, "java-api")],
                               capture_output=True, text=True, check=True).stdout.strip()
    source_dir = os.path.join(workdir, "java-src", "bench")
    os.makedirs(source_dir, exist_ok=True)
    with open(os.path.join(source_dir, "Noop.java"), "w") as f:
        f.write(NOOP_JAVA)
    out = os.path.join(workdir, "java-classes")
    subprocess.run([javac, "--release", "17", "-cp", classpath, "-d", out, os.path.join(source_dir, "Noop.java")],
                   check=True)
    return {"bench/Noop.class": open(os.path.join(out, "bench", "Noop.class"), "rb").read()}


def java_runtime_of(java):
    """`java17` for the JDK `java` belongs to (its home's release file), or None for a version Lamb does not run."""
    release = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(java))), "release")
    try:
        for line in open(release):
            if line.startswith("JAVA_VERSION="):
                runtime = "java" + line.split("=", 1)[1].strip().strip('"').split(".")[0]
                return runtime if runtime in ("java17", "java21", "java25") else None
    except OSError:
        return None
    return None


def python_cold(report, server, python, label, count):
    """Cold starts of a Python no-op on `server`, whose python3.11 is `python`."""
    name = server.create("cold-py-" + str(abs(hash(python)) % 10000), {"app.py": NOOP_PY})
    client_ms, init_ms = cold_invocations(server, name, count)
    baseline = distribution(spawn_times([python, "-c", "pass"], count))
    report.add("3 cold start", label + " invoke (client)", "ms", distribution(client_ms), baseline, "python3 -c pass")
    report.add("3 cold start", label + " Init Duration", "ms", distribution(init_ms), baseline, "python3 -c pass")


def run(report, server, python, workdir, count, clean=None):
    """`clean`: an optional (server, interpreter) whose python3.11 has no start-up hooks (.pth files) of its own."""
    python_cold(report, server, python, "python3.11", count)
    if clean:
        python_cold(report, clean[0], clean[1], "python3.11 (%s)" % clean[1], count)
    runtimes = []
    node = shutil.which("node")
    if node:
        major = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip().lstrip("v")
        runtime = "nodejs%s.x" % major.split(".")[0]
        runtimes.append((runtime, {"index.js": NOOP_NODE}, "index.handler", None, [node, "-e", "0"], "node -e 0"))
    java = shutil.which("java")
    java_runtime = java_runtime_of(java) if java else None
    noop_java = build_java_noop(workdir, server.binary) if java_runtime else None
    if noop_java:
        # Lamb runs javaNN with the JDK of that version (the PATH's first); the baseline is the same JVM starting
        # and stopping (`java -version`).
        runtimes.append((java_runtime, noop_java, "bench.Noop", None, [java, "-version"], "java -version"))
    if shutil.which("cc"):
        runtimes.append(("provided.al2023", {"bootstrap": build_bootstrap(workdir)}, "x", {"bootstrap": 0o755},
                         ["/bin/true"], "/bin/true"))
    for runtime, files, handler, modes, baseline_argv, label in runtimes:
        name = "cold-" + runtime.replace(".", "-")
        try:
            server.create(name, files, runtime=runtime, handler=handler, modes=modes)
        except Exception as e:  # noqa: BLE001 - a runtime this host or this Lamb lacks is reported, not fatal
            report.add("3 cold start", runtime, "ms", None, note="not measured: %s" % e)
            continue
        client_ms, init_ms = cold_invocations(server, name, count)
        baseline = distribution(spawn_times(baseline_argv, count))
        report.add("3 cold start", runtime + " invoke (client)", "ms", distribution(client_ms), baseline, label)
        report.add("3 cold start", runtime + " Init Duration", "ms", distribution(init_ms), baseline, label)

    server.create("heavy-init", {"app.py": HEAVY_PY})
    heavy_count = max(5, count // 3)
    client_ms, init_ms = cold_invocations(server, "heavy-init", heavy_count)
    bare = [python, "-c", "import boto3; boto3.client('s3', region_name='us-east-1')"]
    baseline = distribution(spawn_times(bare, heavy_count))
    report.add("4 heavy init (boto3)", "invoke (client)", "ms", distribution(client_ms), baseline, "bare interpreter")
    report.add("4 heavy init (boto3)", "Init Duration", "ms", distribution(init_ms), baseline, "bare interpreter")


def rootless_user(repo):
    """(uid, gid, cgroup) of the unprivileged user `scripts/rootless-setup` prepares (with delegated cgroups), or a
    string saying why the rootless driver cannot be measured here."""
    if os.geteuid() != 0:
        return "the harness is not root (it starts Lamb as another user)"
    if not shutil.which("setpriv"):
        return "setpriv (util-linux) is missing"
    setup = subprocess.run([os.path.join(repo, "scripts", "rootless-setup")], capture_output=True, text=True)
    if setup.returncode != 0:
        return "scripts/rootless-setup failed: " + setup.stderr.strip()
    values = dict(line.split("=", 1) for line in setup.stdout.split())
    import pwd

    user = pwd.getpwnam(values["LAMB_ROOTLESS_USER"])
    return (user.pw_uid, user.pw_gid, values.get("LAMB_ROOTLESS_CGROUP"))
