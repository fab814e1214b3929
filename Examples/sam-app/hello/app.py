import os

import humanize  # from requirements.txt, installed by Lamb as `sam build` would
from shared.format import shout  # from SharedLayer, at /opt/python

invocations = 0  # module state: kept across warm invocations of one environment


def lambda_handler(event, context):
    global invocations
    invocations += 1
    name = event.get("name", "world")
    return {
        "message": shout(f"{os.environ['GREETING']}, {name}"),
        "stage": os.environ["STAGE"],
        "invocations": humanize.apnumber(invocations),
        "orders_function": os.environ["ORDERS_FUNCTION"],
    }
