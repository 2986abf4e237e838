package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.report.merge.ShardOutput;
import dev.httpbench.testsupport.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's shard options and {@code --find-max-rate}, in-process against a loopback server: what they
 * refuse (exit 2, every problem named, nothing measured) and what they write.
 */
class RunnerShardAndMaxRateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private Harness h;

    private Harness h() {
        if (h == null) {
            h = new Harness(dir);
        }
        return h;
    }

    private void assertUsage(List<String> problems, Map<String, String> env, String... args) throws Exception {
        int code = h().run(h().runner(env), args);
        StringBuilder expected = new StringBuilder();
        problems.forEach(p -> expected.append("httpbench: ").append(p).append('\n'));
        expected.append("Run 'httpbench --help' for the options.\n");
        assertEquals(expected.toString(), h().err());
        assertEquals(Runner.EXIT_USAGE, code);
        assertEquals(0, h().filesIn(dir), "nothing measured, no folder made");
        assertEquals("", h().out());
        h().reset();
    }

    @Test
    void findMaxRateRefusesWhatMakesNoSenseForOneSearchNamingEachOption() throws Exception {
        String url = server.url("/ok");
        assertUsage(List.of("--find-max-rate searches one configuration, so it must not be combined with -R with more"
                + " than one rate (a single --rate is the first probe's)",
                "--find-max-rate searches one configuration, so it must not be combined with -c with more than one"
                        + " level",
                "--find-max-rate searches one configuration, so it must not be combined with --repeats",
                "--find-max-rate searches one configuration, so it must not be combined with --assert-* thresholds"
                        + " (the SLO is the threshold: exit 1 when no rate meets it)"),
                Map.of(), h().tiny("--find-max-rate", "-R", "100,200", "-c", "8,16", "--repeats", "2",
                        "--assert-p99", "1s", url));
        assertUsage(List.of("--find-max-rate searches one configuration, so it must not be combined with --stages"),
                Map.of(), "--find-max-rate", "--stages", "10/1s", "-q", "--output-dir", dir.toString(), url);
        assertUsage(List.of("--find-max-rate searches one configuration, so it must not be combined with --shard"),
                Map.of(), h().tiny("--find-max-rate", "--shard", "0/2", url));
        assertUsage(List.of("--slo-error-rate must be a fraction between 0 and 1 but was 2.0",
                "--max-rate must be > 0 requests/s but was -5.0",
                "--precision must be a percentage > 0 and < 100 but was 0.0"),
                Map.of(), h().tiny("--find-max-rate", "--slo-error-rate", "2", "--precision", "0", "--max-rate", "-5",
                        url));
        assertUsage(List.of("--slo-error-rate needs --find-max-rate, whose search it sets",
                "--max-rate needs --find-max-rate, whose search it sets",
                "--precision needs --find-max-rate, whose search it sets"),
                Map.of(), h().tiny("--slo-error-rate", "0.1", "--max-rate", "100", "--precision", "2", url));
    }

    @Test
    void findMaxRatePrintsTheAnswerAndWritesItIntoSummaryJsonAndReportHtml() throws Exception {
        int code = h().run(h().tiny("--find-max-rate", "--rate", "40", "--max-rate", "80", "--slo-p99", "5s",
                "--duration", "600ms", "--concurrent-levels", "8", server.url("/ok")));
        assertTrue(code == Runner.EXIT_OK || code == Runner.EXIT_THRESHOLD, code + ": " + h().err());
        JsonNode summary = JSON.readTree(h().onlyReportFolder().resolve("summary.json").toFile());
        JsonNode answer = summary.get("max_rate");
        String out = h().out();
        assertTrue(out.startsWith("searching for the highest rate that meets the SLO, from 40 requests/s:\n"
                + "probe 1: 40 requests/s: "), out);
        assertTrue(out.contains("\n" + answer.get("explanation").asText() + "\n"), "the sentence is printed: " + out);
        assertEquals(answer.get("rate_rps").asDouble() > 0 ? Runner.EXIT_OK : Runner.EXIT_THRESHOLD, code, h().err());
        assertTrue(Set.of("found", "ceiling", "generator_limit", "none_met").contains(answer.get("stop").asText()),
                answer.toString());
        assertEquals(5000.0, answer.at("/slo/p99_ms").asDouble());
        assertEquals(0.01, answer.at("/slo/max_error_rate").asDouble());
        assertEquals(answer.get("probes").size(), summary.get("runs").size(), "each probe is a run of the report");
        assertEquals(40.0, answer.at("/probes/0/rate_rps").asDouble());
        assertEquals(summary.at("/runs/0/requests/sent").asLong(), answer.at("/probes/0/sent").asLong());
        assertEquals(8, summary.at("/runs/0/concurrency").asInt());
        for (JsonNode p : answer.get("probes")) {
            assertTrue(p.get("rate_rps").asDouble() <= 80, "never above --max-rate: " + p);
        }
        String html = Files.readString(h().onlyReportFolder().resolve("report.html"));
        assertTrue(html.replaceAll("\\s", "").contains("\"max_rate\":{\"rate_rps\":"), "report.html draws the answer");
    }

    @Test
    void shardOptionsAreCheckedBeforeAnythingStarts() throws Exception {
        String url = server.url("/ok");
        assertUsage(List.of("--shard must be I/N with 0 <= I < N <= 1000, e.g. 0/4, but was '3/2'"),
                Map.of(), h().tiny("--shard", "3/2", url));
        assertUsage(List.of("--shards 2 needs this shard's index: give --shard I/2 or set JOB_COMPLETION_INDEX (a"
                + " Kubernetes Indexed Job sets it)"), Map.of(), h().tiny("--shards", "2", url));
        assertUsage(List.of("JOB_COMPLETION_INDEX must be an index between 0 and 1 (SHARDS 2) but was '5'"),
                Map.of("SHARDS", "2", "JOB_COMPLETION_INDEX", "5"), h().tiny(url));
        assertUsage(List.of("--start-at must be an ISO-8601 instant like 2026-11-30T10:15:00Z or +DURATION like +30s"
                + " but was 'tomorrow'"), Map.of(), h().tiny("--shard", "0/2", "--start-at", "tomorrow", url));
        assertUsage(List.of("--start-at needs --shard I/N or --shards N: it belongs to one shard of a distributed test",
                "--emit-stdout needs --shard I/N or --shards N: it belongs to one shard of a distributed test"),
                Map.of(), h().tiny("--start-at", "2026-11-30T10:15:00Z", "--emit-stdout", url));
        assertUsage(List.of("--shard needs the target's URL (or --base-url): shards of one test must load one server,"
                + " not each its own embedded demo target"), Map.of(), h().tiny("--shard", "0/2"));
        assertUsage(List.of("4 shards need a concurrency of at least 4 (one connection each) but it was 2"),
                Map.of(), h().tiny("--shard", "0/4", url));
    }

    @Test
    void aShardRunsItsShareWritesShardJsonAndPrintsItsRecordButLeavesThresholdsToTheMerge() throws Exception {
        long before = server.ok();
        int code = h().run(h().runner(Map.of("SHARDS", "2", "JOB_COMPLETION_INDEX", "1")),
                h().tiny("--concurrent-levels", "4", "-n", "101", "--duration", "30s", "--emit-stdout", "--assert-p99", "1us",
                        "--health-path", "/status?code=200", server.url("/ok")));
        assertEquals(Runner.EXIT_OK, code, h().err());
        assertEquals(50, server.ok() - before, "shard 1 of 2 sends 50 of 101 requests; health and clock on /status");
        Path folder = h().onlyReportFolder();
        assertTrue(Files.isRegularFile(folder.resolve(ShardOutput.FILE)));
        JsonNode run = JSON.readTree(folder.resolve("summary.json").toFile()).at("/runs/0");
        assertEquals(2, run.get("concurrency").asInt());
        assertEquals(50, run.at("/requests/sent").asLong());
        String out = h().out();
        assertTrue(out.startsWith("Shard 1/2: its share of each run below\n"), out);
        assertTrue(out.matches("(?s).*\n=== httpbench shard record [0-9a-f]{12} begin: shard 1/2, host \\S+, \\d+"
                + " lines ===\n.*"), out);
        assertTrue(out.endsWith("Thresholds are judged on the merged result: httpbench merge SOURCE... --assert-...\n"),
                out);
    }

    @Test
    void ctrlCWhileAShardWaitsForTheCommonStartEndsItWithNothingMeasured() throws Exception {
        Runner runner = h().runner(Map.of());
        String start = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS)
                .toString();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = thread.submit(() -> runner.run(h().tiny("--shard", "0/2",
                    "--start-at", start, "--health-path", "/status?code=200", server.url("/ok"))));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!h().out().contains("Shard 0/2: ") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            runner.interrupt();
            assertEquals(Runner.EXIT_INTERRUPTED, code.get(30, TimeUnit.SECONDS));
        } finally {
            thread.shutdownNow();
        }
        assertEquals("Shard 0/2: its share of each run below, starting with every shard at " + start + "\n", h().out());
        assertEquals("httpbench: interrupted while waiting for the common start; nothing was measured\n", h().err());
        assertEquals(0, h().filesIn(dir), "the empty report folder is removed");
    }

    @Test
    void aShardWaitsForTheCommonStart() throws Exception {
        Instant start = Instant.now().plusSeconds(2);
        int code = h().run(h().tiny("--shard", "0/2", "-c", "2", "-n", "10", "--duration", "30s", "--start-at",
                start.toString(), "--health-path", "/status?code=200", server.url("/ok")));
        assertEquals(Runner.EXIT_OK, code, h().err());
        JsonNode shard = JSON.readTree(h().onlyReportFolder().resolve(ShardOutput.FILE).toFile());
        assertTrue(JSON.readTree(h().onlyReportFolder().resolve("summary.json").toFile()).at("/runs/0/started_at")
                .asText().compareTo(start.toString().substring(0, 19)) >= 0, "measured from the common start on");
        assertTrue(shard.toString().contains(start.toString().substring(0, 19)), shard.toString());
    }
}
