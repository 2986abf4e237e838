package dev.httpbench.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A loopback Jetty server for workload tests that remembers every request it received, in arrival
 * order: method, request target exactly as sent (path and query still encoded), the headers the tests
 * look at and the body. It answers 200 with a small body, except below {@code /status/N}, where it
 * answers status N. Thread-safe; {@link #close()} (also mid-run) stops it.
 */
public final class CountingServer implements AutoCloseable {
    private static final byte[] BODY = "counted\n".getBytes(StandardCharsets.US_ASCII);

    /** One request as received. */
    public record Seen(String method, String target, String authorization, String body) {
        /** The target's path, without the query. */
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    private final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
    private final Server server;
    private final ServerConnector connector;

    public CountingServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("counting-server");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Seen s = new Seen(request.getMethod(), request.getHttpURI().getPathQuery(),
                        request.getHeaders().get(HttpHeader.AUTHORIZATION), body);
                seen.add(s);
                byPath.computeIfAbsent(s.path(), p -> new AtomicLong()).incrementAndGet();
                int status = 200;
                if (s.path().startsWith("/status/")) {
                    status = Integer.parseInt(s.path().substring("/status/".length()));
                }
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Every request received so far, in arrival order. */
    public List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    /** Requests received so far by path (without the query), sorted by path. */
    public Map<String, Long> countsByPath() {
        Map<String, Long> counts = new TreeMap<>();
        byPath.forEach((p, n) -> counts.put(p, n.get()));
        return counts;
    }

    /** Requests received so far. */
    public long requests() {
        return seen.size();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
