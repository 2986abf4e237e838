package dev.httpbench.report;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Interval;
import dev.httpbench.spi.ArrivalSchedule;
import java.time.Duration;

/** Per-interval figures the writers share. Stateless and thread-safe. */
final class Timeline {
    private Timeline() {
    }

    /**
     * The open-loop arrival rate planned over {@code interval}, in requests/s; NaN in closed loop. The
     * schedule starts with measurement, as the engine's does after warm-up.
     */
    static double plannedRate(BenchmarkConfig c, Interval interval) {
        double seconds = interval.length().toNanos() / 1e9;
        if (!c.openLoop() || !(seconds > 0)) {
            return Double.NaN;
        }
        ArrivalSchedule schedule = ArrivalSchedule.of(c.stages().isEmpty() ? c.rate() : 0, c.stages(), 0);
        double from = interval.offset().toNanos() / 1e9;
        return (schedule.plannedCount(from + seconds) - schedule.plannedCount(from)) / seconds;
    }

    /** Whether {@code interval} is at least half the report interval: a short final one (the drain) is not. */
    static boolean full(BenchmarkConfig c, Interval interval) {
        Duration half = c.reportInterval().dividedBy(2);
        return interval.length().compareTo(half) >= 0;
    }

    /** {@code count} per second of {@code interval}. */
    static double perSecond(long count, Interval interval) {
        double seconds = interval.length().toNanos() / 1e9;
        return seconds > 0 ? count / seconds : 0;
    }
}
