package dev.httpbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkConfigTest {

    @Test
    void defaultsAreDocumentedValues() {
        BenchmarkConfig c = Benchmark.target("http://127.0.0.1:3000/health").build();
        assertEquals(64, c.concurrency());
        assertEquals(Math.min(Runtime.getRuntime().availableProcessors(), 64), c.workers());
        assertEquals(Duration.ofSeconds(10), c.duration().orElseThrow());
        assertTrue(c.requests().isEmpty());
        assertTrue(c.warmup().isEmpty(), "automatic warm-up");
        assertEquals("GET", c.method());
        assertEquals(Duration.ofSeconds(10), c.timeout());
        assertEquals(Duration.ofSeconds(5), c.connectTimeout());
        assertEquals(c.timeout(), c.drainTimeout());
        assertTrue(c.successStatuses().contains(200) && c.successStatuses().contains(399));
        assertTrue(!c.successStatuses().contains(404));
        assertTrue(!c.openLoop());
        assertEquals(Duration.ofSeconds(1), c.monitorInterval());
        assertTrue(c.monitoring());
    }

    @Test
    void aFixedWarmupReplacesTheAutomaticOneAndBack() {
        BenchmarkConfig fixed = Benchmark.target("http://localhost/").warmup(Duration.ZERO).build();
        assertEquals(Duration.ZERO, fixed.warmup().orElseThrow());
        assertEquals(fixed, fixed.toBuilder().build());
        assertTrue(fixed.toBuilder().automaticWarmup().build().warmup().isEmpty());
        assertTrue(fixed.toString().contains(" warmup=0s"), fixed.toString());
        assertTrue(!fixed.toBuilder().automaticWarmup().build().toString().contains("warmup"));
    }

    @Test
    void monitorIntervalZeroSwitchesSelfMonitoringOff() {
        BenchmarkConfig off = Benchmark.target("http://localhost/").monitorInterval(Duration.ZERO).build();
        assertEquals(Duration.ZERO, off.monitorInterval());
        assertTrue(!off.monitoring());
        assertEquals(off, off.toBuilder().build());
        assertEquals(Duration.ofMillis(250),
                off.toBuilder().monitorInterval(Duration.ofMillis(250)).build().monitorInterval());
        assertEquals("monitorInterval must be 0s (off) or between 100ms and 1h but was 2h",
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("http://localhost/")
                        .monitorInterval(Duration.ofHours(2)).build()).getMessage());
        assertEquals("monitorInterval must be 0s (off) or between 100ms and 1h but was null",
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("http://localhost/")
                        .monitorInterval(null).build()).getMessage());
    }

    @Test
    void requestsAloneMeansNoDurationLimit() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").requests(1_000).build();
        assertEquals(1_000, c.requests().getAsLong());
        assertTrue(c.duration().isEmpty());
    }

    @Test
    void eachProblemNamesItsOptionRuleAndValueAsFields() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").concurrency(0).header("X-A", "a\nb").build());
        assertEquals(List.of(new InvalidConfigException.Problem("concurrency", "must be >= 1", "0",
                        "concurrency must be >= 1 but was 0"),
                new InvalidConfigException.Problem("header", "value must not be null or contain CR or LF", "a\\nb",
                        "header X-A value must not be null or contain CR or LF but was 'a\\nb'")), e.problems());
    }

    @Test
    void headersTheEngineOwnsAreRejectedWithTheReason() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").header("Content-Length", "5")
                        .header("transfer-encoding", "chunked").header("Connection", "close").build());
        assertEquals(List.of("header Content-Length must not be set: the engine sets the message's framing "
                        + "(Content-Length, Transfer-Encoding) and keeps connections alive itself (Connection, "
                        + "Keep-Alive, TE, Trailer, Upgrade)",
                "header transfer-encoding must not be set: the engine sets the message's framing (Content-Length, "
                        + "Transfer-Encoding) and keeps connections alive itself (Connection, Keep-Alive, TE, Trailer, "
                        + "Upgrade)",
                "header Connection must not be set: the engine sets the message's framing (Content-Length, "
                        + "Transfer-Encoding) and keeps connections alive itself (Connection, Keep-Alive, TE, Trailer, "
                        + "Upgrade)"), e.messages());
        // Host and User-Agent are the caller's to choose
        assertEquals(2, Benchmark.target("http://localhost/").header("Host", "example.com")
                .header("User-Agent", "me").build().headers().size());
    }

    @Test
    void durationsBeyondThirtyDaysAreRejectedNamingTheOption() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").duration(Duration.ofHours(100_000))
                        .warmup(Duration.ofDays(31)).timeout(Duration.ofDays(365)).build());
        assertEquals(List.of("duration must be <= 720h but was 100000h", "warmup must be <= 720h but was 744h",
                "timeout must be <= 720h but was 8760h"), e.messages());
        assertEquals("stages[0] duration must be <= 720h but was 9999h", assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").stages(Stage.constant(10, Duration.ofHours(9999))).build())
                .getMessage());
    }

    @Test
    void toBuilderKeepsOnlyWhatWasSetSoThatDerivedDefaultsFollowTheVariant() {
        BenchmarkConfig base = Benchmark.target("http://localhost/").concurrency(64).build();
        // workers defaulted to the cores (capped by 64): a variant with 1 connection derives 1 worker again
        BenchmarkConfig one = base.toBuilder().concurrency(1).build();
        assertEquals(1, one.workers());
        // the default duration is derived, so a request budget alone ends the variant
        assertTrue(base.toBuilder().requests(10).build().duration().isEmpty());
        // the drain timeout follows the variant's request timeout unless set
        assertEquals(Duration.ofSeconds(3), base.toBuilder().timeout(Duration.ofSeconds(3)).build().drainTimeout());
        assertEquals(Duration.ofSeconds(1), base.toBuilder().drainTimeout(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(3)).build().drainTimeout());
        // an explicit choice stays explicit
        assertEquals("workers must be <= concurrency (1) but was 2", assertThrows(InvalidConfigException.class,
                () -> base.toBuilder().workers(2).build().toBuilder().concurrency(1).build()).getMessage());
    }

    @Test
    void closedLoopUndoesARateOrStages() {
        BenchmarkConfig open = Benchmark.target("http://localhost/").rate(100).build();
        assertTrue(open.openLoop());
        BenchmarkConfig closed = open.toBuilder().closedLoop().build();
        assertTrue(!closed.openLoop());
        assertEquals(new LoadModel.ClosedLoop(), closed.load());
        assertTrue(!Benchmark.target("http://localhost/").stages(Stage.constant(10, Duration.ofSeconds(1)))
                .closedLoop().duration(Duration.ofSeconds(1)).build().openLoop());
        assertEquals(new LoadModel.ConstantRate(100), open.load());
    }

    @Test
    void singleProblemIsTheMessage() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").concurrency(0).build());
        assertEquals("concurrency must be >= 1 but was 0", e.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingOptionRuleAndValue() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("ftp://example.com/x")
                        .workers(0)
                        .concurrency(0)
                        .requests(-1)
                        .duration(Duration.ZERO)
                        .warmup(Duration.ofSeconds(-1))
                        .rate(-5)
                        .method("GE T")
                        .header("Bad Name", "x")
                        .header("X-Ok", "a\r\nb")
                        .timeout(Duration.ofMillis(-1))
                        .connectTimeout(null)
                        .drainTimeout(Duration.ofSeconds(-2))
                        .reportInterval(Duration.ofMillis(10))
                        .monitorInterval(Duration.ofMillis(50))
                        .successStatuses("600")
                        .build());
        assertEquals(List.of(
                "target URL scheme must be http or https but was 'ftp' in 'ftp://example.com/x'",
                "workers must be >= 1 but was 0",
                "concurrency must be >= 1 but was 0",
                "requests must be >= 1 but was -1",
                "duration must be > 0s but was 0s",
                "warmup must be >= 0s but was -1s",
                "rate must be > 0 and <= 10000000 requests/s but was -5.0",
                "method must be an HTTP token like GET or POST but was 'GE T'",
                "header name must be an HTTP token but was 'Bad Name'",
                "header X-Ok value must not be null or contain CR or LF but was 'a\\r\\nb'",
                "timeout must be > 0s but was -1ms",
                "connectTimeout must be > 0s but was null",
                "drainTimeout must be >= 0s but was -2s",
                "reportInterval must be between 100ms and 1h but was 10ms",
                "monitorInterval must be 0s (off) or between 100ms and 1h but was 50ms",
                "successStatuses must be a comma list of status codes, ranges or classes within 100-599 "
                        + "(e.g. 200-399,404 or 2xx) but was '600'"), e.messages());
        assertEquals(String.join("; ", e.messages()), e.getMessage());
    }

    @Test
    void crossFieldRulesAreCheckedInBuild() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").workers(8).concurrency(4).build());
        assertEquals("workers must be <= concurrency (4) but was 8", e.getMessage());
    }

    @Test
    void targetMustBeAnAbsoluteHttpUrlWithAHost() {
        assertEquals("target URL must have a host but was 'http:///path'", assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http:///path").build()).getMessage());
        assertEquals("target URL scheme must be http or https but was missing in 'localhost:8080'",
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("localhost:8080").build())
                        .getMessage().replace("'localhost'", "missing"));
        assertEquals("target URL must be a valid URI but was 'http://local host/' (Illegal character in authority)",
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("http://local host/").build())
                        .getMessage());
        assertEquals("target URL must not be null",
                assertThrows(InvalidConfigException.class, () -> Benchmark.target((String) null).build()).getMessage());
    }

    @Test
    void settingAnOptionAgainReplacesItsProblem() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").concurrency(0).concurrency(5).build();
        assertEquals(5, c.concurrency());
    }

    @Test
    void toBuilderDerivesAnEqualConfigAndVariants() {
        BenchmarkConfig base = Benchmark.target("http://localhost:3000/api").workers(2).concurrency(8)
                .requests(100).warmup(Duration.ofSeconds(1)).method("post").header("Content-Type", "application/json")
                .body("{}").rate(50).successStatuses("2xx").build();
        assertEquals(base, base.toBuilder().build());
        BenchmarkConfig more = base.toBuilder().concurrency(16).build();
        assertEquals(16, more.concurrency());
        assertEquals("POST", more.method());
        assertEquals("POST http://localhost:3000/api workers=2 concurrency=8 rate=50.0/s requests=100 warmup=1s",
                base.toString());
    }

    @Test
    void bodyIsCopiedSoTheConfigStaysImmutable() {
        byte[] body = {1, 2, 3};
        BenchmarkConfig c = Benchmark.target("http://localhost/").body(body).build();
        body[0] = 9;
        c.body()[1] = 9;
        assertEquals(1, c.body()[0]);
        assertEquals(2, c.body()[1]);
    }

    @Test
    void stagesMakeAnOpenLoopRunAsLongAsTheirTotal() {
        BenchmarkConfig c = Benchmark.target("http://localhost/").stages(Stage.ramp(0, 400, Duration.ofSeconds(10)),
                Stage.constant(400, Duration.ofSeconds(20))).build();
        assertTrue(c.openLoop());
        assertEquals(400, c.rate());
        assertEquals(Duration.ofSeconds(30), c.duration().orElseThrow());
        assertEquals(200, c.plannedRate(Duration.ofSeconds(10)), 1e-9);       // 2000 requests in the ramp
        assertEquals(10_000 / 30.0, c.plannedRate(Duration.ofSeconds(30)), 1e-9); // + 8000 in the hold
        assertEquals(c, c.toBuilder().build());
        assertEquals(400, Benchmark.target("http://localhost/").rate(400).build().plannedRate(Duration.ofSeconds(3)));
    }

    @Test
    void badStagesAreReportedWithTheirIndex() {
        assertEquals(List.of("stages[0] rates must be >= 0 and <= 10000000 requests/s but were -1.0 and 10.0; "
                        + "stages[1] duration must be > 0s but was 0s"),
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("http://localhost/")
                        .stages(Stage.ramp(-1, 10, Duration.ofSeconds(1)), Stage.constant(5, Duration.ZERO))
                        .build()).messages());
        assertEquals("stages must not be empty", assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").stages().build()).getMessage());
        assertEquals("stages must plan at least one request but plan 0.0", assertThrows(InvalidConfigException.class,
                () -> Benchmark.target("http://localhost/").stages(Stage.constant(0, Duration.ofSeconds(5))).build())
                .getMessage());
        assertEquals(List.of("rate and stages are exclusive: set one of them (rate was 100.0)",
                        "duration must not be set with stages (their total is the duration) but was 5s"),
                assertThrows(InvalidConfigException.class, () -> Benchmark.target("http://localhost/").rate(100)
                        .duration(Duration.ofSeconds(5)).stages(Stage.constant(10, Duration.ofSeconds(1))).build())
                        .messages());
    }
}
