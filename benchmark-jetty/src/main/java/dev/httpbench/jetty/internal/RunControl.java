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
     * Requests issued at or after this time are measured; {@link Long#MAX_VALUE} while an automatic
     * warm-up has not decided yet.
     */
    volatile long measureStartNanos = Long.MAX_VALUE;
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
}
