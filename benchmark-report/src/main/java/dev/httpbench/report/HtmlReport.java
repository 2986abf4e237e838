package dev.httpbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * {@code report.html}: one self-contained page (styles, scripts, data and charts inline; nothing is
 * fetched when it is opened) with throughput and P99 against concurrency, latency percentile curves
 * per run, throughput and P99 over time, the assessment, the runs and the environment. Charts are
 * drawn by uPlot, inlined from its webjar. When the page has rendered, its root element carries
 * {@code data-render="ok"} and {@code data-charts="N"}; a script error sets {@code data-errors}.
 * Stateless and thread-safe.
 */
public final class HtmlReport {
    /** Charts the page draws. */
    public static final int CHARTS = 5;
    private static final String TEMPLATE = "/dev/httpbench/report/report-template.html";

    private HtmlReport() {
    }

    /**
     * The page as text.
     *
     * @param vmSize the machine size label, or null
     */
    public static String render(MatrixResult result, Assessment assessment, String vmSize, Environment env) {
        String webjar = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        String json;
        try {
            json = Jackson.MAPPER.writeValueAsString(data(result, assessment, vmSize, env));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize the report data", e);
        }
        // inside <script>, "</" could end the element early; "<\/" is the same string in JSON
        json = json.replace("</", "<\\/");
        String page = resource(TEMPLATE);
        page = page.replace("/*UPLOT_CSS*/", resource(webjar + "uPlot.min.css"));
        page = page.replace("/*DATA*/", json);
        page = page.replace("/*UPLOT_JS*/", resource(webjar + "uPlot.iife.min.js"));
        return page;
    }

    /** Writes {@link #render} to {@code file}. */
    public static void write(MatrixResult result, Assessment assessment, String vmSize, Environment env, Path file) {
        try {
            Files.writeString(file, render(result, assessment, vmSize, env), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The x positions of the percentile chart: 1 / (1 - p/100), ten per decade from 0 % to 99.999 %. */
    static List<Double> percentileAxis() {
        List<Double> xs = new ArrayList<>();
        for (int k = 0; k <= 50; k++) {
            xs.add(Math.pow(10, k / 10.0));
        }
        return xs;
    }

    private static ObjectNode data(MatrixResult result, Assessment a, String vmSize, Environment env) {
        ObjectNode d = Jackson.MAPPER.createObjectNode();
        d.put("target", result.matrix().base().displayTarget());
        d.put("method", result.matrix().base().method());
        d.put("started_at", result.startedAt().toString());
        d.put("vm_size", vmSize);
        d.put("interrupted", result.interrupted());
        d.put("slo_p99_ms", ms(a.criteria().sloP99()));
        a.lines().forEach(d.putArray("assessment")::add);

        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        ArrayNode configurations = d.putArray("configurations");
        for (Assessment.Configuration c : a.configurations()) {
            String label = c.workers() + " workers" + (c.rate() == null ? ""
                    : String.format(Locale.ROOT, " @%.0f/s", c.rate()));
            ObjectNode g = groups.computeIfAbsent(label, l -> {
                ObjectNode n = configurations.addObject();
                n.put("label", l);
                n.putArray("concurrency");
                n.putArray("throughput");
                n.putArray("p99");
                return n;
            });
            ((ArrayNode) g.get("concurrency")).add(c.concurrency());
            ((ArrayNode) g.get("throughput")).add(Math.round(c.throughput() * 10) / 10.0);
            ((ArrayNode) g.get("p99")).add(ms(c.p99()));
        }

        List<Double> axis = percentileAxis();
        axis.forEach(d.putArray("percentile_axis")::add);
        ArrayNode runs = d.putArray("runs");
        for (MatrixRun run : result.runs()) {
            BenchmarkResult r = run.result();
            LatencyDistribution l = r.latency();
            ObjectNode o = runs.addObject();
            o.put("name", run.point().name());
            o.put("concurrency", run.point().concurrency());
            o.put("workers", run.point().workers());
            if (run.point().rate() == null) {
                o.putNull("rate_rps");
            } else {
                o.put("rate_rps", run.point().rate());
            }
            o.put("sent", r.sent());
            o.put("succeeded", r.succeeded());
            o.put("failed", r.failed());
            o.put("throughput_rps", r.throughput());
            o.put("p50_ms", ms(l.p50()));
            o.put("p90_ms", ms(l.p90()));
            o.put("p99_ms", ms(l.p99()));
            o.put("p999_ms", ms(l.p999()));
            o.put("max_ms", ms(l.max()));
            if (r.client().isPresent()) {
                o.put("client_cpu_percent", Math.round(r.client().get().cpuPercent() * 10) / 10.0);
                o.put("client_cpu_peak_percent", Math.round(r.client().get().cpuPeakPercent() * 10) / 10.0);
                o.put("client_rss_peak_mb", Math.round(r.client().get().rssPeakBytes() / 104_857.6) / 10.0);
            } else {
                o.putNull("client_cpu_percent");
                o.putNull("client_cpu_peak_percent");
                o.putNull("client_rss_peak_mb");
            }
            String errors = r.errors().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue())
                    .collect(Collectors.joining(", "));
            String statuses = r.statusCounts().entrySet().stream()
                    .filter(e -> !r.config().successStatuses().contains(e.getKey()))
                    .map(e -> "HTTP " + e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
            o.put("errors", String.join(errors.isEmpty() || statuses.isEmpty() ? "" : ", ", statuses, errors));
            List<String> notes = new ArrayList<>(r.warnings());
            if (r.interrupted()) {
                notes.add(0, "interrupted");
            }
            o.put("note", String.join("; ", notes));
            ArrayNode pct = o.putArray("percentiles_ms");
            for (double x : axis) {
                if (l.count() == 0) {
                    pct.addNull();
                } else {
                    pct.add(ms(l.percentile(Math.min(100, 100 * (1 - 1 / x)))));
                }
            }
            ObjectNode timeline = o.putObject("timeline");
            ArrayNode t = timeline.putArray("t_s");
            ArrayNode rps = timeline.putArray("throughput_rps");
            ArrayNode p99 = timeline.putArray("p99_ms");
            ArrayNode cpu = timeline.putArray("client_cpu_percent");
            Duration half = r.config().reportInterval().dividedBy(2);
            for (Interval i : r.timeline()) {
                if (i.length().compareTo(half) < 0) {
                    continue; // a short final interval (the drain) would draw a false drop
                }
                t.add(Math.round(i.offset().plus(i.length()).toMillis() / 100.0) / 10.0);
                rps.add(Math.round(i.throughput() * 10) / 10.0);
                if (i.latencyCount() == 0) {
                    p99.addNull();
                } else {
                    p99.add(ms(i.p99()));
                }
                if (i.client().isPresent()) {
                    cpu.add(Math.round(i.client().get().cpuPercent() * 10) / 10.0);
                } else {
                    cpu.addNull();
                }
            }
        }

        ObjectNode environment = d.putObject("environment");
        env.asMap().forEach(environment::put);
        environment.put("Target", result.matrix().base().displayTarget());
        environment.put("VM size", vmSize == null ? "(not given)" : vmSize);
        environment.put("Matrix", "concurrency " + result.matrix().concurrencyLevels() + ", workers "
                + result.matrix().workerCounts() + (result.matrix().rates().isEmpty() ? ", closed loop"
                        : ", rates " + result.matrix().rates() + " req/s") + ", repeats " + result.matrix().repeats());
        environment.put("Each run", result.matrix().base().duration().map(x -> Durations.format(x) + " ").orElse("")
                + result.matrix().base().requests().stream().mapToObj(n -> "at most " + n + " requests ")
                        .collect(Collectors.joining())
                + "after " + result.matrix().base().warmup().map(Durations::format).orElse("an automatic")
                + " warm-up, timeout "
                + Durations.format(result.matrix().base().timeout()));
        return d;
    }

    private static double ms(Duration d) {
        return Math.round(Durations.millis(d) * 1000) / 1000.0;
    }

    private static String uplotVersion() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("uplot.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            if (v == null || v.startsWith("$")) {
                throw new IllegalStateException("version missing from dev/httpbench/report/uplot.properties");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
