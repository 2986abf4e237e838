package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;

/**
 * A place for one request at a time on a worker's event loop: an HTTP/1.1 connection, or one of the
 * streams a worker may keep open on its HTTP/2 connection. The slot keeps its request's state and
 * timestamps, so a request costs no object of its own. Not thread-safe: only the worker's loop thread
 * touches it.
 *
 * <p>The timestamps ({@link System#nanoTime()}) are what the per-request phases of
 * {@link TimingRecording} are computed from: intended, dispatched (taken off the wait queue), written,
 * first response byte, headers complete, end; connect and TLS handshake are the connection's.
 */
abstract class Slot {
    final LoopWorker worker;
    final Deadlines.Entry requestTimeout = new Deadlines.Entry(this::requestTimedOut);
    /** The target instance this slot's connection talks to (index in the run's targets). */
    final int instance;
    /** A workload's endpoint of the request on this slot; -1 for a single request or before one is picked. */
    int endpoint = -1;

    /** A request is on this slot (waiting for its connection, being written, or being answered). */
    boolean busy;
    /** The phase the request on this slot was issued in: what it is recorded into. */
    Phase phase;
    long intendedNanos;
    /**
     * The send lag: how late the request's bytes started out compared with its intended time (the
     * loop's own delay plus any wait for a free slot, but not a connect the request had to wait for);
     * -1 until written.
     */
    long lagNanos;
    /** When the request began waiting for its connection to open; 0 when the connection was open. */
    long connectWaitNanos;
    /** When the request was put on this slot, after any wait for a free one. */
    long dispatchNanos;
    long writeNanos;
    long firstByteNanos;
    long headersNanos;
    long bodyBytes;
    int status;

    Slot(LoopWorker worker, int instance) {
        this.worker = worker;
        this.instance = instance;
    }

    /** Puts a request on this idle slot and starts sending it; {@code intended} is when it was due. */
    final void dispatch(long intended, Phase issuedIn, long now) {
        busy = true;
        phase = issuedIn;
        intendedNanos = intended;
        lagNanos = -1;
        connectWaitNanos = 0;
        dispatchNanos = now;
        writeNanos = 0;
        firstByteNanos = 0;
        headersNanos = 0;
        bodyBytes = 0;
        status = 0;
        endpoint = -1;
        worker.requestTimeouts.add(requestTimeout, intended + worker.timeoutNanos);
        send(now);
    }

    /** Sends the request just dispatched, connecting first if need be. */
    abstract void send(long now);

    /** The request's first bytes go out now: the send lag is fixed. */
    final void writing(long now) {
        writeNanos = now;
        lagNanos = (connectWaitNanos != 0 ? connectWaitNanos : now) - intendedNanos;
    }

    /** The request timeout passed: the request fails, and whatever may still answer it is closed. */
    abstract void requestTimedOut();

    /** Ends the request on this slot without recording it (the caller counts it as cancelled). */
    abstract void abandon();

    /** The response is complete: records it and frees the slot for the worker's next request. */
    final void responded(long now) {
        busy = false;
        worker.requestTimeouts.remove(requestTimeout);
        long service = now - (writeNanos != 0 ? writeNanos : intendedNanos);
        worker.responded(this, status, now - intendedNanos, service, now);
    }

    /** The request failed with {@code kind}; the slot is free again one loop round later. */
    final void failed(FailureKind kind, String message) {
        if (!busy) {
            return;
        }
        busy = false;
        worker.requestTimeouts.remove(requestTimeout);
        worker.failed(this, kind, message);
    }
}
