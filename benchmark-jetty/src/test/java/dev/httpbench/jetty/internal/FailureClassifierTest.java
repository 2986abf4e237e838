package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.FailureKind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The kinds loopback cannot produce for real (DNS) and the wrapping Jetty does; the loopback ones
 * are produced for real in {@code FailureKindsTest}.
 */
class FailureClassifierTest {

    @Test
    void unresolvableHostsAreDns() {
        assertEquals(FailureKind.DNS, FailureClassifier.classify(new UnknownHostException("no.such.host")));
        assertEquals(FailureKind.DNS, FailureClassifier.classify(new IOException(new UnresolvedAddressException())));
    }

    @Test
    void theCauseChainIsSearchedForTheFirstKnownKind() {
        assertEquals(FailureKind.TLS, FailureClassifier.classify(
                new ExecutionException(new SSLHandshakeException("PKIX path building failed"))));
        assertEquals(FailureKind.CONNECT_TIMEOUT, FailureClassifier.classify(
                new IOException("wrapped", new SocketTimeoutException("Connect Timeout"))));
        assertEquals(FailureKind.REQUEST_TIMEOUT, FailureClassifier.classify(
                new TimeoutException("Total timeout 200 ms elapsed")));
        assertEquals(FailureKind.CONNECT_REFUSED, FailureClassifier.classify(new ConnectException("Connection refused")));
        assertEquals(FailureKind.CONNECT_TIMEOUT, FailureClassifier.classify(new ConnectException("Connection timed out")));
        assertEquals(FailureKind.CONNECTION_CLOSED, FailureClassifier.classify(new EOFException()));
        assertEquals(FailureKind.CONNECTION_CLOSED, FailureClassifier.classify(new IOException("Connection reset by peer")));
    }

    @Test
    void exhaustedDescriptorsAndPortsAreLocalResources() {
        assertEquals(FailureKind.LOCAL_RESOURCES, FailureClassifier.classify(new IOException("Too many open files")));
        assertEquals(FailureKind.LOCAL_RESOURCES, FailureClassifier.classify(
                new java.net.BindException("Cannot assign requested address")));
        assertEquals(FailureKind.LOCAL_RESOURCES, FailureClassifier.classify(
                new ConnectException("Cannot assign requested address")));
    }

    @Test
    void parserErrorsAreProtocol() {
        assertEquals(FailureKind.PROTOCOL, FailureClassifier.classify(
                new org.eclipse.jetty.http.HttpException.RuntimeException(400, "Bad Response")));
    }

    @Test
    void aCertificateForAnotherHostIsDescribedAsAHostNameMismatch() {
        Exception mismatch = new SSLHandshakeException("No subject alternative DNS name matching localhost found.");
        mismatch.initCause(new java.security.cert.CertificateException(
                "No subject alternative DNS name matching localhost found."));
        assertEquals(FailureKind.TLS, FailureClassifier.classify(mismatch));
        assertEquals(true, FailureClassifier.describe(mismatch).startsWith("TLS host name mismatch"),
                FailureClassifier.describe(mismatch));
        Exception untrusted = new SSLHandshakeException("PKIX path building failed");
        assertEquals(false, FailureClassifier.describe(untrusted).contains("host name"));
    }

    @Test
    void anythingElseIsOther() {
        assertEquals(FailureKind.OTHER, FailureClassifier.classify(new IllegalStateException("bad response line")));
        assertEquals(FailureKind.OTHER, FailureClassifier.classify(null));
    }
}
