package dev.httpbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Feeder;
import dev.httpbench.Request;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadTest {
    private static final String UA = "User-Agent: " + Workload.USER_AGENT + "\r\n";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String text(RequestBuffer b) {
        ByteBuffer bytes = b.bytes().duplicate();
        bytes.limit(b.length()).position(0);
        byte[] out = new byte[b.length()];
        bytes.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void aRunWithoutEndpointsIsOneStaticEndpointWithTodaysBytes() {
        BenchmarkConfig c = Benchmark.target("http://127.0.0.1:8080/api/items?x=1").method("POST")
                .header("X-A", "${not a placeholder}").body("{}").build();
        Workload w = Workload.of(c);
        assertTrue(w.isStatic());
        assertEquals("/api/items", w.endpoints().get(0).name());
        RequestBuffer b = new RequestBuffer(16);
        assertEquals(0, w.forWorker(0, 1).next(0, b));
        assertEquals("POST /api/items?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n" + UA + "X-A: ${not a placeholder}\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 2\r\n\r\n{}", text(b));
        assertEquals("GET / HTTP/1.1\r\nHost: localhost\r\n" + UA + "\r\n",
                new String(Workload.of(Benchmark.target("http://localhost").build()).template(0, 0).wireBytes(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void placeholdersAreEncodedForWhereTheyLand() throws IOException {
        // one value with characters that mean something in a path, a query, JSON and nothing in a header
        Path data = file("data.csv", "v\n\"a b/c?d&e=f+g#h\"\"é\\\"\n");
        BenchmarkConfig c = Benchmark.target("http://localhost:8080/base/")
                .endpoint("e", Request.post("/p/${v}?q=${v}").header("X-V", "<${v}> $${x}")
                        .jsonBody("{\"s\":\"${v}\",\"raw\":${v}}").feeder(Feeder.csv(data)))
                .build();
        Workload w = Workload.of(c);
        assertFalse(w.isStatic());
        RequestBuffer b = new RequestBuffer(16);
        assertEquals(0, w.forWorker(0, 1).next(0, b));
        String json = "{\"s\":\"a b/c?d&e=f+g#h\\\"é\\\\\",\"raw\":a b/c?d&e=f+g#h\"é\\}";
        assertEquals("POST /base/p/a%20b%2Fc%3Fd%26e%3Df%2Bg%23h%22%C3%A9%5C?q=a%20b/c?d%26e%3Df%2Bg%23h%22%C3%A9%5C"
                + " HTTP/1.1\r\nHost: localhost:8080\r\n" + UA + "X-V: <a b/c?d&e=f+g#h\"é\\> ${x}\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + json.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + json, text(b));

        RequestParts parts = new RequestParts();
        w.forWorker(0, 1).next(0, parts);
        assertEquals("POST", parts.method());
        assertEquals("/base/p/a%20b%2Fc%3Fd%26e%3Df%2Bg%23h%22%C3%A9%5C?q=a%20b/c?d%26e%3Df%2Bg%23h%22%C3%A9%5C",
                parts.target());
        assertEquals(List.of(Map.entry("X-V", "<a b/c?d&e=f+g#h\"é\\> ${x}"), Map.entry("Content-Type", "application/json")),
                parts.headers());
        assertEquals(json, StandardCharsets.UTF_8.decode(parts.body()).toString());
    }

    @Test
    void rowsFollowTheFeederAndTheRunFeederIsSharedByTheEndpoints() throws IOException {
        Path ids = file("ids.csv", "id\n1\n2\n3\n");
        Path users = file("users.jsonl", "{\"user\":\"ann\",\"n\":1}\n{\"user\":\"bob\",\"n\":2}\n");
        BenchmarkConfig c = Benchmark.target("http://h").feeder(Feeder.jsonLines(users))
                .endpoint("a", Request.get("/a/${id}?u=${user}").weight(1).feeder(Feeder.csv(ids)))
                .endpoint("b", Request.get("/b?n=${n}").weight(1))
                .build();
        Workload w = Workload.of(c);
        assertEquals(List.of(Feeder.jsonLines(users), Feeder.csv(ids)), w.feeders());
        WorkerRequests r = w.forWorker(0, 1);
        RequestBuffer b = new RequestBuffer(16);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int e = r.next(0, b);
            lines.add(e + " " + text(b).substring(0, text(b).indexOf(" HTTP/1.1")));
        }
        assertEquals(List.of("0 GET /a/1?u=ann", "1 GET /b?n=2", "0 GET /a/2?u=ann", "1 GET /b?n=2",
                "0 GET /a/3?u=ann", "1 GET /b?n=2"), lines);
    }

    @Test
    void aOnceFeederEndsEachWorkerAfterItsLastRowAndEveryRowGoesOutOnce() throws IOException {
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < 25; i++) {
            csv.append(i).append('\n');
        }
        BenchmarkConfig c = Benchmark.target("http://h").concurrency(4)
                .endpoint("o", Request.post("/orders/${id}").feeder(Feeder.csv(file("o.csv", csv.toString())).once()))
                .endpoint("s", Request.get("/static").weight(3))
                .build();
        assertTrue(c.duration().isEmpty(), "a run with a once feeder lasts until its rows are used up");
        Workload w = Workload.of(c);
        List<String> sent = new ArrayList<>();
        int statics = 0;
        for (int worker = 0; worker < 4; worker++) {
            WorkerRequests r = w.forWorker(worker, 4);
            RequestBuffer b = new RequestBuffer(16);
            for (int e = r.next(0, b); e != WorkerRequests.EXHAUSTED; e = r.next(0, b)) {
                String line = text(b).substring(0, text(b).indexOf(" HTTP/1.1"));
                if (e == 0) {
                    sent.add(line);
                } else {
                    statics++;
                }
            }
            assertTrue(r.exhausted());
        }
        sent.sort(null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            expected.add("POST /orders/" + i);
        }
        expected.sort(null);
        assertEquals(expected, sent);
        assertTrue(statics > 0);
    }

    @Test
    void eachInstanceHasItsHostAndConnectionsAreSpreadEvenly() {
        BenchmarkConfig c = Benchmark.targets(List.of(URI.create("http://a:8080"), URI.create("http://b:8081"),
                        URI.create("https://c")))
                .concurrency(10).endpoint("x", Request.get("/x")).build();
        Workload w = Workload.of(c);
        assertTrue(new String(w.template(0, 1).wireBytes(), StandardCharsets.UTF_8).contains("\r\nHost: b:8081\r\n"));
        assertTrue(new String(w.template(0, 2).wireBytes(), StandardCharsets.UTF_8).contains("\r\nHost: c\r\n"));
        int[] perInstance = new int[3];
        int workers = 4; // 3, 3, 2, 2 connections
        for (int worker = 0; worker < workers; worker++) {
            int slots = 10 / workers + (worker < 10 % workers ? 1 : 0);
            boolean[] seen = new boolean[3];
            for (int conn = 0; conn < slots; conn++) {
                int i = w.instanceOf(worker, workers, conn);
                perInstance[i]++;
                seen[i] = true;
            }
            assertEquals(Math.min(slots, 3), (seen[0] ? 1 : 0) + (seen[1] ? 1 : 0) + (seen[2] ? 1 : 0));
        }
        assertEquals(List.of(4, 3, 3), List.of(perInstance[0], perInstance[1], perInstance[2]));
    }

    @Test
    void aRequestWithPlaceholdersAllocatesNothingOnceItsBufferHasGrown() throws IOException {
        StringBuilder csv = new StringBuilder("id,term\n");
        for (int i = 0; i < 1000; i++) {
            csv.append(i).append(",red shoes ").append(i).append('\n');
        }
        Path ids = file("ids.csv", csv.toString());
        Workload w = Workload.of(Benchmark.target("http://h")
                .endpoint("items", Request.get("/items/${id}").weight(8).feeder(Feeder.csv(ids)))
                .endpoint("search", Request.get("/search?q=${term}").weight(2).feeder(Feeder.csv(ids).random(1)))
                .endpoint("static", Request.get("/static")).build());
        WorkerRequests r = w.forWorker(0, 1);
        RequestBuffer b = new RequestBuffer(16);
        for (int i = 0; i < 10_000; i++) {
            r.next(0, b); // grows the buffer to the longest request
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        long lengths = 0;
        for (int i = 0; i < 200_000; i++) {
            r.next(0, b);
            lengths += b.length();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertTrue(lengths > 0);
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for 200000 requests");
    }

    @Test
    void aStaticRequestIsSharedNotCopied() {
        Workload w = Workload.of(Benchmark.target("http://h").endpoint("a", Request.get("/a"))
                .endpoint("b", Request.head("/b")).build());
        WorkerRequests r = w.forWorker(0, 1);
        RequestBuffer one = new RequestBuffer(16);
        RequestBuffer two = new RequestBuffer(16);
        assertEquals(0, r.next(0, one));
        assertEquals(1, r.next(0, two));
        assertEquals(0, r.next(0, two));
        assertSame(one.bytes(), two.bytes(), "the worker's one view of endpoint a's bytes");
        assertFalse(two.head());
        assertEquals(1, r.next(0, one));
        assertTrue(one.head());
    }
}
