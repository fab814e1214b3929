package lamb.runtime;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a JSON tree ({@link Json}) to a Java type by reflection, following the rules of Lambda's Java serializer
 * (Jackson, configured by aws-lambda-java-serialization) as far as reflection goes:
 * <ul>
 *   <li>a JSON key binds to a public setter {@code setX} or a public field by the bean name of the property
 *       ({@code setRecords} is {@code records}, {@code setURL} is {@code URL}); unknown keys are ignored;</li>
 *   <li>the classes of aws-lambda-java-events match keys without regard to case as well, which stands for the
 *       mix-ins Lambda's serializer gives them ({@code Records}, {@code eventSourceARN}, {@code Sns}...);</li>
 *   <li>a single value is accepted where an array is expected, an empty string or array where an object is;</li>
 *   <li>scalars convert to strings and numeric strings to numbers; an unknown enum name is null.</li>
 * </ul>
 */
final class PojoReader {
    private PojoReader() {}

    static final String EVENTS_PACKAGE = "com.amazonaws.services.lambda.runtime.events";

    private static final Map<Class<?>, Map<String, Property>> setters = new ConcurrentHashMap<>();

    /** A way to set one property of a class: a setter or a field. */
    private static final class Property {
        final Method setter;
        final Field field;

        Property(Method setter, Field field) {
            this.setter = setter;
            this.field = field;
        }

        Type type() {
            return setter != null ? setter.getGenericParameterTypes()[0] : field.getGenericType();
        }

        void set(Object target, Object value) throws ReflectiveOperationException {
            if (setter != null) setter.invoke(target, value);
            else field.set(target, value);
        }
    }

    static Object read(Object node, Type type) {
        return read(node, type, 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object read(Object node, Type type, int depth) {
        if (depth > 500) throw new IllegalArgumentException("the event nests too deep to bind");
        Class<?> raw = rawClass(type);
        if (raw.isPrimitive()) return primitive(node, raw);
        if (node == null) return raw == Optional.class ? Optional.empty() : null;
        if (raw == Object.class) return node;
        if (raw == String.class || raw == CharSequence.class) return text(node, raw);
        if (raw == Optional.class) return Optional.ofNullable(read(node, typeArgument(type, 0), depth + 1));
        if (Number.class.isAssignableFrom(raw)) return number(node, raw);
        if (raw == Boolean.class) return bool(node);
        if (raw == Character.class) return character(node);
        if (raw.isEnum()) return enumValue(node, raw);
        if (raw == byte[].class) return node instanceof String ? Base64.getDecoder().decode((String) node) : null;
        if (raw.isArray()) {
            List<Object> items = asList(node);
            Object array = Array.newInstance(raw.getComponentType(), items.size());
            Type component = type instanceof GenericArrayType
                    ? ((GenericArrayType) type).getGenericComponentType() : raw.getComponentType();
            for (int i = 0; i < items.size(); i++) Array.set(array, i, read(items.get(i), component, depth + 1));
            return array;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!(node instanceof Map)) {
                if ("".equals(node)) return null;
                throw mismatch(node, type);
            }
            Map<Object, Object> map = (Map<Object, Object>) newContainer(raw, true);
            Type keyType = typeArgument(type, 0);
            Type valueType = typeArgument(type, 1);
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) node).entrySet()) {
                map.put(mapKey(entry.getKey(), keyType), read(entry.getValue(), valueType, depth + 1));
            }
            return map;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            if (raw == EnumSet.class) {
                Class<? extends Enum> element = (Class<? extends Enum>) rawClass(typeArgument(type, 0));
                EnumSet set = EnumSet.noneOf(element);
                for (Object item : asList(node)) {
                    Object value = read(item, element, depth + 1);
                    if (value != null) set.add(value);
                }
                return set;
            }
            Collection<Object> collection = (Collection<Object>) newContainer(raw, false);
            Type element = typeArgument(type, 0);
            for (Object item : asList(node)) collection.add(read(item, element, depth + 1));
            return collection;
        }
        Object time = TimeValues.read(node, raw);
        if (time != TimeValues.NOT_A_TIME) return time;
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new IllegalArgumentException("cannot make an instance of the abstract type " + raw.getName());
        }
        return pojo(node, raw, depth);
    }

    private static Object pojo(Object node, Class<?> raw, int depth) {
        // Lambda's serializer takes "" and [] for an absent object.
        if ("".equals(node) || (node instanceof List && ((List<?>) node).isEmpty())) return null;
        if (node instanceof List && ((List<?>) node).size() == 1) node = ((List<?>) node).get(0);
        if (!(node instanceof Map)) throw mismatch(node, raw);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) node;
        try {
            if (raw.isRecord()) return record(object, raw, depth);
            Constructor<?> constructor = raw.getDeclaredConstructor();
            constructor.setAccessible(true);
            Object instance = constructor.newInstance();
            Map<String, Property> properties = properties(raw);
            boolean events = raw.getName().startsWith(EVENTS_PACKAGE);
            for (Map.Entry<String, Object> entry : object.entrySet()) {
                Property property = properties.get(entry.getKey());
                if (property == null && events) property = properties.get(caseless(entry.getKey()));
                if (property == null) continue;
                property.set(instance, read(entry.getValue(), resolve(property.type(), raw), depth + 1));
            }
            return instance;
        } catch (NoSuchMethodException missing) {
            throw new IllegalArgumentException(
                    "cannot make an instance of " + raw.getName() + ": it has no zero-argument constructor");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalArgumentException("binding " + raw.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("binding " + raw.getName() + " failed: " + e, e);
        }
    }

    private static Object record(Map<String, Object> object, Class<?> raw, int depth)
            throws ReflectiveOperationException {
        RecordComponent[] components = raw.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = read(object.get(components[i].getName()), components[i].getGenericType(), depth + 1);
        }
        Constructor<?> canonical = raw.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(values);
    }

    /** Property name → how to set it; events classes also under the name's lower-case form. */
    private static Map<String, Property> properties(Class<?> raw) {
        return setters.computeIfAbsent(raw, c -> {
            Map<String, Property> found = new LinkedHashMap<>();
            for (Field field : c.getFields()) {
                if (Modifier.isStatic(field.getModifiers())) continue;
                field.setAccessible(true);
                found.put(field.getName(), new Property(null, field));
            }
            // Setters win over fields of the same name, as Jackson prefers them.
            for (Method method : c.getMethods()) {
                String name = method.getName();
                if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 1) continue;
                if (!name.startsWith("set") || name.length() == 3 || method.isBridge()) continue;
                found.put(PojoWriter.beanName(name.substring(3)), new Property(method, null));
            }
            if (c.getName().startsWith(EVENTS_PACKAGE)) {
                for (Map.Entry<String, Property> entry : new ArrayList<>(found.entrySet())) {
                    found.putIfAbsent(caseless(entry.getKey()), entry.getValue());
                }
            }
            return found;
        });
    }

    private static String caseless(String name) {
        return "\u0000" + name.toLowerCase(Locale.ROOT);
    }

    private static Object newContainer(Class<?> raw, boolean map) {
        if (!raw.isInterface() && !Modifier.isAbstract(raw.getModifiers())) {
            try {
                return raw.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot make an instance of " + raw.getName(), e);
            }
        }
        if (map) return SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>() : new LinkedHashMap<>();
        if (SortedSet.class.isAssignableFrom(raw)) return new TreeSet<>();
        if (Set.class.isAssignableFrom(raw)) return new LinkedHashSet<>();
        return new ArrayList<>();
    }

    private static List<Object> asList(Object node) {
        if (node instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) node;
            return list;
        }
        // ACCEPT_SINGLE_VALUE_AS_ARRAY
        List<Object> single = new ArrayList<>(1);
        single.add(node);
        return single;
    }

    private static Object mapKey(String key, Type keyType) {
        Class<?> raw = rawClass(keyType);
        if (raw == Object.class || raw == String.class) return key;
        return read(key, keyType);
    }

    private static Object text(Object node, Class<?> raw) {
        if (node instanceof String) return node;
        if (node instanceof Number || node instanceof Boolean) return node.toString();
        throw mismatch(node, raw);
    }

    private static Object bool(Object node) {
        if (node instanceof Boolean) return node;
        if (node instanceof String) {
            String s = ((String) node).trim();
            if (s.isEmpty()) return null;
            if (s.equalsIgnoreCase("true")) return true;
            if (s.equalsIgnoreCase("false")) return false;
        }
        if (node instanceof Number) return ((Number) node).intValue() != 0;
        throw mismatch(node, Boolean.class);
    }

    private static Object character(Object node) {
        if (node instanceof String && ((String) node).length() == 1) return ((String) node).charAt(0);
        if (node instanceof Number) return (char) ((Number) node).intValue();
        throw mismatch(node, Character.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Object node, Class<?> raw) {
        if (node instanceof String) {
            try {
                return Enum.valueOf((Class<? extends Enum>) raw, (String) node);
            } catch (IllegalArgumentException unknown) {
                return null; // READ_UNKNOWN_ENUM_VALUES_AS_NULL
            }
        }
        if (node instanceof Number) {
            Object[] constants = raw.getEnumConstants();
            int index = ((Number) node).intValue();
            return index >= 0 && index < constants.length ? constants[index] : null;
        }
        throw mismatch(node, raw);
    }

    private static Object primitive(Object node, Class<?> raw) {
        if (raw == boolean.class) {
            Object b = node == null ? null : bool(node);
            return b == null ? false : b;
        }
        if (raw == char.class) return node == null ? '\0' : character(node);
        Object n = node == null ? null : number(node, box(raw));
        return n == null ? number(0, box(raw)) : n;
    }

    private static Class<?> box(Class<?> primitive) {
        if (primitive == int.class) return Integer.class;
        if (primitive == long.class) return Long.class;
        if (primitive == double.class) return Double.class;
        if (primitive == float.class) return Float.class;
        if (primitive == short.class) return Short.class;
        if (primitive == byte.class) return Byte.class;
        return primitive;
    }

    static Object number(Object node, Class<?> raw) {
        BigDecimal value;
        if (node instanceof Number) {
            if (raw.isInstance(node) && raw != Number.class) return node;
            if (node instanceof Double || node instanceof Float) {
                double d = ((Number) node).doubleValue();
                if (raw == Double.class || raw == Number.class) return d;
                if (raw == Float.class) return (float) d;
                if (Double.isNaN(d) || Double.isInfinite(d)) throw mismatch(node, raw);
            }
            value = new BigDecimal(node.toString());
        } else if (node instanceof String) {
            String s = ((String) node).trim();
            if (s.isEmpty()) return null;
            try {
                value = new BigDecimal(s);
            } catch (NumberFormatException bad) {
                if (raw == Double.class) return Double.valueOf(s); // "NaN", "Infinity"
                throw mismatch(node, raw);
            }
        } else if (node instanceof Boolean) {
            value = ((Boolean) node) ? BigDecimal.ONE : BigDecimal.ZERO;
        } else {
            throw mismatch(node, raw);
        }
        if (raw == Integer.class) return value.intValue();
        if (raw == Long.class) return value.longValue();
        if (raw == Double.class) return value.doubleValue();
        if (raw == Float.class) return value.floatValue();
        if (raw == Short.class) return value.shortValue();
        if (raw == Byte.class) return value.byteValue();
        if (raw == BigInteger.class) return value.toBigInteger();
        if (raw == BigDecimal.class) return value;
        if (raw == Number.class) return node instanceof Number ? node : value;
        throw mismatch(node, raw);
    }

    static IllegalArgumentException mismatch(Object node, Type type) {
        String kind = node instanceof Map ? "an object" : node instanceof List ? "an array"
                : node instanceof String ? "a string" : node instanceof Boolean ? "a boolean" : "a number";
        return new IllegalArgumentException(
                "Cannot deserialize value of type `" + type.getTypeName() + "` from " + kind);
    }

    static Class<?> rawClass(Type type) {
        if (type instanceof Class) return (Class<?>) type;
        if (type instanceof ParameterizedType) return (Class<?>) ((ParameterizedType) type).getRawType();
        if (type instanceof GenericArrayType) {
            return Array.newInstance(rawClass(((GenericArrayType) type).getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType) return rawClass(((WildcardType) type).getUpperBounds()[0]);
        if (type instanceof TypeVariable) {
            Type[] bounds = ((TypeVariable<?>) type).getBounds();
            return bounds.length == 0 ? Object.class : rawClass(bounds[0]);
        }
        return Object.class;
    }

    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType) {
            Type[] arguments = ((ParameterizedType) type).getActualTypeArguments();
            if (index < arguments.length) return arguments[index];
        }
        return Object.class;
    }

    /** A property's type with the type variables of generic POJO superclasses resolved where the class fixes them. */
    private static Type resolve(Type type, Class<?> owner) {
        if (!(type instanceof TypeVariable)) return type;
        return TypeArguments.resolveVariable((TypeVariable<?>) type, owner);
    }

    /** Java time values and Joda's DateTime (aws-lambda-java-events uses it), each read as Lambda's serializer does. */
    static final class TimeValues {
        static final Object NOT_A_TIME = new Object();

        static Object read(Object node, Class<?> raw) {
            if (raw == Date.class) {
                if (node instanceof Number) return new Date(((Number) node).longValue());
                return Date.from(instant(node.toString()));
            }
            if (raw == Instant.class) {
                if (node instanceof Number) {
                    BigDecimal seconds = new BigDecimal(node.toString());
                    return Instant.ofEpochSecond(seconds.longValue(),
                            seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
                }
                return instant(node.toString());
            }
            if (raw == OffsetDateTime.class) return OffsetDateTime.parse(node.toString());
            if (raw == ZonedDateTime.class) return ZonedDateTime.parse(node.toString());
            if (raw == LocalDateTime.class) return LocalDateTime.parse(node.toString());
            if (raw == LocalDate.class) return LocalDate.parse(node.toString());
            if (raw.getName().equals("org.joda.time.DateTime")) {
                try {
                    // DateTime(Object) takes an ISO string or epoch milliseconds.
                    Object instant = node instanceof Number ? (Object) ((Number) node).longValue() : node.toString();
                    return raw.getConstructor(Object.class).newInstance(instant);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException("cannot read a Joda DateTime from " + node, e);
                }
            }
            return NOT_A_TIME;
        }

        private static Instant instant(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException notOffset) {
                return Instant.parse(text);
            }
        }
    }
}
