package dev.httpbench.jetty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server that answers with exactly the bytes a test scripts, right or wrong: for
 * the response framings (Content-Length, chunked, close-delimited, HEAD, interim 1xx) and for the
 * faults (malformed status line, binary junk, a body longer than announced, reset, half a body then
 * close, accept and never read, dribble). One blocking thread per connection ({@code raw-server-*});
 * tests only. Thread-safe counters.
 */
public final class RawServer implements AutoCloseable {
    /** What the server does with each request; {@code requestHead} is null in {@link #silent} mode. */
    @FunctionalInterface
    public interface Responder {
        /** Answers one request; returns false to close the connection afterwards. */
        boolean respond(Exchange exchange) throws IOException, InterruptedException;
    }

    /** One request on one connection. */
    public record Exchange(int number, String requestHead, Socket socket, OutputStream out) {
        public String method() {
            return requestHead.substring(0, requestHead.indexOf(' '));
        }

        public String path() {
            String[] parts = requestHead.split(" ", 3);
            return parts[1];
        }

        public void write(String ascii) throws IOException {
            out.write(ascii.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
    }

    private final ServerSocket server;
    private final Responder responder;
    private final boolean silent;
    private final Thread acceptor;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bodyBytesSent = new AtomicLong();
    private final Map<Integer, AtomicInteger> requestsPerConnection = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private RawServer(Responder responder, boolean silent) throws IOException {
        this.server = new ServerSocket(0, 10_000, InetAddress.getLoopbackAddress());
        this.responder = responder;
        this.silent = silent;
        this.acceptor = new Thread(this::accept, "raw-server-accept");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A server that reads each request head and lets {@code responder} answer it. */
    public static RawServer start(Responder responder) throws IOException {
        return new RawServer(responder, false);
    }

    /** A server that accepts connections and never reads from them nor answers. */
    public static RawServer silent() throws IOException {
        return new RawServer(x -> true, true);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    /** Requests read so far. */
    public int requests() {
        return requests.get();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Requests read on each connection, by the connection's number. */
    public Map<Integer, AtomicInteger> requestsPerConnection() {
        return requestsPerConnection;
    }

    /** Adds to the count of body bytes the responder says it sent. */
    public void countBody(long bytes) {
        bodyBytesSent.addAndGet(bytes);
    }

    public long bodyBytesSent() {
        return bodyBytesSent.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                int number = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, number), "raw-server-" + number);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        requestsPerConnection.put(connection, new AtomicInteger());
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (silent) {
                while (!closed && !s.isClosed()) {
                    Thread.sleep(20); // holds the connection without reading it
                }
                return;
            }
            while (!closed) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                skipBody(in, head);
                requestsPerConnection.get(connection).incrementAndGet();
                if (!responder.respond(new Exchange(requests.incrementAndGet(), head, s, out))) {
                    return;
                }
            }
        } catch (SocketException e) {
            // the client went away or the responder reset the connection
        } catch (IOException | InterruptedException e) {
            // the test ends
        }
    }

    /** The request line and headers, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                long n = Long.parseLong(line.substring(15).trim());
                while (n > 0) {
                    long skipped = in.skip(n);
                    if (skipped <= 0 && in.read() < 0) {
                        return;
                    }
                    n -= Math.max(skipped, 1);
                }
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        acceptor.join(5_000);
    }
}
