package dev.httpbench.report.merge;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a merged test's report folder: the usual files of {@link ReportFolder} for the merged runs, and in
 * {@code summary.json} a {@code shards} section with the test's shards, what is missing, the merge's
 * warnings and every shard's own rows (schema in the README, "Beyond one machine"). Stateless.
 */
public final class MergeReport {
    /** The summary.json section this writes. */
    public static final String SECTION = "shards";

    private MergeReport() {
    }

    /** Writes every file into a new folder under {@code dir} and returns the folder. */
    public static Path write(Path dir, MergedTest merged, Assessment assessment, String vmSize, Environment env) {
        return ReportFolder.write(dir, merged.result(), assessment, vmSize, env, Map.of(SECTION, section(merged)));
    }

    /** The {@code shards} section as plain values. */
    static Map<String, Object> section(MergedTest m) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("count", m.count());
        s.put("test_id", m.shards().get(0).info().testId());
        s.put("merged", m.shards().stream().map(x -> x.info().index()).toList());
        s.put("missing", m.missing());
        s.put("start_at", m.shards().get(0).info().startAt() == null ? null
                : m.shards().get(0).info().startAt().toString());
        s.put("warnings", m.warnings());
        List<Object> rows = new ArrayList<>();
        for (Shard shard : m.shards()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("shard", shard.info().index());
            row.put("host", shard.info().host());
            row.put("source", shard.source());
            row.put("lateness_ms", millis(shard.info().lateness()));
            if (shard.info().clock() == null) {
                row.put("clock_offset_ms", null);
            } else {
                Map<String, Object> clock = new LinkedHashMap<>();
                clock.put("low", millis(shard.info().clock().low()));
                clock.put("high", millis(shard.info().clock().high()));
                clock.put("reference", shard.info().clock().reference());
                row.put("clock_offset_ms", clock);
            }
            List<Object> runs = new ArrayList<>();
            for (MatrixRun run : shard.runs()) {
                BenchmarkResult r = run.result();
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("name", run.point().name());
                o.put("concurrency", r.config().concurrency());
                o.put("workers", r.config().workers());
                o.put("rate_rps", r.config().openLoop() ? r.config().rate() : null);
                o.put("started_at", r.startedAt().toString());
                o.put("duration_s", round(r.duration().toNanos() / 1e9));
                o.put("sent", r.sent());
                o.put("succeeded", r.succeeded());
                o.put("failed", r.failed());
                o.put("throughput_rps", round(r.throughput()));
                o.put("p50_ms", millis(r.latency().p50()));
                o.put("p99_ms", millis(r.latency().p99()));
                o.put("max_ms", millis(r.latency().max()));
                o.put("client_cpu_percent", r.client().map(c -> round(c.cpuPercent())).orElse(null));
                o.put("worker_busy_peak_percent", r.client().map(c -> round(c.workerBusyPeakPercent())).orElse(null));
                o.put("warnings", r.warnings());
                runs.add(o);
            }
            row.put("runs", runs);
            rows.add(row);
        }
        s.put("rows", rows);
        return s;
    }

    private static double millis(Duration d) {
        return round(d.toNanos() / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
