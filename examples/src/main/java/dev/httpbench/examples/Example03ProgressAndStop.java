package dev.httpbench.examples;

import static dev.httpbench.spi.Durations.format;

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
                    .warmup(Duration.ofMillis(500))  // unmeasured; progress shows the phase
                    .duration(Duration.ofMinutes(1)) // planned: a minute; we stop it after three measuring polls
                    .start();

            int measuringPolls = 0;
            while (measuringPolls < 3 && !run.result().isDone()) {
                Thread.sleep(500);
                Progress p = run.progress();
                System.out.printf("%-9s %6d sent %8.0f req/s  p99 %s%n", p.phase(), p.sent(), p.currentThroughput(),
                        format(p.p99()));
                if (p.phase() == Progress.Phase.MEASURING) {
                    measuringPolls++;
                }
            }
            run.stop();
            BenchmarkResult result = run.await();
            System.out.println(result);
            System.out.println("interrupted: " + result.interrupted());
        }
    }
}
