package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import dev.httpbench.spi.RequestBuffer;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * One HTTP/1.1 connection of a worker's event loop, as a small state machine: closed, connecting, TLS
 * handshake, open. It is a {@link Slot}: at most one request at a time (no pipelining). Responses are
 * parsed with Jetty's {@link HttpParser}: body bytes are counted as they pass, never kept. Not
 * thread-safe: only the worker's thread touches it.
 */
final class Http1Connection extends Slot implements LoopConnection, HttpParser.ResponseHandler {
    private static final int CLOSED = 0;
    private static final int CONNECTING = 1;
    private static final int HANDSHAKING = 2;
    private static final int OPEN = 3;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final HttpField IGNORED_FIELD = new HttpField("X-Ignored-By-Httpbench", "");

    final Deadlines.Entry connectTimeout = new Deadlines.Entry(this::connectTimedOut);
    private final TlsContext tlsContext;
    private final RequestBytes request;
    /** A workload's request bytes, assembled per request; null for a single request. */
    private final RequestBuffer buffer;

    private int state = CLOSED;
    private SocketChannel channel;
    private SelectionKey key;
    private int interest;
    private TlsLayer tls;
    private Parser parser;
    private boolean everConnected;
    /** The last connect: started, TCP established (for the connect and TLS phases). */
    private long connectStartNanos;
    private long connectedNanos;

    /** When the bytes being parsed were read. */
    private long readNanos;
    private int writeOffset;
    private boolean writePending;
    private boolean closeAfter;
    private boolean messageComplete;
    private String protocolError;

    /**
     * @param instance the target instance it connects to
     * @param tls that instance's TLS settings; null for http
     */
    Http1Connection(LoopWorker worker, RequestBytes request, int instance, TlsContext tls) {
        super(worker, instance);
        this.request = request;
        this.buffer = worker.requests == null ? null : new RequestBuffer(512);
        this.tlsContext = tls;
    }

    @Override
    public boolean isOpen() {
        return state == OPEN;
    }

    @Override
    public boolean isClosed() {
        return state == CLOSED;
    }

    // ---- connecting ----

    /** Opens the TCP connection (and then TLS). Failures end the request on it, if any. */
    @Override
    public void connect(long now) {
        try {
            channel = SocketChannel.open();
            state = CONNECTING;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            parser = new Parser();
            // the connect phase starts with the SYN: setting up the channel and parser (class loading and
            // static initialization the first time in a JVM) is the generator's, not the network's
            connectStartNanos = System.nanoTime();
            boolean done = channel.connect(worker.addresses[instance]);
            key = channel.register(worker.selector, done ? 0 : SelectionKey.OP_CONNECT, this);
            interest = key.interestOps();
            // the connect timeout covers the TLS handshake too: it ends when the connection is open
            worker.connectTimeouts.add(connectTimeout, now + worker.connectTimeoutNanos);
            if (done) {
                connected(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            // the channel may be half set up; it ends here
            failedWith(e);
        }
    }

    private void finishConnect(long now) {
        try {
            if (channel.finishConnect()) {
                connected(now);
            }
        } catch (IOException | RuntimeException e) {
            failedWith(e);
        }
    }

    private void connected(long now) throws IOException {
        connectedNanos = now;
        if (tlsContext != null) {
            state = HANDSHAKING;
            tls = new TlsLayer(tlsContext.newEngine(false));
            tls.begin();
            handshake(now);
        } else {
            opened(now);
        }
    }

    private void handshake(long now) throws IOException {
        if (!tls.handshake(channel, worker.readBuffer)) {
            interest(tls.hasPendingOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            return;
        }
        opened(now);
    }

    private void opened(long now) {
        worker.connectTimeouts.remove(connectTimeout);
        worker.recording.connected(connectedNanos - connectStartNanos, tls != null ? now - connectedNanos : -1,
                everConnected);
        everConnected = true;
        state = OPEN;
        interest(SelectionKey.OP_READ);
        if (busy) {
            startWrite(now);
        }
    }

    /** The connect timeout passed before the connection (and its TLS handshake) was established. */
    private void connectTimedOut() {
        end(FailureKind.CONNECT_TIMEOUT, "no connection within " + worker.connectTimeoutNanos / 1_000_000 + " ms");
    }

    // ---- requests ----

    @Override
    void send(long now) {
        if (buffer != null && !worker.take(this, buffer)) {
            return;
        }
        closeAfter = false;
        messageComplete = false;
        protocolError = null;
        if (state == OPEN) {
            startWrite(now);
            return;
        }
        connectWaitNanos = now;
        if (state == CLOSED) {
            connect(now);
        } // else the request waits for the connection being opened
    }

    private void startWrite(long now) {
        writing(now);
        writeOffset = 0;
        write();
    }

    private void write() {
        ByteBuffer out = buffer != null ? buffer.bytes() : worker.requestView;
        out.limit(buffer != null ? buffer.length() : request.length()).position(writeOffset);
        try {
            if (tls != null) {
                writePending = !tls.write(channel, out);
            } else {
                channel.write(out);
                writePending = out.hasRemaining();
            }
            writeOffset = out.position();
            interest(writePending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            failedWith(e);
        }
    }

    @Override
    void requestTimedOut() {
        end(FailureKind.REQUEST_TIMEOUT, "no complete response within " + worker.timeoutNanos / 1_000_000 + " ms");
    }

    // ---- events ----

    @Override
    public void ready(int readyOps, long now) {
        try {
            if (state == CONNECTING) {
                if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect(now);
                }
                return;
            }
            if (state == HANDSHAKING) {
                handshake(now);
                return;
            }
            if (state != OPEN) {
                return;
            }
            if ((readyOps & SelectionKey.OP_WRITE) != 0 && writePending) {
                write();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0 && state == OPEN) {
                read(now);
            }
        } catch (IOException | RuntimeException e) {
            failedWith(e);
        }
    }

    /** One read per ready event (bounded work per connection per round keeps 10,000 connections fair). */
    private void read(long now) throws IOException {
        ByteBuffer buffer = worker.readBuffer;
        int n;
        if (tls != null) {
            n = tls.read(channel, buffer);
        } else {
            buffer.clear();
            n = channel.read(buffer);
            buffer.flip();
        }
        if (n < 0) {
            endOfStream(now);
            return;
        }
        if (n == 0) {
            return;
        }
        if (!busy) {
            close(); // bytes nobody asked for: whatever the server meant, this connection is unusable
            return;
        }
        readNanos = now;
        if (firstByteNanos == 0) {
            firstByteNanos = now;
        }
        parse(buffer, now);
    }

    private void parse(ByteBuffer buffer, long now) {
        while (true) {
            HttpParser.State before = parser.getState();
            int remaining = buffer.remaining();
            parser.parseNext(buffer);
            if (protocolError != null) {
                end(FailureKind.PROTOCOL, protocolError);
                return;
            }
            if (messageComplete) {
                if (status >= 100 && status < 200 && status != 101) {
                    // an interim response (100 Continue, 103 Early Hints): the final one follows
                    messageComplete = false;
                    parser.reset();
                    continue;
                }
                if (buffer.hasRemaining()) {
                    end(FailureKind.PROTOCOL, "the response had " + buffer.remaining()
                            + " bytes more than its framing (Content-Length or chunked) announced");
                    return;
                }
                completed(now);
                return;
            }
            if (parser.getState() == before && buffer.remaining() == remaining) {
                return; // it waits for more bytes (a HEAD response ends in a step that needs none)
            }
        }
    }

    private void endOfStream(long now) {
        if (!busy) {
            close(); // the server closed an idle connection: the next request on it reconnects
            return;
        }
        parser.atEOF();
        parser.parseNext(EMPTY);
        if (messageComplete) {
            completed(now); // a body delimited by the end of the connection
        } else if (protocolError != null) {
            end(FailureKind.PROTOCOL, protocolError);
        } else {
            end(FailureKind.CONNECTION_CLOSED, firstByteNanos == 0
                    ? "the server closed the connection before responding"
                    : "the server closed the connection in the middle of a response");
        }
    }

    private void completed(long now) {
        if (!closeAfter && parser.getState() == HttpParser.State.END) {
            parser.reset();
        } else {
            close();
        }
        responded(now);
    }

    /** The request on this connection, if any, fails with {@code kind}; the connection closes. */
    private void end(FailureKind kind, String message) {
        close();
        failed(kind, message);
    }

    private void failedWith(Throwable e) {
        FailureKind kind = FailureClassifier.classify(e);
        end(kind, FailureClassifier.describe(e));
        if (kind == FailureKind.OTHER) {
            worker.unclassified(e);
        }
    }

    @Override
    void abandon() {
        busy = false;
        worker.requestTimeouts.remove(requestTimeout);
        close();
    }

    @Override
    public void close() {
        if (state == CLOSED) {
            return;
        }
        worker.connectTimeouts.remove(connectTimeout);
        if (tls != null && state == OPEN) {
            tls.closeQuietly(channel);
        }
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
        state = CLOSED;
        channel = null;
        key = null;
        tls = null;
        writePending = false;
    }

    private void interest(int ops) {
        if (interest != ops) {
            key.interestOps(ops);
            interest = ops;
        }
    }

    // ---- HttpParser.ResponseHandler: called from parseNext on this thread ----

    @Override
    public void startResponse(HttpVersion version, int code, String reason) {
        status = code;
        parser.setHeadResponse(buffer != null ? buffer.head() : request.head()); // reset() forgets it; Jetty's own client sets it here too
        if (version == HttpVersion.HTTP_1_0) {
            closeAfter = true; // unless it says keep-alive
        }
    }

    @Override
    public void parsedHeader(HttpField field) {
        if (field.getHeader() == HttpHeader.CONNECTION) {
            if (field.contains(HttpHeaderValue.CLOSE.asString())) {
                closeAfter = true;
            } else if (field.contains(HttpHeaderValue.KEEP_ALIVE.asString())) {
                closeAfter = false;
            }
        }
    }

    @Override
    public boolean headerComplete() {
        headersNanos = readNanos;
        return false;
    }

    @Override
    public boolean content(ByteBuffer content) {
        bodyBytes += content.remaining();
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        messageComplete = true;
        return true;
    }

    @Override
    public void earlyEOF() {
        // endOfStream() tells a premature end from a protocol error: it knows whether the EOF was real
    }

    @Override
    public void badMessage(HttpException failure) {
        if (protocolError == null) {
            protocolError = reason(failure);
        }
    }

    private static String reason(HttpException failure) {
        String reason = failure.getReason();
        if (reason == null && failure instanceof Throwable t) {
            reason = t.getMessage();
        }
        return "malformed response: " + (reason != null ? reason : "status " + failure.getCode());
    }

    /** Keeps the parser's reason for errors it reports as an early EOF once the headers were complete. */
    private final class Parser extends HttpParser {
        Parser() {
            super(Http1Connection.this, MAX_HEADER_BYTES);
        }

        /**
         * Only Connection matters to the loop: every other header it is not told about becomes one
         * shared placeholder instead of a new field per header per response (a third of the loop's
         * garbage). Framing (Content-Length, Transfer-Encoding) the parser reads before this.
         */
        @Override
        public HttpField newHttpField(HttpHeader header, String name, String value) {
            return header == HttpHeader.CONNECTION ? super.newHttpField(header, name, value) : IGNORED_FIELD;
        }

        @Override
        protected void badMessage(HttpException failure) {
            Http1Connection.this.badMessage(failure);
            super.badMessage(failure);
        }
    }
}
