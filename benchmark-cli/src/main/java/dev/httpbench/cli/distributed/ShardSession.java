package dev.httpbench.cli.distributed;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.report.Environment;
import dev.httpbench.report.merge.ClockOffset;
import dev.httpbench.report.merge.ShardInfo;
import dev.httpbench.report.merge.ShardOutput;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One shard's part in a distributed test, as the runner drives it: before the matrix,
 * {@link #awaitStart} measures the clock against the target and waits for the common start; each matrix
 * point runs {@link #configFor} (this shard's share, the first point cut by any lateness); after the report
 * folder is written, {@link #finish} adds {@code shard.json} and, with {@code --emit-stdout}, prints the
 * framed record. Thread contract: {@link #awaitStart} and {@link #configFor} on the thread that runs the
 * matrix; {@link #finish} after it, on any one thread.
 *
 * <p>Wiring it into the runner (options {@code --shard I/N}, {@code --shards N}, {@code --start-at},
 * {@code --emit-stdout}):
 * <pre>{@code
 * Optional<ShardPlan> plan = ShardPlan.resolve(shard, shards, env);          // usage error: exit 2
 * ShardSession session = new ShardSession(plan.get(), startAt, emitStdout, env);
 * session.check(matrix);                                                     // usage error: exit 2
 * session.awaitStart(healthUrl, insecure, matrix.points().get(0).config(), () -> interrupted); // Missed...: exit 4
 * MatrixRunner runner = new MatrixRunner(matrix, listener, session::configFor);
 * ... ReportFolder.write(...) ...
 * session.finish(folder, result, out);                                      // thresholds are the merge's job
 * }</pre>
 */
public final class ShardSession {
    /** Names the test every shard belongs to; {@code httpbench k8s} sets it. Else it is derived from the test. */
    public static final String TEST_ID_ENV = "HTTPBENCH_TEST_ID";

    /** The common start was so late that nothing of the test's window is left to run. */
    public static final class MissedStartException extends Exception {
        private static final long serialVersionUID = 1L;

        MissedStartException(String message) {
            super(message);
        }
    }

    private final ShardPlan plan;
    private final StartAt startAt;
    private final boolean emitStdout;
    private final Map<String, String> env;
    private final Clock clock;
    private Duration lateness = Duration.ZERO;
    private ClockOffset offset;
    private boolean firstRun = true;

    /**
     * @param startAt the common start, or null to start at once
     * @param emitStdout whether {@link #finish} prints the framed record on stdout
     * @param env the environment, for {@value #TEST_ID_ENV} and the host name ({@code HOSTNAME})
     */
    public ShardSession(ShardPlan plan, StartAt startAt, boolean emitStdout, Map<String, String> env) {
        this(plan, startAt, emitStdout, env, Clock.systemUTC());
    }

    ShardSession(ShardPlan plan, StartAt startAt, boolean emitStdout, Map<String, String> env, Clock clock) {
        this.plan = plan;
        this.startAt = startAt;
        this.emitStdout = emitStdout;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public ShardPlan plan() {
        return plan;
    }

    /**
     * Checks before anything starts that every point of {@code matrix} has a valid share on this shard.
     *
     * @throws dev.httpbench.InvalidConfigException naming {@code --shards}, the rule and the value: bad usage
     */
    public void check(Matrix matrix) {
        matrix.points().forEach(p -> plan.share(p.config()));
    }

    /** How late the common start was reached; zero before {@link #awaitStart} or without a common start. */
    public Duration lateness() {
        return lateness;
    }

    /**
     * Measures this machine's clock against the target's {@code Date} header, then waits for the common
     * start, if any, checking {@code stopped} (Ctrl-C) while it waits.
     *
     * @param clockReference a URL every shard requests, e.g. the health check's
     * @param window the first run's configuration, to tell whether anything is left of it when late
     * @throws MissedStartException when the start was reached after the first run's window had ended
     */
    public void awaitStart(URI clockReference, boolean trustAllCertificates, BenchmarkConfig window,
            BooleanSupplier stopped) throws InterruptedException, MissedStartException {
        offset = ClockProbe.measure(clockReference, trustAllCertificates, clock).orElse(null);
        if (startAt == null) {
            return;
        }
        lateness = startAt.await(clock, d -> Thread.sleep(Math.max(1, d.toMillis())), stopped);
        if (StartAt.remainder(plan.share(window), lateness).isEmpty()) {
            throw new MissedStartException("shard " + plan + " reached the common start " + startAt + " "
                    + format(lateness) + " late, after its first run's window had ended: nothing is left to run");
        }
    }

    /** What {@code point} runs on this shard: its share, the first run cut by the lateness. */
    public BenchmarkConfig configFor(MatrixPoint point) {
        BenchmarkConfig share = plan.share(point.config());
        if (firstRun) {
            firstRun = false;
            return StartAt.remainder(share, lateness).orElse(share);
        }
        return share;
    }

    /** The information written as shard.json for a test run as {@code matrix}. */
    public ShardInfo info(Matrix matrix) {
        String host = Optional.ofNullable(env.get("HOSTNAME")).filter(h -> !h.isBlank())
                .orElseGet(() -> Environment.current().host());
        String testId = Optional.ofNullable(env.get(TEST_ID_ENV)).filter(t -> !t.isBlank()).map(String::trim)
                .orElseGet(() -> testId(matrix, startAt));
        return new ShardInfo(plan.index(), plan.count(), testId, host, startAt == null ? null : startAt.instant(),
                lateness, offset);
    }

    /**
     * Writes {@code shard.json} into the report folder and, with {@code --emit-stdout}, prints the folder's
     * record on {@code out}.
     *
     * @param result the whole test's matrix with this shard's results
     */
    public void finish(Path folder, MatrixResult result, PrintStream out) {
        ShardInfo info = info(result.matrix());
        ShardOutput.write(folder, info, result);
        if (emitStdout) {
            out.print(ShardRecord.encode(info.label(), info.host(), ShardOutput.files(folder)));
            out.flush();
        }
    }

    /**
     * The same for every shard of one test: a digest of its common start and what it runs, worker counts
     * aside (they may follow each machine's cores).
     */
    static String testId(Matrix matrix, StartAt startAt) {
        BenchmarkConfig base = matrix.base();
        String key = (startAt == null ? "-" : startAt.instant().toString()) + "|"
                + base.toBuilder().workers(1).build() + "|" + base.timeout() + "|" + base.successStatuses() + "|"
                + matrix.concurrencyLevels() + "|" + matrix.rates() + "|" + matrix.repeats();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
