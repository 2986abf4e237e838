package dev.httpbench.system;

import dev.httpbench.system.internal.ProcFiles.Reading;
import dev.httpbench.system.internal.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks whether this machine's kernel and process limits suit a planned load, before a run: the
 * open-file limit, the TCP settings the incident's tuning script set, the CPU frequency governor, the
 * connections already open, cores and memory. Each {@link Check} has the observed value, the value
 * recommended for the planned load, why it matters and the command that would change it; a value that
 * cannot be read is {@link Severity#UNKNOWN} with the reason, never an exception. httpbench only
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

    private static final Pattern CPU_DIR = Pattern.compile("cpu\\d+");
    private static final Path REAL_ROOT = Path.of("/");

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

    /** Reads every value and returns the report; never throws for a value that cannot be read. */
    public SystemReport run() {
        ProcFiles proc = new ProcFiles(root);
        Tuning tuning = new Tuning();
        List<Check> checks = new ArrayList<>();
        openFiles(proc, checks, tuning);
        long ports = portRange(proc, checks, tuning);
        somaxconn(proc, checks, tuning);
        twReuse(proc, checks, tuning);
        finTimeout(proc, checks, tuning);
        netdevBacklog(proc, checks, tuning);
        tcpBuffers(proc, "net.ipv4.tcp_rmem", "4096 87380 " + SUGGESTED_BUFFER_MAX, "receive", checks, tuning);
        tcpBuffers(proc, "net.ipv4.tcp_wmem", "4096 65536 " + SUGGESTED_BUFFER_MAX, "send", checks, tuning);
        bufferMax(proc, "net.core.rmem_max", "SO_RCVBUF", checks, tuning);
        bufferMax(proc, "net.core.wmem_max", "SO_SNDBUF", checks, tuning);
        governor(proc, checks, tuning);
        connections(proc, ports, checks);
        cores(proc, checks);
        memory(proc, checks);
        return new SystemReport(this, checks, tuning);
    }

    // ---- the checks; each adds exactly one Check per item (two for the open-file limit) ----

    private void openFiles(ProcFiles proc, List<Check> checks, Tuning tuning) {
        long required = (long) concurrency + FILES_HEADROOM;
        long suggested = Math.max(SUGGESTED_FILES, Long.highestOneBit(required * 2 - 1) << 1);
        String recommended = ">= " + required * 2 + " (suggested " + suggested + ")";
        String why = "every connection is one open file; at the limit new connections fail with 'Too many open "
                + "files'. httpbench needs " + concurrency + " connections + about " + FILES_HEADROOM
                + " for the JVM";
        ProcFiles.OpenFilesLimit limit = proc.openFilesLimit();
        if (limit.problem() != null) {
            String unknown = "unknown: " + limit.problem();
            checks.add(new Check("open files (soft)", Severity.UNKNOWN, unknown, recommended, why, "ulimit -n " + suggested));
            checks.add(new Check("open files (hard)", Severity.UNKNOWN, unknown, recommended, why,
                    "echo '* hard nofile " + suggested + "' | sudo tee -a /etc/security/limits.d/99-httpbench.conf"));
            return;
        }
        Severity soft = atLeast(limit.soft(), required, required * 2);
        Severity hard = atLeast(limit.hard(), required, required * 2);
        checks.add(new Check("open files (soft)", soft, limitText(limit.soft()), recommended,
                why + "; the JVM raises its soft limit to the hard limit at start (unless -XX:-MaxFDLimit), "
                        + "so this is the value a benchmark gets",
                "ulimit -n " + Math.min(suggested, limit.hard()) + "   # in the shell that starts the benchmark, "
                        + "up to the hard limit"));
        checks.add(new Check("open files (hard)", hard, limitText(limit.hard()), recommended,
                "the ceiling for the soft limit; only root can raise it",
                "echo '* hard nofile " + suggested + "' | sudo tee -a /etc/security/limits.d/99-httpbench.conf"
                        + "   # then log in again"));
        if (soft != Severity.OK || hard != Severity.OK) {
            tuning.files = suggested;
        }
    }

    /** Returns the number of local ports, or -1 when unknown. */
    private long portRange(ProcFiles proc, List<Check> checks, Tuning tuning) {
        String name = "net.ipv4.ip_local_port_range";
        String recommended = ">= " + 2L * concurrency + " ports (suggested " + SUGGESTED_PORT_RANGE + ")";
        String why = "each connection to one server address and port takes one local port from this range, and "
                + "closed connections keep theirs in TIME_WAIT; when the range runs out, connecting fails with "
                + "'Cannot assign requested address'";
        String command = "sudo sysctl -w " + name + "=\"" + SUGGESTED_PORT_RANGE + "\"";
        Reading r = proc.sysctl(name);
        long[] range = r.known() ? longs(r.value(), 2) : null;
        if (range == null || range[1] < range[0]) {
            checks.add(unknown(name, r, recommended, why, command));
            return -1;
        }
        long ports = range[1] - range[0] + 1;
        Severity s = atLeast(ports, concurrency, 2L * concurrency);
        checks.add(new Check(name, s, r.value().replaceAll("\\s+", " ") + " (" + ports + " ports)", recommended,
                why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, SUGGESTED_PORT_RANGE);
        }
        return ports;
    }

    private void somaxconn(ProcFiles proc, List<Check> checks, Tuning tuning) {
        long recommended = Math.min(65_535, Math.max(4_096, Long.highestOneBit(concurrency * 2L - 1) << 1));
        sysctlAtLeast(proc, "net.core.somaxconn", recommended,
                "the longest accept queue a listening socket may have; when the target runs on this machine and "
                        + concurrency + " connections open at once, a shorter queue drops connection attempts, "
                        + "which then retry after a second",
                checks, tuning);
    }

    private void twReuse(ProcFiles proc, List<Check> checks, Tuning tuning) {
        String name = "net.ipv4.tcp_tw_reuse";
        String why = "lets a new outgoing connection reuse a local port still in TIME_WAIT; without it, "
                + "connection churn (errors, servers closing keep-alive connections) exhausts the local ports";
        String command = "sudo sysctl -w " + name + "=1";
        Reading r = proc.sysctl(name);
        if (!r.known() || !r.value().matches("[012]")) {
            checks.add(unknown(name, r, "1", why, command));
            return;
        }
        String observed = switch (r.value()) {
            case "0" -> "0 (off)";
            case "1" -> "1 (on)";
            default -> "2 (loopback connections only)";
        };
        Severity s = underLoad("1".equals(r.value()) ? Severity.OK : Severity.WARN);
        checks.add(new Check(name, s, observed, "1", why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, "1");
        }
    }

    private void finTimeout(ProcFiles proc, List<Check> checks, Tuning tuning) {
        String name = "net.ipv4.tcp_fin_timeout";
        String why = "how long a closed connection waits in FIN_WAIT_2; shorter frees sockets and ports sooner "
                + "when many connections close";
        String command = "sudo sysctl -w " + name + "=15";
        Reading r = proc.sysctl(name);
        long[] v = r.known() ? longs(r.value(), 1) : null;
        if (v == null) {
            checks.add(unknown(name, r, "<= 30 (suggested 15)", why, command));
            return;
        }
        Severity s = underLoad(v[0] <= 30 ? Severity.OK : Severity.WARN);
        checks.add(new Check(name, s, v[0] + " s", "<= 30 (suggested 15)", why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, "15");
        }
    }

    private void netdevBacklog(ProcFiles proc, List<Check> checks, Tuning tuning) {
        long recommended = Math.min(262_144, Math.max(5_000, Long.highestOneBit(concurrency * 8L - 1) << 1));
        sysctlAtLeast(proc, "net.core.netdev_max_backlog", recommended,
                "packets a CPU may queue from the network card before the kernel drops them; " + concurrency
                        + " busy connections deliver bursts that overflow a short queue, and drops show as "
                        + "latency spikes",
                checks, tuning);
    }

    private void tcpBuffers(ProcFiles proc, String name, String suggested, String direction, List<Check> checks,
            Tuning tuning) {
        String recommended = "max >= " + MIN_BUFFER_MAX + " (suggested " + suggested + ")";
        String why = "min, default and max size of each connection's " + direction + " buffer, which the kernel "
                + "tunes between them; a small max throttles large bodies on fast or distant links, and "
                + concurrency + " connections x the default is kernel memory";
        String command = "sudo sysctl -w " + name + "=\"" + suggested + "\"";
        Reading r = proc.sysctl(name);
        long[] v = r.known() ? longs(r.value(), 3) : null;
        if (v == null) {
            checks.add(unknown(name, r, recommended, why, command));
            return;
        }
        Severity s = underLoad(v[2] >= MIN_BUFFER_MAX ? Severity.OK : Severity.WARN);
        checks.add(new Check(name, s, v[0] + " " + v[1] + " " + v[2], recommended, why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, suggested);
        }
    }

    private void bufferMax(ProcFiles proc, String name, String option, List<Check> checks, Tuning tuning) {
        String recommended = ">= " + MIN_BUFFER_MAX + " (suggested " + SUGGESTED_BUFFER_MAX + ")";
        String why = "the largest buffer a program may ask for with " + option + "; servers and proxies that "
                + "set it explicitly are capped here";
        String command = "sudo sysctl -w " + name + "=" + SUGGESTED_BUFFER_MAX;
        Reading r = proc.sysctl(name);
        long[] v = r.known() ? longs(r.value(), 1) : null;
        if (v == null) {
            checks.add(unknown(name, r, recommended, why, command));
            return;
        }
        Severity s = underLoad(v[0] >= MIN_BUFFER_MAX ? Severity.OK : Severity.WARN);
        checks.add(new Check(name, s, Long.toString(v[0]), recommended, why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, Long.toString(SUGGESTED_BUFFER_MAX));
        }
    }

    private void governor(ProcFiles proc, List<Check> checks, Tuning tuning) {
        String name = "CPU frequency governor";
        String why = "a power-saving governor changes the clock speed with the load, so the same run gives "
                + "different figures from one time to the next";
        String command = "echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor";
        Path cpus = proc.path("sys/devices/system/cpu");
        Map<String, Integer> governors = new TreeMap<>();
        String problem = null;
        try (Stream<Path> list = Files.list(cpus)) {
            for (Path dir : list.filter(p -> CPU_DIR.matcher(p.getFileName().toString()).matches()).toList()) {
                Reading g = proc.read("sys/devices/system/cpu/" + dir.getFileName() + "/cpufreq/scaling_governor");
                if (g.known()) {
                    governors.merge(g.value(), 1, Integer::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot list " + cpus + " (" + e.getClass().getSimpleName() + ")";
        }
        if (governors.isEmpty()) {
            checks.add(new Check(name, Severity.UNKNOWN, "unknown: " + (problem != null ? problem
                    : "no cpufreq/scaling_governor under " + cpus + " (frequency scaling is not exposed here, "
                            + "common in VMs and containers)"), "performance", why, command));
            return;
        }
        StringBuilder observed = new StringBuilder();
        governors.forEach((g, n) -> observed.append(observed.length() == 0 ? "" : ", ").append(g)
                .append(" on ").append(n).append(n == 1 ? " cpu" : " cpus"));
        Severity s = governors.keySet().equals(Set.of("performance")) ? Severity.OK : Severity.WARN;
        checks.add(new Check(name, s, observed.toString(), "performance", why, command));
        if (s != Severity.OK) {
            tuning.governor = true;
        }
    }

    private void connections(ProcFiles proc, long ports, List<Check> checks) {
        ProcFiles.TcpCounts tcp = proc.tcpCounts(targetPort);
        String scope = targetPort > 0 ? " to port " + targetPort : "";
        String twName = "TCP TIME_WAIT" + scope;
        String twWhy = "connections closed recently; each keeps its local port for a minute, so many of them "
                + "leave too few ports for the planned " + concurrency + " connections";
        String twCommand = "ss -Htan state time-wait | wc -l   # to watch; sudo sysctl -w net.ipv4.tcp_tw_reuse=1 "
                + "lets new connections reuse them";
        String estName = "TCP ESTABLISHED" + scope;
        String estWhy = targetPort > 0
                ? "connections already open to the target's port: another client loading the target would mix "
                        + "its load into the results"
                : "connections open on this machine now, for reference";
        String estCommand = "ss -Htan state established" + (targetPort > 0 ? " '( dport = :" + targetPort + " )'" : "");
        if (!tcp.known()) {
            String unknown = "unknown: " + tcp.problem();
            checks.add(new Check(twName, Severity.UNKNOWN, unknown, "few", twWhy, twCommand));
            checks.add(new Check(estName, Severity.UNKNOWN, unknown, targetPort > 0 ? "0" : "any", estWhy, estCommand));
            return;
        }
        Severity tw;
        String twRecommended;
        if (ports > 0) {
            twRecommended = "< " + ports / 2 + " (half the local ports)";
            tw = tcp.timeWait() + concurrency > ports ? Severity.CRITICAL
                    : tcp.timeWait() >= ports / 2 ? Severity.WARN : Severity.OK;
        } else {
            twRecommended = "few (the local port range is unknown)";
            tw = Severity.OK;
        }
        checks.add(new Check(twName, tw, Integer.toString(tcp.timeWait()), twRecommended, twWhy, twCommand));
        Severity est = targetPort > 0 && tcp.established() > 0 ? Severity.WARN : Severity.OK;
        checks.add(new Check(estName, est, Integer.toString(tcp.established()), targetPort > 0 ? "0" : "any",
                estWhy, estCommand));
    }

    private void cores(ProcFiles proc, List<Check> checks) {
        String name = "cores for " + workers + (workers == 1 ? " worker" : " workers");
        String why = "each worker has a selector thread that wants a core of its own; more workers than cores "
                + "makes them compete, and a one-core generator shares that core with its GC and the monitor";
        String command = "nproc   # then run with workers <= that number";
        Reading online = proc.read("sys/devices/system/cpu/online");
        int listed = online.known() ? cpuCount(online.value()) : -1;
        int jvm = root.equals(REAL_ROOT) ? Runtime.getRuntime().availableProcessors() : -1;
        int cores = listed > 0 && jvm > 0 ? Math.min(listed, jvm) : Math.max(listed, jvm);
        if (cores <= 0) {
            checks.add(new Check(name, Severity.UNKNOWN, "unknown: " + (online.known()
                    ? "unexpected content '" + online.value() + "' in " + proc.path("sys/devices/system/cpu/online")
                    : online.problem()), ">= " + workers, why, command));
            return;
        }
        String observed = cores + (listed > 0 && jvm > 0 && listed != jvm
                ? " (" + listed + " online, " + jvm + " available to the JVM)" : "");
        Severity s = cores < workers || cores == 1 ? Severity.WARN : Severity.OK;
        checks.add(new Check(name, s, observed, ">= " + Math.max(2, workers), why, command));
    }

    private void memory(ProcFiles proc, List<Check> checks) {
        long needed = MEMORY_BASE + workers * MEMORY_PER_WORKER + (long) concurrency * MEMORY_PER_CONNECTION;
        String name = "available memory";
        String recommended = ">= " + mib(2 * needed) + " (estimate for " + workers + " workers, " + concurrency
                + " connections: " + mib(needed) + ")";
        String why = "a generator short of memory swaps or collects garbage all the time, and its pauses show "
                + "up as server latency";
        String command = "free -m   # close other programs or use a bigger machine";
        ProcFiles.Lines meminfo = proc.lines("proc/meminfo");
        long availableKb = -1;
        for (String line : meminfo.lines()) {
            if (line.startsWith("MemAvailable:")) {
                long[] v = longs(line.substring("MemAvailable:".length()).replace("kB", ""), 1);
                availableKb = v == null ? -1 : v[0];
            }
        }
        if (availableKb < 0) {
            checks.add(new Check(name, Severity.UNKNOWN, "unknown: " + (meminfo.problem() != null ? meminfo.problem()
                    : "no MemAvailable line in " + proc.path("proc/meminfo")), recommended, why, command));
            return;
        }
        long available = availableKb * 1024;
        Severity s = available < needed ? Severity.CRITICAL : available < 2 * needed ? Severity.WARN : Severity.OK;
        checks.add(new Check(name, s, mib(available), recommended, why, command));
    }

    // ---- helpers ----

    private void sysctlAtLeast(ProcFiles proc, String name, long recommended, String why, List<Check> checks,
            Tuning tuning) {
        String command = "sudo sysctl -w " + name + "=" + recommended;
        Reading r = proc.sysctl(name);
        long[] v = r.known() ? longs(r.value(), 1) : null;
        if (v == null) {
            checks.add(unknown(name, r, ">= " + recommended, why, command));
            return;
        }
        Severity s = underLoad(v[0] >= recommended ? Severity.OK : Severity.WARN);
        checks.add(new Check(name, s, Long.toString(v[0]), ">= " + recommended, why, command));
        if (s != Severity.OK) {
            tuning.sysctl.put(name, Long.toString(recommended));
        }
    }

    /** A kernel-setting warning that only matters under load: none for a light one. */
    private Severity underLoad(Severity severity) {
        return severity == Severity.WARN && concurrency < LIGHT_LOAD_CONNECTIONS ? Severity.OK : severity;
    }

    private Check unknown(String name, Reading r, String recommended, String why, String command) {
        String reason = r.known() ? "unexpected content '" + r.value() + "' in " + proc(name) : r.problem();
        return new Check(name, Severity.UNKNOWN, "unknown: " + reason, recommended, why, command);
    }

    private Path proc(String sysctl) {
        return root.resolve("proc/sys/" + sysctl.replace('.', '/'));
    }

    private static Severity atLeast(long value, long critical, long ok) {
        return value < critical ? Severity.CRITICAL : value < ok ? Severity.WARN : Severity.OK;
    }

    /** Exactly {@code n} whitespace-separated non-negative numbers, or null. */
    private static long[] longs(String text, int n) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != n) {
            return null;
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            if (!parts[i].matches("\\d{1,18}")) {
                return null;
            }
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }

    /** The number of cpus in a kernel cpu list such as {@code 0-3,6}; -1 when malformed. */
    static int cpuCount(String list) {
        int count = 0;
        for (String part : list.trim().split(",")) {
            String[] range = part.split("-");
            if (range.length > 2 || !part.matches("\\d+(-\\d+)?")) {
                return -1;
            }
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            if (to < from) {
                return -1;
            }
            count += to - from + 1;
        }
        return count;
    }

    private static String limitText(long value) {
        return value == Long.MAX_VALUE ? "unlimited" : Long.toString(value);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }

    /** The changes the tuning script should make; filled while checking. Not thread-safe, never shared. */
    static final class Tuning {
        final Map<String, String> sysctl = new LinkedHashMap<>();
        long files = -1;
        boolean governor;
    }
}
