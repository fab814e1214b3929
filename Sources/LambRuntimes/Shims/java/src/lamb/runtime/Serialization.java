package lamb.runtime;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Events to the types handlers take, and results to JSON: the function's CustomPojoSerializer, or Lamb's own. */
final class Serialization {
    private final CustomPojoSerializer custom;

    private Serialization(CustomPojoSerializer custom) {
        this.custom = custom;
    }

    /** Looks for a CustomPojoSerializer in the function's code once, as Lambda's runtime does. */
    static Serialization forFunction(ClassLoader functionLoader) {
        Iterator<CustomPojoSerializer> found =
                ServiceLoader.load(CustomPojoSerializer.class, functionLoader).iterator();
        return new Serialization(found.hasNext() ? found.next() : null);
    }

    Object read(byte[] event, Type type) {
        if (custom != null) return custom.fromJson(new ByteArrayInputStream(event), type);
        return PojoReader.read(Json.parse(new String(event, StandardCharsets.UTF_8)), type);
    }

    void write(Object result, Type type, OutputStream out) {
        if (custom != null) {
            custom.toJson(result, out, type);
            return;
        }
        try {
            out.write(Json.write(PojoWriter.tree(result)).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
