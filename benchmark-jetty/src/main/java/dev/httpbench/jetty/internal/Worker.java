package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.spi.ArrivalSchedule;
import java.util.List;
import java.util.function.Supplier;

/**
 * One worker: the share of a run's connections, arrivals, timeouts and recording that one event loop
 * owns. Thread contract: the coordinator calls {@link #start()}, {@link #wakeup()}, {@link #join(long)}
 * and reads the volatile flags at any time, the phases' recordings' counters at each report tick, and
 * the measured {@link Phase}'s plain fields only after {@link #join(long)} returned true. Everything else
 * belongs to the worker's own thread(s).
 */
abstract class Worker {
    final BenchmarkConfig config;
    final RunControl control;
    final int index;
    /** Connections (HTTP/1.1) or streams (HTTP/2) this worker keeps: its exact share of the concurrency. */
    final int slots;
    /** The measured phase's recording: what the run reports. */
    final Recording recording;
    /**
     * The phases requests are recorded into: the warm-up (discarded; the coordinator reads its counts and
     * ticks its histograms so that its own code is compiled before measurement too) and measurement, whose
     * budget is this worker's share of the run's.
     */
    final Phase warmup;
    final Phase measured;
    /**
     * The warm-up's rehearsal of the switch to measurement: the warm-up's recording with the measured
     * schedule, started by the coordinator before the warm-up ends, so the switch's code has run (and its
     * branches are in the JIT's profile) before the real one.
     */
    final Phase rehearsal;

    /** Preconnect finished (connections open, or given up on). */
    volatile boolean connected;
    /** This worker issues no more requests. */
    volatile boolean issuingDone;
    /** Issuing is done and nothing this worker issued is still in flight. */
    volatile boolean drained;
    /** A fatal error ended the worker; the run fails with it. */
    volatile Throwable failure;

    /** @param parts a new recording per endpoint and instance for a workload; null for a single request */
    Worker(BenchmarkConfig config, RunControl control, int index, int workers, Supplier<PartRecording> parts) {
        this.config = config;
        this.control = control;
        this.index = index;
        int c = config.concurrency();
        this.slots = c / workers + (index < c % workers ? 1 : 0);
        this.recording = new Recording(config.successStatuses());
        PartRecording warmupParts = parts == null ? null : parts.get();
        this.warmup = new Phase(new Recording(config.successStatuses()), warmupParts, warmupSchedule());
        this.rehearsal = new Phase(warmup.recording, warmupParts, measuredSchedule());
        this.measured = new Phase(recording, parts == null ? null : parts.get(), measuredSchedule());
        long requests = config.requests().orElse(-1);
        measured.budget = requests < 0 ? Long.MAX_VALUE : requests / workers + (index < requests % workers ? 1 : 0);
    }

    /** Open loop: the warm-up's arrivals, at the warm-up rate; null for closed loop. */
    private ArrivalSchedule warmupSchedule() {
        return config.openLoop() ? ArrivalSchedule.of(OpenLoopScheduler.warmupRate(config), List.of(), 0) : null;
    }

    /** Open loop: the measured arrivals, a constant rate or the stages; null for closed loop. */
    private ArrivalSchedule measuredSchedule() {
        return config.openLoop() ? ArrivalSchedule.of(config.rate(), config.stages(), 0) : null;
    }

    /** Starts the worker's thread(s); they open the connections at once. */
    abstract void start();

    /** Makes the worker look at {@link RunControl} now rather than at its next timer. Any thread. */
    abstract void wakeup();

    /** Waits up to {@code millis} for the worker's threads to end; true when they did. */
    abstract boolean join(long millis) throws InterruptedException;

    /** The threads that do this worker's work, for its busy figure. */
    abstract List<Thread> threads();

    /** The time {@code measureStart} plus the run's duration: no request is issued at or after it. */
    final long deadline(long measureStart) {
        return measureStart == Long.MAX_VALUE ? Long.MAX_VALUE
                : config.duration().map(d -> measureStart + d.toNanos()).orElse(Long.MAX_VALUE);
    }

    final void publishIssuingDone() {
        if (!issuingDone) {
            issuingDone = true;
            control.nudgeCoordinator();
        }
    }

    final void publishDrained() {
        if (!drained) {
            drained = true;
            control.nudgeCoordinator();
        }
    }
}
