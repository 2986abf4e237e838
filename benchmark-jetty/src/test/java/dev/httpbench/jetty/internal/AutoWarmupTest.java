package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When an automatic warm-up ends, from constructed samples (no clock). */
class AutoWarmupTest {
    private static final long MS = 1_000_000;
    private static final long STEP = AutoWarmup.SAMPLE_EVERY.toNanos();

    @Test
    void itEndsOnceTheJitHasBeenQuietForTheWindowAfterEnoughRequests() {
        AutoWarmup judge = new AutoWarmup(0, Duration.ofSeconds(10));
        long jit = 0;
        boolean done = false;
        long t = 0;
        // a compile storm for the first second: 50 ms of compilation per 100 ms
        for (; t < 1_000 * MS; t += STEP) {
            jit += 50;
            assertFalse(judge.done(t + STEP, 100_000, jit), "not while the JIT compiles, at " + t / MS + " ms");
        }
        // then quiet: done once a whole 1 s window has passed without compilation
        for (; !done; t += STEP) {
            done = judge.done(t + STEP, 100_000, jit);
        }
        assertTrue(t >= 2_000 * MS && t <= 2_200 * MS, "ended at " + t / MS + " ms");
    }

    @Test
    void aQuietJitIsNotEnoughBeforeTheMinimumTimeAndRequests() {
        AutoWarmup judge = new AutoWarmup(0, Duration.ofSeconds(10));
        for (long t = STEP; t < AutoWarmup.MIN_WARMUP.toNanos(); t += STEP) {
            assertFalse(judge.done(t, 1_000_000, 0), "too early at " + t / MS + " ms");
        }
        // few requests: a slow target; enough time instead
        AutoWarmup slow = new AutoWarmup(0, Duration.ofSeconds(10));
        boolean done = false;
        long t = STEP;
        for (; !done; t += STEP) {
            done = slow.done(t, 10, 0);
        }
        assertTrue(t - STEP >= AutoWarmup.ENOUGH_TIME.toNanos(), "ended at " + (t - STEP) / MS + " ms");
    }

    @Test
    void theCapEndsAWarmupWhoseJitNeverSettles() {
        AutoWarmup judge = new AutoWarmup(0, Duration.ofSeconds(3));
        long jit = 0;
        long t = STEP;
        for (; t < 3_000 * MS; t += STEP) {
            jit += 30;
            assertFalse(judge.done(t, 1_000_000, jit));
        }
        assertTrue(judge.done(t, 1_000_000, jit + 30));
    }

    @Test
    void withoutJitFiguresTheTimeAndRequestRulesDecide() {
        AutoWarmup judge = new AutoWarmup(0, Duration.ofSeconds(10));
        assertFalse(judge.done(100 * MS, 50_000, -1));
        assertTrue(judge.done(AutoWarmup.MIN_WARMUP.toNanos(), 50_000, -1));
    }
}
