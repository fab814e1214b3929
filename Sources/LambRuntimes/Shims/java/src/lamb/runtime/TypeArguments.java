package lamb.runtime;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** What a class fixes the type parameters of a generic interface or superclass to ({@code RequestHandler<I, O>}). */
final class TypeArguments {
    private TypeArguments() {}

    /**
     * The actual type arguments {@code clazz} gives {@code generic} anywhere up its hierarchy, with type variables
     * bound further down replaced; {@code null} when it implements it raw or not at all.
     */
    static Type[] of(Class<?> clazz, Class<?> generic) {
        Deque<Map.Entry<Type, Map<TypeVariable<?>, Type>>> queue = new ArrayDeque<>();
        queue.add(Map.entry(clazz, Map.of()));
        while (!queue.isEmpty()) {
            Map.Entry<Type, Map<TypeVariable<?>, Type>> next = queue.removeFirst();
            Type type = next.getKey();
            Map<TypeVariable<?>, Type> bindings = next.getValue();
            Class<?> raw = PojoReader.rawClass(type);
            Map<TypeVariable<?>, Type> here = new HashMap<>(bindings);
            if (type instanceof ParameterizedType) {
                Type[] actual = ((ParameterizedType) type).getActualTypeArguments();
                TypeVariable<?>[] declared = raw.getTypeParameters();
                for (int i = 0; i < declared.length && i < actual.length; i++) {
                    here.put(declared[i], substitute(actual[i], bindings));
                }
            }
            if (raw == generic) {
                if (!(type instanceof ParameterizedType)) return null;
                TypeVariable<?>[] declared = raw.getTypeParameters();
                Type[] result = new Type[declared.length];
                for (int i = 0; i < declared.length; i++) result[i] = here.get(declared[i]);
                return result;
            }
            for (Type parent : raw.getGenericInterfaces()) queue.add(Map.entry(parent, here));
            if (raw.getGenericSuperclass() != null) queue.add(Map.entry(raw.getGenericSuperclass(), here));
        }
        return null;
    }

    private static Type substitute(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable && bindings.containsKey(type)) return bindings.get(type);
        return type;
    }

    /** A type variable declared by a superclass of {@code owner}, as {@code owner}'s hierarchy binds it. */
    static Type resolveVariable(TypeVariable<?> variable, Class<?> owner) {
        if (!(variable.getGenericDeclaration() instanceof Class)) return variable;
        Class<?> declaring = (Class<?>) variable.getGenericDeclaration();
        Type[] arguments = of(owner, declaring);
        if (arguments == null) return variable;
        TypeVariable<?>[] declared = declaring.getTypeParameters();
        for (int i = 0; i < declared.length; i++) {
            if (declared[i].equals(variable) && arguments[i] != null) return arguments[i];
        }
        return variable;
    }
}
