package dev.httpbench.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.MaxRate;
import dev.httpbench.MaxRateSearch;
import dev.httpbench.Slo;
import dev.httpbench.cli.Runner;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MaxRateCommandTest {
    private static final BenchmarkConfig BASE = Benchmark.target("http://127.0.0.1:8080/api").concurrency(64)
            .duration(Duration.ofSeconds(10)).build();
    private static final Slo SLO = Slo.of(Duration.ofMillis(1));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A server that answers in 500 µs up to {@code capacity} requests/s and in 1.5 ms above it. */
    private static MaxRateSearch.Prober server(double capacity) {
        return c -> {
            long n = Math.round(c.rate() * 10);
            Histogram h = Histograms.newHistogram();
            h.recordValueWithCount(c.rate() <= capacity ? 500 : 1500, n);
            BenchmarkResult r = ResultBuilder.of(c).duration(Duration.ofSeconds(10)).sent(n).status(200, n)
                    .latency(LatencyDistribution.of(h)).build();
            return r;
        };
    }

    private int run(MaxRateCommand command) {
        return command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsEveryProbeAsItEndsThenTheAnswerAndExitsZero() {
        MaxRateCommand command = new MaxRateCommand(MaxRateSearch.builder(BASE, SLO).startRate(400).prober(server(1000)));
        assertEquals(Runner.EXIT_OK, run(command));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("searching for the highest rate that meets the SLO, from 400 requests/s:", lines[0]);
        assertEquals("probe 1: 400 requests/s: met the SLO: p99 500us (budget 1ms), error rate 0.00 % (budget 1 %), "
                + "achieved 400 requests/s of 400 requests/s offered", lines[1]);
        assertEquals("probe 3: 1600 requests/s: broke the SLO: p99 1.5ms above the 1ms budget", lines[3]);
        MaxRate answer = command.answer().orElseThrow();
        assertEquals(1000.0, answer.rate());
        assertEquals(answer.explanation(), lines[lines.length - 1]);
        assertEquals("", lines[lines.length - 2]);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noRateMeetingTheSloExitsOne() {
        MaxRateCommand command = new MaxRateCommand(MaxRateSearch.builder(BASE, SLO).startRate(400).minRate(100)
                .prober(server(10)));
        assertEquals(Runner.EXIT_THRESHOLD, run(command));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\nNo rate met the SLO"));
    }

    @Test
    void aStoppedSearchPrintsTheAnswerSoFarAndExits130() {
        MaxRateCommand[] command = new MaxRateCommand[1];
        command[0] = new MaxRateCommand(MaxRateSearch.builder(BASE, SLO).startRate(400).prober(c -> {
            command[0].stop();
            return server(1000).probe(c);
        }));
        assertEquals(Runner.EXIT_INTERRUPTED, run(command[0]));
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("The search was stopped after 1 probe; the highest rate "
                + "that met the SLO (p99 <= 1ms, error rate <= 1 %, achieved rate >= 95 % of offered) so far is 400 "
                + "requests/s (p99 500us).\n"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void invalidSearchSettingsAreEachPrintedWithExitTwo() {
        MaxRateCommand command = new MaxRateCommand(MaxRateSearch.builder(BASE, SLO).precisionPercent(80).maxRepeats(-1));
        assertEquals(Runner.EXIT_USAGE, run(command));
        assertEquals("httpbench --find-max-rate: precisionPercent must be > 0 and <= 50 but was 80.0\n"
                + "httpbench --find-max-rate: maxRepeats must be between 0 and 10 but was -1\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEngineFailureIsPrintedWithExitFour() {
        MaxRateCommand command = new MaxRateCommand(MaxRateSearch.builder(BASE, SLO).prober(c -> {
            throw new IllegalStateException("no httpbench engine found on the class path");
        }));
        assertEquals(Runner.EXIT_FAILED, run(command));
        assertEquals("httpbench --find-max-rate: the benchmark failed: no httpbench engine found on the class path\n",
                err.toString(StandardCharsets.UTF_8));
    }
}
