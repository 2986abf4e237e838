package dev.httpbench.jetty.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;

/**
 * One HTTP/2 request's life: when it should have been sent, how late it was taken up, when it began on
 * the connection and the body bytes received. Jetty calls the listener methods on its own threads, one
 * event at a time per exchange; they never block and let no exception escape.
 */
final class Exchange implements Request.BeginListener, Response.ContentListener, Response.CompleteListener {
    final Http2Worker worker;
    /** When the request should have been sent: the schedule's time (open loop) or the send time. */
    final long intendedNanos;
    /** Open loop: how late the worker took the arrival up; -1 in closed loop. */
    final long lagNanos;
    /** Whether the request was issued during measurement (not warm-up). */
    final boolean measured;
    long beginNanos;
    long bytes;

    Exchange(Http2Worker worker, long intendedNanos, long lagNanos, boolean measured) {
        this.worker = worker;
        this.intendedNanos = intendedNanos;
        this.lagNanos = lagNanos;
        this.measured = measured;
    }

    @Override
    public void onBegin(Request request) {
        beginNanos = System.nanoTime();
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        bytes += content.remaining(); // Jetty delivers one exchange's content events in order
    }

    @Override
    public void onComplete(Result result) {
        worker.complete(this, result, System.nanoTime());
    }
}
