package dev.httpbench.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Says why a TLS handshake with the target failed, after the engine counted it as a TLS failure: an
 * untrusted certificate (self-signed or from an unknown CA, which {@code --insecure} accepts) is told
 * apart from a certificate issued for other host names. It opens up to three short TLS connections to
 * the target with the JDK's own client and sends no request. Stateless.
 */
final class TlsDiagnosis {
    private static final int TIMEOUT_MS = 2_000;

    private TlsDiagnosis() {
    }

    /** The reason, judged with the JDK's default trust. */
    static String explain(URI target) {
        try {
            return explain(target, SSLContext.getDefault());
        } catch (GeneralSecurityException e) {
            return "TLS failed";
        }
    }

    /** The reason, judged with the trust of {@code trusted}. */
    static String explain(URI target, SSLContext trusted) {
        String host = target.getHost();
        int port = target.getPort() > 0 ? target.getPort() : 443;
        X509Certificate leaf;
        try {
            leaf = peerCertificate(host, port, trustingAll());
        } catch (IOException | GeneralSecurityException e) {
            return "TLS failed: no TLS handshake with " + host + ":" + port + " (" + e.getMessage() + ")";
        }
        boolean trustedChain = handshakes(host, port, trusted, false);
        boolean nameMatches;
        try {
            nameMatches = handshakes(host, port, trusting(leaf), true);
        } catch (GeneralSecurityException e) {
            nameMatches = true; // cannot tell: say only what is known
        }
        String issuedFor = "issued for " + names(leaf) + ", not " + host;
        if (!trustedChain && !nameMatches) {
            return "TLS failed: the certificate is not trusted (self-signed or an unknown CA) and is " + issuedFor
                    + "; use a host name it names, or --insecure to accept it anyway";
        }
        if (!trustedChain) {
            return "TLS failed: the certificate is not trusted (self-signed or an unknown CA); --insecure accepts it";
        }
        if (!nameMatches) {
            return "TLS failed: the certificate is " + issuedFor + " (a host-name mismatch); use a host name it"
                    + " names, or --insecure to accept it anyway";
        }
        return "TLS failed (Java's own client completes the handshake: check the server's protocols and ciphers)";
    }

    private static X509Certificate peerCertificate(String host, int port, SSLContext context)
            throws IOException, GeneralSecurityException {
        try (SSLSocket socket = open(host, port, context, false)) {
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                throw new GeneralSecurityException("no X.509 certificate");
            }
            return leaf;
        }
    }

    private static boolean handshakes(String host, int port, SSLContext context, boolean checkName) {
        try (SSLSocket socket = open(host, port, context, checkName)) {
            socket.startHandshake();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLSocket open(String host, int port, SSLContext context, boolean checkName) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(TIMEOUT_MS);
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
            if (checkName) {
                SSLParameters p = tls.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(p);
            }
            return tls;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** A context that trusts exactly {@code cert}, so that only the host name is judged. */
    private static SSLContext trusting(X509Certificate cert) throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("target", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static SSLContext trustingAll() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // a client certificate is never asked for here
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // only the certificate is read, nothing is sent
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    /** The DNS names and IP addresses a certificate names, else its subject. */
    private static String names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alt = cert.getSubjectAlternativeNames();
            if (alt != null) {
                for (List<?> entry : alt) {
                    if (entry.size() == 2 && (Integer.valueOf(2).equals(entry.get(0)) || Integer.valueOf(7).equals(entry.get(0)))) {
                        names.add(String.valueOf(entry.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the subject
        }
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : String.join(", ", names);
    }
}
