package dev.httpbench.cli.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * An in-process HTTP service to benchmark when there is nothing else: a Jetty server on a free
 * loopback port. It behaves like a small API with limited capacity, so a matrix shows a real knee:
 * <ul>
 *   <li>{@code GET /health}: {@code 200 {"status":"UP"}} at once;</li>
 *   <li>any other path: a JSON list of products after a service time of a few milliseconds that
 *       varies from request to request, with an occasional slow one (the tail). At most
 *       {@link #DEFAULT_SLOTS} requests are served at a time; the rest wait their turn, so beyond
 *       that concurrency throughput stays flat while latency grows.</li>
 * </ul>
 * Thread contract: start and {@link #close()} from any one thread; requests are served on Jetty's
 * threads without blocking (delays are scheduled, never slept).
 */
public final class DemoTarget implements AutoCloseable {
    /** Requests served at the same time; more wait in a queue. */
    public static final int DEFAULT_SLOTS = 32;

    private final Server server;
    private final ServerConnector connector;
    private final int slots;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>(); // guarded by lock
    private int busy; // guarded by lock

    private record Pending(Response response, Callback callback, Scheduler scheduler) {
    }

    private DemoTarget(int slots) {
        this.slots = slots;
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("demo-target");
        threads.setDaemon(true);
        server = new Server(threads);
        // HTTP/1.1, and HTTP/2 in clear text for clients that start with its preface (--http2)
        HttpConfiguration http = new HttpConfiguration();
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if ("/health".equals(Request.getPathInContext(request))) {
                    write(response, callback, "{\"status\":\"UP\"}\n");
                } else {
                    admit(new Pending(response, callback, request.getComponents().getScheduler()));
                }
                return true;
            }
        });
    }

    /** Starts a demo target with {@link #DEFAULT_SLOTS} slots on a free loopback port. */
    public static DemoTarget start() {
        return start(DEFAULT_SLOTS);
    }

    /** Starts a demo target serving at most {@code slots} requests at a time. */
    public static DemoTarget start(int slots) {
        DemoTarget t = new DemoTarget(slots);
        try {
            t.server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the demo target: " + e, e);
        }
        return t;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** The URL of the API endpoint. */
    public String apiUrl() {
        return baseUrl() + "/api/products";
    }

    private void admit(Pending p) {
        synchronized (lock) {
            if (busy >= slots) {
                queue.add(p);
                return;
            }
            busy++;
        }
        serve(p);
    }

    private void serve(Pending p) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        // most requests take 2-8 ms; one in fifty takes 20-60 ms (a cache miss, a slow query)
        long micros = random.nextInt(50) == 0 ? random.nextLong(20_000, 60_000) : random.nextLong(2_000, 8_000);
        p.scheduler().schedule(() -> {
            int items = 3 + (int) (micros % 5);
            StringBuilder body = new StringBuilder("{\"products\":[");
            for (int i = 0; i < items; i++) {
                body.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                        "{\"id\":%d,\"name\":\"product %d\",\"price\":%.2f}", i + 1, i + 1, 9.99 + i));
            }
            body.append("],\"served_in_us\":").append(micros).append("}\n");
            write(p.response(), p.callback(), body.toString());
            Pending next;
            synchronized (lock) {
                next = queue.poll();
                if (next == null) {
                    busy--;
                }
            }
            if (next != null) {
                serve(next);
            }
        }, micros, TimeUnit.MICROSECONDS);
    }

    private static void write(Response response, Callback callback, String json) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the demo target: " + e, e);
        }
    }
}
