#!/usr/bin/env python3
"""The fault soak (issue 17): many functions, many clients, every kind of failure, Lamb restarted twice, and then
the books are checked. Not part of the test command (it runs for minutes); run it after changes to the engine, the
sandbox or the async queue:

    python3 Benchmarks/soak.py --lamb .build/debug/lamb [--seconds 120] [--functions 20] [--clients 32]

While 32 clients invoke 20 functions, each invocation picks what the function does: answer, sleep, raise, crash
(exit), overrun its timeout, run out of memory, or fork-bomb its sandbox; a chaos thread kills environments from
outside; Lamb is stopped (SIGTERM) and started again twice. Some invocations are asynchronous: each one Lamb
acknowledges (202) must reach the collector at least once, across the restarts.

Checked at the end, as the issue asks:
- every synchronous caller got a result or a Lambda-shaped error (HTTP status with `x-amzn-ErrorType`, or a
  function error with a Lambda error type); only requests that could not connect while Lamb was restarting are
  retried;
- every acknowledged async event ran at least once;
- after Lamb stops: no process, cgroup, mount or environment directory of it is left.
Exit status 0 when all hold; a table of what happened either way.
"""

import argparse
import collections
import glob
import http.server
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile

import boto3
import botocore.exceptions
from botocore.config import Config

HANDLER = r'''
import json, os, time, urllib.request

def handler(event, context):
    action = event.get("do", "ok")
    if event.get("report"):
        urllib.request.urlopen(event["report"], timeout=30).read()
    if action == "sleep":
        time.sleep(event.get("seconds", 0.2))
    elif action == "raise":
        raise ValueError("asked to fail")
    elif action == "crash":
        os._exit(3)
    elif action == "timeout":
        time.sleep(60)
    elif action == "oom":
        hog = []
        while True:
            hog.append(bytearray(16 * 1024 * 1024))
    elif action == "forkbomb":
        children = 0
        try:
            while children < 5000:
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                children += 1
        except OSError:
            pass
        return {"children": children}
    return {"ok": True, "do": action}
'''

ACTIONS = ["ok"] * 10 + ["sleep"] * 4 + ["raise", "crash", "timeout", "oom", "forkbomb"]
LAMBDA_ERROR_TYPES = ("Runtime.", "Sandbox.", "ValueError")


class Collector(object):
    """Counts async events reporting in (`GET /<id>`)."""

    def __init__(self):
        self.seen = collections.Counter()
        self.lock = threading.Lock()
        collector = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with collector.lock:
                    collector.seen[self.path.strip("/")] += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, event_id):
        return "http://127.0.0.1:%d/%s" % (self.server.server_address[1], event_id)


class Lamb(object):
    """`lamb serve` on a fixed port, so clients keep their endpoint across restarts."""

    def __init__(self, binary, data_dir, port, args):
        self.binary, self.data_dir, self.port, self.args = binary, data_dir, port, args
        self.proc = None
        self.up = threading.Event()

    def start(self):
        log = open(self.data_dir + ".log", "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port), "--data-dir", self.data_dir,
             "--async-retry-scale", "0.01", "--log-level", "warning"] + self.args,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                self.up.set()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("lamb serve did not start; see %s.log" % self.data_dir)

    def stop(self):
        self.up.clear()
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(180)

    def client(self):
        return boto3.client(
            "lambda", endpoint_url="http://127.0.0.1:%d" % self.port, region_name="us-east-1",
            aws_access_key_id="soak", aws_secret_access_key="soak",
            config=Config(retries={"max_attempts": 0}, read_timeout=120, connect_timeout=5))


def make_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("app.py", HANDLER)
    return buffer.getvalue()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Books(object):
    def __init__(self):
        self.lock = threading.Lock()
        self.outcomes = collections.Counter()
        self.violations = []
        self.acknowledged = []

    def count(self, key):
        with self.lock:
            self.outcomes[key] += 1

    def violation(self, text):
        with self.lock:
            self.violations.append(text)


def sync_call(lamb, client, name, action, books):
    payload = {"do": action}
    try:
        response = client.invoke(FunctionName=name, Payload=json.dumps(payload).encode())
        body = response["Payload"].read()
        error = response.get("FunctionError")
        if error:
            kind = json.loads(body).get("errorType", "") if body else ""
            if not kind.startswith(LAMBDA_ERROR_TYPES):
                books.violation("%s/%s: function error without a Lambda type: %r" % (name, action, body[:200]))
            books.count("sync %s -> %s" % (action, kind))
        else:
            books.count("sync %s -> ok" % action)
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        if not e.response["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-errortype"):
            books.violation("%s/%s: HTTP %d without x-amzn-ErrorType" % (name, action, status))
        books.count("sync %s -> %s" % (action, code))
    except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError,
            botocore.exceptions.ReadTimeoutError) as e:
        if lamb.up.is_set():
            books.violation("%s/%s: no answer while Lamb was up: %s" % (name, action, e))
        books.count("sync during restart (retried)")


def async_call(lamb, client, name, collector, books):
    event_id = uuid.uuid4().hex
    payload = {"do": "ok", "report": collector.url(event_id)}
    try:
        response = client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(payload).encode())
        if response["StatusCode"] == 202:
            with books.lock:
                books.acknowledged.append(event_id)
            books.count("async acknowledged")
    except botocore.exceptions.ClientError as e:
        books.count("async refused: %s" % e.response["Error"]["Code"])
    except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError):
        books.count("async during restart (not acknowledged)")


def client_loop(lamb, names, collector, books, stop, seed):
    rng = random.Random(seed)
    client = lamb.client()
    while not stop.is_set():
        lamb.up.wait(60)
        name = rng.choice(names)
        if rng.random() < 0.15:
            async_call(lamb, client, name, collector, books)
        else:
            sync_call(lamb, client, name, rng.choice(ACTIONS), books)


def chaos_loop(lamb, books, stop):
    rng = random.Random(7)
    while not stop.wait(2.0):
        if not lamb.up.is_set():
            continue
        try:
            import urllib.request

            with urllib.request.urlopen("http://127.0.0.1:%d/_lamb/v1/environments" % lamb.port, timeout=10) as r:
                environments = json.loads(r.read())["environments"]
        except OSError:
            continue
        for env in rng.sample(environments, min(2, len(environments))):
            try:
                os.kill(env["pid"], signal.SIGKILL)
                books.count("environments killed from outside")
            except ProcessLookupError:
                pass


def leftovers(data_dir):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                if data_dir.encode() in f.read():
                    found.append("process %s" % entry)
        except OSError:
            pass
    with open("/proc/mounts") as f:
        found += ["mount %s" % line.split()[1] for line in f if data_dir in line]
    envs = os.path.join(data_dir, "envs")
    if os.path.isdir(envs):
        found += ["file %s" % os.path.join(envs, e) for e in os.listdir(envs) if not e.startswith(".")]
    return found


def cgroup_leftovers(before):
    now = set(glob.glob("/sys/fs/cgroup/*/lamb/*/*") + glob.glob("/sys/fs/cgroup/lamb/*/*"))
    return sorted(d for d in now - before if os.path.isdir(d))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lamb", required=True)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--functions", type=int, default=20)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()

    root = tempfile.mkdtemp(prefix="lamb-soak-")
    data_dir = os.path.join(root, "data")
    cgroups_before = set(glob.glob("/sys/fs/cgroup/*/lamb/*/*") + glob.glob("/sys/fs/cgroup/lamb/*/*"))
    lamb = Lamb(os.path.realpath(args.lamb), data_dir, free_port(), [])
    lamb.start()
    client = lamb.client()
    names = []
    for i in range(args.functions):
        name = "soak-%02d" % i
        client.create_function(FunctionName=name, Runtime="python3.11", Handler="app.handler",
                               Role="arn:aws:iam::123456789012:role/soak", Code={"ZipFile": make_zip()},
                               Timeout=3, MemorySize=128)
        client.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=2)
        names.append(name)

    collector = Collector()
    books = Books()
    stop = threading.Event()
    threads = [threading.Thread(target=client_loop, args=(lamb, names, collector, books, stop, i), daemon=True)
               for i in range(args.clients)]
    threads.append(threading.Thread(target=chaos_loop, args=(lamb, books, stop), daemon=True))
    for t in threads:
        t.start()
    started = time.time()
    for restart in (1, 2):
        time.sleep(args.seconds / 3.0)
        print("restart %d at %.0f s" % (restart, time.time() - started), flush=True)
        lamb.stop()
        books.count("restarts")
        lamb.start()
    time.sleep(args.seconds / 3.0)
    stop.set()
    for t in threads:
        t.join(180)

    # Every acknowledged event must report in (retries of the queue included).
    deadline = time.time() + 120
    missing = []
    while time.time() < deadline:
        with collector.lock:
            missing = [e for e in books.acknowledged if collector.seen[e] == 0]
        if not missing:
            break
        time.sleep(1)
    for event_id in missing:
        books.violation("async event %s was acknowledged but never ran" % event_id)
    lamb.stop()
    time.sleep(2)
    for item in leftovers(data_dir) + ["cgroup %s" % d for d in cgroup_leftovers(cgroups_before)]:
        books.violation("left behind: %s" % item)

    print("\n| what | count |\n|---|---|")
    for key, value in sorted(books.outcomes.items()):
        print("| %s | %d |" % (key, value))
    print("| async events that ran (distinct) | %d of %d acknowledged |"
          % (len([e for e in books.acknowledged if collector.seen[e]]), len(books.acknowledged)))
    if books.violations:
        print("\nVIOLATIONS (%d):" % len(books.violations))
        for v in books.violations[:50]:
            print("  " + v)
        sys.exit(1)
    print("\nall checks held (data and log: %s)" % root)


if __name__ == "__main__":
    main()
