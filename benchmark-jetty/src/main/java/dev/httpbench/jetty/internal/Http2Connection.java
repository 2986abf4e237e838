package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.frames.WindowUpdateFrame;
import org.eclipse.jetty.http2.parser.Parser;
import org.eclipse.jetty.io.ByteBufferPool;

/**
 * A worker's HTTP/2 connection (h2c with prior knowledge, or h2 negotiated with ALPN over TLS) on its
 * event loop, with the worker's share of the concurrency as {@link Http2Stream stream slots}. Frames
 * are parsed with Jetty's HTTP/2 {@link Parser} (and its HPACK decoder); frames are written by hand:
 * a request is a 9-byte HEADERS frame header plus the run's constant header block ({@link Http2Request}),
 * appended to one output buffer that the loop flushes once per round, so many requests share one write.
 * Flow control: the connection and every stream advertise a 16 MiB receive window, replenished as bodies
 * are counted; request bodies honour the server's windows. Not thread-safe: only the worker's loop
 * thread touches it.
 */
final class Http2Connection implements LoopConnection, Parser.Listener {
    private static final int CLOSED = 0;
    private static final int CONNECTING = 1;
    private static final int HANDSHAKING = 2;
    /** Preface and SETTINGS sent; waiting for the server's SETTINGS. */
    private static final int PREFACE = 3;
    private static final int OPEN = 4;
    private static final byte[] PREFACE_BYTES = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RECEIVE_WINDOW = 1 << 24;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int LAST_STREAM_ID = Integer.MAX_VALUE - 2;

    private final LoopWorker worker;
    private final Http2Request request;
    private final TlsContext tlsContext;
    private final Http2Stream[] streams;
    private final StreamMap active;
    private final Http2Stream[] waiting;
    private final Deadlines.Entry connectTimeout = new Deadlines.Entry(this::connectTimedOut);
    private ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);

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
    private int nextStreamId;
    private int maxStreams;
    private int streamSendWindow;
    private int connectionSendWindow;
    private int maxFrameSize;
    private long receivedSinceUpdate;
    private boolean goingAway;
    private int waitingHead;
    private int waitingSize;
    /** Why the connection ended, for the streams it takes with it. */
    private FailureKind endKind;
    private String endMessage;

    Http2Connection(LoopWorker worker, Http2Request request, TlsContext tls, int slots) {
        this.worker = worker;
        this.request = request;
        this.tlsContext = tls;
        this.streams = new Http2Stream[slots];
        for (int i = 0; i < slots; i++) {
            streams[i] = new Http2Stream(worker, this);
        }
        this.active = new StreamMap(slots);
        this.waiting = new Http2Stream[slots];
    }

    Http2Stream[] streams() {
        return streams;
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

    @Override
    public void connect(long now) {
        endKind = null;
        try {
            channel = SocketChannel.open();
            state = CONNECTING;
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            parser = new Parser(ByteBufferPool.NON_POOLING, MAX_HEADER_BYTES);
            parser.init(this);
            parser.getHpackDecoder().setMaxTableCapacity(4096);
            nextStreamId = 1;
            maxStreams = streams.length;
            streamSendWindow = 65_535;
            connectionSendWindow = 65_535;
            maxFrameSize = 16_384;
            receivedSinceUpdate = 0;
            goingAway = false;
            out.clear();
            // the connect phase starts with the SYN: setting up the channel and parser (class loading and
            // static initialization the first time in a JVM) is the generator's, not the network's
            connectStartNanos = System.nanoTime();
            boolean done = channel.connect(worker.addresses[0]);
            key = channel.register(worker.selector, done ? 0 : SelectionKey.OP_CONNECT, this);
            interest = key.interestOps();
            // the connect timeout covers TLS and the server's SETTINGS too: it ends when the connection is open
            worker.connectTimeouts.add(connectTimeout, now + worker.connectTimeoutNanos);
            if (done) {
                connected(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            failedWith(e);
        }
    }

    private void connected(long now) throws IOException {
        connectedNanos = now;
        if (tlsContext != null) {
            state = HANDSHAKING;
            tls = new TlsLayer(tlsContext.newEngine(true));
            tls.begin();
            handshake();
        } else {
            sendPreface();
        }
    }

    private void handshake() throws IOException {
        if (!tls.handshake(channel, worker.readBuffer)) {
            interest(tls.hasPendingOutput() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            return;
        }
        if (!"h2".equals(tls.applicationProtocol())) {
            throw new SSLHandshakeException("the server did not negotiate HTTP/2 with ALPN (it chose '"
                    + tls.applicationProtocol() + "')");
        }
        sendPreface();
    }

    /** The client preface: the magic, our SETTINGS and a larger connection receive window. */
    private void sendPreface() {
        long now = System.nanoTime();
        worker.recording.connected(connectedNanos - connectStartNanos, tls != null ? now - connectedNanos : -1,
                everConnected);
        everConnected = true;
        state = PREFACE;
        interest(SelectionKey.OP_READ);
        out.put(PREFACE_BYTES);
        frameHeader(12, 0x4, 0, 0); // SETTINGS
        out.putShort((short) SettingsFrame.ENABLE_PUSH).putInt(0);
        out.putShort((short) SettingsFrame.INITIAL_WINDOW_SIZE).putInt(RECEIVE_WINDOW);
        windowUpdate(0, RECEIVE_WINDOW - 65_535);
        flush();
    }

    private void connectTimedOut() {
        end(FailureKind.CONNECT_TIMEOUT, "no connection within " + worker.connectTimeoutNanos / 1_000_000 + " ms");
    }

    // ---- streams ----

    /** A stream slot has a request to send: now if a stream may open, else it waits its turn. */
    void start(Http2Stream stream, long now) {
        if (state == OPEN && !goingAway && active.size() < maxStreams && waitingSize == 0) {
            open(stream, now);
            return;
        }
        if (state != OPEN) {
            stream.connectWaitNanos = now;
        }
        waiting[(waitingHead + waitingSize) % waiting.length] = stream;
        waitingSize++;
        if (state == CLOSED) {
            connect(now);
        }
    }

    private Http2Stream pollWaiting() {
        Http2Stream next = waiting[waitingHead];
        waiting[waitingHead] = null;
        waitingHead = (waitingHead + 1) % waiting.length;
        waitingSize--;
        return next;
    }

    private void open(Http2Stream stream, long now) {
        int id = nextStreamId;
        nextStreamId += 2;
        stream.streamId = id;
        stream.receivedSinceUpdate = 0;
        active.put(id, stream);
        byte[] block = request.headerBlock();
        byte[] body = request.body();
        ensureRoom(9 + block.length);
        frameHeader(block.length, 0x1, body.length == 0 ? 0x5 : 0x4, id); // HEADERS, END_HEADERS (+END_STREAM)
        out.put(block);
        stream.writing(now);
        stream.bodySent = 0;
        stream.sendWindow = streamSendWindow;
        if (body.length > 0) {
            sendBody(stream);
        }
        worker.needsService(this);
        if (nextStreamId > LAST_STREAM_ID) {
            goingAway = true; // stream ids are spent: finish these, then a new connection
        }
    }

    /** Sends as much of the request body as the windows allow; the rest waits for WINDOW_UPDATE. */
    private void sendBody(Http2Stream stream) {
        byte[] body = request.body();
        while (stream.bodySent < body.length) {
            int n = Math.min(Math.min(body.length - stream.bodySent, maxFrameSize),
                    Math.min(stream.sendWindow, connectionSendWindow));
            if (n <= 0) {
                return;
            }
            boolean last = stream.bodySent + n == body.length;
            ensureRoom(9 + n);
            frameHeader(n, 0x0, last ? 0x1 : 0, stream.streamId); // DATA
            out.put(body, stream.bodySent, n);
            stream.bodySent += n;
            stream.sendWindow -= n;
            connectionSendWindow -= n;
        }
    }

    /** A stream ended (answered, failed, timed out, abandoned): its id is free, a waiting one may start. */
    private void release(Http2Stream stream, long now) {
        active.remove(stream.streamId);
        stream.streamId = 0;
        if (goingAway && active.size() == 0 && state != CLOSED) {
            close();
        }
        startWaiting(now);
    }

    private void startWaiting(long now) {
        while (waitingSize > 0 && state == OPEN && !goingAway && active.size() < maxStreams) {
            open(pollWaiting(), now);
        }
        if (waitingSize > 0 && state == CLOSED) {
            worker.needsService(this); // reconnect for them, outside whatever ended the connection
        }
    }

    /** Once per loop round when asked for: reconnects for waiting streams, writes what was appended. */
    void service(long now) {
        if (state == CLOSED && waitingSize > 0) {
            connect(now);
        }
        flush();
    }

    /** The stream's request timed out: the server is told to stop, the connection stays. */
    void timedOut(Http2Stream stream, String message) {
        if (stream.streamId != 0) {
            rstStream(stream.streamId, ErrorCode.CANCEL_STREAM_ERROR.code);
            worker.needsService(this);
            release(stream, System.nanoTime());
        } else {
            removeWaiting(stream);
        }
        stream.failed(FailureKind.REQUEST_TIMEOUT, message);
    }

    /** The stream's request is dropped without a word to the server (the run is ending). */
    void abandon(Http2Stream stream) {
        if (stream.streamId != 0) {
            active.remove(stream.streamId);
            stream.streamId = 0;
        } else {
            removeWaiting(stream);
        }
    }

    private void removeWaiting(Http2Stream stream) {
        for (int i = 0; i < waitingSize; i++) {
            if (waiting[(waitingHead + i) % waiting.length] == stream) {
                for (int j = i; j < waitingSize - 1; j++) { // rare (a timeout while waiting): shift the rest up
                    waiting[(waitingHead + j) % waiting.length] = waiting[(waitingHead + j + 1) % waiting.length];
                }
                waitingSize--;
                waiting[(waitingHead + waitingSize) % waiting.length] = null;
                return;
            }
        }
    }

    // ---- I/O ----

    @Override
    public void ready(int readyOps, long now) {
        try {
            switch (state) {
                case CONNECTING -> {
                    if ((readyOps & SelectionKey.OP_CONNECT) != 0 && channel.finishConnect()) {
                        connected(now);
                    }
                }
                case HANDSHAKING -> handshake();
                case PREFACE, OPEN -> {
                    if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                        flush();
                    }
                    if ((readyOps & SelectionKey.OP_READ) != 0) {
                        read(now);
                    }
                }
                default -> {
                }
            }
        } catch (IOException | RuntimeException e) {
            failedWith(e);
        }
        flush();
    }

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
            end(FailureKind.CONNECTION_CLOSED, "the server closed the HTTP/2 connection");
            return;
        }
        readNanos = now;
        while (buffer.hasRemaining() && state != CLOSED) {
            int before = buffer.remaining();
            parser.parse(buffer);
            if (buffer.remaining() == before) {
                break;
            }
        }
    }

    /** When the frames being parsed were read. */
    private long readNanos;

    /** Writes what the loop appended; called once per loop round, and after each read. */
    void flush() {
        if (channel == null || out.position() == 0 || state < PREFACE) {
            return;
        }
        out.flip();
        try {
            boolean done;
            if (tls != null) {
                done = tls.write(channel, out);
            } else {
                channel.write(out);
                done = !out.hasRemaining();
            }
            out.compact();
            interest(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (IOException | RuntimeException e) {
            out.clear();
            failedWith(e);
        }
    }

    private void ensureRoom(int bytes) {
        if (out.remaining() >= bytes) {
            return;
        }
        flush();
        if (out.remaining() < bytes) { // the socket is slower than the loop: grow rather than wait
            ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(out.capacity() * 2, out.position() + bytes));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
    }

    private void frameHeader(int length, int type, int flags, int streamId) {
        out.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put((byte) type).put((byte) flags).putInt(streamId);
    }

    private void windowUpdate(int streamId, int delta) {
        ensureRoom(13);
        frameHeader(4, 0x8, 0, streamId);
        out.putInt(delta);
    }

    private void rstStream(int streamId, int error) {
        ensureRoom(13);
        frameHeader(4, 0x3, 0, streamId);
        out.putInt(error);
    }

    // ---- Parser.Listener: called from parse() on this thread ----

    @Override
    public void onSettings(SettingsFrame frame) {
        if (frame.isReply()) {
            return;
        }
        for (Map.Entry<Integer, Integer> s : frame.getSettings().entrySet()) {
            int value = s.getValue();
            switch (s.getKey()) {
                case SettingsFrame.MAX_CONCURRENT_STREAMS -> maxStreams = Math.max(1, Math.min(streams.length, value));
                case SettingsFrame.INITIAL_WINDOW_SIZE -> {
                    int delta = value - streamSendWindow;
                    streamSendWindow = value;
                    for (Http2Stream stream : streams) {
                        if (stream.streamId != 0) {
                            stream.sendWindow += delta;
                        }
                    }
                }
                case SettingsFrame.MAX_FRAME_SIZE -> maxFrameSize = value;
                default -> {
                }
            }
        }
        ensureRoom(9);
        frameHeader(0, 0x4, 0x1, 0); // SETTINGS ACK
        worker.needsService(this);
        if (state == PREFACE) {
            state = OPEN;
            worker.connectTimeouts.remove(connectTimeout);
        }
        startWaiting(readNanos);
        resumeBodies();
    }

    @Override
    public void onHeaders(HeadersFrame frame) {
        Http2Stream stream = active.get(frame.getStreamId());
        if (stream == null) {
            return; // a stream given up on (timed out)
        }
        MetaData metaData = frame.getMetaData();
        if (metaData instanceof MetaData.Response response) {
            int status = response.getStatus();
            if (status >= 100 && status < 200) {
                return; // interim: the final response follows
            }
            stream.status = status;
            stream.firstByteNanos = readNanos;
            stream.headersNanos = readNanos;
        }
        if (frame.isEndStream()) {
            completed(stream);
        }
    }

    @Override
    public void onData(DataFrame frame) {
        receivedSinceUpdate += frame.flowControlLength();
        if (receivedSinceUpdate >= RECEIVE_WINDOW / 2) {
            windowUpdate(0, (int) receivedSinceUpdate);
            receivedSinceUpdate = 0;
            worker.needsService(this);
        }
        Http2Stream stream = active.get(frame.getStreamId());
        if (stream == null) {
            return;
        }
        stream.bodyBytes += frame.remaining();
        if (frame.isEndStream()) {
            completed(stream);
            return;
        }
        stream.receivedSinceUpdate += frame.flowControlLength();
        if (stream.receivedSinceUpdate >= RECEIVE_WINDOW / 2) {
            windowUpdate(stream.streamId, (int) stream.receivedSinceUpdate);
            stream.receivedSinceUpdate = 0;
            worker.needsService(this);
        }
    }

    private void completed(Http2Stream stream) {
        long now = readNanos;
        release(stream, now);
        if (stream.status == 0) {
            stream.failed(FailureKind.PROTOCOL, "the HTTP/2 stream ended without a response status");
        } else {
            stream.responded(now);
        }
    }

    @Override
    public void onReset(ResetFrame frame) {
        Http2Stream stream = active.get(frame.getStreamId());
        if (stream == null) {
            return;
        }
        release(stream, readNanos);
        ErrorCode error = ErrorCode.from(frame.getError());
        boolean protocol = error == ErrorCode.PROTOCOL_ERROR || error == ErrorCode.COMPRESSION_ERROR
                || error == ErrorCode.FRAME_SIZE_ERROR || error == ErrorCode.FLOW_CONTROL_ERROR;
        stream.failed(protocol ? FailureKind.PROTOCOL : FailureKind.CONNECTION_CLOSED,
                "the server reset the HTTP/2 stream (" + (error == null ? frame.getError() : error) + ")");
    }

    @Override
    public void onPing(PingFrame frame) {
        if (!frame.isReply()) {
            ensureRoom(17);
            frameHeader(8, 0x6, 0x1, 0);
            out.put(frame.getPayload());
            worker.needsService(this);
        }
    }

    @Override
    public void onGoAway(GoAwayFrame frame) {
        goingAway = true;
        String why = "the server sent GOAWAY (" + ErrorCode.from(frame.getError()) + ")";
        for (Http2Stream stream : streams) {
            if (stream.streamId > frame.getLastStreamId()) {
                release(stream, readNanos);
                stream.failed(FailureKind.CONNECTION_CLOSED, why); // never processed: the server says so
            }
        }
        if (active.size() == 0) {
            close();
            startWaiting(readNanos);
        }
    }

    @Override
    public void onWindowUpdate(WindowUpdateFrame frame) {
        if (frame.getStreamId() == 0) {
            connectionSendWindow += frame.getWindowDelta();
        } else {
            Http2Stream stream = active.get(frame.getStreamId());
            if (stream != null) {
                stream.sendWindow += frame.getWindowDelta();
            }
        }
        resumeBodies();
    }

    private void resumeBodies() {
        if (request.body().length == 0) {
            return;
        }
        for (Http2Stream stream : streams) {
            if (stream.streamId != 0 && stream.bodySent < request.body().length) {
                sendBody(stream);
                worker.needsService(this);
            }
        }
    }

    @Override
    public void onStreamFailure(int streamId, int error, String reason) {
        Http2Stream stream = active.get(streamId);
        rstStream(streamId, error);
        worker.needsService(this);
        if (stream != null) {
            release(stream, readNanos);
            stream.failed(FailureKind.PROTOCOL, "malformed HTTP/2 response: " + reason);
        }
    }

    @Override
    public void onConnectionFailure(int error, String reason) {
        end(FailureKind.PROTOCOL, "malformed HTTP/2 response: " + reason + " (" + ErrorCode.from(error) + ")");
    }

    // ---- ending ----

    private void failedWith(Throwable e) {
        FailureKind kind = FailureClassifier.classify(e);
        end(kind, FailureClassifier.describe(e));
        if (kind == FailureKind.OTHER) {
            worker.unclassified(e);
        }
    }

    /** The connection ends: every stream on it or waiting for it fails with {@code kind}. */
    private void end(FailureKind kind, String message) {
        endKind = kind;
        endMessage = message;
        close();
    }

    @Override
    public void close() {
        if (state == CLOSED) {
            return;
        }
        worker.connectTimeouts.remove(connectTimeout);
        if (tls != null && state >= PREFACE) {
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
        boolean wasOpen = state == OPEN;
        state = CLOSED;
        channel = null;
        key = null;
        tls = null;
        out.clear();
        FailureKind kind = endKind != null ? endKind : FailureKind.CONNECTION_CLOSED;
        String message = endMessage != null ? endMessage : "the HTTP/2 connection closed";
        endKind = null;
        endMessage = null;
        for (Http2Stream stream : streams) {
            if (stream.streamId != 0) {
                active.remove(stream.streamId);
                stream.streamId = 0;
                stream.failed(kind, message); // sent, and the connection that would answer it is gone
            }
        }
        if (!wasOpen) {
            while (waitingSize > 0) {
                pollWaiting().failed(kind, message); // the connection they waited for could not be opened
            }
        } else if (waitingSize > 0) {
            worker.needsService(this);
        }
    }

    private void interest(int ops) {
        if (key != null && interest != ops) {
            key.interestOps(ops);
            interest = ops;
        }
    }

    /** Active streams by id: open addressing on the odd ids, so that looking a frame's stream up allocates nothing. */
    private static final class StreamMap {
        private final int[] ids;
        private final Http2Stream[] values;
        private final int mask;
        private int size;

        StreamMap(int capacity) {
            int n = Integer.highestOneBit(Math.max(4, capacity * 4) - 1) << 1;
            ids = new int[n];
            values = new Http2Stream[n];
            mask = n - 1;
        }

        int size() {
            return size;
        }

        void put(int id, Http2Stream stream) {
            int i = (id >>> 1) & mask;
            while (ids[i] != 0) {
                i = (i + 1) & mask;
            }
            ids[i] = id;
            values[i] = stream;
            size++;
        }

        Http2Stream get(int id) {
            int i = (id >>> 1) & mask;
            while (ids[i] != 0) {
                if (ids[i] == id) {
                    return values[i];
                }
                i = (i + 1) & mask;
            }
            return null;
        }

        void remove(int id) {
            int i = (id >>> 1) & mask;
            while (ids[i] != id) {
                if (ids[i] == 0) {
                    return;
                }
                i = (i + 1) & mask;
            }
            ids[i] = 0;
            values[i] = null;
            size--;
            // backward-shift the entries after it that probed past the hole
            int j = (i + 1) & mask;
            while (ids[j] != 0) {
                int home = (ids[j] >>> 1) & mask;
                if (((j - home) & mask) >= ((j - i) & mask)) {
                    ids[i] = ids[j];
                    values[i] = values[j];
                    ids[j] = 0;
                    values[j] = null;
                    i = j;
                }
                j = (j + 1) & mask;
            }
        }
    }
}
