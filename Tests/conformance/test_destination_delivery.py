"""Destinations and dead-letter queues delivered for real: to SQS, SNS, EventBridge and S3 on moto_server.

`lamb serve --aws-endpoint` sends each async invocation record (OnSuccess / OnFailure) and each dead letter to the
service its ARN names; the tests read them back from moto with boto3. A delivery that fails stays pending and is
retried, across a `kill -9` of Lamb, until the target exists.
"""

import json
import signal

import pytest

from async_support import sink
from conftest import Functions, unique_name, wait_for
from moto_support import ACCOUNT, REGION, aws_client, drain, make_queue, moto  # noqa: F401 (moto is a fixture)


@pytest.fixture(scope="module")
def server(moto, module_servers):
    return module_servers.start("--aws-endpoint", moto, "--async-retry-scale", "0.01", name="destinations")


@pytest.fixture
def functions(server, request):
    f = Functions(server.client(), request.node.name.replace("test_", "d-").replace("_", "-")[:30])
    yield f
    f.cleanup()


@pytest.fixture(scope="module")
def sqs(moto):
    return aws_client(moto, "sqs")


# The function fails when its event says so, else answers what it got.
FAILING = """
def handler(event, context):
    if event.get("fail"):
        raise RuntimeError("asked to fail")
    return {"ok": event}
"""


def make_function(functions, **settings):
    return functions.create({"app.py": FAILING}, **settings)


def invoke_async(client, name, payload):
    response = client.invoke(FunctionName=name, InvocationType="Event", Payload=json.dumps(payload).encode())
    assert response["StatusCode"] == 202
    return response["ResponseMetadata"]["RequestId"]


def wait_in_queue(sqs, url, predicate, what, timeout=90):
    """The first message of `url` whose parsed body satisfies `predicate` (other messages are dropped)."""

    def find():
        for message in drain(sqs, url):
            body = json.loads(message["Body"])
            if predicate(body):
                return message, body
        return None

    return wait_for(find, timeout, 0.5, what)


def delivered(server, target, request_id):
    def check():
        found = [m for m in sink(server, target) if m["requestId"] == request_id]
        return found and found[0]["delivery"]["state"] == "delivered" and found[0]

    return wait_for(check, 60, 0.2, "the sink to say the message for %s was delivered" % request_id)


def test_on_failure_record_lands_in_an_sqs_queue(server, functions, sqs):
    url, arn = make_queue(sqs, unique_name("onfail"))
    name = make_function(functions)
    client = server.client()
    client.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": arn}})
    request_id = invoke_async(client, name, {"fail": True, "n": 1})

    _, record = wait_in_queue(
        sqs, url, lambda b: b["requestContext"]["requestId"] == request_id, "the OnFailure record in SQS")
    assert record["version"] == "1.0"
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    assert record["requestContext"]["approximateInvokeCount"] == 1
    assert record["requestContext"]["functionArn"].endswith(":function:%s:$LATEST" % name)
    assert record["requestPayload"] == {"fail": True, "n": 1}
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorMessage"] == "asked to fail"
    message = delivered(server, arn, request_id)
    assert message["delivery"]["attempts"] == 1


def test_dead_letter_queue_gets_the_event_with_lambdas_attributes(server, functions, sqs):
    url, arn = make_queue(sqs, unique_name("dlq"))
    name = make_function(functions, DeadLetterConfig={"TargetArn": arn})
    client = server.client()
    client.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0)
    request_id = invoke_async(client, name, {"fail": True, "n": 2})

    message, body = wait_in_queue(sqs, url, lambda b: b.get("n") == 2, "the dead letter in SQS")
    assert body == {"fail": True, "n": 2}
    attributes = message["MessageAttributes"]
    assert attributes["RequestID"] == {"StringValue": request_id, "DataType": "String"}
    assert attributes["ErrorCode"] == {"StringValue": "200", "DataType": "Number"}
    assert attributes["ErrorMessage"] == {"StringValue": "asked to fail", "DataType": "String"}


def test_on_success_to_an_sns_topic_reaches_its_subscribed_queue(server, functions, sqs, moto):
    sns = aws_client(moto, "sns")
    topic = sns.create_topic(Name=unique_name("topic"))["TopicArn"]
    url, queue_arn = make_queue(sqs, unique_name("fanout"))
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    name = make_function(functions)
    client = server.client()
    client.put_function_event_invoke_config(FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": topic}})
    request_id = invoke_async(client, name, {"n": 3})

    _, record = wait_in_queue(
        sqs, url, lambda b: b["requestContext"]["requestId"] == request_id, "the OnSuccess record through SNS")
    assert record["requestContext"]["condition"] == "Success"
    assert record["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    assert record["responsePayload"] == {"ok": {"n": 3}}
    delivered(server, topic, request_id)


def test_on_success_to_an_eventbridge_bus_reaches_a_rules_target(server, functions, sqs, moto):
    events = aws_client(moto, "events")
    bus = events.create_event_bus(Name=unique_name("bus"))["EventBusArn"]
    url, queue_arn = make_queue(sqs, unique_name("rule-target"))
    rule = unique_name("rule")
    events.put_rule(Name=rule, EventBusName=bus, EventPattern=json.dumps({"source": ["lambda"]}))
    events.put_targets(Rule=rule, EventBusName=bus, Targets=[{"Id": "q", "Arn": queue_arn}])
    name = make_function(functions)
    client = server.client()
    client.put_function_event_invoke_config(FunctionName=name, DestinationConfig={"OnSuccess": {"Destination": bus}})
    request_id = invoke_async(client, name, {"n": 4})

    _, event = wait_in_queue(
        sqs, url, lambda b: b.get("detail", {}).get("requestContext", {}).get("requestId") == request_id,
        "the EventBridge event in the rule's queue")
    assert event["source"] == "lambda"
    assert event["detail-type"] == "Lambda Function Invocation Result - Success"
    assert event["detail"]["responsePayload"] == {"ok": {"n": 4}}
    assert any(r.endswith(":function:%s" % name) for r in event["resources"])


def test_on_failure_to_an_s3_bucket_writes_the_record_under_lambdas_key(server, functions, moto):
    s3 = aws_client(moto, "s3")
    bucket = unique_name("bucket").lower()
    s3.create_bucket(Bucket=bucket)
    name = make_function(functions)
    client = server.client()
    client.put_function_event_invoke_config(
        FunctionName=name, MaximumRetryAttempts=0,
        DestinationConfig={"OnFailure": {"Destination": "arn:aws:s3:::%s" % bucket}})
    request_id = invoke_async(client, name, {"fail": True, "n": 5})

    prefix = "aws/lambda/async/%s/" % name
    keys = wait_for(
        lambda: [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])],
        90, 0.5, "the OnFailure record in S3")
    assert len(keys) == 1
    record = json.loads(s3.get_object(Bucket=bucket, Key=keys[0])["Body"].read())
    assert record["requestContext"]["requestId"] == request_id
    assert record["requestContext"]["condition"] == "RetriesExhausted"


def test_a_failing_delivery_is_retried_across_a_kill_until_the_queue_exists(moto, module_servers, sqs):
    server = module_servers.start("--aws-endpoint", moto, name="redelivery")
    client = server.client()
    f = Functions(client, "redeliver")
    try:
        name = make_function(f)
        queue = unique_name("later")
        arn = "arn:aws:sqs:%s:%s:%s" % (REGION, ACCOUNT, queue)
        client.put_function_event_invoke_config(
            FunctionName=name, MaximumRetryAttempts=0, DestinationConfig={"OnFailure": {"Destination": arn}})
        request_id = invoke_async(client, name, {"fail": True, "n": 6})

        def failing():
            found = [m for m in sink(server, arn) if m["requestId"] == request_id]
            return found and found[0]["delivery"]["attempts"] >= 1 and found[0]

        message = wait_for(failing, 60, 0.2, "a failed delivery attempt")
        assert message["delivery"]["state"] == "pending"
        error = message["delivery"]["lastError"]
        assert "QueueDoesNotExist" in error or "NonExistentQueue" in error

        server.stop(signal.SIGKILL)
        url, _ = make_queue(sqs, queue)
        server.start()
        _, record = wait_in_queue(
            sqs, url, lambda b: b["requestContext"]["requestId"] == request_id, "the record after the restart")
        assert record["requestPayload"] == {"fail": True, "n": 6}
        assert delivered(server, arn, request_id)["delivery"]["attempts"] >= 2
    finally:
        f.client = server.client()
        f.cleanup()
