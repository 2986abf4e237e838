package dev.httpbench.jetty.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.testsupport.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WorkerTest {

    @Test
    void preconnectOpensConnectionsWithoutSendingARequest() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkConfig config = Benchmark.target(server.url("/ok")).workers(1).concurrency(5).build();
            Worker worker = new Worker(config, 0, 5, 21);
            worker.start();
            try {
                worker.preconnect(5).get(5, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (server.openConnections() < 5) { // the server accepts asynchronously
                    if (System.nanoTime() > deadline) {
                        fail("the server saw " + server.openConnections() + " connections, not 5");
                    }
                    Thread.sleep(10);
                }
                assertEquals(5, server.openConnections());
                assertEquals(0, server.requests());
            } finally {
                worker.stop();
            }
        }
    }
}
