package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.spi.ArrivalSchedule;
import java.util.concurrent.locks.LockSupport;

/**
 * Issues requests on schedule on one dedicated thread, whether or not earlier requests have finished:
 * at a constant rate, or following the configured stages (see {@link ArrivalSchedule}). When the
 * thread falls behind it issues the overdue requests at once, keeping their scheduled times, so the
 * delay counts in their latency (no coordinated omission). The lag fields are written by the
 * scheduler thread only.
 */
final class OpenLoopScheduler implements Runnable {
    private final JettyRun run;
    private final Worker[] workers;
    private final ArrivalSchedule schedule;
    private final double periodNanos;
    private final long startNanos;
    private final Thread thread;
    volatile long maxLagNanos;
    volatile long lastLagNanos;
    /** Scheduled time of the last measured request issued; 0 when none. */
    volatile long lastMeasuredIntendedNanos;

    OpenLoopScheduler(JettyRun run, Worker[] workers, BenchmarkConfig config, long startNanos) {
        this.run = run;
        this.workers = workers;
        this.schedule = ArrivalSchedule.of(config.rate(), config.stages(), config.warmup().orElse(java.time.Duration.ZERO).toNanos() / 1e9);
        this.periodNanos = 1e9 / config.rate(); // at the peak rate: the smallest gap between two requests
        this.startNanos = startNanos;
        this.thread = new Thread(this, "httpbench-scheduler-" + run.id());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits for the thread to end after {@link JettyRun#issuing} went false. */
    void join(long millis) throws InterruptedException {
        LockSupport.unpark(thread);
        thread.join(millis);
    }

    double periodNanos() {
        return periodNanos;
    }

    @Override
    public void run() {
        long k = 0;
        while (run.issuing) {
            long due = schedule.dueNanos(k);
            if (due == Long.MAX_VALUE) {
                run.loadFinished(); // the stages planned no more requests
                return;
            }
            long intended = startNanos + due;
            long now = System.nanoTime();
            if (intended - now > 0) {
                LockSupport.parkNanos(intended - now);
                continue;
            }
            if (intended - run.deadlineNanos >= 0) {
                run.loadFinished();
                return;
            }
            boolean measured = intended - run.measureStartNanos >= 0;
            if (measured) {
                if (!run.takeBudget()) {
                    run.loadFinished();
                    return;
                }
                long lag = now - intended;
                lastLagNanos = lag;
                if (lag > maxLagNanos) {
                    maxLagNanos = lag;
                }
                lastMeasuredIntendedNanos = intended;
            }
            run.send(workers[(int) (k % workers.length)], intended, measured);
            k++;
        }
    }
}
