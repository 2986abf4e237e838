package dev.httpbench.junit.internal;

import dev.httpbench.junit.LoadTarget;
import dev.httpbench.junit.LoadTest;
import dev.httpbench.junit.LoadTestKeys;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Resolves a {@link LoadTest#target()}: placeholders, then the base URL from
 * {@value LoadTestKeys#TARGET} or the test class's {@link LoadTarget}. Stateless and thread-safe.
 */
final class Targets {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** A target URL and where it came from, for messages. */
    record Resolved(String url, String source) {
    }

    private Targets() {
    }

    /**
     * @param target the annotation's attribute
     * @param param looks up JUnit configuration parameters (and system properties)
     * @param env looks up environment variables
     * @param testClass the class to search for {@link LoadTarget}
     * @param testInstance the instance to read it from; empty for static members only
     */
    static Resolved resolve(String target, Function<String, Optional<String>> param,
            Function<String, String> env, Class<?> testClass, Optional<Object> testInstance, Optional<String> override) {
        String annotated = placeholders(target.trim(), param, env);
        boolean pathOnly = annotated.isEmpty() || annotated.startsWith("/");
        if (override.isPresent()) {
            return pathOnly ? join(override.get(), annotated, LoadTestKeys.TARGET)
                    : new Resolved(override.get(), LoadTestKeys.TARGET);
        }
        if (!pathOnly) {
            return new Resolved(annotated, "@LoadTest target");
        }
        Optional<Resolved> supplied = fromClass(testClass, testInstance);
        if (supplied.isEmpty()) {
            throw new ExtensionConfigurationException("@LoadTest target must be an http(s) URL, or a path with a"
                    + " base URL from " + LoadTestKeys.TARGET + " or a @LoadTarget method or field of "
                    + testClass.getName() + ", but was '" + target + "' and there was no base URL");
        }
        return join(supplied.get().url(), annotated, supplied.get().source());
    }

    private static Resolved join(String base, String path, String source) {
        if (path.isEmpty()) {
            return new Resolved(base, source);
        }
        // "http://host:1/api" + "/health" -> "http://host:1/api/health": the base may carry a context path
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return new Resolved(trimmed + path, source + " + @LoadTest target '" + path + "'");
    }

    static String placeholders(String text, Function<String, Optional<String>> param, Function<String, String> env) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            Optional<String> value = param.apply(name).or(() -> Optional.ofNullable(env.apply(name)));
            if (value.isEmpty() && m.group(2) == null) {
                throw new ExtensionConfigurationException("@LoadTest target placeholder ${" + name + "} must be set"
                        + " as a JUnit configuration parameter, system property or environment variable, or have a"
                        + " default (${" + name + ":http://...}), but was not found in '" + text + "'");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value.orElse(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Optional<Resolved> fromClass(Class<?> testClass, Optional<Object> instance) {
        List<Method> methods = AnnotationSupport.findAnnotatedMethods(testClass, LoadTarget.class,
                HierarchyTraversalMode.TOP_DOWN);
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, LoadTarget.class);
        List<String> found = new ArrayList<>();
        methods.forEach(m -> found.add(m.getName() + "()"));
        fields.forEach(f -> found.add(f.getName()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (found.size() > 1) {
            throw new ExtensionConfigurationException("@LoadTarget must mark one method or field of "
                    + testClass.getName() + " but marked " + String.join(", ", found));
        }
        String where = "@LoadTarget " + testClass.getSimpleName() + "." + found.get(0);
        Object value;
        if (!methods.isEmpty()) {
            Method method = methods.get(0);
            if (method.getParameterCount() != 0) {
                throw new ExtensionConfigurationException(where + " must take no parameters but took "
                        + method.getParameterCount());
            }
            value = ReflectionSupport.invokeMethod(method, target(method.getModifiers(), instance, where));
        } else {
            Field field = fields.get(0);
            value = ReflectionSupport.tryToReadFieldValue(field, target(field.getModifiers(), instance, where))
                    .getOrThrow(e -> new ExtensionConfigurationException(where + " could not be read: " + e, e));
        }
        if (!(value instanceof String || value instanceof URI || value instanceof URL)) {
            throw new ExtensionConfigurationException(where + " must be a String, URI or URL but was "
                    + (value == null ? "null" : value.getClass().getName() + " '" + value + "'"));
        }
        return Optional.of(new Resolved(value.toString(), where));
    }

    private static Object target(int modifiers, Optional<Object> instance, String where) {
        if (Modifier.isStatic(modifiers)) {
            return null;
        }
        return instance.orElseThrow(() -> new ExtensionConfigurationException(where
                + " must be static when there is no test instance"));
    }
}
