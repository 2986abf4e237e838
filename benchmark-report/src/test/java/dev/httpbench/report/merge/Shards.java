package dev.httpbench.report.merge;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;

/**
 * Constructed shard outputs: each shard of a 4 s closed-loop test at concurrency 64 records seeded random
 * latencies, some 503s and a timeout, and writes its report folder and shard.json as a shard would.
 */
final class Shards {
    static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    static final BenchmarkConfig TOTAL = Benchmark.target("http://127.0.0.1:3000/api").concurrency(64).workers(2)
            .duration(Duration.ofSeconds(4)).warmup(Duration.ofSeconds(1)).build();
    static final Matrix MATRIX = Matrix.builder(TOTAL).build();

    private Shards() {
    }

    /** Shard {@code index} of {@code count}, starting {@code delay} after {@link #START}; every value it recorded goes into {@code all}. */
    static BenchmarkResult result(int index, int count, Duration delay, Histogram all) {
        BenchmarkConfig share = TOTAL.toBuilder().concurrency(64 / count).build();
        Random random = new Random(index * 7919L + 1);
        Instant start = START.plus(delay);
        List<Interval> timeline = new ArrayList<>();
        Histogram total = Histograms.newHistogram();
        long ok = 0;
        long bad = 0;
        for (int s = 0; s < 4; s++) {
            Histogram h = Histograms.newHistogram();
            int n = 500 + random.nextInt(200);
            for (int i = 0; i < n; i++) {
                h.recordValue(200 + random.nextInt(5_000) + (random.nextInt(100) == 0 ? 80_000 : 0));
            }
            long failedHere = s == 1 ? 5 : 0;
            timeline.add(Intervals.of(start.plusSeconds(s), Duration.ofSeconds(s), Duration.ofSeconds(1),
                    n - failedHere, failedHere + (s == 2 ? 1 : 0), h));
            total.add(h);
            ok += n - failedHere;
            bad += failedHere;
        }
        all.add(total);
        Histogram lag = Histograms.newHistogram();
        lag.recordValueWithCount(20 + index, ok + bad);
        Histogram connect = Histograms.newHistogram();
        connect.recordValueWithCount(150 + index, share.concurrency());
        Histogram ttfb = Histograms.newHistogram();
        ttfb.recordValueWithCount(30_000 + 1_000L * index, ok + bad);
        Timing timing = Timing.builder().connect(LatencyDistribution.of(connect)).ttfb(LatencyDistribution.of(ttfb))
                .build();
        return ResultBuilder.of(share).startedAt(start).duration(Duration.ofSeconds(4)).sent(ok + bad + 1)
                .timing(timing)
                .status(200, ok).status(503, bad).error(FailureKind.REQUEST_TIMEOUT, 1).bytesReceived(ok * 100)
                .latency(LatencyDistribution.of(total)).sendLag(LatencyDistribution.of(lag))
                .connectTime(LatencyDistribution.of(connect)).connectionsOpened(share.concurrency()).reconnects(index)
                .warmupTaken(Duration.ofSeconds(1)).timeline(timeline)
                .client(ClientStats.builder().cpuPercent(30 + index).cpuPeakPercent(40).workerBusyPercent(List.of(50.0, 60.0))
                        .workerBusyPeakPercent(60).samples(4).build())
                .warnings(index == 1 ? List.of("worker 1 was busy 91% of one core (limit 85%): client-bound") : List.of())
                .build();
    }

    /** Writes the report folder and shard.json of one shard; returns the folder. */
    static Path write(Path dir, ShardInfo info, BenchmarkResult r) {
        MatrixResult result = new MatrixResult(MATRIX, r.startedAt(), List.of(new MatrixRun(MATRIX.points().get(0), r)),
                false);
        Path folder = ReportFolder.write(dir.resolve("shard-" + info.index()), result,
                Assessment.of(result.runs(), Criteria.defaults()), null, Environment.current());
        ShardOutput.write(folder, info, result);
        return folder;
    }

    static ShardInfo info(int index, int count) {
        return new ShardInfo(index, count, "test-1", "gen-" + index, START, Duration.ZERO, null);
    }
}
