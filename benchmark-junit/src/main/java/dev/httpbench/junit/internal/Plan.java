package dev.httpbench.junit.internal;

import static dev.httpbench.junit.internal.Format.duration;
import static dev.httpbench.junit.internal.Format.number;
import static dev.httpbench.junit.internal.Format.rate;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.HttpProtocol;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Stage;
import dev.httpbench.junit.LoadTest;
import dev.httpbench.junit.LoadTestKeys;
import dev.httpbench.report.ResultJson;
import dev.httpbench.scenario.Scenario;
import dev.httpbench.scenario.ScenarioException;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One load test resolved: the annotation, the configuration parameters and the target put together
 * into the configuration to run, the thresholds to judge and what to do with the baseline. Every
 * problem found is reported at once in one {@link ExtensionConfigurationException}. Immutable and
 * thread-safe once built.
 */
public final class Plan {
    private static final String ANNOTATION = "@" + LoadTest.class.getSimpleName();

    final BenchmarkConfig config;
    final List<Threshold> thresholds;
    final boolean failOnInconclusive;
    /** Where to write the result as the new baseline; empty unless updating. */
    final Optional<Path> baselineToWrite;

    private Plan(BenchmarkConfig config, List<Threshold> thresholds, boolean failOnInconclusive,
            Optional<Path> baselineToWrite) {
        this.config = config;
        this.thresholds = List.copyOf(thresholds);
        this.failOnInconclusive = failOnInconclusive;
        this.baselineToWrite = baselineToWrite;
    }

    /**
     * Resolves a load test.
     *
     * @param annotation the method's annotation
     * @param settings the configuration parameters
     * @param target the resolved target URL (see {@link Targets})
     * @param loader where baselines are looked up on the class path
     */
    static Plan of(LoadTest annotation, Settings settings, Targets.Resolved target, ClassLoader loader) {
        List<String> problems = new ArrayList<>();
        BenchmarkConfig config = config(annotation, settings, target, problems);

        List<Threshold> thresholds = new ArrayList<>();
        double scale = settings.scale;
        double minThroughput = annotation.minThroughput();
        if (!(minThroughput >= 0) || Double.isInfinite(minThroughput)) {
            problems.add(ANNOTATION + " minThroughput must be >= 0 req/s (0 for no limit) but was " + minThroughput);
        } else {
            double base = settings.minThroughput.orElse(minThroughput);
            if (base > 0) {
                thresholds.add(Threshold.throughputAtLeast(base * scale,
                        scale == 1 ? "" : " (" + rate(base) + " x scale " + number(scale) + ")"));
            }
        }
        SortedMap<Double, Duration> percentiles = new TreeMap<>();
        if (!annotation.p99().isBlank()) {
            parsePositive(annotation.p99(), "p99", problems).ifPresent(d -> percentiles.put(99.0, d));
        }
        for (String entry : annotation.percentiles()) {
            parsePercentile(entry, problems, percentiles::put);
        }
        percentiles.putAll(settings.percentiles);
        percentiles.forEach((p, limit) -> thresholds.add(Threshold.percentileAtMost(p,
                scale == 1 ? limit : Duration.ofNanos(Math.max(1, Math.round(limit.toNanos() / scale))),
                scale == 1 ? "" : " (" + duration(limit) + " / scale " + number(scale) + ")")));
        if (config != null) {
            endpointThresholds(annotation, config, problems, thresholds::add);
        }
        double maxErrorRate = annotation.maxErrorRate();
        if (maxErrorRate > 1 || Double.isNaN(maxErrorRate)) {
            problems.add(ANNOTATION + " maxErrorRate must be between 0 and 1 (negative for no limit) but was "
                    + maxErrorRate);
        } else {
            Optional<Double> limit = settings.maxErrorRate.or(() -> Optional.of(maxErrorRate).filter(r -> r >= 0));
            limit.ifPresent(r -> thresholds.add(Threshold.errorRateAtMost(r)));
        }

        Optional<Path> baselineToWrite = Optional.empty();
        String baseline = annotation.baseline().trim();
        double drop = settings.maxThroughputDropPercent.orElse(annotation.maxThroughputDropPercent());
        double increase = settings.maxP99IncreasePercent.orElse(annotation.maxP99IncreasePercent());
        if (Double.isNaN(drop) || Double.isInfinite(drop)) {
            problems.add(ANNOTATION + " maxThroughputDropPercent must be a number but was " + drop);
        } else if (Double.isNaN(increase) || Double.isInfinite(increase)) {
            problems.add(ANNOTATION + " maxP99IncreasePercent must be a number but was " + increase);
        } else if (baseline.isEmpty()) {
            if (annotation.maxThroughputDropPercent() >= 0 || annotation.maxP99IncreasePercent() >= 0) {
                problems.add(ANNOTATION + " maxThroughputDropPercent and maxP99IncreasePercent need a baseline"
                        + " but baseline was empty");
            }
        } else if (drop < 0 && increase < 0) {
            problems.add(ANNOTATION + " baseline '" + baseline + "' needs maxThroughputDropPercent or"
                    + " maxP99IncreasePercent >= 0 but both were negative (no limit)");
        } else if (settings.baselineUpdate) {
            baselineToWrite = Optional.of(settings.baselineDir.resolve(baseline));
        } else {
            baselineThresholds(baseline, drop, increase, settings.baselineDir, loader, problems, thresholds::add);
        }
        if (!problems.isEmpty()) {
            throw new ExtensionConfigurationException(String.join("; ", problems));
        }
        return new Plan(config, thresholds,
                settings.failOnInconclusive.orElse(annotation.failOnInconclusive()), baselineToWrite);
    }

    private static BenchmarkConfig config(LoadTest a, Settings s, Targets.Resolved target, List<String> problems) {
        BenchmarkConfig.Builder b = Benchmark.target(target.url());
        if (!a.scenario().isBlank()) {
            Optional<Scenario> scenario = scenario(a.scenario(), problems);
            if (scenario.isEmpty()) {
                return null;
            }
            b = scenario.get().builder().targets(List.of(URI.create(target.url())));
        }
        for (String line : a.endpoints()) {
            b.endpoint(line);
        }
        // which builder option was set by a configuration key, to name that key in problems
        Map<String, String> overridden = new HashMap<>();
        if (a.scenario().isBlank() || s.concurrency.isPresent() || a.concurrency() != BenchmarkConfig.DEFAULT_CONCURRENCY) {
            b.concurrency(s.concurrency.orElse(a.concurrency()));
        }
        s.concurrency.ifPresent(v -> overridden.put("concurrency", LoadTestKeys.CONCURRENCY));
        if (s.workers.isPresent() || a.workers() != 0) {
            b.workers(s.workers.orElse(a.workers()));
            s.workers.ifPresent(v -> overridden.put("workers", LoadTestKeys.WORKERS));
        }
        if (s.requests.isPresent() || a.requests() != 0) {
            b.requests(s.requests.orElse(a.requests()));
            s.requests.ifPresent(v -> overridden.put("requests", LoadTestKeys.REQUESTS));
        }
        if (s.duration.isPresent()) {
            b.duration(s.duration.get());
            overridden.put("duration", LoadTestKeys.DURATION);
        } else if (!a.duration().isBlank()) {
            parse(a.duration(), "duration", problems).ifPresent(b::duration);
        }
        if (s.warmup.isPresent()) {
            b.warmup(s.warmup.get());
            overridden.put("warmup", LoadTestKeys.WARMUP);
        } else if (!a.warmup().isBlank()) {
            parse(a.warmup(), "warmup", problems).ifPresent(b::warmup);
        }
        if (s.rate.isPresent() || a.rate() != 0) {
            b.rate(s.rate.orElse(a.rate()));
            s.rate.ifPresent(v -> overridden.put("rate", LoadTestKeys.RATE));
        }
        if (a.stages().length > 0) {
            List<Stage> stages = new ArrayList<>();
            for (String entry : a.stages()) {
                parseStage(entry, problems).ifPresent(stages::add);
            }
            if (stages.size() == a.stages().length) {
                b.stages(stages.toArray(Stage[]::new));
            }
        }
        if (a.scenario().isBlank() || a.protocol() != HttpProtocol.HTTP_1_1) {
            b.protocol(a.protocol());
        }
        if (a.scenario().isBlank() || a.trustAllCertificates()) {
            b.trustAllCertificates(a.trustAllCertificates());
        }
        try {
            return b.build();
        } catch (InvalidConfigException e) {
            for (InvalidConfigException.Problem p : e.problems()) {
                String option = p.option();
                String message = p.message();
                if (option.equals("target")) {
                    problems.add(target.source() + ": " + message);
                } else if (overridden.containsKey(option)) {
                    problems.add(message.startsWith(option + " ")
                            ? overridden.get(option) + message.substring(option.length())
                            : overridden.get(option) + ": " + message);
                } else {
                    problems.add(ANNOTATION + " " + message);
                }
            }
            return null;
        }
    }

    /** The scenario file {@code name}: a file, or else a class path resource in a folder. */
    private static Optional<Scenario> scenario(String name, List<String> problems) {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            URL resource = Thread.currentThread().getContextClassLoader().getResource(name);
            if (resource != null && "file".equals(resource.getProtocol())) {
                try {
                    file = Path.of(resource.toURI());
                } catch (URISyntaxException e) {
                    // reported below as not found
                }
            }
        }
        try {
            return Optional.of(Scenario.read(file));
        } catch (ScenarioException e) {
            e.problems().forEach(p -> problems.add(ANNOTATION + " scenario: " + p.message()));
            return Optional.empty();
        }
    }

    /** {@code "ENDPOINT: LIMIT"} entries, each naming one of the run's endpoints. */
    private static void endpointThresholds(LoadTest a, BenchmarkConfig config, List<String> problems,
            Consumer<Threshold> sink) {
        List<String> names = config.singleRequest() ? List.of()
                : config.endpoints().stream().map(dev.httpbench.Endpoint::name).toList();
        for (String entry : a.thresholds()) {
            int colon = entry.indexOf(':');
            int eq = entry.indexOf('=', Math.max(colon, 0));
            if (colon < 1 || eq < 0) {
                problems.add(ANNOTATION + " thresholds entries must be ENDPOINT: LIMIT like 'order: p99=200ms' but was '"
                        + entry + "'");
                continue;
            }
            String name = entry.substring(0, colon).trim();
            String kind = entry.substring(colon + 1, eq).trim();
            String value = entry.substring(eq + 1).trim();
            if (!names.contains(name)) {
                problems.add(ANNOTATION + " thresholds entry '" + entry + "' must name an endpoint ("
                        + (names.isEmpty() ? "the run has none" : String.join(", ", names)) + ") but was '" + name + "'");
                continue;
            }
            try {
                Threshold t = switch (kind) {
                    case "minThroughput" -> Threshold.throughputAtLeast(Double.parseDouble(value), "");
                    case "maxErrorRate" -> Threshold.errorRateAtMost(Double.parseDouble(value));
                    case "max" -> Threshold.percentileAtMost(100, Durations.parse(value), "");
                    default -> {
                        if (!kind.matches("p\\d+(\\.\\d+)?")) {
                            throw new IllegalArgumentException("its limit must be p50, p90, p99, p99.9, max, "
                                    + "minThroughput or maxErrorRate");
                        }
                        yield Threshold.percentileAtMost(Double.parseDouble(kind.substring(1)), Durations.parse(value),
                                "");
                    }
                };
                sink.accept(Threshold.onEndpoint(name, t));
            } catch (IllegalArgumentException e) {
                problems.add(ANNOTATION + " thresholds entry '" + entry + "': " + e.getMessage());
            }
        }
    }

    private static Optional<Duration> parse(String text, String attribute, List<String> problems) {
        try {
            return Optional.of(Durations.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(ANNOTATION + " " + attribute + " " + e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code "400/20s"} (a hold) or {@code "0-400/10s"} (a ramp); the builder checks the rates and the length. */
    private static Optional<Stage> parseStage(String entry, List<String> problems) {
        String[] rateAndTime = entry.trim().split("/", -1);
        String[] fromTo = rateAndTime[0].split("-", -1);
        try {
            if (rateAndTime.length != 2 || fromTo.length > 2) {
                throw new IllegalArgumentException();
            }
            double from = Double.parseDouble(fromTo[0].trim());
            double to = fromTo.length == 2 ? Double.parseDouble(fromTo[1].trim()) : from;
            return Optional.of(Stage.ramp(from, to, Durations.parse(rateAndTime[1].trim())));
        } catch (IllegalArgumentException e) {
            problems.add(ANNOTATION + " stages entries must be RATE/DURATION or FROM-TO/DURATION like 0-400/10s but "
                    + "was '" + entry + "'");
            return Optional.empty();
        }
    }

    private static Optional<Duration> parsePositive(String text, String attribute, List<String> problems) {
        Optional<Duration> d = parse(text, attribute, problems);
        if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
            problems.add(ANNOTATION + " " + attribute + " must be > 0s but was '" + text + "'");
            return Optional.empty();
        }
        return d;
    }

    private static void parsePercentile(String entry, List<String> problems,
            java.util.function.BiConsumer<Double, Duration> sink) {
        String[] parts = entry.split("=", 2);
        double percentile;
        try {
            percentile = parts.length == 2 ? Double.parseDouble(parts[0].trim()) : Double.NaN;
        } catch (NumberFormatException e) {
            percentile = Double.NaN;
        }
        if (Double.isNaN(percentile)) {
            problems.add(ANNOTATION + " percentiles entries must be PERCENTILE=DURATION like 99.9=300ms but was '"
                    + entry + "'");
        } else if (percentile < 0 || percentile > 100) {
            problems.add(ANNOTATION + " percentiles entries must have a percentile between 0 and 100 but was '"
                    + entry + "'");
        } else {
            double p = percentile;
            parsePositive(parts[1].trim(), "percentiles entry '" + entry + "'", problems)
                    .ifPresent(d -> sink.accept(p, d));
        }
    }

    private static void baselineThresholds(String baseline, double drop, double increase, Path dir,
            ClassLoader loader, List<String> problems, Consumer<Threshold> sink) {
        Path file = dir.resolve(baseline);
        ResultJson.Figures figures;
        String name;
        try {
            if (Files.isRegularFile(file)) {
                name = file.toString();
                try (InputStream in = Files.newInputStream(file)) {
                    figures = ResultJson.read(in);
                }
            } else {
                try (InputStream in = loader.getResourceAsStream(baseline)) {
                    if (in == null) {
                        String reason = "baseline '" + baseline + "' not found in " + dir + " nor on the class path;"
                                + " run once with " + LoadTestKeys.BASELINE_UPDATE + "=true to write it";
                        sink.accept(Threshold.inconclusive("throughput and p99 against baseline not judged: "
                                + reason));
                        return;
                    }
                    name = "class path " + baseline;
                    figures = ResultJson.read(in);
                }
            }
        } catch (IOException e) {
            problems.add(ANNOTATION + " baseline '" + baseline + "' must be a result JSON but could not be read: "
                    + e.getMessage());
            return;
        }
        if (figures.throughputRps() == null || figures.p99() == null) {
            problems.add(ANNOTATION + " baseline '" + baseline + "' must be a result JSON with the numbers"
                    + " throughput_rps and latency_ms.p99 but was missing "
                    + (figures.throughputRps() == null ? "throughput_rps" : "latency_ms.p99"));
            return;
        }
        if (drop >= 0) {
            sink.accept(Threshold.throughputVsBaseline(figures.throughputRps(), drop, name));
        }
        if (increase >= 0) {
            sink.accept(Threshold.p99VsBaseline(figures.p99(), increase, name));
        }
    }
}
