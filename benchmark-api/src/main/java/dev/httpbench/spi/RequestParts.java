package dev.httpbench.spi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A request as parts, for clients that assemble the message themselves (HTTP/2 through a client
 * library): method, request target, the headers the run sets (the client adds {@code Host} and its
 * {@code User-Agent}) and the body, placeholders filled. Reused for every request of a worker; for a
 * request without placeholders its parts are shared, pre-computed values. Not thread-safe: owned by
 * one worker thread; copy what must outlive the next request.
 */
public final class RequestParts {
    private String method;
    private String target;
    private List<Map.Entry<String, String>> headers;
    private byte[] body;

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The path and query, starting with {@code /}, values encoded. */
    public String target() {
        return target;
    }

    /** The run's and the endpoint's headers, in order, values filled. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** A read-only view of the body; empty for none. */
    public ByteBuffer body() {
        return ByteBuffer.wrap(body).asReadOnlyBuffer();
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    void set(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        this.method = method;
        this.target = target;
        this.headers = headers;
        this.body = body;
    }
}
