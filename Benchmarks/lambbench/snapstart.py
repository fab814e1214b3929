"""Scenario 8: SnapStart restores of a function whose init imports boto3 and makes a client (~0.5 s of init),
against a full cold start of the same function."""

import base64
import threading
import time

from .stats import distribution
from .tools import report_field

HEAVY = (
    "import time, boto3\n"
    "client = boto3.client('s3', region_name='us-east-1')\n"
    "def handler(event, context):\n"
    "    time.sleep(event.get('hold', 0))\n"
    "    return {}\n")


def _burst(lam, qualified, count, hold):
    """`count` concurrent invocations (each holds its environment `hold` s, so each gets its own); REPORT logs."""
    logs = [None] * count

    def one(i):
        r = lam.invoke(FunctionName=qualified, Payload=b'{"hold": %f}' % hold, LogType="Tail")
        r["Payload"].read()
        logs[i] = base64.b64decode(r["LogResult"]).decode()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return [log for log in logs if log]


def run(report, server, rounds, per_round):
    """`server` must run with a short --keep-alive, so that each round starts from no environments."""
    lam = server.client()
    name = server.create("snap", {"app.py": HEAVY}, memory=1769, timeout=60)
    lam.update_function_configuration(FunctionName=name, SnapStart={"ApplyOn": "PublishedVersions"})
    version = lam.publish_version(FunctionName=name)["Version"]
    deadline = time.time() + 120
    while lam.get_function_configuration(FunctionName=name, Qualifier=version)["State"] != "Active":
        if time.time() > deadline:
            report.add("8 SnapStart restore", "Restore Duration", "ms", None, note="the version never became Active")
            return
        time.sleep(0.2)
    qualified = "%s:%s" % (name, version)
    # One restore at a time first (each after the previous environment was reaped).
    time.sleep(2.0)
    singles = []
    for _ in range(rounds * 2):
        for log in _burst(lam, qualified, 1, 0.0):
            value = report_field(log, "Restore Duration")
            if value is not None:
                singles.append(value)
        time.sleep(2.0)
    restores, first_round, inits = [], [], []
    for index in range(rounds):
        for log in _burst(lam, qualified, per_round, 0.5):
            value = report_field(log, "Restore Duration")
            if value is not None:
                restores.append(value)
                if index == 0:
                    first_round.append(value)
        for log in _burst(lam, name, min(per_round, 5), 0.5):
            value = report_field(log, "Init Duration")
            if value is not None:
                inits.append(value)
        time.sleep(3.0)  # past the keep-alive: the next round restores again
    report.add("8 SnapStart restore", "Restore Duration, one at a time", "ms", distribution(singles),
               distribution(inits), "full init ($LATEST)", note="%d restores" % len(singles))
    report.add("8 SnapStart restore", "Restore Duration, bursts of %d" % per_round, "ms", distribution(restores),
               distribution(inits), "full init ($LATEST)", note="%d restores in %d rounds" % (len(restores), rounds))
    # The first burst finds only the minimum of spares (the version has not seen a burst yet): most of it forks.
    report.add("8 SnapStart restore", "Restore Duration, first burst only", "ms", distribution(first_round),
               distribution(inits), "full init ($LATEST)", note="%d restores" % len(first_round))
