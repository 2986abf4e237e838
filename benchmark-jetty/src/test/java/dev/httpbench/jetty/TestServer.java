package dev.httpbench.jetty;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loopback Jetty server on a free port for engine tests. It counts every request it receives and
 * every 2xx it answers. Paths:
 * <ul>
 *   <li>{@code /ok}: 200 with a small body;</li>
 *   <li>{@code /delay?ms=N}: 200 after N ms, without blocking a server thread;</li>
 *   <li>{@code /status?code=N}: status N;</li>
 *   <li>{@code /close}: closes the connection without answering;</li>
 *   <li>{@code /stall}: 200 at once, except that the {@link #stallAfter}-th request starts a one-second
 *       stall during which every response (that one included) is held until the stall ends.</li>
 * </ul>
 */
public final class TestServer implements AutoCloseable {
    private static final byte[] BODY = "hello from the test server\n".getBytes(StandardCharsets.US_ASCII);

    public final AtomicLong requests = new AtomicLong();
    final AtomicLong answered2xx = new AtomicLong();
    /** The most open connections seen when a request arrived. */
    final AtomicLong maxConnections = new AtomicLong();
    private final Server server;
    private final ServerConnector connector;
    private volatile long stallAfter = Long.MAX_VALUE;
    private volatile long stallUntilNanos;
    private final AtomicLong stallCount = new AtomicLong();

    public TestServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("test-server");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                requests.incrementAndGet();
                maxConnections.accumulateAndGet(connector.getConnectedEndPoints().size(), Math::max);
                String path = Request.getPathInContext(request);
                Fields query = Request.extractQueryParameters(request);
                switch (path) {
                    case "/delay" -> later(request, response, callback, 200, query.getValue("ms") == null ? 0
                            : Long.parseLong(query.getValue("ms")));
                    case "/status" -> answer(response, callback, Integer.parseInt(query.getValue("code")));
                    case "/close" -> {
                        request.getConnectionMetaData().getConnection().getEndPoint().close();
                        callback.failed(new org.eclipse.jetty.io.EofException("closed on purpose"));
                    }
                    case "/stall" -> {
                        long now = System.nanoTime();
                        if (stallCount.incrementAndGet() == stallAfter) {
                            stallUntilNanos = now + TimeUnit.SECONDS.toNanos(1);
                        }
                        long wait = stallUntilNanos - now;
                        if (wait > 0) {
                            later(request, response, callback, 200, TimeUnit.NANOSECONDS.toMillis(wait) + 1);
                        } else {
                            answer(response, callback, 200);
                        }
                    }
                    default -> answer(response, callback, 200);
                }
                return true;
            }
        });
        server.start();
    }

    /** The {@code n}-th request to /stall starts a one-second stall. */
    void stallAfter(long n) {
        stallAfter = n;
    }

    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery;
    }

    public int openConnections() {
        return connector.getConnectedEndPoints().size();
    }

    private void later(Request request, Response response, Callback callback, int status, long millis) {
        request.getComponents().getScheduler().schedule(() -> answer(response, callback, status), millis,
                TimeUnit.MILLISECONDS);
    }

    private void answer(Response response, Callback callback, int status) {
        if (status >= 200 && status < 300) {
            answered2xx.incrementAndGet();
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(BODY), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
