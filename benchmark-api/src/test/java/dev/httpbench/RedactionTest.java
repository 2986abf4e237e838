package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Credentials are sent, never shown: user information and credential headers in every display form. */
class RedactionTest {

    @Test
    void thePasswordInTheTargetIsShownAsStars() {
        BenchmarkConfig c = Benchmark.target("http://user:s3cret@localhost:8080/api?q=1").build();
        assertEquals("http://user:***@localhost:8080/api?q=1", c.displayTarget());
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertEquals("s3cret", c.target().getUserInfo().split(":")[1]); // still sent
        assertEquals("http://user@localhost/", BenchmarkConfig.redact(URI.create("http://user@localhost/")));
        assertEquals("http://localhost/", BenchmarkConfig.redact(URI.create("http://localhost/")));
    }

    @Test
    void credentialHeadersAndNamedOnesAreShownAsStars() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").header("Authorization", "Bearer abc")
                .header("cookie", "sid=1").header("X-Api-Key", "k").header("Accept", "text/plain")
                .redactHeader("x-api-KEY").build();
        assertEquals(List.of(Map.entry("Authorization", "***"), Map.entry("cookie", "***"),
                Map.entry("X-Api-Key", "***"), Map.entry("Accept", "text/plain")), c.request().displayHeaders());
        assertEquals("Bearer abc", c.request().header("authorization").orElseThrow()); // still sent
        assertTrue(c.request().isRedacted("PROXY-AUTHORIZATION"));
        assertEquals(c, c.toBuilder().build());
        assertEquals("redactHeader must be a header name but was  ", org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigException.class, () -> Benchmark.target("http://localhost/").redactHeader(" ").build())
                .getMessage());
    }
}
