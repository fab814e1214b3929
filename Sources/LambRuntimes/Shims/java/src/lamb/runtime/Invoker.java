package lamb.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayOutputStream;

/** A loaded handler: an event in, the response's bytes out. */
interface Invoker {
    void invoke(byte[] event, ByteArrayOutputStream response, Context context) throws Throwable;

    /** A handler that could not be loaded but does not fail init: every invocation answers with the fault. */
    static Invoker failing(UserFault fault) {
        return (event, response, context) -> {
            throw fault;
        };
    }
}
