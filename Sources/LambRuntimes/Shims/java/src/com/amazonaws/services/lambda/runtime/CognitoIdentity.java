package com.amazonaws.services.lambda.runtime;

/** The Amazon Cognito identity that made the invocation, when there is one. */
public interface CognitoIdentity {
    String getIdentityId();

    String getIdentityPoolId();
}
