package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The short duration forms the runner, the JUnit attributes and reports share. */
class DurationsTest {

    @Test
    void parsesEveryUnitAndIso8601() {
        assertEquals(Duration.ofNanos(250), Durations.parse("250ns"));
        assertEquals(Duration.ofNanos(250_000), Durations.parse("250us"));
        assertEquals(Duration.ofNanos(250_000), Durations.parse("250µs"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMillis(1_500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse(" 2m "));
        assertEquals(Duration.ofHours(1), Durations.parse("1H"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("PT30S"));
    }

    @Test
    void hugeValuesParseSoThatBoundsCanRejectThemByName() {
        assertEquals(Duration.ofHours(100_000), Durations.parse("100000h"));
        Duration huge = Durations.parse("9999999999999h");
        assertEquals(1, huge.compareTo(Duration.ofDays(365 * 200)));
    }

    @Test
    void anythingElseNamesTheAcceptedForms() {
        assertEquals("must be a duration like 500ms, 30s, 2m or PT30S but was '5 parsecs'",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 parsecs")).getMessage());
        assertEquals("must be a duration like 500ms, 30s, 2m or PT30S but was 'null'",
                assertThrows(IllegalArgumentException.class, () -> Durations.parse(null)).getMessage());
    }

    @Test
    void formatsWithTheLargestReadableUnit() {
        assertEquals("0s", Durations.format(Duration.ZERO));
        assertEquals("999ns", Durations.format(Duration.ofNanos(999)));
        assertEquals("1.25ms", Durations.format(Duration.ofNanos(1_250_000)));
        assertEquals("30s", Durations.format(Duration.ofSeconds(30)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("720h", Durations.format(Duration.ofDays(30)));
        assertEquals("-5ms", Durations.format(Duration.ofMillis(-5)));
        assertEquals("null", Durations.format(null));
    }
}
