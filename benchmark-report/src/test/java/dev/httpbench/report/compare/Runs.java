package dev.httpbench.report.compare;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** Constructed 10-second closed-loop runs with a known throughput and latency distribution. */
final class Runs {
    static final Instant START = Instant.parse("2026-11-29T08:15:00Z");

    private Runs() {
    }

    static BenchmarkConfig config(int concurrency) {
        return Benchmark.target("http://127.0.0.1:3000/api").concurrency(concurrency).workers(2)
                .duration(Duration.ofSeconds(10)).build();
    }

    /**
     * A run of {@code throughput} req/s for 10 s whose latencies are {@code scale} times a fixed shape
     * (5 to 50 ms, p50 about 7.8 ms, p99 about 48 ms); its ten one-second intervals alternate
     * {@code wiggle} above and below the throughput.
     */
    static BenchmarkResult run(int concurrency, double throughput, double scale, double wiggle) {
        return run(concurrency, throughput, scale, wiggle, Math.round(throughput * 10));
    }

    /** As {@link #run(int, double, double, double)} with {@code n} latencies recorded. */
    static BenchmarkResult run(int concurrency, double throughput, double scale, double wiggle, long n) {
        BenchmarkConfig c = config(concurrency);
        Histogram total = Histograms.newHistogram();
        List<Histogram> perSecond = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            perSecond.add(Histograms.newHistogram());
        }
        for (long i = 0; i < n; i++) {
            double q = (i + 0.5) / n;
            long micros = Math.round(scale * (5 + 45 * q * q * q * q) * 1000);
            total.recordValue(micros);
            perSecond.get((int) (i % 10)).recordValue(micros);
        }
        long ok = Math.round(throughput * 10);
        List<Interval> timeline = new ArrayList<>();
        long left = ok;
        for (int s = 0; s < 10; s++) {
            long count = s == 9 ? left : Math.round(throughput * (1 + (s % 2 == 0 ? wiggle : -wiggle)));
            left -= count;
            timeline.add(Intervals.of(START.plusSeconds(s), Duration.ofSeconds(s), Duration.ofSeconds(1), count, 0,
                    perSecond.get(s)));
        }
        return ResultBuilder.of(c).startedAt(START).duration(Duration.ofSeconds(10)).sent(ok).status(200, ok)
                .latency(LatencyDistribution.of(total)).timeline(timeline).build();
    }
}
