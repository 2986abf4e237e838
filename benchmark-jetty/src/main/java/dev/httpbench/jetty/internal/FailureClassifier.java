package dev.httpbench.jetty.internal;

import dev.httpbench.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.http.HttpException;

/**
 * Maps the exception a request failed with (connect, TLS, read or write on the event loop) to a
 * {@link FailureKind}, and describes it in one line for the run's log (no stack trace). Stateless and
 * thread-safe.
 */
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
        String message = lower(t.getMessage());
        // the process ran out of file descriptors or local ports: the generator's limit, not the server's
        if (message.contains("too many open files") || message.contains("cannot assign requested address")
                || t instanceof BindException) {
            return FailureKind.LOCAL_RESOURCES;
        }
        // the loop classifies its own timeouts; these are the JDK's, should a wrapped one reach here
        if (t instanceof SocketTimeoutException) {
            return FailureKind.CONNECT_TIMEOUT;
        }
        if (t instanceof TimeoutException) {
            return FailureKind.REQUEST_TIMEOUT;
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return message.contains("timed out") ? FailureKind.CONNECT_TIMEOUT : FailureKind.CONNECT_REFUSED;
        }
        if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
            return FailureKind.DNS;
        }
        if (t instanceof SSLException) {
            return FailureKind.TLS;
        }
        if (t instanceof HttpException) {
            return FailureKind.PROTOCOL;
        }
        if (t instanceof EOFException || t instanceof ClosedChannelException) {
            return FailureKind.CONNECTION_CLOSED;
        }
        if (t instanceof IOException && (message.contains("reset") || message.contains("closed")
                || message.contains("broken pipe") || message.contains("abort"))) {
            return FailureKind.CONNECTION_CLOSED;
        }
        return null;
    }

    /**
     * One line saying what went wrong, for logs and the run's error details: the innermost useful
     * message, and for TLS whether the certificate's host name did not match the target.
     */
    static String describe(Throwable failure) {
        Throwable root = failure;
        int depth = 0;
        while (root.getCause() != null && root.getCause() != root && depth++ < 16) {
            root = root.getCause();
        }
        if (hostNameMismatch(failure)) {
            return "TLS host name mismatch: the server's certificate is not valid for the target's host ("
                    + root.getMessage() + ")";
        }
        String message = root.getMessage() != null ? root.getMessage() : failure.getMessage();
        return root.getClass().getSimpleName() + (message != null ? ": " + message : "");
    }

    /** Whether a TLS failure is the certificate not naming the target host (rather than not being trusted). */
    static boolean hostNameMismatch(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof CertificateException) {
                String m = lower(t.getMessage());
                if (m.contains("no subject alternative") || m.contains("no name matching")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
