"""Scenario 10: what the HTTP gateway adds. The same warm no-op function on one server, called through the Invoke API
and through its Function URL (the path form, `/lambda-url/<url-id>/`, on `--gateway-port`), with the same wrk
connections and duration as scenario 1. Issue 16 asks that the gateway add at most 50 µs at p50."""

import json
import statistics
import urllib.parse
import urllib.request

from .tools import wrk
from .warm import cpu_seconds, latency_us, wrk_measuring

# A proxy result, as a function behind a Function URL returns: the gateway answers 200 "ok"; Invoke returns it as is.
HANDLER = 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n'
NAME = "gateway-noop"
TARGET_US = 50
SCENARIO = "10 gateway"


def function_url(server, name):
    """The path form of `name`'s new Function URL on `server`'s gateway."""
    created = server.client().create_function_url_config(FunctionName=name, AuthType="NONE")
    url_id = urllib.parse.urlsplit(created["FunctionUrl"]).hostname.split(".")[0]
    return "%s/lambda-url/%s/" % (server.gateway_url, url_id)


def post(url):
    request = urllib.request.Request(url, data=b"{}", headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as r:
        return r.status, r.read()


def check(invoke, gateway):
    """Both paths answer as they should before anything is timed (a 4xx would be timed as fast as a success)."""
    status, body = post(invoke)
    if status != 200 or json.loads(body) != {"statusCode": 200, "body": "ok"}:
        raise RuntimeError("Invoke answered %d %r" % (status, body))
    status, body = post(gateway)
    if status != 200 or body != b"ok":
        raise RuntimeError("the gateway answered %d %r" % (status, body))


def median_of(results):
    """Each percentile's median over rounds (one round: that round)."""
    keys = ("min", "p50", "p90", "p99", "max")
    return {k: statistics.median(r[k] for r in results) for k in keys} | {"n": sum(r["n"] for r in results)}


def measure(server, urls, clients, seconds, rounds):
    """`rounds` wrk runs of each URL, alternating which goes first, with Lamb's CPU per request."""
    runs = {kind: [] for kind in urls}
    for i in range(rounds):
        order = list(urls.items()) if i % 2 == 0 else list(reversed(urls.items()))
        for kind, url in order:
            runs[kind].append(wrk_measuring(url, clients, seconds, {"lamb": lambda: cpu_seconds([server.proc.pid])}))
    return runs


def run(report, server, seconds, rounds):
    """`server` was started with `--gateway-port 0`."""
    server.create(NAME, {"app.py": HANDLER})
    invoke = server.invoke_url(NAME)
    gateway = function_url(server, NAME)
    check(invoke, gateway)
    urls = {"invoke": invoke, "gateway": gateway}
    for url in urls.values():
        wrk(url, 1, 2)  # warm-up: the environment exists and both paths are paged in

    # Latency, one connection (as scenario 1).
    runs = measure(server, urls, 1, seconds, rounds)
    direct = median_of([latency_us(r) for r in runs["invoke"]])
    through = median_of([latency_us(r) for r in runs["gateway"]])
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    rounds_note = "" if rounds == 1 else "; each figure the median of %d alternating %d s runs" % (rounds, seconds)
    report.add(SCENARIO, "direct Invoke round trip (1 client)", "µs", direct,
               note="wrk, 1 connection, keep-alive, POST /2015-03-31/functions/%s/invocations%s; %d errors"
               % (NAME, rounds_note, errors))
    report.add(SCENARIO, "Function URL round trip (1 client)", "µs", through, direct, "direct Invoke",
               note="the same function through the gateway, POST /lambda-url/<url-id>/ (payload 2.0 event)")
    added = [g["p50"] - i["p50"] for g, i in zip(runs["gateway"], runs["invoke"])]
    added_p50 = statistics.median(added)
    report.add(SCENARIO, "gateway added p50", "µs", added_p50, TARGET_US, "target (issue 16)",
               note="target ≤ %d µs: %s%s" % (TARGET_US, "met" if added_p50 <= TARGET_US else "NOT met",
                                               "" if rounds == 1 else "; per round: %s µs" % ", ".join(
                                                   "%d" % a for a in added)))
    report.add(SCENARIO, "gateway added p99", "µs", through["p99"] - direct["p99"])
    rate = {kind: statistics.median(r["rate"] for r in rs) for kind, rs in runs.items()}
    report.add(SCENARIO, "Function URL throughput (1 client)", "req/s", round(rate["gateway"]),
               round(rate["invoke"]), "direct Invoke")
    cpu = {kind: statistics.median(r["cpu_us"]["lamb"] for r in rs) for kind, rs in runs.items()}
    report.add(SCENARIO, "Lamb CPU per request, Function URL (1 client)", "µs", round(cpu["gateway"]),
               round(cpu["invoke"]), "direct Invoke")

    # Throughput with the load scenario 2 peaks at (4 connections, after scaling out to 4 environments).
    wrk(invoke, 4, 2)
    wrk(gateway, 4, 2)
    runs = measure(server, urls, 4, seconds, rounds)
    rate = {kind: statistics.median(r["rate"] for r in rs) for kind, rs in runs.items()}
    cpu = {kind: statistics.median(r["cpu_us"]["lamb"] for r in rs) for kind, rs in runs.items()}
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    report.add(SCENARIO, "Function URL throughput (4 clients)", "req/s", round(rate["gateway"]),
               round(rate["invoke"]), "direct Invoke", note=None if not errors else "%d errors" % errors)
    report.add(SCENARIO, "Lamb CPU per request, Function URL (4 clients)", "µs", round(cpu["gateway"]),
               round(cpu["invoke"]), "direct Invoke")
