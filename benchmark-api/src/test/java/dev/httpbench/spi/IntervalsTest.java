package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.ClientSample;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class IntervalsTest {
    private static Histogram micros(long... values) {
        Histogram h = Histograms.newHistogram();
        for (long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void anIntervalWithEveryFigureReadsThemBackAndKeepsThemThroughWithClient() {
        Interval i = Intervals.builder(Instant.EPOCH, Duration.ofSeconds(1), Duration.ofMillis(100))
                .succeeded(3).failed(2).latency(micros(1_000, 2_000, 3_000, 4_000))
                .serviceTime(micros(500, 600, 700, 800)).sendLag(micros(10, 20, 30, 40, 50))
                .sent(6).status(200, 3).status(503, 1).error(FailureKind.REQUEST_TIMEOUT, 1)
                .bytesReceived(4_096).inFlight(7).build();
        Interval joined = Intervals.withClient(i, ClientSample.builder(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .build());
        for (Interval x : new Interval[] {i, joined}) {
            assertEquals(OptionalLong.of(6), x.sent());
            assertEquals(Map.of(200, 3L, 503, 1L), x.statusCounts());
            assertEquals(Map.of(FailureKind.REQUEST_TIMEOUT, 1L), x.errors());
            assertTrue(x.brokenDown());
            assertEquals(OptionalLong.of(4_096), x.bytesReceived());
            assertEquals(OptionalLong.of(7), x.inFlight());
            assertEquals(4, x.serviceTime().orElseThrow().count());
            assertEquals(Duration.ofNanos(800_000), x.serviceTime().orElseThrow().max());
            assertEquals(5, x.sendLag().orElseThrow().count());
            assertEquals(4, x.latencyCount());
            assertEquals(30.0, x.throughput(), 1e-9);
        }
        assertTrue(joined.client().isPresent());
    }

    @Test
    void anIntervalWithCountsOnlyLeavesTheOtherFiguresUnrecorded() {
        Interval i = Intervals.of(Instant.EPOCH, Duration.ZERO, Duration.ofSeconds(1), 9, 1, micros(1_000));
        assertTrue(i.sent().isEmpty());
        assertTrue(i.bytesReceived().isEmpty());
        assertTrue(i.inFlight().isEmpty());
        assertTrue(i.serviceTime().isEmpty());
        assertTrue(i.sendLag().isEmpty());
        assertTrue(i.statusCounts().isEmpty());
        assertFalse(i.brokenDown());
        assertEquals(1, i.latency().count());
    }

    @Test
    void aBreakdownThatDoesNotAddUpIsRejectedNamingBothSums() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Intervals.builder(Instant.EPOCH,
                Duration.ZERO, Duration.ofSeconds(1)).succeeded(5).failed(1).status(200, 5).build());
        assertEquals("an interval's statuses and errors (5) must add up to succeeded + failed (6)", e.getMessage());
    }
}
