package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Maps the exception a failed Jetty exchange ended with to a {@link FailureKind}. Stateless. */
final class FailureClassifier {
    private FailureClassifier() {
    }

    static FailureKind classify(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            FailureKind kind = classifyOne(t);
            if (kind != null) {
                return kind;
            }
        }
        return FailureKind.OTHER;
    }

    private static FailureKind classifyOne(Throwable t) {
        // Jetty reports its connect timeout as SocketTimeoutException("Connect Timeout") and its
        // total/idle request timeouts as java.util.concurrent.TimeoutException.
        if (t instanceof SocketTimeoutException) {
            return FailureKind.CONNECT_TIMEOUT;
        }
        if (t instanceof TimeoutException) {
            return FailureKind.REQUEST_TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            String message = lower(t.getMessage());
            return message.contains("timed out") ? FailureKind.CONNECT_TIMEOUT : FailureKind.CONNECT_REFUSED;
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
            return FailureKind.DNS;
        }
        if (t instanceof SSLException) {
            return FailureKind.TLS;
        }
        if (t instanceof EOFException || t instanceof ClosedChannelException) {
            return FailureKind.CONNECTION_CLOSED;
        }
        if (t instanceof IOException) {
            String message = lower(t.getMessage());
            if (message.contains("reset") || message.contains("closed") || message.contains("broken pipe")
                    || message.contains("abort")) {
                return FailureKind.CONNECTION_CLOSED;
            }
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
