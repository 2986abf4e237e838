package dev.httpbench;

import java.time.Duration;

/**
 * One stage of an open-loop load profile: the arrival rate moves linearly from {@code fromRate} to
 * {@code toRate} requests/s over {@code duration}. A constant stage has equal rates. Immutable;
 * checked when given to {@link BenchmarkConfig.Builder#stages(Stage...)}.
 *
 * <pre>{@code
 * Benchmark.target(url).stages(
 *         Stage.ramp(0, 4000, Duration.ofSeconds(30)),     // ramp up
 *         Stage.constant(4000, Duration.ofMinutes(2)),     // hold
 *         Stage.ramp(4000, 0, Duration.ofSeconds(10)))     // ramp down
 *     .run();
 * }</pre>
 *
 * @param fromRate requests/s at the start of the stage (>= 0)
 * @param toRate requests/s at its end (>= 0)
 * @param duration its length (> 0)
 */
public record Stage(double fromRate, double toRate, Duration duration) {

    /** A linear ramp from {@code fromRate} to {@code toRate} requests/s over {@code duration}. */
    public static Stage ramp(double fromRate, double toRate, Duration duration) {
        return new Stage(fromRate, toRate, duration);
    }

    /** A constant rate in requests/s for {@code duration}. */
    public static Stage constant(double rate, Duration duration) {
        return new Stage(rate, rate, duration);
    }

    /** The requests this stage plans: its mean rate times its length. */
    public double plannedRequests() {
        return (fromRate + toRate) / 2 * duration.toNanos() / 1e9;
    }
}
