package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.testsupport.TlsTestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the event loop verifies what https clients verify: a certificate from a trusted issuer that
 * names the target host passes, the same certificate under another host name fails as TLS. The test
 * trusts the server's self-signed certificate through the JVM's standard trust-store properties, as a
 * user would, and restores them afterwards (tests of this module run one at a time).
 */
@Timeout(60)
class TlsVerificationTest {

    @Test
    void aTrustedCertificateNamingTheHostVerifiesAndAnotherHostNameFails(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = TlsTestServer.withNames(dir, "ip:127.0.0.1,dns:server.example")) {
            Path trustStore = trustStoreWithTheServersCertificate(dir);
            Properties saved = (Properties) System.getProperties().clone();
            try {
                System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
                System.setProperty("javax.net.ssl.trustStorePassword", "secret");
                System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

                // the certificate names 127.0.0.1 and server.example
                BenchmarkResult verified = Benchmark.target(server.baseUrl() + "/").warmup(Duration.ZERO)
                        .workers(1).concurrency(2).requests(40).run();
                assertEquals(40, verified.succeeded(), verified.toString());

                // the same server and certificate reached as localhost, a name the certificate does not carry
                String asLocalhost = server.baseUrl().replace("127.0.0.1", "localhost") + "/";
                BenchmarkResult mismatch = Benchmark.target(asLocalhost).warmup(Duration.ZERO).workers(1)
                        .concurrency(2).requests(6).run();
                assertEquals(Map.of(FailureKind.TLS, 6L), mismatch.errors(), mismatch.toString());
            } finally {
                System.setProperties(saved);
            }
        }
    }

    /** A PKCS12 trust store holding the certificate of the server's key store as a trusted entry. */
    private static Path trustStoreWithTheServersCertificate(Path dir) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("self-signed.p12"))) {
            keys.load(in, "secret".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("test"));
        Path path = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(path)) {
            trust.store(out, "secret".toCharArray());
        }
        return path;
    }
}
