package dev.httpbench;

/** The HTTP version a benchmark speaks. */
public enum HttpProtocol {
    /** HTTP/1.1 with keep-alive: one request at a time per connection. */
    HTTP_1_1,
    /**
     * HTTP/2: over {@code http://} with prior knowledge (h2c), over {@code https://} negotiated with
     * ALPN (h2). Each worker opens one connection and multiplexes its share of the concurrency on it
     * as streams, within the server's SETTINGS_MAX_CONCURRENT_STREAMS.
     */
    HTTP_2
}
