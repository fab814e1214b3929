package lamb.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Resolves a handler string as Lambda's Java runtime does: {@code package.Class} (a {@link RequestStreamHandler}
 * or {@link RequestHandler}) or {@code package.Class::method} (a public method, static or on an instance made with
 * the public zero-argument constructor). Loading the class runs its static initialiser. What fails is a
 * {@link UserFault}: fatal (init fails) when the class's initialiser or constructor threw, otherwise reported by
 * every invocation.
 */
final class HandlerLoader {
    private HandlerLoader() {}

    static Invoker load(String handler, ClassLoader loader, Serialization serialization) {
        int colons = handler.lastIndexOf("::");
        String className = colons < 0 ? handler : handler.substring(0, colons);
        String methodName = colons < 0 ? null : handler.substring(colons + 2);
        if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
            return Invoker.failing(UserFault.message("Invalid handler: `" + handler + "'"));
        }
        Class<?> clazz;
        try {
            clazz = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return Invoker.failing(new UserFault("Class not found: " + className, e.getClass().getName(), e, false));
        } catch (NoClassDefFoundError e) {
            return Invoker.failing(loadingFault(e, className, false));
        } catch (Throwable e) {
            throw loadingFault(e, className, true);
        }
        try {
            return methodName == null ? interfaceHandler(clazz, serialization)
                    : methodHandler(clazz, methodName, serialization);
        } catch (UserFault fault) {
            if (fault.fatal) throw fault;
            return Invoker.failing(fault);
        }
    }

    private static UserFault loadingFault(Throwable e, String className, boolean fatal) {
        String message = "Error loading class " + className + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new UserFault(message, e.getClass().getName(), ErrorReport.withoutRuntimeFrames(e), fatal);
    }

    // ----- Class handlers -----------------------------------------------------------------------------------------

    private static Invoker interfaceHandler(Class<?> clazz, Serialization serialization) {
        if (RequestStreamHandler.class.isAssignableFrom(clazz)) {
            RequestStreamHandler instance = (RequestStreamHandler) instantiate(clazz);
            return (event, response, context) -> instance.handleRequest(new ByteArrayInputStream(event), response, context);
        }
        if (RequestHandler.class.isAssignableFrom(clazz)) {
            Type[] types = TypeArguments.of(clazz, RequestHandler.class);
            if (types == null || types[0] == null || types[1] == null) {
                throw UserFault.message("Class " + clazz.getName()
                        + " does not implement RequestHandler with concrete type parameters");
            }
            for (Type type : types) {
                if (type instanceof TypeVariable && PojoReader.rawClass(type) == Object.class) {
                    throw UserFault.message("Class " + clazz.getName()
                            + " does not implement RequestHandler with concrete type parameters: parameter " + type
                            + " has no upper bound.");
                }
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> instance = (RequestHandler<Object, Object>) instantiate(clazz);
            return pojo(types[0], types[1], serialization, (input, context) -> instance.handleRequest(input, context));
        }
        throw UserFault.message("Class does not implement an appropriate handler interface: " + clazz.getName());
    }

    private static Object instantiate(Class<?> clazz) {
        Constructor<?> constructor;
        try {
            constructor = clazz.getConstructor();
        } catch (NoSuchMethodException e) {
            String why = clazz.getEnclosingClass() != null && !Modifier.isStatic(clazz.getModifiers())
                    ? "Class " + clazz.getName() + " cannot be instantiated because it is a non-static inner class"
                    : "Class " + clazz.getName() + " has no public zero-argument constructor";
            throw new UserFault(why, Exception.class.getName(), null, false);
        }
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw UserFault.of(ErrorReport.withoutRuntimeFrames(cause), true);
        } catch (ReflectiveOperationException e) {
            throw UserFault.of(e, true);
        }
    }

    // ----- Method handlers ----------------------------------------------------------------------------------------

    /** How a POJO handler's input and context reach it. */
    private interface PojoCall {
        Object call(Object input, Context context) throws Throwable;
    }

    private static Invoker methodHandler(Class<?> clazz, String name, Serialization serialization) {
        List<Method> candidates = new ArrayList<>();
        for (Method method : clazz.getMethods()) if (method.getName().equals(name)) candidates.add(method);
        // Lambda's order: non-bridge methods first, then longer signatures, a trailing Context counting one extra.
        candidates.sort(Comparator.comparing(Method::isBridge).thenComparing(m -> -weight(m)));
        for (Method method : candidates) {
            Invoker invoker = overload(clazz, method, serialization);
            if (invoker != null) return invoker;
        }
        throw UserFault.message(
                "No public method named " + name + " with appropriate method signature found on class " + clazz.getName());
    }

    private static int weight(Method method) {
        Class<?>[] params = method.getParameterTypes();
        return params.length + (params.length > 0 && params[params.length - 1] == Context.class ? 1 : 0);
    }

    /** The invoker for one overload, or null when its signature is not one Lambda accepts. */
    private static Invoker overload(Class<?> clazz, Method method, Serialization serialization) {
        Class<?>[] p = method.getParameterTypes();
        Type[] generic = method.getGenericParameterTypes();
        Type result = method.getGenericReturnType();
        switch (p.length) {
            case 0:
                return methodPojo(clazz, method, null, false, result, serialization);
            case 1:
                if (p[0] == InputStream.class) return methodStream(clazz, method, true, false, false);
                if (p[0] == OutputStream.class) return methodStream(clazz, method, false, true, false);
                if (p[0] == Context.class) return methodPojo(clazz, method, null, true, result, serialization);
                return methodPojo(clazz, method, generic[0], false, result, serialization);
            case 2:
                if (p[0] == InputStream.class && p[1] == OutputStream.class) {
                    return methodStream(clazz, method, true, true, false);
                }
                if (p[0] == InputStream.class && p[1] == Context.class) return methodStream(clazz, method, true, false, true);
                if (p[0] == OutputStream.class && p[1] == Context.class) return methodStream(clazz, method, false, true, true);
                if (p[0] != Context.class && p[0] != OutputStream.class && p[0] != InputStream.class
                        && p[1] == Context.class) {
                    return methodPojo(clazz, method, generic[0], true, result, serialization);
                }
                return null;
            case 3:
                if (p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
                    return methodStream(clazz, method, true, true, true);
                }
                return null;
            default:
                return null;
        }
    }

    private static Object receiver(Class<?> clazz, Method method) {
        return Modifier.isStatic(method.getModifiers()) ? null : instantiate(clazz);
    }

    private static Invoker methodStream(Class<?> clazz, Method method, boolean input, boolean output, boolean context) {
        Object receiver = receiver(clazz, method);
        return (event, response, ctx) -> {
            List<Object> args = new ArrayList<>(3);
            if (input) args.add(new ByteArrayInputStream(event));
            if (output) args.add(response);
            if (context) args.add(ctx);
            callMethod(method, receiver, args.toArray());
        };
    }

    private static Invoker methodPojo(Class<?> clazz, Method method, Type input, boolean context, Type result,
            Serialization serialization) {
        Object receiver = receiver(clazz, method);
        PojoCall call = (value, ctx) -> {
            Object[] args = new Object[(input != null ? 1 : 0) + (context ? 1 : 0)];
            int i = 0;
            if (input != null) args[i++] = value;
            if (context) args[i] = ctx;
            return callMethod(method, receiver, args);
        };
        return pojo(input, result, serialization, call);
    }

    private static Object callMethod(Method method, Object receiver, Object[] args) throws Throwable {
        try {
            return method.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() == null ? e : e.getCause();
        }
    }

    // ----- JSON in and out ------------------------------------------------------------------------------------------

    private static final byte[] JSON_NULL = {'n', 'u', 'l', 'l'};

    private static Invoker pojo(Type input, Type result, Serialization serialization, PojoCall call) {
        boolean hasResult = result != void.class && result != Void.class;
        return (event, response, context) -> {
            Object value = null;
            if (input != null) {
                try {
                    value = serialization.read(event, input);
                } catch (Throwable t) {
                    throw new RuntimeException("An error occurred during JSON parsing", t);
                }
            }
            Object output = call.call(value, context);
            if (!hasResult) {
                response.write(JSON_NULL);
                return;
            }
            try {
                serialization.write(output, result, response);
            } catch (Throwable t) {
                throw new RuntimeException("An error occurred during JSON serialization of response", t);
            }
        };
    }
}
