package dev.httpbench.cli.distributed;

import dev.httpbench.Benchmark;
import dev.httpbench.cli.Runner;
import dev.httpbench.spi.Durations;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code httpbench k8s --shards N [runner options]}: prints the Kubernetes manifests of one distributed test
 * on stdout (a ConfigMap with the runner options and an Indexed Job of N shards) and a short how-to on
 * stderr, so that {@code httpbench k8s ... | kubectl apply -f -} works. Thread contract: {@link #call()}
 * once, on one thread.
 *
 * <p>Each pod runs the image's runner with the options from the ConfigMap (a picocli {@code @file}),
 * learns its shard from {@code JOB_COMPLETION_INDEX} and {@code SHARDS}, waits for the common start
 * ({@code --start-at +DELAY} after {@value StartAt#CREATED_AT_ENV}, the time these manifests were printed),
 * and prints its framed record, so that {@code kubectl logs} carries the results to {@code httpbench merge}.
 */
@Command(name = "k8s", header = "Print the Kubernetes manifests (an Indexed Job) of one test in N shards.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        versionProvider = dev.httpbench.cli.VersionProvider.class,
        description = {
            "Prints the Kubernetes manifests of one test run by N generator pods (an Indexed Job and a ConfigMap",
            "with the runner options) on stdout, and how to run it and merge the results on stderr:",
            "  httpbench k8s --shards 4 --base-url http://api.staging:8080 --workers 4 --concurrent-levels 256 \\",
            "      | kubectl apply -f -",
            "Options it does not know are runner options; --base-url is required.",
            ""},
        footer = {"", "Exit codes: 0 printed; 2 bad usage."})
public final class K8sCommand implements Callable<Integer> {
    /** The user the image runs as (the Dockerfile's {@code USER}). */
    static final int RUN_AS_USER = 10001;
    /** Workers per shard when the runner options do not say. */
    static final int DEFAULT_WORKERS = 2;
    /** Runner options every pod gets from the Job itself. */
    private static final Set<String> SET_BY_JOB = Set.of("--shard", "--shards", "--start-at", "--emit-stdout",
            "--output-dir", "--quiet");
    private static final String NAME_RULE = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Option(names = "--shards", paramLabel = "N", required = true,
            description = "Generator pods, each running 1/N of the load on its own node.")
    String shards;

    @Option(names = "--name", paramLabel = "NAME", description = "The Job's name. Default: httpbench")
    String name = "httpbench";

    @Option(names = "--namespace", paramLabel = "NS", description = "The namespace. Default: the current context's.")
    String namespace;

    @Option(names = "--image", paramLabel = "IMAGE",
            description = "The httpbench image (see the Dockerfile). Default: httpbench:<this version>")
    String image;

    @Option(names = "--start-delay", paramLabel = "DURATION",
            description = "The shards start together this long after the manifests are printed (pulling the image"
                    + " and scheduling must fit in it). Default: 60s")
    String startDelay = "60s";

    @Unmatched
    List<String> runnerOptions = new ArrayList<>();

    /** The runner's own checks of a pod's command line, so that options every pod would refuse fail here. */
    @FunctionalInterface
    public interface RunnerCheck {
        /** Every problem the runner finds in {@code args} with {@code env}; empty when it would run. */
        List<String> problems(List<String> args, Map<String, String> env);
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final RunnerCheck runnerCheck;

    /** Without the runner's checks of the options (the runner passes them: see {@link RunnerCheck}). */
    public K8sCommand(PrintStream out, PrintStream err, Clock clock) {
        this(out, err, clock, (args, env) -> List.of());
    }

    public K8sCommand(PrintStream out, PrintStream err, Clock clock, RunnerCheck runnerCheck) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.runnerCheck = runnerCheck;
    }

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        int n = 0;
        try {
            n = Integer.parseInt(shards.trim());
        } catch (NumberFormatException e) {
            // reported below
        }
        if (n < 1 || n > ShardPlan.MAX_SHARDS) {
            problems.add("--shards must be a whole number between 1 and " + ShardPlan.MAX_SHARDS + " but was '" + shards
                    + "'");
        }
        if (!name.matches(NAME_RULE) || name.length() > 50) {
            problems.add("--name must be a Kubernetes name (lower-case letters, digits and '-', at most 50) but was '"
                    + name + "'");
        }
        if (namespace != null && (!namespace.matches(NAME_RULE) || namespace.length() > 63)) {
            problems.add("--namespace must be a Kubernetes name (lower-case letters, digits and '-', at most 63) but "
                    + "was '" + namespace + "'");
        }
        String img = image != null ? image : "httpbench:" + Benchmark.version();
        if (!img.matches("[A-Za-z0-9][A-Za-z0-9._/:@-]*")) {
            problems.add("--image must be an image reference like registry.example.com/httpbench:0.1.0 but was '" + img
                    + "'");
        }
        Duration delay = OptionText.duration("--start-delay", startDelay, problems);
        List<String> options = new ArrayList<>(runnerOptions);
        boolean baseUrl = false;
        Integer workers = null;
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            String flag = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
            if (SET_BY_JOB.contains(flag)) {
                problems.add(flag + " must not be given: the Job sets it for every pod");
            }
            if (o.indexOf('\n') >= 0 || o.indexOf('\r') >= 0) {
                problems.add("runner options must not contain line breaks but '" + o.replace("\n", "\\n")
                        .replace("\r", "\\r") + "' does");
            }
            baseUrl |= flag.equals("--base-url");
            if (flag.equals("--workers")) {
                String value = o.contains("=") ? o.substring(o.indexOf('=') + 1) : i + 1 < options.size() ? options.get(i + 1) : "";
                workers = maxOf(value);
                if (workers == null) {
                    problems.add("--workers must be a comma list of integers >= 1 but was '" + value + "'");
                }
            }
        }
        if (!baseUrl) {
            problems.add("--base-url must be given: without it each pod would benchmark its own embedded demo target");
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("httpbench k8s: " + p));
            return Runner.EXIT_USAGE;
        }
        if (workers == null) {
            workers = DEFAULT_WORKERS;
            options.add("--workers");
            options.add(Integer.toString(workers));
        }
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<String> podArgs = new ArrayList<>(options);
        podArgs.addAll(List.of("--start-at", "+" + Durations.format(delay), "--emit-stdout", "--quiet"));
        List<String> refused = runnerCheck.problems(podArgs, Map.of(ShardPlan.COUNT_ENV, Integer.toString(n),
                ShardPlan.INDEX_ENV, "0", StartAt.CREATED_AT_ENV, created.toString()));
        if (!refused.isEmpty()) {
            refused.forEach(p -> err.println("httpbench k8s: every pod's runner would refuse the options: " + p));
            return Runner.EXIT_USAGE;
        }
        out.print(manifests(n, img, delay, workers, options, created));
        out.flush();
        err.print(howTo(n, delay, created));
        err.flush();
        return Runner.EXIT_OK;
    }

    private String manifests(int n, String img, Duration delay, int workers, List<String> options, Instant created) {
        String config = name + "-options";
        String testId = name + "-" + STAMP.format(created);
        String ns = namespace == null ? "" : "  namespace: " + namespace + "\n";
        String labels = "    app.kubernetes.io/name: httpbench\n    app.kubernetes.io/instance: " + name + "\n";
        int cpus = workers + 1;
        int memoryMi = 512 + 128 * workers;
        StringBuilder y = new StringBuilder();
        y.append("# httpbench ").append(Benchmark.version()).append(": one test in ").append(n)
                .append(" shards, printed at ").append(created).append(" by `httpbench k8s`.\n")
                .append("# The shards start together ").append(Durations.format(delay))
                .append(" after that time: apply these manifests at once.\n")
                .append("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ").append(config).append('\n').append(ns)
                .append("  labels:\n").append(labels)
                .append("data:\n")
                .append("  # the runner options, one per line, as a picocli @file (quoted, \\ and \" escaped)\n")
                .append("  options: |\n");
        for (String o : options) {
            y.append("    ").append(atFileArgument(o)).append('\n');
        }
        y.append("  SHARDS: ").append(quote(Integer.toString(n))).append('\n')
                .append("  ").append(StartAt.CREATED_AT_ENV).append(": ").append(quote(created.toString())).append('\n')
                .append("  ").append(ShardSession.TEST_ID_ENV).append(": ").append(quote(testId)).append('\n')
                .append("---\n")
                .append("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ").append(name).append('\n').append(ns)
                .append("  labels:\n").append(labels)
                .append("spec:\n")
                .append("  completionMode: Indexed   # each pod gets JOB_COMPLETION_INDEX: its shard\n")
                .append("  completions: ").append(n).append('\n')
                .append("  parallelism: ").append(n).append("   # all shards at once: they share one window\n")
                .append("  backoffLimit: 0   # a retried shard would run outside the common window; merge reports it missing\n")
                .append("  ttlSecondsAfterFinished: 86400   # keeps the pods, and so their logs, for a day\n")
                .append("  template:\n    metadata:\n      labels:\n")
                .append("        app.kubernetes.io/name: httpbench\n        app.kubernetes.io/instance: ").append(name)
                .append('\n')
                .append("    spec:\n      restartPolicy: Never\n")
                .append("      affinity:\n        podAntiAffinity:\n")
                .append("          # one shard per node, so that no two generators share a machine's cores and ports;\n")
                .append("          # with fewer nodes than shards the rest stay Pending (and are reported late or missing)\n")
                .append("          requiredDuringSchedulingIgnoredDuringExecution:\n")
                .append("          - labelSelector:\n              matchLabels:\n")
                .append("                app.kubernetes.io/instance: ").append(name).append('\n')
                .append("            topologyKey: kubernetes.io/hostname\n")
                .append("      securityContext:\n        runAsNonRoot: true\n        runAsUser: ").append(RUN_AS_USER)
                .append("   # the image's user\n")
                .append("        # Safe sysctls only, which every cluster allows: more local ports for many connections,\n")
                .append("        # and TIME_WAIT sockets freed sooner (tcp_fin_timeout is safe since Kubernetes 1.29).\n")
                .append("        # net.ipv4.tcp_syncookies is safe too but concerns servers, not a generator.\n")
                .append("        # net.core.somaxconn and net.ipv4.tcp_tw_reuse are namespaced but unsafe: a cluster admin must\n")
                .append("        # allow them (kubelet --allowed-unsafe-sysctls) before a pod may set them; netdev_max_backlog,\n")
                .append("        # rmem_max and wmem_max are node-wide and belong to the node's own tuning. There is no\n")
                .append("        # per-pod ulimit: the container runtime's open-file limit (usually 1048576) applies.\n")
                .append("        sysctls:\n")
                .append("        - name: net.ipv4.ip_local_port_range\n          value: \"1024 65535\"\n")
                .append("        - name: net.ipv4.tcp_fin_timeout\n          value: \"15\"\n")
                .append("      containers:\n      - name: httpbench\n        image: ").append(quote(img)).append('\n')
                .append("        imagePullPolicy: IfNotPresent\n")
                .append("        args: [\"@/etc/httpbench/options\", \"--start-at\", ")
                .append(quote("+" + Durations.format(delay)))
                .append(", \"--emit-stdout\", \"--quiet\", \"--output-dir\", \"/results\"]\n")
                .append("        env:\n");
        for (String key : List.of("SHARDS", StartAt.CREATED_AT_ENV, ShardSession.TEST_ID_ENV)) {
            y.append("        - name: ").append(key).append("\n          valueFrom:\n            configMapKeyRef:\n")
                    .append("              name: ").append(config).append("\n              key: ").append(key).append('\n');
        }
        y.append("        resources:\n")
                .append("          # one core per worker (each is one event loop) and one for the rest; requests equal to\n")
                .append("          # limits make the pod Guaranteed, so its cores are its own and it is never throttled\n")
                .append("          requests:\n            cpu: \"").append(cpus).append("\"\n            memory: ")
                .append(memoryMi).append("Mi\n")
                .append("          limits:\n            cpu: \"").append(cpus).append("\"\n            memory: ")
                .append(memoryMi).append("Mi\n")
                .append("        securityContext:\n          allowPrivilegeEscalation: false\n")
                .append("          readOnlyRootFilesystem: true\n          capabilities:\n            drop: [\"ALL\"]\n")
                .append("        volumeMounts:\n")
                .append("        - name: options\n          mountPath: /etc/httpbench\n          readOnly: true\n")
                .append("        - name: results\n          mountPath: /results\n")
                .append("        - name: tmp\n          mountPath: /tmp\n")
                .append("      volumes:\n")
                .append("      - name: options\n        configMap:\n          name: ").append(config).append('\n')
                .append("          items:\n          - key: options\n            path: options\n")
                .append("      - name: results   # the report folders; the results travel in the logs\n")
                .append("        emptyDir: {}\n")
                .append("      - name: tmp\n        emptyDir: {}\n");
        return y.toString();
    }

    private String howTo(int n, Duration delay, Instant created) {
        String nsFlag = namespace == null ? "" : " -n " + namespace;
        return "httpbench k8s: " + n + " shard(s); they start together at " + created.plus(delay) + " ("
                + Durations.format(delay) + " after printing):\n"
                + "  1. build and push the image: docker build -t REGISTRY/httpbench:" + Benchmark.version()
                + " . && docker push ... (then --image)\n"
                + "  2. apply at once: kubectl apply" + nsFlag + " -f FILE   (or pipe this command into kubectl apply -f -)\n"
                + "  3. wait: kubectl wait" + nsFlag + " --for=condition=complete job/" + name + " --timeout=1h\n"
                + "  4. collect: kubectl logs" + nsFlag + " -l job-name=" + name + " --tail=-1 --max-log-requests=" + n
                + " > shards.log\n"
                + "  5. merge: httpbench merge shards.log [--assert-p99 150ms ...]\n"
                + "  6. clean up: kubectl delete" + nsFlag + " job/" + name + " configmap/" + name + "-options\n";
    }

    /** The largest of a comma list of integers >= 1, or null when it is not one. */
    private static Integer maxOf(String list) {
        int max = 0;
        for (String part : list.split(",", -1)) {
            try {
                int v = Integer.parseInt(part.trim());
                if (v < 1) {
                    return null;
                }
                max = Math.max(max, v);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return max;
    }

    /** One argument of a picocli {@code @file}: in double quotes, backslash and quote escaped. */
    static String atFileArgument(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A YAML double-quoted scalar (JSON's escapes are YAML's too). */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20) {
                q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
