"""A template's `AWS::Lambda::Permission` resources are statements of the function's (or alias's) resource policy,
with the logical id as statement id, as CloudFormation adds them: GetPolicy shows them; editing the template
replaces a changed one and removes a dropped one; statements added through the API stay."""

import json
import os
import tempfile

import pytest

from conftest import LambServer, wait_for

TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Thumbnailer:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: thumbnailer
      CodeUri: src/
      Handler: app.handler
      Runtime: python3.12
      AutoPublishAlias: live
  AllowBucket:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !GetAtt Thumbnailer.Arn
      Action: lambda:InvokeFunction
      Principal: s3.amazonaws.com
      SourceArn: arn:aws:s3:::%(bucket)s
      SourceAccount: '000000000000'
%(url_permission)s"""

URL_PERMISSION = """\
  AllowPublicUrl:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Thumbnailer.Alias
      Action: lambda:InvokeFunctionUrl
      Principal: '*'
      FunctionUrlAuthType: NONE
"""


def write(root, bucket, url=True):
    with open(os.path.join(root, "template.yaml"), "w") as f:
        f.write(TEMPLATE % {"bucket": bucket, "url_permission": URL_PERMISSION if url else ""})


@pytest.fixture(scope="module")
def project(lamb_root):
    root = tempfile.mkdtemp(prefix="sam-permissions-", dir=lamb_root)
    os.makedirs(os.path.join(root, "src"))
    with open(os.path.join(root, "src", "app.py"), "w") as f:
        f.write("def handler(event, context):\n    return 'ok'\n")
    write(root, "uploads")
    return root


@pytest.fixture(scope="module")
def server(lamb_root, project):
    server = LambServer(tempfile.mkdtemp(prefix="data-", dir=lamb_root), [], name="sam-permissions", cwd=project)
    server.start(timeout=180)
    yield server
    server.stop()


def statements(lam, qualifier=None):
    arguments = {"FunctionName": "thumbnailer"}
    if qualifier:
        arguments["Qualifier"] = qualifier
    try:
        return {s["Sid"]: s for s in json.loads(lam.get_policy(**arguments)["Policy"])["Statement"]}
    except lam.exceptions.ResourceNotFoundException:
        return {}


def test_the_templates_permissions_are_policy_statements(server):
    lam = server.client()
    bucket = wait_for(lambda: statements(lam).get("AllowBucket"), 60, 0.2, "the bucket permission")
    assert bucket["Principal"] == {"Service": "s3.amazonaws.com"}
    assert bucket["Condition"] == {"StringEquals": {"AWS:SourceAccount": "000000000000"},
                                   "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::uploads"}}
    url = wait_for(lambda: statements(lam, "live").get("AllowPublicUrl"), 60, 0.2, "the alias's URL permission")
    assert url["Action"] == "lambda:InvokeFunctionUrl"
    assert url["Resource"].endswith(":function:thumbnailer:live")
    assert url["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}


def test_editing_the_template_replaces_and_removes_statements_and_keeps_the_apis(server, project):
    lam = server.client()
    wait_for(lambda: "AllowBucket" in statements(lam), 60, 0.2, "the bucket permission")
    lam.add_permission(FunctionName="thumbnailer", StatementId="ByHand", Action="lambda:InvokeFunction",
                       Principal="events.amazonaws.com")
    write(project, "renamed-uploads", url=False)
    wait_for(lambda: statements(lam).get("AllowBucket", {}).get("Condition", {}).get("ArnLike")
             == {"AWS:SourceArn": "arn:aws:s3:::renamed-uploads"}, 60, 0.2, "the changed SourceArn")
    wait_for(lambda: "AllowPublicUrl" not in statements(lam, "live"), 60, 0.2, "the dropped permission to go")
    assert set(statements(lam)) == {"AllowBucket", "ByHand"}
