package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.testsupport.CountingServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's workload options end to end, in-process, against loopback servers that count what they get. */
class WorkloadRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--warmup", "0s", "--workers", "1", "--output-dir",
                dir.resolve("out").toString(), "--quiet", "--no-health-check"));
        all.addAll(List.of(args));
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new Runner(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).run(all.toArray(String[]::new)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path reportFolder() throws Exception {
        try (Stream<Path> folders = Files.list(dir.resolve("out"))) {
            return folders.findFirst().orElseThrow();
        }
    }

    @Test
    void endpointOptionsSendTheMixAndReportEachEndpoint() throws Exception {
        try (CountingServer server = new CountingServer()) {
            int code = run("--base-url", server.baseUrl(), "-c", "2", "-n", "40",
                    "--endpoint", "items=GET /items weight 3", "--endpoint", "order=POST /orders json {\"sku\":\"A-1\"}");

            assertEquals(Runner.EXIT_OK, code, err());
            assertEquals(Map.of("/items", 30L, "/orders", 10L), server.countsByPath());
            assertTrue(server.seen().stream().filter(s -> s.path().equals("/orders"))
                    .allMatch(s -> s.method().equals("POST") && s.body().equals("{\"sku\":\"A-1\"}")), server.seen().toString());
            JsonNode run = JSON.readTree(reportFolder().resolve("summary.json").toFile()).at("/runs/0");
            assertEquals(30, run.at("/endpoints/items/requests/sent").asLong());
            assertEquals(10, run.at("/endpoints/order/requests/succeeded").asLong());
            assertEquals(40, run.at("/instances/" + (server.baseUrl() + "/").replace("/", "~1") + "/requests/sent").asLong());
            List<String> csv = Files.readAllLines(reportFolder().resolve("results.csv"));
            assertEquals(List.of("endpoint items", "endpoint order", "instance " + server.baseUrl() + "/"),
                    csv.subList(2, 5).stream().map(l -> l.substring(l.lastIndexOf(',') + 1)).toList());
            assertTrue(out().contains("    endpoint items       30 requests"), out());
            assertTrue(out().contains("    endpoint order       10 requests"), out());
        }
    }

    @Test
    void aBaseUrlListSpreadsTheConnectionsAndReportsEachInstance() throws Exception {
        try (CountingServer a = new CountingServer(); CountingServer b = new CountingServer()) {
            int code = run("--base-url", a.baseUrl() + "," + b.baseUrl(), "--path", "/ok", "-c", "4", "-n", "200");

            assertEquals(Runner.EXIT_OK, code, err());
            assertEquals(200, a.requests() + b.requests());
            assertTrue(a.requests() > 0 && b.requests() > 0, a.requests() + " and " + b.requests());
            JsonNode run = JSON.readTree(reportFolder().resolve("summary.json").toFile()).at("/runs/0");
            assertEquals(a.requests(), run.at("/instances/" + (a.baseUrl() + "/ok").replace("/", "~1") + "/requests/succeeded").asLong());
            assertEquals(b.requests(), run.at("/instances/" + (b.baseUrl() + "/ok").replace("/", "~1") + "/requests/succeeded").asLong());
            assertEquals(a.baseUrl() + "/ok," + b.baseUrl() + "/ok", run.get("target").asText());
        }
    }

    @Test
    void aScenarioFileRunsWithItsTargetsAndAOnceFeederSendsEveryRowOnce() throws Exception {
        try (CountingServer server = new CountingServer()) {
            Files.writeString(dir.resolve("ids.csv"), "id\n1\n2\n3\n4\n5\n6\n7\n");
            Path scenario = Files.writeString(dir.resolve("scenario.yaml"), """
                    targets: [%s]
                    concurrency: 2
                    duration: 30s
                    endpoints:
                      item:
                        path: /items/${id}
                        feeder: {file: ids.csv, order: once}
                    """.formatted(server.baseUrl()));

            int code = run("--scenario", scenario.toString());

            assertEquals(Runner.EXIT_OK, code, err());
            List<String> seen = new ArrayList<>(server.seen().stream().map(CountingServer.Seen::target).toList());
            seen.sort(null);
            assertEquals(List.of("/items/1", "/items/2", "/items/3", "/items/4", "/items/5", "/items/6", "/items/7"),
                    seen);
            assertTrue(out().contains("c2-w1"), "the scenario's concurrency is the only level: " + out());
        }
    }

    @Test
    void theReadmeScenarioRunsAsWrittenOnTwoInstances() throws Exception {
        Path readme = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(readme.resolve("README.md")) || !Files.isDirectory(readme.resolve("benchmark-api"))) {
            readme = readme.getParent();
        }
        String text = Files.readString(readme.resolve("README.md"));
        String section = text.substring(text.indexOf("## Real workloads"), text.indexOf("## System checks"));
        Matcher m = Pattern.compile("(?m)^`([\\w.]+)`:\\n```\\w*\\n(.*?)^```", Pattern.DOTALL).matcher(section);
        while (m.find()) {
            Files.writeString(dir.resolve(m.group(1)), m.group(2));
        }
        try (CountingServer a = new CountingServer(); CountingServer b = new CountingServer()) {
            int code = run("--scenario", dir.resolve("checkout.yaml").toString(), "--base-url",
                    a.baseUrl() + "," + b.baseUrl(), "-c", "4", "-n", "200");

            assertEquals(Runner.EXIT_OK, code, err());
            List<CountingServer.Seen> seen = new ArrayList<>(a.seen());
            seen.addAll(b.seen());
            assertEquals(200, seen.size());
            assertTrue(a.requests() > 0 && b.requests() > 0, a.requests() + " and " + b.requests());
            assertEquals(160, seen.stream().filter(s -> s.path().startsWith("/items/")).count());
            assertEquals(30, seen.stream().filter(s -> s.path().equals("/search")).count());
            assertEquals(10, seen.stream().filter(s -> s.path().equals("/orders")).count());
            assertTrue(seen.stream().allMatch(s -> List.of("Bearer t-0001", "Bearer t-0002").contains(s.authorization())),
                    seen.toString());
            assertTrue(seen.stream().filter(s -> s.path().equals("/search"))
                    .allMatch(s -> List.of("/search?q=red%20shoes", "/search?q=size%2044/45").contains(s.target())),
                    seen.toString());
            assertTrue(seen.stream().filter(s -> s.path().equals("/orders")).allMatch(s -> s.method().equals("POST")
                    && s.body().matches("\\{\"user\":\"(ann|bob)\",\"sku\":\"A-1\",\"qty\":1}")), seen.toString());
        }
    }

    @Test
    void anEndpointP99ThresholdIsJudgedOnThatEndpoint() throws Exception {
        try (CountingServer server = new CountingServer()) {
            int code = run("--base-url", server.baseUrl(), "-c", "1", "-n", "10", "--endpoint", "items=/items",
                    "--assert-p99", "items=1us", "--assert-p99", "10s");

            assertEquals(Runner.EXIT_THRESHOLD, code, err());
            assertTrue(out().contains("THRESHOLD VIOLATED: c1-w1-rep1: endpoint items P99 ")
                    && out().contains(" is above --assert-p99 items=1us"), out());
            assertTrue(!out().contains("is above --assert-p99 10s"), out());
        }
    }

    @Test
    void badWorkloadOptionsAreReportedTogetherBeforeAnyLoad() throws Exception {
        try (CountingServer server = new CountingServer()) {
            int code = run("--base-url", server.baseUrl(), "--endpoint", "items GET /items", "--endpoint",
                    "ok=/ok weight 0", "--feeder", "ids.txt", "--assert-p99", "search=200ms",
                    "--scenario", dir.resolve("missing.yaml").toString());

            assertEquals(Runner.EXIT_USAGE, code);
            assertEquals(0, server.requests());
            assertTrue(err().contains("--endpoint must be NAME=[METHOD ]PATH[ weight N][ json TEXT | body TEXT], like "
                    + "'items=GET /items/${id} weight 80', but was 'items GET /items'"), err());
            assertTrue(err().contains("--feeder must be 'FILE', 'FILE once', 'FILE sequential' or 'FILE random SEED' "
                    + "with a .csv, .jsonl or .ndjson FILE but was 'ids.txt'"), err());
            assertTrue(err().contains("--scenario: "), err());
        }
    }

    @Test
    void anUnknownEndpointInAThresholdIsAUsageError() throws Exception {
        try (CountingServer server = new CountingServer()) {
            int code = run("--base-url", server.baseUrl(), "--endpoint", "items=/items", "--endpoint", "ok=/ok weight 0",
                    "--assert-p99", "search=200ms");
            assertEquals(Runner.EXIT_USAGE, code);
            assertTrue(err().contains("endpoint ok: weight must be between 1 and 10000 but was 0"), err());

            out.reset();
            err.reset();
            code = run("--base-url", server.baseUrl(), "--endpoint", "items=/items", "--assert-p99", "search=200ms");
            assertEquals(Runner.EXIT_USAGE, code);
            assertTrue(err().contains("--assert-p99 must name an endpoint (items) but was 'search'"), err());
            assertEquals(0, server.requests());
        }
    }
}
