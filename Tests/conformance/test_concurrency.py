"""Concurrency: one invocation per environment, scale-out, reuse, reserved concurrency, throttling.

Functions hold their invocation open on a gate the test controls (see conftest.Gate), so "these N run at the same
time" is made true rather than hoped for, and nothing depends on how fast this machine is.
"""

import shutil
import threading
import time

import pytest
from botocore.exceptions import ClientError

from conftest import GATED, error_code, invoke, invoke_many, unique_name, wait_for

THROTTLE_REASON = "ReservedFunctionConcurrentInvocationLimitExceeded"


def _throttles(results):
    return [r for r in results if isinstance(r, ClientError) and error_code(r) == "TooManyRequestsException"]


def _successes(results):
    return [r for r in results if not isinstance(r, Exception) and r.function_error is None]


def _start_many(client, name, count, payload):
    """Starts `count` invocations in threads; returns (results list filled in as they end, threads)."""
    results = [None] * count

    def run(i):
        try:
            results[i] = invoke(client, name, payload)
        except Exception as e:  # noqa: BLE001 - throttles are results here
            results[i] = e

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    return results, threads


def test_concurrent_invocations_get_distinct_environments_then_reuse_them(lam, lamb, functions, gate):
    name = functions.create({"app.py": GATED}, Timeout=120)
    key = unique_name("burst")
    # Each invocation sleeps 1 s after all 20 are inside the handler: 20 invocations at once need 20 environments.
    started = time.monotonic()
    first = invoke_many(lam, name, 20, {"url": gate.barrier_url(key, 20), "sleep": 1})
    elapsed = time.monotonic() - started
    print("20 concurrent cold invocations took %.2f s" % elapsed)
    assert all(not isinstance(r, Exception) and r.function_error is None for r in first), first
    envs = {r.payload["env"] for r in first}
    assert len(envs) == 20
    assert all(r.cold for r in first)
    assert len(lamb.environments(name)) == 20
    assert {e["state"] for e in lamb.environments(name)} == {"idle"}

    key2 = unique_name("burst")
    second = invoke_many(lam, name, 20, {"url": gate.barrier_url(key2, 20), "sleep": 1})
    assert all(not isinstance(r, Exception) and r.function_error is None for r in second), second
    assert {r.payload["env"] for r in second} == envs
    assert not any(r.cold for r in second)
    assert all(r.payload["count"] == 2 for r in second)
    assert len(lamb.environments(name)) == 20


def test_sequential_invocations_reuse_one_environment(lam, lamb, functions):
    name = functions.create({"app.py": GATED})
    envs = {invoke(lam, name).payload["env"] for _ in range(5)}
    assert len(envs) == 1
    summary = lamb.environments(name)
    assert len(summary) == 1
    assert summary[0]["invocations"] == 5
    assert summary[0]["state"] == "idle"


def test_reserved_concurrency_caps_the_function(lam, lamb, functions, gate):
    name = functions.create({"app.py": GATED}, Timeout=120)
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=5)
    key = unique_name("reserved")
    results, threads = _start_many(lam, name, 20, {"url": gate.wait_url(key)})
    try:
        # The 5 that got in are held on the gate, so every other one must come back throttled.
        wait_for(lambda: len(_throttles(results)) >= 15, 60, what="15 throttled invocations")
        wait_for(lambda: gate.count(key) >= 5, 60, what="5 invocations inside the handler")
    finally:
        gate.open(key)
        for t in threads:
            t.join(120)
    throttles = _throttles(results)
    assert len(throttles) == 15
    assert len(_successes(results)) == 5
    for e in throttles:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 429
        assert e.response["Reason"] == THROTTLE_REASON
        assert e.response["Error"]["Message"] == "Rate Exceeded."
        assert e.response["ResponseMetadata"]["HTTPHeaders"]["retry-after"] == "1"
    assert len(lamb.environments(name)) == 5


def test_reserved_concurrency_zero_throttles_everything(lam, lamb, functions):
    name = functions.create({"app.py": GATED})
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    for _ in range(3):
        with pytest.raises(ClientError) as e:
            lam.invoke(FunctionName=name, Payload=b"{}")
        assert error_code(e.value) == "TooManyRequestsException"
        assert e.value.response["Reason"] == THROTTLE_REASON
    results = invoke_many(lam, name, 5)
    assert len(_throttles(results)) == 5
    assert lamb.environments(name) == []
    # DryRun is not an invocation; it is not throttled.
    assert lam.invoke(FunctionName=name, InvocationType="DryRun")["StatusCode"] == 204
    lam.delete_function_concurrency(FunctionName=name)
    assert invoke(lam, name).function_error is None


def test_put_get_delete_function_concurrency(lam, functions):
    name = functions.create({"app.py": GATED})
    limit = lam.get_account_settings()["AccountLimit"]
    unreserved = limit["UnreservedConcurrentExecutions"]
    assert lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions") is None
    assert "Concurrency" not in lam.get_function(FunctionName=name)

    put = lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=7)
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert put["ReservedConcurrentExecutions"] == 7
    assert lam.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 7
    assert lam.get_function(FunctionName=name)["Concurrency"] == {"ReservedConcurrentExecutions": 7}
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == unreserved - 7

    # Changing the reservation replaces it.
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=3)
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == unreserved - 3

    deleted = lam.delete_function_concurrency(FunctionName=name)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    assert lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions") is None
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == unreserved


def test_reservation_may_not_leave_fewer_than_100_unreserved(lam, raw_lam, functions):
    name = functions.create({"app.py": GATED})
    limit = lam.get_account_settings()["AccountLimit"]
    unreserved = limit["UnreservedConcurrentExecutions"]
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=2)
    with pytest.raises(ClientError) as e:
        lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=unreserved - 99)
    assert error_code(e.value) == "InvalidParameterValueException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # The refused value changed nothing.
    assert lam.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 2
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == unreserved - 2
    # Exactly 100 left is allowed.
    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=unreserved - 100)
    assert lam.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == 100
    lam.delete_function_concurrency(FunctionName=name)
    with pytest.raises(ClientError) as e:
        raw_lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=-1)
    assert error_code(e.value) == "InvalidParameterValueException"


def test_reserved_concurrency_survives_a_restart(lamb_servers, functions_on):
    server = lamb_servers.start()
    client = server.client()
    name = functions_on(server).create({"app.py": GATED})
    client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
    server.restart()
    client = server.client()
    assert client.get_function_concurrency(FunctionName=name)["ReservedConcurrentExecutions"] == 0
    assert client.get_account_settings()["AccountLimit"]["UnreservedConcurrentExecutions"] == 1000
    with pytest.raises(ClientError) as e:
        client.invoke(FunctionName=name, Payload=b"{}")
    assert e.value.response["Reason"] == THROTTLE_REASON


# A custom runtime in a few lines of shell: 100 of them start far faster than 100 Python interpreters, which keeps
# the account-limit test cheap on a small machine. Each event is a URL to wait on before answering.
GATED_BOOTSTRAP = r"""#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
HEADERS="${TMPDIR:-/tmp}/headers"
while true; do
  URL=$(curl -sS -D "$HEADERS" "$API/invocation/next" | tr -d '"')
  ID=$(grep -i '^Lambda-Runtime-Aws-Request-Id:' "$HEADERS" | tr -d '[:space:]' | cut -d: -f2)
  curl -sS --max-time 150 "$URL" > /dev/null
  curl -sS -X POST "$API/invocation/$ID/response" -d '"done"' > /dev/null
done
"""


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_account_concurrency_limit(lamb_servers, functions_on, gate):
    """With the account limit at its minimum (100), the 101st invocation in flight is throttled."""
    # A generous init timeout: 100 cold starts at once on a busy 2-core machine can take a while.
    server = lamb_servers.start("--concurrency-limit", "100", "--init-timeout", "60s")
    client = server.client()
    name = functions_on(server).create({"bootstrap": GATED_BOOTSTRAP}, runtime="provided.al2023", Timeout=300)
    key = unique_name("account")
    results, threads = _start_many(client, name, 100, gate.wait_url(key))
    try:
        try:
            wait_for(lambda: gate.count(key) >= 100, 120, 0.2, "100 invocations in flight")
        except AssertionError:
            done = [r for r in results if r is not None]
            raise AssertionError("%d at the gate; finished early: %r; environments: %r" % (
                gate.count(key), done[:5], [e["state"] for e in server.environments(name)]))
        with pytest.raises(ClientError) as e:
            client.invoke(FunctionName=name, Payload=b"{}")
        assert error_code(e.value) == "TooManyRequestsException"
        assert e.value.response["Reason"] == "ConcurrentInvocationLimitExceeded"
    finally:
        gate.open(key)
        for t in threads:
            t.join(120)
    assert len(_successes(results)) == 100
    assert {r.payload for r in results} == {"done"}


def test_scale_out_rate_limit(lamb_servers, functions_on, gate):
    """`--scale-out-limit 2`: a third new environment within the window is refused; warm ones are not limited."""
    server = lamb_servers.start("--scale-out-limit", "2")
    client = server.client()
    name = functions_on(server).create({"app.py": GATED}, Timeout=120)
    key = unique_name("scale")
    results, threads = _start_many(client, name, 3, {"url": gate.wait_url(key)})
    try:
        wait_for(lambda: len(_throttles(results)) >= 1, 60, what="a throttled invocation")
    finally:
        gate.open(key)
        for t in threads:
            t.join(120)
    throttles = _throttles(results)
    assert len(throttles) == 1
    assert throttles[0].response["Reason"] == "FunctionInvocationRateLimitExceeded"
    assert len(_successes(results)) == 2
    # The two environments are warm now: reusing them needs no new token.
    for _ in range(4):
        assert invoke(client, name).function_error is None
