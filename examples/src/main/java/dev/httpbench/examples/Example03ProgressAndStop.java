package dev.httpbench.examples;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.Progress;
import dev.httpbench.cli.demo.DemoTarget;
import java.time.Duration;

/**
 * Example 3: watch a run and stop it early. {@code start()} returns at once with a handle:
 * {@code progress()} is cheap to poll from any thread, {@code stop()} ends the run, and the result,
 * marked interrupted, still accounts for every request (those in flight count as cancelled).
 */
public final class Example03ProgressAndStop {
    private Example03ProgressAndStop() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (DemoTarget target = DemoTarget.start()) {
            BenchmarkRun run = Benchmark.target(target.apiUrl())
                    .workers(2)
                    .concurrency(64)
                    .duration(Duration.ofMinutes(1)) // planned: a minute; we stop it after about two seconds
                    .start();

            for (int i = 0; i < 4; i++) {
                Thread.sleep(500);
                Progress p = run.progress();
                System.out.printf("%-9s %6d sent %8.0f req/s  p99 %s%n", p.phase(), p.sent(), p.currentThroughput(),
                        p.p99());
            }
            run.stop();
            BenchmarkResult result = run.await();
            System.out.println(result);
            System.out.println("interrupted: " + result.interrupted());
        }
    }
}
