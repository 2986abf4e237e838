package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The target instances of a run as the workers connect to them: host, port and TLS settings of each,
 * in the order of {@link BenchmarkConfig#targets()} (a single-request run has one). Immutable and
 * thread-safe; each worker resolves its own {@link #address(int) addresses} on its thread.
 */
final class Instances {
    private final String[] hosts;
    private final int[] ports;
    private final TlsContext[] tls;

    private Instances(String[] hosts, int[] ports, TlsContext[] tls) {
        this.hosts = hosts;
        this.ports = ports;
        this.tls = tls;
    }

    static Instances of(BenchmarkConfig config) throws GeneralSecurityException {
        List<URI> targets = config.targets();
        String[] hosts = new String[targets.size()];
        int[] ports = new int[targets.size()];
        TlsContext[] tls = new TlsContext[targets.size()];
        for (int i = 0; i < hosts.length; i++) {
            URI target = targets.get(i);
            String host = target.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1); // an IPv6 literal
            }
            hosts[i] = host;
            ports[i] = target.getPort() > 0 ? target.getPort() : RequestBytes.defaultPort(target);
            tls[i] = TlsContext.of(config, target, host, ports[i]);
        }
        return new Instances(hosts, ports, tls);
    }

    int size() {
        return hosts.length;
    }

    /** Instance {@code i}'s address, resolved now; an unresolved one fails each connect as DNS. */
    InetSocketAddress address(int i) {
        return new InetSocketAddress(hosts[i], ports[i]);
    }

    /** Instance {@code i}'s TLS settings; null for http. */
    TlsContext tls(int i) {
        return tls[i];
    }
}
