package dev.httpbench.testsupport;

import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A loopback Jetty server that speaks HTTP/2 in clear text (h2c, prior knowledge) with the test's own
 * handler, for tests whose server must do something {@link TestServer}'s paths do not (time its own
 * waits, read a whole upload). A free port on 127.0.0.1; started by {@link #start}, stopped by
 * {@link #close}.
 */
public final class H2cServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    private H2cServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts a server that answers every request with {@code handler}. */
    public static H2cServer start(Handler handler) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, new HTTP2CServerConnectionFactory(new HttpConfiguration()));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return new H2cServer(server, connector);
    }

    /** {@code http://127.0.0.1:<port>} followed by {@code pathAndQuery}. */
    public String url(String pathAndQuery) {
        return "http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
