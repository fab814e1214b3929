#!/usr/bin/env python3
"""What `lamb serve --network isolated` adds to a cold start: the same cold starts on two servers, one per network
mode, taken in alternation (so that drift of this machine's speed hits both alike), and a burst of concurrent cold
starts larger than the pool of namespaces made ahead (8), which then makes the rest on the cold path.

    python3 Benchmarks/netns.py --lamb .build-release/release/lamb [--count 100] [--burst 24]

Needs root (namespaces). Not a test: no assertion on the numbers. See docs/security.md for a recorded run.
"""

import argparse
import base64
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lambbench.cold import NOOP_PY, build_bootstrap  # noqa: E402
from lambbench.server import Server  # noqa: E402
from lambbench.stats import distribution  # noqa: E402
from lambbench.tools import report_field  # noqa: E402


def cold_once(client, name, round_):
    """One forced cold start: a configuration change retires the environment (the code stays unpacked)."""
    client.update_function_configuration(FunctionName=name, Environment={"Variables": {"ROUND": str(round_)}})
    start = time.perf_counter()
    r = client.invoke(FunctionName=name, Payload=b"{}", LogType="Tail")
    r["Payload"].read()
    elapsed = (time.perf_counter() - start) * 1000
    init = report_field(base64.b64decode(r["LogResult"]).decode(), "Init Duration")
    return elapsed, init


def burst(server, name, count, round_):
    """`count` concurrent invocations of a function with no environment: all cold. Returns the wall time (ms) until
    the last answers."""
    client = server.client()
    client.update_function_configuration(FunctionName=name, Environment={"Variables": {"ROUND": str(round_)}})
    barrier = threading.Barrier(count + 1)
    errors = []

    def one():
        c = server.client()
        barrier.wait()
        try:
            r = c.invoke(FunctionName=name, Payload=b'{"sleep": 0.3}')
            r["Payload"].read()
            if r.get("FunctionError"):
                errors.append(r["FunctionError"])
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=one) for _ in range(count)]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join(300)
    elapsed = (time.perf_counter() - start) * 1000
    if errors:
        print("  burst errors: %s" % errors[:3], flush=True)
    return elapsed


def show(label, samples):
    d = distribution(samples)
    print("  %-44s p50 %7.2f  p90 %7.2f  min %7.2f  max %7.2f  (n=%d)" % (
        label, d["p50"], d["p90"], d["min"], d["max"], d["n"]), flush=True)
    return d


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lamb", required=True)
    parser.add_argument("--count", type=int, default=100, help="cold starts per runtime and mode")
    parser.add_argument("--burst", type=int, default=24, help="concurrent cold starts in the burst scenario")
    parser.add_argument("--bursts", type=int, default=5, help="bursts per mode")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("needs root")
    root = tempfile.mkdtemp(prefix="lamb-netns-bench-")
    servers = {}
    try:
        for mode in ("host", "isolated"):
            servers[mode] = Server(args.lamb, ["--network", mode, "--sandbox", "linux"], root).start()
        functions = [("python3.11", {"app.py": NOOP_PY}, "app.handler", None)]
        if shutil.which("cc"):
            functions.append(("provided.al2023", {"bootstrap": build_bootstrap(root)}, "x", {"bootstrap": 0o755}))
        sleeper = "import time\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return {}\n"
        for mode, server in servers.items():
            for runtime, files, handler, modes in functions:
                server.create("cold-" + runtime.replace(".", "-"), files, runtime=runtime, handler=handler, modes=modes)
                server.client().invoke(FunctionName="cold-" + runtime.replace(".", "-"), Payload=b"{}")
            server.create("burst", {"app.py": sleeper}, memory=128)
        print("Cold starts, client side (ms), %d each, modes alternating:" % args.count, flush=True)
        results = {}
        for runtime, _, _, _ in functions:
            name = "cold-" + runtime.replace(".", "-")
            samples = {mode: ([], []) for mode in servers}
            clients = {mode: server.client() for mode, server in servers.items()}
            for i in range(args.count):
                order = ("host", "isolated") if i % 2 == 0 else ("isolated", "host")
                for mode in order:
                    elapsed, init = cold_once(clients[mode], name, i)
                    samples[mode][0].append(elapsed)
                    if init is not None:
                        samples[mode][1].append(init)
            for mode in servers:
                results[(runtime, mode)] = show("%s --network %s: invoke" % (runtime, mode), samples[mode][0])
                show("%s --network %s: Init Duration" % (runtime, mode), samples[mode][1])
            print("  %s: isolated - host, p50: %+.2f ms" % (
                runtime, results[(runtime, "isolated")]["p50"] - results[(runtime, "host")]["p50"]), flush=True)
        print("Bursts of %d concurrent cold starts (wall ms until the last answer), %d each:" % (
            args.burst, args.bursts), flush=True)
        walls = {mode: [] for mode in servers}
        for i in range(args.bursts):
            for mode in (("host", "isolated") if i % 2 == 0 else ("isolated", "host")):
                walls[mode].append(burst(servers[mode], "burst", args.burst, 1000 + i))
                time.sleep(1)
        for mode in servers:
            show("burst --network %s" % mode, walls[mode])
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
