"""`AuthType: AWS_IAM` Function URLs check the caller as Lambda does: an unsigned request is 403 Forbidden; a
Signature Version 4 (service lambda) made with a key Lamb knows is verified; a caller of another account (a key given
as ACCESS_KEY_ID:SECRET:ACCOUNT) needs a resource policy statement allowing lambda:InvokeFunctionUrl; the event's
requestContext says who called. `AuthType: NONE` URLs stay open."""

import json
import re
import urllib.error
import urllib.request

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import wait_for

APP = {"app.py": "import json\n\ndef handler(event, context):\n    return {'statusCode': 200, "
                 "'body': json.dumps(event['requestContext'])}\n"}
OTHER_ACCOUNT = "111122223333"


@pytest.fixture
def server(lamb_servers):
    server = lamb_servers.start("--gateway-port", "0", "--auth-key", "AKIALOCAL:local-secret",
                                "--auth-key", "AKIAOTHER:other-secret:%s" % OTHER_ACCOUNT)
    port = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30,
                    what="the gateway's start-up line").group(1)
    server.gateway = "http://127.0.0.1:%s" % port
    return server


def url_of(server, functions, auth_type):
    lam = server.client()
    name = functions.create(APP)
    url = lam.create_function_url_config(FunctionName=name, AuthType=auth_type)["FunctionUrl"]
    return name, re.match(r"http://([a-z0-9]+)\.lambda-url\.", url).group(1)


def call(server, url_id, key=None, secret=None, body=None, host_form=False):
    """GET (or POST `body`) the URL, signed with `key`/`secret` when given; (status, JSON body)."""
    if host_form:
        url, headers = server.gateway + "/items?x=1", {"Host": "%s.lambda-url.us-east-1.localhost" % url_id}
    else:
        url, headers = server.gateway + "/lambda-url/%s/items?x=1" % url_id, {}
    method = "POST" if body is not None else "GET"
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    if key:
        SigV4Auth(Credentials(key, secret), "lambda", "us-east-1").add_auth(request)
    prepared = urllib.request.Request(url, data=body, method=method, headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(prepared, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def test_an_unsigned_request_is_forbidden_and_a_signed_one_runs(server, functions_on):
    name, url_id = url_of(server, functions_on(server), "AWS_IAM")
    assert call(server, url_id) == (403, {"Message": "Forbidden"})
    for host_form in (False, True):
        status, context = call(server, url_id, "AKIALOCAL", "local-secret", host_form=host_form)
        assert status == 200, context
        assert context["accountId"] == "000000000000"
        assert context["authorizer"]["iam"]["accessKey"] == "AKIALOCAL"
        assert context["authorizer"]["iam"]["accountId"] == "000000000000"
    status, context = call(server, url_id, "AKIALOCAL", "local-secret", body=b'{"a": 1}')
    assert status == 200, context


def test_a_wrong_secret_is_refused_and_an_unknown_key_is_trusted_without_sigv4(server, functions_on):
    _, url_id = url_of(server, functions_on(server), "AWS_IAM")
    status, body = call(server, url_id, "AKIALOCAL", "not-the-secret")
    assert status == 403 and "signature we calculated does not match" in body["Message"]
    status, context = call(server, url_id, "AKIASOMEONE", "anything")
    assert status == 200 and context["authorizer"]["iam"]["accessKey"] == "AKIASOMEONE"


def test_another_accounts_caller_needs_a_resource_policy_statement(server, functions_on):
    name, url_id = url_of(server, functions_on(server), "AWS_IAM")
    assert call(server, url_id, "AKIAOTHER", "other-secret") == (403, {"Message": "Forbidden"})
    lam = server.client()
    lam.add_permission(FunctionName=name, StatementId="NotTheUrl", Action="lambda:InvokeFunction",
                       Principal=OTHER_ACCOUNT)
    assert call(server, url_id, "AKIAOTHER", "other-secret")[0] == 403
    lam.add_permission(FunctionName=name, StatementId="OtherAccountUrl", Action="lambda:InvokeFunctionUrl",
                       Principal=OTHER_ACCOUNT, FunctionUrlAuthType="AWS_IAM")
    status, context = call(server, url_id, "AKIAOTHER", "other-secret")
    assert status == 200, context
    assert context["accountId"] == OTHER_ACCOUNT
    assert context["authorizer"]["iam"]["userArn"] == "arn:aws:iam::%s:user/lamb" % OTHER_ACCOUNT


def test_a_none_url_stays_open(server, functions_on):
    _, url_id = url_of(server, functions_on(server), "NONE")
    status, context = call(server, url_id)
    assert status == 200 and context["accountId"] == "anonymous" and "authorizer" not in context


def test_under_auth_sigv4_an_unknown_key_is_refused(lamb_servers, functions_on):
    server = lamb_servers.start("--gateway-port", "0", "--auth", "sigv4", "--auth-key", "lamb-test:lamb-test")
    server.gateway = "http://127.0.0.1:%s" % wait_for(
        lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30).group(1)
    _, url_id = url_of(server, functions_on(server), "AWS_IAM")
    status, body = call(server, url_id, "AKIASOMEONE", "anything")
    assert status == 403 and body["Message"] == "The security token included in the request is invalid."
    assert call(server, url_id, "lamb-test", "lamb-test")[0] == 200
