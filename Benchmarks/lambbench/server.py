"""A `lamb serve` started by the harness, and functions made on it."""

import io
import json
import os
import signal
import subprocess
import tempfile
import time
import urllib.request
import zipfile

import boto3
from botocore.config import Config

ROLE = "arn:aws:iam::123456789012:role/lamb-bench"


class Server(object):
    def __init__(self, binary, args, root, user=None):
        """`user`: (uid, gid, cgroup.procs path or None) to run `lamb serve` as an unprivileged user (rootless)."""
        self.binary = binary
        self.args = list(args)
        self.user = user
        self.data_dir = tempfile.mkdtemp(prefix="data-", dir=root)
        if user:
            os.chmod(root, 0o755)
            os.chown(self.data_dir, user[0], user[1])
        self.log_path = self.data_dir + ".log"
        self.proc = None
        self.port = None
        # Started with `--gateway-port`: the gateway's port, known once its line is printed.
        self.gateway_port = None

    def start(self):
        log = open(self.log_path, "wb")
        command = ([self.binary, "serve", "--port", "0", "--data-dir", self.data_dir, "--log-level", "warning"]
                   + self.args + os.environ.get("LAMB_BENCH_SERVE_ARGS", "").split())
        if self.user:
            uid, gid, cgroup = self.user
            command = ["setpriv", "--reuid=%d" % uid, "--regid=%d" % gid, "--clear-groups", "--"] + command
            if cgroup:  # a delegated cgroup v2: Lamb must start inside it
                command = ["sh", "-c", 'echo $$ > "$0" && exec "$@"', cgroup] + command
        self.proc = subprocess.Popen(
            command,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wants_gateway = "--gateway-port" in self.args
        deadline = time.time() + 60
        while time.time() < deadline:
            for line in open(self.log_path).read().splitlines():
                if line.startswith("Lamb listening on http://"):
                    self.port = int(line.split()[3].rsplit(":", 1)[1])
                elif line.startswith("Gateway listening on http://"):
                    self.gateway_port = int(line.split()[3].rsplit(":", 1)[1])
            if self.port and (self.gateway_port or not wants_gateway):
                self.banner = open(self.log_path).read()
                return self
            if self.proc.poll() is not None:
                raise RuntimeError("lamb serve exited:\n" + open(self.log_path).read())
            time.sleep(0.05)
        raise RuntimeError("lamb serve did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.port

    @property
    def gateway_url(self):
        return "http://127.0.0.1:%d" % self.gateway_port

    def invoke_url(self, name):
        return "%s/2015-03-31/functions/%s/invocations" % (self.url, name)

    def client(self):
        return boto3.client(
            "lambda", endpoint_url=self.url, region_name="us-east-1", aws_access_key_id="bench",
            aws_secret_access_key="bench",
            config=Config(retries={"max_attempts": 0}, read_timeout=300, max_pool_connections=64))

    def environments(self, function=None):
        path = "/_lamb/v1/environments" + ("?function=" + function if function else "")
        with urllib.request.urlopen(self.url + path, timeout=60) as r:
            return json.loads(r.read())["environments"]

    def create(self, name, files, runtime="python3.11", handler="app.handler", memory=1769, timeout=30, modes=None):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for path, source in files.items():
                info = zipfile.ZipInfo(path)
                info.external_attr = ((modes or {}).get(path, 0o644)) << 16
                z.writestr(info, source)
        self.client().create_function(
            FunctionName=name, Runtime=runtime, Handler=handler, Role=ROLE, Code={"ZipFile": buf.getvalue()},
            MemorySize=memory, Timeout=timeout)
        return name

    def rss_peak_kb(self):
        for line in open("/proc/%d/status" % self.proc.pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return None
