"""A SAM project's queues and event sources, served with `lamb serve` in its directory against moto_server.

The template declares an SQS queue with a redrive policy to a second queue, a function with an `SQS` event on it, and
an `AWS::Lambda::EventSourceMapping` from a Kinesis stream to another function. Lamb creates the queues on the
endpoint and the mappings from the template; messages and records reach the functions; editing the template changes
and removes the mappings.
"""

import json
import os
import tempfile

import pytest

from async_support import recorder  # noqa: F401 (a fixture)
from conftest import LambServer, unique_name, wait_for
from moto_support import ACCOUNT, aws_client, moto  # noqa: F401 (moto is a fixture)

REPORTING = """
import base64, json, os, urllib.request

def handler(event, context):
    body = json.dumps({"records": event["Records"], "key": os.environ["KEY"]}).encode()
    request = urllib.request.Request(os.environ["RECORDER"] + "/post/" + os.environ["KEY"], data=body, method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    return {}
"""

TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: %(prefix)s-jobs
      VisibilityTimeout: 10
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt JobsDLQ.Arn
        maxReceiveCount: 3
  JobsDLQ:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: %(prefix)s-jobs-dlq
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.11
      Timeout: 5
      Environment:
        Variables:
          RECORDER: %(recorder)s
          KEY: worker
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: %(batch)d
            FunctionResponseTypes: [ReportBatchItemFailures]
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.11
      Environment:
        Variables:
          RECORDER: %(recorder)s
          KEY: reader
%(reader_mapping)s"""

READER_MAPPING = """\
  ReaderMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Reader
      EventSourceArn: !Sub arn:aws:kinesis:${AWS::Region}:${AWS::AccountId}:stream/%(prefix)s-clicks
      StartingPosition: TRIM_HORIZON
      BatchSize: 10
"""


@pytest.fixture(scope="module")
def prefix():
    return unique_name("tpl")


@pytest.fixture(scope="module")
def project(lamb_root, recorder, prefix):
    root = tempfile.mkdtemp(prefix="sam-events-", dir=lamb_root)
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "app.py"), "w") as f:
        f.write(REPORTING)
    write_template(root, recorder, prefix, batch=5, reader=True)
    return root


def write_template(root, recorder, prefix, batch, reader):
    values = {"prefix": prefix, "recorder": recorder.base, "batch": batch}
    values["reader_mapping"] = READER_MAPPING % values if reader else ""
    with open(os.path.join(root, "template.yaml"), "w") as f:
        f.write(TEMPLATE % values)


@pytest.fixture(scope="module")
def server(moto, lamb_root, project, prefix):
    kinesis = aws_client(moto, "kinesis")
    kinesis.create_stream(StreamName=prefix + "-clicks", ShardCount=1)
    wait_for(lambda: kinesis.describe_stream_summary(StreamName=prefix + "-clicks")["StreamDescriptionSummary"]
             ["StreamStatus"] == "ACTIVE", 60, 0.2, "the stream")
    # The template's ARNs name Lamb's account; moto's is ACCOUNT: Lamb serves under it, as it would under AWS's.
    server = LambServer(tempfile.mkdtemp(prefix="data-", dir=lamb_root),
                        ["--aws-endpoint", moto, "--account-id", ACCOUNT], name="sam-events", cwd=project)
    server.start(timeout=180)
    yield server
    server.stop()


def mappings_of(lam, function):
    return lam.list_event_source_mappings(FunctionName=function)["EventSourceMappings"]


def test_the_templates_queues_are_created_on_the_endpoint(server, moto, prefix):
    sqs = aws_client(moto, "sqs")
    url = sqs.get_queue_url(QueueName=prefix + "-jobs")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
    assert attributes["VisibilityTimeout"] == "10"
    redrive = json.loads(attributes["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":%s-jobs-dlq" % prefix)
    assert int(redrive["maxReceiveCount"]) == 3


def test_an_sqs_event_makes_a_mapping_that_delivers_messages(server, moto, prefix, recorder):
    lam = server.client()
    [mapping] = mappings_of(lam, "Worker")
    assert mapping["EventSourceArn"] == "arn:aws:sqs:us-east-1:%s:%s-jobs" % (ACCOUNT, prefix)
    assert mapping["BatchSize"] == 5
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    sqs = aws_client(moto, "sqs")
    url = sqs.get_queue_url(QueueName=prefix + "-jobs")["QueueUrl"]
    for n in range(7):
        sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"n": n}))

    def bodies():
        return sorted(json.loads(r["body"])["n"] for report in recorder.bodies("worker") for r in report["records"])

    wait_for(lambda: bodies() == list(range(7)), 90, 0.3, "the 7 messages at the worker")


def test_an_event_source_mapping_resource_reads_the_stream(server, moto, prefix, recorder):
    lam = server.client()
    [mapping] = mappings_of(lam, "Reader")
    assert mapping["StartingPosition"] == "TRIM_HORIZON"
    kinesis = aws_client(moto, "kinesis")
    for n in range(4):
        kinesis.put_record(StreamName=prefix + "-clicks", Data=json.dumps({"click": n}).encode(), PartitionKey="k")

    def clicks():
        import base64
        return [json.loads(base64.b64decode(r["kinesis"]["data"]))["click"]
                for report in recorder.bodies("reader") for r in report["records"]]

    wait_for(lambda: clicks() == [0, 1, 2, 3], 90, 0.3, "the 4 records at the reader, in order")


def test_editing_the_template_updates_and_removes_mappings(server, project, recorder, prefix):
    lam = server.client()
    [before] = mappings_of(lam, "Worker")
    write_template(project, recorder, prefix, batch=8, reader=False)
    wait_for(lambda: mappings_of(lam, "Worker")[0]["BatchSize"] == 8, 90, 0.3, "the new batch size")
    [after] = mappings_of(lam, "Worker")
    assert after["UUID"] == before["UUID"]
    wait_for(lambda: mappings_of(lam, "Reader") == [], 90, 0.3, "the removed mapping to go")


def test_a_restart_keeps_the_templates_mappings(server):
    lam = server.client()
    before = {m["UUID"] for m in lam.list_event_source_mappings()["EventSourceMappings"]}
    server.restart()
    lam = server.client()
    after = {m["UUID"] for m in lam.list_event_source_mappings()["EventSourceMappings"]}
    assert before == after and before
