package dev.httpbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on a free loopback port whose self-signed certificate is issued for
 * {@code other.example} only: it completes handshakes and closes, answering nothing. Its keystore
 * ({@code other.p12}, password {@code secret}, alias {@code test}) lets a test trust it.
 */
final class OtherHostTlsServer implements AutoCloseable {
    private final SSLServerSocket socket;
    private final Thread acceptor;
    final Path keystore;

    OtherHostTlsServer(Path dir) throws Exception {
        Files.createDirectories(dir);
        keystore = dir.resolve("other.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=other.example", "-ext", "SAN=dns:other.example", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "secret".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "other-host-tls");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (SSLSocket s = (SSLSocket) socket.accept()) {
                s.setSoTimeout(2_000);
                s.startHandshake();
            } catch (IOException e) {
                // a client that rejected the certificate, or the server closing
            }
        }
    }

    /** {@code https://127.0.0.1:<port>}. */
    String baseUrl() {
        return "https://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5_000);
    }
}
