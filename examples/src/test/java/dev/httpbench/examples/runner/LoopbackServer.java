package dev.httpbench.examples.runner;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loopback Jetty server on a free port for runner tests. Paths: {@code /health} and {@code /ok}
 * answer 200; {@code /flaky} answers 503 to every fifth request and 200 otherwise;
 * {@code /sick} answers 503. Thread-safe; close it to stop.
 */
final class LoopbackServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final AtomicLong flaky = new AtomicLong();
    /** Requests answered on {@code /ok}. */
    final AtomicLong ok = new AtomicLong();
    private final AtomicLong all = new AtomicLong();

    LoopbackServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("runner-test-server");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                all.incrementAndGet();
                int status = switch (Request.getPathInContext(request)) {
                    case "/flaky" -> flaky.incrementAndGet() % 5 == 0 ? 503 : 200;
                    case "/sick" -> 503;
                    case "/ok" -> {
                        ok.incrementAndGet();
                        yield 200;
                    }
                    default -> 200;
                };
                response.setStatus(status);
                response.write(true, ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.start();
    }

    /** Every request received, on any path. */
    long requests() {
        return all.get();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
