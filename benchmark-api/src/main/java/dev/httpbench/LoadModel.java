package dev.httpbench;

import dev.httpbench.spi.ArrivalSchedule;
import java.time.Duration;
import java.util.List;

/**
 * How requests are issued: a closed loop (a fixed number in flight), a constant arrival rate, or a
 * profile of stages. Immutable.
 */
public sealed interface LoadModel {

    /** Closed loop: {@link BenchmarkConfig#concurrency()} requests in flight; each completion sends the next. */
    record ClosedLoop() implements LoadModel {
    }

    /**
     * Open loop at a constant arrival rate, latency measured from each request's intended send time.
     *
     * @param rate requests/s
     */
    record ConstantRate(double rate) implements LoadModel {
    }

    /**
     * Open loop following a profile: the arrival rate moves linearly through each stage in order.
     *
     * @param stages the stages, at least one
     */
    record Staged(List<Stage> stages) implements LoadModel {
        public Staged {
            stages = List.copyOf(stages);
        }

        /** The stages' total length: the run's measured duration. */
        public Duration duration() {
            return stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
        }
    }

    /** Whether requests follow a schedule (constant rate or stages) instead of completions. */
    default boolean openLoop() {
        return !(this instanceof ClosedLoop);
    }

    /** The arrival rate in requests/s, for stages the highest they reach; 0 for a closed loop. */
    default double peakRate() {
        if (this instanceof ConstantRate c) {
            return c.rate();
        }
        if (this instanceof Staged s) {
            return s.stages().stream().mapToDouble(st -> Math.max(st.fromRate(), st.toRate())).max().orElse(0);
        }
        return 0;
    }

    /** The stages of a profile; empty otherwise. */
    default List<Stage> stages() {
        return this instanceof Staged s ? s.stages() : List.of();
    }

    /**
     * The arrival rate planned over the first {@code window} of measurement, in requests/s: the rate
     * for a constant rate, the stages' mean over the window, 0 for a closed loop.
     */
    default double plannedRate(Duration window) {
        if (!openLoop() || window.isZero() || window.isNegative()) {
            return 0;
        }
        double seconds = window.toNanos() / 1e9;
        double rate = this instanceof ConstantRate c ? c.rate() : 0;
        return ArrivalSchedule.of(rate, stages(), 0).plannedCount(seconds) / seconds;
    }
}
