package dev.httpbench.benchmarks;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.cli.demo.DemoTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Shows that the engine's memory does not grow with the number of requests: one closed-loop run of
 * N requests against the embedded demo target's {@code /health}, with the live heap (after a full
 * GC) measured when 10 % and when 90 % of the requests have been sent. The ratio late/early stays
 * near 1 however large N is; what does grow, slowly, is the timeline (one compressed histogram per
 * second of run). A benchmark, not a test: GC timing varies, so read the ratio, not the bytes.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.EngineMemoryBenchmark [requests=300000]</pre>
 */
public final class EngineMemoryBenchmark {
    private EngineMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long requests = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkRun run = Benchmark.target(target.baseUrl() + "/health").workers(2).concurrency(64)
                    .requests(requests).monitorInterval(java.time.Duration.ZERO).start();
            long early = liveHeapAt(run, requests / 10, memory);
            long late = liveHeapAt(run, requests * 9 / 10, memory);
            var result = run.await();
            System.out.printf(Locale.ROOT, "%d requests in %.1fs (%d timeline entries)%n", result.sent(),
                    result.duration().toMillis() / 1000.0, result.timeline().size());
            System.out.printf(Locale.ROOT, "live heap at 10%%: %.1f MB, at 90%%: %.1f MB, ratio %.2f%n",
                    early / 1e6, late / 1e6, (double) late / early);
        }
    }

    private static long liveHeapAt(BenchmarkRun run, long sent, MemoryMXBean memory) throws InterruptedException {
        while (run.progress().sent() < sent) {
            Thread.sleep(5);
        }
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
