package com.amazonaws.services.lambda.runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * A serializer of the function's own for the events and results of {@link RequestHandler}s and POJO handlers,
 * found with {@link java.util.ServiceLoader} in the function's code (a
 * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer} file naming the class).
 */
public interface CustomPojoSerializer {
    <T> T fromJson(InputStream input, Type type);

    <T> T fromJson(String input, Type type);

    <T> void toJson(T value, OutputStream output, Type type);
}
