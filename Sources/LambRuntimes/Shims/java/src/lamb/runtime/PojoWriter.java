package lamb.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a handler's result into a JSON tree ({@link Json}) by reflection, as Lambda's serializer writes it: public
 * getters ({@code getX}, {@code isX} for booleans) and public fields by their bean names, null properties left out,
 * dates as epoch milliseconds, byte arrays in base64. The lists of aws-lambda-java-events keep the names Lambda's
 * serializer gives them ({@code Records}, {@code eventSourceARN}).
 */
final class PojoWriter {
    private PojoWriter() {}

    private static final Map<Class<?>, List<Getter>> getters = new ConcurrentHashMap<>();

    /** The names Lambda's mix-ins give properties of the events classes, which bean naming cannot guess. */
    private static final Map<String, String> EVENT_NAMES = Map.of(
            "records", "Records",
            "eventSourceArn", "eventSourceARN",
            "sns", "Sns",
            "eventSource", "EventSource");

    private static final class Getter {
        final String name;
        final Method method;
        final Field field;

        Getter(String name, Method method, Field field) {
            this.name = name;
            this.method = method;
            this.field = field;
        }

        Object get(Object target) throws ReflectiveOperationException {
            return method != null ? method.invoke(target) : field.get(target);
        }
    }

    static Object tree(Object value) {
        return tree(value, new IdentityHashMap<>());
    }

    private static Object tree(Object value, IdentityHashMap<Object, Boolean> path) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Character || value instanceof Enum) return value.toString();
        if (value instanceof Optional) return tree(((Optional<?>) value).orElse(null), path);
        if (value instanceof byte[]) return Base64.getEncoder().encodeToString((byte[]) value);
        if (value instanceof Date) return ((Date) value).getTime();
        if (value instanceof TemporalAccessor) return value.toString();
        if (value.getClass().getName().equals("org.joda.time.DateTime")) return value.toString();
        if (path.put(value, Boolean.TRUE) != null) {
            throw new IllegalArgumentException("Direct self-reference leading to cycle: " + value.getClass().getName());
        }
        try {
            if (value instanceof Map) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.put(String.valueOf(entry.getKey()), tree(entry.getValue(), path));
                }
                return out;
            }
            if (value instanceof Collection) {
                List<Object> out = new ArrayList<>();
                for (Object item : (Collection<?>) value) out.add(tree(item, path));
                return out;
            }
            if (value.getClass().isArray()) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < Array.getLength(value); i++) out.add(tree(Array.get(value, i), path));
                return out;
            }
            return pojo(value, path);
        } finally {
            path.remove(value);
        }
    }

    private static Object pojo(Object value, IdentityHashMap<Object, Boolean> path) {
        Class<?> type = value.getClass();
        boolean events = type.getName().startsWith(PojoReader.EVENTS_PACKAGE);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Getter getter : getters(type)) {
            Object property;
            try {
                property = getter.get(value);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new IllegalArgumentException(getter.name + " of " + type.getName() + " threw " + e.getCause(),
                        e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot read " + getter.name + " of " + type.getName(), e);
            }
            if (property == null) continue; // Include.NON_NULL
            String name = events ? EVENT_NAMES.getOrDefault(getter.name, getter.name) : getter.name;
            out.put(name, tree(property, path));
        }
        return out;
    }

    /** The readable properties of {@code type}, in the order of its fields' declarations where it has them. */
    private static List<Getter> getters(Class<?> type) {
        return getters.computeIfAbsent(type, c -> {
            Map<String, Getter> found = new LinkedHashMap<>();
            if (c.isRecord()) {
                for (RecordComponent component : c.getRecordComponents()) {
                    Method accessor = component.getAccessor();
                    accessor.setAccessible(true);
                    found.put(component.getName(), new Getter(component.getName(), accessor, null));
                }
                return new ArrayList<>(found.values());
            }
            for (Field field : declaredFieldsInOrder(c)) found.put(field.getName(), null);
            for (Field field : c.getFields()) {
                if (Modifier.isStatic(field.getModifiers())) continue;
                found.put(field.getName(), new Getter(field.getName(), null, field));
            }
            for (Method method : c.getMethods()) {
                String name = propertyOfGetter(method);
                if (name == null) continue;
                method.setAccessible(true);
                found.put(name, new Getter(name, method, null));
            }
            List<Getter> ordered = new ArrayList<>();
            for (Getter getter : found.values()) if (getter != null) ordered.add(getter);
            return ordered;
        });
    }

    private static List<Field> declaredFieldsInOrder(Class<?> c) {
        List<Field> fields = new ArrayList<>();
        if (c.getSuperclass() != null && c.getSuperclass() != Object.class) {
            fields.addAll(declaredFieldsInOrder(c.getSuperclass()));
        }
        for (Field field : c.getDeclaredFields()) if (!Modifier.isStatic(field.getModifiers())) fields.add(field);
        return fields;
    }

    private static String propertyOfGetter(Method method) {
        if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0 || method.isBridge()) {
            return null;
        }
        if (method.getDeclaringClass() == Object.class || method.getReturnType() == void.class) return null;
        String name = method.getName();
        if (name.startsWith("get") && name.length() > 3) return beanName(name.substring(3));
        if (name.startsWith("is") && name.length() > 2 && method.getReturnType() == boolean.class) {
            return beanName(name.substring(2));
        }
        return null;
    }

    /** The standard bean name of the part after get/set/is: {@code Records} → {@code records}, {@code URL} stays. */
    static String beanName(String suffix) {
        if (suffix.length() > 1 && Character.isUpperCase(suffix.charAt(0)) && Character.isUpperCase(suffix.charAt(1))) {
            return suffix;
        }
        return Character.toLowerCase(suffix.charAt(0)) + suffix.substring(1);
    }
}
