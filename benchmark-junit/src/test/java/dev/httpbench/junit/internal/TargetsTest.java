package dev.httpbench.junit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Placeholders resolve from configuration parameters first, then the environment, then their default. */
class TargetsTest {
    private static final Function<String, Optional<String>> PARAMS =
            key -> Optional.ofNullable(Map.of("staging.url", "http://staging:8080", "both", "param").get(key));
    private static final Function<String, String> ENV = Map.of("STAGING_HOST", "envhost", "both", "env")::get;

    @Test
    void aPlaceholderResolvesFromAConfigurationParameter() {
        assertEquals("http://staging:8080/health", Targets.placeholders("${staging.url}/health", PARAMS, ENV));
    }

    @Test
    void aConfigurationParameterWinsOverTheEnvironment() {
        assertEquals("param", Targets.placeholders("${both}", PARAMS, ENV));
    }

    @Test
    void aPlaceholderFallsBackToTheEnvironmentThenToItsDefault() {
        assertEquals("http://envhost:9/x", Targets.placeholders("http://${STAGING_HOST}:9/x", PARAMS, ENV));
        assertEquals("http://127.0.0.1:3000/health",
                Targets.placeholders("${missing:http://127.0.0.1:3000}/health", PARAMS, ENV));
    }

    @Test
    void textWithoutPlaceholdersIsLeftAsItIs() {
        assertEquals("http://127.0.0.1:3000/$path", Targets.placeholders("http://127.0.0.1:3000/$path", PARAMS, ENV));
    }
}
