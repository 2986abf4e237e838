package dev.httpbench;

import dev.httpbench.InvalidConfigException.Problem;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What each request sends: method, headers and body. The engine adds {@code Host},
 * {@code User-Agent} (unless given) and, with a body, {@code Content-Length}; it owns the connection's
 * framing and keep-alive, so those headers cannot be set. Immutable.
 */
public final class RequestSpec {
    /** Headers the engine owns: the message's framing and the connection's life. */
    static final Set<String> ENGINE_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade");
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** Headers whose values are never shown or written: credentials. */
    public static final Set<String> ALWAYS_REDACTED = Set.of("authorization", "proxy-authorization", "cookie");
    /** What a redacted value is shown as. */
    public static final String REDACTED = "***";

    private final String method;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Set<String> redacted;

    RequestSpec(String method, List<Map.Entry<String, String>> headers, byte[] body, Set<String> redactedHeaders) {
        this.method = method;
        this.headers = List.copyOf(headers);
        this.body = body.clone();
        this.redacted = redactedHeaders.stream().map(n -> n.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** Request headers in the order they were added; a name may repeat. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /**
     * The headers as they may be shown or written (reports, logs, scenario files): the values of
     * {@link #ALWAYS_REDACTED} headers and of those named with
     * {@link BenchmarkConfig.Builder#redactHeader(String)} replaced by {@link #REDACTED}.
     */
    public List<Map.Entry<String, String>> displayHeaders() {
        return headers.stream().map(h -> isRedacted(h.getKey()) ? Map.entry(h.getKey(), REDACTED) : h).toList();
    }

    /** Whether the value of header {@code name} is redacted wherever it is shown. */
    public boolean isRedacted(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALWAYS_REDACTED.contains(n) || redacted.contains(n);
    }

    /** The extra headers redacted besides {@link #ALWAYS_REDACTED}, lower case. */
    public Set<String> redactedHeaders() {
        return redacted;
    }

    /** The first value of header {@code name} (case-insensitive), if set. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The request body; empty for none. A copy. */
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes, without copying it. */
    public int bodyLength() {
        return body.length;
    }

    /** The problem with {@code method}, or null when it is an HTTP token. */
    static Problem methodProblem(String method) {
        return method != null && method.matches(TOKEN) ? null
                : new Problem("method", "must be an HTTP token like GET or POST", Problem.escape(method),
                        "method must be an HTTP token like GET or POST but was '" + Problem.escape(method) + "'");
    }

    /** The problem with header {@code name: value}, or null when the engine can send it. */
    static Problem headerProblem(String name, String value) {
        if (name == null || !name.matches(TOKEN)) {
            return new Problem("header", "name must be an HTTP token", Problem.escape(name),
                    "header name must be an HTTP token but was '" + Problem.escape(name) + "'");
        }
        if (ENGINE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            return new Problem("header", "must not be one the engine sets", name, "header " + name
                    + " must not be set: the engine sets the message's framing (Content-Length, Transfer-Encoding) "
                    + "and keeps connections alive itself (Connection, Keep-Alive, TE, Trailer, Upgrade)");
        }
        if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return new Problem("header", "value must not be null or contain CR or LF", Problem.escape(value),
                    "header " + name + " value must not be null or contain CR or LF but was '"
                            + Problem.escape(value) + "'");
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestSpec r && method.equals(r.method) && headers.equals(r.headers)
                && Arrays.equals(body, r.body) && redacted.equals(r.redacted);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return method + (headers.isEmpty() ? "" : " " + headers.size() + " header(s)")
                + (body.length == 0 ? "" : " body " + body.length + " bytes");
    }
}
