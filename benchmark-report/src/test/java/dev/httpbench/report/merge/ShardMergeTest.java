package dev.httpbench.report.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import dev.httpbench.Timing;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.report.Environment;
import dev.httpbench.spi.Histograms;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardMergeTest {
    @TempDir
    Path dir;

    private final Histogram all = Histograms.newHistogram();
    private final List<BenchmarkResult> results = new ArrayList<>();

    /** Writes shards {@code indexes} of {@code count} (shard i starting i * 10 ms late) and reads them back. */
    private List<Shard> shards(int count, int... indexes) throws MergeException {
        List<Shard> shards = new ArrayList<>();
        for (int i : indexes) {
            BenchmarkResult r = Shards.result(i, count, Duration.ofMillis(10L * i), all);
            results.add(r);
            shards.add(ShardReader.read(Shards.write(dir, Shards.info(i, count), r)));
        }
        return shards;
    }

    @Test
    void aShardFolderReadsBackWithItsCountsHistogramsAndTimeline() throws Exception {
        Shard shard = shards(4, 2).get(0);
        BenchmarkResult written = results.get(0);
        BenchmarkResult read = shard.runs().get(0).result();

        assertEquals(Shards.info(2, 4), shard.info());
        assertEquals("c64-w2-rep1", shard.runs().get(0).point().name());
        assertEquals(16, read.config().concurrency());
        assertEquals(written.config(), read.config());
        assertEquals(written.sent(), read.sent());
        assertEquals(written.statusCounts(), read.statusCounts());
        assertEquals(written.errors(), read.errors());
        assertEquals(written.startedAt(), read.startedAt());
        assertEquals(written.duration(), read.duration());
        assertEquals(written.latency().histogram(), read.latency().histogram());
        assertEquals(written.sendLag().histogram(), read.sendLag().histogram());
        assertEquals(written.connectTime().histogram(), read.connectTime().histogram());
        for (Timing.Phase phase : Timing.Phase.values()) {
            assertEquals(written.timing().phase(phase).histogram(), read.timing().phase(phase).histogram(), phase.key());
        }
        assertEquals(written.timeline().size(), read.timeline().size());
        for (int i = 0; i < written.timeline().size(); i++) {
            Interval w = written.timeline().get(i);
            Interval r = read.timeline().get(i);
            assertEquals(w.start(), r.start());
            assertEquals(w.succeeded(), r.succeeded());
            assertEquals(w.failed(), r.failed());
            assertEquals(w.latency().histogram(), r.latency().histogram());
        }
        assertEquals(32.0, read.client().orElseThrow().cpuPercent());
        assertEquals(written.warnings(), read.warnings());
    }

    @Test
    void mergedCountsAreTheShardsSumsAndPercentilesThoseOfOneHistogramOfEveryValue() throws Exception {
        MergedTest merged = ShardMerge.merge(shards(4, 3, 1, 0, 2));
        BenchmarkResult m = merged.result().runs().get(0).result();

        assertEquals(List.of(), merged.missing());
        assertEquals(List.of(0, 1, 2, 3), merged.shards().stream().map(s -> s.info().index()).toList());
        assertEquals(64, m.config().concurrency());
        assertEquals(results.stream().mapToLong(BenchmarkResult::sent).sum(), m.sent());
        assertEquals(results.stream().mapToLong(BenchmarkResult::succeeded).sum(), m.succeeded());
        assertEquals(results.stream().mapToLong(BenchmarkResult::failed).sum(), m.failed());
        assertEquals(m.sent(), m.succeeded() + m.failed());
        assertEquals(4L, m.errors().get(dev.httpbench.FailureKind.REQUEST_TIMEOUT));
        assertEquals(results.stream().mapToLong(BenchmarkResult::bytesReceived).sum(), m.bytesReceived());
        assertEquals(64, m.connectionsOpened());
        assertEquals(6, m.reconnects());
        assertEquals(64, m.timing().connect().count(), "the shards' phase histograms are added");
        assertEquals(m.succeeded() + m.failed() - 4, m.timing().ttfb().count());
        assertEquals(Duration.ofMillis(33), m.timing().ttfb().max().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertEquals(0, m.timing().tls().count());
        assertEquals(all.getTotalCount(), m.latency().count());
        for (double p : new double[] {50, 90, 99, 99.9, 100}) {
            assertEquals(all.getValueAtPercentile(p), m.latency().histogram().getValueAtPercentile(p), "p" + p);
        }
        assertEquals(all.getMean(), m.latency().histogram().getMean(), 1e-9);
        assertEquals(Shards.START, m.startedAt());
        assertEquals(Duration.ofMillis(4_030), m.duration(), "from the first start to the last end");
        assertEquals(m.succeeded(), m.timeline().stream().mapToLong(Interval::succeeded).sum());
        assertEquals(m.failed() - 4, m.timeline().stream().mapToLong(Interval::failed).sum() - 4);
        assertEquals(m.latency().count(), m.timeline().stream().mapToLong(Interval::latencyCount).sum());
        assertEquals(List.of("shard 1/4 (gen-1): worker 1 was busy 91% of one core (limit 85%): client-bound"),
                m.warnings());
        assertTrue(m.client().isEmpty(), "the generators' costs stay per shard");
    }

    @Test
    void timelinesAreAlignedOnWallClockSeconds() throws Exception {
        List<Shard> shards = shards(2, 0);
        BenchmarkResult late = Shards.result(1, 2, Duration.ofMillis(600), all);
        shards.add(ShardReader.read(Shards.write(dir, Shards.info(1, 2), late)));
        BenchmarkResult m = ShardMerge.merge(shards).result().runs().get(0).result();

        // 10:00:00.000-10:00:04.000 and 10:00:00.600-10:00:04.600: five wall-clock seconds, the last cut short
        assertEquals(5, m.timeline().size());
        assertEquals(List.of(0L, 1000L, 2000L, 3000L, 4000L),
                m.timeline().stream().map(i -> i.offset().toMillis()).toList());
        assertEquals(600, m.timeline().get(4).length().toMillis());
        // the late shard's seconds straddle the wall-clock ones: 400 ms of each in one second, 600 ms in the next
        List<Interval> early = results.get(0).timeline();
        List<Interval> shifted = late.timeline();
        for (int k = 0; k < 5; k++) {
            double expected = (k < 4 ? early.get(k).succeeded() : 0) + (k < 4 ? 0.4 * shifted.get(k).succeeded() : 0)
                    + (k > 0 ? 0.6 * shifted.get(k - 1).succeeded() : 0);
            assertEquals(expected, m.timeline().get(k).succeeded(), 1.0, "second " + k);
        }
        assertEquals(m.succeeded(), m.timeline().stream().mapToLong(Interval::succeeded).sum());
        assertEquals(0.6 * shifted.get(3).succeeded() / 0.6, m.timeline().get(4).throughput(), 1 / 0.6,
                "the cut last second's throughput is the rate, not the count");
        assertEquals(List.of("the shards' measured windows started up to 600ms apart (more than 250ms): the merged "
                + "throughput is over their union, 4.6s; a fixed --warmup and a common --start-at keep them together",
                "shard 1/2 (gen-1): worker 1 was busy 91% of one core (limit 85%): client-bound"), m.warnings());
    }

    @Test
    void countsAreSplitInProportionAndAddUpExactly() {
        long[] into = new long[4];
        ShardMerge.split(10, new long[] {1, 1, 1}, into, 1);
        assertEquals(List.of(0L, 4L, 3L, 3L), java.util.Arrays.stream(into).boxed().toList());
        long[] two = new long[2];
        ShardMerge.split(7, new long[] {400, 600}, two, 0);
        assertEquals(List.of(3L, 4L), java.util.Arrays.stream(two).boxed().toList());
    }

    @Test
    void aMissingShardIsReportedInEveryRunAndInTheShardsSection() throws Exception {
        MergedTest merged = ShardMerge.merge(shards(4, 0, 1, 3));
        String warning = "shard 2/4 is missing: the merged figures hold 3 of 4 shards, so the target got less than "
                + "the test's load";

        assertEquals(List.of(2), merged.missing());
        assertEquals(List.of(warning), merged.warnings());
        assertEquals(warning, merged.result().runs().get(0).result().warnings().get(0));
        Path folder = MergeReport.write(dir.resolve("merged"), merged,
                Assessment.of(merged.result().runs(), Criteria.defaults()), null, Environment.current());
        JsonNode summary = new ObjectMapper().readTree(folder.resolve("summary.json").toFile());
        JsonNode section = summary.get("shards");
        assertEquals(4, section.get("count").asInt());
        assertEquals("[0,1,3]", section.get("merged").toString());
        assertEquals("[2]", section.get("missing").toString());
        assertEquals(warning, section.at("/warnings/0").asText());
        assertEquals(3, section.get("rows").size());
        JsonNode row = section.at("/rows/1");
        assertEquals(1, row.get("shard").asInt());
        assertEquals("gen-1", row.get("host").asText());
        assertEquals(16, row.at("/runs/0/concurrency").asInt());
        assertEquals(results.get(1).sent(), row.at("/runs/0/sent").asLong());
        long sum = 0;
        for (JsonNode r : section.get("rows")) {
            sum += r.at("/runs/0/sent").asLong();
        }
        assertEquals(summary.at("/runs/0/requests/sent").asLong(), sum);
        assertTrue(Files.size(folder.resolve("report.html")) > 0);
        assertTrue(Files.readString(folder.resolve("results.csv")).contains("\nc64-w2-rep1,64,2,,1,4.030,"));
    }

    @Test
    void lateShardsAndDisagreeingClocksAreReported() throws Exception {
        List<Shard> shards = new ArrayList<>();
        BenchmarkResult r0 = Shards.result(0, 2, Duration.ZERO, all);
        BenchmarkResult r1 = Shards.result(1, 2, Duration.ZERO, all);
        ClockOffset near = new ClockOffset(Duration.ofMillis(-40), Duration.ofMillis(60), "Date header of x");
        ClockOffset ahead = new ClockOffset(Duration.ofMillis(1_460), Duration.ofMillis(1_550), "Date header of x");
        shards.add(ShardReader.read(Shards.write(dir, new ShardInfo(0, 2, "t", "gen-0", Shards.START, Duration.ZERO,
                near), r0)));
        shards.add(ShardReader.read(Shards.write(dir, new ShardInfo(1, 2, "t", "gen-1", Shards.START,
                Duration.ofMillis(2_500), ahead), r1)));

        assertEquals(List.of("shard 1/2 (gen-1) reached the common start 2026-11-30T10:00:00Z 2.5s late: it ran only "
                        + "what was left of the test's window",
                "the clock of shard 1/2 (gen-1) is at least 1.4s ahead of that of shard 0/2 (gen-0), both measured "
                        + "against the target's Date header: their common start and timelines are off by as much; "
                        + "synchronize the generators' clocks (NTP)"),
                ShardMerge.merge(shards).warnings());
    }

    @Test
    void shardsOfDifferentTestsAreNotMerged() throws Exception {
        List<Shard> shards = shards(2, 0);
        BenchmarkResult r = Shards.result(1, 2, Duration.ZERO, all);
        shards.add(ShardReader.read(Shards.write(dir, new ShardInfo(1, 2, "test-2", "gen-1", Shards.START,
                Duration.ZERO, null), r)));

        MergeException e = assertThrows(MergeException.class, () -> ShardMerge.merge(shards));
        assertEquals("the sources hold 2 different tests: test test-1 (shard 0/2 in " + dir.resolve("shard-0")
                + "); test test-2 (shard 1/2 in " + dir.resolve("shard-1") + "); merge one test at a time",
                e.getMessage().replaceAll("shard-(\\d)/\\d{8}-\\d{6}(-\\d)?", "shard-$1"));
    }

    @Test
    void aShardGivenTwiceCountsOnceButTwoDifferentResultsForOneShardAreRefused() throws Exception {
        List<Shard> shards = shards(2, 0, 1);
        shards.add(shards.get(1));
        assertEquals(results.get(0).sent() + results.get(1).sent(),
                ShardMerge.merge(shards).result().runs().get(0).result().sent());

        BenchmarkResult other = Shards.result(1, 2, Duration.ofSeconds(9), all);
        shards.add(ShardReader.read(Shards.write(dir.resolve("again"), Shards.info(1, 2), other)));
        MergeException e = assertThrows(MergeException.class, () -> ShardMerge.merge(shards));
        assertTrue(e.getMessage().startsWith("shard 1/2 appears twice with different results, in "), e.getMessage());
    }

    @Test
    void aFolderWithoutShardJsonOrWithABrokenOneIsNamedInTheError() throws Exception {
        MergeException none = assertThrows(MergeException.class, () -> ShardReader.read(dir));
        assertEquals(dir + ": no shard.json (is it a shard's report folder?)", none.getMessage());

        Path folder = Shards.write(dir, Shards.info(0, 1), Shards.result(0, 1, Duration.ZERO, all));
        Files.writeString(folder.resolve("shard.json"), "{\"format\": 1, \"shard\": {\"index\": 0}}");
        MergeException broken = assertThrows(MergeException.class, () -> ShardReader.read(folder));
        assertEquals(folder + " shard.json: field 'count' is missing", broken.getMessage());
    }
}
