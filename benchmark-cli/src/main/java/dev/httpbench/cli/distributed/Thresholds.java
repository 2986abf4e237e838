package dev.httpbench.cli.distributed;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runner's {@code --assert-*} thresholds, judged by {@code merge} on the merged whole: the same rules,
 * values and messages as the runner's (whose check lives inside its settings and cannot be shared yet).
 * Immutable.
 *
 * @param throughput the least throughput in requests/s every run must reach, or null
 * @param p99 the highest P99 any run may have, or null
 * @param errorRate the highest failed/sent any run may have (0-1), or null
 */
record Thresholds(Double throughput, Duration p99, Double errorRate) {

    /** Parses the options' texts (null: not given), adding a message per bad value to {@code problems}. */
    static Thresholds parse(String throughput, String p99, String errorRate, List<String> problems) {
        return new Thresholds(throughput == null ? null
                : number("--assert-throughput", throughput, 0, Double.MAX_VALUE, "a number >= 0 (requests/s)", problems),
                p99 == null ? null : duration("--assert-p99", p99, problems),
                errorRate == null ? null
                        : number("--assert-error-rate", errorRate, 0, 1, "a fraction between 0 and 1", problems));
    }

    boolean any() {
        return throughput != null || p99 != null || errorRate != null;
    }

    /** Every run held to every threshold given, one message per violation. */
    List<String> violations(MatrixResult result) {
        List<String> v = new ArrayList<>();
        for (MatrixRun run : result.runs()) {
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
        }
        return v;
    }

    static Duration duration(String option, String text, List<String> problems) {
        try {
            Duration d = Durations.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(option + " must be a duration > 0 like 500ms, 30s or 2m but was '" + text + "'");
        return null;
    }

    private static Double number(String option, String text, double min, double max, String rule,
            List<String> problems) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(option + " must be " + rule + " but was '" + text + "'");
        return null;
    }
}
