package dev.httpbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientSample;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Stage;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The data behind report.html, as one JSON object the page's script draws from. Every series a chart
 * needs is computed here, so the page only lays it out; a figure the engine did not record is left
 * out (with a flag in {@code recorded}) rather than drawn as zero. Stateless and thread-safe.
 */
final class ReportData {
    /** Buckets per decade of the latency histogram. */
    static final int HISTOGRAM_BUCKETS_PER_DECADE = 10;

    private ReportData() {
    }

    /** The section of summary.json that report.html also draws: the answer of a search for the highest rate. */
    static final String MAX_RATE = "max_rate";

    static ObjectNode of(MatrixResult result, Assessment a, String vmSize, Environment env) {
        return of(result, a, vmSize, env, Map.of());
    }

    /** With the extra summary.json sections that the page draws ({@value #MAX_RATE}); others are ignored. */
    static ObjectNode of(MatrixResult result, Assessment a, String vmSize, Environment env, Map<String, ?> sections) {
        Matrix m = result.matrix();
        ObjectNode d = Jackson.MAPPER.createObjectNode();
        d.put("target", m.base().displayTarget());
        d.put("method", m.base().method());
        d.put("started_at", result.startedAt().toString());
        d.put("vm_size", vmSize);
        d.put("interrupted", result.interrupted());
        d.put("slo_p99_ms", ms(a.criteria().sloP99()));
        d.put("planned_runs", a.plannedRuns());
        d.put("judged_runs", a.judgedRuns());
        ArrayNode lines = d.putArray("assessment");
        for (String line : a.lines()) {
            ObjectNode o = lines.addObject();
            o.put("text", line);
            o.put("level", level(line));
        }
        a.best().ifPresent(b -> {
            ObjectNode best = d.putObject("best");
            best.put("configuration", b.key());
            best.put("throughput_rps", round(b.throughput(), 1));
            best.put("p99_ms", ms(b.p99()));
        });
        variable(d, a);
        List<Double> axis = HtmlReport.percentileAxis();
        axis.forEach(d.putArray("percentile_axis")::add);
        int[] buckets = bucketRange(result.runs());
        ArrayNode bucketAxis = d.putArray("histogram_axis_ms");
        for (int k = buckets[0]; k <= buckets[1]; k++) {
            bucketAxis.add(round(Math.pow(10, (double) k / HISTOGRAM_BUCKETS_PER_DECADE) / 1000, 4));
        }
        Map<String, String> excluded = a.excluded().stream()
                .collect(Collectors.toMap(Assessment.Excluded::run, Assessment.Excluded::reason, (x, y) -> x));
        ArrayNode runs = d.putArray("runs");
        for (MatrixRun run : result.runs()) {
            run(runs.addObject(), run, excluded.get(run.point().name()), axis, buckets);
        }
        environment(d.putObject("environment"), result, vmSize, env);
        if (sections.get(MAX_RATE) != null) {
            d.set(MAX_RATE, Jackson.MAPPER.valueToTree(sections.get(MAX_RATE)));
        }
        return d;
    }

    /** How the page styles an assessment line: {@code good}, {@code warn}, {@code bad} or {@code plain}. */
    static String level(String line) {
        if (line.contains("UNSTABLE") || line.contains("BELOW expectation") || line.contains("none met")
                || line.contains("none judged")) {
            return "bad";
        }
        if (line.startsWith("Warning:") || line.startsWith("Runs:") || line.startsWith("Confidence:")
                || line.startsWith("Best vs") || line.contains("(unconfirmed")) {
            return "warn";
        }
        return line.startsWith("Best configuration: concurrency") ? "good" : "plain";
    }

    /**
     * Throughput and P99 against what the matrix varied: concurrency in closed loop, the rate in open
     * loop; absent when neither took two values, since a chart against a constant says nothing.
     */
    private static void variable(ObjectNode d, Assessment a) {
        List<Assessment.Configuration> closed = a.configurations().stream().filter(c -> c.rate() == null).toList();
        List<Assessment.Configuration> open = a.configurations().stream().filter(c -> c.rate() != null).toList();
        boolean byConcurrency = closed.stream().map(Assessment.Configuration::concurrency).distinct().count() > 1;
        boolean byRate = open.stream().map(Assessment.Configuration::rate).distinct().count() > 1;
        if (!byConcurrency && !byRate) {
            d.putNull("variable");
            return;
        }
        ObjectNode v = d.putObject("variable");
        v.put("axis", byConcurrency ? "concurrency" : "rate");
        v.put("label", byConcurrency ? "concurrency (requests in flight)" : "offered rate (requests/s)");
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        ArrayNode series = v.putArray("series");
        for (Assessment.Configuration c : byConcurrency ? closed : open) {
            String label = c.workers() + " worker" + (c.workers() == 1 ? "" : "s")
                    + (byConcurrency ? "" : ", concurrency " + c.concurrency());
            ObjectNode g = groups.computeIfAbsent(label, l -> {
                ObjectNode n = series.addObject();
                n.put("label", l);
                n.putArray("x");
                n.putArray("throughput");
                n.putArray("p99");
                return n;
            });
            ((ArrayNode) g.get("x")).add(byConcurrency ? c.concurrency() : c.rate());
            ((ArrayNode) g.get("throughput")).add(round(c.throughput(), 1));
            ((ArrayNode) g.get("p99")).add(ms(c.p99()));
        }
    }

    private static void run(ObjectNode o, MatrixRun run, String excludedBecause, List<Double> axis, int[] buckets) {
        BenchmarkResult r = run.result();
        BenchmarkConfig c = r.config();
        LatencyDistribution l = r.latency();
        o.put("name", run.point().name());
        o.put("concurrency", run.point().concurrency());
        o.put("workers", run.point().workers());
        o.put("open_loop", c.openLoop());
        nullable(o, "rate_rps", c.openLoop() && c.stages().isEmpty() ? round(c.rate(), 1) : Double.NaN);
        o.put("load", load(c));
        o.put("judged", excludedBecause == null);
        o.put("excluded", excludedBecause);
        o.put("duration_s", round(r.duration().toNanos() / 1e9, 3));
        o.put("warmup_s", round(r.warmupTaken().toNanos() / 1e9, 3));
        o.put("sent", r.sent());
        o.put("succeeded", r.succeeded());
        o.put("failed", r.failed());
        o.put("throughput_rps", round(r.throughput(), 1));
        o.put("request_rate_rps", round(r.requestRate(), 1));
        nullable(o, "planned_rate_rps", c.openLoop() ? round(r.plannedRate(), 1) : Double.NaN);
        o.put("mean_ms", ms(l.mean()));
        o.put("p50_ms", ms(l.p50()));
        o.put("p90_ms", ms(l.p90()));
        o.put("p99_ms", ms(l.p99()));
        o.put("p999_ms", ms(l.p999()));
        o.put("max_ms", ms(l.max()));
        nullable(o, "service_p99_ms", c.openLoop() ? ms(r.serviceTime().p99()) : Double.NaN);
        nullable(o, "send_lag_p99_ms", r.sendLag().count() > 0 ? ms(r.sendLag().p99()) : Double.NaN);
        o.put("connections_opened", r.connectionsOpened());
        o.put("reconnects", r.reconnects());
        nullable(o, "connect_p99_ms", r.connectTime().count() > 0 ? ms(r.connectTime().p99()) : Double.NaN);
        o.put("bytes_received", r.bytesReceived());
        if (r.client().isPresent()) {
            o.put("client_cpu_percent", round(r.client().get().cpuPercent(), 1));
            o.put("client_cpu_peak_percent", round(r.client().get().cpuPeakPercent(), 1));
            o.put("client_rss_peak_mb", round(r.client().get().rssPeakBytes() / (1024.0 * 1024), 1));
            nullable(o, "system_cpu_percent", r.client().get().systemCpuPercent() < 0 ? Double.NaN
                    : round(r.client().get().systemCpuPercent(), 1));
        } else {
            o.putNull("client_cpu_percent");
            o.putNull("client_cpu_peak_percent");
            o.putNull("client_rss_peak_mb");
            o.putNull("system_cpu_percent");
        }
        String errors = r.errors().entrySet().stream().map(e -> e.getKey().id() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String statuses = r.statusCounts().entrySet().stream()
                .map(e -> "HTTP " + e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        o.put("responses", statuses);
        o.put("errors", errors);
        ArrayNode notes = o.putArray("notes");
        if (r.interrupted()) {
            notes.add("interrupted");
        }
        r.warnings().forEach(notes::add);
        ArrayNode pct = o.putArray("percentiles_ms");
        for (double x : axis) {
            if (l.count() == 0) {
                pct.addNull();
            } else {
                pct.add(ms(l.percentile(Math.min(100, 100 * (1 - 1 / x)))));
            }
        }
        long[] counts = histogram(l.histogram(), buckets);
        ArrayNode h = o.putArray("histogram");
        for (long n : counts) {
            h.add(n);
        }
        TimingData.put(o, r.timing());
        timeline(o, r);
        PartsJson.addToReport(o, r, axis);
    }

    /** {@code closed loop}, {@code 2000 req/s}, or the stages: {@code 0-400 req/s for 10s, 400 req/s for 20s}. */
    private static String load(BenchmarkConfig c) {
        if (!c.openLoop()) {
            return "closed loop, " + c.concurrency() + " in flight";
        }
        if (c.stages().isEmpty()) {
            return String.format(Locale.ROOT, "open loop, %.0f req/s", c.rate());
        }
        List<String> parts = new ArrayList<>();
        for (Stage s : c.stages()) {
            parts.add((s.fromRate() == s.toRate() ? String.format(Locale.ROOT, "%.0f", s.fromRate())
                    : String.format(Locale.ROOT, "%.0f-%.0f", s.fromRate(), s.toRate())) + " req/s for "
                    + Durations.format(s.duration()));
        }
        return "stages: " + String.join(", ", parts);
    }

    /** Every series of the over-time charts, one value per full interval; absent figures flagged in {@code recorded}. */
    private static void timeline(ObjectNode o, BenchmarkResult r) {
        BenchmarkConfig c = r.config();
        List<Interval> intervals = r.timeline().stream().filter(i -> Timeline.full(c, i)).toList();
        ObjectNode t = o.putObject("timeline");
        ObjectNode recorded = o.putObject("recorded");
        column(t, "t_s", intervals, i -> round(i.offset().plus(i.length()).toNanos() / 1e9, 3));
        column(t, "ok_rps", intervals, i -> round(i.throughput(), 1));
        column(t, "failed_rps", intervals, i -> round(Timeline.perSecond(i.failed(), i), 1));
        column(t, "completed_rps", intervals, i -> round(Timeline.perSecond(i.succeeded() + i.failed(), i), 1));
        column(t, "p50_ms", intervals, i -> i.latencyCount() == 0 ? null : ms(i.p50()));
        column(t, "p90_ms", intervals, i -> i.latencyCount() == 0 ? null : ms(i.p90()));
        column(t, "p99_ms", intervals, i -> i.latencyCount() == 0 ? null : ms(i.p99()));
        column(t, "max_ms", intervals, i -> i.latencyCount() == 0 ? null : ms(i.max()));
        if (c.openLoop()) {
            column(t, "planned_rps", intervals, i -> round(Timeline.plannedRate(c, i), 1));
        }
        boolean sent = !intervals.isEmpty() && intervals.stream().allMatch(i -> i.sent().isPresent());
        recorded.put("sent", sent);
        if (sent) {
            column(t, "sent_rps", intervals, i -> round(Timeline.perSecond(i.sent().getAsLong(), i), 1));
        }
        boolean service = !intervals.isEmpty() && intervals.stream().allMatch(i -> i.serviceTime().isPresent());
        recorded.put("service_time", service);
        if (service) {
            List<LatencyDistribution> st = intervals.stream().map(i -> i.serviceTime().orElseThrow()).toList();
            t.set("service_p50_ms", values(st, x -> x.count() == 0 ? null : ms(x.p50())));
            t.set("service_p99_ms", values(st, x -> x.count() == 0 ? null : ms(x.p99())));
        }
        boolean lag = !intervals.isEmpty() && intervals.stream().allMatch(i -> i.sendLag().isPresent());
        recorded.put("send_lag", lag);
        if (lag) {
            column(t, "send_lag_p99_ms", intervals, i -> {
                LatencyDistribution x = i.sendLag().orElseThrow();
                return x.count() == 0 ? null : ms(x.p99());
            });
        }
        boolean breakdown = !intervals.isEmpty() && intervals.stream().allMatch(Interval::brokenDown);
        recorded.put("breakdown", breakdown);
        if (breakdown) {
            breakdown(t.putObject("outcomes_rps"), intervals, c);
        }
        boolean bytes = !intervals.isEmpty() && intervals.stream().allMatch(i -> i.bytesReceived().isPresent());
        recorded.put("bytes", bytes);
        if (bytes) {
            column(t, "bytes_per_s", intervals, i -> round(Timeline.perSecond(i.bytesReceived().getAsLong(), i), 0));
        }
        boolean inFlight = !intervals.isEmpty() && intervals.stream().allMatch(i -> i.inFlight().isPresent());
        recorded.put("in_flight", inFlight);
        if (inFlight) {
            column(t, "in_flight", intervals, i -> (double) i.inFlight().getAsLong());
        }
        boolean client = intervals.stream().anyMatch(i -> i.client().isPresent());
        recorded.put("client", client);
        if (client) {
            column(t, "cpu_percent", intervals, i -> sample(i, s -> s.cpuPercent()));
            column(t, "system_cpu_percent", intervals, i -> sample(i, s -> s.systemCpuPercent()));
            column(t, "busiest_worker_percent", intervals, i -> sample(i, s -> s.workerBusyPercent().stream()
                    .mapToDouble(Double::doubleValue).max().orElse(-1)));
            column(t, "tcp_established", intervals, i -> sample(i, s -> (double) s.tcpEstablished()));
        }
        recorded.put("connections", client && intervals.stream().anyMatch(i -> i.client().isPresent()
                && i.client().get().tcpEstablished() >= 0));
    }

    /** Responses per second by status and failures per second by kind, one series each, most frequent first. */
    private static void breakdown(ObjectNode out, List<Interval> intervals, BenchmarkConfig c) {
        Map<String, Long> totals = new TreeMap<>();
        for (Interval i : intervals) {
            i.statusCounts().forEach((s, n) -> totals.merge("HTTP " + s, n, Long::sum));
            i.errors().forEach((k, n) -> totals.merge(k.id(), n, Long::sum));
        }
        List<String> keys = new ArrayList<>(totals.keySet());
        keys.sort((x, y) -> Long.compare(totals.get(y), totals.get(x)));
        for (String key : keys) {
            ArrayNode series = out.putArray(key);
            for (Interval i : intervals) {
                long n = key.startsWith("HTTP ") ? i.statusCounts().getOrDefault(Integer.parseInt(key.substring(5)), 0L)
                        : i.errors().getOrDefault(FailureKind.fromId(key), 0L);
                series.add(round(Timeline.perSecond(n, i), 1));
            }
        }
        ArrayNode failing = out.putArray("_failing");
        keys.stream().filter(k -> !k.startsWith("HTTP ") || !c.successStatuses().contains(
                Integer.parseInt(k.substring(5)))).forEach(failing::add);
    }

    private static Double sample(Interval i, Function<ClientSample, Double> figure) {
        if (i.client().isEmpty()) {
            return null;
        }
        double v = figure.apply(i.client().get());
        return v < 0 ? null : round(v, 1);
    }

    private static void column(ObjectNode t, String name, List<Interval> intervals, Function<Interval, Double> value) {
        t.set(name, values(intervals, value));
    }

    private static <T> ArrayNode values(List<T> items, Function<T, Double> value) {
        ArrayNode a = Jackson.MAPPER.createArrayNode();
        for (T item : items) {
            Double v = value.apply(item);
            if (v == null || v.isNaN()) {
                a.addNull();
            } else {
                a.add(v);
            }
        }
        return a;
    }

    /** The histogram buckets around every run's latencies (bucket k starts at 10^(k/10) us). */
    private static int[] bucketRange(List<MatrixRun> runs) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (MatrixRun run : runs) {
            LatencyDistribution l = run.result().latency();
            if (l.count() > 0) {
                seen.add(bucket(Math.max(1, l.histogram().getMinNonZeroValue())));
                seen.add(bucket(Math.max(1, l.histogram().getMaxValue())));
            }
        }
        // an empty bucket on either side, so that the first and last steps rise from and fall to zero
        return seen.isEmpty() ? new int[] {29, 31} : new int[] {seen.first() - 1, seen.last() + 1};
    }

    private static int bucket(long micros) {
        return (int) Math.floor(Math.log10(Math.max(1, micros)) * HISTOGRAM_BUCKETS_PER_DECADE + 1e-9);
    }

    /** Latencies per bucket {@code range[0]..range[1]}. */
    static long[] histogram(Histogram micros, int[] range) {
        long[] counts = new long[range[1] - range[0] + 1];
        for (HistogramIterationValue v : micros.recordedValues()) {
            int k = Math.min(range[1], Math.max(range[0], bucket(v.getValueIteratedTo())));
            counts[k - range[0]] += v.getCountAtValueIteratedTo();
        }
        return counts;
    }

    private static void environment(ObjectNode environment, MatrixResult result, String vmSize, Environment env) {
        Matrix m = result.matrix();
        env.asMap().forEach(environment::put);
        environment.put("Target", m.base().displayTarget());
        environment.put("VM size", vmSize == null ? "(not given)" : vmSize);
        environment.put("Matrix", "concurrency " + m.concurrencyLevels() + ", workers " + m.workerCounts()
                + (m.rates().isEmpty() ? (m.base().stages().isEmpty() ? ", closed loop" : ", " + load(m.base()))
                        : ", rates " + m.rates() + " req/s") + ", repeats " + m.repeats());
        environment.put("Each run", m.base().duration().map(x -> Durations.format(x) + " ").orElse("")
                + m.base().requests().stream().mapToObj(n -> "at most " + n + " requests ").collect(Collectors.joining())
                + "after " + m.base().warmup().map(Durations::format).orElse("an automatic") + " warm-up, timeout "
                + Durations.format(m.base().timeout()) + ", report interval "
                + Durations.format(m.base().reportInterval()));
    }

    private static void nullable(ObjectNode o, String field, double value) {
        if (Double.isNaN(value)) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    static double ms(Duration d) {
        return Math.round(Durations.millis(d) * 1000) / 1000.0;
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
