package dev.httpbench.cli.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Stage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartAtTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    /** A clock that only moves when the sleeper sleeps. */
    private static final class FakeClock extends Clock {
        Instant now;

        FakeClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anInstantOrADelayAfterTheManifestsCreationTime() {
        assertEquals(Instant.parse("2026-11-30T10:05:00Z"), StartAt.parse("2026-11-30T10:05:00Z", Map.of(), NOW).instant());
        assertEquals(Instant.parse("2026-11-30T09:59:30Z"), StartAt.parse("+30s",
                Map.of(StartAt.CREATED_AT_ENV, "2026-11-30T09:59:00Z"), NOW).instant());
    }

    @Test
    void badStartsNameTheOptionTheRuleAndTheValue() {
        assertEquals("--start-at must be an ISO-8601 instant like 2026-11-30T10:15:00Z or +DURATION like +30s but was "
                + "'10:15'", assertThrows(InvalidConfigException.class, () -> StartAt.parse("10:15", Map.of(), NOW))
                .getMessage());
        assertEquals("--start-at +30s counts from the manifests' creation time in HTTPBENCH_CREATED_AT, which is not "
                + "set; give an ISO-8601 instant like 2026-11-30T10:01:00Z instead",
                assertThrows(InvalidConfigException.class, () -> StartAt.parse("+30s", Map.of(), NOW)).getMessage());
        assertEquals("--start-at must be at most 1d ahead (now is 2026-11-30T10:00:00Z) but was '2027-11-30T10:00:00Z'",
                assertThrows(InvalidConfigException.class, () -> StartAt.parse("2027-11-30T10:00:00Z", Map.of(), NOW))
                        .getMessage().replace("24h", "1d"));
    }

    @Test
    void awaitWaitsUntilTheStartAndALateArrivalReturnsItsLateness() throws Exception {
        FakeClock clock = new FakeClock(NOW);
        StartAt start = StartAt.of(NOW.plusMillis(1_250));
        assertEquals(Duration.ZERO, start.await(clock, d -> clock.now = clock.now.plus(d), () -> false));
        assertEquals(NOW.plusMillis(1_250), clock.now);

        clock.now = NOW.plusSeconds(4);
        assertEquals(Duration.ofMillis(2_750), start.await(clock, d -> clock.now = clock.now.plus(d), () -> false));
    }

    @Test
    void aStoppedWaitReturnsAtOnce() throws Exception {
        FakeClock clock = new FakeClock(NOW);
        assertEquals(Duration.ZERO, StartAt.of(NOW.plusSeconds(3_600)).await(clock,
                d -> clock.now = clock.now.plus(d), () -> true));
        assertEquals(NOW, clock.now);
    }

    @Test
    void aLateShardRunsWhatIsLeftOfItsWindow() {
        BenchmarkConfig.Builder b = Benchmark.target("http://127.0.0.1:3000/").concurrency(8);
        BenchmarkConfig fixed = b.warmup(Duration.ofSeconds(2)).duration(Duration.ofSeconds(10)).build();
        assertEquals(Optional.of(fixed), StartAt.remainder(fixed, Duration.ZERO));
        BenchmarkConfig cut = StartAt.remainder(fixed, Duration.ofSeconds(3)).orElseThrow();
        assertEquals(Optional.of(Duration.ZERO), cut.warmup());
        assertEquals(Optional.of(Duration.ofSeconds(9)), cut.duration());
        assertEquals(Optional.of(Duration.ofMillis(500)), StartAt.remainder(fixed, Duration.ofMillis(1_500))
                .orElseThrow().warmup());
        assertEquals(Optional.empty(), StartAt.remainder(fixed, Duration.ofSeconds(12)), "the window is over");

        BenchmarkConfig automatic = Benchmark.target("http://127.0.0.1:3000/").duration(Duration.ofSeconds(10)).build();
        BenchmarkConfig left = StartAt.remainder(automatic, Duration.ofSeconds(4)).orElseThrow();
        assertTrue(left.warmup().isEmpty(), "an automatic warm-up stays automatic");
        assertEquals(Optional.of(Duration.ofSeconds(6)), left.duration());

        BenchmarkConfig budget = Benchmark.target("http://127.0.0.1:3000/").requests(1_000).build();
        assertEquals(Optional.of(budget.requests()), StartAt.remainder(budget, Duration.ofMinutes(5)).map(c -> c.requests()));
    }

    @Test
    void aLateShardCutsTheFrontOfItsStagesSoThatItsRateMatchesTheOthersAtEachMoment() {
        BenchmarkConfig staged = Benchmark.target("http://127.0.0.1:3000/").warmup(Duration.ofSeconds(1))
                .stages(Stage.ramp(0, 100, Duration.ofSeconds(10)), Stage.constant(100, Duration.ofSeconds(10))).build();
        assertEquals(List.of(Stage.ramp(40, 100, Duration.ofSeconds(6)), Stage.constant(100, Duration.ofSeconds(10))),
                StartAt.remainder(staged, Duration.ofSeconds(5)).orElseThrow().stages());
        assertEquals(List.of(Stage.constant(100, Duration.ofSeconds(8))),
                StartAt.remainder(staged, Duration.ofSeconds(13)).orElseThrow().stages());
    }
}
