package dev.httpbench.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * An https server on a free loopback port with a freshly made self-signed certificate (keytool of the
 * running JDK), answering 200 "ok" on every path. Shared with other modules' tests through the
 * test-jar.
 */
public final class TlsTestServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final AtomicLong http2Requests = new AtomicLong();

    /** Starts an HTTP/1.1 server; the keystore is written into {@code dir}. */
    public TlsTestServer(Path dir) throws Exception {
        this(dir, false);
    }

    /**
     * Starts the server; with {@code h2} it negotiates HTTP/2 or HTTP/1.1 with ALPN. The keystore is
     * written into {@code dir}.
     */
    public TlsTestServer(Path dir, boolean h2) throws Exception {
        this(dir, h2, "CN=localhost", "ip:127.0.0.1");
    }

    /**
     * An HTTP/1.1 server whose self-signed certificate names {@code subjectAltNames} (keytool syntax,
     * e.g. {@code "ip:127.0.0.1,dns:server.example"}) with {@code CN=server.example}.
     */
    public static TlsTestServer withNames(Path dir, String subjectAltNames) throws Exception {
        return new TlsTestServer(dir, false, "CN=server.example", subjectAltNames);
    }

    private TlsTestServer(Path dir, boolean h2, String dname, String subjectAltNames) throws Exception {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(selfSignedKeystore(dir, dname, subjectAltNames).toString());
        tls.setKeyStorePassword("secret");
        if (h2) {
            HttpConfiguration http = new HttpConfiguration();
            HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(http);
            HttpConnectionFactory http11 = new HttpConnectionFactory(http);
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(http2.getProtocol(), http11.getProtocol());
            alpn.setDefaultProtocol(http11.getProtocol());
            tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
            connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, http2, http11);
        } else {
            connector = new ServerConnector(server, tls);
        }
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2) {
                    http2Requests.incrementAndGet();
                }
                response.write(true, ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.start();
    }

    /** Requests that arrived over HTTP/2. */
    public long http2Requests() {
        return http2Requests.get();
    }

    /** {@code https://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "https://127.0.0.1:" + connector.getLocalPort();
    }

    private static Path selfSignedKeystore(Path dir, String dname, String subjectAltNames)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", dname, "-ext", "SAN=" + subjectAltNames, "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool could not make a self-signed certificate: " + output);
        }
        return keystore;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
