package lamb.runtime;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The function's {@link LambdaLogger}: each call is one entry in the function's log, written straight to the
 * runtime's standard output (whatever the function did to {@code System.out}). In the text format the message is
 * written as it is (a line break added when it has none); with {@code AWS_LAMBDA_LOG_FORMAT=JSON} it is an object
 * with the timestamp, level, message and request id, and levels below {@code AWS_LAMBDA_LOG_LEVEL} are dropped.
 */
final class FunctionLogger implements LambdaLogger {
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private final boolean json;
    private final LogLevel minimum;
    private volatile String requestId;

    FunctionLogger(String format, String level) {
        this.json = "JSON".equalsIgnoreCase(format);
        LogLevel parsed = LogLevel.fromString(level);
        this.minimum = parsed == LogLevel.UNDEFINED ? LogLevel.INFO : parsed;
    }

    void setRequestId(String requestId) {
        this.requestId = requestId;
    }

    @Override
    public void log(String message) {
        log(message, LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }

    @Override
    public void log(String message, LogLevel level) {
        if (message == null) message = "null";
        String entry;
        if (json) {
            LogLevel shown = level == LogLevel.UNDEFINED ? LogLevel.INFO : level;
            if (shown.ordinal() < minimum.ordinal()) return;
            StringBuilder s = new StringBuilder(message.length() + 128);
            s.append("{\"timestamp\":");
            Json.quote(Instant.now().toString(), s);
            s.append(",\"level\":");
            Json.quote(shown.name(), s);
            s.append(",\"message\":");
            Json.quote(message, s);
            if (requestId != null) {
                s.append(",\"AWSRequestId\":");
                Json.quote(requestId, s);
            }
            entry = s.append("}\n").toString();
        } else {
            entry = message.endsWith("\n") ? message : message + "\n";
        }
        byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            // What the function printed before this entry comes before it in the log.
            System.out.flush();
            try {
                out.write(bytes);
            } catch (IOException lost) {
                // The log pipe is gone: nothing left to tell.
            }
        }
    }
}
