package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Stage;
import dev.httpbench.spi.ArrivalSchedule;

/**
 * One worker's share of the open-loop arrivals: of the run's arrivals numbered 0, 1, 2, ... this worker
 * issues those whose number leaves {@code index} when divided by the number of workers, so the workers
 * together follow the schedule without talking to each other. Two phases: warm-up at the first rate
 * from the start of the load, then the measured schedule ({@link ArrivalSchedule}: a constant rate or
 * the stages) from the start of measurement, which with an automatic warm-up is only known when the
 * warm-up ends. Not thread-safe: the worker's thread asks for {@link #next()} and {@link #advance()}s.
 */
final class OpenLoopScheduler {
    private final int index;
    private final int workers;
    private final double warmupRate;
    private final BenchmarkConfig config;
    private ArrivalSchedule schedule;
    private boolean measuring;
    private long base;
    private long k;
    private long next = Long.MAX_VALUE;

    OpenLoopScheduler(BenchmarkConfig config, int index, int workers) {
        this.config = config;
        this.index = index;
        this.workers = workers;
        this.warmupRate = warmupRate(config);
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

    /** Unmeasured arrivals at the warm-up rate from {@code startNanos}. */
    void startWarmup(long startNanos) {
        measuring = false;
        base = startNanos;
        k = index;
        next = warmupDue();
    }

    /** The measured schedule from {@code startNanos}: arrival 0 of the schedule is due then. */
    void startMeasuring(long startNanos) {
        schedule = ArrivalSchedule.of(config.rate(), config.stages(), 0);
        measuring = true;
        base = startNanos;
        k = index;
        next = measuredDue();
    }

    boolean measuring() {
        return measuring;
    }

    /** When this worker's next arrival is due ({@link System#nanoTime()} scale); MAX_VALUE when none is left. */
    long next() {
        return next;
    }

    /** The next arrival was issued. */
    void advance() {
        k += workers;
        next = measuring ? measuredDue() : warmupDue();
    }

    private long warmupDue() {
        return warmupRate <= 0 ? Long.MAX_VALUE : base + (long) (k * 1e9 / warmupRate);
    }

    private long measuredDue() {
        long due = schedule.dueNanos(k);
        return due == Long.MAX_VALUE ? Long.MAX_VALUE : base + due;
    }
}
