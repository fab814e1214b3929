"""A real AWS-compatible endpoint for the event-source and destination tests: moto_server on a free port.

Never a mock inside a test: boto3 talks to moto over HTTP, and so does Lamb (`lamb serve --aws-endpoint`).
"""

import shutil
import socket
import subprocess
import urllib.request

import boto3
import pytest
from botocore.config import Config

from conftest import wait_for

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's account


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto():
    """A moto_server for the module; skips when it cannot start."""
    binary = shutil.which("moto_server")
    if binary is None:
        pytest.skip("moto_server is not installed (pip install 'moto[server]')")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = "http://127.0.0.1:%d" % port

    def up():
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=2).read()
            return True
        except Exception:
            return proc.poll() is not None and pytest.skip("moto_server exited with %s" % proc.returncode)

    try:
        wait_for(up, 60, 0.2, "moto_server to listen")
    except AssertionError:
        proc.kill()
        pytest.skip("moto_server did not start")
    yield url
    proc.terminate()
    proc.wait(10)


def aws_client(moto_url, service):
    """A boto3 client of `service` on moto, with test keys and few retries."""
    return boto3.client(
        service, endpoint_url=moto_url, region_name=REGION, aws_access_key_id="lamb-test",
        aws_secret_access_key="lamb-test", config=Config(retries={"max_attempts": 2}))


def make_queue(sqs, name, **attributes):
    attributes = {k: str(v) for k, v in attributes.items()}
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def drain(sqs, url):
    """Every message left in `url` (receiving makes them invisible; the tests read queues they are done with)."""
    found = []
    while True:
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1, MessageAttributeNames=["All"]
        ).get("Messages", [])
        if not messages:
            return found
        found += messages
