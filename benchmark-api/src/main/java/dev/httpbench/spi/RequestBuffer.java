package dev.httpbench.spi;

import java.nio.ByteBuffer;

/**
 * Where {@link WorkerRequests#next(int, RequestBuffer)} puts the HTTP/1.1 bytes of a request: one per
 * connection, reused for every request it carries, so that a request with placeholders costs no
 * allocation once the buffer has grown to its size. A request without placeholders is not copied:
 * {@link #bytes()} is then the worker's read-only view of its pre-encoded bytes, shared by the worker's
 * connections. Not thread-safe: owned by the worker thread of its connection.
 */
public final class RequestBuffer {
    private byte[] array;
    private ByteBuffer wrapped;
    private ByteBuffer current;
    private int length;
    private boolean head;

    /** A buffer that starts with room for {@code initialBytes} and grows as needed. */
    public RequestBuffer(int initialBytes) {
        this.array = new byte[Math.max(64, initialBytes)];
        this.wrapped = ByteBuffer.wrap(array);
        this.current = wrapped;
    }

    /**
     * The request's bytes, from index 0 to {@link #length()}. Valid until the next request is put here.
     * The buffer may be shared with the worker's other connections: set its limit to
     * {@link #length()} and its position to the bytes already written before each write.
     */
    public ByteBuffer bytes() {
        return current;
    }

    /** The request's length in bytes. */
    public int length() {
        return length;
    }

    /** Whether the request is a {@code HEAD}: its response has headers only, whatever they announce. */
    public boolean head() {
        return head;
    }

    /** Points at a shared pre-encoded request. */
    void useStatic(ByteBuffer view, int length, boolean head) {
        this.current = view;
        this.length = length;
        this.head = head;
    }

    /** The array to encode a request of {@code length} bytes into; {@link #commit} after writing it. */
    byte[] array(int length) {
        if (array.length < length) {
            array = new byte[Math.max(length, array.length * 2)];
            wrapped = ByteBuffer.wrap(array);
        }
        return array;
    }

    void commit(int length, boolean head) {
        this.current = wrapped;
        this.length = length;
        this.head = head;
    }
}
