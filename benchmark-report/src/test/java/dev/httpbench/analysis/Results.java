package dev.httpbench.analysis;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Constructed runs for assessment and report tests: 10 s runs with a chosen throughput and latency. */
public final class Results {
    private static int index;

    private Results() {
    }

    /** A closed-loop run of 10 s with {@code throughput} req/s, every latency {@code p99Millis}. */
    public static MatrixRun run(int concurrency, int workers, double throughput, double p99Millis, int repeat) {
        return run(concurrency, workers, throughput, p99Millis, repeat, 0, 0);
    }

    /** As {@link #run(int, int, double, double, int)} plus 503 responses and request timeouts. */
    public static MatrixRun run(int concurrency, int workers, double throughput, double p99Millis, int repeat,
            long http503, long timeouts) {
        double[] perSecond = new double[10];
        java.util.Arrays.fill(perSecond, throughput);
        return run(config(concurrency, workers), perSecond, p99Millis, repeat, http503, timeouts);
    }

    /** A closed-loop run of one 1 s interval per entry of {@code perSecond}, each with that throughput. */
    public static MatrixRun noisy(int concurrency, int workers, int repeat, double... perSecond) {
        return run(config(concurrency, workers), perSecond, 20, repeat, 0, 0);
    }

    /** The run's point and a result rebuilt by {@code change}, e.g. to mark it interrupted. */
    public static MatrixRun with(MatrixRun run, java.util.function.UnaryOperator<ResultBuilder> change) {
        return new MatrixRun(run.point(), change.apply(ResultBuilder.from(run.result())).build());
    }

    /** The configuration {@link #run} uses: 10 s at {@code concurrency} with {@code workers}. */
    public static BenchmarkConfig config(int concurrency, int workers) {
        return Benchmark.target("http://127.0.0.1:3000/api").concurrency(concurrency).workers(workers)
                .duration(Duration.ofSeconds(10)).build();
    }

    /**
     * A run of {@code c} with one 1 s interval per entry of {@code perSecond} (responses per second in
     * it, every latency a spread below {@code p99Millis}), plus 503 responses and request timeouts that
     * fall in no interval.
     */
    public static MatrixRun run(BenchmarkConfig c, double[] perSecond, double p99Millis, int repeat, long http503,
            long timeouts) {
        Instant start = Instant.parse("2026-11-29T08:15:00Z");
        List<Interval> timeline = new ArrayList<>();
        Histogram total = Histograms.newHistogram();
        long ok = 0;
        for (int s = 0; s < perSecond.length; s++) {
            Histogram h = Histograms.newHistogram();
            long n = Math.round(perSecond[s]);
            // a spread below the P99 so the percentile curve has a shape
            for (long i = 0; i < n; i++) {
                h.recordValue(i % 100 >= 98 ? Math.round(p99Millis * 1000) : Math.round(p99Millis * 1000 * (i % 100 + 1) / 100.0));
            }
            total.add(h);
            ok += n;
            timeline.add(Intervals.of(start.plusSeconds(s), Duration.ofSeconds(s), Duration.ofSeconds(1), n, 0, h));
        }
        if (http503 > 0) {
            Histogram h = Histograms.newHistogram();
            h.recordValueWithCount(1_000, http503);
            total.add(h);
        }
        BenchmarkResult r = ResultBuilder.of(c).startedAt(start).duration(Duration.ofSeconds(perSecond.length))
                .sent(ok + http503 + timeouts).status(200, ok).status(503, http503)
                .error(FailureKind.REQUEST_TIMEOUT, timeouts).latency(LatencyDistribution.of(total))
                .timeline(timeline).build();
        return new MatrixRun(new MatrixPoint(index++, c, repeat), r);
    }
}
