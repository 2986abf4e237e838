package dev.httpbench.jetty.internal;

import java.time.Duration;

/**
 * Decides when an automatic warm-up may end: once the JIT compiler has been quiet for a while after
 * the workers ran enough requests for their hot paths to be compiled, so that measurement does not
 * include the compile storm of the first seconds (interpreted request handling, compiler threads
 * competing with the workers for the CPU). A pure function of the samples it is fed; the coordinator
 * feeds it about every {@link #SAMPLE_EVERY} and owns it. Not thread-safe.
 *
 * <p>The rule: at least {@link #MIN_WARMUP}; at least {@link #MIN_REQUESTS} completed requests, or
 * {@link #ENOUGH_TIME} for slow targets and low rates that never reach that many; the JIT spent at most
 * {@link #QUIET_JIT} compiling over the last {@link #QUIET_WINDOW}; and never longer than the cap.
 */
final class AutoWarmup {
    static final Duration SAMPLE_EVERY = Duration.ofMillis(100);
    static final Duration MIN_WARMUP = Duration.ofMillis(500);
    /** Enough for C2 to compile the per-request paths (its thresholds are 5,000 to 15,000 calls or loops). */
    static final long MIN_REQUESTS = 20_000;
    static final Duration ENOUGH_TIME = Duration.ofSeconds(2);
    /**
     * Longer than one large compile: the JVM adds a compile's time to its total only when it ends, so a
     * shorter window passed while a 500 ms C2 compile of the parser was still taking the generator's core.
     */
    static final Duration QUIET_WINDOW = Duration.ofSeconds(1);
    static final Duration QUIET_JIT = Duration.ofMillis(10);

    private final long startNanos;
    private final long capNanos;
    private final int window = (int) (QUIET_WINDOW.toNanos() / SAMPLE_EVERY.toNanos()) + 1;
    private final long[] times = new long[window];
    private final long[] jit = new long[window];
    private int samples;

    AutoWarmup(long startNanos, Duration cap) {
        this.startNanos = startNanos;
        this.capNanos = cap.toNanos();
    }

    /** True when the warm-up has reached its cap at {@code now}: it ends whatever the rule says. */
    boolean capped(long now) {
        return now - startNanos >= capNanos;
    }

    /**
     * One sample: the time, the requests completed since the start (warm-up ones), and the JVM's total
     * JIT compilation time in milliseconds (-1 when the JVM does not measure it, then the rule keeps
     * only the time and request conditions). True when the warm-up may end now.
     */
    boolean done(long now, long completed, long jitMillis) {
        long elapsed = now - startNanos;
        int slot = samples++ % window;
        times[slot] = now;
        jit[slot] = jitMillis;
        if (capped(now)) {
            return true;
        }
        if (elapsed < MIN_WARMUP.toNanos() || completed < MIN_REQUESTS && elapsed < ENOUGH_TIME.toNanos()) {
            return false;
        }
        if (jitMillis < 0) {
            return true;
        }
        // the oldest sample still inside the window against this one
        for (int back = window - 1; back >= 1; back--) {
            if (samples - 1 - back < 0) {
                continue;
            }
            int oldest = (samples - 1 - back) % window;
            if (now - times[oldest] >= QUIET_WINDOW.toNanos()) {
                return jitMillis - jit[oldest] <= QUIET_JIT.toMillis();
            }
        }
        return false;
    }
}
