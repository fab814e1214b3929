package com.amazonaws.services.lambda.runtime;

/** A handler whose event is JSON bound to {@code I}, and whose result {@code O} is written back as JSON. */
public interface RequestHandler<I, O> {
    O handleRequest(I input, Context context);
}
