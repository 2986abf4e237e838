package dev.httpbench.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The loopback Jetty server of httpbench's tests (shared with the other modules through the
 * test-jar): a free port on 127.0.0.1, no handler blocking a server thread, and counts of what it
 * saw. Thread-safe. Paths:
 * <ul>
 *   <li>{@code /ok} (and any other path): 200 with a small body at once;</li>
 *   <li>{@code /delay?ms=N}: 200 after N ms;</li>
 *   <li>{@code /status?code=N}: status N;</li>
 *   <li>{@code /flaky?every=K&code=C&ms=N}: after N ms (default 0), status C (default 500) for every
 *       K-th request to this path (default every 2nd), 200 for the others;</li>
 *   <li>{@code /close}: closes the connection without answering;</li>
 *   <li>{@code /stall}: 200 at once, except that the {@link #stallAfter}-th request starts a one-second
 *       stall during which every response (that one included) is held until the stall ends.</li>
 * </ul>
 */
public final class TestServer implements AutoCloseable {
    private static final byte[] BODY = "hello from the test server\n".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answered2xx = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong flaky = new AtomicLong();
    private final AtomicLong inProgress = new AtomicLong();
    private final AtomicLong maxInProgress = new AtomicLong();
    private final AtomicLong maxConnections = new AtomicLong();
    private final AtomicLong stallCount = new AtomicLong();
    private final AtomicLong http2Requests = new AtomicLong();
    private final Server server;
    private final ServerConnector connector;
    private volatile long stallAfter = Long.MAX_VALUE;
    private volatile long stallUntilNanos;

    /** An HTTP/1.1 server. */
    public TestServer() throws Exception {
        this(false);
    }

    /** A server that speaks HTTP/2 in clear text (h2c, prior knowledge) only. */
    public static TestServer h2c() throws Exception {
        return new TestServer(true);
    }

    private TestServer(boolean h2c) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("test-server");
        server = new Server(threads);
        connector = h2c ? new ServerConnector(server, 1, 1, new HTTP2CServerConnectionFactory(new HttpConfiguration()))
                : new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2) {
                    http2Requests.incrementAndGet();
                }
                maxConnections.accumulateAndGet(connector.getConnectedEndPoints().size(), Math::max);
                maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
                Fields query = Request.extractQueryParameters(request);
                long ms = number(query, "ms", 0);
                switch (Request.getPathInContext(request)) {
                    case "/delay" -> later(response, callback, request, 200, ms);
                    case "/status" -> answer(response, callback, (int) number(query, "code", 200));
                    case "/flaky" -> later(response, callback, request,
                            flaky.incrementAndGet() % number(query, "every", 2) == 0
                                    ? (int) number(query, "code", 500) : 200, ms);
                    case "/close" -> {
                        inProgress.decrementAndGet();
                        request.getConnectionMetaData().getConnection().getEndPoint().close();
                        callback.failed(new EofException("closed on purpose"));
                    }
                    case "/stall" -> {
                        long now = System.nanoTime();
                        if (stallCount.incrementAndGet() == stallAfter) {
                            stallUntilNanos = now + TimeUnit.SECONDS.toNanos(1);
                        }
                        long wait = stallUntilNanos - now;
                        later(response, callback, request, 200, wait > 0 ? TimeUnit.NANOSECONDS.toMillis(wait) + 1 : 0);
                    }
                    default -> {
                        ok.incrementAndGet();
                        answer(response, callback, 200);
                    }
                }
                return true;
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The base URL followed by {@code pathAndQuery}. */
    public String url(String pathAndQuery) {
        return baseUrl() + pathAndQuery;
    }

    /** The {@code n}-th request to {@code /stall} starts a one-second stall. */
    public void stallAfter(long n) {
        stallAfter = n;
    }

    /** Requests received, on any path. */
    public long requests() {
        return requests.get();
    }

    /** Requests that arrived over HTTP/2. */
    public long http2Requests() {
        return http2Requests.get();
    }

    /** Responses sent with a 2xx status. */
    public long answered2xx() {
        return answered2xx.get();
    }

    /** Requests answered on {@code /ok} (or any path without a behaviour of its own). */
    public long ok() {
        return ok.get();
    }

    /** The most requests in progress at the same time. */
    public long maxInProgress() {
        return maxInProgress.get();
    }

    /** The most open connections seen when a request arrived. */
    public long maxConnections() {
        return maxConnections.get();
    }

    /** Connections open now. */
    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    private void later(Response response, Callback callback, Request request, int status, long millis) {
        if (millis <= 0) {
            answer(response, callback, status);
        } else {
            request.getComponents().getScheduler().schedule(() -> answer(response, callback, status), millis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void answer(Response response, Callback callback, int status) {
        inProgress.decrementAndGet();
        if (status >= 200 && status < 300) {
            answered2xx.incrementAndGet();
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(BODY), callback);
    }

    private static long number(Fields query, String name, long otherwise) {
        String value = query.getValue(name);
        return value == null ? otherwise : Long.parseLong(value);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
