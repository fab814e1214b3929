import json
import os

import humanize  # from requirements.txt, installed by Lamb as `sam build` would
from shared.format import shout  # from SharedLayer, at /opt/python

invocations = 0  # module state: kept across warm invocations of one environment


def lambda_handler(event, context):
    """Behind API Gateway (REST, payload 1.0): GET /hello?name=..., or any method on /hello/{proxy+}."""
    global invocations
    invocations += 1
    query = event.get("queryStringParameters") or {}
    name = query.get("name") or event.get("name", "world")
    body = {
        "message": shout(f"{os.environ['GREETING']}, {name}"),
        "stage": os.environ["STAGE"],
        "invocations": humanize.apnumber(invocations),
        "orders_function": os.environ["ORDERS_FUNCTION"],
    }
    if event.get("pathParameters"):
        body["path"] = event["pathParameters"]["proxy"]
        body["method"] = event["httpMethod"]
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
