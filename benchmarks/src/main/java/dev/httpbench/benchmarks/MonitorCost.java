package dev.httpbench.benchmarks;

import dev.httpbench.system.ProcessMonitor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Benchmark, not a test: what the {@link ProcessMonitor} thread costs, as CPU time of that thread per wall
 * time in % of one core, next to a reference thread that only wakes at the same interval and to the
 * whole process, in the same sitting. It holds {@code connections} open loopback connections so that
 * the monitor reads a realistic {@code /proc/net/tcp} and fd table. Single-threaded main.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.MonitorCost 60 1000 1000
 * </pre>
 * Arguments: seconds to measure (default 60), open connections (default 1000), monitor interval in ms
 * (default 1000, the default of {@code monitorInterval}).
 */
public final class MonitorCost {
    private MonitorCost() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Duration interval = Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 1000);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        try (ServerSocket server = new ServerSocket(0, connections, InetAddress.getLoopbackAddress())) {
            List<Socket> open = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                open.add(new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort()));
                open.add(server.accept());
            }
            AtomicLong completed = new AtomicLong();
            ProcessMonitor monitor = new ProcessMonitor(1, interval, server.getLocalPort(), completed::get, List::of);
            Thread reference = new Thread(() -> {
                long next = System.nanoTime();
                while (!Thread.currentThread().isInterrupted()) {
                    next += interval.toNanos();
                    LockSupport.parkNanos(next - System.nanoTime());
                }
            }, "reference-idle");
            reference.setDaemon(true);

            monitor.start();
            monitor.begin();
            reference.start();
            // let OSHI load and the first samples run, so that one-off start-up cost is reported apart
            Thread.sleep(3_000);
            long monitorStart = cpu(threads, monitor.threads());
            List<Long> perThreadStart = monitor.threads().stream().map(t -> threads.getThreadCpuTime(t.getId())).toList();
            long referenceStart = threads.getThreadCpuTime(reference.getId());
            long processStart = os.getProcessCpuTime();
            long wallStart = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            long wall = System.nanoTime() - wallStart;
            long monitorCpu = cpu(threads, monitor.threads()) - monitorStart;
            List<Long> perThread = monitor.threads().stream().map(t -> threads.getThreadCpuTime(t.getId())).toList();
            List<Thread> monitorThreads = monitor.threads();
            long referenceCpu = threads.getThreadCpuTime(reference.getId()) - referenceStart;
            long processCpu = os.getProcessCpuTime() - processStart;
            reference.interrupt();
            var stats = monitor.stop();

            double samples = wall / (double) interval.toNanos();
            System.out.printf(Locale.ROOT, "JDK %s, %d cores, %d open loopback connections, interval %dms, %ds%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), connections,
                    interval.toMillis(), seconds);
            System.out.printf(Locale.ROOT, "start-up (OSHI and first samples, before measuring): %.1f ms CPU%n",
                    monitorStart / 1e6);
            System.out.printf(Locale.ROOT, "monitor threads:  %8.2f ms CPU = %.3f %% of one core (%.3f ms per sample)%n",
                    monitorCpu / 1e6, monitorCpu * 100.0 / wall, monitorCpu / 1e6 / samples);
            for (int i = 0; i < perThread.size(); i++) {
                long used = perThread.get(i) - perThreadStart.get(i);
                System.out.printf(Locale.ROOT, "  %-21s %8.2f ms CPU (%.3f ms per sample)%n",
                        monitorThreads.get(i).getName(), used / 1e6, used / 1e6 / samples);
            }
            System.out.printf(Locale.ROOT, "reference thread: %8.2f ms CPU = %.3f %% of one core%n",
                    referenceCpu / 1e6, referenceCpu * 100.0 / wall);
            System.out.printf(Locale.ROOT, "whole process:    %8.2f ms CPU = %.3f %% of one core%n",
                    processCpu / 1e6, processCpu * 100.0 / wall);
            System.out.println("last summary: " + stats);
            for (Socket s : open) {
                close(s);
            }
        }
    }

    /** The threads' CPU time in total, in nanoseconds. */
    private static long cpu(ThreadMXBean threads, List<Thread> of) {
        return of.stream().mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.getId()))).sum();
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a loopback test socket at exit
        }
    }
}
