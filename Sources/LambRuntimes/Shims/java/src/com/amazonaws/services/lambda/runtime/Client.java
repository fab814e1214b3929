package com.amazonaws.services.lambda.runtime;

/** The calling application, as a client context describes it. */
public interface Client {
    String getInstallationId();

    String getAppTitle();

    String getAppVersionName();

    String getAppVersionCode();

    String getAppPackageName();
}
