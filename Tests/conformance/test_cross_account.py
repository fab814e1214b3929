"""Another account's caller (a key given as `--auth-key ID:SECRET:ACCOUNT` under `--auth sigv4`) may do what the
function's resource policy grants its account, as a cross-account call on Lambda needs: Invoke (through the fast
path and the router, synchronous and `Event`) and other function operations are `AccessDeniedException` until a
statement allows them; Lamb's own account is unaffected."""

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION, error_code

OTHER = "111122223333"
APP = {"app.py": "def handler(event, context):\n    return 'hello'\n"}


@pytest.fixture
def server(lamb_servers):
    return lamb_servers.start("--auth", "sigv4", "--auth-key", "lamb-test:lamb-test",
                              "--auth-key", "AKIAOTHER:other-secret:%s" % OTHER)


def other_account_client(server):
    return boto3.client("lambda", endpoint_url=server.endpoint, region_name=REGION, aws_access_key_id="AKIAOTHER",
                        aws_secret_access_key="other-secret", config=Config(retries={"max_attempts": 0}))


def denied(call, **arguments):
    with pytest.raises(ClientError) as caught:
        call(**arguments)
    assert error_code(caught.value) == "AccessDeniedException", caught.value.response
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return caught.value.response["Error"]["Message"]


def test_another_accounts_caller_needs_a_statement(server, functions_on):
    owner = server.client()
    name = functions_on(server).create(APP)
    other = other_account_client(server)
    message = denied(other.invoke, FunctionName=name)
    assert "arn:aws:iam::%s:user/lamb is not authorized to perform: lambda:InvokeFunction" % OTHER in message
    denied(other.invoke, FunctionName=name, InvocationType="Event")
    denied(other.get_function, FunctionName=name)
    denied(other.list_functions)

    owner.add_permission(FunctionName=name, StatementId="ServiceOnly", Action="lambda:InvokeFunction",
                         Principal="s3.amazonaws.com")
    denied(other.invoke, FunctionName=name)
    owner.add_permission(FunctionName=name, StatementId="OtherAccount", Action="lambda:InvokeFunction",
                         Principal=OTHER)
    assert other.invoke(FunctionName=name)["Payload"].read() == b'"hello"'
    assert other.invoke(FunctionName=name, InvocationType="Event")["StatusCode"] == 202
    denied(other.get_function, FunctionName=name)  # invoking is all that was granted
    owner.add_permission(FunctionName=name, StatementId="OtherReads", Action="lambda:GetFunction",
                         Principal="arn:aws:iam::%s:root" % OTHER)
    assert other.get_function(FunctionName=name)["Configuration"]["FunctionName"] == name
    # The owner's account needs no statement.
    assert owner.invoke(FunctionName=name)["Payload"].read() == b'"hello"'
