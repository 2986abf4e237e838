package dev.httpbench.cli.analysis;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.MaxRate;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the runner writes for {@code --find-max-rate}: the probes as the report's runs (one per probe, in
 * the order they ran, each its own histogram log and row), and the answer as summary.json's
 * {@value #SECTION} section, which report.html also draws (P99 and error rate against the offered rate).
 * Stateless and thread-safe.
 */
public final class MaxRateReport {
    /** The summary.json section holding the answer. */
    public static final String SECTION = "max_rate";

    private MaxRateReport() {
    }

    /**
     * The probes as a matrix result: one rate axis in the order the rates were first probed, a probe's
     * attempt as its repeat.
     *
     * @param startedAt when the search began
     */
    public static MatrixResult probes(MaxRate answer, Instant startedAt) {
        BenchmarkConfig first = answer.probes().get(0).result().config();
        List<Double> rates = answer.probes().stream().map(MaxRate.Probe::rate).distinct().toList();
        Matrix matrix = Matrix.builder(first).concurrencyLevels(first.concurrency()).workerCounts(first.workers())
                .rates(rates).build();
        List<MatrixRun> runs = new ArrayList<>();
        for (MaxRate.Probe p : answer.probes()) {
            runs.add(new MatrixRun(new MatrixPoint(runs.size(), p.result().config(), p.attempt()), p.result()));
        }
        return new MatrixResult(matrix, startedAt, runs, answer.stop() == MaxRate.Stop.STOPPED);
    }

    /** The {@value #SECTION} section: the rate, its p99, where the SLO broke, why the search stopped, every probe. */
    public static Map<String, Object> section(MaxRate answer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate_rps", answer.rate());
        m.put("p99_ms", answer.p99().map(MaxRateReport::ms).orElse(null));
        m.put("broken_at_rps", answer.brokenAt().isPresent() ? answer.brokenAt().getAsDouble() : null);
        m.put("stop", answer.stop().name().toLowerCase(Locale.ROOT));
        m.put("explanation", answer.explanation());
        Map<String, Object> slo = new LinkedHashMap<>();
        slo.put("p99_ms", ms(answer.slo().p99()));
        slo.put("max_error_rate", answer.slo().maxErrorRate());
        slo.put("rate_tolerance_percent", answer.slo().rateTolerancePercent());
        m.put("slo", slo);
        m.put("precision_percent", answer.precisionPercent());
        List<Map<String, Object>> probes = new ArrayList<>();
        for (MaxRate.Probe p : answer.probes()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rate_rps", p.rate());
            o.put("attempt", p.attempt());
            o.put("achieved_rps", round(p.achievedRate()));
            o.put("p99_ms", ms(p.p99()));
            o.put("service_p99_ms", ms(p.serviceP99()));
            o.put("error_rate", p.errorRate());
            o.put("sent", p.sent());
            o.put("verdict", p.verdict().name().toLowerCase(Locale.ROOT));
            o.put("why", p.why());
            probes.add(o);
        }
        m.put("probes", probes);
        return m;
    }

    private static double ms(Duration d) {
        return round(d.toNanos() / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
