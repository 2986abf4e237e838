package dev.httpbench.cli;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.FailureKind;
import dev.httpbench.HttpProtocol;
import java.time.Duration;

/**
 * The check before measuring: one request sent by the engine itself, so that it speaks the protocol,
 * TLS settings, method, headers and body the benchmark will use, and closes its connection when done.
 *
 * <p>Thread contract: {@link #check(BenchmarkConfig.Builder)} runs on the runner's thread;
 * {@link #stop()} may be called from any thread (Ctrl-C) and ends a check in progress at once.
 */
final class HealthCheck {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** How a check ended. */
    enum Verdict { HEALTHY, UNHEALTHY, UNREACHABLE, STOPPED }

    /**
     * @param verdict how it ended
     * @param message for anything but {@link Verdict#HEALTHY}: what happened and what to do, one line
     */
    record Outcome(Verdict verdict, String message) {
    }

    private final boolean ownPath;
    private volatile BenchmarkRun run;
    private volatile boolean stopped;

    /** @param ownPath whether the check goes to {@code --health-path} rather than the benchmark's URL */
    HealthCheck(boolean ownPath) {
        this.ownPath = ownPath;
    }

    /** Stops a check in progress, or the next one before it starts. */
    void stop() {
        stopped = true;
        BenchmarkRun r = run;
        if (r != null) {
            r.stop();
        }
    }

    /** Sends {@code request} once (one worker, one connection, short timeouts) and judges the answer. */
    Outcome check(BenchmarkConfig.Builder request) {
        BenchmarkConfig config = request.workers(1).concurrency(1).requests(1).warmup(Duration.ZERO)
                .connectTimeout(CONNECT_TIMEOUT).timeout(TIMEOUT).drainTimeout(TIMEOUT).successStatuses("2xx")
                .monitorInterval(Duration.ZERO).build();
        String what = "health check " + config.method() + " " + config.displayTarget();
        if (stopped) {
            return new Outcome(Verdict.STOPPED, what + " was stopped");
        }
        BenchmarkResult r;
        try {
            BenchmarkRun started = Benchmark.start(config);
            run = started;
            if (stopped) {
                started.stop();
            }
            r = started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Verdict.STOPPED, what + " was stopped");
        } finally {
            run = null;
        }
        if (stopped) {
            return new Outcome(Verdict.STOPPED, what + " was stopped");
        }
        if (r.succeeded() == 1) {
            return new Outcome(Verdict.HEALTHY, null);
        }
        if (!r.statusCounts().isEmpty()) {
            return new Outcome(Verdict.UNHEALTHY, what + " answered " + r.statusCounts().firstKey() + " (expected 2xx); "
                    + (ownPath ? "" : "point --health-path at a path that answers 2xx, or ")
                    + "skip the check with --no-health-check");
        }
        FailureKind kind = r.errors().keySet().stream().findFirst().orElse(FailureKind.OTHER);
        return new Outcome(Verdict.UNREACHABLE, what + " failed: " + reason(kind, config));
    }

    private static String reason(FailureKind kind, BenchmarkConfig config) {
        boolean h2 = config.protocol() == HttpProtocol.HTTP_2;
        return switch (kind) {
            case CONNECT_REFUSED -> "connection refused (nothing listening?)";
            case CONNECT_TIMEOUT -> "no connection within " + format(CONNECT_TIMEOUT);
            case REQUEST_TIMEOUT -> "no answer within " + format(TIMEOUT);
            case DNS -> "the host name could not be resolved";
            case TLS -> TlsDiagnosis.explain(config.target());
            case LOCAL_RESOURCES -> "this machine ran out of open files or local ports (see --check-system)";
            case CONNECTION_CLOSED, PROTOCOL, OTHER -> h2
                    ? "the server does not speak HTTP/2 here (it answered like HTTP/1.1 or closed the connection); "
                            + "drop --http2, or use https:// where ALPN agrees on the version"
                    : kind == FailureKind.CONNECTION_CLOSED ? "the server closed the connection"
                    : kind == FailureKind.PROTOCOL ? "the answer was not valid HTTP" : "failed (" + kind.id() + ")";
            case CANCELLED -> "cancelled";
        };
    }
}
