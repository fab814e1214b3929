#!/usr/bin/env python3
"""Runs every benchmark scenario against a `lamb serve` it starts itself, with each scenario's baseline measured in
the same run, and prints one table (also saved as JSON under Benchmarks/results/).

    python3 Benchmarks/bench.py --lamb .build-release/release/lamb [--quick] [--scale 1000]

Usually started by Benchmarks/run, which builds Lamb in release mode first.
"""

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lambbench import cold, cpu, floor, gateway, isolation, scale, snapstart, warm  # noqa: E402
from lambbench.server import Server  # noqa: E402
from lambbench.stats import Report  # noqa: E402


CLEAN_PYTHON = "/usr/bin/python3.11"


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return "%s, %d cores, %.0f GiB, %s %s" % (cpu, os.cpu_count(), memory_gib, platform.system(), platform.release())


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def python_path():
    """The interpreter Lamb runs python3.11 with: the real executable, not a version-manager shim."""
    found = shutil.which("python3.11") or sys.executable
    return os.path.realpath(subprocess.run(
        [found, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True).stdout.strip() or found)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lamb", required=True, help="the lamb binary (a release build)")
    parser.add_argument("--quick", action="store_true", help="shorter runs, fewer samples (not for the record)")
    parser.add_argument("--scale", type=int, default=1000, help="environments in the scale-out scenario")
    parser.add_argument("--only", default="",
                        help="comma-separated scenario groups: warm,gateway,cold,cpu,snapstart,isolation,scale")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))

    root = tempfile.mkdtemp(prefix="lamb-bench-")
    python = python_path()
    meta = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "commit": commit(), "machine": machine(), "python": python, "quick": args.quick}
    report = Report(meta)
    print("Lamb benchmarks: %(date)s, commit %(commit)s, %(machine)s" % meta, flush=True)

    servers = []
    try:
        server = Server(args.lamb, ["--concurrency-limit", str(max(1000, args.scale + 100))], root).start()
        servers.append(server)
        print(server.banner.strip(), flush=True)
        seconds = 3 if args.quick else 10
        if not only or "warm" in only:
            plain = Server(args.lamb, ["--sandbox", "process"], root).start()
            servers.append(plain)
            measured = warm.run(report, server, plain, python, os.path.join(root, "baseline"), seconds)
            plain.stop()
            floor.run(report, args.lamb, python, os.path.join(root, "floor"), seconds, measured)
        if not only or "gateway" in only:
            fronted = Server(args.lamb, ["--gateway-port", "0"], root).start()
            servers.append(fronted)
            gateway.run(report, fronted, seconds, 1 if args.quick else 3)
            fronted.stop()
        clean = None
        if os.path.exists(CLEAN_PYTHON) and os.path.realpath(CLEAN_PYTHON) != python:
            # The host's own interpreter, without the start-up hooks some version managers and sandboxes install.
            clean_server = Server(args.lamb, ["--interpreter", "python3.11=" + CLEAN_PYTHON,
                                              "--concurrency-limit", str(max(1000, args.scale + 100))], root).start()
            servers.append(clean_server)
            clean = (clean_server, CLEAN_PYTHON)
        if not only or "cold" in only:
            cold.run(report, server, python, root, 15 if args.quick else 50, clean)
            # The rootless driver next to the root driver's row above (the same interpreter, which the unprivileged
            # user can reach: the host's own).
            user = cold.rootless_user(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            if isinstance(user, str) or not os.path.exists(CLEAN_PYTHON):
                report.add("3 cold start", "python3.11 rootless", "ms", None,
                           note="not measured: %s" % (user if isinstance(user, str) else CLEAN_PYTHON + " missing"))
            else:
                rootless = Server(args.lamb, ["--interpreter", "python3.11=" + CLEAN_PYTHON], root, user=user).start()
                servers.append(rootless)
                if not clean:
                    cold.python_cold(report, server, CLEAN_PYTHON, "python3.11 (%s)" % CLEAN_PYTHON, 50)
                cold.python_cold(report, rootless, CLEAN_PYTHON, "python3.11 rootless (%s)" % CLEAN_PYTHON,
                                 15 if args.quick else 50)
                rootless.stop()
        if not only or "cpu" in only:
            cpu.run(report, server, 5 if args.quick else 15)
        if not only or "snapstart" in only:
            short = Server(args.lamb, ["--keep-alive", "1s"], root).start()
            servers.append(short)
            snapstart.run(report, short, 2 if args.quick else 4, 5 if args.quick else 15)
            short.stop()
        if not only or "isolation" in only:
            isolation.run(report, os.path.join(root, "isolation"), 500 if args.quick else 5000)
        if not only or "scale" in only:
            # On a server of its own, with nothing else running: the servers above hold the environments of the other
            # scenarios (frozen, but each one more process, pipe and cgroup for the host to go through).
            for s in servers:
                s.stop()
            interpreter = clean[1] if clean else python
            extra = ["--interpreter", "python3.11=" + CLEAN_PYTHON] if clean else []
            fresh = Server(args.lamb, extra + ["--concurrency-limit", str(max(1000, args.scale + 100))], root).start()
            servers.append(fresh)
            scale.run(report, fresh, interpreter, min(args.scale, 100) if args.quick else args.scale)
    finally:
        for s in servers:
            s.stop()

    print()
    print(report.table())
    results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(results, exist_ok=True)
    path = os.path.join(results, "bench-%s.json" % meta["date"].replace(":", ""))
    report.save(path)
    print("\nsaved %s" % path)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
