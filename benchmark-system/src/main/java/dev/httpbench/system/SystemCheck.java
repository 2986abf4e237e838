package dev.httpbench.system;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * Checks whether this machine's kernel and process limits suit a planned load, before a run: the
 * open-file limit, the TCP settings the incident's tuning script set, the CPU frequency governor, the
 * connections already open, cores and memory. Each {@link Check} has the observed value, the value
 * recommended for the planned load, why it matters and the command that would change it; a value that
 * cannot be read is {@link Severity#UNKNOWN} with the reason, never an exception. Each family of checks
 * is one {@link Rule} in a fixed table ({@link ProcessRules}, {@link KernelRules}, {@link MachineRules}).
 * httpbench only
 * reads: {@link SystemReport#tuningScript()} is for the user to review and run as root.
 *
 * <pre>{@code
 * SystemReport report = SystemCheck.forLoad(256, 8).run();
 * System.out.print(report.formatAttention());
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #run()} reads the files anew each time. Values are read below
 * {@link #root(Path)} ({@code /} by default: {@code /proc/sys}, {@code /proc/self/limits},
 * {@code /proc/net/tcp}, {@code /proc/meminfo}, {@code /sys/devices/system/cpu}), so a test can point it
 * at a fake tree.
 */
public final class SystemCheck {
    /** Open files a JVM uses besides connections: jars, selectors, epoll and event descriptors, logs. */
    static final int FILES_HEADROOM = 256;
    /** The open-file limit benchmark machines commonly get, suggested when it is higher than needed. */
    static final long SUGGESTED_FILES = 65_536;
    /** The widest sensible ephemeral port range. */
    static final String SUGGESTED_PORT_RANGE = "1024 65535";
    /** Buffer caps below which large responses on fast links are throttled: 4 MiB. */
    static final long MIN_BUFFER_MAX = 4L * 1024 * 1024;
    /** Buffer cap suggested for benchmark machines: 16 MiB. */
    static final long SUGGESTED_BUFFER_MAX = 16L * 1024 * 1024;
    /** Memory estimate: the JVM itself (heap in use, metaspace, code cache, thread stacks). */
    static final long MEMORY_BASE = 256L * 1024 * 1024;
    /** Memory estimate per worker: an HttpClient with its selector, executor threads and buffer pool. */
    static final long MEMORY_PER_WORKER = 16L * 1024 * 1024;
    /** Memory estimate per connection: kernel socket buffers and Jetty's buffers. */
    static final long MEMORY_PER_CONNECTION = 64L * 1024;
    /**
     * Below this many planned connections the kernel's queue, buffer and TIME_WAIT defaults do not limit a
     * benchmark, so those checks report their advice without a warning.
     */
    static final int LIGHT_LOAD_CONNECTIONS = 100;

    static final Path REAL_ROOT = Path.of("/");

    private final int concurrency;
    private final int workers;
    private final Path root;
    private final int targetPort;

    private SystemCheck(int concurrency, int workers, Path root, int targetPort) {
        this.concurrency = concurrency;
        this.workers = workers;
        this.root = root;
        this.targetPort = targetPort;
    }

    /**
     * A check for {@code concurrency} connections from {@code workers} workers.
     *
     * @throws IllegalArgumentException when either is below 1
     */
    public static SystemCheck forLoad(int concurrency, int workers) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1 but was " + concurrency);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1 but was " + workers);
        }
        return new SystemCheck(concurrency, workers, REAL_ROOT, 0);
    }

    /** The same check reading {@code /proc} and {@code /sys} below {@code root} instead of {@code /}. */
    public SystemCheck root(Path root) {
        if (root == null) {
            throw new IllegalArgumentException("root must not be null");
        }
        return new SystemCheck(concurrency, workers, root, targetPort);
    }

    /**
     * The same check counting only connections to this remote port (the target's) in the TIME_WAIT and
     * ESTABLISHED checks; 0 (the default) counts all connections.
     *
     * @throws IllegalArgumentException when not between 0 and 65535
     */
    public SystemCheck targetPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("targetPort must be between 0 and 65535 but was " + port);
        }
        return new SystemCheck(concurrency, workers, root, port);
    }

    public int concurrency() {
        return concurrency;
    }

    public int workers() {
        return workers;
    }

    public Path root() {
        return root;
    }

    public int targetPort() {
        return targetPort;
    }

    /**
     * The table of rules, in the order of the report: each family of checks is one row (the port range
     * comes before the connections, which compare TIME_WAIT with it).
     */
    private static final List<Rule> RULES = List.of(
            new ProcessRules.OpenFiles(),
            new KernelRules.PortRange(),
            new KernelRules.Minimum("net.core.somaxconn",
                    n -> Math.min(65_535, Math.max(4_096, Long.highestOneBit(n * 2L - 1) << 1)),
                    n -> "the longest accept queue a listening socket may have; when the target runs on this machine "
                            + "and " + n + " connections open at once, a shorter queue drops connection attempts, "
                            + "which then retry after a second"),
            new KernelRules.TwReuse(),
            new KernelRules.FinTimeout(),
            new KernelRules.Minimum("net.core.netdev_max_backlog",
                    n -> Math.min(262_144, Math.max(5_000, Long.highestOneBit(n * 8L - 1) << 1)),
                    n -> "packets a CPU may queue from the network card before the kernel drops them; " + n
                            + " busy connections deliver bursts that overflow a short queue, and drops show as "
                            + "latency spikes"),
            new KernelRules.TcpBuffers("net.ipv4.tcp_rmem", "4096 87380 " + SUGGESTED_BUFFER_MAX, "receive"),
            new KernelRules.TcpBuffers("net.ipv4.tcp_wmem", "4096 65536 " + SUGGESTED_BUFFER_MAX, "send"),
            new KernelRules.BufferMax("net.core.rmem_max", "SO_RCVBUF"),
            new KernelRules.BufferMax("net.core.wmem_max", "SO_SNDBUF"),
            new MachineRules.Governor(),
            new ProcessRules.Connections(),
            new MachineRules.Cores(),
            new MachineRules.Memory());

    /** Reads every value and returns the report; never throws for a value that cannot be read. */
    public SystemReport run() {
        Rule.Context context = new Rule.Context(this);
        RULES.forEach(rule -> rule.check(context));
        return new SystemReport(this, context.checks, context.tuning);
    }

    /** The changes the tuning script should make; filled while checking. Not thread-safe, never shared. */
    static final class Tuning {
        final Map<String, String> sysctl = new LinkedHashMap<>();
        long files = -1;
        boolean governor;
    }
}
