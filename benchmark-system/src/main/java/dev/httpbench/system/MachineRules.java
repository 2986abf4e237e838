package dev.httpbench.system;

import static dev.httpbench.system.Rule.longs;
import static dev.httpbench.system.Rule.mib;

import dev.httpbench.system.internal.ProcFiles;
import dev.httpbench.system.internal.ProcFiles.Reading;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The rules for the machine itself: CPU frequency governor, cores and memory. Stateless. */
final class MachineRules {
    private static final Pattern CPU_DIR = Pattern.compile("cpu\\d+");

    private MachineRules() {
    }

    /** Every CPU at the {@code performance} governor, so that runs are comparable. */
    record Governor() implements Rule {
        @Override
        public void check(Context c) {
            String name = "CPU frequency governor";
            String why = "a power-saving governor changes the clock speed with the load, so the same run gives "
                    + "different figures from one time to the next";
            String command = "echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor";
            Path cpus = c.proc().path("sys/devices/system/cpu");
            Map<String, Integer> governors = new TreeMap<>();
            String problem = null;
            try (Stream<Path> list = Files.list(cpus)) {
                for (Path dir : list.filter(p -> CPU_DIR.matcher(p.getFileName().toString()).matches()).toList()) {
                    Reading g = c.proc().read("sys/devices/system/cpu/" + dir.getFileName() + "/cpufreq/scaling_governor");
                    if (g.known()) {
                        governors.merge(g.value(), 1, Integer::sum);
                    }
                }
            } catch (IOException | RuntimeException e) {
                problem = "cannot list " + cpus + " (" + e.getClass().getSimpleName() + ")";
            }
            if (governors.isEmpty()) {
                c.add(new Check(name, Severity.UNKNOWN, "unknown: " + (problem != null ? problem
                        : "no cpufreq/scaling_governor under " + cpus + " (frequency scaling is not exposed here, "
                                + "common in VMs and containers)"), "performance", why, command));
                return;
            }
            StringBuilder observed = new StringBuilder();
            governors.forEach((g, n) -> observed.append(observed.length() == 0 ? "" : ", ").append(g)
                    .append(" on ").append(n).append(n == 1 ? " cpu" : " cpus"));
            Severity s = governors.keySet().equals(Set.of("performance")) ? Severity.OK : Severity.WARN;
            c.add(new Check(name, s, observed.toString(), "performance", why, command));
            if (s != Severity.OK) {
                c.tuning.governor = true;
            }
        }
    }

    /** A core for each worker's event loop. */
    record Cores() implements Rule {
        @Override
        public void check(Context c) {
            int workers = c.load.workers();
            String name = "cores for " + workers + (workers == 1 ? " worker" : " workers");
            String why = "each worker has a selector thread that wants a core of its own; more workers than cores "
                    + "makes them compete, and a one-core generator shares that core with its GC and the monitor";
            String command = "nproc   # then run with workers <= that number";
            Reading online = c.proc().read("sys/devices/system/cpu/online");
            int listed = online.known() ? cpuCount(online.value()) : -1;
            int jvm = c.load.root().equals(SystemCheck.REAL_ROOT) ? Runtime.getRuntime().availableProcessors() : -1;
            int cores = listed > 0 && jvm > 0 ? Math.min(listed, jvm) : Math.max(listed, jvm);
            if (cores <= 0) {
                c.add(new Check(name, Severity.UNKNOWN, "unknown: " + (online.known()
                        ? "unexpected content '" + online.value() + "' in " + c.proc().path("sys/devices/system/cpu/online")
                        : online.problem()), ">= " + workers, why, command));
                return;
            }
            String observed = cores + (listed > 0 && jvm > 0 && listed != jvm
                    ? " (" + listed + " online, " + jvm + " available to the JVM)" : "");
            Severity s = cores < workers || cores == 1 ? Severity.WARN : Severity.OK;
            c.add(new Check(name, s, observed, ">= " + Math.max(2, workers), why, command));
        }
    }

    /** Enough available memory for the JVM, the workers and the connections' buffers. */
    record Memory() implements Rule {
        @Override
        public void check(Context c) {
            int workers = c.load.workers();
            long needed = SystemCheck.MEMORY_BASE + workers * SystemCheck.MEMORY_PER_WORKER
                    + (long) c.concurrency() * SystemCheck.MEMORY_PER_CONNECTION;
            String name = "available memory";
            String recommended = ">= " + mib(2 * needed) + " (estimate for " + workers + " workers, " + c.concurrency()
                    + " connections: " + mib(needed) + ")";
            String why = "a generator short of memory swaps or collects garbage all the time, and its pauses show "
                    + "up as server latency";
            String command = "free -m   # close other programs or use a bigger machine";
            ProcFiles.Lines meminfo = c.proc().lines("proc/meminfo");
            long availableKb = -1;
            for (String line : meminfo.lines()) {
                if (line.startsWith("MemAvailable:")) {
                    long[] v = longs(line.substring("MemAvailable:".length()).replace("kB", ""), 1);
                    availableKb = v == null ? -1 : v[0];
                }
            }
            if (availableKb < 0) {
                c.add(new Check(name, Severity.UNKNOWN, "unknown: " + (meminfo.problem() != null ? meminfo.problem()
                        : "no MemAvailable line in " + c.proc().path("proc/meminfo")), recommended, why, command));
                return;
            }
            long available = availableKb * 1024;
            Severity s = available < needed ? Severity.CRITICAL : available < 2 * needed ? Severity.WARN : Severity.OK;
            c.add(new Check(name, s, mib(available), recommended, why, command));
        }
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
}
