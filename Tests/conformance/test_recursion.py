"""Recursive loop detection: a function that keeps invoking itself asynchronously (through boto3 inside the function,
which sends its `_X_AMZN_TRACE_ID` on as Lambda's SDKs do) runs 16 times in one chain; the 17th invocation is stopped
and its event goes to the OnFailure destination, as Lambda does by default. A chain through a Lambda destination is
counted the same way."""

import json


from async_support import sink
from conftest import wait_for

QUEUE = "arn:aws:sqs:us-east-1:000000000000:recursion-failures"

LOOP = """
import json, os
import boto3
from botocore.config import Config

def handler(event, context):
    n = event.get("n", 0) + 1
    if n < event.get("stop", 40):
        client = boto3.client("lambda", endpoint_url=os.environ["AWS_ENDPOINT_URL_LAMBDA"],
                              config=Config(retries={"max_attempts": 0}))
        client.invoke(FunctionName=context.function_name, InvocationType="Event",
                      Payload=json.dumps({"n": n, "stop": event.get("stop", 40)}))
    return {"n": n, "trace": os.environ.get("_X_AMZN_TRACE_ID", "")}
"""

ECHO = "def handler(event, context):\n    return {\"ok\": True}\n"


def history(server, function):
    return json.loads(server.get("/_lamb/v1/history?limit=10000&function=" + function))["invocations"]


def test_a_function_invoking_itself_is_stopped_after_16_invocations(lamb, lam, functions):
    name = functions.create({"app.py": LOOP}, Timeout=30)
    lam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0,
                                         DestinationConfig={"OnFailure": {"Destination": QUEUE}})
    lam.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"n": 0}')

    record = wait_for(lambda: next((m for m in sink(lamb, QUEUE) if m["function"] == name), None), 120, 0.2,
                      "the stopped invocation's OnFailure record")
    body = record["body"]
    assert body["requestContext"]["condition"] == "RecursiveInvocationException"
    assert body["requestContext"]["approximateInvokeCount"] == 0
    assert body["requestPayload"]["n"] == 16  # sent by the 16th run: the 17th never ran
    wait_for(lambda: len(history(lamb, name)) >= 16, 60, 0.2, "16 invocations in the history")
    assert len(history(lamb, name)) == 16
    assert "recursive loop detected" in lamb.log()


def test_a_chain_that_ends_by_itself_before_the_limit_runs_to_its_end(lamb, lam, functions):
    name = functions.create({"app.py": LOOP}, Timeout=30)
    lam.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"n": 0, "stop": 5}')
    wait_for(lambda: len(history(lamb, name)) == 5, 60, 0.2, "five invocations")


def test_a_loop_through_a_lambda_destination_is_counted_too(lamb, lam, functions):
    # Two functions whose OnSuccess destinations point at each other: the chain alternates, each counted on its own.
    first = functions.create({"app.py": ECHO})
    second = functions.create({"app.py": ECHO})
    arn = lambda n: lam.get_function_configuration(FunctionName=n)["FunctionArn"]
    for this, other in ((first, second), (second, first)):
        lam.put_function_event_invoke_config(
            FunctionName=this, MaximumRetryAttempts=0,
            DestinationConfig={"OnSuccess": {"Destination": arn(other)}, "OnFailure": {"Destination": QUEUE}})
    lam.invoke(FunctionName=first, InvocationType="Event", Payload=b'{"start": true}')
    record = wait_for(lambda: next((m for m in sink(lamb, QUEUE) if m["function"] in (first, second)), None), 120,
                      0.2, "the stopped invocation's OnFailure record")
    assert record["body"]["requestContext"]["condition"] == "RecursiveInvocationException"
    assert record["function"] == first
    wait_for(lambda: len(history(lamb, first)) == 16 and len(history(lamb, second)) == 16, 60, 0.2,
             "16 invocations of each")


def test_a_function_that_allows_loops_runs_past_16(lamb, lam, functions):
    name = functions.create({"app.py": LOOP}, Timeout=30)
    lam.put_function_recursion_config(FunctionName=name, RecursiveLoop="Allow")
    lam.invoke(FunctionName=name, InvocationType="Event", Payload=b'{"n": 0, "stop": 20}')
    wait_for(lambda: len(history(lamb, name)) == 20, 120, 0.2, "twenty invocations")
