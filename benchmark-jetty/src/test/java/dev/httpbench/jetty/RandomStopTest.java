package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.FailureKind;
import dev.httpbench.testsupport.Leaks;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * However a run is cut off, every request it issued is counted exactly once: stops at random moments
 * (seeded, so a failure can be replayed), many workers, closed and open loop, slow and fast answers.
 */
@Timeout(120)
class RandomStopTest {
    private static final long SEED = 20261130L;

    @Test
    void aRunStoppedAtAnyMomentStillAddsUp() throws Exception {
        Random random = new Random(SEED);
        try (TestServer server = new TestServer()) {
            for (int round = 0; round < 12; round++) {
                boolean open = round % 2 == 1;
                int delayMs = random.nextInt(3) * 5; // 0, 5 or 10 ms answers
                // the previous round's last requests may still be in the server's socket buffers: count
                // from when the server has closed every connection of that round
                Leaks.assertNoConnections(server::openConnections);
                long before = server.requests();
                var builder = Benchmark.target(server.url("/delay?ms=" + delayMs)).workers(4).concurrency(32)
                        .duration(Duration.ofSeconds(30)).warmup(Duration.ZERO)
                        .drainTimeout(Duration.ofMillis(random.nextInt(200)));
                if (open) {
                    builder.rate(2_000);
                }
                BenchmarkRun run = builder.start();
                Thread.sleep(random.nextInt(400)); // from before the first request to mid-run
                run.stop();
                BenchmarkResult r = run.await(Duration.ofSeconds(30));
                String context = "round " + round + " (seed " + SEED + ", " + (open ? "open" : "closed")
                        + " loop, " + delayMs + " ms): " + r;

                assertEquals(r.sent(), r.succeeded() + r.failed(), context);
                Leaks.assertNoConnections(server::openConnections);
                long seen = server.requests() - before;
                // a request cancelled before it was written never reached the server
                assertTrue(r.succeeded() <= seen && seen <= r.sent(), "server saw " + seen + "; " + context);
                assertEquals(r.sent() - r.succeeded(), r.errors(FailureKind.CANCELLED), "only cancellations; " + context);
                assertTrue(r.interrupted(), context);
            }
            Leaks.assertNoHttpbenchThreads();
            Leaks.assertNoConnections(server::openConnections);
        }
    }
}
