package dev.httpbench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every branch of every check, from values in a fake /proc and /sys tree. */
class SystemCheckTest {
    private static final List<String> NAMES = List.of("open files (soft)", "open files (hard)",
            "net.ipv4.ip_local_port_range", "net.core.somaxconn", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_fin_timeout",
            "net.core.netdev_max_backlog", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.core.rmem_max",
            "net.core.wmem_max", "CPU frequency governor", "TCP TIME_WAIT", "TCP ESTABLISHED", "cores for 2 workers",
            "available memory");
    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
            + "retrnsmt   uid  timeout inode";

    @TempDir
    Path root;

    /** A machine tuned for benchmarks: every check is fine for 256 connections from 2 workers. */
    private Map<String, String> tuned() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max cpu time              unlimited            unlimited            seconds   \n"
                + "Max open files            65536                65536                files     \n");
        files.put("proc/sys/net/ipv4/ip_local_port_range", "1024\t65535\n");
        files.put("proc/sys/net/core/somaxconn", "4096\n");
        files.put("proc/sys/net/ipv4/tcp_tw_reuse", "1\n");
        files.put("proc/sys/net/ipv4/tcp_fin_timeout", "15\n");
        files.put("proc/sys/net/core/netdev_max_backlog", "5000\n");
        files.put("proc/sys/net/ipv4/tcp_rmem", "4096\t131072\t16777216\n");
        files.put("proc/sys/net/ipv4/tcp_wmem", "4096\t16384\t16777216\n");
        files.put("proc/sys/net/core/rmem_max", "16777216\n");
        files.put("proc/sys/net/core/wmem_max", "16777216\n");
        files.put("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", "performance\n");
        files.put("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "performance\n");
        files.put("sys/devices/system/cpu/online", "0-1\n");
        files.put("proc/net/tcp", TCP_HEADER + "\n");
        files.put("proc/net/tcp6", TCP_HEADER + "\n");
        files.put("proc/meminfo", "MemTotal:       16000000 kB\nMemFree:         9000000 kB\n"
                + "MemAvailable:    8000000 kB\n");
        return files;
    }

    private SystemReport run(Map<String, String> files, int concurrency, int workers) throws IOException {
        return SystemCheck.forLoad(concurrency, workers).root(write(files)).run();
    }

    private Path write(Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = root.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return root;
    }

    private static Check check(SystemReport report, String name) {
        return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + report.checks()));
    }

    /** A /proc/net/tcp line with the given remote port and state, both as the kernel writes them (hex). */
    private static String tcpLine(int n, int remotePort, String state) {
        return String.format("  %d: 0100007F:%04X 0100007F:%04X %s 00000000:00000000 00:00000000 00000000  1000 "
                + "0 %d 1 0000000000000000 20 4 30 10 -1", n, 40_000 + n, remotePort, state, 10_000 + n);
    }

    @Test
    void aTunedMachineHasEveryCheckOkAndNothingToChange() throws IOException {
        SystemReport r = run(tuned(), 256, 2);

        assertEquals(NAMES, r.checks().stream().map(Check::name).toList());
        assertEquals(Map.of(), r.checks().stream().filter(c -> c.severity() != Severity.OK)
                .collect(Collectors.toMap(Check::name, Check::observed)));
        assertFalse(r.hasCritical());
        assertEquals(List.of(), r.needsAttention());
        assertEquals("System check for 256 connections, 2 workers: nothing needs attention\n", r.formatAttention());
        assertTrue(r.tuningScript().contains("# Nothing to change: every setting httpbench checks is fine for this load.\n"),
                r.tuningScript());
        assertFalse(r.tuningScript().contains("sysctl -w"), r.tuningScript());
        String table = r.formatTable();
        for (String name : NAMES) {
            assertTrue(table.contains(name), table);
        }
        assertTrue(table.endsWith("Nothing needs attention.\n"), table);
        Check files = check(r, "open files (soft)");
        assertEquals("65536", files.observed());
        assertEquals(">= 1024 (suggested 65536)", files.recommended());
        assertEquals("1024 65535 (64512 ports)", check(r, "net.ipv4.ip_local_port_range").observed());
        assertEquals("performance on 2 cpus", check(r, "CPU frequency governor").observed());
        assertEquals("2", check(r, "cores for 2 workers").observed());
        assertEquals("7812 MiB", check(r, "available memory").observed());
        assertEquals(">= 608 MiB (estimate for 2 workers, 256 connections: 304 MiB)",
                check(r, "available memory").recommended());
    }

    @Test
    void openFileLimitsBelowTheConnectionsAreCriticalAndWithLittleHeadroomWarn() throws IOException {
        Map<String, String> files = tuned();
        files.put("proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            300                  800                  files     \n");
        SystemReport r = run(files, 256, 2);

        Check soft = check(r, "open files (soft)");
        assertEquals(Severity.CRITICAL, soft.severity());
        assertEquals("300", soft.observed());
        assertEquals("ulimit -n 800   # in the shell that starts the benchmark, up to the hard limit", soft.command());
        Check hard = check(r, "open files (hard)");
        assertEquals(Severity.WARN, hard.severity());
        assertEquals("echo '* hard nofile 65536' | sudo tee -a /etc/security/limits.d/99-httpbench.conf"
                + "   # then log in again", hard.command());
        assertTrue(r.hasCritical());
        assertTrue(r.tuningScript().contains("cat > /etc/security/limits.d/99-httpbench.conf <<'EOF'\n"
                + "* soft nofile 65536\n* hard nofile 65536\nEOF\n"), r.tuningScript());
        String attention = r.formatAttention();
        assertTrue(attention.startsWith("System check for 256 connections, 2 workers: 2 items need attention\n"
                + "CRITICAL open files (soft): 300; recommended >= 1024 (suggested 65536)\n"
                + "         why: every connection is one open file;"), attention);
        assertTrue(attention.endsWith("Critical items will make the planned load fail or mislead: fix them before "
                + "measuring.\n"), attention);

        files.put("proc/self/limits", "Max open files            unlimited            unlimited            files\n");
        SystemReport unlimited = run(files, 256, 2);
        assertEquals(Severity.OK, check(unlimited, "open files (soft)").severity());
        assertEquals("unlimited", check(unlimited, "open files (hard)").observed());

        // many connections: the suggestion grows with the load
        files.put("proc/self/limits", "Max open files            150000               150000               files\n");
        assertEquals(">= 200512 (suggested 262144)", check(run(files, 100_000, 8), "open files (soft)").recommended());
        assertEquals(Severity.WARN, check(run(files, 100_000, 8), "open files (soft)").severity());
    }

    @Test
    void aPortRangeNarrowerThanTheConnectionsIsCriticalAndWithoutReserveWarns() throws IOException {
        Map<String, String> files = tuned();
        files.put("proc/sys/net/ipv4/ip_local_port_range", "60000\t60200\n");
        Check narrow = check(run(files, 256, 2), "net.ipv4.ip_local_port_range");
        assertEquals(Severity.CRITICAL, narrow.severity());
        assertEquals("60000 60200 (201 ports)", narrow.observed());
        assertEquals(">= 512 ports (suggested 1024 65535)", narrow.recommended());
        assertEquals("sudo sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"", narrow.command());

        files.put("proc/sys/net/ipv4/ip_local_port_range", "60000\t60400\n");
        SystemReport r = run(files, 256, 2);
        assertEquals(Severity.WARN, check(r, "net.ipv4.ip_local_port_range").severity());
        assertTrue(r.tuningScript().contains("sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\"   # was "
                + "60000 60400 (401 ports)\n"), r.tuningScript());
        assertTrue(r.tuningScript().contains("net.ipv4.ip_local_port_range = 1024 65535\n"), r.tuningScript());
    }

    @Test
    void kernelDefaultsWarnWithTheCommandThatChangesThem() throws IOException {
        Map<String, String> files = tuned();
        files.put("proc/sys/net/core/somaxconn", "128\n");
        files.put("proc/sys/net/ipv4/tcp_tw_reuse", "2\n");
        files.put("proc/sys/net/ipv4/tcp_fin_timeout", "60\n");
        files.put("proc/sys/net/core/netdev_max_backlog", "1000\n");
        files.put("proc/sys/net/ipv4/tcp_rmem", "4096\t131072\t2097152\n");
        files.put("proc/sys/net/ipv4/tcp_wmem", "4096\t16384\t1048576\n");
        files.put("proc/sys/net/core/rmem_max", "212992\n");
        files.put("proc/sys/net/core/wmem_max", "212992\n");
        files.put("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor", "powersave\n");
        SystemReport r = run(files, 256, 2);

        assertEquals(List.of("net.core.somaxconn", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_fin_timeout",
                "net.core.netdev_max_backlog", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem", "net.core.rmem_max",
                "net.core.wmem_max", "CPU frequency governor"), r.needsAttention().stream().map(Check::name).toList());
        assertTrue(r.needsAttention().stream().allMatch(c -> c.severity() == Severity.WARN));
        assertFalse(r.hasCritical());
        assertEquals(new Check("net.core.somaxconn", Severity.WARN, "128", ">= 4096", check(r, "net.core.somaxconn").why(),
                "sudo sysctl -w net.core.somaxconn=4096"), check(r, "net.core.somaxconn"));
        assertEquals("2 (loopback connections only)", check(r, "net.ipv4.tcp_tw_reuse").observed());
        assertEquals("60 s", check(r, "net.ipv4.tcp_fin_timeout").observed());
        assertEquals("sudo sysctl -w net.ipv4.tcp_fin_timeout=15", check(r, "net.ipv4.tcp_fin_timeout").command());
        assertEquals(">= 5000", check(r, "net.core.netdev_max_backlog").recommended());
        assertEquals("4096 131072 2097152", check(r, "net.ipv4.tcp_rmem").observed());
        assertEquals("sudo sysctl -w net.ipv4.tcp_wmem=\"4096 65536 16777216\"", check(r, "net.ipv4.tcp_wmem").command());
        assertEquals("performance on 1 cpu, powersave on 1 cpu", check(r, "CPU frequency governor").observed());
        assertEquals("echo performance | sudo tee /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor",
                check(r, "CPU frequency governor").command());

        String script = r.tuningScript();
        assertTrue(script.startsWith("#!/bin/sh\n# Tuning suggested by httpbench for concurrency=256, workers=2.\n"),
                script);
        for (String line : List.of("sysctl -w net.core.somaxconn=\"4096\"   # was 128\n",
                "sysctl -w net.ipv4.tcp_tw_reuse=\"1\"   # was 2 (loopback connections only)\n",
                "sysctl -w net.ipv4.tcp_fin_timeout=\"15\"   # was 60 s\n",
                "sysctl -w net.core.netdev_max_backlog=\"5000\"   # was 1000\n",
                "sysctl -w net.ipv4.tcp_rmem=\"4096 87380 16777216\"   # was 4096 131072 2097152\n",
                "sysctl -w net.core.wmem_max=\"16777216\"   # was 212992\n",
                "cat > /etc/sysctl.d/99-httpbench.conf <<'EOF'\nnet.core.somaxconn = 4096\nnet.ipv4.tcp_tw_reuse = 1\n",
                "for g in /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor; do echo performance > \"$g\"; done\n")) {
            assertTrue(script.contains(line), "missing " + line + " in\n" + script);
        }
        assertFalse(script.contains("nofile"), script);

        files.put("proc/sys/net/ipv4/tcp_tw_reuse", "0\n");
        assertEquals("0 (off)", check(run(files, 256, 2), "net.ipv4.tcp_tw_reuse").observed());
        assertTrue(r.formatAttention().endsWith("No critical items; the warnings may distort the figures.\n"));
    }

    @Test
    void kernelDefaultsNeedNoAttentionUnderALightLoad() throws IOException {
        Map<String, String> files = tuned();
        files.put("proc/sys/net/core/somaxconn", "128\n");
        files.put("proc/sys/net/ipv4/tcp_tw_reuse", "2\n");
        files.put("proc/sys/net/ipv4/tcp_fin_timeout", "60\n");
        files.put("proc/sys/net/core/netdev_max_backlog", "1000\n");
        files.put("proc/sys/net/core/rmem_max", "212992\n");
        SystemReport light = run(files, SystemCheck.LIGHT_LOAD_CONNECTIONS - 1, 2);
        assertEquals(List.of(), light.needsAttention().stream().map(Check::name).toList());
        assertEquals(Severity.OK, check(light, "net.ipv4.tcp_fin_timeout").severity());
        assertEquals("60 s", check(light, "net.ipv4.tcp_fin_timeout").observed());
        assertEquals(5, run(files, SystemCheck.LIGHT_LOAD_CONNECTIONS, 2).needsAttention().size());
    }

    @Test
    void queueRecommendationsGrowWithThePlannedConnections() throws IOException {
        SystemReport r = run(tuned(), 20_000, 8);
        assertEquals(">= 65535", check(r, "net.core.somaxconn").recommended());
        assertEquals(Severity.WARN, check(r, "net.core.somaxconn").severity());
        assertEquals(">= 262144", check(r, "net.core.netdev_max_backlog").recommended());
        assertEquals(">= 8192", check(run(tuned(), 4_096, 2), "net.core.somaxconn").recommended());
    }

    @Test
    void timeWaitAndEstablishedAreCountedFromProcNetTcp() throws IOException {
        Map<String, String> files = tuned();
        StringBuilder tcp = new StringBuilder(TCP_HEADER).append('\n');
        tcp.append("   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000 0 1 1\n");
        tcp.append(tcpLine(1, 3000, "06")).append('\n').append(tcpLine(2, 3000, "06")).append('\n')
                .append(tcpLine(3, 3000, "06")).append('\n').append(tcpLine(4, 80, "06")).append('\n')
                .append(tcpLine(5, 3000, "01")).append('\n').append(tcpLine(6, 3000, "01")).append('\n');
        files.put("proc/net/tcp", tcp.toString());
        files.put("proc/net/tcp6", TCP_HEADER + "\n   0: 00000000000000000000000001000000:A000 "
                + "00000000000000000000000001000000:0BB8 01 00000000:00000000 00:00000000 00000000  1000 0 7 1\n");
        Path fake = write(files);

        SystemReport all = SystemCheck.forLoad(256, 2).root(fake).run();
        assertEquals("4", check(all, "TCP TIME_WAIT").observed());
        assertEquals(Severity.OK, check(all, "TCP TIME_WAIT").severity());
        assertEquals("< 32256 (half the local ports)", check(all, "TCP TIME_WAIT").recommended());
        assertEquals("3", check(all, "TCP ESTABLISHED").observed());
        assertEquals(Severity.OK, check(all, "TCP ESTABLISHED").severity());

        SystemReport toTarget = SystemCheck.forLoad(256, 2).root(fake).targetPort(3000).run();
        assertEquals("3", check(toTarget, "TCP TIME_WAIT to port 3000").observed());
        Check established = check(toTarget, "TCP ESTABLISHED to port 3000");
        assertEquals("3", established.observed());
        assertEquals(Severity.WARN, established.severity(), "another client already talks to the target");
        assertEquals("ss -Htan state established '( dport = :3000 )'", established.command());

        // tcp6 missing (IPv6 off): the IPv4 counts still stand
        Files.delete(fake.resolve("proc/net/tcp6"));
        assertEquals("2", check(SystemCheck.forLoad(256, 2).root(fake).targetPort(3000).run(),
                "TCP ESTABLISHED to port 3000").observed());
    }

    @Test
    void timeWaitTakingTheLocalPortsWarnsAndLeavingTooFewForTheLoadIsCritical() throws IOException {
        Map<String, String> files = tuned();
        files.put("proc/sys/net/ipv4/ip_local_port_range", "60000 60999\n"); // 1000 ports, enough for 256
        StringBuilder tcp = new StringBuilder(TCP_HEADER).append('\n');
        for (int i = 0; i < 600; i++) {
            tcp.append(tcpLine(i, 3000, "06")).append('\n');
        }
        files.put("proc/net/tcp", tcp.toString());
        Check warn = check(run(files, 256, 2), "TCP TIME_WAIT");
        assertEquals(Severity.WARN, warn.severity());
        assertEquals("600", warn.observed());
        assertEquals("< 500 (half the local ports)", warn.recommended());

        for (int i = 600; i < 800; i++) {
            tcp.append(tcpLine(i, 3000, "06")).append('\n');
        }
        files.put("proc/net/tcp", tcp.toString());
        assertEquals(Severity.CRITICAL, check(run(files, 256, 2), "TCP TIME_WAIT").severity(),
                "800 in TIME_WAIT + 256 planned > 1000 ports");

        files.remove("proc/sys/net/ipv4/ip_local_port_range");
        Files.delete(root.resolve("proc/sys/net/ipv4/ip_local_port_range"));
        Check rangeUnknown = check(run(files, 256, 2), "TCP TIME_WAIT");
        assertEquals(Severity.OK, rangeUnknown.severity());
        assertEquals("few (the local port range is unknown)", rangeUnknown.recommended());
    }

    @Test
    void coresAndMemoryAreComparedWithTheWorkersAndConnections() throws IOException {
        Map<String, String> files = tuned();
        files.put("sys/devices/system/cpu/online", "0\n");
        Check one = check(run(files, 4, 1), "cores for 1 worker");
        assertEquals(Severity.WARN, one.severity(), "a one-core generator shares it with GC");
        assertEquals(">= 2", one.recommended());

        files.put("sys/devices/system/cpu/online", "0-3,6\n");
        files.put("proc/meminfo", "MemTotal: 1000000 kB\nMemAvailable:     200000 kB\n");
        SystemReport r = run(files, 256, 8);
        Check cores = check(r, "cores for 8 workers");
        assertEquals(Severity.WARN, cores.severity());
        assertEquals("5", cores.observed());
        assertEquals(">= 8", cores.recommended());
        Check memory = check(r, "available memory");
        assertEquals(Severity.CRITICAL, memory.severity());
        assertEquals("195 MiB", memory.observed());
        assertEquals(">= 800 MiB (estimate for 8 workers, 256 connections: 400 MiB)", memory.recommended());

        files.put("proc/meminfo", "MemAvailable:     614400 kB\n");
        assertEquals(Severity.WARN, check(run(files, 256, 8), "available memory").severity());
        assertEquals(5, SystemCheck.cpuCount("0-3,6"));
        assertEquals(-1, SystemCheck.cpuCount("3-1"));
    }

    @Test
    void valuesThatCannotBeReadAreUnknownWithTheReasonAndNeverFail() throws IOException {
        SystemReport empty = SystemCheck.forLoad(256, 2).root(root).run();
        assertEquals(NAMES, empty.checks().stream().map(Check::name).toList());
        for (Check c : empty.checks()) {
            assertEquals(Severity.UNKNOWN, c.severity(), c.toString());
            assertTrue(c.observed().startsWith("unknown: "), c.toString());
            assertFalse(c.command().isEmpty(), c.toString());
        }
        assertEquals("unknown: " + root.resolve("proc/sys/net/core/somaxconn")
                + " does not exist (not Linux, or not visible in this container)",
                check(empty, "net.core.somaxconn").observed());
        assertTrue(check(empty, "CPU frequency governor").observed().startsWith("unknown: cannot list "),
                check(empty, "CPU frequency governor").observed());
        assertFalse(empty.hasCritical());
        assertEquals("System check for 256 connections, 2 workers: nothing needs attention (16 could not be checked "
                + "here)\n", empty.formatAttention());
        assertTrue(empty.formatTable().contains("net.core.somaxconn            unknown"), empty.formatTable());

        Map<String, String> files = tuned();
        files.put("proc/sys/net/core/somaxconn", "lots\n");
        files.put("proc/sys/net/ipv4/tcp_tw_reuse", "7\n");
        files.put("proc/sys/net/ipv4/tcp_rmem", "4096 131072\n");
        files.put("proc/sys/net/core/rmem_max", "\n");
        files.put("proc/sys/net/ipv4/ip_local_port_range", "61000 60000\n");
        files.put("proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units\n");
        files.put("proc/meminfo", "MemTotal: 1000 kB\n");
        files.put("sys/devices/system/cpu/online", "zero\n");
        files.remove("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
        files.remove("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor");
        files.put("sys/devices/system/cpu/cpu0/online", "1\n");
        Path fake = write(files);
        Files.createDirectories(fake.resolve("proc/sys/net/ipv4/tcp_fin_timeout.d"));
        Files.delete(fake.resolve("proc/sys/net/ipv4/tcp_fin_timeout"));
        Files.createDirectories(fake.resolve("proc/sys/net/ipv4/tcp_fin_timeout")); // a folder cannot be read
        SystemReport bad = SystemCheck.forLoad(256, 2).root(fake).run();

        assertEquals("unknown: unexpected content 'lots' in " + fake.resolve("proc/sys/net/core/somaxconn"),
                check(bad, "net.core.somaxconn").observed());
        assertEquals("unknown: unexpected content '7' in " + fake.resolve("proc/sys/net/ipv4/tcp_tw_reuse"),
                check(bad, "net.ipv4.tcp_tw_reuse").observed());
        assertEquals(Severity.UNKNOWN, check(bad, "net.ipv4.tcp_rmem").severity());
        assertEquals("unknown: " + fake.resolve("proc/sys/net/core/rmem_max") + " is empty",
                check(bad, "net.core.rmem_max").observed());
        assertEquals(Severity.UNKNOWN, check(bad, "net.ipv4.ip_local_port_range").severity());
        assertTrue(check(bad, "net.ipv4.tcp_fin_timeout").observed().startsWith("unknown: cannot read "),
                check(bad, "net.ipv4.tcp_fin_timeout").observed());
        assertEquals("unknown: no 'Max open files' line in " + fake.resolve("proc/self/limits"),
                check(bad, "open files (soft)").observed());
        assertEquals("unknown: no MemAvailable line in " + fake.resolve("proc/meminfo"),
                check(bad, "available memory").observed());
        assertEquals("unknown: unexpected content 'zero' in " + fake.resolve("sys/devices/system/cpu/online"),
                check(bad, "cores for 2 workers").observed());
        assertTrue(check(bad, "CPU frequency governor").observed().startsWith("unknown: no cpufreq/scaling_governor"),
                check(bad, "CPU frequency governor").observed());
    }

    @Test
    void theRealMachineGivesEveryCheckWithoutFailing() {
        SystemReport r = SystemCheck.forLoad(256, 2).run();
        assertEquals(NAMES, r.checks().stream().map(Check::name).toList());
        for (Check c : r.checks()) {
            assertFalse(c.observed().isBlank() || c.recommended().isBlank() || c.why().isBlank()
                    || c.command().isBlank(), c.toString());
        }
        String table = r.formatTable();
        assertTrue(table.startsWith("System check for 256 connections, 2 workers\nCHECK"), table);
        assertTrue(r.tuningScript().startsWith("#!/bin/sh\n"), r.tuningScript());
        assertEquals(r.checks().stream().anyMatch(c -> c.severity() == Severity.CRITICAL), r.hasCritical());
        System.out.println(table);
    }

    @Test
    void aLoadBelowOneIsRejectedWithTheRuleAndTheValue() {
        assertEquals("concurrency must be >= 1 but was 0",
                assertThrows(IllegalArgumentException.class, () -> SystemCheck.forLoad(0, 1)).getMessage());
        assertEquals("workers must be >= 1 but was -2",
                assertThrows(IllegalArgumentException.class, () -> SystemCheck.forLoad(4, -2)).getMessage());
        assertEquals("targetPort must be between 0 and 65535 but was 70000",
                assertThrows(IllegalArgumentException.class, () -> SystemCheck.forLoad(4, 1).targetPort(70_000))
                        .getMessage());
    }
}
