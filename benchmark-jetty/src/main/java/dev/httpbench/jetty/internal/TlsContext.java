package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS settings of a run: an {@link SSLContext} that verifies the server's certificate against the
 * JVM's trust store and its host name as https clients do (RFC 2818 endpoint identification), unless
 * the run trusts all certificates. Thread-safe: workers create their connections' engines from it;
 * its session cache lets reconnects resume sessions.
 */
final class TlsContext {
    private final SSLContext context;
    private final String host;
    private final int port;
    private final boolean verify;

    private TlsContext(SSLContext context, String host, int port, boolean verify) {
        this.context = context;
        this.host = host;
        this.port = port;
        this.verify = verify;
    }

    /** The context for {@code target}, one of the run's targets, if it is https; null for http. */
    static TlsContext of(BenchmarkConfig config, URI target, String host, int port) throws GeneralSecurityException {
        if (!"https".equalsIgnoreCase(target.getScheme())) {
            return null;
        }
        SSLContext context = SSLContext.getInstance("TLS");
        boolean verify = !config.trustAllCertificates();
        context.init(null, verify ? null : new TrustManager[] {new TrustingAll()}, null);
        return new TlsContext(context, host, port, verify);
    }

    /**
     * A client engine for one connection. For HTTP/2 it offers "h2" with ALPN; for HTTP/1.1 it offers no
     * ALPN at all, so servers speak HTTP/1.1 (Jetty's ALPN server closed the handshake when offered
     * only "http/1.1").
     */
    SSLEngine newEngine(boolean h2) {
        SSLEngine engine = context.createSSLEngine(host, port); // sends SNI for a host name
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        if (verify) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (h2) {
            parameters.setApplicationProtocols(new String[] {"h2"});
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Accepts every certificate, as {@code trustAllCertificates(true)} asks (staging servers). */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
