package dev.httpbench.jetty.internal;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.HttpProtocol;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ConcurrentPool;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * One worker: a Jetty {@link HttpClient} with its own selector, executor, scheduler and connection
 * pool. {@link #start()}, {@link #preconnect(int)} and {@link #stop()} are called by the run's
 * coordinator thread only; {@link #newRequest(Exchange)} from any thread.
 */
final class Worker {
    static final String USER_AGENT = "httpbench/" + Benchmark.version();

    private final int index;
    private final int slots;
    private final BenchmarkConfig config;
    private final HttpClient client;
    private final String contentType;
    private final byte[] body;

    /**
     * @param slots closed loop: requests this worker keeps in flight
     * @param queueCapacity how many requests may wait for a connection before Jetty rejects them
     */
    Worker(BenchmarkConfig config, int index, int slots, int queueCapacity) {
        this.config = config;
        this.index = index;
        this.slots = slots;

        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setTCPNoDelay(true);
        if (config.trustAllCertificates()) {
            connector.setSslContextFactory(new SslContextFactory.Client(true));
        }

        QueuedThreadPool executor = new QueuedThreadPool(16, 2);
        executor.setName("httpbench-w" + index);
        executor.setDaemon(true);

        HttpClientTransport transport;
        if (config.protocol() == HttpProtocol.HTTP_2) {
            // one connection, this worker's share of the concurrency as streams on it
            transport = new HttpClientTransportOverHTTP2(new HTTP2Client(connector));
            transport.setConnectionPoolFactory(
                    destination -> new StreamCappedPool(destination, connectionsPerWorker(config)));
        } else {
            transport = new HttpClientTransportOverHTTP(connector);
        }
        // our listeners never block, so Jetty may run them on the selector thread without a hand-off
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(executor);
        client.setScheduler(new ScheduledExecutorScheduler("httpbench-w" + index + "-scheduler", true));
        client.setMaxConnectionsPerDestination(connectionsPerWorker(config));
        client.setMaxRequestsQueuedPerDestination(queueCapacity);
        client.setConnectTimeout(config.connectTimeout().toMillis());
        client.setIdleTimeout(Math.max(30_000, config.timeout().toMillis() * 2));
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, USER_AGENT));
        this.contentType = config.headers().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("Content-Type")).map(Map.Entry::getValue)
                .findFirst().orElse("application/octet-stream");
        this.body = config.body();
    }

    /** Connections each worker may open: ceil(concurrency / workers). */
    static int connectionsPerWorker(BenchmarkConfig config) {
        return (config.concurrency() + config.workers() - 1) / config.workers();
    }

    int index() {
        return index;
    }

    /** Closed loop: how many requests this worker keeps in flight. */
    int slots() {
        return slots;
    }

    /** Runs {@code task} on this worker's executor. */
    void execute(Runnable task) {
        client.getExecutor().execute(task);
    }

    void start() throws Exception {
        client.start();
    }

    /**
     * Opens {@code connections} connections to the target without sending a request; with HTTP/2 the
     * one connection that carries all of this worker's streams.
     */
    CompletableFuture<Void> preconnect(int connections) {
        Request probe = client.newRequest(config.target());
        return client.resolveDestination(probe).getConnectionPool()
                .preCreateConnections(config.protocol() == HttpProtocol.HTTP_2 ? 1 : connections);
    }

    /** A request to the target, wired to {@code exchange}'s listeners, not yet sent. */
    Request newRequest(Exchange exchange) {
        Request request = client.newRequest(config.target())
                .method(config.method())
                .timeout(config.timeout().toNanos(), TimeUnit.NANOSECONDS)
                .onRequestBegin(exchange)
                .onResponseContent(exchange);
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
        return request;
    }

    /** Stops the client: aborts every queued and active exchange, closes connections, ends threads. */
    void stop() {
        try {
            client.stop();
        } catch (Exception e) {
            JettyRun.LOG.warn("worker {} did not stop cleanly: {}", index, e.toString());
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "worker %d (%d slots)", index, slots);
    }

    /**
     * HTTP/2: one connection with at most {@code maxStreams} streams in flight, fewer when the server's
     * SETTINGS allow fewer. Jetty's own pool would raise the cap to the server's limit; this keeps the
     * configured concurrency the bound on requests in flight, in open loop too.
     */
    private static final class StreamCappedPool extends MultiplexConnectionPool {
        StreamCappedPool(Destination destination, int maxStreams) {
            super(destination, () -> new ConcurrentPool<Connection>(ConcurrentPool.StrategyType.FIRST, 1,
                    connection -> Math.min(maxStreams, connection instanceof ConnectionPool.MaxMultiplexable m
                            ? m.getMaxMultiplex() : maxStreams)), maxStreams);
        }
    }
}
