package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.FailureKind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * An HTTP/2 worker: a Jetty {@link HttpClient} with one connection whose streams are capped at the
 * worker's share of the concurrency. Thread contract: see {@link Worker}; the worker's thread
 * {@code httpbench-worker-<run>-<index>} runs the client's lifecycle and the open-loop schedule, Jetty's
 * threads ({@code httpbench-w<index>-*}) complete exchanges and, in closed loop, send the next one.
 * The recording has several writers here, so every write to it holds {@link #lock}.
 */
final class Http2Worker extends Worker implements Runnable {
    private final HttpClient client;
    private final Thread thread;
    private final Object lock = new Object();
    private final Set<Exchange> outstanding = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> loggedUnclassified = new HashSet<>();
    private final String contentType;
    private final byte[] body;
    private final QueuedThreadPool executor;
    private volatile boolean issuing = true;
    private volatile boolean aborting;
    private long inFlight; // guarded by lock

    Http2Worker(BenchmarkConfig config, RunControl control, int runId, int index, int workers) {
        super(config, control, index, workers);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setTCPNoDelay(true);
        if (config.trustAllCertificates()) {
            connector.setSslContextFactory(new SslContextFactory.Client(true));
        }
        executor = new QueuedThreadPool(16, 2);
        executor.setName("httpbench-w" + runId + "-" + index);
        executor.setDaemon(true);
        HttpClientTransportOverHTTP2 transport = new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
        transport.setConnectionPoolFactory(destination -> new StreamCappedPool(destination, slots));
        // our listeners never block, so Jetty may run them on the selector thread without a hand-off
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(executor);
        client.setScheduler(new ScheduledExecutorScheduler("httpbench-w" + runId + "-" + index + "-scheduler", true));
        client.setMaxConnectionsPerDestination(1);
        client.setMaxRequestsQueuedPerDestination(config.openLoop() ? Http1Worker.waitCapacity(config, workers) : slots + 16);
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setIdleTimeout(Math.max(30_000, config.timeout().toMillis() * 2));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, RequestBytes.USER_AGENT));
        this.contentType = config.headers().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
                .findFirst().orElse("application/octet-stream");
        this.body = config.body();
        this.thread = new Thread(this, "httpbench-worker-" + runId + "-" + index);
        this.thread.setDaemon(true);
    }

    @Override
    void start() {
        thread.start();
    }

    @Override
    void wakeup() {
        LockSupport.unpark(thread);
    }

    @Override
    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    List<Thread> threads() {
        List<Thread> all = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(executor.getName() + "-")) {
                all.add(t);
            }
        }
        return all;
    }

    @Override
    public void run() {
        try {
            client.start();
            try {
                client.resolveDestination(client.newRequest(config.target())).getConnectionPool()
                        .preCreateConnections(1).get(config.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                JettyRun.LOG.debug("worker {} could not open its connection before the run ({})", index, e.toString());
            }
            connected = true;
            control.nudgeCoordinator();
            while (control.loadStartNanos == Long.MAX_VALUE && !control.cancel) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
            }
            if (!control.cancel) {
                if (config.openLoop()) {
                    openLoop(control.loadStartNanos);
                } else {
                    for (int s = 0; s < slots && !control.cancel; s++) {
                        sendNext(System.nanoTime());
                    }
                    awaitIssuingDone();
                }
            }
            while (!control.cancel) {
                publishDrainedIfIdle();
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(20));
            }
        } catch (Throwable t) {
            JettyRun.LOG.error("worker {} failed", index, t);
            failure = t;
        } finally {
            stopClient();
            publishIssuingDone();
            publishDrained();
        }
    }

    private void openLoop(long loadStart) {
        OpenLoopScheduler scheduler = new OpenLoopScheduler(config, index, config.workers());
        long measureStart = control.measureStartNanos;
        if (measureStart != Long.MAX_VALUE && measureStart - loadStart <= 0) {
            scheduler.startMeasuring(measureStart);
        } else {
            scheduler.startWarmup(loadStart);
        }
        while (issuing && !control.cancel) {
            measureStart = control.measureStartNanos;
            if (control.stopIssuing) {
                break;
            }
            if (!scheduler.measuring() && measureStart != Long.MAX_VALUE && scheduler.next() - measureStart >= 0) {
                scheduler.startMeasuring(measureStart);
            }
            long due = scheduler.next();
            boolean measured = scheduler.measuring();
            if (measured && (due == Long.MAX_VALUE || due - deadline(measureStart) >= 0 || budget == 0)) {
                break;
            }
            long now = System.nanoTime();
            if (due == Long.MAX_VALUE || due - now > 0) {
                LockSupport.parkNanos(this, due == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(10)
                        : Math.min(due - now, TimeUnit.MILLISECONDS.toNanos(10)));
                continue;
            }
            long lag = now - due;
            if (measured) {
                budget--;
                maxLagNanos = Math.max(maxLagNanos, lag);
                lastLagNanos = lag;
                lastMeasuredIntendedNanos = due;
            }
            scheduler.advance();
            send(due, lag, measured);
        }
        issuing = false;
        publishIssuingDone();
    }

    private void awaitIssuingDone() {
        while (issuing && !control.cancel) {
            long deadline = deadline(control.measureStartNanos);
            if (control.stopIssuing || System.nanoTime() - deadline >= 0) {
                issuing = false;
                break;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
        }
        publishIssuingDone();
    }

    /** Closed loop: the next request, if time and budget remain. Any thread. */
    private void sendNext(long now) {
        if (!issuing || control.stopIssuing) {
            return;
        }
        long measureStart = control.measureStartNanos;
        boolean measured = measureStart != Long.MAX_VALUE && now - measureStart >= 0;
        synchronized (lock) {
            if (measured) {
                if (now - deadline(measureStart) >= 0 || budget == 0) {
                    issuing = false;
                    LockSupport.unpark(thread);
                    return;
                }
                budget--;
            }
        }
        send(now, 0, measured);
    }

    private void send(long intended, long lag, boolean measured) {
        Exchange exchange = new Exchange(this, intended, lag, measured);
        synchronized (lock) {
            inFlight++;
            if (measured) {
                recording.sent();
            }
        }
        outstanding.add(exchange);
        Request request = null;
        try {
            request = client.newRequest(config.target())
                    .method(config.method())
                    .timeout(config.timeout().toNanos(), TimeUnit.NANOSECONDS)
                    .onRequestBegin(exchange);
            if (!config.headers().isEmpty()) {
                request.headers(headers -> {
                    for (Map.Entry<String, String> h : config.headers()) {
                        if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                            headers.add(h.getKey(), h.getValue());
                        }
                    }
                });
            }
            if (body.length > 0) {
                request.body(new ByteBufferRequestContent(contentType, ByteBuffer.wrap(body)));
            }
            request.send(exchange); // also the content listener: Jetty sees that it is one
        } catch (Throwable t) {
            complete(exchange, new Result(request, t, null), System.nanoTime());
        }
    }

    /** An exchange ended. Jetty threads; never blocks. */
    void complete(Exchange exchange, Result result, long now) {
        if (!outstanding.remove(exchange)) {
            return; // counted already by the final sweep
        }
        synchronized (lock) {
            inFlight--;
            if (!exchange.measured) {
                recording.warmupCompleted();
            } else if (result.isSucceeded() && !aborting) {
                long begin = exchange.beginNanos;
                recording.response(result.getResponse().getStatus(), now - exchange.intendedNanos,
                        now - (begin != 0 ? begin : exchange.intendedNanos), exchange.lagNanos, exchange.bytes);
                lastCompletionNanos = now;
            } else {
                Throwable failure = result.getFailure();
                FailureKind kind = aborting ? FailureKind.CANCELLED : FailureClassifier.classify(failure);
                recording.failure(kind, exchange.bytes, exchange.lagNanos,
                        failure == null ? null : FailureClassifier.describe(failure));
                if (kind != FailureKind.CANCELLED) {
                    lastCompletionNanos = now;
                }
                if (kind == FailureKind.OTHER && failure != null && loggedUnclassified.add(failure.getClass())) {
                    JettyRun.LOG.warn("request failed with an unclassified error (counted as 'other'; logged once per type)",
                            failure);
                }
            }
        }
        if (!config.openLoop()) {
            sendNext(now);
        }
    }

    private void publishDrainedIfIdle() {
        boolean idle;
        synchronized (lock) {
            idle = inFlight == 0;
        }
        if (issuingDone && idle) {
            publishDrained();
        }
    }

    private void stopClient() {
        issuing = false;
        aborting = true;
        try {
            client.stop(); // aborts queued and active exchanges: their callbacks count them as cancelled
        } catch (Exception e) {
            JettyRun.LOG.warn("worker {} did not stop cleanly: {}", index, e.toString());
        }
        for (Exchange leftover : outstanding) {
            if (outstanding.remove(leftover)) {
                synchronized (lock) {
                    inFlight--;
                    if (leftover.measured) {
                        recording.failure(FailureKind.CANCELLED, leftover.bytes, leftover.lagNanos, null);
                    } else {
                        recording.warmupCompleted();
                    }
                }
            }
        }
    }

    /**
     * One connection with at most {@code maxStreams} streams in flight, fewer when the server's SETTINGS
     * allow fewer. Jetty's own pool would raise the cap to the server's limit; this keeps the configured
     * concurrency the bound on requests in flight, in open loop too.
     */
    private static final class StreamCappedPool extends MultiplexConnectionPool {
        StreamCappedPool(Destination destination, int maxStreams) {
            super(destination, () -> new ConcurrentPool<Connection>(ConcurrentPool.StrategyType.FIRST, 1,
                    connection -> Math.min(maxStreams, connection instanceof ConnectionPool.MaxMultiplexable m
                            ? m.getMaxMultiplex() : maxStreams)), maxStreams);
        }
    }
}
