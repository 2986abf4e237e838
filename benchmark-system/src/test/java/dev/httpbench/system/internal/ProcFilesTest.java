package dev.httpbench.system.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Parsing the kernel's text files, from lines as the kernel writes them. */
class ProcFilesTest {

    @Test
    void tcpStateIsReadOnlyForTheRemotePortAsked() {
        String v4 = "   3: 0100007F:9C40 0100007F:0BB8 01 00000000:00000000 00:00000000 00000000  1000        0 5 1";
        assertEquals(0x01, ProcFiles.tcpState(v4, 3000));
        assertEquals(0x01, ProcFiles.tcpState(v4, 0));
        assertEquals(-1, ProcFiles.tcpState(v4, 80));
        String v6mapped = "  12: 0000000000000000FFFF00000100007F:9C41 0000000000000000FFFF00000100007F:0BB8 06 "
                + "00000000:00000000 03:00001770 00000000     0        0 0 3";
        assertEquals(0x06, ProcFiles.tcpState(v6mapped, 3000));
        assertEquals(-1, ProcFiles.tcpState("  sl  local_address rem_address   st tx_queue", 0));
        assertEquals(-1, ProcFiles.tcpState("   3: 0100007F:9C40 0100007F:0BB8", 0));
        assertEquals(-1, ProcFiles.tcpState("   3: 0100007F:9C40 0100007F:ZZZZ 01 x", 3000));
        assertEquals(-1, ProcFiles.tcpState("", 0));
    }

    @Test
    void openFilesLimitReadsSoftAndHardAndUnlimited(@TempDir Path root) throws IOException {
        Path limits = write(root, "proc/self/limits", "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            1024                 unlimited            files     \n");
        assertEquals(new ProcFiles.OpenFilesLimit(1024, Long.MAX_VALUE, null), new ProcFiles(root).openFilesLimit());
        Files.writeString(limits, "Max open files            many                 1024                 files\n");
        assertEquals(new ProcFiles.OpenFilesLimit(-1, -1, "unexpected line in " + limits
                + ": 'Max open files            many                 1024                 files'"),
                new ProcFiles(root).openFilesLimit());
    }

    @Test
    void selfStatusReadsResidentMemoryAndThreads(@TempDir Path root) throws IOException {
        Path status = write(root, "proc/self/status", "Name:\tjava\nVmPeak:\t 4000000 kB\nVmRSS:\t  171520 kB\nRssAnon:\t  150000 kB\n"
                + "Threads:\t27\nSigQ:\t0/7823\n");
        assertEquals(new ProcFiles.ProcessStatus(171520L * 1024, 27, null), new ProcFiles(root).selfStatus());
        Files.writeString(status, "Name:\tjava\nThreads:\t27\n"); // a kernel thread has no VmRSS
        assertEquals(new ProcFiles.ProcessStatus(-1, -1, "no VmRSS or Threads line in " + status),
                new ProcFiles(root).selfStatus());
        Files.writeString(status, "VmRSS:\t  lots kB\nThreads:\t27\n");
        assertEquals(new ProcFiles.ProcessStatus(-1, -1, "unexpected VmRSS or Threads line in " + status),
                new ProcFiles(root).selfStatus());
    }

    @Test
    void cpuTicksCountAllButIdleAndIowaitAsBusy(@TempDir Path root) throws IOException {
        // user nice system idle iowait irq softirq steal guest guest_nice
        Path stat = write(root, "proc/stat", "cpu  100 5 50 800 20 0 15 10 7 0\ncpu0 50 2 25 400 10 0 7 5 3 0\nintr 1 2 3\n");
        ProcFiles.CpuTicks first = new ProcFiles(root).cpuTicks();
        assertEquals(new ProcFiles.CpuTicks(180, 1000, null), first);
        Files.writeString(stat, "cpu  160 5 80 850 30 0 15 10 7 0\n");
        ProcFiles.CpuTicks second = new ProcFiles(root).cpuTicks();
        assertEquals(90 * 100.0 / 150, second.busyPercentSince(first), 1e-9); // 90 busy of 150 ticks
        assertEquals(-1, first.busyPercentSince(first), "no tick passed");
        Files.writeString(stat, "cpu  a b c\n");
        ProcFiles.CpuTicks broken = new ProcFiles(root).cpuTicks();
        assertEquals(new ProcFiles.CpuTicks(-1, -1, "unexpected first line in " + stat + ": 'cpu  a b c'"), broken);
        assertEquals(-1, second.busyPercentSince(broken));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void selfStatusOfTheRealProcessIsKnownOnLinux() {
        ProcFiles.ProcessStatus own = ProcFiles.system().selfStatus();
        assertEquals(null, own.problem());
        assertTrue(own.rssBytes() > Runtime.getRuntime().totalMemory() / 4, own.toString());
        assertTrue(own.threads() >= Thread.activeCount(), own.toString());
    }

    @Test
    void sysctlNamesMapToProcSysPaths(@TempDir Path root) throws IOException {
        write(root, "proc/sys/net/core/somaxconn", " 4096 \n");
        ProcFiles proc = new ProcFiles(root);
        assertEquals(new ProcFiles.Reading("4096", null), proc.sysctl("net.core.somaxconn"));
        assertEquals(new ProcFiles.Reading(null, root.resolve("proc/sys/net/core/rmem_max")
                + " does not exist (not Linux, or not visible in this container)"), proc.sysctl("net.core.rmem_max"));
        assertEquals(new ProcFiles.TcpCounts(-1, -1, root.resolve("proc/net/tcp6")
                + " does not exist (not Linux, or not visible in this container)"), proc.tcpCounts(80));
    }

    /** A file of a fake tree below {@code root}, its folders created. */
    private static Path write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }
}
