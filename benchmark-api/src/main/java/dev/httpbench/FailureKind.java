package dev.httpbench;

import java.util.Locale;

/**
 * Why a request ended without a usable response. Every failed request that did not receive an
 * HTTP status lands in exactly one of these buckets; a response with a failing status is counted
 * by its status code instead (see {@link BenchmarkResult#statusCounts()}).
 */
public enum FailureKind {
    /** The server's port refused the TCP connection (nothing listening, or backlog full). */
    CONNECT_REFUSED,
    /** The TCP connection was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The request did not complete within the per-request timeout (queueing included). */
    REQUEST_TIMEOUT,
    /** The server closed or reset the connection before the response was complete. */
    CONNECTION_CLOSED,
    /** The TLS handshake or TLS record layer failed. */
    TLS,
    /** The target host name could not be resolved. */
    DNS,
    /**
     * The server's answer broke HTTP: a malformed status line or header, bad chunking, a body longer
     * than its {@code Content-Length}, or bytes that are not HTTP at all. The parser's reason is in the
     * engine's log.
     */
    PROTOCOL,
    /**
     * The generator ran out of a local resource: file descriptors ("Too many open files") or local
     * ports ("Cannot assign requested address"). The server never saw these requests.
     */
    LOCAL_RESOURCES,
    /**
     * The request was still in flight when the run was stopped or when the end-of-run drain
     * timed out, and was aborted by httpbench.
     */
    CANCELLED,
    /** Anything else; the engine logs the first occurrence of each exception type. */
    OTHER;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The stable, lower-case identifier used in reports, e.g. {@code connect_refused}. */
    public String id() {
        return id;
    }

    /** The kind with the given {@link #id()}. */
    public static FailureKind fromId(String id) {
        for (FailureKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("failure kind must be one of " + java.util.Arrays.stream(values())
                .map(FailureKind::id).collect(java.util.stream.Collectors.joining(", ")) + " but was '" + id + "'");
    }
}
