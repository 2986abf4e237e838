package it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.junit.BenchmarkAssertions;
import dev.httpbench.junit.LoadTarget;
import dev.httpbench.junit.LoadTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs a @LoadTest, engine and all, from nothing but the benchmark-junit artifact and JUnit. */
class StandaloneLoadTest {
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        // the JDK's own server, so that this project needs no dependency beyond benchmark-junit and JUnit
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ok", exchange -> {
            served.incrementAndGet();
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @LoadTarget
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    // no warm-up, so that the server counts exactly the measured requests
    @LoadTest(target = "/ok", workers = 1, concurrency = 4, requests = 300, warmup = "0s", minThroughput = 1,
            maxErrorRate = 0)
    void gatesALoadRunAgainstItsOwnServer(BenchmarkResult result) {
        assertEquals(300, result.sent());
        assertEquals(300, served.get());
        BenchmarkAssertions.assertThat(result).hasNoErrors().hasP50AtMost(java.time.Duration.ofSeconds(10));
        assertTrue(Files.isRegularFile(Path.of("target", "httpbench-reports", StandaloneLoadTest.class.getName(),
                "gatesALoadRunAgainstItsOwnServer", "result.json")), "the result file is written before the body");
    }
}
