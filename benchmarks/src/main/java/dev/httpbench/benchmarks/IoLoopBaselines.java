package dev.httpbench.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The two ways to build the engine's HTTP/1.1 I/O, measured side by side (issue 8: "build on jetty-io if
 * it reaches the figures, otherwise on java.nio"): the same closed loop, the same pre-encoded GET and the
 * same Jetty {@link HttpParser} per connection, once on a plain {@link Selector} owned by one thread and
 * once on jetty-io's {@link ClientConnector} with one selector and non-blocking connections, so that its
 * callbacks run on the selector thread too. Neither records anything: the difference is the I/O layer.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.IoLoopBaselines nio|jetty-io URL [connections=64] [seconds=10] [warmup-seconds=3]</pre>
 *
 * Prints requests/s and the process CPU per request over the measured seconds.
 */
public final class IoLoopBaselines {
    private IoLoopBaselines() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        URI target = URI.create(args[1]);
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                + "\r\nUser-Agent: baseline\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        InetSocketAddress address = new InetSocketAddress(target.getHost(), target.getPort());
        Counter counter = new Counter();
        AutoCloseable loop = kind.equals("nio") ? NioLoop.start(address, request, connections, counter)
                : JettyIoLoop.start(address, request, connections, counter);
        try {
            Thread.sleep(Duration.ofSeconds(warmup).toMillis());
            long startCount = counter.count;
            long startCpu = cpuNanos();
            long start = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
            long n = counter.count - startCount;
            double cpu = (cpuNanos() - startCpu) / 1e3 / n;
            double rate = n / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "%s req/s=%.0f cpu_us_per_req=%.2f%n", kind, rate, cpu);
        } finally {
            loop.close();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Responses completed; written by the loop thread, read by main (a stale read is fine here). */
    static final class Counter {
        volatile long count;
    }

    /** Parses responses and says when one is complete. */
    static final class Response implements HttpParser.ResponseHandler {
        final HttpParser parser = new HttpParser(this);
        boolean complete;

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
        }

        @Override
        public void parsedHeader(HttpField field) {
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer content) {
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
        }

        /** Parses what {@code buffer} holds; true when a response completed (the parser is then reset). */
        boolean parse(ByteBuffer buffer) {
            while (buffer.hasRemaining()) {
                parser.parseNext(buffer);
                if (complete) {
                    complete = false;
                    parser.reset();
                    return true;
                }
            }
            return false;
        }
    }

    /** One thread, one selector, connections as attachments: the engine's design without its bookkeeping. */
    static final class NioLoop implements AutoCloseable, Runnable {
        private final Selector selector = Selector.open();
        private final ByteBuffer request;
        private final ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
        private final Counter counter;
        private final Thread thread = new Thread(this, "nio-loop");
        private volatile boolean running = true;

        private NioLoop(ByteBuffer request, Counter counter) throws IOException {
            this.request = request;
            this.counter = counter;
        }

        static NioLoop start(InetSocketAddress address, byte[] request, int connections, Counter counter)
                throws IOException {
            ByteBuffer direct = ByteBuffer.allocateDirect(request.length).put(request).flip();
            NioLoop loop = new NioLoop(direct, counter);
            for (int i = 0; i < connections; i++) {
                SocketChannel channel = SocketChannel.open(address);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(false);
                channel.register(loop.selector, SelectionKey.OP_READ, new Response());
                loop.write(channel);
            }
            loop.thread.start();
            return loop;
        }

        private void write(SocketChannel channel) throws IOException {
            request.clear();
            channel.write(request); // a 70-byte request always fits the socket buffer here
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(key -> {
                        try {
                            SocketChannel channel = (SocketChannel) key.channel();
                            read.clear();
                            if (channel.read(read) < 0) {
                                key.cancel();
                                return;
                            }
                            read.flip();
                            if (((Response) key.attachment()).parse(read)) {
                                counter.count++;
                                write(channel);
                            }
                        } catch (IOException e) {
                            key.cancel();
                        }
                    }, 100);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            thread.join();
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    /** jetty-io: a ClientConnector with one selector; each connection's fill callback runs on it. */
    static final class JettyIoLoop implements AutoCloseable {
        private final ClientConnector connector = new ClientConnector();

        static JettyIoLoop start(InetSocketAddress address, byte[] request, int connections, Counter counter)
                throws Exception {
            JettyIoLoop loop = new JettyIoLoop();
            QueuedThreadPool threads = new QueuedThreadPool(8, 2);
            threads.setName("jetty-io-loop");
            loop.connector.setExecutor(threads);
            loop.connector.setSelectors(1);
            loop.connector.setTCPNoDelay(true);
            loop.connector.start();
            ClientConnectionFactory factory = (endPoint, context) -> new Loop(endPoint, loop.connector, request, counter);
            for (int i = 0; i < connections; i++) {
                Map<String, Object> context = new HashMap<>();
                context.put(ClientConnectionFactory.CONTEXT_KEY, factory);
                context.put(Transport.CONTEXT_KEY, Transport.TCP_IP);
                context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, new Promise<org.eclipse.jetty.io.Connection>() {
                    @Override
                    public void failed(Throwable x) {
                        System.err.println("jetty-io connect failed: " + x);
                    }
                });
                loop.connector.connect(address, context);
            }
            return loop;
        }

        @Override
        public void close() throws Exception {
            connector.stop();
        }

        private static final class Loop extends AbstractConnection.NonBlocking {
            private final byte[] request;
            private final Counter counter;
            private final ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
            private final Response response = new Response();

            Loop(EndPoint endPoint, ClientConnector connector, byte[] request, Counter counter) {
                super(endPoint, connector.getExecutor());
                this.request = request;
                this.counter = counter;
            }

            @Override
            public void onOpen() {
                super.onOpen();
                send();
            }

            private void send() {
                getEndPoint().write(Callback.NOOP, ByteBuffer.wrap(request));
                fillInterested();
            }

            @Override
            public void onFillable() {
                try {
                    read.clear().flip();
                    int n = getEndPoint().fill(read);
                    if (n < 0) {
                        close();
                        return;
                    }
                    if (response.parse(read)) {
                        counter.count++;
                        send();
                    } else {
                        fillInterested();
                    }
                } catch (IOException e) {
                    close();
                }
            }
        }
    }
}
