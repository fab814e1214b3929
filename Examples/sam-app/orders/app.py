import json
import os

from shared.format import shout


def handler(event, context):
    """Invoked directly ({"items": [...]}) or behind an HTTP API (POST /orders/{customer}, the items as the body).

    The result is a plain object: an HTTP API (payload 2.0) turns it into a 200 JSON response by itself."""
    if "body" in event:
        order = json.loads(event["body"] or "{}")
        customer = event["pathParameters"]["customer"]
    else:
        order, customer = event, None
    items = order.get("items", [])
    total = sum(item.get("price", 0) * item.get("quantity", 1) for item in items)
    print(json.dumps({"table": os.environ["TABLE_NAME"], "items": len(items)}))
    result = {"total": total, "status": shout("accepted"), "function": context.function_name}
    if customer:
        result["customer"] = customer
    return result
