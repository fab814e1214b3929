"""`lamb generate-event SERVICE EVENT`: SAM CLI's names and options, JSON on stdout, events real handlers accept."""

import base64
import hashlib
import json
import subprocess
import urllib.parse

import pytest

from conftest import LAMB_BIN

EVENTS = [
    ("apigateway", "aws-proxy"),
    ("apigateway", "http-api-proxy"),
    ("apigateway", "authorizer"),
    ("s3", "put"),
    ("s3", "delete"),
    ("sqs", "receive-message"),
    ("sns", "notification"),
    ("dynamodb", "update"),
    ("kinesis", "get-records"),
    ("eventbridge", "scheduled-event"),
    ("cloudwatch", "scheduled-event"),
    ("cloudfront", "simple-remote-call"),
]


def generate(*args):
    """Runs `lamb generate-event ARGS...` (no server) and returns (exit code, stdout, stderr)."""
    done = subprocess.run([LAMB_BIN, "generate-event"] + list(args), capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def event(*args):
    code, out, err = generate(*args)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize("service, name", EVENTS)
def test_every_event_is_pretty_json(service, name):
    code, out, err = generate(service, name)
    assert code == 0, err
    parsed = json.loads(out)
    assert isinstance(parsed, dict) and parsed
    assert "\n  " in out  # pretty-printed


def test_without_arguments_the_services_are_listed():
    code, out, _ = generate()
    assert code == 0
    for service in ("apigateway", "s3", "sqs", "sns", "dynamodb", "kinesis", "eventbridge", "cloudwatch", "cloudfront"):
        assert service in out
    code, out, _ = generate("s3")
    assert code == 0
    assert "put" in out and "delete" in out
    code, out, _ = generate("apigateway")
    assert "aws-proxy" in out and "http-api-proxy" in out and "authorizer" in out


def test_unknown_services_and_options_are_refused():
    assert generate("nosuch", "event")[0] != 0
    assert generate("s3", "nosuch")[0] != 0
    assert generate("s3", "put", "--nosuch", "x")[0] != 0


def test_s3_options_land_in_the_record():
    record = event("s3", "put", "--bucket", "photos", "--key", "2024/my cat.jpg", "--region", "eu-west-1")["Records"][0]
    assert record["eventSource"] == "aws:s3" and record["eventName"] == "ObjectCreated:Put"
    assert record["awsRegion"] == "eu-west-1"
    assert record["s3"]["bucket"]["name"] == "photos"
    assert record["s3"]["bucket"]["arn"] == "arn:aws:s3:::photos"
    # Keys arrive URL-encoded, as S3 sends them.
    assert record["s3"]["object"]["key"] == "2024/my+cat.jpg"
    assert urllib.parse.unquote_plus(record["s3"]["object"]["key"]) == "2024/my cat.jpg"
    assert record["s3"]["object"]["size"] > 0
    deleted = event("s3", "delete", "--bucket", "photos")["Records"][0]
    assert deleted["eventName"] == "ObjectRemoved:Delete" and "size" not in deleted["s3"]["object"]


def test_sqs_options_land_in_the_record():
    record = event("sqs", "receive-message", "--queue-name", "orders", "--body", '{"id": 7}', "--account-id",
                   "111122223333")["Records"][0]
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == "arn:aws:sqs:us-east-1:111122223333:orders"
    assert record["body"] == '{"id": 7}'
    assert record["md5OfBody"] == hashlib.md5(b'{"id": 7}').hexdigest()
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    by_arn = event("sqs", "receive-message", "--queue-arn", "arn:aws:sqs:eu-north-1:444455556666:q2")["Records"][0]
    assert by_arn["eventSourceARN"] == "arn:aws:sqs:eu-north-1:444455556666:q2"
    assert by_arn["awsRegion"] == "eu-north-1"


def test_api_gateway_options_land_in_the_events():
    v1 = event("apigateway", "aws-proxy", "--method", "GET", "--path", "/users/42", "--resource", "/users/{id}",
               "--stage", "dev", "--body", "hello")
    assert (v1["httpMethod"], v1["path"], v1["resource"], v1["body"]) == ("GET", "/users/42", "/users/{id}", "hello")
    assert v1["pathParameters"] == {"id": "42"}
    assert v1["requestContext"]["stage"] == "dev" and v1["requestContext"]["resourcePath"] == "/users/{id}"
    assert v1["isBase64Encoded"] is False
    proxy = event("apigateway", "aws-proxy", "--path", "a/b/c")
    assert proxy["path"] == "/a/b/c" and proxy["pathParameters"] == {"proxy": "a/b/c"}

    v2 = event("apigateway", "http-api-proxy", "--method", "PUT", "--path", "/items/9", "--body", "{}")
    assert v2["version"] == "2.0"
    assert v2["requestContext"]["http"]["method"] == "PUT" and v2["rawPath"] == "/items/9"
    assert v2["body"] == "{}"
    assert all(name == name.lower() for name in v2["headers"])

    auth = event("apigateway", "authorizer", "--restApiId", "abc123", "--stage", "beta", "--method", "GET",
                 "--resource", "/pets", "--region", "us-west-2", "--account-id", "111122223333")
    assert auth["type"] == "TOKEN"
    assert auth["methodArn"] == "arn:aws:execute-api:us-west-2:111122223333:abc123/beta/GET/pets"


def test_other_options_land_in_their_fields():
    sns = event("sns", "notification", "--topic", "alerts", "--subject", "S", "--message", "M")["Records"][0]["Sns"]
    assert (sns["TopicArn"], sns["Subject"], sns["Message"]) == ("arn:aws:sns:us-east-1:123456789012:alerts", "S", "M")
    ddb = event("dynamodb", "update", "--table", "Orders", "--region", "ap-south-1")["Records"]
    assert [r["eventName"] for r in ddb] == ["INSERT", "MODIFY", "REMOVE"]
    assert all(":table/Orders/stream/" in r["eventSourceARN"] and r["awsRegion"] == "ap-south-1" for r in ddb)
    kinesis = event("kinesis", "get-records", "--data", "payload", "--partition-key", "pk", "--sequence", "77")
    record = kinesis["Records"][0]["kinesis"]
    assert base64.b64decode(record["data"]) == b"payload"
    assert (record["partitionKey"], record["sequenceNumber"]) == ("pk", "77")
    for service in ("eventbridge", "cloudwatch"):
        scheduled = event(service, "scheduled-event", "--rule", "nightly")
        assert scheduled["detail-type"] == "Scheduled Event" and scheduled["source"] == "aws.events"
        assert scheduled["resources"] == ["arn:aws:events:us-east-1:123456789012:rule/nightly"]
    cf = event("cloudfront", "simple-remote-call", "--uri", "/img/a.png", "--method", "HEAD")["Records"][0]["cf"]
    assert (cf["request"]["uri"], cf["request"]["method"]) == ("/img/a.png", "HEAD")


READER = """
    import urllib.parse

    def handler(event, context):
        record = event['Records'][0]
        if record.get('eventSource') == 'aws:sqs':
            return {'queue': record['eventSourceARN'].split(':')[-1], 'body': record['body']}
        bucket = record['s3']['bucket']['name']
        key = urllib.parse.unquote_plus(record['s3']['object']['key'])
        return {'bucket': bucket, 'key': key, 'event': record['eventName']}
"""


def test_handlers_read_s3_and_sqs_events_as_real_code_does(lamb, create, name):
    create(name, READER)
    _, s3, _ = generate("s3", "put", "--bucket", "uploads", "--key", "in/report 1.csv")
    result = lamb("invoke", name, "-e", "-", stdin=s3)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"bucket": "uploads", "key": "in/report 1.csv", "event": "ObjectCreated:Put"}

    _, sqs, _ = generate("sqs", "receive-message", "--queue-name", "jobs", "--body", "do it")
    result = lamb("invoke", name, "-e", "-", stdin=sqs)
    assert result.code == 0, result
    assert json.loads(result.stdout) == {"queue": "jobs", "body": "do it"}
