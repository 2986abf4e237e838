package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.cli.Runner;
import dev.httpbench.testsupport.TestServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What {@code httpbench k8s} prints runs: each pod's command line (the Job's args with the ConfigMap's
 * options as a picocli {@code @file}) and environment (the ConfigMap's values and the index Kubernetes
 * gives each pod) makes the runner a shard that waits for the common start, and {@code kubectl logs} of the
 * pods merge to the server's own count. The pods are runners in this JVM, one thread each.
 */
@Timeout(120)
class K8sPodsRunAsShardsTest {
    private static final int SHARDS = 2;
    private static final int REQUESTS = 41;

    @TempDir
    Path dir;

    @Test
    void eachPodsCommandLineAndEnvironmentRunItsShareAndTheLogsMergeToTheServersCount() throws Exception {
        try (TestServer target = new TestServer()) {
            ByteArrayOutputStream yaml = new ByteArrayOutputStream();
            int printed = new picocli.CommandLine(new K8sCommand(new PrintStream(yaml, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Clock.systemUTC()))
                    .execute("--shards", Integer.toString(SHARDS), "--start-delay", "3s", "--base-url",
                            target.baseUrl(), "--path", "/ok", "--health-path", "/status?code=200",
                            "--concurrent-levels", "4", "--workers", "1", "--num-requests", Integer.toString(REQUESTS),
                            "--warmup", "0s");
            assertEquals(Runner.EXIT_OK, printed);
            String[] documents = yaml.toString(StandardCharsets.UTF_8).split("\n---\n");
            YAMLMapper mapper = YAMLMapper.builder().build();
            ConfigMap config = mapper.readValue(documents[0], ConfigMap.class);
            Container pod = mapper.readValue(documents[1], Job.class).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            Path options = Files.writeString(dir.resolve("options"), config.getData().get("options"));

            ExecutorService pods = Executors.newFixedThreadPool(SHARDS);
            List<Future<String>> logs = new ArrayList<>();
            for (int i = 0; i < SHARDS; i++) {
                Map<String, String> env = new HashMap<>();
                pod.getEnv().forEach(e -> env.put(e.getName(), config.getData().get(e.getValueFrom()
                        .getConfigMapKeyRef().getKey())));
                env.put(ShardPlan.INDEX_ENV, Integer.toString(i)); // what the Indexed Job adds
                env.put("HOSTNAME", "httpbench-" + i);
                Path results = dir.resolve("results-" + i);
                String[] args = pod.getArgs().stream().map(a -> a.equals("@/etc/httpbench/options") ? "@" + options
                        : a.equals("/results") ? results.toString() : a).toArray(String[]::new);
                logs.add(pods.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int code = new Runner(new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
                    assertEquals(Runner.EXIT_OK, code, err.toString(StandardCharsets.UTF_8));
                    return out.toString(StandardCharsets.UTF_8);
                }));
            }
            List<String> stdouts = new ArrayList<>();
            for (Future<String> log : logs) {
                stdouts.add(log.get(90, TimeUnit.SECONDS));
            }
            pods.shutdown();
            assertTrue(stdouts.get(1).startsWith("Shard 1/2: its share of each run below, starting with every shard at "),
                    stdouts.get(1));

            Path log = Files.writeString(dir.resolve("shards.log"), InProcessShards.kubectlLogs(stdouts));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int merged = new Runner(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of())
                    .run("merge", "--output-dir", dir.resolve("merged").toString(), log.toString());
            String merge = out.toString(StandardCharsets.UTF_8);
            assertEquals(Runner.EXIT_OK, merged, merge);
            assertTrue(merge.startsWith("Merged 2 of 2 shard(s) of test " + config.getData().get("HTTPBENCH_TEST_ID")
                    + ": GET " + target.baseUrl() + "/ok\n"), merge);
            String files = merge.lines().filter(l -> l.startsWith("Files:  ")).findFirst().orElseThrow();
            long sent = new ObjectMapper().readTree(Path.of(files.substring(8, files.indexOf(" (summary")))
                    .resolve("summary.json").toFile()).at("/runs/0/requests/sent").asLong();
            assertEquals(REQUESTS, sent);
            assertEquals(target.ok(), sent, "the server's own count");
        }
    }
}
