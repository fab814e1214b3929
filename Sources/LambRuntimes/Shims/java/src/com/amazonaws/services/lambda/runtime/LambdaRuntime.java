package com.amazonaws.services.lambda.runtime;

import java.nio.charset.StandardCharsets;

/** The function's logger, for code that has no {@link Context} at hand (static initialisers, libraries). */
public final class LambdaRuntime {
    private LambdaRuntime() {}

    // Replaced by the runtime before the handler's class is loaded; the fallback writes to standard output.
    private static volatile LambdaLogger logger = new LambdaLogger() {
        public void log(String message) {
            System.out.print(message);
            System.out.flush();
        }

        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    public static LambdaLogger getLogger() {
        return logger;
    }
}
