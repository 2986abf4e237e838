package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.Interval;
import dev.httpbench.Progress;
import dev.httpbench.testsupport.TestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The generator watches its own process during a real run, and the watching ends with the run. */
@Timeout(60)
class SelfMonitoringTest {
    private static final boolean LINUX = Files.isReadable(Path.of("/proc/self/status"));

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void samplesArriveAtTheIntervalAndJoinTheTimeline() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=5")).workers(2).concurrency(8)
                    .duration(Duration.ofMillis(2_500)).reportInterval(Duration.ofMillis(500))
                    .monitorInterval(Duration.ofMillis(500)).run();

            ClientStats client = r.client().orElseThrow();
            List<ClientSample> samples = r.timeline().stream().flatMap(i -> i.client().stream()).toList();
            // one sample every 500ms over 2.5s, the last one cut short by the end of measurement
            assertTrue(client.samples() >= 4 && client.samples() <= 7, "samples: " + client.samples());
            assertTrue(samples.size() >= 3, "intervals with a sample: " + r.timeline());
            for (int i = 1; i < samples.size(); i++) {
                assertTrue(samples.get(i).offset().compareTo(samples.get(i - 1).offset()) > 0, samples.toString());
            }
            for (Interval interval : r.timeline()) {
                interval.client().ifPresent(s -> {
                    long mid = s.offset().minus(s.window().dividedBy(2)).toNanos();
                    assertTrue(mid >= interval.offset().toNanos()
                            && mid < interval.offset().plus(interval.length()).toNanos(), interval + " got " + s);
                });
            }
            ClientSample s = samples.get(0);
            assertTrue(s.heapUsedBytes() > 0 && s.threads() > 0, s.toString());
            assertTrue(client.heapPeakBytes() > 0 && client.threadsPeak() >= 2, client.toString());
            assertTrue(client.cpuPercent() > 0 && client.cpuPercent() <= 100, client.toString());
            assertTrue(client.cpuPeakPercent() >= client.cpuPercent(), client.toString());
            assertTrue(client.cpuMicrosPerRequest() > 0, client.toString());
            if (LINUX) {
                assertTrue(client.rssPeakBytes() > client.heapPeakBytes() / 2, client.toString());
                assertTrue(client.openFilesPeak() >= 8, "8 connections are 8 open files: " + client);
                assertTrue(client.openFilesLimit() > 0, client.toString());
                assertTrue(client.systemCpuPercent() >= 0 && client.systemCpuPercent() <= 100, client.toString());
                // the 8 connections to the server's port, counted from /proc/net/tcp
                assertTrue(client.tcpEstablishedPeak() >= 8, client.toString());
                assertTrue(samples.stream().anyMatch(x -> x.tcpEstablished() >= 8), samples.toString());
            }
        }
    }

    @Tag("timing") // the machine's scheduling shapes it
    @Test
    void aBusySpinInTheProcessShowsUpInTheCpuFigures() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        AtomicBoolean spinning = new AtomicBoolean(true);
        AtomicLong spinCpuNanos = new AtomicLong();
        Thread spinner = new Thread(() -> {
            long start = threads.getCurrentThreadCpuTime();
            long x = 0;
            while (spinning.get()) {
                x += System.nanoTime() & 1;
            }
            spinCpuNanos.set(threads.getCurrentThreadCpuTime() - start + (x & 0));
        }, "test-spinner");
        try (TestServer server = new TestServer()) {
            spinner.start();
            long start = System.nanoTime();
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=20")).workers(1).concurrency(2)
                    .duration(Duration.ofSeconds(2)).monitorInterval(Duration.ofMillis(500)).run();
            spinning.set(false);
            spinner.join(5_000);
            long wall = System.nanoTime() - start;

            // the spinner's share of all cores over (slightly more than) the run; the process has at least that
            double spinPercent = spinCpuNanos.get() * 100.0 / wall / Runtime.getRuntime().availableProcessors();
            ClientStats client = r.client().orElseThrow();
            assertTrue(spinPercent > 0, "spinner ran: " + spinPercent);
            assertTrue(client.cpuPercent() >= spinPercent * 0.8,
                    "process CPU " + client.cpuPercent() + " % must include the spinner's " + spinPercent + " %");
            assertTrue(client.cpuPeakPercent() >= spinPercent * 0.8, client.toString());
        } finally {
            spinning.set(false);
            spinner.join(5_000);
        }
    }

    @Test
    void theMonitorThreadEndsWithAStoppedRun() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkRun run = Benchmark.target(server.url("/delay?ms=10")).warmup(Duration.ZERO).concurrency(4)
                    .duration(Duration.ofSeconds(30)).monitorInterval(Duration.ofMillis(200)).start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (run.progress().phase() != Progress.Phase.MEASURING && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Progress.Phase.MEASURING, run.progress().phase());
            assertTrue(monitorThreadAlive(), "the monitor thread runs during measurement");
            Thread.sleep(500);
            run.stop();
            BenchmarkResult r = run.await(Duration.ofSeconds(10));
            assertTrue(r.interrupted());
            assertTrue(r.client().isPresent(), r.toString());
        }
    }

    @Test
    void monitoringSwitchedOffGivesNoClientFiguresAndNoThread() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkRun run = Benchmark.target(server.url("/delay?ms=10")).warmup(Duration.ZERO).concurrency(2)
                    .duration(Duration.ofMillis(600)).monitorInterval(Duration.ZERO).start();
            boolean seen = false;
            while (!run.result().isDone()) {
                seen |= monitorThreadAlive();
                Thread.sleep(5);
            }
            BenchmarkResult r = run.await(Duration.ofSeconds(10));
            assertEquals(false, seen);
            assertTrue(r.client().isEmpty());
            assertTrue(r.timeline().stream().allMatch(i -> i.client().isEmpty()));
        }
    }

    private static boolean monitorThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && (t.getName().startsWith("httpbench-monitor-")
                        || t.getName().startsWith("httpbench-sockets-")));
    }
}
