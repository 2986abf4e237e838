package dev.httpbench.system;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.system.internal.ProcFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides when a run's figures cannot be trusted because the load generator, not the server, was the
 * limit. A pure function over {@link Figures}: no clock, no I/O, so each warning can be tested with a
 * constructed situation. Stateless and thread-safe.
 */
public final class Saturation {
    /** Average process CPU, in % of all cores, above which the run was client-bound. */
    static final double CPU_LIMIT_PERCENT = 90;
    /** Average CPU of any one worker thread, in % of one core, above which the run was client-bound. */
    static final double WORKER_BUSY_LIMIT_PERCENT = 85;
    /** Runs shorter than this are too short to judge CPU figures: one JIT burst dominates them. */
    static final Duration MIN_JUDGED = Duration.ofSeconds(1);
    /** Send-lag p99 above this share of the latency p99, in %, makes the tail partly the generator's. */
    static final double SEND_LAG_SHARE_LIMIT_PERCENT = 10;
    /** ... and above this absolute value: sub-millisecond lag is noise for any real server. */
    static final Duration SEND_LAG_LIMIT = Duration.ofMillis(1);
    /** Open loop: how far the achieved rate may fall short of the target, in %. */
    static final double RATE_SHORTFALL_LIMIT_PERCENT = 5;
    /** Open loop: how far behind schedule the last request may be. */
    static final Duration LAG_LIMIT = Duration.ofMillis(10);
    /** The largest share of one sample window the JVM may spend in GC pauses, in %. */
    static final double GC_LIMIT_PERCENT = 10;
    /** Share of a limit (open files, local ports) from which a figure counts as near it, in %. */
    static final double NEAR_LIMIT_PERCENT = 80;

    private Saturation() {
    }

    /**
     * The warnings for a finished run measured on this machine: plain sentences, each naming the
     * measured value and the limit it crossed; empty when all is well. What engines append to the
     * result.
     */
    public static List<String> warnings(BenchmarkResult r) {
        return warnings(Figures.of(r, Runtime.getRuntime().availableProcessors(), localPorts()));
    }

    /** Local ports for connections to one destination: the size of the ephemeral port range; -1 unknown. */
    private static long localPorts() {
        ProcFiles.Reading range = ProcFiles.system().sysctl("net.ipv4.ip_local_port_range");
        if (!range.known()) {
            return -1;
        }
        String[] lowHigh = range.value().split("\\s+");
        try {
            return Long.parseLong(lowHigh[1]) - Long.parseLong(lowHigh[0]) + 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * The figures the warnings look at; -1 (or null) for unknown, which never warns.
     *
     * @param cores cores available to the generator's JVM
     * @param cpuPercent average process CPU over the run, % of all cores
     * @param targetRate open loop: requested rate in requests/s; 0 for closed loop
     * @param achievedRate open loop: achieved issue rate in requests/s
     * @param maxLag open loop: largest schedule lag
     * @param finalLag open loop: schedule lag of the last request issued
     * @param gcPauseMaxPercent largest share of one monitor window spent in GC pauses, %
     * @param monitorInterval length of a monitor window
     * @param openFilesPeak peak open file descriptors
     * @param openFilesLimit soft limit on open files
     * @param timeWaitPeak peak TIME_WAIT connections to the target's port
     * @param localPorts how many local ports there are for connections to one destination (the size of
     *        the ephemeral port range {@code net.ipv4.ip_local_port_range})
     * @param measured the measured length of the run
     * @param workerBusyPercent each worker thread's average CPU over the run, % of one core
     * @param sendLagP99 99th percentile of the send lag; zero when not measured
     * @param latencyP99 99th percentile of the latency
     */
    record Figures(int cores, double cpuPercent, double targetRate, double achievedRate, Duration maxLag,
            Duration finalLag, double gcPauseMaxPercent, Duration monitorInterval, long openFilesPeak,
            long openFilesLimit, long timeWaitPeak, long localPorts, Duration measured,
            List<Double> workerBusyPercent, Duration sendLagP99, Duration latencyP99) {

        /** Figures of a run long enough to judge, without worker or send-lag figures. */
        Figures(int cores, double cpuPercent, double targetRate, double achievedRate, Duration maxLag,
                Duration finalLag, double gcPauseMaxPercent, Duration monitorInterval, long openFilesPeak,
                long openFilesLimit, long timeWaitPeak, long localPorts) {
            this(cores, cpuPercent, targetRate, achievedRate, maxLag, finalLag, gcPauseMaxPercent, monitorInterval,
                    openFilesPeak, openFilesLimit, timeWaitPeak, localPorts, Duration.ofSeconds(10), List.of(),
                    Duration.ZERO, Duration.ZERO);
        }

        /** The figures of a finished run; {@code localPorts} comes from the machine's settings (-1 unknown). */
        static Figures of(BenchmarkResult r, int cores, long localPorts) {
            ClientStats c = r.client().orElse(null);
            boolean open = r.config().openLoop();
            return new Figures(cores, c == null ? -1 : c.cpuPercent(), open ? r.plannedRate() : 0,
                    open ? r.requestRate() : 0, r.maxScheduleLag(), r.finalScheduleLag(),
                    c == null ? -1 : c.gcPauseMaxPercent(), r.config().monitorInterval(),
                    c == null ? -1 : c.openFilesPeak(), c == null ? -1 : c.openFilesLimit(),
                    c == null ? -1 : c.tcpTimeWaitPeak(), localPorts, r.duration(),
                    c == null ? List.of() : c.workerBusyPercent(), r.sendLag().p99(), r.latency().p99());
        }
    }

    /** Plain sentences, each naming the measured value and the limit it crossed; empty when all is well. */
    static List<String> warnings(Figures f) {
        List<String> w = new ArrayList<>();
        boolean judged = f.measured().compareTo(MIN_JUDGED) >= 0;
        int busiest = busiestWorker(f.workerBusyPercent());
        boolean workerBound = judged && busiest >= 0
                && f.workerBusyPercent().get(busiest) > WORKER_BUSY_LIMIT_PERCENT;
        if (workerBound) {
            w.add(String.format(Locale.ROOT, "client-bound: worker %d's thread was busy %.1f %% of one core "
                    + "(limit %.0f %%), so throughput and latency may show the load generator's limit, not the "
                    + "server's; use more workers (up to the cores), a bigger machine or several generators",
                    busiest, f.workerBusyPercent().get(busiest), WORKER_BUSY_LIMIT_PERCENT));
        }
        if (judged && !workerBound && f.cpuPercent() > CPU_LIMIT_PERCENT) {
            w.add(String.format(Locale.ROOT, "client-bound: the generator's CPU averaged %.1f %% of its %d cores "
                    + "(limit %.0f %%), so throughput and latency may show the load generator's limit, not the "
                    + "server's; use fewer workers, a bigger machine or several generators", f.cpuPercent(),
                    f.cores(), CPU_LIMIT_PERCENT));
        }
        if (f.targetRate() > 0 && f.achievedRate() >= 0) {
            double shortfall = (f.targetRate() - f.achievedRate()) / f.targetRate() * 100;
            if (shortfall > RATE_SHORTFALL_LIMIT_PERCENT) {
                w.add(String.format(Locale.ROOT, "open loop fell short: achieved %.1f requests/s of the %.1f "
                        + "requested, %.1f %% short (limit %.0f %%)", f.achievedRate(), f.targetRate(), shortfall,
                        RATE_SHORTFALL_LIMIT_PERCENT));
            }
            if (f.finalLag() != null && f.finalLag().compareTo(LAG_LIMIT) > 0) {
                w.add("open loop fell behind: the last request was issued " + format(f.finalLag())
                        + " behind schedule (largest lag " + format(f.maxLag()) + ", limit " + format(LAG_LIMIT)
                        + "), so the generator could not keep the requested rate");
            }
        }
        if (f.sendLagP99().compareTo(SEND_LAG_LIMIT) > 0 && !f.latencyP99().isZero()
                && f.sendLagP99().toNanos() * 100.0 / f.latencyP99().toNanos() > SEND_LAG_SHARE_LIMIT_PERCENT) {
            w.add(String.format(Locale.ROOT, "send lag: the generator wrote requests up to %s late at p99, %.1f %% "
                    + "of the latency p99 of %s (limits %.0f %% and %s), so that much of the tail is the generator's "
                    + "own delay, not the server's; use more workers, a less loaded machine or several generators",
                    format(f.sendLagP99()), f.sendLagP99().toNanos() * 100.0 / f.latencyP99().toNanos(),
                    format(f.latencyP99()), SEND_LAG_SHARE_LIMIT_PERCENT, format(SEND_LAG_LIMIT)));
        }
        if (f.gcPauseMaxPercent() > GC_LIMIT_PERCENT) {
            w.add(String.format(Locale.ROOT, "GC pauses: the generator's JVM spent %.1f %% of one %s monitor "
                    + "window in garbage-collection pauses (limit %.0f %%), and those pauses count in the "
                    + "measured latencies; give it more heap (-Xmx)", f.gcPauseMaxPercent(),
                    format(f.monitorInterval()), GC_LIMIT_PERCENT));
        }
        if (near(f.openFilesPeak(), f.openFilesLimit())) {
            w.add(String.format(Locale.ROOT, "open files near the limit: the generator had up to %d files open, "
                    + "%.1f %% of its soft limit of %d (warning from %.0f %%); raise it with 'ulimit -n'",
                    f.openFilesPeak(), percent(f.openFilesPeak(), f.openFilesLimit()), f.openFilesLimit(),
                    NEAR_LIMIT_PERCENT));
        }
        if (near(f.timeWaitPeak(), f.localPorts())) {
            w.add(String.format(Locale.ROOT, "TIME_WAIT near the limit: up to %d connections to the target's port "
                    + "were in TIME_WAIT, %.1f %% of the %d local ports available (warning from %.0f %%); new "
                    + "connections may fail with 'Cannot assign requested address'", f.timeWaitPeak(),
                    percent(f.timeWaitPeak(), f.localPorts()), f.localPorts(), NEAR_LIMIT_PERCENT));
        }
        return w;
    }

    /** The index of the busiest worker, -1 when none is known. */
    private static int busiestWorker(List<Double> busy) {
        int best = -1;
        for (int i = 0; i < busy.size(); i++) {
            if (busy.get(i) >= 0 && (best < 0 || busy.get(i) > busy.get(best))) {
                best = i;
            }
        }
        return best;
    }

    private static boolean near(long value, long limit) {
        return value >= 0 && limit > 0 && percent(value, limit) >= NEAR_LIMIT_PERCENT;
    }

    private static double percent(long value, long limit) {
        return value * 100.0 / limit;
    }
}
