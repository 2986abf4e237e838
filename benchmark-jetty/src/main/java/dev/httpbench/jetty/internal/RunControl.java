package dev.httpbench.jetty.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * What the coordinator tells the workers, and how workers nudge the coordinator. Thread contract: the
 * coordinator (and {@link JettyRun#stop()}, from any thread) writes the volatile fields, rarely; each
 * worker reads them once per loop iteration, which on the hot path costs plain loads. Workers call
 * {@link #nudgeCoordinator()} only at their few phase changes, never per request.
 */
final class RunControl {
    /** When the load starts: workers issue nothing before it is set. */
    volatile long loadStartNanos = Long.MAX_VALUE;
    /**
     * The phase the workers switch to next, and when: the warm-up's rehearsal, then measurement (requests
     * issued at or after its start are measured); null until the coordinator announces one. A worker
     * notices a new announcement by its identity.
     */
    volatile PhaseStart nextPhase;
    /** No more requests may be issued (stopped, or a fatal error). */
    volatile boolean stopIssuing;
    /** Abort what is in flight, count it as cancelled, close everything and end. */
    volatile boolean cancel;

    private final Thread coordinator;

    RunControl(Thread coordinator) {
        this.coordinator = coordinator;
    }

    void nudgeCoordinator() {
        LockSupport.unpark(coordinator);
    }

    /**
     * A phase's start: {@code measured} for measurement, else the warm-up's rehearsal of the switch to it;
     * {@code then} the phase that follows it, if it is known already (an explicit warm-up announces both
     * before the load starts), else null.
     */
    record PhaseStart(long startNanos, boolean measured, PhaseStart then) {
    }
}
