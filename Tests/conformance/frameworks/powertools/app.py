"""Powertools for AWS Lambda's event handler: `APIGatewayRestResolver` (REST, payload 1.0) or
`APIGatewayHttpResolver` (HTTP API, payload 2.0), chosen by the function's `RESOLVER` variable."""

import base64
import hashlib
import os
from http.cookies import SimpleCookie

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, APIGatewayRestResolver, Response
from aws_lambda_powertools.shared.cookies import Cookie

PIXEL = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pixel.png"), "rb").read()

app = APIGatewayHttpResolver() if os.environ.get("RESOLVER") == "http" else APIGatewayRestResolver()


def request_cookies():
    # Payload 2.0 carries the cookies in their own list; 1.0 only in the Cookie header.
    event = app.current_event
    header = "; ".join(event.cookies) if hasattr(event, "cookies") else (event.get_header_value("cookie") or "")
    jar = SimpleCookie()
    jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


@app.get("/items/<item_id>")
def item(item_id):
    return {"framework": type(app).__name__, "item_id": item_id, "q": app.current_event.get_query_string_value("q")}


@app.post("/echo")
def echo():
    return {"received": app.current_event.json_body, "content_type": app.current_event.get_header_value("content-type")}


@app.post("/login")
def login():
    user = app.current_event.get_query_string_value("user")
    return Response(
        status_code=200,
        content_type="application/json",
        body='{"logged_in": "%s"}' % user,
        cookies=[Cookie(name="session", value="s-" + user, http_only=True, secure=False),
                 Cookie(name="theme", value="dark", secure=False)],
    )


@app.get("/whoami")
def whoami():
    cookies = request_cookies()
    return {"session": cookies.get("session"), "theme": cookies.get("theme")}


@app.get("/pixel.png")
def pixel():
    return Response(status_code=200, content_type="image/png", body=PIXEL)


@app.post("/upload")
def upload():
    event = app.current_event
    body = base64.b64decode(event.body) if event.is_base64_encoded else (event.body or "").encode()
    return {"length": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def handler(event, context):
    return app.resolve(event, context)
