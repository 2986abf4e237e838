package dev.httpbench.jetty.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS for one connection of an event loop, over a non-blocking channel: an {@link SSLEngine} with its
 * two network buffers. Not thread-safe: the worker thread that owns the connection does everything,
 * delegated handshake tasks (certificate checks) included, so TLS adds no thread and no hand-off.
 *
 * <p>Buffers: {@code netIn} holds received records not yet unwrapped (a partial record waits there for
 * the rest), {@code netOut} holds wrapped bytes the socket did not take yet. Application bytes are
 * unwrapped into the caller's buffer (the worker's shared read buffer), so a connection holds no
 * response data between events.
 */
final class TlsLayer {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    /** Room {@link #read} needs in the caller's buffer for one record's plaintext. */
    private final int applicationBufferSize;
    private boolean inboundEof;

    TlsLayer(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet);
        this.netOut.flip(); // read mode: nothing pending
        this.applicationBufferSize = engine.getSession().getApplicationBufferSize();
    }

    /** Starts the client handshake. */
    void begin() throws SSLException {
        engine.beginHandshake();
    }

    /**
     * Drives the handshake as far as the socket allows. Returns {@code true} once it is done; {@code false}
     * when it waits for the peer (read interest) or for the socket to take pending bytes
     * ({@link #hasPendingOutput()}, write interest).
     *
     * @throws SSLHandshakeException when the peer closed the connection during the handshake
     */
    boolean handshake(SocketChannel channel, ByteBuffer scratch) throws IOException {
        while (true) {
            if (!flush(channel)) {
                return false;
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run(); // on this loop: certificate validation is the worker's own work
                    }
                }
                case NEED_WRAP -> {
                    netOut.compact();
                    SSLEngineResult r;
                    try {
                        r = engine.wrap(EMPTY, netOut);
                    } finally {
                        netOut.flip();
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        flush(channel);
                        throw new SSLException("the TLS engine closed during the handshake");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    scratch.clear();
                    SSLEngineResult r = unwrap(scratch);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        int n = channel.read(netIn);
                        if (n < 0) {
                            throw new SSLHandshakeException(
                                    "the server closed the connection during the TLS handshake");
                        }
                        if (n == 0) {
                            return false;
                        }
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("the server closed TLS during the handshake");
                    }
                }
                default -> {
                    return true; // FINISHED or NOT_HANDSHAKING
                }
            }
        }
    }

    private SSLEngineResult unwrap(ByteBuffer dst) throws SSLException {
        netIn.flip();
        try {
            return engine.unwrap(netIn, dst);
        } finally {
            netIn.compact();
        }
    }

    /**
     * Wraps as much of {@code app} as fits and writes it. Returns {@code true} when every byte of
     * {@code app} was wrapped and written; otherwise the caller waits for write interest and calls again
     * with the same buffer, whose position tells how far it got.
     */
    boolean write(SocketChannel channel, ByteBuffer app) throws IOException {
        while (true) {
            if (!flush(channel)) {
                return false;
            }
            if (!app.hasRemaining()) {
                return true;
            }
            netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(app, netOut);
            } finally {
                netOut.flip();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS was closed while sending the request");
            }
        }
    }

    /** Writes pending wrapped bytes; {@code true} when none are left. */
    private boolean flush(SocketChannel channel) throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /** The protocol the server chose with ALPN; null or empty when none was negotiated. */
    String applicationProtocol() {
        return engine.getApplicationProtocol();
    }

    /** Whether wrapped bytes wait for the socket (write interest needed). */
    boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    /**
     * Reads once from the socket and unwraps every complete record into {@code app} (cleared first,
     * flipped for reading at the end). Returns the number of application bytes, or -1 at the end of the
     * stream (TCP EOF or the peer's close_notify) once no application bytes are left.
     */
    int read(SocketChannel channel, ByteBuffer app) throws IOException {
        app.clear();
        if (!inboundEof) {
            int n = channel.read(netIn);
            if (n < 0) {
                inboundEof = true;
            }
        }
        while (netIn.position() > 0 && app.remaining() >= applicationBufferSize) {
            SSLEngineResult r = unwrap(app);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundEof = true;
                break;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
                    || r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                break; // a partial record waits for more bytes; or app is full and the rest waits for the next read
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        }
        app.flip();
        return app.hasRemaining() || !inboundEof ? app.remaining() : -1;
    }

    /** Best effort, never blocking: tells the peer with close_notify that this side is done. */
    void closeQuietly(SocketChannel channel) {
        try {
            engine.closeOutbound();
            netOut.compact();
            try {
                engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            flush(channel);
        } catch (IOException | RuntimeException e) {
            // the connection is going away anyway
        }
    }
}
