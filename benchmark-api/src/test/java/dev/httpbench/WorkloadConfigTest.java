package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints, feeders and targets: what the builder accepts, and every message for what it does not. */
class WorkloadConfigTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> problems(Executable build) {
        return assertThrows(InvalidConfigException.class, build).messages();
    }

    private static BenchmarkConfig.Builder target() {
        return Benchmark.target("http://localhost:8080");
    }

    @Test
    void endpointsCarryTheirNameWeightPathAndTheRunsHeaders() throws IOException {
        Path ids = file("ids.csv", "id\n1\n");
        BenchmarkConfig c = Benchmark.target("http://localhost:8080/api/").header("Authorization", "Bearer t")
                .header("Accept", "text/plain")
                .endpoint("items", Request.get("/items/${id}").weight(80).feeder(Feeder.csv(ids)))
                .endpoint("order", Request.post("/orders").header("Accept", "application/json")
                        .jsonBody("{}").weight(5))
                .build();
        assertEquals(List.of("items", "order"), c.endpoints().stream().map(Endpoint::name).toList());
        Endpoint items = c.endpoints().get(0);
        assertEquals("/api/items/${id}", items.path());
        assertEquals(80, items.weight());
        assertEquals(Optional.of(Feeder.csv(ids)), items.feeder());
        assertTrue(items.templated());
        assertEquals(List.of(Map.entry("Authorization", "***"), Map.entry("Accept", "text/plain")),
                items.request().displayHeaders());
        Endpoint order = c.endpoints().get(1);
        assertEquals(List.of(Map.entry("Authorization", "Bearer t"), Map.entry("Accept", "application/json"),
                Map.entry("Content-Type", "application/json")), order.request().headers());
        assertTrue(order.jsonBody());
        assertFalse(c.singleRequest());
        assertEquals("http://localhost:8080/api/ endpoints=items:80,order:5 workers=" + c.workers() + " concurrency=64",
                c.toString());
        assertEquals("items: GET /api/items/${id} weight 80 feeder " + ids + " (sequential)", items.toString());
        assertEquals(c, c.toBuilder().build());
        assertEquals(Optional.of(Duration.ofSeconds(10)), c.duration());
    }

    @Test
    void aRunWithoutEndpointsIsItsSingleRequestNamedAfterItsPath() {
        BenchmarkConfig c = Benchmark.target("http://localhost:8080/health?deep=1").header("X", "${y}").build();
        assertTrue(c.singleRequest());
        Endpoint e = c.endpoints().get(0);
        assertEquals("/health", e.name());
        assertEquals("/health?deep=1", e.path());
        assertEquals(1, e.weight());
        assertFalse(e.templated());
        assertEquals(c.request(), e.request());
        assertEquals("/", Benchmark.target("http://localhost").build().endpoints().get(0).name());
    }

    @Test
    void severalTargetsShareThePathAndShowRedacted() {
        BenchmarkConfig c = Benchmark.targets(List.of(URI.create("http://u:pw@a:1/x"), URI.create("http://b:2/x")))
                .build();
        assertEquals("http://u:***@a:1/x,http://b:2/x", c.displayTarget());
        assertEquals(List.of("http://u:***@a:1/x", "http://b:2/x"), c.displayTargets());
        assertEquals(URI.create("http://u:pw@a:1/x"), c.target());
        assertFalse(c.singleRequest());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void badTargetsAreEachNamed() {
        assertEquals(List.of("targets[1] scheme must be http or https but was 'ftp' in 'ftp://b/x'",
                        "targets must be distinct but targets[2] repeats 'http://a/x'"),
                problems(() -> Benchmark.targets(List.of(URI.create("http://a/x"), URI.create("ftp://b/x"),
                        URI.create("http://a/x"))).build()));
        assertEquals(List.of("targets must all have the same path and query but targets[1] has '/y' and targets[0] '/x'"),
                problems(() -> Benchmark.targets(List.of(URI.create("http://a/x"), URI.create("http://b/y"))).build()));
        assertEquals(List.of("targets must not be empty but was []"),
                problems(() -> Benchmark.targets(List.of()).build()));
        assertEquals(List.of("target URL must have no query with endpoints (their paths carry it) but was "
                        + "'http://a/?k=1'"),
                problems(() -> Benchmark.target("http://a/?k=1").endpoint("x", Request.get("/x")).build()));
    }

    @Test
    void everyEndpointProblemIsReportedAtOnceWithItsName() {
        assertEquals(List.of(
                        "endpoint name must be 1 to 64 letters, digits, '.', '_', '-' or '/' but was 'a b'",
                        "endpoint w: weight must be between 1 and 10000 but was 0",
                        "endpoint p: path must start with '/' and hold only URI characters and ${name} placeholders "
                                + "but was 'items'",
                        "endpoint q: path must start with '/' and hold only URI characters and ${name} placeholders "
                                + "(encode others as %XX; write placeholders as ${name}) but was '/items/{id}'",
                        "endpoint u: path has a '${' at character 8 that is never closed with '}' in '/items/${id'",
                        "endpoint m: method must be an HTTP token like GET or POST but was 'GE T'",
                        "endpoint h: header Content-Length must not be set: the engine sets the message's framing "
                                + "(Content-Length, Transfer-Encoding) and keeps connections alive itself "
                                + "(Connection, Keep-Alive, TE, Trailer, Upgrade)",
                        "endpoint b: body file must exist and be readable but was 'nope.json' (no such file)",
                        "method must not be set with endpoints (each endpoint has its own) but was POST",
                        "body must not be set with endpoints (each endpoint has its own) but was 2 bytes"),
                problems(() -> target().method("POST").body("{}")
                        .endpoint("a b", Request.get("/"))
                        .endpoint("w", Request.get("/").weight(0))
                        .endpoint("p", Request.get("items"))
                        .endpoint("q", Request.get("/items/{id}"))
                        .endpoint("u", Request.get("/items/${id"))
                        .endpoint("m", Request.method("GE T", "/"))
                        .endpoint("h", Request.get("/").header("Content-Length", "1"))
                        .endpoint("b", Request.post("/").jsonBody(Path.of("nope.json")))
                        .build()));
    }

    @Test
    void aProblemCarriesTheEndpointsOptionForToolsToMap() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> target().endpoint("w", Request.get("/").weight(0)).build());
        assertEquals(new InvalidConfigException.Problem("endpoint[w].weight", "must be between 1 and 10000", "0",
                "endpoint w: weight must be between 1 and 10000 but was 0"), e.problems().get(0));
    }

    @Test
    void settingAnEndpointAgainReplacesItAndItsProblems() {
        BenchmarkConfig c = target().endpoint("a", Request.get("/").weight(0)).endpoint("b", Request.get("/b"))
                .endpoint("a", Request.get("/a").weight(3)).build();
        assertEquals(List.of("a: GET /a weight 3", "b: GET /b weight 1"),
                c.endpoints().stream().map(Endpoint::toString).toList());
    }

    @Test
    void aPlaceholderWithoutAColumnNamesTheEndpointThePlaceAndTheColumnsThereAre() throws IOException {
        Path ids = file("ids.csv", "id,name\n1,a\n");
        Path users = file("users.csv", "user\nann\n");
        assertEquals(List.of(
                        "endpoint a: path placeholder must name a column of a feeder but was ${id}, and neither the "
                                + "endpoint nor the run has a feeder"),
                problems(() -> target().endpoint("a", Request.get("/items/${id}")).build()));
        assertEquals(List.of(
                        "endpoint a: path placeholder must name a column of " + ids + " (id, name) or of " + users
                                + " (user) but was ${idx}",
                        "endpoint a: header X-User placeholder must name a column of " + ids + " (id, name) or of "
                                + users + " (user) but was ${usr}",
                        "endpoint a: body placeholder must name a column of " + ids + " (id, name) or of " + users
                                + " (user) but was ${nam}"),
                problems(() -> target().feeder(Feeder.csv(users))
                        .endpoint("a", Request.post("/items/${idx}?u=${user}").header("X-User", "${usr}")
                                .body("${nam} $${literal}").feeder(Feeder.csv(ids)))
                        .build()));
    }

    @Test
    void badFeederFilesFailBeforeAnyLoadNamingTheFileAndLine() throws IOException {
        Path missing = dir.resolve("missing.csv");
        Path empty = file("empty.csv", "");
        Path headerOnly = file("header.csv", "id\n");
        Path ragged = file("ragged.csv", "id,name\n1,a\n\n2,b,c\n");
        Path quote = file("quote.csv", "id\n1\n\"2\n3\n");
        Path after = file("after.csv", "id\n\"1\"x\n");
        Path unnamed = file("unnamed.csv", "id,,x\n1,2,3\n");
        Path twice = file("twice.csv", "id,id\n1,2\n");
        Path notJson = file("bad.jsonl", "{\"id\":1}\n{\"id\":2,}\n");
        Path keys = file("keys.jsonl", "{\"id\":1,\"t\":\"x\"}\n\n{\"id\":2}\n");
        Path extra = file("extra.jsonl", "{\"id\":1}\n{\"id\":2,\"x\":3}\n");
        Path array = file("array.jsonl", "[1]\n");
        String f = "feeder file ";
        List<Object[]> cases = List.of(
                new Object[] {Feeder.csv(missing), f + "must exist and be readable but was '" + missing + "' (no such file)"},
                new Object[] {Feeder.csv(dir), f + "must exist and be readable but was '" + dir + "' (a directory)"},
                new Object[] {Feeder.csv(empty), f + empty + " must have a header line and at least one row but is empty"},
                new Object[] {Feeder.jsonLines(empty), f + empty + " must have at least one line but is empty"},
                new Object[] {Feeder.csv(headerOnly), f + headerOnly + " must have at least one row after its header line "
                        + "but has none"},
                new Object[] {Feeder.csv(ragged), f + ragged + " line 4 must have 2 values like its header but has 3"},
                new Object[] {Feeder.csv(quote), f + quote + " line 3 must close the quote it opens but does not"},
                new Object[] {Feeder.csv(after), f + after + " line 2 value 1 must end at its closing quote but goes on"},
                new Object[] {Feeder.csv(unnamed), f + unnamed + " line 1 must name every column but column 2 has no name"},
                new Object[] {Feeder.csv(twice), f + twice + " line 1 must name each column once but names 'id' twice"},
                new Object[] {Feeder.jsonLines(notJson), f + notJson + " line 2 must be one JSON object but is not "
                        + "(expected '\"' at character 9)"},
                new Object[] {Feeder.jsonLines(keys), f + keys + " line 3 must have the keys of line 1 (id, t) but has "
                        + "no 't'"},
                new Object[] {Feeder.jsonLines(extra), f + extra + " line 2 must have the keys of line 1 (id) but has "
                        + "'x' too"},
                new Object[] {Feeder.jsonLines(array), f + array + " line 1 must be one JSON object but is not "
                        + "(expected '{' at character 1)"});
        for (Object[] c : cases) {
            assertEquals(List.of("endpoint a: " + c[1]), problems(() -> target()
                    .endpoint("a", Request.get("/${id}").feeder((Feeder) c[0])).build()), c[0].toString());
        }
        assertEquals(List.of(f + "must exist and be readable but was '" + missing + "' (no such file)"),
                problems(() -> target().feeder(Feeder.csv(missing)).endpoint("a", Request.get("/${id}")).build()));
    }

    @Test
    void aValueWithALineBreakCannotFillAHeader() throws IOException {
        Path tokens = file("tokens.csv", "token\nabc\n\"line\nbreak\"\n");
        assertEquals(List.of("feeder file " + tokens + " line 3 column token must not contain CR or LF (it fills "
                        + "endpoint a: header Authorization) but does"),
                problems(() -> target().endpoint("a", Request.get("/").header("Authorization", "Bearer ${token}")
                        .feeder(Feeder.csv(tokens))).build()));
        // in a body it is fine
        target().endpoint("a", Request.post("/").body("${token}").feeder(Feeder.csv(tokens))).build();
    }

    @Test
    void aFeederNeedsEndpointsAndAOnceFeederMustFillAPlaceholder() throws IOException {
        Path ids = file("ids.csv", "id\n1\n");
        assertEquals(List.of("feeder needs endpoints (the single request of a run without endpoints has no "
                        + "placeholders) but was " + ids + " (sequential)"),
                problems(() -> target().feeder(Feeder.csv(ids)).build()));
        assertEquals(List.of("endpoint a: feeder " + ids + " is taken once (the run ends when its rows are used up) so "
                        + "it must fill a placeholder but fills none"),
                problems(() -> target().endpoint("a", Request.get("/").feeder(Feeder.csv(ids).once())).build()));
        assertEquals(List.of("feeder " + ids + " is taken once (the run ends when its rows are used up) so it must fill "
                        + "a placeholder but fills none"),
                problems(() -> target().feeder(Feeder.csv(ids).once()).endpoint("a", Request.get("/")).build()));
    }

    @Test
    void aOnceFeederEndsTheRunUnlessRequestsOrADurationComeFirst() throws IOException {
        Path ids = file("ids.csv", "id\n1\n");
        BenchmarkConfig.Builder b = target().endpoint("a", Request.get("/${id}").feeder(Feeder.csv(ids).once()));
        assertTrue(b.build().endsWithData());
        assertEquals(Optional.empty(), b.build().duration());
        assertEquals(Optional.of(Duration.ofSeconds(3)), b.duration(Duration.ofSeconds(3)).build().duration());
        assertEquals("a.jsonl (random, seed 7)", Feeder.jsonLines(Path.of("a.jsonl")).random(7).toString());
    }

    @Test
    void aRequestBuiltAloneReportsItsOwnProblems() {
        assertEquals("weight must be between 1 and 10000 but was 10001; feeder must not be null",
                assertThrows(InvalidConfigException.class, () -> Request.get("/").weight(10_001).feeder(null).build())
                        .getMessage());
        Request r = Request.put("/x").header("A", "1").redactHeader("A").body("b").weight(2).build();
        assertEquals(r, r.toBuilder().build());
        assertEquals("PUT /x weight 2", r.toString());
    }
}
