package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.FailureKind;
import dev.httpbench.Progress;
import dev.httpbench.testsupport.Leaks;
import dev.httpbench.testsupport.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs end cleanly however they end: on time, stopped, or with the server gone. */
@Timeout(60)
class LifecycleTest {

    @Test
    void stoppedRunEndsPromptlyCountsEveryRequestAndLeavesNothingBehind() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkRun run = Benchmark.target(server.url("/delay?ms=50")).workers(2).concurrency(16)
                    .warmup(Duration.ZERO).duration(Duration.ofSeconds(30)).start();
            Thread.sleep(500);
            assertEquals(Progress.Phase.MEASURING, run.progress().phase());
            long stoppedAt = System.nanoTime();
            run.stop();
            BenchmarkResult r = run.await(Duration.ofSeconds(10));

            assertTrue(System.nanoTime() - stoppedAt < 5_000_000_000L, "stop took too long");
            assertTrue(r.interrupted());
            assertEquals(r.sent(), r.succeeded() + r.failed());
            assertTrue(r.succeeded() > 0);
            assertEquals(server.requests(), r.sent(), "every request the server saw is counted");
            assertTrue(r.errors(FailureKind.CANCELLED) <= 16, "only requests in flight were cancelled: " + r);
            assertEquals(Progress.Phase.DONE, run.progress().phase());
            Leaks.assertNoConnections(server::openConnections);
        }
    }

    @Test
    void openLoopStoppedRunLeavesNothingBehind() throws Exception {
        try (TestServer server = new TestServer()) {
            try (BenchmarkRun run = Benchmark.target(server.url("/delay?ms=20")).concurrency(8).rate(500)
                    .warmup(Duration.ZERO).duration(Duration.ofSeconds(30)).start()) {
                Thread.sleep(400);
                run.stop();
                BenchmarkResult r = run.await(Duration.ofSeconds(10));
                assertTrue(r.interrupted());
                assertEquals(r.sent(), r.succeeded() + r.failed());
            }
            Leaks.assertNoConnections(server::openConnections);
        }
    }

    @Test
    void serverDyingMidRunIsCountedAndClassifiedWithoutHanging() throws Exception {
        TestServer server = new TestServer();
        BenchmarkRun run = Benchmark.target(server.url("/delay?ms=10")).warmup(Duration.ZERO).workers(2).concurrency(8)
                .duration(Duration.ofSeconds(2)).timeout(Duration.ofSeconds(1)).start();
        // close the server once responses flow (a fixed sleep raced the run's start on a loaded machine)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (run.progress().succeeded() < 10 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        server.close();
        BenchmarkResult r = run.await(Duration.ofSeconds(15));

        assertFalse(r.interrupted());
        assertEquals(r.sent(), r.succeeded() + r.failed());
        assertTrue(r.succeeded() > 0, r.toString());
        assertTrue(r.errors(FailureKind.CONNECT_REFUSED) > 0, r.toString());
    }

    @Test
    void requestsStillInFlightAfterTheDrainTimeoutAreCancelled() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/delay?ms=5000")).warmup(Duration.ZERO).concurrency(4)
                    .duration(Duration.ofMillis(200)).drainTimeout(Duration.ofMillis(200)).run();

            assertEquals(4, r.sent());
            assertEquals(java.util.Map.of(FailureKind.CANCELLED, 4L), r.errors());
            assertFalse(r.interrupted());
        }
    }

    @Test
    void summaryReadsLikeWrk() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok"))
                    .warmup(Duration.ZERO).concurrency(2).requests(50).run();
            String text = r.toString();
            assertTrue(text.contains("test @ " + server.url("/ok")), text);
            assertTrue(text.contains("p99 "), text);
            assertTrue(text.contains("50 requests in "), text);
            assertTrue(text.contains("Requests/sec: "), text);
        }
    }

}
