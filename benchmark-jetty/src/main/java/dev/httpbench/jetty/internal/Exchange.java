package dev.httpbench.jetty.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * One request's life: when it should have been sent, when it began on a connection, the body bytes
 * received, and whether it has been counted. Jetty calls the listener methods on its own threads, one
 * event at a time per exchange; they never block. Exactly one party — the completion callback or the
 * coordinator's final sweep — wins {@link #claim()} and counts the exchange.
 */
final class Exchange implements Request.BeginListener, Response.ContentListener, Response.CompleteListener {
    private static final AtomicIntegerFieldUpdater<Exchange> CLAIMED =
            AtomicIntegerFieldUpdater.newUpdater(Exchange.class, "claimed");

    final JettyRun run;
    final Worker worker;
    /** When the request should have been sent: the schedule's time (open loop) or the send time. */
    final long intendedNanos;
    /** Whether the request was issued during measurement (not warm-up). */
    final boolean measured;
    volatile long beginNanos;
    volatile long bytes;
    private volatile int claimed;

    Exchange(JettyRun run, Worker worker, long intendedNanos, boolean measured) {
        this.run = run;
        this.worker = worker;
        this.intendedNanos = intendedNanos;
        this.measured = measured;
    }

    /** True for the one caller that gets to count this exchange. */
    boolean claim() {
        return CLAIMED.compareAndSet(this, 0, 1);
    }

    @Override
    public void onBegin(Request request) {
        beginNanos = System.nanoTime();
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        bytes += content.remaining(); // single writer: Jetty delivers content events in order
    }

    @Override
    public void onComplete(Result result) {
        run.complete(this, result, System.nanoTime());
    }
}
