"""Scenario 9: the platform floor. The same Python runtime (Lamb's own shim, same interpreter, same handler) behind
`floor.c`, a C relay that makes only the socket and freezer calls a warm invocation needs and does nothing else.
What Lamb adds on top of it is Lamb's own cost; what the floor costs, no platform on this machine can avoid."""

import os
import subprocess
import time

from .tools import wrk
from .warm import NOOP, cpu_seconds, latency_us, wrk_measuring

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNIFIED = "/sys/fs/cgroup/unified"
INVOKE_PORT, RUNTIME_PORT_BASE = 19400, 19500


def build(workdir):
    binary = os.path.join(workdir, "floor")
    subprocess.run(["cc", "-O2", "-o", binary, os.path.join(HERE, "floor.c")], check=True)
    return binary


def freezer_root():
    """Where the relay's environments get a cgroup to be frozen in (v2 `cgroup.freeze`), or None."""
    for root in (UNIFIED, "/sys/fs/cgroup"):
        if os.path.exists(os.path.join(root, "cgroup.procs")) and os.access(root, os.W_OK):
            return root
    return None


class Floor(object):
    """The relay and `count` runtimes, each in a cgroup of its own when freezing is possible."""

    def __init__(self, lamb, python, workdir, count):
        self.workdir = workdir
        self.count = count
        self.shims = os.path.join(os.path.dirname(os.path.realpath(lamb)), "Lamb_LambRuntimes.resources", "Shims")
        self.python = python
        self.cgroups = []
        self.runtimes = []
        self.relay = None

    def start(self):
        task = os.path.join(self.workdir, "task")
        os.makedirs(task, exist_ok=True)
        with open(os.path.join(task, "app.py"), "w") as f:
            f.write(NOOP)
        root = freezer_root()
        if root:
            for i in range(self.count):
                path = os.path.join(root, "lamb-floor-%d" % os.getpid(), "env%d" % i)
                os.makedirs(path, exist_ok=True)
                self.cgroups.append(path)
        self.relay = subprocess.Popen(
            [build(self.workdir), str(INVOKE_PORT), str(RUNTIME_PORT_BASE), str(self.count)] + self.cgroups,
            stdout=subprocess.PIPE)
        self.relay.stdout.readline()  # "ready": listening
        for i in range(self.count):
            self.runtimes.append(self._runtime(i, task))
        time.sleep(1.0)  # the runtimes import the shim and park on /next
        return self

    def _runtime(self, i, task):
        env = {"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:%d" % (RUNTIME_PORT_BASE + i), "_HANDLER": "app.handler",
               "LAMBDA_TASK_ROOT": task, "LAMBDA_RUNTIME_DIR": self.shims, "AWS_LAMBDA_FUNCTION_NAME": "noop",
               "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1769",
               "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "TZ": ":UTC", "PYTHONUNBUFFERED": "1",
               "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/noop", "AWS_LAMBDA_LOG_STREAM_NAME": "floor",
               "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand", "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        join = None
        if self.cgroups:
            procs = os.path.join(self.cgroups[i], "cgroup.procs")

            def join():
                with open(procs, "w") as f:
                    f.write(str(os.getpid()))
        return subprocess.Popen([self.python, os.path.join(self.shims, "python", "lamb_bootstrap.py")], env=env,
                                cwd=task, preexec_fn=join, stdout=subprocess.DEVNULL)

    @property
    def url(self):
        return "http://127.0.0.1:%d/2015-03-31/functions/noop/invocations" % INVOKE_PORT

    def stop(self):
        for p in self.runtimes + [self.relay]:
            if p:
                p.kill()
                p.wait()
        for path in self.cgroups:
            for _ in range(50):
                try:
                    os.rmdir(path)
                    break
                except OSError:
                    time.sleep(0.02)  # the killed runtime leaves its cgroup a moment later
        if self.cgroups:
            try:
                os.rmdir(os.path.dirname(self.cgroups[0]))
            except OSError:
                pass

    def measure(self, clients, seconds):
        """wrk's result plus CPU µs per invocation of the relay and of the runtimes."""
        pids = [r.pid for r in self.runtimes]
        return wrk_measuring(self.url, clients, seconds, {"relay": lambda: cpu_seconds([self.relay.pid]),
                                                          "runtime": lambda: cpu_seconds(pids)})


def run(report, lamb, python, workdir, seconds, measured):
    """`measured`: Lamb's figures from the warm scenarios: `latency`, and `throughput` (clients -> rate, CPU)."""
    os.makedirs(workdir, exist_ok=True)
    # Compared where Lamb's throughput peaks.
    clients = max(measured["throughput"], key=lambda c: measured["throughput"][c][0])
    floor = Floor(lamb, python, workdir, clients).start()
    try:
        frozen = "frozen between invocations" if floor.cgroups else "NOT frozen (no writable cgroup v2 here)"
        wrk(floor.url, clients, 2)
        one = floor.measure(1, seconds)
        report.add("9 platform floor", "warm round trip, 1 client", "µs", measured["latency"], latency_us(one),
                   "C relay", note="same runtime and handler, %s" % frozen)
        many = floor.measure(clients, seconds)
        lamb_rate, lamb_cpu = measured["throughput"][clients]
        report.add("9 platform floor", "throughput, %d clients" % clients, "inv/s", round(lamb_rate),
                   round(many["rate"]), "C relay")
        report.add("9 platform floor", "platform CPU per invocation (%d clients)" % clients, "µs",
                   round(lamb_cpu["lamb"]), round(many["cpu_us"]["relay"]), "C relay")
        report.add("9 platform floor", "runtime CPU per invocation (%d clients)" % clients, "µs",
                   round(lamb_cpu["runtime"]), round(many["cpu_us"]["runtime"]), "behind the C relay")
    finally:
        floor.stop()
