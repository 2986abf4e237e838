package dev.httpbench.analysis;

import dev.httpbench.FailureKind;

/**
 * What usually causes each kind of failure, and what to check. The texts name settings neutrally (the
 * request timeout, the target URL), never a command-line flag: the library is used from code too, and
 * a runner may add its own flag hints. Stateless and thread-safe.
 */
final class LikelyCauses {
    private LikelyCauses() {
    }

    /** For a {@link FailureKind#id()} or {@code http_NNN}. */
    static String of(String kind) {
        if (kind.startsWith("http_")) {
            int status = Integer.parseInt(kind.substring(5));
            if (status == 429) {
                return "the target rate-limits the client: lower the load or raise the limit for the benchmark";
            }
            if (status == 502 || status == 503 || status == 504) {
                return "the target or a proxy in front of it is overloaded or unavailable: compare with the "
                        + "saturation point and the server's logs";
            }
            if (status >= 500) {
                return "the server failed while handling requests: check its logs; errors that grow with "
                        + "concurrency point to exhausted resources (pools, memory, file descriptors)";
            }
            return "the server rejected the request itself: check the request's path, method, headers and body";
        }
        return switch (FailureKind.fromId(kind)) {
            case CONNECT_REFUSED -> "nothing listened on the port, or the server's accept backlog overflowed: "
                    + "check that the target is up and its listen backlog (net.core.somaxconn)";
            case CONNECT_TIMEOUT -> "the server did not accept connections in time: SYN backlog full, server "
                    + "overloaded, or a firewall dropping packets";
            case REQUEST_TIMEOUT -> "responses took longer than the request timeout: the server queues requests "
                    + "at this load (see saturation) or the timeout is too short";
            case CONNECTION_CLOSED -> "the server closed or reset keep-alive connections: check its idle timeout, "
                    + "max requests per connection and whether it ran out of file descriptors or crashed";
            case TLS -> "the TLS handshake failed: certificate, host name, protocol or cipher mismatch";
            case DNS -> "the target's host name did not resolve: check the target URL and the resolver";
            case PROTOCOL -> "the server's answers were not valid HTTP (bad status line, headers or chunking, or "
                    + "a body longer than its Content-Length): check what listens on the port and any proxy";
            case LOCAL_RESOURCES -> "the generator ran out of file descriptors or local ports: raise 'ulimit -n' "
                    + "to more than the connections, or lower the concurrency; these requests never left";
            case CANCELLED -> "requests were still in flight when the run was stopped or the end-of-run drain "
                    + "timed out; not a server error by itself";
            case OTHER -> "an unclassified client error: the log shows the first exception of each type";
        };
    }
}
