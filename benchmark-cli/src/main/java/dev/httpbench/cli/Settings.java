package dev.httpbench.cli;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Endpoint;
import dev.httpbench.HttpProtocol;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.MaxRateSearch;
import dev.httpbench.RequestSpec;
import dev.httpbench.Slo;
import dev.httpbench.Stage;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.analysis.ExpectationTable;
import dev.httpbench.cli.distributed.ShardPlan;
import dev.httpbench.cli.distributed.ShardSession;
import dev.httpbench.cli.distributed.StartAt;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.scenario.Scenario;
import dev.httpbench.scenario.ScenarioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.MaxValuesExceededException;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.MutuallyExclusiveArgsException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The final pass over a parsed command line: every problem at once, each naming the flag as it was
 * typed (or the option and the variable it came from), the rule and the value. The library checks its
 * own options (ranges, defaults, header rules): the values are handed to a {@link BenchmarkConfig}
 * builder and a {@link Matrix} builder, and each {@link Problem#option()} is mapped to its flag. What
 * only the runner knows (the URL forms, the output folder, thresholds, expectation files) is checked
 * here. Immutable once built.
 */
final class Settings {
    /** The target used to check a configuration before the real one (perhaps the demo target) is known. */
    private static final String PLACEHOLDER = "http://127.0.0.1/";
    /** The connections {@code --find-max-rate} caps its probes at when {@code -c} does not say. */
    static final int MAX_RATE_CONCURRENCY = 256;
    /** The library's option names and the flags that set them. */
    private static final Map<String, String> FLAGS = Map.ofEntries(Map.entry("workers", "--workers"),
            Map.entry("workerCounts", "--workers"), Map.entry("concurrency", "--concurrent-levels"),
            Map.entry("concurrencyLevels", "--concurrent-levels"), Map.entry("requests", "--num-requests"),
            Map.entry("duration", "--duration"), Map.entry("warmup", "--warmup"), Map.entry("rate", "--rate"),
            Map.entry("rates", "--rate"), Map.entry("stages", "--stages"), Map.entry("method", "--method"),
            Map.entry("header", "--header"), Map.entry("redactHeader", "--redact-header"),
            Map.entry("body", "--body"), Map.entry("timeout", "--timeout"), Map.entry("repeats", "--repeats"));

    private static final Pattern STAGE = Pattern.compile(" stage (\\d+)");
    private static final Pattern HEADER_VALUE = Pattern.compile("header (\\S+) (value .*) but was '.*'", Pattern.DOTALL);

    private final HttpbenchCommand c;
    private final ParseResult parsed;
    private final EnvironmentDefaults env;
    private final Set<String> problems = new LinkedHashSet<>();

    final URI base; // null: the embedded demo target
    final String path;
    final List<Integer> levels;
    final Criteria criteria;
    final Path outputDir;
    final String vmSize;
    final String expectationsNote; // why runs are not compared with expectations, or null
    final Thresholds thresholds;
    final ShardPlan shard; // null: not a shard
    final StartAt startAt; // null: start at once
    private final byte[] body;
    // ---- the workload ----
    /** More instances after {@link #base}, each with {@link #path}: --base-url's list, or the scenario's targets. */
    private final List<URI> moreBases;
    private final Scenario scenario; // null: none

    private Settings(HttpbenchCommand c, ParseResult parsed, EnvironmentDefaults env) throws UsageException {
        this.c = c;
        this.parsed = parsed;
        this.env = env;
        for (Exception e : parsed.errors()) {
            problems.add(parseProblem(e));
        }
        URI url = c.url;
        List<URI> baseUrls = c.target.baseUrls == null ? List.of() : List.copyOf(c.target.baseUrls);
        URI baseUrl = baseUrls.isEmpty() ? null : baseUrls.get(0);
        scenario = readScenario();
        List<URI> fromScenario = url == null && baseUrl == null && scenario != null ? scenario.targets() : List.of();
        if (url != null && baseUrl != null) {
            problems.add("URL and " + label("--base-url") + " are exclusive: give one of them (URL was '"
                    + BenchmarkConfig.redact(url) + "')");
        }
        String urlPath = url == null ? "" : url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (c.target.path != null && !urlPath.isEmpty() && !urlPath.equals("/")) {
            problems.add(label("--path") + " must not be set when the URL has a path but was '" + c.target.path + "'");
        }
        if (!fromScenario.isEmpty()) { // its targets are whole URLs
            base = fromScenario.get(0);
            moreBases = fromScenario.subList(1, fromScenario.size());
            path = "";
        } else {
            base = url != null ? origin(url) : baseUrl;
            moreBases = url != null || baseUrls.isEmpty() ? List.of() : baseUrls.subList(1, baseUrls.size());
            path = c.target.path != null ? c.target.path : urlPath.isEmpty() ? "/" : urlPath;
        }
        levels = c.load.concurrency == null ? List.of() : scenario != null && !levelsGiven()
                ? List.of(scenario.builder().targets(List.of(URI.create(PLACEHOLDER))).build().concurrency())
                : List.copyOf(c.load.concurrency);
        String out = c.output.outputDir;
        if (out != null && out.isBlank()) { // null: picocli stopped before defaults, after a problem reported above
            problems.add(label("--output-dir") + " must be a folder path but was '" + (out == null ? "" : out) + "'");
        }
        outputDir = out == null || out.isBlank() ? null : Path.of(out);
        vmSize = c.output.vmSize;
        ExpectationTable table = null;
        String note = null;
        Path file = c.output.expectations;
        Map<String, ExpectationTable> tables = BuiltInExpectations.tables();
        if (file != null) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                problems.add(label("--expectations") + " must be a readable CSV file but was '" + file + "'"
                        + (Files.isDirectory(file) ? " (a folder)" : ""));
            } else {
                try {
                    tables = ExpectationTable.load(file);
                } catch (IllegalArgumentException | UncheckedIOException e) {
                    problems.add(label("--expectations") + ": " + e.getMessage());
                }
            }
        }
        if (vmSize != null) {
            table = tables.get(vmSize);
            if (table == null) {
                note = "no expectations for --vm-size '" + vmSize + "' (known: " + String.join(", ", tables.keySet())
                        + "); runs are not compared with expectations";
            }
        } else if (file != null) {
            note = label("--expectations") + " is ignored without --vm-size, which chooses the table";
        }
        expectationsNote = note;
        Duration slo = c.output.sloP99 == null ? Criteria.DEFAULT_SLO_P99 : c.output.sloP99;
        if (slo.isZero() || slo.isNegative()) {
            problems.add(label("--slo-p99") + " must be > 0s but was " + format(slo));
            slo = Criteria.DEFAULT_SLO_P99;
        }
        criteria = new Criteria(slo, Criteria.DEFAULT_MAX_THROUGHPUT_CV, table);
        Duration p99 = null;
        Map<String, Duration> endpointP99 = new LinkedHashMap<>();
        for (WorkloadOptions.P99 t : c.thresholds.p99) {
            if (t.endpoint() == null) {
                p99 = t.limit();
            } else {
                endpointP99.put(t.endpoint(), t.limit());
            }
        }
        thresholds = new Thresholds(c.thresholds.throughput, p99, c.thresholds.errorRate, Map.copyOf(endpointP99));
        thresholds.problems(this::label).forEach(problems::add);
        body = readBody();
        shard = shardPlan();
        startAt = startAt();
        combinationProblems();
        checkWithTheLibrary();
        if (problems.isEmpty() && shard != null) {
            try {
                new ShardSession(shard, startAt, false, env.variables()).check(plannedMatrix());
            } catch (InvalidConfigException e) {
                problems.addAll(e.messages());
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageException(List.copyOf(problems));
        }
    }

    /** Checks the parsed command line; throws every problem at once. */
    static Settings of(HttpbenchCommand command, ParseResult parsed, EnvironmentDefaults env) throws UsageException {
        return new Settings(command, parsed, env);
    }

    boolean demo() {
        return base == null;
    }

    /** The URL every benchmark request goes to, on {@code base} (the demo target's when there is no URL). */
    String targetUrl(String base) {
        return stripSlash(base) + path;
    }

    /** {@code --health-path} on {@code base}, or null when the check is one request like the benchmark's. */
    String healthUrl(String base) {
        return c.target.healthPath == null ? null : stripSlash(base) + c.target.healthPath;
    }

    boolean healthCheck() {
        return !c.target.noHealthCheck;
    }

    boolean http2() {
        return c.target.http2;
    }

    boolean insecure() {
        return c.target.insecure;
    }

    boolean quiet() {
        return c.output.quiet;
    }

    boolean verbose() {
        return c.output.verbose;
    }

    boolean checkSystem() {
        return c.system.checkSystem;
    }

    Path tuningScript() {
        return c.system.tuningScript;
    }

    boolean force() {
        return c.system.force;
    }

    /** This process's part of a distributed test ({@code --shard}, {@code --start-at}, {@code --emit-stdout}), or null. */
    ShardSession shardSession() {
        return shard == null ? null : new ShardSession(shard, startAt, c.shards.emitStdout, env.variables());
    }

    boolean findMaxRate() {
        return c.maxRate.find;
    }

    /** The SLO {@code --find-max-rate} searches against. */
    Slo slo() {
        Slo.Builder b = Slo.builder().p99(criteria.sloP99());
        if (c.maxRate.errorRate != null) {
            b.maxErrorRate(c.maxRate.errorRate);
        }
        return b.build();
    }

    /** The {@code --find-max-rate} search against {@code url}: its probes' configuration, SLO and bounds. */
    MaxRateSearch.Builder maxRateSearch(String url) {
        BenchmarkConfig.Builder probe = run(url).concurrency(levels.size() == 1 && explicitlyGiven("--concurrent-levels")
                ? levels.get(0) : MAX_RATE_CONCURRENCY);
        if (!workers().isEmpty()) {
            probe.workers(workers().get(0));
        }
        MaxRateSearch.Builder b = MaxRateSearch.builder(probe.build(), slo());
        if (c.openLoop.rates != null && !c.openLoop.rates.isEmpty()) {
            b.startRate(c.openLoop.rates.get(0));
        }
        if (c.maxRate.maxRate != null) {
            b.maxRate(c.maxRate.maxRate);
        }
        if (c.maxRate.precision != null) {
            b.precisionPercent(c.maxRate.precision);
        }
        return b;
    }

    /** The worker counts asked for; empty for the library's default. */
    List<Integer> workers() {
        return c.load.workers == null ? List.of() : List.copyOf(c.load.workers);
    }

    /**
     * What the health check and the runs share: the target, protocol, TLS trust, headers and their
     * redaction.
     */
    BenchmarkConfig.Builder connection(String url) {
        BenchmarkConfig.Builder b = Benchmark.target(url).trustAllCertificates(insecure())
                .protocol(http2() ? HttpProtocol.HTTP_2 : HttpProtocol.HTTP_1_1);
        c.request.headers.forEach(h -> b.header(h.getKey(), h.getValue()));
        c.request.redactHeaders.forEach(b::redactHeader);
        return b;
    }

    /** One request exactly like the benchmark's: method, headers, body, protocol, TLS (a workload's first). */
    BenchmarkConfig.Builder request(String url) {
        BenchmarkConfig.Builder b = workload(url);
        if (c.request.method != null) {
            b.method(c.request.method);
        }
        if (body.length > 0) {
            b.body(body);
        }
        return b;
    }

    /** The configuration every run of the matrix derives from. */
    BenchmarkConfig.Builder run(String url) {
        BenchmarkConfig.Builder b = request(url);
        if (c.load.duration != null) {
            b.duration(c.load.duration);
        }
        if (c.load.requests != null) {
            b.requests(c.load.requests);
        }
        if (c.load.warmup != null) {
            b.warmup(c.load.warmup);
        }
        if (c.load.timeout != null) {
            b.timeout(c.load.timeout);
        }
        if (c.openLoop.stages != null) {
            b.stages(c.openLoop.stages.toArray(Stage[]::new));
        }
        return b;
    }

    /** The matrix to run against {@code url}. */
    Matrix matrix(String url) {
        Matrix.Builder m = Matrix.builder(run(url).build()).concurrencyLevels(findMaxRate()
                && !explicitlyGiven("--concurrent-levels") ? List.of(MAX_RATE_CONCURRENCY) : levels);
        if (!workers().isEmpty()) {
            m.workerCounts(workers());
        }
        if (c.openLoop.rates != null) {
            m.rates(c.openLoop.rates);
        }
        if (c.load.repeats != null) {
            m.repeats(c.load.repeats);
        }
        return m.build();
    }

    /** The matrix as planned, before the target is known: what the system check plans for. */
    Matrix plannedMatrix() {
        return matrix(base == null ? PLACEHOLDER : targetUrl(base.toString()));
    }

    private ShardPlan shardPlan() {
        try {
            ShardPlan plan = ShardPlan.resolve(c.shards.shard, c.shards.shards, env.variables()).orElse(null);
            if (plan != null && base == null) {
                problems.add(shardFlag() + " needs the target's URL (or --base-url): shards of one test must load one"
                        + " server, not each its own embedded demo target");
            }
            return plan;
        } catch (InvalidConfigException e) {
            problems.addAll(e.messages());
            return null;
        }
    }

    private StartAt startAt() {
        if (c.shards.startAt == null) {
            return null;
        }
        try {
            return StartAt.parse(c.shards.startAt, env.variables(), Instant.now());
        } catch (InvalidConfigException e) {
            problems.addAll(e.messages());
            return null;
        }
    }

    /** The flag that made this process a shard, for messages. */
    private String shardFlag() {
        return c.shards.shard != null ? "--shard" : c.shards.shards != null ? "--shards" : ShardPlan.COUNT_ENV;
    }

    /**
     * What only makes sense with a shard, or with {@code --find-max-rate}, and what {@code --find-max-rate}
     * cannot combine with: it searches one configuration, and a shard runs a matrix.
     */
    private void combinationProblems() {
        boolean sharded = c.shards.shard != null || c.shards.shards != null || shard != null;
        if (!sharded) {
            for (String flag : List.of("--start-at", "--emit-stdout")) {
                if (explicitlyGiven(flag)) {
                    problems.add(flag + " needs --shard I/N or --shards N: it belongs to one shard of a distributed"
                            + " test");
                }
            }
        }
        if (!c.maxRate.find) {
            for (String flag : List.of("--slo-error-rate", "--max-rate", "--precision")) {
                if (explicitlyGiven(flag)) {
                    problems.add(flag + " needs --find-max-rate, whose search it sets");
                }
            }
            return;
        }
        List<String> matrix = new ArrayList<>();
        if (c.openLoop.rates != null && c.openLoop.rates.size() > 1) {
            matrix.add(label("--rate") + " with more than one rate (a single --rate is the first probe's)");
        }
        if (c.openLoop.stages != null) {
            matrix.add(label("--stages"));
        }
        if (levels.size() > 1 && explicitlyGiven("--concurrent-levels")) {
            matrix.add(label("--concurrent-levels") + " with more than one level");
        }
        if (workers().size() > 1) {
            matrix.add(label("--workers") + " with more than one count");
        }
        if (c.load.repeats != null) {
            matrix.add(label("--repeats"));
        }
        if (sharded) {
            matrix.add(shardFlag());
        }
        if (c.thresholds.throughput != null || !c.thresholds.p99.isEmpty() || c.thresholds.errorRate != null) {
            matrix.add("--assert-* thresholds (the SLO is the threshold: exit 1 when no rate meets it)");
        }
        if (c.system.checkSystem || c.system.tuningScript != null) {
            matrix.add(c.system.checkSystem ? "--check-system" : "--tuning-script");
        }
        for (String m : matrix) {
            problems.add("--find-max-rate searches one configuration, so it must not be combined with " + m);
        }
        if (c.maxRate.errorRate != null && (c.maxRate.errorRate < 0 || c.maxRate.errorRate > 1)) {
            problems.add(label("--slo-error-rate") + " must be a fraction between 0 and 1 but was "
                    + c.maxRate.errorRate);
        }
        if (c.maxRate.maxRate != null && !(c.maxRate.maxRate > 0)) {
            problems.add(label("--max-rate") + " must be > 0 requests/s but was " + c.maxRate.maxRate);
        }
        if (c.maxRate.precision != null && !(c.maxRate.precision > 0 && c.maxRate.precision < 100)) {
            problems.add(label("--precision") + " must be a percentage > 0 and < 100 but was " + c.maxRate.precision);
        }
        if (problems.isEmpty()) {
            try {
                maxRateSearch(base == null ? PLACEHOLDER : targetUrl(base.toString())).build();
            } catch (InvalidConfigException e) {
                problems.addAll(e.messages());
            }
        }
    }

    /** Whether {@code longestName} was on the command line or came from its environment variable. */
    private boolean explicitlyGiven(String longestName) {
        OptionSpec o = parsed.commandSpec().findOption(longestName);
        return o != null && (parsed.hasMatchedOption(o) || env.variableOf(o.longestName()) != null);
    }

    /** What this process will carry, for the system check: a shard's share of the planned matrix. */
    Matrix plannedLoad() {
        Matrix all = plannedMatrix();
        if (shard == null) {
            return all;
        }
        Matrix.Builder m = Matrix.builder(all.base()).workerCounts(all.workerCounts()).repeats(all.repeats())
                .concurrencyLevels(all.concurrencyLevels().stream().map(l -> (int) shard.share(l)).distinct().toList());
        if (!all.rates().isEmpty()) {
            m.rates(all.rates().stream().map(r -> shard.shareRate(r, "--rate")).distinct().toList());
        }
        return m.build();
    }

    private byte[] readBody() {
        if (c.body.text != null) {
            return c.body.text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (c.body.file != null) {
            try {
                return Files.readAllBytes(c.body.file);
            } catch (IOException | RuntimeException e) {
                problems.add(label("--body-file") + " must be a readable file but was '" + c.body.file + "'");
            }
        }
        return new byte[0];
    }

    /** Hands every value to the library's builders; each problem is named by its flag. */
    private void checkWithTheLibrary() {
        libraryProblems(run(base == null ? PLACEHOLDER : targetUrl(base.toString()))::build);
        levels.forEach(l -> libraryProblems(() -> Benchmark.target(PLACEHOLDER).concurrency(l).build()));
        workers().forEach(w -> libraryProblems(() -> Benchmark.target(PLACEHOLDER)
                .concurrency(BenchmarkConfig.MAX_CONCURRENCY).workers(w).build()));
        if (c.openLoop.rates != null) {
            c.openLoop.rates.forEach(r -> libraryProblems(() -> Benchmark.target(PLACEHOLDER).rate(r).build()));
        }
        if (c.load.repeats != null) {
            libraryProblems(() -> Matrix.builder(Benchmark.target(PLACEHOLDER).build()).repeats(c.load.repeats).build());
        }
        if (problems.isEmpty()) {
            libraryProblems(this::plannedMatrix);
        }
        if (problems.isEmpty() && !thresholds.endpointP99().isEmpty()) {
            List<String> names = plannedMatrix().base().endpoints().stream().map(Endpoint::name).toList();
            thresholds.endpointP99().keySet().stream().filter(n -> !names.contains(n)).forEach(n -> problems.add(
                    label("--assert-p99") + " must name an endpoint (" + String.join(", ", names) + ") but was '" + n
                            + "'"));
        }
    }

    /** The --scenario file, read and checked; null when none was given or it has problems (added). */
    private Scenario readScenario() {
        Path file = c.workload.scenario;
        if (file == null) {
            return null;
        }
        try {
            return Scenario.read(file);
        } catch (ScenarioException e) {
            e.problems().forEach(p -> problems.add(label("--scenario") + ": " + p.message()));
            return null;
        }
    }

    /** Whether the concurrency levels were given on the command line or in the environment, not defaulted. */
    private boolean levelsGiven() {
        String longest = parsed.commandSpec().findOption("-c").longestName();
        return parsed.hasMatchedOption("-c") || env.variableOf(longest) != null;
    }

    /** Every instance's URL: {@code url} (on the first base) and the same path on each further base. */
    private List<URI> targets(String url) {
        List<URI> all = new ArrayList<>();
        all.add(URI.create(url));
        moreBases.forEach(b -> all.add(URI.create(stripSlash(b.toString()) + path)));
        return all;
    }

    /** The scenario's builder (if any) on {@code url}'s instances, else the connection's, with the workload options. */
    private BenchmarkConfig.Builder workload(String url) {
        BenchmarkConfig.Builder b;
        if (scenario != null) {
            b = scenario.builder().targets(targets(url));
            if (insecure()) {
                b.trustAllCertificates(true);
            }
            if (http2()) {
                b.protocol(HttpProtocol.HTTP_2);
            }
            c.request.headers.forEach(h -> b.header(h.getKey(), h.getValue()));
            c.request.redactHeaders.forEach(b::redactHeader);
        } else {
            b = connection(url);
            if (!moreBases.isEmpty()) {
                b.targets(targets(url));
            }
        }
        c.workload.endpoints.forEach(e -> b.endpoint(e.name(), e.request()));
        if (c.workload.feeder != null) {
            b.feeder(c.workload.feeder);
        }
        return b;
    }

    private void libraryProblems(Supplier<?> build) {
        try {
            build.get();
        } catch (InvalidConfigException e) {
            e.problems().forEach(p -> problems.add(named(p)));
        }
    }

    /** The library's problem with the option's name replaced by the flag's. */
    private String named(Problem p) {
        if (p.option().equals("target")) {
            String flag = c.url != null ? "URL" : label("--base-url");
            return flag + p.message().replaceFirst("^target URL", "");
        }
        String flag = FLAGS.get(p.option());
        if (flag == null) {
            return p.message();
        }
        String label = label(flag);
        String message = p.message();
        Matcher value = HEADER_VALUE.matcher(message);
        if (value.matches() && redacted(value.group(1))) {
            message = "header " + value.group(1) + " " + value.group(2) + " but was '" + RequestSpec.REDACTED + "'";
        }
        String m = message.replaceAll("(^|; )" + p.option() + "\\[(\\d+)]", "$1" + label + " stage $2");
        m = m.replaceAll("(^|; )" + p.option() + "\\b", "$1" + label);
        m = m.replace("with stages", "with --stages").replace("concurrency (", "--concurrent-levels (");
        return renumberStages(m);
    }

    /** Whether header {@code name}'s value is never shown. */
    private boolean redacted(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return RequestSpec.ALWAYS_REDACTED.contains(lower)
                || c.request.redactHeaders.stream().anyMatch(r -> r.equalsIgnoreCase(name));
    }

    /** The library counts stages from 0, people from 1. */
    private static String renumberStages(String message) {
        Matcher m = STAGE.matcher(message);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(s, " stage " + (Integer.parseInt(m.group(1)) + 1));
        }
        return m.appendTail(s).toString();
    }

    private String parseProblem(Exception e) {
        if (e instanceof MutuallyExclusiveArgsException) {
            return e.getMessage().replaceFirst("^Error: ", "").replaceAll("=[^,\\s]+", "")
                    .replace(" are mutually exclusive (specify only one)", " are exclusive: give one of them");
        }
        if (e instanceof MaxValuesExceededException && e.getMessage().contains("expected only one match")) {
            // picocli's words for an option of an exclusive group given twice
            return "--rate, --stages, --body and --body-file may each be given once (--rate takes a comma list)";
        }
        if (e instanceof ParameterException pe && pe.getArgSpec() instanceof OptionSpec o && e.getCause() != null) {
            return label(o.longestName()) + " " + e.getCause().getMessage();
        }
        if (e instanceof ParameterException pe && pe.getArgSpec() != null && !pe.getArgSpec().isOption()
                && e.getCause() != null) {
            return "URL " + e.getCause().getMessage();
        }
        return e.getMessage();
    }

    /**
     * The option as the user gave it: the name typed on the command line, or the longest name and the
     * environment variable its value came from.
     */
    String label(String longestName) {
        OptionSpec option = parsed.commandSpec().findOption(longestName);
        if (option == null) {
            return longestName;
        }
        String typed = null;
        for (String arg : parsed.originalArgs()) {
            for (String name : option.names()) {
                boolean isShort = !name.startsWith("--");
                if (arg.equals(name) || arg.startsWith(name + "=") || isShort && arg.startsWith(name)
                        && !arg.startsWith("--")) {
                    typed = name;
                }
            }
        }
        if (typed != null) {
            return typed;
        }
        String var = env.variableOf(option.longestName());
        return var == null ? option.longestName() : option.longestName() + " (from " + var + ")";
    }

    /** {@code scheme://[user@]host[:port]} of a full URL. */
    private static URI origin(URI url) {
        return URI.create(url.getScheme() + "://" + (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@")
                + url.getRawAuthority().substring(url.getRawAuthority().indexOf('@') + 1));
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

}
