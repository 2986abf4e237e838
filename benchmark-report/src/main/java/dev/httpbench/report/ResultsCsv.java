package dev.httpbench.report;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.PartResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code results.csv}: one row per run with the main figures, for spreadsheets and scripts. Times in
 * milliseconds, rates per second, numbers with a dot as decimal separator. A run with endpoints (or
 * several targets) is followed by one row per endpoint and per instance, named in the last column
 * {@code part} ({@code endpoint items}, {@code instance http://10.0.0.1:3000}); the run's own row has
 * it empty. Stateless and thread-safe.
 */
public final class ResultsCsv {
    /** The header row. */
    public static final String HEADER = "run,concurrency,workers,rate_rps,repeat,duration_s,sent,succeeded,failed,"
            + "error_rate,throughput_rps,mean_ms,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,client_cpu_percent,"
            + "client_rss_peak_mb,interrupted,part";

    private ResultsCsv() {
    }

    /** The CSV text, header first. */
    public static String toCsv(List<MatrixRun> runs) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (MatrixRun run : runs) {
            BenchmarkResult r = run.result();
            LatencyDistribution l = r.latency();
            s.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.3f,%d,%d,%d,%.6f,%.3f,%s,%s,%s,%s,%s,%s,%s,%s,%b,%n",
                    run.point().name(), run.point().concurrency(), run.point().workers(),
                    run.point().rate() == null ? "" : String.format(Locale.ROOT, "%.3f", run.point().rate()),
                    run.point().repeat(), r.duration().toNanos() / 1e9, r.sent(), r.succeeded(), r.failed(),
                    r.errorRate(), r.throughput(), ms(l.mean()), ms(l.p50()), ms(l.p90()), ms(l.p99()),
                    ms(l.p999()), ms(l.max()),
                    r.client().map(c -> String.format(Locale.ROOT, "%.2f", c.cpuPercent())).orElse(""),
                    r.client().map(c -> String.format(Locale.ROOT, "%.2f", c.rssPeakBytes() / (1024.0 * 1024)))
                            .orElse(""),
                    r.interrupted()));
            partRows(s, run, "endpoint ", r.endpoints().values());
            partRows(s, run, "instance ", r.instances().values());
        }
        return s.toString();
    }

    /** One row per part of {@code run}: its figures, the run's settings, no client figures. */
    private static void partRows(StringBuilder s, MatrixRun run, String kind, Collection<PartResult> parts) {
        BenchmarkResult r = run.result();
        for (PartResult p : parts) {
            LatencyDistribution l = p.latency();
            s.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.3f,%d,%d,%d,%.6f,%.3f,%s,%s,%s,%s,%s,%s,,,%b,%s%n",
                    run.point().name(), run.point().concurrency(), run.point().workers(),
                    run.point().rate() == null ? "" : String.format(Locale.ROOT, "%.3f", run.point().rate()),
                    run.point().repeat(), r.duration().toNanos() / 1e9, p.sent(), p.succeeded(), p.failed(),
                    p.errorRate(), p.throughput(), ms(l.mean()), ms(l.p50()), ms(l.p90()), ms(l.p99()),
                    ms(l.p999()), ms(l.max()), r.interrupted(), quoted(kind + p.name())));
        }
    }

    /** {@code value} as a CSV field: quoted when it holds a comma or a quote. */
    private static String quoted(String value) {
        return value.indexOf(',') < 0 && value.indexOf('"') < 0 ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Writes {@link #toCsv} to {@code file}. */
    public static void write(List<MatrixRun> runs, Path file) {
        try {
            Files.writeString(file, toCsv(runs), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static String ms(java.time.Duration d) {
        return String.format(Locale.ROOT, "%.3f", Durations.millis(d));
    }
}
