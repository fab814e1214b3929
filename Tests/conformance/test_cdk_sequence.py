"""The calls an infrastructure-as-code deployment (CDK, Terraform, a SAM deploy) makes against an endpoint, in the
order it makes them, all succeed through boto3: create the function, grant a service principal, configure async
invocation, publish a version, point an alias at it, give the alias a URL and make the URL public. The URL then
answers over HTTP."""

import json
import re
import urllib.error
import urllib.request

from conftest import ROLE, RUNTIME, make_zip, unique_name, wait_for

SOURCE = "def handler(event, context):\n    return {'statusCode': 200, 'body': 'deployed'}\n"


def test_a_cdk_style_deployment_succeeds_and_its_url_answers(lamb_servers):
    server = lamb_servers.start("--gateway-port", "0")
    lam = server.client()
    name = unique_name("cdk")
    created = lam.create_function(FunctionName=name, Runtime=RUNTIME, Handler="app.handler", Role=ROLE,
                                  Code={"ZipFile": make_zip({"app.py": SOURCE})}, Timeout=10, MemorySize=256,
                                  Tags={"aws:cdk:path": "Stack/Fn/Resource"})
    assert created["State"] in ("Pending", "Active")
    lam.get_waiter("function_active_v2").wait(FunctionName=name)

    statement = json.loads(lam.add_permission(
        FunctionName=name, StatementId="AllowEventBridge", Action="lambda:InvokeFunction",
        Principal="events.amazonaws.com", SourceArn="arn:aws:events:us-east-1:000000000000:rule/nightly")["Statement"])
    assert statement["Principal"] == {"Service": "events.amazonaws.com"}

    lam.put_function_event_invoke_config(FunctionName=name, MaximumRetryAttempts=0, MaximumEventAgeInSeconds=3600)
    version = lam.publish_version(FunctionName=name, Description="v1")["Version"]
    assert version == "1"
    alias = lam.create_alias(FunctionName=name, Name="live", FunctionVersion=version)
    assert alias["AliasArn"].endswith(":%s:live" % name)

    url = lam.create_function_url_config(FunctionName=name, Qualifier="live", AuthType="NONE")["FunctionUrl"]
    lam.add_permission(FunctionName=name, Qualifier="live", StatementId="FunctionURLAllowPublicAccess",
                       Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE")
    policy = json.loads(lam.get_policy(FunctionName=name, Qualifier="live")["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["FunctionURLAllowPublicAccess"]
    assert lam.get_function_event_invoke_config(FunctionName=name)["MaximumRetryAttempts"] == 0

    gateway_port = wait_for(lambda: re.search(r"Gateway listening on http://[\d.]+:(\d+)", server.log()), 30,
                            what="the gateway's start-up line").group(1)
    url_id = re.match(r"http://([a-z0-9]+)\.lambda-url\.", url).group(1)
    request = urllib.request.Request("http://127.0.0.1:%s/" % gateway_port,
                                     headers={"Host": "%s.lambda-url.us-east-1.localhost" % url_id})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert (response.status, response.read()) == (200, b"deployed")
