package com.amazonaws.services.lambda.runtime;

/**
 * What a handler knows about its invocation and its function (Lamb's implementation of the interface of
 * aws-lambda-java-core, written from its documentation).
 */
public interface Context {
    String getAwsRequestId();

    String getLogGroupName();

    String getLogStreamName();

    String getFunctionName();

    String getFunctionVersion();

    String getInvokedFunctionArn();

    CognitoIdentity getIdentity();

    ClientContext getClientContext();

    int getRemainingTimeInMillis();

    int getMemoryLimitInMB();

    LambdaLogger getLogger();

    /** The tenant of a tenant-isolated invocation; null otherwise. */
    default String getTenantId() {
        return null;
    }

    /** The X-Ray trace header of the invocation. */
    default String getXrayTraceId() {
        return null;
    }
}
