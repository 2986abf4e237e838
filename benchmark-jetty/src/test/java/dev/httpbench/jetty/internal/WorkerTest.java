package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.testsupport.TestServer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkerTest {

    @Test
    void preconnectOpensConnectionsWithoutSendingARequest() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkConfig config = Benchmark.target(server.url("/ok")).workers(1).concurrency(5).build();
            RunControl control = new RunControl(Thread.currentThread());
            LoopWorker worker = new LoopWorker(config, control, 0, 0, 1, RequestBytes.of(config), null, null,
                    Instances.of(config));
            worker.start();
            try {
                awaitTrue(() -> worker.connected, "the worker connected");
                // the server accepts asynchronously
                awaitTrue(() -> server.openConnections() == 5, "the server saw 5 connections");
                assertEquals(0, server.requests());
                assertEquals(5, worker.recording.connectionsOpened());
                assertEquals(0, worker.recording.reconnects());
            } finally {
                control.cancel = true;
                worker.wakeup();
                assertTrue(worker.join(5_000), "the worker ended");
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 5s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
