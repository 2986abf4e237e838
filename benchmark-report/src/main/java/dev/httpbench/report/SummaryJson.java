package dev.httpbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code summary.json} of a matrix: schema version, tool, environment, settings, one object per
 * run ({@link ResultJson} plus {@code name}, {@code repeat} and {@code histogram_log}) and the
 * assessment. The schema is documented in the README; {@link #SCHEMA_VERSION} changes when a field is
 * removed or changes meaning. Stateless and thread-safe.
 */
public final class SummaryJson {
    /** The schema version written as {@code schema_version}. */
    public static final int SCHEMA_VERSION = 1;

    private SummaryJson() {
    }

    /**
     * The summary as a JSON object.
     *
     * @param vmSize the machine size label, or null
     */
    static ObjectNode toJson(MatrixResult result, Assessment assessment, String vmSize, Environment env) {
        Matrix m = result.matrix();
        BenchmarkConfig base = m.base();
        ObjectNode root = Jackson.MAPPER.createObjectNode();
        root.put("schema_version", SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", Environment.TOOL_NAME);
        tool.put("version", env.toolVersion());
        root.put("started_at", result.startedAt().toString());
        if (vmSize == null) {
            root.putNull("vm_size");
        } else {
            root.put("vm_size", vmSize);
        }
        root.put("target", base.displayTarget());
        root.put("method", base.method());
        root.put("interrupted", result.interrupted());
        ObjectNode settings = root.putObject("settings");
        m.concurrencyLevels().forEach(settings.putArray("concurrency_levels")::add);
        m.workerCounts().forEach(settings.putArray("workers")::add);
        m.rates().forEach(settings.putArray("rates_rps")::add);
        settings.put("repeats", m.repeats());
        if (base.duration().isPresent()) {
            settings.put("duration_s", seconds(base.duration().get()));
        } else {
            settings.putNull("duration_s");
        }
        if (base.requests().isPresent()) {
            settings.put("requests", base.requests().getAsLong());
        } else {
            settings.putNull("requests");
        }
        if (base.warmup().isPresent()) {
            settings.put("warmup_s", seconds(base.warmup().get()));
        } else {
            settings.putNull("warmup_s"); // automatic: each run's warmup_s says how long it took
        }
        settings.put("timeout_s", seconds(base.timeout()));
        settings.put("slo_p99_ms", millis(assessment.criteria().sloP99()));
        ObjectNode environment = root.putObject("environment");
        environment.put("java_version", env.javaVersion());
        environment.put("java_vendor", env.javaVendor());
        environment.put("os", env.os());
        environment.put("cpus", env.cpus());
        environment.put("max_heap_mb", env.maxHeapBytes() / (1024 * 1024));
        environment.put("host", env.host());
        ArrayNode runs = root.putArray("runs");
        for (MatrixRun run : result.runs()) {
            ObjectNode json = ResultJson.toJson(run.result());
            ObjectNode item = runs.addObject();
            item.put("name", run.point().name());
            item.put("repeat", run.point().repeat());
            item.setAll(json);
            item.put("histogram_log", ReportFolder.histogramFileName(run.point()));
        }
        root.set("assessment", assessment(assessment));
        return root;
    }

    /** Writes the summary to {@code file}. */
    public static void write(MatrixResult result, Assessment assessment, String vmSize, Environment env, Path file) {
        write(result, assessment, vmSize, env, Map.of(), file);
    }

    /**
     * Writes the summary with extra top-level sections after the assessment, e.g. {@code shards} for a
     * test merged from shards (README, "Beyond one machine"). Section values are plain Java values: maps
     * with string keys, lists, strings, numbers, booleans and null.
     */
    public static void write(MatrixResult result, Assessment assessment, String vmSize, Environment env,
            Map<String, ?> sections, Path file) {
        try {
            ObjectNode root = toJson(result, assessment, vmSize, env);
            sections.forEach((name, value) -> root.set(name, Jackson.MAPPER.valueToTree(value)));
            Jackson.MAPPER.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The assessment as JSON: the {@code assessment} object of summary.json. */
    static ObjectNode assessment(Assessment a) {
        ObjectNode node = Jackson.MAPPER.createObjectNode();
        node.put("slo_p99_ms", millis(a.criteria().sloP99()));
        if (a.best().isPresent()) {
            Assessment.Configuration b = a.best().get();
            ObjectNode best = node.putObject("best");
            best.put("configuration", b.key());
            best.put("concurrency", b.concurrency());
            best.put("workers", b.workers());
            if (b.rate() == null) {
                best.putNull("rate_rps");
            } else {
                best.put("rate_rps", b.rate());
            }
            best.put("throughput_rps", round(b.throughput()));
            best.put("p99_ms", millis(b.p99()));
        } else {
            node.putNull("best");
        }
        ArrayNode saturation = node.putArray("saturation");
        for (Assessment.Saturation s : a.saturation()) {
            ObjectNode o = saturation.addObject();
            o.put("workers", s.workers());
            if (s.kneeConcurrency() == null) {
                o.putNull("knee_concurrency");
            } else {
                o.put("knee_concurrency", s.kneeConcurrency());
            }
            o.put("throughput_rps", round(s.throughput()));
            o.put("p99_ms", millis(s.p99()));
            o.put("explanation", s.explanation());
        }
        ArrayNode stability = node.putArray("stability");
        for (Assessment.Stability s : a.stability()) {
            ObjectNode o = stability.addObject();
            o.put("configuration", s.key());
            o.put("repeats", s.repeats());
            o.put("mean_throughput_rps", round(s.meanThroughput()));
            o.put("stdev_rps", round(s.stdDev()));
            o.put("cv", Math.round(s.cv() * 10_000) / 10_000.0);
            o.put("unstable", s.unstable());
        }
        ArrayNode errors = node.putArray("errors");
        for (Assessment.ErrorFinding e : a.errors()) {
            ObjectNode o = errors.addObject();
            o.put("kind", e.kind());
            o.put("count", e.count());
            o.put("share", Math.round(e.share() * 1_000_000) / 1_000_000.0);
            o.put("likely_cause", e.likelyCause());
            e.runs().forEach(o.putArray("runs")::add);
        }
        if (a.criteria().expectations() == null) {
            node.putNull("expectations");
        } else {
            ObjectNode exp = node.putObject("expectations");
            exp.put("vm_size", a.criteria().expectations().label());
            ArrayNode checks = exp.putArray("checks");
            for (Assessment.ExpectationCheck c : a.expectations()) {
                ObjectNode o = checks.addObject();
                o.put("run", c.run());
                o.put("concurrency", c.concurrency());
                o.put("expected_throughput_rps", round(c.expectedThroughput()));
                o.put("throughput_rps", round(c.throughput()));
                o.put("expected_p99_ms", millis(c.expectedP99()));
                o.put("p99_ms", millis(c.p99()));
                o.put("meets", c.meets());
            }
        }
        a.lines().forEach(node.putArray("text")::add);
        return node;
    }

    private static double millis(Duration d) {
        return Math.round(Durations.millis(d) * 1000) / 1000.0;
    }

    private static double seconds(Duration d) {
        return Math.round(d.toNanos() / 1e6) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
