package dev.httpbench.spi;

import dev.httpbench.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * When each request of an open-loop run is due: request {@code k} (counting from 0) is due at the time
 * {@code t} where the planned count so far, the integral of the rate from 0 to {@code t}, reaches
 * {@code k}. The rate is piecewise linear: a list of segments, the last of which may be endless.
 * Not thread-safe: one scheduler thread asks for increasing {@code k}.
 */
public final class ArrivalSchedule {
    private final double[] from;
    private final double[] to;
    private final double[] seconds;
    private final double[] countAtStart;
    private final double[] secondsAtStart;
    private int segment;

    private ArrivalSchedule(List<double[]> segments) {
        int n = segments.size();
        from = new double[n];
        to = new double[n];
        seconds = new double[n];
        countAtStart = new double[n];
        secondsAtStart = new double[n];
        double count = 0;
        double time = 0;
        for (int i = 0; i < n; i++) {
            double[] s = segments.get(i);
            from[i] = s[0];
            to[i] = s[1];
            seconds[i] = s[2];
            countAtStart[i] = count;
            secondsAtStart[i] = time;
            count += (from[i] + to[i]) / 2 * seconds[i];
            time += seconds[i];
        }
    }

    /**
     * The schedule of a run: {@code warmupSeconds} at the first rate, then either an endless
     * {@code rate} or the {@code stages}.
     */
    public static ArrivalSchedule of(double rate, List<Stage> stages, double warmupSeconds) {
        List<double[]> segments = new ArrayList<>();
        double first = stages.isEmpty() ? rate : stages.get(0).fromRate();
        if (warmupSeconds > 0) {
            segments.add(new double[] {first, first, warmupSeconds});
        }
        if (stages.isEmpty()) {
            segments.add(new double[] {rate, rate, Double.POSITIVE_INFINITY});
        } else {
            for (Stage s : stages) {
                segments.add(new double[] {s.fromRate(), s.toRate(), s.duration().toNanos() / 1e9});
            }
        }
        return new ArrivalSchedule(segments);
    }

    /**
     * Nanoseconds from the start of the schedule at which request {@code k} is due, or
     * {@link Long#MAX_VALUE} when the schedule plans fewer than {@code k + 1} requests. Calls must
     * not decrease {@code k}.
     */
    public long dueNanos(long k) {
        while (segment < from.length - 1 && countAtStart[segment + 1] <= k) {
            segment++;
        }
        double m = k - countAtStart[segment];
        double r0 = from[segment];
        double slope = seconds[segment] == Double.POSITIVE_INFINITY ? 0 : (to[segment] - r0) / seconds[segment];
        double t;
        if (Math.abs(slope) < 1e-12) {
            t = r0 > 0 ? m / r0 : Double.POSITIVE_INFINITY;
        } else {
            // r0 t + slope t^2 / 2 = m, the root where the count first reaches m
            double discriminant = r0 * r0 + 2 * slope * m;
            t = discriminant < 0 ? Double.POSITIVE_INFINITY : (Math.sqrt(discriminant) - r0) / slope;
        }
        if (segment < from.length - 1) {
            t = Math.min(Double.isNaN(t) ? seconds[segment] : t, seconds[segment]); // rounding at the boundary
        } else if (!(t < seconds[segment]) || Double.isInfinite(t)) {
            return Long.MAX_VALUE; // the schedule ends before request k: its end is exclusive
        }
        double total = (secondsAtStart[segment] + t) * 1e9;
        return total >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) total;
    }

    /** The requests planned between the schedule's start and {@code atSeconds}. */
    public double plannedCount(double atSeconds) {
        double count = 0;
        for (int i = 0; i < from.length && atSeconds > secondsAtStart[i]; i++) {
            double t = Math.min(seconds[i], atSeconds - secondsAtStart[i]);
            double slope = seconds[i] == Double.POSITIVE_INFINITY ? 0 : (to[i] - from[i]) / seconds[i];
            count += from[i] * t + slope * t * t / 2;
        }
        return count;
    }
}
