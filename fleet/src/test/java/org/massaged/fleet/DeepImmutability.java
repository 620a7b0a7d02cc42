package org.massaged.fleet;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Whether a value can change after it was built, all the way down: what a static field may hold when many daemons
 * share one JVM. The project's own classes are walked field by field (every field final, every value immutable);
 * the JDK's are judged by type, because their insides are closed to reflection: the immutable value types, and the
 * unmodifiable collections, whose elements are walked through the collection's own methods. Anything else (a
 * {@code HashMap}, an {@code EnumSet}, an array, an {@code AtomicLong}, an executor, an {@code ObjectMapper}) is
 * mutable.
 */
final class DeepImmutability {

    private static final Set<Class<?>> VALUE_TYPES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class,
            Duration.class, Instant.class, LocalDate.class, LocalTime.class, UUID.class, Locale.class, URI.class,
            Class.class, OptionalInt.class, OptionalLong.class, OptionalDouble.class);

    /** Supertypes whose every implementation in the JDK is immutable. */
    private static final List<Class<?>> VALUE_SUPERTYPES = List.of(Pattern.class, Charset.class, Path.class,
            ZoneId.class, Enum.class);

    private final String project;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private DeepImmutability(String project) {
        this.project = project;
    }

    /** What can change in {@code value}, each as the path that reaches it; empty when nothing can. */
    static List<String> problems(Object value, String path, String projectPackage) {
        DeepImmutability walk = new DeepImmutability(projectPackage);
        walk.check(value, path);
        return walk.problems;
    }

    private void check(Object value, String path) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        Class<?> type = value.getClass();
        if (ownClass(type)) {
            walkFields(value, type, path);
        } else if (type.isArray()) {
            problems.add(path + ": an array (" + type.getComponentType().getSimpleName() + "[]) can be written");
        } else if (VALUE_TYPES.contains(type) || VALUE_SUPERTYPES.stream().anyMatch(s -> s.isInstance(value))) {
            return;
        } else if (value instanceof org.slf4j.Logger) {
            // a class's logger: the process has one logging context, shared on purpose (levels are the process's)
            return;
        } else if (value instanceof Optional<?> optional) {
            check(optional.orElse(null), path + ".get()");
        } else if (unmodifiable(type) && value instanceof Collection<?> collection) {
            int index = 0;
            for (Object element : collection) {
                check(element, path + "[" + index++ + "]");
            }
        } else if (unmodifiable(type) && value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                check(entry.getKey(), path + ".key(" + entry.getKey() + ")");
                check(entry.getValue(), path + "[" + entry.getKey() + "]");
            }
        } else {
            problems.add(path + ": a " + type.getName() + " can change");
        }
    }

    private boolean ownClass(Class<?> type) {
        return type.getName().startsWith(project + ".");
    }

    /** {@code List.of}, {@code Map.copyOf}, {@code Collections.unmodifiableList} and the like. */
    private static boolean unmodifiable(Class<?> type) {
        String name = type.getName();
        return name.startsWith("java.util.ImmutableCollections$") || name.startsWith("java.util.Collections$Unmodifiable")
                || name.equals("java.util.Collections$EmptyList") || name.equals("java.util.Collections$EmptySet")
                || name.equals("java.util.Collections$EmptyMap") || name.equals("java.util.Collections$SingletonList")
                || name.equals("java.util.Collections$SingletonSet") || name.equals("java.util.Collections$SingletonMap");
    }

    private void walkFields(Object value, Class<?> type, String path) {
        for (Class<?> level = type; level != null && ownClass(level); level = level.getSuperclass()) {
            for (Field field : level.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String at = path + "." + field.getName();
                if (!Modifier.isFinal(field.getModifiers())) {
                    problems.add(at + ": not final");
                    continue;
                }
                if (field.getType().isPrimitive()) {
                    continue;
                }
                check(read(field, value), at);
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException closed) {
            throw new IllegalStateException("cannot read " + field + ": " + closed, closed);
        }
    }
}
