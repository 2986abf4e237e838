package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.MaxRate.Probe;
import dev.httpbench.MaxRate.Stop;
import dev.httpbench.MaxRate.Verdict;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The search driven by constructed results: each test's prober plays a server (and a generator) with
 * known limits. Latencies stay below 2048 µs, which HdrHistogram holds exactly, so figures and
 * sentences are exact.
 */
class MaxRateSearchTest {
    private static final BenchmarkConfig BASE = Benchmark.target("http://127.0.0.1:8080/api").concurrency(64)
            .duration(Duration.ofSeconds(2)).warmup(Duration.ofMillis(500)).build();
    private static final Slo SLO = Slo.builder().p99(Duration.ofMillis(1)).maxErrorRate(0.01).build();
    private static final String CLIENT_BOUND = "client-bound: worker 0's thread was busy 97.0 % of one core (limit 85 %), "
            + "so throughput and latency may show the load generator's limit, not the server's; use more workers "
            + "(up to the cores), a bigger machine or several generators";

    /** A ten-second probe at the config's rate: 98 % of latencies at half the p99, 2 % at it. */
    static BenchmarkResult result(BenchmarkConfig c, long p99Micros, double failedShare, String... warnings) {
        return result(c, p99Micros, p99Micros, failedShare, warnings);
    }

    static BenchmarkResult result(BenchmarkConfig c, long p99Micros, long serviceP99Micros, double failedShare,
            String... warnings) {
        long n = Math.round(c.rate() * 10);
        long failed = Math.round(n * failedShare);
        return ResultBuilder.of(c).duration(Duration.ofSeconds(10)).sent(n).status(200, n - failed).status(503, failed)
                .latency(LatencyDistribution.of(latencies(n, p99Micros)))
                .serviceTime(LatencyDistribution.of(latencies(n, serviceP99Micros)))
                .warnings(List.of(warnings)).build();
    }

    private static Histogram latencies(long n, long p99Micros) {
        Histogram h = Histograms.newHistogram();
        long high = Math.max(1, n / 50);
        h.recordValueWithCount(p99Micros / 2, n - high);
        h.recordValueWithCount(p99Micros, high);
        return h;
    }

    /** A server that meets a 1 ms p99 up to {@code capacity} requests/s and takes 1.5 ms above it. */
    static MaxRateSearch.Prober server(double capacity) {
        return c -> result(c, c.rate() <= capacity ? 500 : 1500, 0);
    }

    private static List<Double> rates(MaxRate m) {
        return m.probes().stream().map(Probe::rate).toList();
    }

    @Test
    void doublesUntilTheSloBreaksThenBisectsToThePrecision() {
        List<BenchmarkConfig> seen = new ArrayList<>();
        MaxRate m = MaxRateSearch.builder(BASE, SLO).prober(c -> {
            seen.add(c);
            return server(1000).probe(c);
        }).run();

        assertEquals(List.of(100.0, 200.0, 400.0, 800.0, 1600.0, 1200.0, 1000.0, 1100.0, 1050.0), rates(m));
        assertEquals(Stop.FOUND, m.stop());
        assertTrue(m.found());
        assertEquals(1000.0, m.rate());
        assertEquals(Duration.ofNanos(500_000), m.p99().orElseThrow());
        assertEquals(OptionalDouble.of(1050.0), m.brokenAt());
        assertEquals("The highest rate that meets the SLO (p99 <= 1ms, error rate <= 1 %, achieved rate >= 95 % of "
                + "offered) is 1000 requests/s (p99 500us); 1050 requests/s broke it (p99 1.5ms above the 1ms budget); "
                + "found to within 5 % in 9 probes.", m.explanation());
        assertEquals(m.explanation(), m.toString());
        // every probe is an open-loop run of the base settings at its rate
        assertEquals(BASE.toBuilder().rate(1050).build(), seen.get(8));
        assertEquals("met the SLO: p99 500us (budget 1ms), error rate 0.00 % (budget 1 %), achieved 1000 requests/s "
                + "of 1000 requests/s offered", m.probes().get(6).why());
        assertEquals(Verdict.BROKEN, m.probes().get(8).verdict());
        assertEquals(10_500, m.probes().get(8).sent());
    }

    @Test
    void halvesFromAStartRateThatAlreadyBreaksTheSlo() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).startRate(400).prober(server(120)).run();

        assertEquals(List.of(400.0, 200.0, 100.0, 150.0, 125.0, 112.5, 118.75, 121.875), rates(m));
        assertEquals(Stop.FOUND, m.stop());
        assertEquals(118.75, m.rate());
        assertEquals(OptionalDouble.of(121.875), m.brokenAt());
    }

    @Test
    void startsAtTheBaseConfigurationsRateWhenItHasOne() {
        MaxRateSearch search = MaxRateSearch.builder(BASE.toBuilder().rate(250).build(), SLO).prober(server(300)).build();
        assertEquals(250.0, search.startRate());
        assertEquals(250.0, search.run().probes().get(0).rate());
    }

    @Test
    void probesARateAgainWhenItsResultIsWithinTheNoiseAndJudgesTheAttemptsPooled() {
        Map<Double, Integer> attempts = new HashMap<>();
        MaxRate m = MaxRateSearch.builder(BASE, SLO).maxRate(400).prober(c -> {
            int attempt = attempts.merge(c.rate(), 1, Integer::sum);
            if (c.rate() < 400) {
                return result(c, 500, 0);
            }
            if (attempt == 1) {
                return result(c, 980, 0); // 2 % under the budget
            }
            Histogram slow = Histograms.newHistogram();
            slow.recordValueWithCount(1500, Math.round(c.rate() * 10));
            return ResultBuilder.from(result(c, 1500, 0)).latency(LatencyDistribution.of(slow)).build();
        }).run();

        List<Probe> at400 = m.probes().stream().filter(p -> p.rate() == 400).toList();
        assertEquals(2, at400.size());
        assertEquals(Verdict.WITHIN_NOISE, at400.get(0).verdict());
        assertEquals("within the noise of the SLO: p99 980us is too close to the 1ms budget to tell (95 % interval 980us "
                + "to 980us, widened by 5 % of the budget); probing 400 requests/s again", at400.get(0).why());
        assertEquals(1, at400.get(0).attempt());
        assertEquals(2, at400.get(1).attempt());
        assertEquals(Verdict.BROKEN, at400.get(1).verdict());
        assertEquals("with the 2 attempts at this rate pooled, broke the SLO: p99 1.5ms above the 1ms budget",
                at400.get(1).why());
        assertEquals(Duration.ofNanos(1_500_000), at400.get(1).p99(), "each probe shows its own figures");
        assertEquals(387.5, m.rate());
    }

    @Test
    void aRateStillWithinTheNoiseAfterEveryRepeatIsJudgedOnItsPooledFigures() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).startRate(400).maxRate(400).maxRepeats(2)
                .prober(c -> result(c, 980, 0)).run();

        assertEquals(List.of(Verdict.WITHIN_NOISE, Verdict.WITHIN_NOISE, Verdict.MET),
                m.probes().stream().map(Probe::verdict).toList());
        assertEquals("with the 3 attempts at this rate pooled, met the SLO: p99 980us (budget 1ms), error rate 0.00 % "
                + "(budget 1 %), achieved 400 requests/s of 400 requests/s offered (still within the noise after 3 "
                + "attempts: judged on the figures)", m.probes().get(2).why());
        assertEquals(Stop.CEILING, m.stop());
    }

    @Test
    void anErrorRateCloseToItsBudgetIsProbedAgainButAClearBreakIsNot() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).startRate(500).maxRate(500)
                .prober(c -> result(c, 500, 0.009)).run(); // 45 of 5000 failed: the 1 % budget is within its interval
        assertEquals(Verdict.WITHIN_NOISE, m.probes().get(0).verdict());
        assertEquals("within the noise of the SLO: error rate 0.90 % is too close to the 1 % budget to tell (95 % "
                + "interval 0.67 % to 1.20 %); probing 500 requests/s again", m.probes().get(0).why());

        MaxRate clear = MaxRateSearch.builder(BASE, SLO).startRate(500).minRate(500)
                .prober(c -> result(c, 980, 0.2)).run(); // p99 within the noise, but 20 % errors break it anyway
        assertEquals(List.of(Verdict.BROKEN), clear.probes().stream().map(Probe::verdict).toList());
        assertEquals(Stop.NONE_MET, clear.stop());
    }

    @Test
    void anAchievedRateShortOfTheOfferedOneBreaksTheSlo() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).startRate(100).minRate(100).prober(c -> {
            BenchmarkResult r = result(c, 500, 0);
            // the server completed 10 % fewer requests per second than were offered
            return ResultBuilder.from(r).duration(Duration.ofNanos(Math.round(10e9 / 0.9))).build();
        }).run();
        assertEquals(Verdict.BROKEN, m.probes().get(0).verdict());
        assertEquals("broke the SLO: achieved 90.0 requests/s, 10.00 % short of the offered rate (tolerance 5 %)",
                m.probes().get(0).why());
        assertEquals(90.0, m.probes().get(0).achievedRate(), 0.01);
    }

    @Test
    void theAchievedRateLeavesOutTheLastResponsesOwnLatency() {
        // a 2 s probe whose responses take 200 ms: the run lasts 2.2 s though the server kept up
        Slo slo = Slo.of(Duration.ofSeconds(1));
        MaxRate m = MaxRateSearch.builder(BASE, slo).startRate(500).maxRate(500).prober(c -> {
            Histogram h = Histograms.newHistogram();
            h.recordValueWithCount(200_000, 1000);
            return ResultBuilder.of(c).duration(Duration.ofMillis(2200)).issueDuration(Duration.ofMillis(1998))
                    .sent(1000).status(200, 1000).latency(LatencyDistribution.of(h)).build();
        }).run();
        assertEquals(Verdict.MET, m.probes().get(0).verdict(), m.probes().get(0).why());
        assertEquals(500, m.probes().get(0).achievedRate(), 1);
    }

    @Test
    void stopsAtTheGeneratorsLimitAndSaysTheServersLimitLiesHigher() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO)
                .prober(c -> c.rate() >= 1600 ? result(c, 1500, 0, CLIENT_BOUND) : result(c, 500, 0)).run();

        assertEquals(List.of(100.0, 200.0, 400.0, 800.0, 1600.0, 1200.0, 1400.0, 1500.0, 1550.0), rates(m));
        assertEquals(Stop.GENERATOR_LIMIT, m.stop());
        assertEquals(1550.0, m.rate());
        assertEquals(OptionalDouble.empty(), m.brokenAt(), "the server never broke the SLO");
        assertEquals(Verdict.GENERATOR_LIMIT, m.probes().get(4).verdict());
        assertEquals("the generator, not the server, was the limit: " + CLIENT_BOUND, m.probes().get(4).why());
        assertEquals("The load generator, not the server, was the limit at 1600 requests/s (" + CLIENT_BOUND + "); the "
                + "server met the SLO (p99 <= 1ms, error rate <= 1 %, achieved rate >= 95 % of offered) up to at least "
                + "1550 requests/s (p99 500us), and its own limit may lie higher (9 probes). Use more workers (up to the "
                + "cores), a bigger machine or several generators to find the server's limit.", m.explanation());
    }

    @Test
    void aRateThatMetTheSloWhileTheGeneratorWasAtItsLimitCountsAndEndsTheSearch() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO)
                .prober(c -> c.rate() >= 400 ? result(c, 500, 0, CLIENT_BOUND) : result(c, 500, 0)).run();
        assertEquals(List.of(100.0, 200.0, 400.0), rates(m));
        assertEquals(Stop.GENERATOR_LIMIT, m.stop());
        assertEquals(400.0, m.rate());
        assertTrue(m.probes().get(2).why().startsWith("met the SLO (p99 500us (budget 1ms), error rate 0.00 % (budget "
                + "1 %), achieved 400 requests/s of 400 requests/s offered), but the generator was at its limit: "
                + "client-bound"), m.probes().get(2).why());
    }

    @Test
    void sendLagIsTheGeneratorsLimitOnlyWhenTheServiceTimeAloneMetTheBudget() {
        String lag = "send lag: the generator wrote requests up to 1ms late at p99, 66.7 % of the latency p99 of 1.5ms "
                + "(limits 10 % and 1ms), so that much of the tail is the generator's own delay, not the server's; use "
                + "more workers, a less loaded machine or several generators";
        // the server itself was slow: its service time broke the budget too, so the break is the server's
        MaxRate server = MaxRateSearch.builder(BASE, SLO).maxRate(1600)
                .prober(c -> c.rate() >= 800 ? result(c, 1500, 1400, 0, lag) : result(c, 500, 0)).run();
        assertEquals(Verdict.BROKEN, server.probes().get(3).verdict());
        assertEquals(Stop.FOUND, server.stop());

        // the server answered within budget; the generator's lag made the latency break it
        MaxRate generator = MaxRateSearch.builder(BASE, SLO).maxRate(1600)
                .prober(c -> c.rate() >= 800 ? result(c, 1500, 500, 0, lag) : result(c, 500, 0)).run();
        assertEquals(Verdict.GENERATOR_LIMIT, generator.probes().get(3).verdict());
        assertEquals("the generator, not the server, was the limit: " + lag + " (the latency broke the 1ms budget, the "
                + "service time alone, 500us at p99, did not)", generator.probes().get(3).why());
        assertEquals(Stop.GENERATOR_LIMIT, generator.stop());
    }

    @Test
    void aServerThatMeetsTheSloAtTheHighestRateAllowedSaysSo() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).maxRate(300).prober(server(1e6)).run();
        assertEquals(List.of(100.0, 200.0, 300.0), rates(m));
        assertEquals(Stop.CEILING, m.stop());
        assertEquals("The server met the SLO (p99 <= 1ms, error rate <= 1 %, achieved rate >= 95 % of offered) at the "
                + "highest rate the search was allowed, 300 requests/s (p99 500us) in 3 probes; raise maxRate to search "
                + "higher.", m.explanation());
    }

    @Test
    void aServerThatBreaksTheSloAtEveryRateSaysSo() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).startRate(400).minRate(100).prober(server(0.5)).run();
        assertEquals(List.of(400.0, 200.0, 100.0), rates(m));
        assertEquals(Stop.NONE_MET, m.stop());
        assertFalse(m.found());
        assertEquals(0.0, m.rate());
        assertTrue(m.p99().isEmpty());
        assertEquals("No rate met the SLO (p99 <= 1ms, error rate <= 1 %, achieved rate >= 95 % of offered): even 100 "
                + "requests/s, the lowest rate the search was allowed, broke it (p99 1.5ms above the 1ms budget) in 3 "
                + "probes.", m.explanation());
    }

    @Test
    void stopEndsTheSearchAfterTheProbeInProgressWithTheAnswerSoFar() {
        MaxRateSearch[] search = new MaxRateSearch[1];
        search[0] = MaxRateSearch.builder(BASE, SLO).prober(c -> {
            if (c.rate() == 400) {
                search[0].stop();
            }
            return server(1000).probe(c);
        }).build();
        MaxRate m = search[0].run();
        assertEquals(List.of(100.0, 200.0, 400.0), rates(m));
        assertEquals(Stop.STOPPED, m.stop());
        assertEquals(400.0, m.rate());
        assertEquals("The search was stopped after 3 probes; the highest rate that met the SLO (p99 <= 1ms, error rate "
                + "<= 1 %, achieved rate >= 95 % of offered) so far is 400 requests/s (p99 500us).", m.explanation());
        assertEquals("a MaxRateSearch runs once; build another to search again",
                assertThrows(IllegalStateException.class, search[0]::run).getMessage());
    }

    @Test
    void anInterruptedProbeEndsTheSearch() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).prober(c -> c.rate() == 200
                ? ResultBuilder.from(result(c, 500, 0)).interrupted(true).build() : result(c, 500, 0)).run();
        assertEquals(List.of(Verdict.MET, Verdict.STOPPED), m.probes().stream().map(Probe::verdict).toList());
        assertEquals(Stop.STOPPED, m.stop());
        assertEquals(100.0, m.rate());
    }

    @Test
    void anInterruptOfTheSearchingThreadEndsItAndKeepsTheFlag() {
        MaxRate m = MaxRateSearch.builder(BASE, SLO).prober(c -> {
            if (c.rate() == 200) {
                throw new InterruptedException();
            }
            return result(c, 500, 0);
        }).run();
        assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
        assertEquals(Stop.STOPPED, m.stop());
        assertEquals(1, m.probes().size());
    }

    @Test
    void theAnswerSaysWhenItsP99RestsOnTooFewLatenciesOrTheConnectionCapWasNearlyFull() {
        BenchmarkConfig few = BASE.toBuilder().concurrency(2).build();
        MaxRate m = MaxRateSearch.builder(few, SLO).startRate(50).maxRate(50)
                .prober(c -> result(c, 500, 0)).run(); // 500 latencies; mean 255 µs × 50/s: 0.01 in flight
        assertTrue(m.explanation().endsWith(" The p99 at 50 requests/s rests on 500 latencies, fewer than the 1000 "
                + "that put 10 beyond it: lengthen the probes."), m.explanation());

        Function<BenchmarkConfig, BenchmarkResult> slowService = c -> {
            Histogram service = Histograms.newHistogram();
            service.recordValueWithCount(1000, Math.round(c.rate() * 10)); // 1 ms each: 1000/s × 1 ms = 1 in flight
            return ResultBuilder.from(result(c, 500, 0)).serviceTime(LatencyDistribution.of(service)).build();
        };
        MaxRate capped = MaxRateSearch.builder(BASE.toBuilder().concurrency(1).workers(1).build(), SLO)
                .startRate(1000).maxRate(1000).prober(slowService::apply).run();
        assertTrue(capped.explanation().endsWith(" At 1000 requests/s about 1 requests were being served at once, "
                + "close to the concurrency of 1 that caps the connections: raise it to check that the cap, not the "
                + "server, set the limit."), capped.explanation());
    }

    @Test
    void badOptionsAreReportedAllAtOnceNamingTheOptionTheRuleAndTheValue() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> MaxRateSearch.builder(BASE, SLO)
                .startRate(0).precisionPercent(0).maxRepeats(11).maxRate(-1).build());
        assertEquals(List.of("startRate must be > 0 and <= 10000000 requests/s but was 0.0",
                "precisionPercent must be > 0 and <= 50 but was 0.0", "maxRepeats must be between 0 and 10 but was 11",
                "maxRate must be > 0 and <= 10000000 requests/s but was -1.0"), e.messages());
        assertEquals("minRate must be <= startRate (100.0) but was 200.0", assertThrows(InvalidConfigException.class,
                () -> MaxRateSearch.builder(BASE, SLO).minRate(200).build()).getMessage());
        assertEquals("maxRate must be >= startRate (100.0) but was 50.0", assertThrows(InvalidConfigException.class,
                () -> MaxRateSearch.builder(BASE, SLO).maxRate(50).build()).getMessage());
    }

    @Test
    void anSloNeedsAP99BudgetAndChecksEveryValue() {
        assertEquals("p99 must be set: the SLO's latency budget",
                assertThrows(InvalidConfigException.class, () -> Slo.builder().build()).getMessage());
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> Slo.builder()
                .p99(Duration.ZERO).maxErrorRate(1.5).rateTolerancePercent(60).build());
        assertEquals(List.of("p99 must be > 0s but was 0s", "maxErrorRate must be between 0 and 1 but was 1.5",
                "rateTolerancePercent must be between 0 and 50 but was 60.0"), e.messages());
        Slo slo = Slo.of(Duration.ofMillis(150));
        assertEquals("p99 <= 150ms, error rate <= 1 %, achieved rate >= 95 % of offered", slo.toString());
        assertEquals(slo, slo.toBuilder().build());
        assertEquals("p99 <= 150ms, error rate <= 0.1 %, achieved rate >= 97.5 % of offered",
                slo.toBuilder().maxErrorRate(0.001).rateTolerancePercent(2.5).build().toString());
    }

    @Test
    void theWilsonIntervalOfAnErrorRateIsNeverOutsideZeroToOne() {
        double[] none = MaxRateSearch.wilson(0, 1000);
        assertEquals(0.0, none[0], 1e-12);
        assertEquals(0.00383, none[1], 1e-5);
        double[] all = MaxRateSearch.wilson(10, 10);
        assertEquals(1.0, all[1], 1e-12);
        assertEquals(0.72, all[0], 0.01);
    }
}
