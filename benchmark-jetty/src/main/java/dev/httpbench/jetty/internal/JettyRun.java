package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Progress;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import dev.httpbench.system.ProcessMonitor;
import dev.httpbench.system.Saturation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run on Jetty. Thread contract:
 * <ul>
 *   <li>the coordinator thread ({@code httpbench-run-N}) owns the workers' lifecycle, the phases, the
 *       timeline ticks and the result; it is the only thread that starts or stops an HttpClient;</li>
 *   <li>Jetty threads call {@link #complete} (and, in closed loop, send the next request from there);
 *       they never block and let no exception escape;</li>
 *   <li>the open-loop scheduler thread calls {@link #send};</li>
 *   <li>the monitor thread ({@code httpbench-monitor-N}, see {@link ProcessMonitor}) only reads the recording's
 *       counters; the coordinator starts and stops it;</li>
 *   <li>any thread may call {@link #stop()}, {@link #progress()} and {@link #result()}.</li>
 * </ul>
 */
final class JettyRun implements BenchmarkRun {
    static final Logger LOG = LoggerFactory.getLogger("dev.httpbench.jetty");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int MAX_NESTED_SENDS = 8;
    private static final ThreadLocal<int[]> SEND_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final int id = IDS.incrementAndGet();
    private final BenchmarkConfig config;
    /** This engine does not size its warm-up yet: automatic means none. */
    private final Duration warmup;
    private final Recording recording;
    private final CompletableFuture<BenchmarkResult> result = new CompletableFuture<>();
    private final Thread coordinator;
    private final AtomicLong remaining;
    private final AtomicLong inFlight = new AtomicLong();
    private final Set<Exchange> outstanding = ConcurrentHashMap.newKeySet();
    private final Set<Class<?>> loggedFailures = ConcurrentHashMap.newKeySet();
    private Worker[] workers = new Worker[0];
    private OpenLoopScheduler scheduler;
    private final ProcessMonitor monitor;
    private ClientStats clientStats;

    /** False once no more requests may be issued. */
    volatile boolean issuing = true;
    /** Requests issued at or after this time are measured (set before any request is sent). */
    volatile long measureStartNanos = Long.MAX_VALUE;
    /** No request is issued at or after this time. */
    volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile boolean stopRequested;
    private volatile boolean aborting;
    private volatile Progress.Phase phase = Progress.Phase.CONNECTING;
    private volatile double currentThroughput;
    private volatile Duration p99SoFar = Duration.ZERO;

    JettyRun(BenchmarkConfig config) {
        this.config = config;
        this.warmup = config.warmup().orElse(Duration.ZERO);
        this.recording = new Recording(config.successStatuses());
        this.remaining = new AtomicLong(config.requests().orElse(Long.MAX_VALUE));
        this.coordinator = new Thread(this::coordinate, "httpbench-run-" + id);
        this.coordinator.setDaemon(true);
        this.monitor = config.monitoring()
                ? new ProcessMonitor(id, config.monitorInterval(), targetPort(config),
                        () -> recording.succeeded.get() + recording.failed.get(),
                        List::of) // Jetty's pooled threads have no fixed worker: busy figures unknown
                : null;
    }

    private static int targetPort(BenchmarkConfig config) {
        int port = config.target().getPort();
        return port > 0 ? port : "https".equalsIgnoreCase(config.target().getScheme()) ? 443 : 80;
    }

    int id() {
        return id;
    }

    void start() {
        coordinator.start();
    }

    @Override
    public BenchmarkConfig config() {
        return config;
    }

    @Override
    public Progress progress() {
        long start = measureStartNanos;
        long now = System.nanoTime();
        Duration elapsed = start == Long.MAX_VALUE || now - start < 0 ? Duration.ZERO : Duration.ofNanos(now - start);
        return new Progress(phase, elapsed, recording.sent.get(), recording.succeeded.get(), recording.failed.get(),
                currentThroughput, p99SoFar);
    }

    @Override
    public void stop() {
        stopRequested = true;
        issuing = false;
        LockSupport.unpark(coordinator);
    }

    @Override
    public CompletableFuture<BenchmarkResult> result() {
        return result;
    }

    // ---- called from the scheduler thread and from Jetty callbacks ----

    /** Takes one request from the measured budget; false when the budget is spent. */
    boolean takeBudget() {
        return remaining.getAndDecrement() > 0;
    }

    /** No more measured requests will be issued (budget or deadline reached). */
    void loadFinished() {
        issuing = false;
        LockSupport.unpark(coordinator);
    }

    /** Issues one request. Never blocks. */
    void send(Worker worker, long intendedNanos, boolean measured) {
        Exchange exchange = new Exchange(this, worker, intendedNanos, measured);
        inFlight.incrementAndGet();
        outstanding.add(exchange);
        if (measured) {
            recording.sent.incrementAndGet();
        }
        Request request = null;
        int[] depth = SEND_DEPTH.get();
        depth[0]++;
        try {
            request = worker.newRequest(exchange);
            request.send(exchange);
        } catch (Throwable t) {
            // send() failed synchronously: the exchange still ends in exactly one bucket
            complete(exchange, new Result(request, t, null), System.nanoTime());
        } finally {
            depth[0]--;
        }
    }

    /** A request ended, one way or another. Called once per exchange by Jetty, on a Jetty thread. */
    void complete(Exchange exchange, Result result, long nowNanos) {
        if (!exchange.claim()) {
            return; // already counted by the final sweep
        }
        try {
            if (exchange.measured) {
                record(exchange, result, nowNanos);
            }
        } catch (Throwable t) {
            LOG.error("recording a completed request failed", t);
        } finally {
            outstanding.remove(exchange);
            long left = inFlight.decrementAndGet();
            if (!config.openLoop()) {
                sendNextClosedLoop(exchange.worker);
            }
            if (left == 0 && !issuing) {
                LockSupport.unpark(coordinator);
            }
        }
    }

    private void record(Exchange exchange, Result result, long nowNanos) {
        if (result.isSucceeded() && !aborting) {
            long begin = exchange.beginNanos;
            recording.response(result.getResponse().getStatus(), nowNanos - exchange.intendedNanos,
                    nowNanos - (begin != 0 ? begin : exchange.intendedNanos), exchange.bytes);
            return;
        }
        Throwable failure = result.getFailure();
        FailureKind kind = aborting ? FailureKind.CANCELLED : FailureClassifier.classify(failure);
        if (kind == FailureKind.OTHER && failure != null && loggedFailures.add(failure.getClass())) {
            LOG.warn("request failed with an unclassified error (counted as 'other'; logged once per type)", failure);
        }
        recording.failure(kind, exchange.bytes);
    }

    /** Closed loop: the slot of a completed request sends the next one while time and budget remain. */
    private void sendNextClosedLoop(Worker worker) {
        if (!issuing) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            loadFinished();
            return;
        }
        boolean measured = now - measureStartNanos >= 0;
        if (measured && !takeBudget()) {
            loadFinished();
            return;
        }
        if (SEND_DEPTH.get()[0] >= MAX_NESTED_SENDS) {
            // a request failed synchronously inside send(): continue on another stack frame
            worker.execute(() -> send(worker, System.nanoTime(), measured));
        } else {
            send(worker, now, measured);
        }
    }

    // ---- the coordinator thread ----

    private void coordinate() {
        try {
            if (monitor != null) {
                monitor.start(); // prepares OSHI while the workers connect
            }
            workers = createWorkers();
            for (Worker w : workers) {
                w.start();
            }
            preconnect();
            if (stopRequested) {
                startedAt = Instant.now();
                finish(System.nanoTime(), System.nanoTime());
                return;
            }
            long loadStart = System.nanoTime();
            Instant wallStart = Instant.now();
            measureStartNanos = loadStart + warmup.toNanos();
            deadlineNanos = config.duration().map(d -> measureStartNanos + d.toNanos()).orElse(Long.MAX_VALUE);
            phase = warmup.isZero() ? Progress.Phase.MEASURING : Progress.Phase.WARMUP;
            if (monitor != null && warmup.isZero()) {
                monitor.begin(); // the first requests sent are measured, and so is their cost
            }
            startLoad(loadStart);
            parkUntil(measureStartNanos);
            if (monitor != null && !warmup.isZero() && !stopRequested) {
                monitor.begin();
            }
            phase = Progress.Phase.MEASURING;
            startedAt = wallStart.plus(warmup);
            measure();
            finish(measureStartNanos, drain());
        } catch (Throwable t) {
            LOG.error("benchmark run failed", t);
            issuing = false;
            aborting = true;
            stopMonitor();
            stopWorkers();
            phase = Progress.Phase.DONE;
            result.completeExceptionally(t);
        }
    }

    private Worker[] createWorkers() {
        int w = config.workers();
        int c = config.concurrency();
        int queue = config.openLoop()
                ? (int) Math.min(1 << 20, Math.max(1024,
                        Math.ceil(config.rate() / w * (config.timeout().toMillis() / 1000.0 + 1) * 2)))
                : Worker.connectionsPerWorker(config) + 16;
        Worker[] result = new Worker[w];
        for (int i = 0; i < w; i++) {
            int slots = c / w + (i < c % w ? 1 : 0);
            result[i] = new Worker(config, i, slots, queue);
        }
        return result;
    }

    /** Opens the connections each worker will use, before any request, bounded by the connect timeout. */
    private void preconnect() {
        List<CompletableFuture<Void>> opening = new ArrayList<>();
        for (Worker w : workers) {
            opening.add(w.preconnect(config.openLoop() ? Worker.connectionsPerWorker(config) : w.slots()));
        }
        try {
            CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new))
                    .get(config.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            // the requests' failures show why in the result; this is only the first sign
            LOG.debug("could not open all connections to {} before the run ({})",
                    config.displayTarget(), cause.toString());
        }
    }

    private void startLoad(long loadStart) {
        if (config.openLoop()) {
            scheduler = new OpenLoopScheduler(this, workers, config, loadStart);
            scheduler.start();
            return;
        }
        boolean measured = warmup.isZero();
        for (Worker w : workers) {
            for (int s = 0; s < w.slots(); s++) {
                if (measured && !takeBudget()) {
                    loadFinished();
                    return;
                }
                send(w, System.nanoTime(), measured);
            }
        }
    }

    private final List<Interval> timeline = new ArrayList<>();
    private final Histogram latencyTotal = Histograms.newHistogram();
    private final Histogram serviceTotal = Histograms.newHistogram();
    private Histogram latencyRecycle;
    private Histogram serviceRecycle;
    private long tickStartNanos;
    private long lastSucceeded;
    private long lastFailed;
    private Instant startedAt;

    /** Ticks the timeline until the load has finished or the run is stopped. */
    private void measure() {
        tickStartNanos = measureStartNanos;
        long interval = config.reportInterval().toNanos();
        while (!stopRequested) {
            long now = System.nanoTime();
            if (now - (tickStartNanos + interval) >= 0) {
                tick(tickStartNanos + interval);
            }
            if (!issuing || now - deadlineNanos >= 0) {
                issuing = false;
                return;
            }
            long wake = Math.min(tickStartNanos + interval, deadlineNanos);
            LockSupport.parkNanos(this, Math.max(0, wake - System.nanoTime()));
        }
    }

    /** Waits, bounded, for requests in flight; returns the end of the measured interval. */
    private long drain() {
        phase = Progress.Phase.DRAINING;
        long interval = config.reportInterval().toNanos();
        long until = System.nanoTime() + (stopRequested ? 0 : config.drainTimeout().toNanos());
        while (inFlight.get() > 0 && !stopRequested) {
            long now = System.nanoTime();
            if (now - until >= 0) {
                break;
            }
            if (now - (tickStartNanos + interval) >= 0) {
                tick(tickStartNanos + interval);
            }
            LockSupport.parkNanos(this, Math.min(until, tickStartNanos + interval) - now);
        }
        return System.nanoTime();
    }

    /** Aborts what is left, releases every resource, and delivers the result. */
    private void finish(long measureStart, long endNanos) throws InterruptedException {
        issuing = false;
        aborting = true;
        stopMonitor(); // before the workers stop, so that their shutdown does not count as load
        if (scheduler != null) {
            scheduler.join(5_000);
        }
        stopWorkers(); // aborts queued and active exchanges: their callbacks count them as cancelled
        for (Exchange leftover : outstanding) {
            if (leftover.claim()) {
                if (leftover.measured) {
                    recording.failure(FailureKind.CANCELLED, leftover.bytes);
                }
                outstanding.remove(leftover);
                inFlight.decrementAndGet();
            }
        }
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (inFlight.get() > 0 && System.nanoTime() - waitUntil < 0) {
            Thread.sleep(1); // callbacks that claimed their exchange are finishing their recording
        }
        long end = Math.max(endNanos, measureStart);
        if (measureStartNanos != Long.MAX_VALUE) {
            tick(end);
        }
        BenchmarkResult done = buildResult(Duration.ofNanos(end - measureStart));
        phase = Progress.Phase.DONE;
        result.complete(done);
    }

    private void tick(long endNanos) {
        Histogram latency = recording.latencyInterval(latencyRecycle);
        Histogram service = recording.serviceInterval(serviceRecycle);
        latencyTotal.add(latency);
        serviceTotal.add(service);
        long ok = recording.succeeded.get();
        long bad = recording.failed.get();
        long length = Math.max(0, endNanos - tickStartNanos);
        if (length > 0 || latency.getTotalCount() > 0 || ok != lastSucceeded || bad != lastFailed) {
            Duration offset = Duration.ofNanos(tickStartNanos - measureStartNanos);
            Interval entry = Intervals.of(startedAt.plus(offset), offset, Duration.ofNanos(length),
                    ok - lastSucceeded, bad - lastFailed, latency);
            timeline.add(entry);
            currentThroughput = entry.throughput();
        }
        lastSucceeded = ok;
        lastFailed = bad;
        tickStartNanos = endNanos;
        latencyRecycle = latency;
        serviceRecycle = service;
        p99SoFar = Duration.ofNanos(latencyTotal.getValueAtPercentile(99) * 1_000);
    }

    private BenchmarkResult buildResult(Duration duration) {
        ResultBuilder b = ResultBuilder.of(config)
                .startedAt(startedAt)
                .duration(duration)
                .sent(recording.sent.get())
                .bytesReceived(recording.bytes.sum())
                .latency(LatencyDistribution.of(latencyTotal))
                .serviceTime(LatencyDistribution.of(serviceTotal))
                .timeline(withSamples(timeline))
                .client(clientStats)
                .warmupTaken(warmup)
                .interrupted(stopRequested);
        for (int s = 0; s < recording.statusSlots(); s++) {
            b.status(s, recording.status(s));
        }
        for (FailureKind kind : FailureKind.values()) {
            b.error(kind, recording.failures(kind));
        }
        if (scheduler != null) {
            long lastIssue = scheduler.lastMeasuredIntendedNanos;
            long issueNanos = lastIssue == 0 ? 0
                    : lastIssue + scheduler.lastLagNanos + (long) scheduler.periodNanos() - measureStartNanos;
            b.scheduleLag(Duration.ofNanos(scheduler.maxLagNanos), Duration.ofNanos(scheduler.lastLagNanos))
                    .issueDuration(Duration.ofNanos(Math.min(Math.max(issueNanos, 1), duration.toNanos())));
        }
        BenchmarkResult built = b.build();
        return ResultBuilder.from(built).warnings(Saturation.warnings(built)).build();
    }

    private void stopMonitor() {
        if (monitor == null) {
            return;
        }
        try {
            clientStats = monitor.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each interval with the last monitor sample whose window's midpoint falls in it. */
    private List<Interval> withSamples(List<Interval> intervals) {
        List<ClientSample> samples = monitor == null ? List.of() : monitor.samples();
        if (samples.isEmpty()) {
            return intervals;
        }
        List<Interval> joined = new ArrayList<>(intervals.size());
        int next = 0;
        for (Interval interval : intervals) {
            long end = interval.offset().plus(interval.length()).toNanos();
            ClientSample last = null;
            while (next < samples.size()) {
                ClientSample s = samples.get(next);
                long mid = s.offset().toNanos() - s.window().toNanos() / 2;
                if (mid >= end) {
                    break;
                }
                last = s;
                next++;
            }
            joined.add(last == null ? interval : Intervals.withClient(interval, last));
        }
        return joined;
    }

    private void parkUntil(long deadline) {
        long now;
        while (!stopRequested && (now = System.nanoTime()) - deadline < 0) {
            LockSupport.parkNanos(this, deadline - now);
        }
    }

    private void stopWorkers() {
        for (Worker w : workers) {
            w.stop();
        }
    }
}
