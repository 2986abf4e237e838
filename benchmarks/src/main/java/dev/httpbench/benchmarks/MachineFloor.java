package dev.httpbench.benchmarks;

import dev.httpbench.system.TimerSlack;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Benchmark, not a test: the lowest send lag any open-loop generator could have on this core right
 * now. One thread follows an arrival schedule at {@code rate} per second for {@code seconds}, waiting
 * for each due time as the engine's worker does near one (parks of at most 50 us, timer slack 1 ns)
 * but with no I/O at all, and records how late it woke for each arrival. What it reports is the
 * machine's own stalls (the hypervisor taking the vCPU, other tenants): an open-loop run on the same
 * core cannot have a smaller tail, so {@code benchmarks/engine-vs-wrk.sh} prints it beside the
 * open-loop rows.
 * Single-threaded main; prints one line of {@code key=value} pairs:
 *
 * <pre>taskset -c 0 java -cp benchmarks/target/benchmarks.jar dev.httpbench.benchmarks.MachineFloor 20000 10</pre>
 */
public final class MachineFloor {
    private static final long PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private MachineFloor() {
    }

    public static void main(String[] args) {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 20_000;
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 10;
        if (!(rate > 0) || seconds <= 0) {
            throw new IllegalArgumentException("usage: MachineFloor RATE SECONDS, both > 0; got rate " + rate
                    + ", seconds " + seconds);
        }
        TimerSlack.minimize();
        Histogram lag = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        follow(rate, TimeUnit.SECONDS.toNanos(1), new Histogram(TimeUnit.SECONDS.toNanos(60), 3)); // JIT warm-up
        follow(rate, TimeUnit.SECONDS.toNanos(seconds), lag);
        System.out.printf(Locale.ROOT, "rate=%.0f seconds=%d arrivals=%d p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f%n",
                rate, seconds, lag.getTotalCount(), ms(lag.getValueAtPercentile(50)), ms(lag.getValueAtPercentile(99)),
                ms(lag.getValueAtPercentile(99.9)), ms(lag.getMaxValue()));
    }

    /** Waits for each arrival due within {@code nanos} from now and records how late it woke. */
    private static void follow(double rate, long nanos, Histogram lag) {
        long start = System.nanoTime();
        long arrivals = (long) (rate * nanos / 1e9);
        for (long k = 0; k < arrivals; k++) {
            long due = start + (long) (k * 1e9 / rate);
            long now;
            while ((now = System.nanoTime()) - due < 0) {
                LockSupport.parkNanos(Math.min(due - now, PARK_NANOS));
            }
            lag.recordValue(Math.min(now - due, lag.getHighestTrackableValue()));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
