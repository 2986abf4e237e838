package dev.httpbench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Endpoint;
import dev.httpbench.Feeder;
import dev.httpbench.HttpProtocol;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Stage;
import dev.httpbench.spi.RequestBuffer;
import dev.httpbench.spi.WorkerRequests;
import dev.httpbench.spi.Workload;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The messages, with the temporary folder's path left out for readability. */
    private List<String> problems(Path scenario) {
        return assertThrows(ScenarioException.class, () -> Scenario.read(scenario)).messages().stream()
                .map(m -> m.replace(dir + java.io.File.separator, "")).toList();
    }

    /** The README's "Real workloads" section: each file shown as a {@code `name`:} line and a fenced block. */
    static Map<String, String> readmeFiles() throws IOException {
        Path readme = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && readme == null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && Files.isDirectory(d.resolve("benchmark-api"))) {
                readme = d.resolve("README.md");
            }
        }
        String text = Files.readString(readme);
        String section = text.substring(text.indexOf("## Real workloads"), text.indexOf("## System checks"));
        Map<String, String> files = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^`([\\w.]+)`:\\n```\\w*\\n(.*?)^```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            files.put(m.group(1), m.group(2));
        }
        return files;
    }

    private static String requestLine(RequestBuffer b) {
        ByteBuffer bytes = b.bytes().duplicate();
        bytes.limit(b.length()).position(0);
        byte[] out = new byte[b.length()];
        bytes.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void theReadmeScenarioReadsBuildsAndRendersItsRequestsAsWritten() throws IOException {
        Map<String, String> files = readmeFiles();
        assertEquals(List.of("checkout.yaml", "users.csv", "ids.csv", "terms.jsonl"), List.copyOf(files.keySet()));
        for (Map.Entry<String, String> f : files.entrySet()) {
            file(f.getKey(), f.getValue());
        }
        Scenario scenario = Scenario.read(dir.resolve("checkout.yaml"));
        assertEquals(List.of(URI.create("http://127.0.0.1:3000"), URI.create("http://127.0.0.1:3001")), scenario.targets());
        BenchmarkConfig c = scenario.builder().build();
        assertEquals(2, c.workers());
        assertEquals(64, c.concurrency());
        assertEquals(Optional.of(Duration.ofSeconds(30)), c.duration());
        assertEquals(Optional.of(Duration.ofSeconds(5)), c.warmup());
        assertEquals(Optional.of(Feeder.csv(dir.resolve("users.csv")).random(42)), c.feeder());
        assertEquals(List.of("items: GET /items/${id} weight 80 feeder " + dir.resolve("ids.csv") + " (sequential)",
                        "search: GET /search?q=${term} weight 15 feeder " + dir.resolve("terms.jsonl") + " (random, seed 7)",
                        "order: POST /orders weight 5"),
                c.endpoints().stream().map(Endpoint::toString).toList());
        assertEquals(List.of(Map.entry("Authorization", "***"), Map.entry("Content-Type", "application/json")),
                c.endpoints().get(2).request().displayHeaders());

        WorkerRequests requests = Workload.of(c).forWorker(0, 1);
        RequestBuffer b = new RequestBuffer(64);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int e = requests.next(0, b);
            String r = requestLine(b);
            sent.add(e + " " + r.substring(0, r.indexOf(" HTTP/1.1")));
            assertTrue(r.contains("\r\nHost: 127.0.0.1:3000\r\nUser-Agent: " + Workload.USER_AGENT
                    + "\r\nAuthorization: Bearer t-000"), r);
            if (e == 2) {
                assertTrue(r.endsWith("\r\n\r\n{\"user\":\"ann\",\"sku\":\"A-1\",\"qty\":1}")
                        || r.endsWith("\r\n\r\n{\"user\":\"bob\",\"sku\":\"A-1\",\"qty\":1}"), r);
            }
        }
        assertEquals(16, sent.stream().filter(s -> s.startsWith("0 GET /items/")).count());
        assertEquals(3, sent.stream().filter(s -> s.startsWith("1 GET /search?q=")).count());
        assertEquals(1, sent.stream().filter(s -> s.equals("2 POST /orders")).count());
        assertEquals(List.of("0 GET /items/17", "0 GET /items/42", "0 GET /items/17"),
                sent.stream().filter(s -> s.startsWith("0 ")).limit(3).toList());
        assertTrue(sent.stream().filter(s -> s.startsWith("1 ")).allMatch(s -> s.equals("1 GET /search?q=red%20shoes")
                || s.equals("1 GET /search?q=size%2044/45")), sent.toString());
    }

    @Test
    void aJsonScenarioWithEveryLoadSettingReadsToTheSameBuilderCalls() throws IOException {
        Path s = file("s.json", """
                {"target": "http://localhost:8080/api", "concurrency": 8, "requests": 100, "warmup": "auto",
                 "stages": [{"rate": 10, "duration": "1s"}, {"from": 10, "to": 20, "duration": "2s"}],
                 "timeout": "2s", "connectTimeout": "1s", "drainTimeout": "500ms", "reportInterval": "200ms",
                 "monitorInterval": "0s", "successStatuses": "2xx,404", "protocol": "http/2",
                 "trustAllCertificates": true, "redactHeaders": ["X-Key"], "headers": {"X-Key": "k"},
                 "endpoints": {"a": {"path": "/a", "bodyFile": "body.txt", "method": "PUT", "weight": 2,
                                     "redactHeaders": "X-Other", "headers": {"X-Other": 1}}}}
                """);
        file("body.txt", "hello");
        BenchmarkConfig c = Scenario.read(s).builder().build();
        assertEquals(8, c.concurrency());
        assertEquals(List.of(Stage.constant(10, Duration.ofSeconds(1)), Stage.ramp(10, 20, Duration.ofSeconds(2))),
                c.stages());
        assertEquals(Optional.empty(), c.warmup());
        assertEquals(HttpProtocol.HTTP_2, c.protocol());
        assertTrue(c.trustAllCertificates());
        assertEquals(Duration.ofMillis(500), c.drainTimeout());
        assertTrue(c.successStatuses().contains(404));
        Endpoint a = c.endpoints().get(0);
        assertEquals("/api/a", a.path());
        assertEquals("PUT", a.request().method());
        assertEquals("hello", new String(a.request().body(), StandardCharsets.UTF_8));
        assertEquals(List.of(Map.entry("X-Key", "***"), Map.entry("X-Other", "***")), a.request().displayHeaders());
    }

    @Test
    void everyProblemOfAFileIsReportedWithItsLineAndField() throws IOException {
        file("ids.csv", "id\n1\n2,3\n");
        Path s = file("bad.yaml", """
                target: http://localhost:8080
                concurrency: many
                duration: 30
                warmup: soon
                protocol: spdy
                endpoints:
                  items:
                    path: /items/${id}
                    wieght: 80
                    weight: 0
                    feeder: ids.csv
                  search:
                    path: /search?q=${term}
                  order:
                    method: POST
                    path: /orders
                    body: x
                    json: {a: 1}
                  bad name:
                    path: /x
                  nopath:
                    weight: 1
                """);
        assertEquals(List.of(
                        "bad.yaml line 2: concurrency must be a whole number but was 'many'",
                        "bad.yaml line 3: duration must be a duration like 500ms, 30s, 2m or PT30S but was 30",
                        "bad.yaml line 4: warmup must be a duration like 500ms, 30s, 2m or PT30S but was 'soon'",
                        "bad.yaml line 5: protocol must be http/1.1 or http/2 but was 'spdy'",
                        "bad.yaml line 9: endpoints.items.wieght is not a known field (known: method, path, weight, "
                                + "headers, redactHeaders, body, bodyFile, json, jsonFile, feeder)",
                        "bad.yaml line 10: endpoint items: weight must be between 1 and 10000 but was 0",
                        "bad.yaml line 13: endpoint search: path placeholder must name a column of a feeder but was "
                                + "${term}, and neither the endpoint nor the run has a feeder",
                        "bad.yaml line 18: endpoints.order must have at most one of body, bodyFile, json and jsonFile "
                                + "but has body and json",
                        "bad.yaml line 19: endpoint name must be 1 to 64 letters, digits, '.', '_', '-' or '/' but was "
                                + "'bad name'",
                        "bad.yaml line 21: endpoints.nopath.path must be given, e.g. /items/${id}"),
                problems(s));
        // with the weight fixed, the feeder file's own line shows, at the feeder's line
        Files.writeString(s, Files.readString(s).replace("weight: 0", "weight: 1"));
        List<String> again = problems(s);
        assertEquals("bad.yaml line 11: endpoint items: feeder file ids.csv line 3 must have 1 value like its header "
                + "but has 2", again.get(5));
        ScenarioException.Problem p = assertThrows(ScenarioException.class, () -> Scenario.read(s)).problems().get(5);
        assertEquals(List.of(s.toString(), 11, "endpoints.items.feeder"), List.of(p.file(), p.line(), p.field()));
    }

    @Test
    void malformedFilesNameTheLine() throws IOException {
        assertEquals(List.of("dup.yaml line 3: endpoints must appear once but appears again (first on line 1)"),
                problems(file("dup.yaml", "endpoints:\n  a: {path: /a}\nendpoints:\n  b: {path: /b}\n")));
        List<String> yaml = problems(file("broken.yaml", "concurrency: 4\nendpoints: [a\nworkers: 2\n"));
        assertTrue(yaml.size() == 1 && yaml.get(0).matches("broken\\.yaml line \\d: the file must be well-formed YAML but "
                + "is not: .+"), yaml.toString());
        List<String> json = problems(file("broken.json", "{\"concurrency\": 4,\n\"workers\": }\n"));
        assertTrue(json.size() == 1 && json.get(0).startsWith("broken.json line 2: the file must be well-formed JSON but "
                + "is not: "), json.toString());
        assertEquals(List.of("empty.yaml line 1: the file must hold a map of settings but is empty"),
                problems(file("empty.yaml", "# nothing\n")));
        assertEquals(List.of("list.yaml line 1: the file must hold a map of settings but holds a list"),
                problems(file("list.yaml", "- a\n")));
        assertEquals(List.of("scenario file must exist and be readable but was 'nope.yaml' (no such file)"),
                problems(dir.resolve("nope.yaml")));
        assertEquals(List.of("scenario file must end in .yaml, .yml or .json but was 'x.txt'"), problems(Path.of("x.txt")));
    }

    @Test
    void feederFieldsAreCheckedToo() throws IOException {
        file("ids.csv", "id\n1\n");
        assertEquals(List.of(
                        "f.yaml line 1: feeder.order must be sequential, random or once but was 'shuffled'",
                        "f.yaml line 4: endpoints.a.feeder.seed needs order random but the order is sequential",
                        "f.yaml line 7: endpoints.b.feeder file must end in .csv, .jsonl or .ndjson, or have a format, "
                                + "but was 'ids.txt'",
                        "f.yaml line 9: endpoints.c.feeder.file must be given (a .csv or .jsonl file)"),
                problems(file("f.yaml", """
                        feeder: {file: ids.csv, order: shuffled}
                        endpoints:
                          a:
                            feeder: {file: ids.csv, seed: 3}
                            path: /a/${id}
                          b:
                            feeder: ids.txt
                            path: /b
                          c: {path: /c, feeder: {order: once}}
                        """)));
    }

    @Test
    void aFileWithoutTargetsIsCheckedAndTheCallerGivesThem() throws IOException {
        Scenario s = Scenario.read(file("t.yml", "endpoints: {a: {path: /a}}\n"));
        assertEquals(List.of(), s.targets());
        assertEquals("target URL must not be null",
                assertThrows(InvalidConfigException.class, () -> s.builder().build()).getMessage());
        BenchmarkConfig c = s.builder().targets(List.of(URI.create("http://a:1"), URI.create("http://b:2"))).build();
        assertEquals("http://a:1,http://b:2", c.displayTarget());
        assertEquals(List.of("t2.yml line 1: targets[1] scheme must be http or https but was 'ftp' in 'ftp://b'"),
                problems(file("t2.yml", "targets: [http://a, ftp://b]\n")));
    }
}
