"""Kinesis and DynamoDB Streams event source mappings against a real endpoint: moto_server, started here.

Streams and tables are made with boto3 against moto, mappings with boto3 against Lamb (`lamb serve --aws-endpoint`).
Functions post each batch they get to a loopback collector, so the tests see every delivery in order. Records given
up by a mapping are read from Lamb's destination sink (`/_lamb/v1/destinations`).
"""

import base64
import json
import signal
import time

import pytest

from async_support import Recorder
from conftest import unique_name, wait_for
from moto_support import ACCOUNT, REGION, aws_client, moto  # noqa: F401 (moto is a fixture)

@pytest.fixture(scope="module")
def kinesis(moto):  # noqa: F811
    return aws_client(moto, "kinesis")


@pytest.fixture(scope="module")
def dynamodb(moto):  # noqa: F811
    return aws_client(moto, "dynamodb")


@pytest.fixture(scope="module")
def server(moto, lamb_root):  # noqa: F811
    from conftest import ServerFactory

    factory = ServerFactory(lamb_root)
    yield factory.start("--aws-endpoint", moto, name="streams")
    factory.close()


@pytest.fixture
def lam(server):
    return server.client()


@pytest.fixture
def fns(server, request):
    from conftest import Functions, _prefix

    f = Functions(server.client(), _prefix(request))
    yield f
    f.cleanup()


class Collector(Recorder):
    """Where functions POST each batch they get (async_support's loopback recorder, one key), in arrival order."""

    @property
    def url(self):
        return self.base + "/post/batches"

    def batches(self):
        return [body["records"] for body in self.bodies("batches")]

    def records(self):
        return [record for batch in self.batches() for record in batch]


@pytest.fixture
def collector():
    c = Collector()
    yield c
    c.close()


# Posts the batch, then fails the whole batch when one of its Kinesis records says {"poison": true}, or takes 8 s
# over it when one says {"slow": true}.
HANDLER = """
import base64, json, os, time, urllib.request

def handler(event, context):
    records = event["Records"]
    request = urllib.request.Request(
        os.environ["COLLECTOR"], data=json.dumps({"records": records}).encode(), method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    for record in records:
        body = json.loads(base64.b64decode(record["kinesis"]["data"])) if "kinesis" in record else {}
        if body.get("poison"):
            raise RuntimeError("poison record " + record["kinesis"]["sequenceNumber"])
        if body.get("slow"):
            time.sleep(8)
    return {}
"""


def make_function(fns, collector):
    return fns.create({"app.py": HANDLER}, Environment={"Variables": {"COLLECTOR": collector.url}}, Timeout=20)


def make_stream(kinesis, shards):
    name = unique_name("stream")
    kinesis.create_stream(StreamName=name, ShardCount=shards)
    wait_for(lambda: kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamStatus"]
             == "ACTIVE", 30, 0.2, "the stream to be active")
    return name, kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


def put(kinesis, stream, body, key):
    """Puts one JSON record; returns (shard id, sequence number)."""
    result = kinesis.put_record(StreamName=stream, Data=json.dumps(body).encode(), PartitionKey=key)
    return result["ShardId"], result["SequenceNumber"]


def data(record):
    return json.loads(base64.b64decode(record["kinesis"]["data"]))


def destination_messages(server, target):
    return json.loads(server.get("/_lamb/v1/destinations?target=" + target))["messages"]


def error(call, **kwargs):
    with pytest.raises(Exception) as info:
        call(**kwargs)
    return info.value.response["Error"]["Code"], info.value.response["Error"].get("Message", "")


# ---------------------------------------------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------------------------------------------


def test_stream_mapping_api_and_validation(server, lam, kinesis, dynamodb, fns, collector):
    raw = server.client(parameter_validation=False)
    name = make_function(fns, collector)
    _, arn = make_stream(kinesis, 1)

    created = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", Enabled=False)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202 and created["State"] == "Creating"
    # Lambda's defaults for streams, shown for stream mappings only.
    assert created["StartingPosition"] == "TRIM_HORIZON"
    assert created["BatchSize"] == 100 and created["MaximumBatchingWindowInSeconds"] == 0
    assert created["ParallelizationFactor"] == 1
    assert created["MaximumRetryAttempts"] == -1 and created["MaximumRecordAgeInSeconds"] == -1
    assert created["BisectBatchOnFunctionError"] is False and created["TumblingWindowInSeconds"] == 0
    assert created["DestinationConfig"] == {"OnFailure": {}}
    uuid = created["UUID"]
    wait_for(lambda: lam.get_event_source_mapping(UUID=uuid)["State"] == "Disabled", 30, 0.2, "Disabled")

    failures = "arn:aws:sqs:%s:%s:stream-failures" % (REGION, ACCOUNT)
    updated = lam.update_event_source_mapping(
        UUID=uuid, MaximumRetryAttempts=3, MaximumRecordAgeInSeconds=3600, BisectBatchOnFunctionError=True,
        ParallelizationFactor=4, DestinationConfig={"OnFailure": {"Destination": failures}}, BatchSize=500)
    assert updated["MaximumRetryAttempts"] == 3 and updated["MaximumRecordAgeInSeconds"] == 3600
    assert updated["BisectBatchOnFunctionError"] is True and updated["ParallelizationFactor"] == 4
    assert updated["DestinationConfig"] == {"OnFailure": {"Destination": failures}}
    assert updated["BatchSize"] == 500 and updated["StartingPosition"] == "TRIM_HORIZON"

    # Lambda's refusals.
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name)
    assert code == "InvalidParameterValueException" and "startingPosition" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="SOMEWHERE")
    assert code == "InvalidParameterValueException" and "enum value set" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST", ParallelizationFactor=11)
    assert code == "InvalidParameterValueException" and "parallelizationFactor" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST", ParallelizationFactor=0)
    assert code == "InvalidParameterValueException" and "parallelizationFactor" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST", MaximumRetryAttempts=10001)
    assert code == "InvalidParameterValueException" and "maximumRetryAttempts" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST", MaximumRecordAgeInSeconds=30)
    assert code == "InvalidParameterValueException" and "MaximumRecordAgeInSeconds" in message
    code, message = error(raw.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="AT_TIMESTAMP")
    assert code == "InvalidParameterValueException" and "timestamp" in message
    code, message = error(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST",
                          DestinationConfig={"OnSuccess": {"Destination": failures}})
    assert code == "InvalidParameterValueException" and "DestinationConfig" in message
    code, message = error(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST",
                          DestinationConfig={"OnFailure": {"Destination": "arn:aws:lambda:%s:%s:function:x"
                                                           % (REGION, ACCOUNT)}})
    assert code == "InvalidParameterValueException" and "destination config" in message
    code, message = error(lam.create_event_source_mapping, EventSourceArn=arn, FunctionName=name,
                          StartingPosition="LATEST")
    assert code == "ResourceConflictException" and uuid in message
    code, message = error(lam.create_event_source_mapping,
                          EventSourceArn="arn:aws:kafka:%s:%s:cluster/c/1" % (REGION, ACCOUNT), FunctionName=name,
                          StartingPosition="LATEST")
    assert code == "InvalidParameterValueException" and "Lamb does not poll kafka" in message

    # DynamoDB streams: no AT_TIMESTAMP.
    table = unique_name("table")
    described = dynamodb.create_table(
        TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    stream_arn = described["TableDescription"]["LatestStreamArn"]
    code, message = error(lam.create_event_source_mapping, EventSourceArn=stream_arn, FunctionName=name,
                          StartingPosition="AT_TIMESTAMP", StartingPositionTimestamp=time.time())
    assert code == "InvalidParameterValueException" and "Unsupported starting position" in message
    ddb = lam.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=name, StartingPosition="LATEST", Enabled=False)
    assert ddb["EventSourceArn"] == stream_arn and ddb["StartingPosition"] == "LATEST"

    # SQS takes none of the stream fields, and shows none.
    queue = "arn:aws:sqs:%s:%s:%s" % (REGION, ACCOUNT, unique_name("q"))
    code, message = error(lam.create_event_source_mapping, EventSourceArn=queue, FunctionName=name,
                          MaximumRetryAttempts=2)
    assert code == "InvalidParameterValueException" and "MaximumRetryAttempts" in message
    code, message = error(lam.create_event_source_mapping, EventSourceArn=queue, FunctionName=name,
                          DestinationConfig={"OnFailure": {"Destination": failures}})
    assert code == "InvalidParameterValueException" and "DestinationConfig" in message
    sqs_mapping = lam.create_event_source_mapping(EventSourceArn=queue, FunctionName=name, Enabled=False)
    assert "StartingPosition" not in sqs_mapping and "MaximumRetryAttempts" not in sqs_mapping
    assert "DestinationConfig" not in sqs_mapping and sqs_mapping["BatchSize"] == 10

    # Stream mappings survive a restart with their settings.
    server.restart()
    again = server.client().get_event_source_mapping(UUID=uuid)
    assert again["MaximumRetryAttempts"] == 3 and again["DestinationConfig"] == {"OnFailure": {"Destination": failures}}
    assert again["State"] == "Disabled"
    for m in (uuid, ddb["UUID"], sqs_mapping["UUID"]):
        server.client().delete_event_source_mapping(UUID=m)


# ---------------------------------------------------------------------------------------------------------------
# Kinesis
# ---------------------------------------------------------------------------------------------------------------


def test_kinesis_two_shards_every_record_in_shard_order(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 2)
    name = make_function(fns, collector)
    keys = ["key-%d" % i for i in range(8)]
    expected = {}  # shard -> sequence numbers in the order put
    for n in range(240):
        key = keys[n % len(keys)]
        shard, sequence = put(kinesis, stream, {"n": n, "key": key}, key)
        expected.setdefault(shard, []).append(sequence)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=25)

    wait_for(lambda: len(collector.records()) >= 240, 180, 0.5, "every record to reach the function")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    records = collector.records()
    assert sorted(data(r)["n"] for r in records) == list(range(240)), "lost or repeated records"
    # Each batch comes from one shard, in order; each shard's records arrive in the order they were put.
    delivered = {}
    for batch in collector.batches():
        assert len(batch) <= 25
        assert len({r["eventID"].split(":")[0] for r in batch}) == 1, "a batch mixes shards"
        for record in batch:
            delivered.setdefault(record["eventID"].split(":")[0], []).append(record["kinesis"]["sequenceNumber"])
    assert delivered == expected
    # Per partition key, the order of putting.
    by_key = {}
    for record in records:
        by_key.setdefault(record["kinesis"]["partitionKey"], []).append(data(record)["n"])
    for key, numbers in by_key.items():
        assert numbers == sorted(numbers), key
    # Lambda's record shape.
    record = records[0]
    assert set(record) == {"kinesis", "eventSource", "eventVersion", "eventID", "eventName", "invokeIdentityArn",
                           "awsRegion", "eventSourceARN"}
    assert set(record["kinesis"]) == {"kinesisSchemaVersion", "partitionKey", "sequenceNumber", "data",
                                      "approximateArrivalTimestamp"}
    assert record["eventSource"] == "aws:kinesis" and record["eventName"] == "aws:kinesis:record"
    assert record["eventVersion"] == "1.0" and record["kinesis"]["kinesisSchemaVersion"] == "1.0"
    assert record["eventID"] == "%s:%s" % (record["eventID"].split(":")[0], record["kinesis"]["sequenceNumber"])
    assert record["eventSourceARN"] == arn and record["awsRegion"] == REGION
    assert record["invokeIdentityArn"].startswith("arn:aws:iam::")
    assert abs(record["kinesis"]["approximateArrivalTimestamp"] - time.time()) < 3600
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["LastProcessingResult"] == "OK"


def test_kinesis_parallelization_factor_runs_lanes_side_by_side_in_key_order(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 1)
    name = make_function(fns, collector)
    keys = ["key-%d" % i for i in range(12)]
    for n in range(120):
        put(kinesis, stream, {"n": n}, keys[n % len(keys)])
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=5,
        ParallelizationFactor=4)

    wait_for(lambda: len(collector.records()) >= 120, 180, 0.5, "every record to reach the function")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    records = collector.records()
    assert sorted(data(r)["n"] for r in records) == list(range(120)), "lost or repeated records"
    # One shard, several batches at once: the lanes' first invocations start together, so more than one environment.
    environments = server.environments(name)
    assert len(environments) > 1, environments
    # A key's records stay in the order they were put, and in one lane: batches never exceed BatchSize.
    by_key = {}
    for batch in collector.batches():
        assert len(batch) <= 5
        for record in batch:
            by_key.setdefault(record["kinesis"]["partitionKey"], []).append(data(record)["n"])
    for key, numbers in by_key.items():
        assert numbers == sorted(numbers), key


def test_kinesis_poison_record_is_bisected_out_and_recorded(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 1)
    name = make_function(fns, collector)
    sequences = []
    for n in range(20):
        sequences.append(put(kinesis, stream, {"n": n, "poison": n == 13}, "k%d" % (n % 3))[1])
    failures = "arn:aws:sqs:%s:%s:%s" % (REGION, ACCOUNT, unique_name("failures"))
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=20,
        BisectBatchOnFunctionError=True, MaximumRetryAttempts=1,
        DestinationConfig={"OnFailure": {"Destination": failures}})

    messages = wait_for(lambda: destination_messages(server, failures), 180, 0.5, "the OnFailure record")

    def succeeded():
        done = set()
        for batch in collector.batches():
            numbers = [data(r)["n"] for r in batch]
            if 13 not in numbers:
                done.update(numbers)
        return done

    wait_for(lambda: succeeded() == set(range(20)) - {13}, 120, 0.5, "every other record to succeed")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    assert len(messages) == 1
    message = messages[0]
    assert message["kind"] == "on-failure" and message["condition"] == "RetryAttemptsExhausted"
    body = message["body"]
    assert body["version"] == "1.0" and body["timestamp"].endswith("Z")
    assert body["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert body["requestContext"]["functionArn"].endswith(":function:" + name)
    # The first invocation, the splits down to the record alone, and one retry of it.
    assert body["requestContext"]["approximateInvokeCount"] >= 2
    assert body["responseContext"]["functionError"] == "Unhandled"
    assert body["responseContext"]["statusCode"] == 200 and body["responseContext"]["executedVersion"] == "$LATEST"
    info = body["KinesisBatchInfo"]
    assert info["batchSize"] == 1 and info["streamArn"] == arn and info["shardId"] == "shardId-000000000000"
    assert info["startSequenceNumber"] == info["endSequenceNumber"] == sequences[13]
    assert info["approximateArrivalOfFirstRecord"].endswith("Z")
    # Bisected: the batch of 20 first, then smaller and smaller batches holding the poison record.
    sizes = [len(batch) for batch in collector.batches() if 13 in [data(r)["n"] for r in batch]]
    assert sizes[0] == 20 and sizes[-1] == 1 and sizes == sorted(sizes, reverse=True), sizes
    assert sizes.count(1) == 2, sizes  # the record alone, then its one retry


# Posts the batch; reports a record {"fail_once": true} as failed the first time it sees it (counted by the recorder).
PARTIAL = """
import base64, json, os, urllib.request

def handler(event, context):
    records = event["Records"]
    request = urllib.request.Request(
        os.environ["COLLECTOR"], data=json.dumps({"records": records}).encode(), method="POST")
    urllib.request.urlopen(request, timeout=30).read()
    failures = []
    for record in records:
        body = json.loads(base64.b64decode(record["kinesis"]["data"]))
        if body.get("fail_once"):
            seen = int(urllib.request.urlopen("%s/hit/seen-%d/x" % (os.environ["RECORDER"], body["n"])).read())
            if seen == 1:
                failures.append({"itemIdentifier": record["kinesis"]["sequenceNumber"]})
    return {"batchItemFailures": failures}
"""


def test_kinesis_partial_batch_response_retries_from_the_lowest_failure(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 1)
    name = fns.create({"app.py": PARTIAL}, Timeout=20, Environment={
        "Variables": {"COLLECTOR": collector.url, "RECORDER": collector.base}})
    for n in range(10):
        put(kinesis, stream, {"n": n, "fail_once": n in (4, 7)}, "k")
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=10,
        FunctionResponseTypes=["ReportBatchItemFailures"])
    wait_for(lambda: len(collector.batches()) >= 2, 120, 0.5, "the retry from the failed record")
    wait_for(lambda: lam.get_event_source_mapping(UUID=mapping["UUID"]).get("LastProcessingResult") == "OK",
             30, 0.2, "the retry to succeed")
    time.sleep(2)
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    # Both 4 and 7 failed the first time: the lowest is where the retry starts; 7 then succeeds (its second time).
    assert [[data(r)["n"] for r in batch] for batch in collector.batches()] == [list(range(10)), list(range(4, 10))]
    assert lam.get_event_source_mapping(UUID=mapping["UUID"])["FunctionResponseTypes"] == ["ReportBatchItemFailures"]


def test_unreachable_and_missing_stream_endpoints_are_reported(lamb_servers):
    from conftest import Functions

    # A port nothing listens on for Kinesis; no endpoint at all for DynamoDB Streams.
    server = lamb_servers.start("--endpoint", "kinesis=http://127.0.0.1:9", name="streams-unreachable")
    lam = server.client()
    name = Functions(lam, "s-unreach").create({"app.py": "def handler(e, c):\n    return {}\n"})
    kinesis_mapping = lam.create_event_source_mapping(
        EventSourceArn="arn:aws:kinesis:%s:%s:stream/nowhere" % (REGION, ACCOUNT), FunctionName=name,
        StartingPosition="LATEST")
    dynamo_mapping = lam.create_event_source_mapping(
        EventSourceArn="arn:aws:dynamodb:%s:%s:table/t/stream/2024-01-01T00:00:00.000" % (REGION, ACCOUNT),
        FunctionName=name, StartingPosition="LATEST")

    def problem(uuid):
        result = lam.get_event_source_mapping(UUID=uuid).get("LastProcessingResult", "")
        return result if result.startswith("PROBLEM") else None

    assert "cannot reach the Kinesis endpoint" in wait_for(
        lambda: problem(kinesis_mapping["UUID"]), 60, 0.2, "the Kinesis problem")
    assert "no DynamoDB Streams endpoint is configured" in wait_for(
        lambda: problem(dynamo_mapping["UUID"]), 60, 0.2, "the DynamoDB Streams problem")


def test_kinesis_filters_on_decoded_data(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 1)
    name = make_function(fns, collector)
    for n in range(10):
        put(kinesis, stream, {"n": n, "kind": "order" if n % 2 else "refund"}, "k")
    kinesis.put_record(StreamName=stream, Data=b"not json", PartitionKey="k")
    put(kinesis, stream, {"n": 99, "kind": "order", "last": True}, "k")
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=5,
        FilterCriteria={"Filters": [{"Pattern": json.dumps({"data": {"kind": ["order"]}})}]})
    wait_for(lambda: any(data(r).get("last") for r in collector.records()), 120, 0.5, "the last record")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    assert [data(r)["n"] for r in collector.records()] == [1, 3, 5, 7, 9, 99]


def test_kinesis_restart_resumes_from_the_checkpoint(server, lam, kinesis, fns, collector):
    stream, arn = make_stream(kinesis, 1)
    name = make_function(fns, collector)
    for n in range(10):
        put(kinesis, stream, {"n": n}, "k%d" % n)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=4)
    wait_for(lambda: len(collector.records()) >= 10, 120, 0.5, "the first ten records")
    wait_for(lambda: lam.get_event_source_mapping(UUID=mapping["UUID"]).get("LastProcessingResult") == "OK",
             30, 0.2, "the last batch to be checkpointed")
    time.sleep(1)

    server.restart()
    for n in range(10, 15):
        put(kinesis, stream, {"n": n}, "k%d" % n)
    wait_for(lambda: {data(r)["n"] for r in collector.records()} >= set(range(15)), 120, 0.5, "the five new records")
    server.client().update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    numbers = [data(r)["n"] for r in collector.records()]
    assert numbers == list(range(15)), "records delivered again after a clean restart: %s" % numbers


def test_kinesis_kill_9_mid_batch_delivers_the_batch_again(moto, lamb_servers, kinesis, collector):  # noqa: F811
    from conftest import Functions

    server = lamb_servers.start("--aws-endpoint", moto, name="streams-kill")
    lam = server.client()
    name = make_function(Functions(lam, "s-kill"), collector)
    stream, arn = make_stream(kinesis, 1)
    for n in range(3):
        put(kinesis, stream, {"n": n, "slow": n == 1}, "k")
    mapping = lam.create_event_source_mapping(
        EventSourceArn=arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=10)
    wait_for(lambda: collector.batches(), 120, 0.2, "the batch to reach the function")

    # The function is still busy with the batch: no checkpoint yet.
    server.stop(signal.SIGKILL)
    restarted = lamb_servers.start("--aws-endpoint", moto, data_dir=server.data_dir, name="streams-kill")
    wait_for(lambda: len(collector.batches()) >= 2, 120, 0.2, "the batch to be delivered again")
    first, second = collector.batches()[:2]
    assert [r["kinesis"]["sequenceNumber"] for r in first] == [r["kinesis"]["sequenceNumber"] for r in second]
    assert [data(r)["n"] for r in second] == [0, 1, 2]
    lam = restarted.client()
    wait_for(lambda: lam.get_event_source_mapping(UUID=mapping["UUID"]).get("LastProcessingResult") == "OK",
             60, 0.2, "the batch to succeed")
    lam.delete_event_source_mapping(UUID=mapping["UUID"])
    lam.delete_function(FunctionName=name)


# ---------------------------------------------------------------------------------------------------------------
# DynamoDB Streams
# ---------------------------------------------------------------------------------------------------------------


def test_dynamodb_stream_inserts_modifies_removes_in_order(server, lam, dynamodb, fns, collector):
    table = unique_name("table")
    described = dynamodb.create_table(
        TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    stream_arn = described["TableDescription"]["LatestStreamArn"]
    name = make_function(fns, collector)
    mapping = lam.create_event_source_mapping(
        EventSourceArn=stream_arn, FunctionName=name, StartingPosition="TRIM_HORIZON", BatchSize=4)
    for item in ("a", "b", "c"):
        dynamodb.put_item(TableName=table, Item={"id": {"S": item}, "v": {"N": "1"}})
    for item in ("a", "b", "c"):
        dynamodb.update_item(TableName=table, Key={"id": {"S": item}}, UpdateExpression="SET v = :v",
                             ExpressionAttributeValues={":v": {"N": "2"}})
    for item in ("a", "b", "c"):
        dynamodb.delete_item(TableName=table, Key={"id": {"S": item}})

    wait_for(lambda: len(collector.records()) >= 9, 120, 0.5, "nine stream records")
    lam.update_event_source_mapping(UUID=mapping["UUID"], Enabled=False)
    records = collector.records()
    assert len(records) == 9
    assert [(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in records] == \
        [(event, item) for event in ("INSERT", "MODIFY", "REMOVE") for item in ("a", "b", "c")]
    sequence = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert sequence == sorted(sequence)
    insert, modify, remove = records[0], records[3], records[6]
    assert set(insert) >= {"eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb",
                           "eventSourceARN"}
    assert insert["eventSource"] == "aws:dynamodb" and insert["eventSourceARN"] == stream_arn
    assert insert["awsRegion"] == REGION
    change = insert["dynamodb"]
    assert {"ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber", "SizeBytes",
            "StreamViewType"} <= set(change)
    assert isinstance(change["ApproximateCreationDateTime"], int)
    assert abs(change["ApproximateCreationDateTime"] - time.time()) < 3600
    assert change["StreamViewType"] == "NEW_AND_OLD_IMAGES" and "OldImage" not in change
    assert change["NewImage"] == {"id": {"S": "a"}, "v": {"N": "1"}}
    assert modify["dynamodb"]["OldImage"]["v"] == {"N": "1"} and modify["dynamodb"]["NewImage"]["v"] == {"N": "2"}
    assert remove["dynamodb"]["OldImage"]["v"] == {"N": "2"} and "NewImage" not in remove["dynamodb"]
