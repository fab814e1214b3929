import os


def handler(event, context):
    """Runs asynchronously: success goes to GreeterFunction, failure to the AuditFailures queue."""
    if event.get("action") == os.environ["FAIL_ON"]:
        raise RuntimeError("audit refused: " + event["action"])
    return {"name": "audited " + str(event.get("action"))}
