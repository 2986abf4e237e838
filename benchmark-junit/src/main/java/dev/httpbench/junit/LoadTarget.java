package dev.httpbench.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one method (no parameters) or field of a test class that supplies the base URL of its
 * {@link LoadTest}s, typically of a server the test started on a random port. Its type may be
 * {@code String}, {@link java.net.URI} or {@link java.net.URL}; it may be static or not. It is read
 * just before each load runs, after {@code @BeforeEach} methods.
 *
 * <pre>{@code
 * @LoadTarget
 * String target() {
 *     return "http://127.0.0.1:" + server.port();
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LoadTarget {
}
