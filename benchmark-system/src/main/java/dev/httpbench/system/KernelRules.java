package dev.httpbench.system;

import static dev.httpbench.system.Rule.atLeast;
import static dev.httpbench.system.Rule.longs;

import dev.httpbench.system.internal.ProcFiles.Reading;
import java.util.function.LongUnaryOperator;

/** The rules for kernel network settings ({@code /proc/sys}), one record per family. Stateless. */
final class KernelRules {
    private KernelRules() {
    }

    /** {@code net.ipv4.ip_local_port_range} against the connections; tells the context how many ports there are. */
    record PortRange() implements Rule {
        @Override
        public void check(Context c) {
            String name = "net.ipv4.ip_local_port_range";
            String recommended = ">= " + 2L * c.concurrency() + " ports (suggested " + SystemCheck.SUGGESTED_PORT_RANGE
                    + ")";
            String why = "each connection to one server address and port takes one local port from this range, and "
                    + "closed connections keep theirs in TIME_WAIT; when the range runs out, connecting fails with "
                    + "'Cannot assign requested address'";
            String command = "sudo sysctl -w " + name + "=\"" + SystemCheck.SUGGESTED_PORT_RANGE + "\"";
            Reading r = c.proc().sysctl(name);
            long[] range = r.known() ? longs(r.value(), 2) : null;
            if (range == null || range[1] < range[0]) {
                c.add(c.unknown(name, r, recommended, why, command));
                return;
            }
            long ports = range[1] - range[0] + 1;
            Severity s = atLeast(ports, c.concurrency(), 2L * c.concurrency());
            c.add(new Check(name, s, r.value().replaceAll("\\s+", " ") + " (" + ports + " ports)", recommended, why,
                    command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, SystemCheck.SUGGESTED_PORT_RANGE);
            }
            c.ports = ports;
        }
    }

    /**
     * A sysctl that should be at least a value that grows with the connections, e.g.
     * {@code net.core.somaxconn}.
     *
     * @param name the sysctl
     * @param recommended the value for a number of connections
     * @param why why it matters, for a number of connections
     */
    record Minimum(String name, LongUnaryOperator recommended, java.util.function.LongFunction<String> why)
            implements Rule {
        @Override
        public void check(Context c) {
            long value = recommended.applyAsLong(c.concurrency());
            String command = "sudo sysctl -w " + name + "=" + value;
            Reading r = c.proc().sysctl(name);
            long[] v = r.known() ? longs(r.value(), 1) : null;
            if (v == null) {
                c.add(c.unknown(name, r, ">= " + value, why.apply(c.concurrency()), command));
                return;
            }
            Severity s = c.underLoad(v[0] >= value ? Severity.OK : Severity.WARN);
            c.add(new Check(name, s, Long.toString(v[0]), ">= " + value, why.apply(c.concurrency()), command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, Long.toString(value));
            }
        }
    }

    /** {@code net.ipv4.tcp_tw_reuse}: on, so that connection churn does not exhaust the local ports. */
    record TwReuse() implements Rule {
        @Override
        public void check(Context c) {
            String name = "net.ipv4.tcp_tw_reuse";
            String why = "lets a new outgoing connection reuse a local port still in TIME_WAIT; without it, "
                    + "connection churn (errors, servers closing keep-alive connections) exhausts the local ports";
            String command = "sudo sysctl -w " + name + "=1";
            Reading r = c.proc().sysctl(name);
            if (!r.known() || !r.value().matches("[012]")) {
                c.add(c.unknown(name, r, "1", why, command));
                return;
            }
            String observed = switch (r.value()) {
                case "0" -> "0 (off)";
                case "1" -> "1 (on)";
                default -> "2 (loopback connections only)";
            };
            Severity s = c.underLoad("1".equals(r.value()) ? Severity.OK : Severity.WARN);
            c.add(new Check(name, s, observed, "1", why, command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, "1");
            }
        }
    }

    /** {@code net.ipv4.tcp_fin_timeout}: short, so that closed connections free their sockets soon. */
    record FinTimeout() implements Rule {
        @Override
        public void check(Context c) {
            String name = "net.ipv4.tcp_fin_timeout";
            String why = "how long a closed connection waits in FIN_WAIT_2; shorter frees sockets and ports sooner "
                    + "when many connections close";
            String command = "sudo sysctl -w " + name + "=15";
            Reading r = c.proc().sysctl(name);
            long[] v = r.known() ? longs(r.value(), 1) : null;
            if (v == null) {
                c.add(c.unknown(name, r, "<= 30 (suggested 15)", why, command));
                return;
            }
            Severity s = c.underLoad(v[0] <= 30 ? Severity.OK : Severity.WARN);
            c.add(new Check(name, s, v[0] + " s", "<= 30 (suggested 15)", why, command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, "15");
            }
        }
    }

    /**
     * {@code net.ipv4.tcp_rmem} or {@code tcp_wmem}: a max large enough for large bodies.
     *
     * @param name the sysctl
     * @param suggested its suggested three values
     * @param direction {@code receive} or {@code send}
     */
    record TcpBuffers(String name, String suggested, String direction) implements Rule {
        @Override
        public void check(Context c) {
            String recommended = "max >= " + SystemCheck.MIN_BUFFER_MAX + " (suggested " + suggested + ")";
            String why = "min, default and max size of each connection's " + direction + " buffer, which the kernel "
                    + "tunes between them; a small max throttles large bodies on fast or distant links, and "
                    + c.concurrency() + " connections x the default is kernel memory";
            String command = "sudo sysctl -w " + name + "=\"" + suggested + "\"";
            Reading r = c.proc().sysctl(name);
            long[] v = r.known() ? longs(r.value(), 3) : null;
            if (v == null) {
                c.add(c.unknown(name, r, recommended, why, command));
                return;
            }
            Severity s = c.underLoad(v[2] >= SystemCheck.MIN_BUFFER_MAX ? Severity.OK : Severity.WARN);
            c.add(new Check(name, s, v[0] + " " + v[1] + " " + v[2], recommended, why, command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, suggested);
            }
        }
    }

    /**
     * {@code net.core.rmem_max} or {@code wmem_max}: the cap on buffers a program asks for.
     *
     * @param name the sysctl
     * @param option the socket option it caps
     */
    record BufferMax(String name, String option) implements Rule {
        @Override
        public void check(Context c) {
            String recommended = ">= " + SystemCheck.MIN_BUFFER_MAX + " (suggested " + SystemCheck.SUGGESTED_BUFFER_MAX
                    + ")";
            String why = "the largest buffer a program may ask for with " + option + "; servers and proxies that "
                    + "set it explicitly are capped here";
            String command = "sudo sysctl -w " + name + "=" + SystemCheck.SUGGESTED_BUFFER_MAX;
            Reading r = c.proc().sysctl(name);
            long[] v = r.known() ? longs(r.value(), 1) : null;
            if (v == null) {
                c.add(c.unknown(name, r, recommended, why, command));
                return;
            }
            Severity s = c.underLoad(v[0] >= SystemCheck.MIN_BUFFER_MAX ? Severity.OK : Severity.WARN);
            c.add(new Check(name, s, Long.toString(v[0]), recommended, why, command));
            if (s != Severity.OK) {
                c.tuning.sysctl.put(name, Long.toString(SystemCheck.SUGGESTED_BUFFER_MAX));
            }
        }
    }
}
