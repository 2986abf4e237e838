package dev.httpbench.jetty.internal;

/**
 * One of the streams a worker may keep open on its HTTP/2 connection: a {@link Slot} whose request is
 * a stream. Not thread-safe: only the worker's loop thread touches it.
 */
final class Http2Stream extends Slot {
    private final Http2Connection connection;
    /** The stream's id while it is open; 0 while it waits for the connection or is idle. */
    int streamId;
    /** Body bytes received since this stream's receive window was last replenished. */
    long receivedSinceUpdate;
    /** Request body bytes sent, and what the server's window for this stream still allows. */
    int bodySent;
    int sendWindow;

    Http2Stream(LoopWorker worker, Http2Connection connection) {
        super(worker, 0);
        this.connection = connection;
    }

    @Override
    void send(long now) {
        connection.start(this, now);
    }

    @Override
    void requestTimedOut() {
        connection.timedOut(this, "no complete response within " + worker.timeoutNanos / 1_000_000 + " ms");
    }

    @Override
    void abandon() {
        busy = false;
        worker.requestTimeouts.remove(requestTimeout);
        connection.abandon(this);
    }
}
