package dev.httpbench.junit;

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
 * A loopback Jetty server on a free port for the extension's tests; thread-safe. It counts the
 * requests it receives. Paths: {@code /ok} answers 200 at once; {@code /slow?ms=N} answers 200
 * after N ms; {@code /flaky?ms=N} answers after N ms with 200 and 500 in turn, so exactly half of
 * an even number of requests fail. It also tracks the most requests it had in progress at once. No
 * handler blocks a server thread.
 */
public final class TestServer implements AutoCloseable {
    private static final byte[] BODY = "ok\n".getBytes(StandardCharsets.US_ASCII);

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong inProgress = new AtomicLong();
    private final AtomicLong maxInProgress = new AtomicLong();
    private final Server server;
    private final ServerConnector connector;

    public TestServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("junit-test-server");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                long n = requests.incrementAndGet();
                maxInProgress.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
                Fields query = Request.extractQueryParameters(request);
                long delay = query.getValue("ms") == null ? 0 : Long.parseLong(query.getValue("ms"));
                int status = Request.getPathInContext(request).equals("/flaky") && n % 2 == 0 ? 500 : 200;
                if (delay > 0) {
                    request.getComponents().getScheduler().schedule(() -> answer(response, callback, status), delay,
                            TimeUnit.MILLISECONDS);
                } else {
                    answer(response, callback, status);
                }
                return true;
            }
        });
        server.start();
    }

    /** The base URL, without a trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Requests received so far. */
    public long requests() {
        return requests.get();
    }

    /** The most requests that were in progress at the same time. */
    public long maxInProgress() {
        return maxInProgress.get();
    }

    private void answer(Response response, Callback callback, int status) {
        inProgress.decrementAndGet();
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, ByteBuffer.wrap(BODY), callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
