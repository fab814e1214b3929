"""Gateway authorizers: Lambda authorizers (REST TOKEN, HTTP API REQUEST with simple responses) invoked for real,
and a JWT authorizer checking tokens signed with the test's own RSA key against a JWKS file (`--jwks`)."""

import base64
import json
import time
import urllib.error
import urllib.request

import pytest

from conftest import serve_project

ISSUER = "https://issuer.lamb.test"

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.11
    CodeUri: src/
Resources:
  RestApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: Prod
      Auth:
        DefaultAuthorizer: TokenAuth
        Authorizers:
          TokenAuth:
            FunctionArn: !GetAtt AuthFunction.Arn
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        Authorizers:
          SimpleAuth:
            FunctionArn: !GetAtt SimpleAuthFunction.Arn
            AuthorizerPayloadFormatVersion: "2.0"
            EnableSimpleResponses: true
            Identity:
              Headers: [X-Key]
          JwtAuth:
            JwtConfiguration:
              issuer: %(issuer)s
              audience: [lamb-tests]
            IdentitySource: $request.header.Authorization
  AuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.token_authorizer
  SimpleAuthFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.simple_authorizer
  EchoFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.echo
      Events:
        Secret:
          Type: Api
          Properties:
            RestApiId: !Ref RestApi
            Path: /secret
            Method: get
        Simple:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /simple
            Method: get
            Auth:
              Authorizer: SimpleAuth
        Jwt:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /jwt
            Method: get
            Auth:
              Authorizer: JwtAuth
        Scoped:
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /scoped
            Method: get
            Auth:
              Authorizer: JwtAuth
              AuthorizationScopes: [orders.write]
""" % {"issuer": ISSUER}

APP = """\
import json

def token_authorizer(event, context):
    token = event["authorizationToken"]
    if token == "let-me-in":
        effect = "Allow"
    elif token == "deny-me":
        effect = "Deny"
    else:
        raise Exception("Unauthorized")
    return {"principalId": "user-1", "context": {"team": "lamb"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}

def simple_authorizer(event, context):
    return {"isAuthorized": event["headers"].get("x-key") == "good", "context": {"tier": "gold"}}

def echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event["requestContext"].get("authorizer"))}
"""


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def key():
    rsa = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.rsa",
                              reason="the cryptography package signs the test's tokens")
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def token(key, **claims):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    now = int(time.time())
    body = {"iss": ISSUER, "aud": "lamb-tests", "sub": "alice", "exp": now + 300, "iat": now}
    body.update(claims)
    signing = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "k1"}).encode()) + "." + \
        b64url(json.dumps(body).encode())
    signature = key.sign(signing.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing + "." + b64url(signature)


@pytest.fixture(scope="module")
def gateway(lamb_root, key):
    numbers = key.public_key().public_numbers()
    jwks = {"keys": [{"kty": "RSA", "kid": "k1", "alg": "RS256", "use": "sig",
                      "n": b64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                      "e": b64url(numbers.e.to_bytes(3, "big"))}]}
    files = {"template.yaml": TEMPLATE, "src/app.py": APP, "jwks.json": json.dumps(jwks)}
    server = serve_project(lamb_root, files, ["--gateway-port", "0", "--no-watch", "--jwks", "%s=jwks.json" % ISSUER],
                           name="gateway-auth")
    yield server
    server.stop()


def http(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_rest_token_authorizer_allows_and_passes_its_context(gateway):
    status, body = http(gateway.gateway + "/Prod/secret", {"Authorization": "let-me-in"})
    assert status == 200, body
    authorizer = json.loads(body)
    assert authorizer["principalId"] == "user-1" and authorizer["team"] == "lamb"


@pytest.mark.parametrize("headers, status", [
    ({"Authorization": "deny-me"}, 403),
    ({"Authorization": "garbage"}, 401),
    ({}, 401),
])
def test_rest_token_authorizer_refuses(gateway, headers, status):
    assert http(gateway.gateway + "/Prod/secret", headers)[0] == status


def test_http_simple_authorizer(gateway):
    status, body = http(gateway.gateway + "/simple", {"X-Key": "good"})
    assert status == 200, body
    assert json.loads(body)["lambda"]["tier"] == "gold"
    assert http(gateway.gateway + "/simple", {"X-Key": "bad"})[0] == 403
    assert http(gateway.gateway + "/simple")[0] == 401


def test_jwt_authorizer_accepts_a_signed_token_and_rejects_an_expired_one(gateway, key):
    status, body = http(gateway.gateway + "/jwt", {"Authorization": "Bearer " + token(key)})
    assert status == 200, body
    assert json.loads(body)["jwt"]["claims"]["sub"] == "alice"
    expired = token(key, exp=int(time.time()) - 60)
    assert http(gateway.gateway + "/jwt", {"Authorization": "Bearer " + expired})[0] == 401
    assert http(gateway.gateway + "/jwt", {"Authorization": "Bearer " + token(key, aud="someone-else")})[0] == 401
    assert http(gateway.gateway + "/jwt")[0] == 401


def test_jwt_route_scopes(gateway, key):
    assert http(gateway.gateway + "/scoped", {"Authorization": "Bearer " + token(key, scope="orders.read")})[0] == 403
    status, body = http(gateway.gateway + "/scoped", {"Authorization": "Bearer " + token(key, scope="orders.read orders.write")})
    assert status == 200, body
