package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.cli.Main;
import dev.httpbench.cli.Runner;
import dev.httpbench.report.merge.ShardOutput;
import dev.httpbench.report.merge.ShardReader;
import dev.httpbench.spi.Histograms;
import dev.httpbench.testsupport.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test of issue 10: N runner processes, each {@code --shard I/N} of one test with a common
 * {@code --start-at}, against one loopback server; their stdout records, interleaved as {@code kubectl logs}
 * shows them, merge with the runner's {@code merge} subcommand to exactly the server's count and to the
 * percentiles of one histogram fed every shard's values.
 */
@Timeout(300)
class MultiProcessShardsTest {
    private static final int SHARDS = 3;
    private static final int REQUESTS = 3_001;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static TestServer target;
    private static final List<String> stdouts = new ArrayList<>();

    @BeforeAll
    static void runThreeShardProcesses() throws Exception {
        target = new TestServer();
        // the health check and the clock probes go to /status, the load to /ok: server.ok() counts the load
        String start = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS).toString();
        List<JavaProcess> shards = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
            shards.add(JavaProcess.start(dir.resolve("logs"), "shard-" + i, Map.of(), Main.class.getName(),
                    "--base-url", target.baseUrl(), "--path", "/ok", "--health-path", "/status?code=200",
                    "--concurrent-levels", "6", "--workers", "1", "--num-requests", Integer.toString(REQUESTS),
                    "--warmup", "0s", "--quiet", "--output-dir", dir.resolve("out-" + i).toString(),
                    "--shard", i + "/" + SHARDS, "--start-at", start, "--emit-stdout"));
        }
        for (JavaProcess p : shards) {
            JavaProcess.Result r = p.await(Duration.ofSeconds(180));
            assertEquals(Runner.EXIT_OK, r.exitCode(), r.err());
            stdouts.add(r.out());
        }
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        target.close();
    }

    /** {@code httpbench merge ARGS} in this JVM, as the runner's subcommand. */
    private static final class Merge {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit;

        Merge(String... args) {
            List<String> all = new ArrayList<>(List.of("merge"));
            all.addAll(List.of(args));
            exit = new Runner(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(all.toArray(String[]::new));
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        JsonNode summary() throws Exception {
            String files = out().lines().filter(l -> l.startsWith("Files:  ")).findFirst().orElseThrow();
            return JSON.readTree(Path.of(files.substring(8, files.indexOf(" (summary"))).resolve("summary.json").toFile());
        }
    }

    private static Path log(List<String> records, String name) throws Exception {
        Path log = dir.resolve(name);
        Files.writeString(log, InProcessShards.kubectlLogs(records));
        return log;
    }

    /** Shard {@code i}'s report folder: the one folder under its --output-dir holding shard.json. */
    private static Path shardFolder(int i) throws Exception {
        try (Stream<Path> found = Files.find(dir.resolve("out-" + i), 2,
                (p, a) -> p.getFileName().toString().equals(ShardOutput.FILE))) {
            return found.findFirst().orElseThrow().getParent();
        }
    }

    @Test
    void runnerProcessesWithShardOptionsMergeToTheServersOwnCountAndExactPercentiles() throws Exception {
        Merge merge = new Merge("--output-dir", dir.resolve("merged").toString(), log(stdouts, "shards.log").toString());
        assertEquals(Runner.EXIT_OK, merge.exit, merge.out() + merge.err);
        assertTrue(merge.out().startsWith("Merged 3 of 3 shard(s) of test "), merge.out());
        JsonNode run = merge.summary().at("/runs/0");
        long sum = 0;
        Histogram all = Histograms.newHistogram();
        for (int i = 0; i < SHARDS; i++) {
            JsonNode own = JSON.readTree(shardFolder(i).resolve("summary.json").toFile()).at("/runs/0");
            assertEquals(REQUESTS / SHARDS + (i < REQUESTS % SHARDS ? 1 : 0), own.at("/requests/sent").asLong(),
                    "shard " + i + "'s share");
            assertEquals(2, own.get("concurrency").asInt(), "6 connections over 3 shards");
            sum += own.at("/requests/sent").asLong();
            all.add(ShardReader.read(shardFolder(i)).runs().get(0).result().latency().histogram());
        }
        assertEquals(REQUESTS, run.at("/requests/sent").asLong());
        assertEquals(sum, run.at("/requests/sent").asLong(), "the shards' sum");
        assertEquals(target.ok(), run.at("/requests/sent").asLong(), "the server's own count");
        assertEquals(all.getTotalCount(), run.at("/latency_ms/count").asLong());
        assertEquals(Math.round(all.getValueAtPercentile(50)) / 1000.0, run.at("/latency_ms/p50").asDouble());
        assertEquals(Math.round(all.getValueAtPercentile(99)) / 1000.0, run.at("/latency_ms/p99").asDouble());
        assertEquals(all.getMaxValue() / 1000.0, run.at("/latency_ms/max").asDouble());
    }

    @Test
    void aMissingShardIsReported() throws Exception {
        Merge merge = new Merge("--output-dir", dir.resolve("merged-2").toString(),
                log(List.of(stdouts.get(0), stdouts.get(2)), "two.log").toString());
        assertEquals(Runner.EXIT_OK, merge.exit, merge.out() + merge.err);
        assertTrue(merge.out().startsWith("Merged 2 of 3 shard(s) of test "), merge.out());
        assertEquals("[1]", merge.summary().at("/shards/missing").toString());
        assertTrue(merge.out().contains("      WARNING: shard 1/3 is missing: the merged figures hold 2 of 3 shards"),
                merge.out());
    }

    @Test
    void thresholdsOnTheMergePassOrFailWithTheRunnersExitCodes() throws Exception {
        Path log = log(stdouts, "thresholds.log");
        Merge met = new Merge("--output-dir", dir.resolve("t1").toString(), "--assert-error-rate", "0",
                "--assert-p99", "10s", log.toString());
        assertEquals(Runner.EXIT_OK, met.exit, met.out() + met.err);
        assertTrue(met.out().endsWith("All thresholds met on the merged result.\n"), met.out());

        Merge violated = new Merge("--output-dir", dir.resolve("t2").toString(), "--assert-p99", "1us", log.toString());
        assertEquals(Runner.EXIT_THRESHOLD, violated.exit, violated.out() + violated.err);
        assertTrue(violated.out().lines().anyMatch(l -> l.matches(
                "THRESHOLD VIOLATED: c6-w1-rep1: P99 \\S+ is above --assert-p99 1us")), violated.out());
    }
}
