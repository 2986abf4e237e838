package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.testsupport.TlsTestServer;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TLS failure is explained by what is wrong: trust, the host name, or both. */
class TlsDiagnosisTest {
    @TempDir
    Path dir;

    /** A client that trusts the server's certificate, as a company CA would be trusted. */
    private SSLContext trusting(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "secret".toCharArray());
        }
        Certificate cert = keys.getCertificate("test");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void aTrustedCertificateForAnotherNameIsAHostNameMismatch() throws Exception {
        try (OtherHostTlsServer tls = new OtherHostTlsServer(dir)) {
            assertEquals("TLS failed: the certificate is issued for other.example, not 127.0.0.1 (a host-name "
                    + "mismatch); use a host name it names, or --insecure to accept it anyway",
                    TlsDiagnosis.explain(URI.create(tls.baseUrl()), trusting(tls.keystore)));
        }
    }

    @Test
    void anUntrustedCertificateForTheRightNameNeedsInsecure() throws Exception {
        try (TlsTestServer tls = new TlsTestServer(dir)) {
            assertEquals("TLS failed: the certificate is not trusted (self-signed or an unknown CA); --insecure "
                    + "accepts it", TlsDiagnosis.explain(URI.create(tls.baseUrl())));
        }
    }
}
