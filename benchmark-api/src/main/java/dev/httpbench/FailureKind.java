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
        throw new IllegalArgumentException("failure kind must be one of connect_refused, connect_timeout, "
                + "request_timeout, connection_closed, tls, dns, cancelled, other but was '" + id + "'");
    }
}
