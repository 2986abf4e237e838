package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.cli.Runner;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.spi.Histograms;
import dev.httpbench.testsupport.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four shards of one test run in this JVM at once, each its ShardPlan share through a ShardSession, against one
 * loopback server that counts what it got; then {@code merge} puts them together from their folders and from a
 * kubectl-logs-like file of their stdout records.
 */
@Timeout(180)
class DistributedTest {
    private static final int SHARDS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long REQUESTS = 4_002;

    private static TestServer target;
    private static TestServer clockReference;
    @TempDir
    static Path dir;
    private static final List<MatrixResult> results = new ArrayList<>();
    private static final List<String> stdouts = new ArrayList<>();

    @BeforeAll
    static void runFourShards() throws Exception {
        target = new TestServer();
        clockReference = new TestServer(); // the probes' requests must not count as load
        BenchmarkConfig total = Benchmark.target(target.url("/ok")).concurrency(8).workers(1).requests(REQUESTS)
                .warmup(Duration.ZERO).build();
        InProcessShards.Run run = InProcessShards.run(total, SHARDS, Duration.ofMillis(2_500),
                URI.create(clockReference.url("/health")), dir);
        results.addAll(run.results());
        stdouts.addAll(run.stdouts());
    }

    @AfterAll
    static void stopServers() throws Exception {
        target.close();
        clockReference.close();
    }

    private static final class Merge {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit;

        Merge(String... args) {
            MergeCommand command = new MergeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
            exit = new picocli.CommandLine(command).execute(args);
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        JsonNode summary() throws Exception {
            String line = out().lines().filter(l -> l.startsWith("Files:  ")).findFirst().orElseThrow();
            return JSON.readTree(Path.of(line.substring(8, line.indexOf(" (summary"))).resolve("summary.json").toFile());
        }
    }

    private static BenchmarkResult shard(int i) {
        return results.get(i).runs().get(0).result();
    }

    @Test
    void eachShardRanItsShareAndTheSharesAddUpToTheTest() {
        assertEquals(List.of(2, 2, 2, 2), results.stream().map(r -> r.runs().get(0).result().config().concurrency()).toList());
        assertEquals(List.of(1001L, 1001L, 1000L, 1000L), results.stream().map(r -> r.runs().get(0).result().sent()).toList());
        assertEquals(REQUESTS, target.requests(), "the server's own count");
    }

    @Test
    void theMergedSentEqualsTheShardsSumAndTheServersCountAndPercentilesAreExact() throws Exception {
        Merge merge = new Merge("--output-dir", dir.resolve("merged").toString(), dir.resolve("shard-0").toString(),
                dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(), dir.resolve("shard-3").toString());
        assertEquals(Runner.EXIT_OK, merge.exit, merge.err());
        assertTrue(merge.out().startsWith("Merged 4 of 4 shard(s) of test "), merge.out());
        JsonNode run = merge.summary().at("/runs/0");
        long sum = 0;
        Histogram all = Histograms.newHistogram();
        for (int i = 0; i < SHARDS; i++) {
            sum += shard(i).sent();
            all.add(shard(i).latency().histogram());
        }
        assertEquals("c8-w1-rep1", run.get("name").asText());
        assertEquals(8, run.get("concurrency").asInt());
        assertEquals(sum, run.at("/requests/sent").asLong());
        assertEquals(target.requests(), run.at("/requests/sent").asLong());
        assertEquals(run.at("/requests/sent").asLong(), run.at("/requests/succeeded").asLong()
                + run.at("/requests/failed").asLong());
        assertEquals(all.getTotalCount(), run.at("/latency_ms/count").asLong());
        assertEquals(Math.round(all.getValueAtPercentile(99)) / 1000.0, run.at("/latency_ms/p99").asDouble());
        assertEquals(Math.round(all.getValueAtPercentile(99.9)) / 1000.0, run.at("/latency_ms/p999").asDouble());
        assertEquals(all.getMaxValue() / 1000.0, run.at("/latency_ms/max").asDouble());
        JsonNode shards = merge.summary().get("shards");
        assertEquals("[0,1,2,3]", shards.get("merged").toString());
        assertEquals("gen-2", shards.at("/rows/2/host").asText());
        for (JsonNode row : shards.get("rows")) {
            JsonNode clock = row.get("clock_offset_ms");
            assertTrue(clock.get("low").asDouble() <= 0 && clock.get("high").asDouble() >= 0,
                    "one machine, one clock: the offset's bounds hold zero: " + clock);
        }
    }

    @Test
    void recordsPrintedOnStdoutMergeFromAKubectlLogsFileAsTheFoldersDo() throws Exception {
        Path file = dir.resolve("shards.log");
        Files.writeString(file, InProcessShards.kubectlLogs(stdouts));
        Merge fromLog = new Merge("--output-dir", dir.resolve("merged-log").toString(), file.toString());
        Merge fromFolders = new Merge("--output-dir", dir.resolve("merged-folders").toString(), dir.toString());

        assertEquals(Runner.EXIT_OK, fromLog.exit, fromLog.err());
        assertEquals(Runner.EXIT_OK, fromFolders.exit, fromFolders.err());
        assertEquals(target.requests(), fromLog.summary().at("/runs/0/requests/sent").asLong());
        assertEquals(fromFolders.summary().at("/runs/0/latency_ms"), fromLog.summary().at("/runs/0/latency_ms"));
        assertEquals(fromFolders.summary().at("/runs/0/timeline"), fromLog.summary().at("/runs/0/timeline"));
        assertTrue(fromLog.summary().at("/shards/rows/0/source").asText().startsWith(file + " (shard 0/4, line "));
    }

    @Test
    void aMissingShardIsReportedAndTheRestMerged() throws Exception {
        Merge merge = new Merge("--output-dir", dir.resolve("merged-3").toString(), dir.resolve("shard-0").toString(),
                dir.resolve("shard-1").toString(), dir.resolve("shard-3").toString());
        String warning = "shard 2/4 is missing: the merged figures hold 3 of 4 shards, so the target got less than "
                + "the test's load";

        assertEquals(Runner.EXIT_OK, merge.exit, merge.err());
        assertTrue(merge.out().contains("      WARNING: " + warning + "\n"), merge.out());
        assertEquals(shard(0).sent() + shard(1).sent() + shard(3).sent(),
                merge.summary().at("/runs/0/requests/sent").asLong());
        assertEquals("[2]", merge.summary().at("/shards/missing").toString());
        assertEquals(warning, merge.summary().at("/runs/0/warnings/0").asText());
    }

    @Test
    void thresholdsAreJudgedOnTheMergedWholeWithTheRunnersExitCodes() throws Exception {
        String shards = dir.resolve("shard-0").getParent().toString();
        Merge met = new Merge("--output-dir", dir.resolve("t1").toString(), "--assert-error-rate", "0",
                "--assert-p99", "10s", shards);
        assertEquals(Runner.EXIT_OK, met.exit, met.err());
        assertTrue(met.out().endsWith("All thresholds met on the merged result.\n"), met.out());

        Merge violated = new Merge("--output-dir", dir.resolve("t2").toString(), "--assert-p99", "1us",
                "--assert-throughput", "1000000000", shards);
        assertEquals(Runner.EXIT_THRESHOLD, violated.exit, violated.err());
        JsonNode run = violated.summary().at("/runs/0");
        List<String> lines = violated.out().lines().filter(l -> l.startsWith("THRESHOLD VIOLATED: ")).toList();
        assertEquals(2, lines.size(), violated.out());
        assertTrue(lines.get(0).startsWith("THRESHOLD VIOLATED: c8-w1-rep1: throughput "), lines.get(0));
        assertTrue(lines.get(0).endsWith(" req/s is below --assert-throughput 1000000000.0 req/s"), lines.get(0));
        assertTrue(lines.get(1).matches("THRESHOLD VIOLATED: c8-w1-rep1: P99 \\S+ is above --assert-p99 1us"), lines.get(1));
        assertTrue(run.at("/latency_ms/p99").asDouble() > 0.001);
    }

    @Test
    void badUsageNamesTheOptionTheRuleAndTheValue() {
        Merge merge = new Merge("--assert-p99", "fast", "--assert-error-rate", "2", dir.resolve("nothing").toString());
        assertEquals(Runner.EXIT_USAGE, merge.exit);
        assertEquals("httpbench merge: --assert-p99 must be a duration > 0 like 500ms, 30s or 2m but was 'fast'\n"
                + "httpbench merge: --assert-error-rate must be a fraction between 0 and 1 but was '2'\n"
                + "httpbench merge: SOURCE must be a folder or a file but '" + dir.resolve("nothing")
                + "' does not exist\n", merge.err());
        assertEquals("", merge.out());
    }

    @Test
    void theRunnersMergeSubcommandRunsInItsOwnJavaProcess() throws Exception {
        JavaProcess.Result r = JavaProcess.start(dir.resolve("process"), "merge", Map.of(),
                dev.httpbench.cli.Main.class.getName(), "merge", "--output-dir", dir.resolve("merged-process").toString(),
                dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString()).await(Duration.ofSeconds(60));
        assertEquals(Runner.EXIT_OK, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Merged 2 of 4 shard(s) of test "), r.out());
        assertTrue(r.out().contains("shards 0/4, 3/4 are missing"), r.out());
    }
}
