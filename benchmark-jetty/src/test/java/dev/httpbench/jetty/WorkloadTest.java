package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.FailureKind;
import dev.httpbench.Feeder;
import dev.httpbench.HttpProtocol;
import dev.httpbench.PartResult;
import dev.httpbench.Request;
import dev.httpbench.testsupport.CountingServer;
import dev.httpbench.testsupport.TestServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine sends a workload as configured: the mix of endpoints exactly, feeder values filled and
 * encoded, a once feeder's rows each exactly once, connections spread over several instances; and the
 * result's parts (per endpoint, per instance) count what the server saw, adding up to the totals.
 */
@Timeout(60)
class WorkloadTest {
    @TempDir
    Path dir;

    @Test
    void theMixIsSentExactlyAndEachEndpointCountsWhatTheServerSaw() throws Exception {
        try (CountingServer server = new CountingServer()) {
            BenchmarkResult r = Benchmark.target(server.baseUrl()).workers(2).concurrency(4).requests(2000)
                    .warmup(Duration.ZERO)
                    .endpoint("items", Request.get("/items").weight(80))
                    .endpoint("search", Request.get("/search?q=x").weight(15))
                    .endpoint("order", Request.post("/orders").jsonBody("{\"sku\":1}").weight(5))
                    .run();

            assertEquals(Map.of("/items", 1600L, "/orders", 100L, "/search", 300L), server.countsByPath());
            assertEquals(List.of("items", "search", "order"), List.copyOf(r.endpoints().keySet()));
            assertEquals(1600, r.endpoints().get("items").succeeded());
            assertEquals(300, r.endpoints().get("search").succeeded());
            assertEquals(100, r.endpoints().get("order").succeeded());
            assertPartsAddUp(r);
            assertEquals(List.of(server.baseUrl()), List.copyOf(r.instances().keySet()));
            assertEquals(2000, r.instances().get(server.baseUrl()).succeeded());
            assertEquals(1600, r.endpoints().get("items").latency().count());
        }
    }

    @Test
    void anyThousandConsecutiveRequestsHoldTheMixWithinOnePerHundred() throws Exception {
        try (CountingServer server = new CountingServer()) {
            Benchmark.target(server.baseUrl()).workers(1).concurrency(1).requests(3000).warmup(Duration.ZERO)
                    .endpoint("a", Request.get("/a").weight(7))
                    .endpoint("b", Request.get("/b").weight(2))
                    .endpoint("c", Request.get("/c").weight(1))
                    .run();
            List<String> paths = server.seen().stream().map(CountingServer.Seen::path).toList();
            assertEquals(3000, paths.size());
            for (int start = 0; start + 1000 <= paths.size(); start += 50) {
                List<String> window = paths.subList(start, start + 1000);
                assertNear(700, window.stream().filter("/a"::equals).count(), start);
                assertNear(200, window.stream().filter("/b"::equals).count(), start);
                assertNear(100, window.stream().filter("/c"::equals).count(), start);
            }
        }
    }

    private static void assertNear(long expected, long actual, int start) {
        assertTrue(Math.abs(expected - actual) <= 10, "window at " + start + ": " + actual + " instead of " + expected);
    }

    @Test
    void feederValuesReachTheServerFilledAndEncodedInFileOrder() throws Exception {
        Path terms = Files.writeString(dir.resolve("terms.csv"),
                "id,term,token\n17,red shoes,t-1\na b+c,size 44/45,t-2\n\u00e9t\u00e9,\"x&y=z\",t-3\n");
        try (CountingServer server = new CountingServer()) {
            BenchmarkResult r = Benchmark.target(server.baseUrl()).workers(1).concurrency(1).requests(6)
                    .warmup(Duration.ZERO).feeder(Feeder.csv(terms))
                    .header("Authorization", "Bearer ${token}")
                    .endpoint("search", Request.post("/items/${id}?q=${term}").jsonBody("{\"term\":\"${term}\"}"))
                    .run();

            assertEquals(6, r.succeeded(), r.toString());
            List<String> targets = server.seen().stream().map(CountingServer.Seen::target).toList();
            List<String> once = List.of("/items/17?q=red%20shoes", "/items/a%20b%2Bc?q=size%2044/45",
                    "/items/%C3%A9t%C3%A9?q=x%26y%3Dz");
            List<String> twice = new ArrayList<>(once);
            twice.addAll(once);
            assertEquals(twice, targets, "sequential: in file order, wrapping");
            assertEquals(List.of("Bearer t-1", "Bearer t-2", "Bearer t-3", "Bearer t-1", "Bearer t-2", "Bearer t-3"),
                    server.seen().stream().map(CountingServer.Seen::authorization).toList());
            assertEquals("{\"term\":\"size 44/45\"}", server.seen().get(1).body());
        }
    }

    @Test
    void aOnceFeederEndsTheRunWithEveryRowSentExactlyOnce() throws Exception {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 101; i++) {
            csv.append(i).append('\n');
        }
        Path ids = Files.writeString(dir.resolve("ids.csv"), csv);
        try (CountingServer server = new CountingServer()) {
            BenchmarkResult r = Benchmark.target(server.baseUrl()).workers(2).concurrency(3)
                    .duration(Duration.ofSeconds(50)).warmup(Duration.ZERO)
                    .endpoint("item", Request.get("/items/${id}").feeder(Feeder.csv(ids).once()))
                    .run();

            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                expected.add("/items/" + i);
            }
            List<String> seen = new ArrayList<>(server.seen().stream().map(CountingServer.Seen::target).toList());
            seen.sort((a, b) -> Integer.compare(number(a), number(b)));
            assertEquals(expected, seen);
            assertEquals(101, r.sent(), r.toString());
            assertEquals(101, r.succeeded());
            assertPartsAddUp(r);
        }
    }

    @Test
    void aOnceFeederUsedUpDuringTheAutomaticWarmupEndsTheRunToo() throws Exception {
        Path ids = Files.writeString(dir.resolve("ids.csv"), "id\n1\n2\n3\n4\n5\n");
        try (CountingServer server = new CountingServer()) {
            BenchmarkResult r = Benchmark.target(server.baseUrl()).workers(1).concurrency(2)
                    .duration(Duration.ofSeconds(50))
                    .endpoint("item", Request.get("/items/${id}").feeder(Feeder.csv(ids).once()))
                    .run();

            assertEquals(5, server.requests());
            assertEquals(5, server.seen().stream().map(CountingServer.Seen::target).distinct().count());
            assertTrue(r.sent() <= 5, r.toString());
            assertPartsAddUp(r);
        }
    }

    private static int number(String target) {
        return Integer.parseInt(target.substring(target.lastIndexOf('/') + 1));
    }

    @Test
    void connectionsAreSpreadEvenlyOverTheInstances() throws Exception {
        try (CountingServer a = new CountingServer(); CountingServer b = new CountingServer();
                CountingServer c = new CountingServer()) {
            BenchmarkResult r = Benchmark.targets(List.of(URI.create(a.baseUrl()), URI.create(b.baseUrl()),
                            URI.create(c.baseUrl())))
                    .workers(2).concurrency(6).requests(600).warmup(Duration.ZERO)
                    .endpoint("ok", Request.get("/ok"))
                    .run();

            assertEquals(600, r.succeeded(), r.toString());
            assertEquals(List.of(a.baseUrl(), b.baseUrl(), c.baseUrl()), List.copyOf(r.instances().keySet()));
            assertEquals(a.requests(), r.instances().get(a.baseUrl()).succeeded());
            assertEquals(b.requests(), r.instances().get(b.baseUrl()).succeeded());
            assertEquals(c.requests(), r.instances().get(c.baseUrl()).succeeded());
            assertTrue(a.requests() > 0 && b.requests() > 0 && c.requests() > 0, r.instances().toString());
            assertPartsAddUp(r);
        }
    }

    @Test
    void anInstanceThatGoesDownShowsInItsOwnRowWhileTheOthersKeepGoing() throws Exception {
        try (CountingServer a = new CountingServer(); CountingServer b = new CountingServer();
                CountingServer c = new CountingServer()) {
            BenchmarkRun run = Benchmark.start(Benchmark.targets(List.of(URI.create(a.baseUrl()),
                            URI.create(b.baseUrl()), URI.create(c.baseUrl())))
                    .workers(2).concurrency(6).duration(Duration.ofSeconds(20)).warmup(Duration.ZERO)
                    .endpoint("ok", Request.get("/ok"))
                    .build());
            awaitRequests(b, 200);
            String bUrl = b.baseUrl(); // a stopped server has no port
            b.close();
            long aBefore = a.requests();
            awaitRequests(a, aBefore + 200); // the others keep going
            run.stop();
            BenchmarkResult r = run.result().get(30, TimeUnit.SECONDS);

            PartResult down = r.instances().get(bUrl);
            assertTrue(down.failed() > 0, down.toString());
            assertTrue(down.errors(FailureKind.CONNECT_REFUSED) > 0, down.toString());
            for (CountingServer up : List.of(a, c)) {
                PartResult part = r.instances().get(up.baseUrl());
                assertEquals(part.sent(), part.succeeded() + part.errors(FailureKind.CANCELLED), part.toString());
                assertTrue(part.succeeded() >= 200, part.toString());
            }
            assertPartsAddUp(r);
        }
    }

    private static void awaitRequests(CountingServer server, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (server.requests() < n) {
            assertTrue(System.nanoTime() < deadline, "the server saw " + server.requests() + " requests, not " + n);
            Thread.sleep(5);
        }
    }

    @Test
    void anOpenLoopMixCountsEachArrivalInItsEndpoint() throws Exception {
        try (CountingServer server = new CountingServer()) {
            BenchmarkResult r = Benchmark.target(server.baseUrl()).workers(2).concurrency(4).rate(200)
                    .duration(Duration.ofSeconds(1)).warmup(Duration.ZERO)
                    .endpoint("a", Request.get("/a").weight(3)).endpoint("b", Request.get("/b"))
                    .run();

            assertEquals(r.sent(), server.requests(), r.toString());
            assertEquals(server.countsByPath().get("/a"), r.endpoints().get("a").succeeded());
            assertEquals(server.countsByPath().get("/b"), r.endpoints().get("b").succeeded());
            assertPartsAddUp(r);
        }
    }

    @Test
    void aSingleRequestHasNoParts() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkResult r = Benchmark.target(server.url("/ok")).workers(1).concurrency(2).requests(20)
                    .warmup(Duration.ZERO).run();
            assertEquals(20, r.succeeded());
            assertTrue(r.endpoints().isEmpty());
            assertTrue(r.instances().isEmpty());
        }
    }

    @Test
    void http2RefusesAWorkloadWithAMessage() throws Exception {
        try (CountingServer server = new CountingServer()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Benchmark.target(server.baseUrl()).protocol(HttpProtocol.HTTP_2).requests(1)
                            .endpoint("a", Request.get("/a")).run());
            assertEquals("protocol http/2 sends a single request to a single target: endpoints, feeders and several "
                    + "targets need protocol http/1.1", e.getMessage());
        }
    }

    /** Each part's counts add up, and the endpoints' and the instances' each add up to the totals. */
    static void assertPartsAddUp(BenchmarkResult r) {
        for (Map<String, PartResult> parts : List.of(r.endpoints(), r.instances())) {
            long sent = 0;
            long succeeded = 0;
            Map<Integer, Long> statuses = new TreeMap<>();
            for (PartResult p : parts.values()) {
                assertEquals(p.sent(), p.succeeded() + p.failed(), p.toString());
                sent += p.sent();
                succeeded += p.succeeded();
                p.statusCounts().forEach((s, n) -> statuses.merge(s, n, Long::sum));
            }
            assertEquals(r.sent(), sent, parts.toString());
            assertEquals(r.succeeded(), succeeded, parts.toString());
            assertEquals(r.statusCounts(), statuses);
        }
    }
}
