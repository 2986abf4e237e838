package dev.httpbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.junit.internal.Threshold;
import org.junit.jupiter.api.Test;

/** The sample rule: ten latencies beyond a percentile before it is judged. */
class ThresholdTest {
    @Test
    void aPercentileNeedsTenSamplesBeyondIt() {
        assertEquals(20, Threshold.samplesNeeded(50));
        assertEquals(100, Threshold.samplesNeeded(90));
        assertEquals(1_000, Threshold.samplesNeeded(99));
        assertEquals(10_000, Threshold.samplesNeeded(99.9));
        assertEquals(100_000, Threshold.samplesNeeded(99.99));
        assertEquals(10, Threshold.samplesNeeded(0));
        assertEquals(1, Threshold.samplesNeeded(100));
    }
}
