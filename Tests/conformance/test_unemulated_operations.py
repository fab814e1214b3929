"""Operations of the Lambda API that Lamb does not emulate yet answer an AWS-shaped error naming the operation, never an
empty 404: boto3 shows which operation, so an infrastructure tool's failure says what is missing."""

import pytest
from botocore.exceptions import ClientError


@pytest.mark.parametrize("call,operation", [
    (lambda lam: lam.get_function_scaling_config(FunctionName="f", Qualifier="$LATEST"), "GetFunctionScalingConfig"),
    (lambda lam: lam.list_capacity_providers(), "ListCapacityProviders"),
    (lambda lam: lam.get_durable_execution(DurableExecutionArn="arn:aws:lambda:us-east-1:000000000000:function:f"),
     "GetDurableExecution"),
])
def test_an_operation_lamb_does_not_emulate_is_named(raw_lam, call, operation):
    with pytest.raises(ClientError) as caught:
        call(raw_lam)
    error = caught.value.response["Error"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Code"] == "UnknownOperationException"
    assert "Lamb does not emulate the %s operation" % operation in error["Message"]
