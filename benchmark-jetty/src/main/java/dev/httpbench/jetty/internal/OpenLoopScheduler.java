package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Stage;
import dev.httpbench.spi.ArrivalSchedule;

/**
 * One worker's share of the open-loop arrivals of the current {@link Phase}: of the phase's arrivals
 * numbered 0, 1, 2, ... from its start, this worker issues those whose number leaves {@code index} when
 * divided by the number of workers, so the workers together follow the schedule without talking to
 * each other. Each phase restarts the count at its own start ({@link #start}): the warm-up at the first
 * rate from the start of the load, measurement from the start of measurement, which with an automatic
 * warm-up is only known when the warm-up ends. Not thread-safe: the worker's thread asks for
 * {@link #next()} and {@link #advance()}s.
 */
final class OpenLoopScheduler {
    private final int index;
    private final int workers;
    private ArrivalSchedule schedule;
    private long base;
    private long k;
    private long next = Long.MAX_VALUE;

    OpenLoopScheduler(int index, int workers) {
        this.index = index;
        this.workers = workers;
    }

    /**
     * The warm-up's arrival rate in requests/s: the first rate of the run, or for stages that start at 0
     * the first rate they reach, so that a warm-up has load to warm up with.
     */
    static double warmupRate(BenchmarkConfig config) {
        if (config.stages().isEmpty()) {
            return config.rate();
        }
        for (Stage s : config.stages()) {
            if (s.fromRate() > 0) {
                return s.fromRate();
            }
            if (s.toRate() > 0) {
                return s.toRate();
            }
        }
        return 0;
    }

    /** {@code phase}'s arrivals from {@code startNanos}: its arrival 0 is due then. */
    void start(Phase phase, long startNanos) {
        schedule = phase.schedule;
        base = startNanos;
        k = index;
        next = due();
    }

    /** When this worker's next arrival is due ({@link System#nanoTime()} scale); MAX_VALUE when none is left. */
    long next() {
        return next;
    }

    /** The next arrival was issued. */
    void advance() {
        k += workers;
        next = due();
    }

    private long due() {
        long due = schedule.dueNanos(k);
        return due == Long.MAX_VALUE ? Long.MAX_VALUE : base + due;
    }
}
