package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.cli.Main;
import dev.httpbench.cli.Runner;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test of issue 10: N runner processes, each {@code --shard I/N} of one test with a common
 * {@code --start-at}, against one loopback server; their stdout records, interleaved as {@code kubectl logs}
 * shows them, merge to exactly the server's count. It runs once the runner takes the shard options, and is
 * skipped (an assumption, with the reason) until then.
 */
@Timeout(300)
class MultiProcessShardsTest {
    private static final int SHARDS = 3;
    private static final int REQUESTS = 3_001;

    @TempDir
    Path dir;

    @Test
    void runnerProcessesWithShardOptionsMergeToTheServersOwnCount() throws Exception {
        JavaProcess.Result help = JavaProcess.start(dir, "help", Map.of(), Main.class.getName(), "--help")
                .await(Duration.ofSeconds(60));
        assumeTrue(help.out().contains("--shard") && help.out().contains("--emit-stdout"),
                "the runner does not take --shard and --emit-stdout yet");
        try (TestServer target = new TestServer()) {
            // the health check and the clock probes go to /status, the load to /ok: server.ok() counts the load
            String start = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS).toString();
            List<JavaProcess> shards = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                shards.add(JavaProcess.start(dir, "shard-" + i, Map.of(), Main.class.getName(),
                        "--base-url", target.baseUrl(), "--path", "/ok", "--health-path", "/status?code=200",
                        "--concurrent-levels", "6", "--workers", "1", "--num-requests", Integer.toString(REQUESTS),
                        "--warmup", "0s", "--quiet", "--output-dir", dir.resolve("out-" + i).toString(),
                        "--shard", i + "/" + SHARDS, "--start-at", start, "--emit-stdout"));
            }
            List<String> stdouts = new ArrayList<>();
            for (JavaProcess p : shards) {
                JavaProcess.Result r = p.await(Duration.ofSeconds(180));
                assertEquals(Runner.EXIT_OK, r.exitCode(), r.err());
                stdouts.add(r.out());
            }
            Path log = dir.resolve("shards.log");
            Files.writeString(log, InProcessShards.kubectlLogs(stdouts));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new picocli.CommandLine(new MergeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err, Map.of())).execute("--output-dir", dir.resolve("merged").toString(), log.toString());
            assertEquals(Runner.EXIT_OK, exit, out.toString(StandardCharsets.UTF_8));
            String files = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("Files:  "))
                    .findFirst().orElseThrow();
            long sent = new ObjectMapper().readTree(Path.of(files.substring(8, files.indexOf(" (summary")))
                    .resolve("summary.json").toFile()).at("/runs/0/requests/sent").asLong();
            assertEquals(REQUESTS, sent);
            assertEquals(target.ok(), sent, "the server's own count");
        }
    }
}
