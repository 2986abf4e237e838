package dev.httpbench.junit.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The texts of verdicts and gate failures. Stateless and thread-safe. */
public final class Format {
    private Format() {
    }

    /** {@code 2500.00 req/s}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f req/s", perSecond);
    }

    /** {@code 1.25%} for 0.0125. */
    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    /** A number without needless decimals: {@code 10}, {@code 12.5}. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** {@code p99}, {@code p99.9}, {@code p50}. */
    static String percentileName(double percentile) {
        return "p" + number(percentile);
    }

    static String duration(Duration d) {
        return Durations.format(d);
    }

    /**
     * The message of a gate: a headline counting the outcomes, one line per verdict (failing ones
     * first), then the run's main figures.
     */
    public static String gate(String title, List<Verdict> verdicts, boolean failOnInconclusive, BenchmarkResult r) {
        long violated = verdicts.stream().filter(v -> v.status() == Verdict.Status.VIOLATED).count();
        long inconclusive = verdicts.stream().filter(v -> v.status() == Verdict.Status.INCONCLUSIVE).count();
        StringBuilder s = new StringBuilder(title).append(": ")
                .append(violated).append(" of ").append(verdicts.size()).append(" thresholds violated");
        if (inconclusive > 0) {
            s.append(", ").append(inconclusive).append(" inconclusive")
                    .append(failOnInconclusive ? " (failing)" : " (not failing)");
        }
        s.append('\n');
        for (Verdict.Status status : List.of(Verdict.Status.VIOLATED, Verdict.Status.INCONCLUSIVE,
                Verdict.Status.PASSED)) {
            for (Verdict v : verdicts) {
                if (v.status() == status) {
                    s.append("  ").append(status.name().toLowerCase(Locale.ROOT)).append(": ")
                            .append(v.text()).append('\n');
                }
            }
        }
        return s.append(figures(r)).toString();
    }

    /** The run's main figures in four lines, so that one failure tells the whole story. */
    public static String figures(BenchmarkResult r) {
        BenchmarkConfig c = r.config();
        LatencyDistribution l = r.latency();
        String statuses = r.statusCounts().isEmpty() ? "none" : r.statusCounts().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        String errors = r.errors().isEmpty() ? "none" : r.errors().entrySet().stream()
                .map(e -> e.getKey().id() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return "run: " + c + (r.interrupted() ? " (interrupted)" : "") + "\n"
                + "  throughput " + rate(r.throughput()) + " over " + duration(r.duration()) + "\n"
                + "  latency p50 " + duration(l.p50()) + ", p90 " + duration(l.p90()) + ", p99 " + duration(l.p99())
                + ", p99.9 " + duration(l.p999()) + ", max " + duration(l.max()) + " (" + l.count() + " samples)\n"
                + "  requests " + r.sent() + " sent, " + r.succeeded() + " succeeded, " + r.failed() + " failed (error rate "
                + percent(r.errorRate()) + "); statuses " + statuses + "; errors " + errors + "\n";
    }
}
