package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.cli.Runner;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** What {@code httpbench k8s} prints, read with the real Kubernetes model in strict mode. */
class K8sCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    /** Kubernetes' safe sysctls (every cluster allows them), as of 1.32. */
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int k8s(String... args) {
        K8sCommand command = new K8sCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.fixed(NOW, ZoneOffset.UTC));
        return new CommandLine(command).execute(args);
    }

    /** Reads one YAML document into {@code type}, failing on any field the model does not know. */
    private static <T> T strict(String yaml, Class<T> type) {
        T value = STRICT.readValue(yaml, type);
        List<String> unknown = new ArrayList<>();
        unknownFields(value, type.getSimpleName(), unknown);
        assertEquals(List.of(), unknown, "fields the Kubernetes model does not know");
        return value;
    }

    /** fabric8 keeps unknown fields in additionalProperties instead of failing: walk the tree for any. */
    private static void unknownFields(Object node, String path, List<String> unknown) {
        if (node == null) {
            return;
        }
        if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown));
            return;
        }
        if (!node.getClass().getPackageName().startsWith("io.fabric8")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object value = m.invoke(node);
                if (m.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) value).keySet().forEach(k -> unknown.add(path + "." + k));
                } else {
                    unknownFields(value, path + "." + m.getName().substring(3), unknown);
                }
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(path + "." + m.getName(), e);
            }
        }
    }

    private List<String> documents() {
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n---\n"));
    }

    @Test
    void printsAConfigMapAndAnIndexedJobThatTheKubernetesModelReadsStrictly() {
        int exit = k8s("--shards", "4", "--name", "bench", "--image", "registry.example.com/httpbench:0.1.0",
                "--base-url", "http://api.staging:8080", "--path", "/api/items", "--workers", "3",
                "--concurrent-levels", "256", "--duration", "30s");
        assertEquals(Runner.EXIT_OK, exit, err.toString(StandardCharsets.UTF_8));
        List<String> docs = documents();
        assertEquals(2, docs.size());
        ConfigMap config = strict(docs.get(0), ConfigMap.class);
        Job job = strict(docs.get(1), Job.class);

        assertEquals("bench-options", config.getMetadata().getName());
        assertEquals("4", config.getData().get("SHARDS"));
        assertEquals("2026-11-30T10:00:00Z", config.getData().get(StartAt.CREATED_AT_ENV));
        assertEquals("bench-20261130-100000", config.getData().get(ShardSession.TEST_ID_ENV));
        assertEquals("bench", job.getMetadata().getName());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(4, job.getSpec().getCompletions());
        assertEquals(4, job.getSpec().getParallelism());
        assertEquals(0, job.getSpec().getBackoffLimit());
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        var antiAffinity = pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        assertEquals("kubernetes.io/hostname", antiAffinity.get(0).getTopologyKey());
        assertEquals(job.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/instance"),
                antiAffinity.get(0).getLabelSelector().getMatchLabels().get("app.kubernetes.io/instance"));
        List<String> sysctls = pod.getSecurityContext().getSysctls().stream().map(Sysctl::getName).toList();
        assertEquals(List.of("net.ipv4.ip_local_port_range", "net.ipv4.tcp_fin_timeout"), sysctls);
        assertTrue(SAFE_SYSCTLS.containsAll(sysctls));
        Container c = pod.getContainers().get(0);
        assertEquals("registry.example.com/httpbench:0.1.0", c.getImage());
        assertEquals(List.of("@/etc/httpbench/options", "--start-at", "+60s", "--emit-stdout", "--quiet",
                "--output-dir", "/results"), c.getArgs());
        assertEquals(List.of("SHARDS", StartAt.CREATED_AT_ENV, ShardSession.TEST_ID_ENV),
                c.getEnv().stream().map(EnvVar::getName).toList());
        assertEquals(new Quantity("4"), c.getResources().getRequests().get("cpu"), "3 workers + 1");
        assertEquals(new Quantity("896Mi"), c.getResources().getRequests().get("memory"));
        assertEquals(c.getResources().getRequests(), c.getResources().getLimits(), "Guaranteed QoS");
        assertEquals("/etc/httpbench", c.getVolumeMounts().get(0).getMountPath());
        assertEquals("bench-options", pod.getVolumes().get(0).getConfigMap().getName());
    }

    @Test
    void theOptionsFileExpandsBackToTheRunnerOptionsThroughPicocli() throws Exception {
        List<String> options = List.of("--base-url", "http://api:8080", "--header", "X-Note: a \"quoted\" \\ value",
                "--body", "{\"id\": 1}", "--path=/a b");
        List<String> args = new ArrayList<>(List.of("--shards", "2"));
        args.addAll(options);
        assertEquals(Runner.EXIT_OK, k8s(args.toArray(String[]::new)), err.toString(StandardCharsets.UTF_8));
        Path file = dir.resolve("options");
        Files.writeString(file, strict(documents().get(0), ConfigMap.class).getData().get("options"));

        @CommandLine.Command
        class Collect {
            @CommandLine.Unmatched
            List<String> args = new ArrayList<>();
        }
        Collect collect = new Collect();
        new CommandLine(collect).parseArgs("@" + file);
        List<String> expected = new ArrayList<>(options);
        expected.addAll(List.of("--workers", "2")); // not given: the default the pods are sized for
        assertEquals(expected, collect.args);
    }

    @Test
    void strictReadingCatchesAMisspeltField() {
        assertEquals(Runner.EXIT_OK, k8s("--shards", "2", "--base-url", "http://api:8080"));
        String misspelt = documents().get(1).replace("completionMode:", "completionMod:");
        AssertionError e = assertThrows(AssertionError.class, () -> strict(misspelt, Job.class));
        assertTrue(e.getMessage().contains("Job.Spec.completionMod"), e.getMessage());
    }

    @Test
    void theHowToGoesToStderrSoThatStdoutCanBePipedIntoKubectl() {
        assertEquals(Runner.EXIT_OK, k8s("--shards", "3", "--name", "bench", "--namespace", "load",
                "--start-delay", "90s", "--base-url", "http://api:8080"));
        String howTo = err.toString(StandardCharsets.UTF_8);
        assertTrue(howTo.startsWith("httpbench k8s: 3 shard(s); they start together at 2026-11-30T10:01:30Z (90s "
                + "after printing):\n"), howTo);
        assertTrue(howTo.contains("  4. collect: kubectl logs -n load -l job-name=bench --tail=-1 "
                + "--max-log-requests=3 > shards.log\n"), howTo);
        assertTrue(howTo.contains("  5. merge: httpbench merge shards.log"), howTo);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("# httpbench "));
    }

    @Test
    void badUsageNamesTheOptionTheRuleAndTheValue() {
        assertEquals(Runner.EXIT_USAGE, k8s("--shards", "0", "--name", "Bench_1", "--shard", "1/2", "--workers", "x"));
        assertEquals("httpbench k8s: --shards must be a whole number between 1 and 1000 but was '0'\n"
                + "httpbench k8s: --name must be a Kubernetes name (lower-case letters, digits and '-', at most 50) "
                + "but was 'Bench_1'\n"
                + "httpbench k8s: --shard must not be given: the Job sets it for every pod\n"
                + "httpbench k8s: --workers must be a comma list of integers >= 1 but was 'x'\n"
                + "httpbench k8s: --base-url must be given: without it each pod would benchmark its own embedded "
                + "demo target\n", err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
