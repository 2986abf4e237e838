package dev.httpbench.cli;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.PartResult;
import dev.httpbench.matrix.MatrixRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The {@code --assert-*} thresholds that every run must meet, judged by the runner on its runs and by
 * {@code merge} on the merged whole. Immutable.
 *
 * @param throughput lowest throughput in requests/s, or null
 * @param p99 highest P99, or null
 * @param errorRate highest failed/sent fraction, or null
 * @param endpointP99 highest P99 per endpoint name, in the order given
 */
public record Thresholds(Double throughput, Duration p99, Double errorRate, Map<String, Duration> endpointP99) {

    /** Whether any threshold is set. */
    public boolean any() {
        return throughput != null || p99 != null || errorRate != null || !endpointP99.isEmpty();
    }

    /** What is wrong with the values themselves, each named by {@code label} of its flag. */
    List<String> problems(UnaryOperator<String> label) {
        List<String> found = new ArrayList<>();
        if (throughput != null && throughput < 0) {
            found.add(label.apply("--assert-throughput") + " must be >= 0 requests/s but was " + throughput);
        }
        if (p99 != null && (p99.isZero() || p99.isNegative())) {
            found.add(label.apply("--assert-p99") + " must be > 0s but was " + format(p99));
        }
        endpointP99.forEach((name, limit) -> {
            if (limit.isZero() || limit.isNegative()) {
                found.add(label.apply("--assert-p99") + " " + name + " must be > 0s but was " + format(limit));
            }
        });
        if (errorRate != null && (errorRate < 0 || errorRate > 1)) {
            found.add(label.apply("--assert-error-rate") + " must be a fraction between 0 and 1 but was " + errorRate);
        }
        return found;
    }

    /** Every threshold a run broke, measured vs expected. */
    public List<String> violations(List<MatrixRun> runs) {
        List<String> v = new ArrayList<>();
        for (MatrixRun run : runs) {
            BenchmarkResult r = run.result();
            String name = run.point().name();
            if (throughput != null && r.throughput() < throughput) {
                v.add(String.format(Locale.ROOT, "%s: throughput %.1f req/s is below --assert-throughput %.1f req/s",
                        name, r.throughput(), throughput));
            }
            if (p99 != null && r.latency().p99().compareTo(p99) > 0) {
                v.add(name + ": P99 " + format(r.latency().p99()) + " is above --assert-p99 " + format(p99));
            }
            if (errorRate != null && r.errorRate() > errorRate) {
                v.add(String.format(Locale.ROOT, "%s: error rate %.4f (%d of %d failed) is above --assert-error-rate %s",
                        name, r.errorRate(), r.failed(), r.sent(), errorRate));
            }
            endpointP99.forEach((endpoint, limit) -> {
                PartResult part = r.endpoints().get(endpoint);
                if (part != null && part.latency().p99().compareTo(limit) > 0) {
                    v.add(name + ": endpoint " + endpoint + " P99 " + format(part.latency().p99())
                            + " is above --assert-p99 " + endpoint + "=" + format(limit));
                }
            });
        }
        return v;
    }
}
