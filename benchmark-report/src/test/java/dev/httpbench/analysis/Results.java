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
        BenchmarkConfig c = Benchmark.target("http://127.0.0.1:3000/api").concurrency(concurrency).workers(workers)
                .duration(Duration.ofSeconds(10)).build();
        long ok = Math.round(throughput * 10);
        Instant start = Instant.parse("2026-11-29T08:15:00Z");
        List<Interval> timeline = new ArrayList<>();
        Histogram total = Histograms.newHistogram();
        long perSecond = ok / 10;
        for (int s = 0; s < 10; s++) {
            Histogram h = Histograms.newHistogram();
            long n = s < 9 ? perSecond : ok - 9 * perSecond;
            // a spread below the P99 so the percentile curve has a shape
            for (long i = 0; i < n; i++) {
                h.recordValue(i % 100 >= 98 ? Math.round(p99Millis * 1000) : Math.round(p99Millis * 1000 * (i % 100 + 1) / 100.0));
            }
            total.add(h);
            timeline.add(Intervals.of(start.plusSeconds(s), Duration.ofSeconds(s), Duration.ofSeconds(1), n, 0, h));
        }
        if (http503 > 0) {
            Histogram h = Histograms.newHistogram();
            h.recordValueWithCount(1_000, http503);
            total.add(h);
        }
        BenchmarkResult r = ResultBuilder.of(c).startedAt(start).duration(Duration.ofSeconds(10))
                .sent(ok + http503 + timeouts).status(200, ok).status(503, http503)
                .error(FailureKind.REQUEST_TIMEOUT, timeouts).latency(LatencyDistribution.of(total))
                .timeline(timeline).build();
        return new MatrixRun(new MatrixPoint(index++, c, repeat), r);
    }
}
