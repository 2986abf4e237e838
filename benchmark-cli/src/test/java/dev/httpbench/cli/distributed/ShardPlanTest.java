package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
    private static BenchmarkConfig.Builder base() {
        return Benchmark.target("http://127.0.0.1:3000/").workers(4);
    }

    private static List<BenchmarkConfig> shares(BenchmarkConfig total, int n) {
        List<BenchmarkConfig> shares = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            shares.add(new ShardPlan(i, n).share(total));
        }
        return shares;
    }

    @Test
    void concurrencyAndRequestsAddUpExactlyWithTheRemainderOnTheFirstShards() {
        BenchmarkConfig total = base().concurrency(66).requests(10_003).build();
        List<BenchmarkConfig> shares = shares(total, 4);

        assertEquals(List.of(17, 17, 16, 16), shares.stream().map(BenchmarkConfig::concurrency).toList());
        assertEquals(List.of(2501L, 2501L, 2501L, 2500L), shares.stream().map(c -> c.requests().getAsLong()).toList());
        assertEquals(List.of(4, 4, 4, 4), shares.stream().map(BenchmarkConfig::workers).toList(), "workers as configured");
        for (int n = 1; n <= 66; n++) {
            List<BenchmarkConfig> s = shares(total, n);
            assertEquals(66, s.stream().mapToInt(BenchmarkConfig::concurrency).sum(), "n=" + n);
            assertEquals(10_003, s.stream().mapToLong(c -> c.requests().getAsLong()).sum(), "n=" + n);
        }
    }

    @Test
    void workersAreLoweredToAShareSmallerThanThem() {
        assertEquals(List.of(3, 3, 2), shares(base().concurrency(8).requests(100).build(), 3).stream()
                .map(BenchmarkConfig::workers).toList());
    }

    @Test
    void ratesAndStageRatesAddUpExactlyInThousandthsOfARequestPerSecond() {
        List<BenchmarkConfig> rates = shares(base().concurrency(64).rate(1000.003).build(), 3);
        assertEquals(List.of(333.335, 333.334, 333.334), rates.stream().map(BenchmarkConfig::rate).toList());

        BenchmarkConfig staged = base().concurrency(64).stages(Stage.ramp(0, 1001, Duration.ofSeconds(10)),
                Stage.constant(1001, Duration.ofSeconds(20))).build();
        List<BenchmarkConfig> stages = shares(staged, 4);
        assertEquals(List.of(Stage.ramp(0, 250.25, Duration.ofSeconds(10)), Stage.constant(250.25, Duration.ofSeconds(20))),
                stages.get(3).stages());
        for (int st = 0; st < 2; st++) {
            int k = st;
            assertEquals(1_001_000, stages.stream().mapToLong(c -> Math.round(c.stages().get(k).toRate() * 1000)).sum());
        }
        assertEquals(Duration.ofSeconds(30), stages.get(0).duration().orElseThrow());
    }

    @Test
    void aShareThatWouldBeEmptyIsRefusedNamingTheOptions() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new ShardPlan(0, 8).share(base().concurrency(4).requests(5).build()));
        assertEquals(List.of("8 shards need a concurrency of at least 8 (one connection each) but it was 4",
                "8 shards need at least 8 requests (one each) but the run has 5"), e.messages());

        InvalidConfigException rate = assertThrows(InvalidConfigException.class,
                () -> new ShardPlan(0, 2).share(base().concurrency(4).rate(10.0005).build()));
        assertEquals("--rate must have at most 3 decimals to be split exactly across shards but was 10.0005",
                rate.getMessage());
    }

    @Test
    void aSessionChecksEveryPointOfAMatrixBeforeAnythingStarts() {
        dev.httpbench.matrix.Matrix matrix = dev.httpbench.matrix.Matrix.builder(base().requests(100).build())
                .concurrencyLevels(16, 2).workerCounts(1).build();
        ShardSession session = new ShardSession(new ShardPlan(0, 4), null, false, Map.of());
        assertEquals("4 shards need a concurrency of at least 4 (one connection each) but it was 2",
                assertThrows(InvalidConfigException.class, () -> session.check(matrix)).getMessage());
    }

    @Test
    void theShardComesFromTheFlagOrFromTheIndexedJobsEnvironment() {
        assertEquals(Optional.empty(), ShardPlan.resolve(null, null, Map.of()));
        assertEquals(Optional.of(new ShardPlan(2, 4)), ShardPlan.resolve("2/4", null, Map.of()));
        assertEquals(Optional.of(new ShardPlan(3, 5)), ShardPlan.resolve(null, "5",
                Map.of(ShardPlan.INDEX_ENV, "3")));
        assertEquals(Optional.of(new ShardPlan(1, 6)), ShardPlan.resolve(null, null,
                Map.of(ShardPlan.INDEX_ENV, "1", ShardPlan.COUNT_ENV, "6")));
    }

    @Test
    void badShardValuesNameTheOptionTheRuleAndTheValue() {
        assertEquals("--shard must be I/N with 0 <= I < N <= 1000, e.g. 0/4, but was '4/4'",
                assertThrows(InvalidConfigException.class, () -> ShardPlan.resolve("4/4", null, Map.of())).getMessage());
        assertEquals("--shards must equal the N of --shard 1/4 but was '3'",
                assertThrows(InvalidConfigException.class, () -> ShardPlan.resolve("1/4", "3", Map.of())).getMessage());
        assertEquals("--shards must be a whole number between 1 and 1000 but was 'four'",
                assertThrows(InvalidConfigException.class, () -> ShardPlan.resolve(null, "four", Map.of())).getMessage());
        assertEquals("--shards 4 needs this shard's index: give --shard I/4 or set JOB_COMPLETION_INDEX (a Kubernetes "
                + "Indexed Job sets it)",
                assertThrows(InvalidConfigException.class, () -> ShardPlan.resolve(null, "4", Map.of())).getMessage());
        assertEquals("JOB_COMPLETION_INDEX must be an index between 0 and 3 (SHARDS 4) but was '7'",
                assertThrows(InvalidConfigException.class, () -> ShardPlan.resolve(null, null,
                        Map.of(ShardPlan.INDEX_ENV, "7", ShardPlan.COUNT_ENV, "4"))).getMessage());
    }
}
