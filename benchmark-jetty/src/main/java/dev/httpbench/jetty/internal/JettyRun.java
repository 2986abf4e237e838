package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.FailureKind;
import dev.httpbench.HttpProtocol;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Progress;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import dev.httpbench.spi.Workload;
import dev.httpbench.system.BackgroundThread;
import dev.httpbench.system.ProcessMonitor;
import dev.httpbench.system.Saturation;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One benchmark run. Thread contract:
 * <ul>
 *   <li>the coordinator thread ({@code httpbench-run-N}) creates, starts and ends the workers, decides
 *       the phases (load start, end of warm-up, end of issuing, drain, cancel) through {@link RunControl},
 *       ticks the timeline by collecting each worker's {@link Recording}, and builds the result;</li>
 *   <li>each worker's own thread(s) do all the per-request work (see {@link Worker}); nothing per
 *       request passes between a worker and the coordinator;</li>
 *   <li>the monitor's threads ({@code httpbench-monitor-N} and {@code httpbench-sockets-N}, see
 *       {@link ProcessMonitor}) only read the workers' completion counters; the coordinator starts and
 *       stops them;</li>
 *   <li>any thread may call {@link #stop()}, {@link #progress()} and {@link #result()}.</li>
 * </ul>
 */
final class JettyRun implements BenchmarkRun {
    static final Logger LOG = LoggerFactory.getLogger("dev.httpbench.jetty");
    private static final AtomicInteger IDS = new AtomicInteger();
    /**
     * How far ahead of its start the automatic warm-up announces a phase: a worker that took the
     * announcement in after the start would have issued the old phase's arrivals past it, and the new
     * phase's first requests would time out before them (an out-of-order timer insert, which the JIT had
     * compiled as never happening: it deoptimized the request paths at the start of measurement).
     */
    private static final long ANNOUNCE_AHEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long the coordinator waits for a worker to end after cancelling it. */
    private static final long JOIN_MILLIS = 10_000;

    private final int id = IDS.incrementAndGet();
    private final BenchmarkConfig config;
    private final CompletableFuture<BenchmarkResult> result = new CompletableFuture<>();
    private final Thread coordinator;
    private final RunControl control;
    private final ProcessMonitor monitor;
    private volatile Worker[] workers = new Worker[0];
    private ClientStats clientStats;

    private volatile boolean stopRequested;
    private volatile long stopNanos;
    private volatile Progress.Phase phase = Progress.Phase.CONNECTING;
    private volatile double currentThroughput;
    private volatile Duration p99SoFar = Duration.ZERO;
    private volatile long measureStartNanos = Long.MAX_VALUE;

    // ---- coordinator thread only ----
    private final List<Interval> timeline = new ArrayList<>();
    private final Histogram[] totals = newHistograms();
    /**
     * What the timeline ticks: the warm-up's recordings (their intervals are discarded at the start of
     * measurement; ticking them runs the tick's code, so the JIT compiles it before measurement rather than
     * on the generator's core during it), then the measured ones; and where its offsets count from.
     */
    private Recording[] ticked = new Recording[0];
    private long timelineOrigin;
    private Instant timelineWallOrigin;
    private long tickStartNanos;
    private long[] lastCounts = Recording.newCounts();
    private Instant startedAt;
    private long warmupNanos;

    JettyRun(BenchmarkConfig config) {
        this.config = config;
        this.coordinator = new Thread(this::coordinate, "httpbench-run-" + id);
        this.coordinator.setDaemon(true);
        this.control = new RunControl(coordinator);
        this.monitor = config.monitoring()
                ? new ProcessMonitor(id, config.monitorInterval(), port(config.target()), this::completed,
                        this::workerThreads)
                : null;
    }

    private static int port(URI target) {
        return target.getPort() > 0 ? target.getPort() : RequestBytes.defaultPort(target);
    }

    private static Histogram[] newHistograms() {
        Histogram[] h = new Histogram[Recording.HISTOGRAMS];
        for (int i = 0; i < h.length; i++) {
            h[i] = Histograms.newHistogram();
        }
        return h;
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
        long sent = 0;
        long ok = 0;
        long bad = 0;
        for (Worker w : workers) {
            sent += w.recording.sentCount();
            ok += w.recording.succeeded();
            bad += w.recording.failed();
        }
        return new Progress(phase, elapsed, sent, ok, bad, currentThroughput, p99SoFar);
    }

    @Override
    public void stop() {
        if (!stopRequested) {
            stopNanos = System.nanoTime();
            stopRequested = true;
        }
        control.stopIssuing = true;
        for (Worker w : workers) {
            w.wakeup();
        }
        LockSupport.unpark(coordinator);
    }

    @Override
    public CompletableFuture<BenchmarkResult> result() {
        return result;
    }

    /** The threads doing each worker's work, in worker order, for the monitor's busy figures. */
    private List<Thread> workerThreads() {
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            threads.addAll(w.threads());
        }
        return threads;
    }

    /** Measured requests completed so far, over all workers. Any thread (the monitor's). */
    private long completed() {
        long done = 0;
        for (Worker w : workers) {
            done += w.recording.completed();
        }
        return done;
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
            BackgroundThread.prepare(); // loading it at measurement's start would take the workers' core then
            awaitConnected();
            if (stopRequested) {
                publishMeasureStart(System.nanoTime());
                startedAt = Instant.now();
                startTimeline(w -> w.measured, measureStartNanos, startedAt);
                finish(measureStartNanos);
                return;
            }
            // the connections' objects (sockets, keys, parsers) are all young now: one collection
            // moves them out of the young generation, so that no young collection during the load
            // has to copy them (113 ms with 10,000 connections on one core, in the measured tail)
            System.gc();
            long loadStart = System.nanoTime();
            Instant wallLoadStart = Instant.now();
            boolean automatic = config.warmup().isEmpty();
            Duration warmup = config.warmup().orElse(Duration.ZERO);
            if (!automatic) {
                publishFixedWarmup(loadStart, warmup.toNanos());
            }
            startTimeline(w -> w.warmup, loadStart, wallLoadStart);
            control.loadStartNanos = loadStart;
            wakeWorkers();
            phase = !automatic && warmup.isZero() ? Progress.Phase.MEASURING : Progress.Phase.WARMUP;
            if (monitor != null) {
                // from the load's start: its sampling runs during the warm-up too (compiled, and no
                // first-sample cost at the start of measurement); measurement takes a new baseline
                monitor.begin();
            }
            if (phase == Progress.Phase.WARMUP) {
                if (automatic) {
                    publishMeasureStart(automaticWarmup(loadStart));
                    awaitUntil(measureStartNanos);
                } else {
                    warmUpUntil(measureStartNanos);
                }
                if (monitor != null && !stopRequested) {
                    monitor.begin();
                }
            }
            warmupNanos = Math.max(0, measureStartNanos - loadStart);
            // measurement's ticks run in the workers' idle time, never preempting one; the warm-up's
            // decisions keep the normal policy, so a core saturated by others cannot stretch the warm-up
            BackgroundThread.makeCurrent();
            phase = Progress.Phase.MEASURING;
            startedAt = wallLoadStart.plusNanos(warmupNanos);
            startTimeline(w -> w.measured, measureStartNanos, startedAt);
            long issueEnd = measure();
            drain();
            finish(issueEnd);
        } catch (Throwable t) {
            LOG.error("benchmark run failed", t);
            abort(t);
        }
    }

    private Worker[] createWorkers() throws Exception {
        int n = config.workers();
        Worker[] created = new Worker[n];
        boolean h2 = config.protocol() == HttpProtocol.HTTP_2;
        boolean single = config.singleRequest();
        RequestBytes request = h2 || !single ? null : RequestBytes.of(config);
        Http2Request h2Request = h2 ? Http2Request.of(config) : null;
        Workload workload = h2 || single ? null : Workload.of(config);
        Instances instances = Instances.of(config);
        try {
            for (int i = 0; i < n; i++) {
                created[i] = new LoopWorker(config, control, id, i, n, request, h2Request, workload, instances);
            }
        } catch (Exception e) {
            for (Worker w : created) {
                if (w != null) {
                    w.start(); // a started worker sees the cancel and closes its selector
                }
            }
            control.cancel = true;
            throw e;
        }
        return created;
    }

    /** Waits until every worker has opened its connections (each bounds that by the connect timeout). */
    private void awaitConnected() {
        long until = System.nanoTime() + config.connectTimeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(5);
        while (!stopRequested) {
            checkWorkers();
            boolean all = true;
            for (Worker w : workers) {
                all &= w.connected;
            }
            long now = System.nanoTime();
            if (all || now - until >= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(until - now, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Measurement starts at {@code start}: announced to the workers, which switch phase then. */
    private void publishMeasureStart(long start) {
        measureStartNanos = start;
        control.nextPhase = new RunControl.PhaseStart(start, true, null);
        wakeWorkers();
    }

    /**
     * An explicit warm-up of {@code warmupNanos} from {@code loadStart}, announced before the load starts:
     * the rehearsal of the switch at its middle, measurement at its end (none when it is zero).
     */
    private void publishFixedWarmup(long loadStart, long warmupNanos) {
        long start = loadStart + warmupNanos;
        measureStartNanos = start;
        RunControl.PhaseStart measurement = new RunControl.PhaseStart(start, true, null);
        control.nextPhase = warmupNanos == 0 ? measurement
                : new RunControl.PhaseStart(loadStart + warmupNanos / 2, false, measurement);
    }

    /**
     * The automatic warm-up: returns when measurement starts (just after the warm-up ends). When the rule of
     * {@link AutoWarmup} first holds, the workers rehearse the switch to measurement; the JIT's reaction
     * to it (recompiling what the switch deoptimized) then has to settle too before measurement starts.
     */
    private long automaticWarmup(long loadStart) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        AutoWarmup judge = new AutoWarmup(loadStart, BenchmarkConfig.MAX_AUTOMATIC_WARMUP);
        long step = AutoWarmup.SAMPLE_EVERY.toNanos();
        long next = loadStart + step;
        long rehearsed = Long.MAX_VALUE;
        while (!stopRequested && !issuingDone()) {
            awaitUntil(next);
            checkWorkers();
            long now = System.nanoTime();
            tick(now);
            long completed = 0;
            for (Worker w : workers) {
                completed += w.warmup.recording.completed();
            }
            boolean ready = judge.done(now, completed, jitTimed ? jit.getTotalCompilationTime() : -1);
            if (ready && judge.capped(now)) {
                return now + ANNOUNCE_AHEAD_NANOS;
            }
            if (ready && rehearsed == Long.MAX_VALUE) {
                rehearsed = now;
                control.nextPhase = new RunControl.PhaseStart(now + ANNOUNCE_AHEAD_NANOS, false, null);
                wakeWorkers();
            } else if (ready && now - rehearsed >= AutoWarmup.QUIET_WINDOW.toNanos()) {
                return now + ANNOUNCE_AHEAD_NANOS;
            }
            next = now + step;
        }
        return System.nanoTime();
    }

    /** An explicit warm-up: ticks the warm-up's timeline until {@code end}, or until stopped. */
    private void warmUpUntil(long end) {
        long step = AutoWarmup.SAMPLE_EVERY.toNanos();
        while (!stopRequested) {
            checkWorkers();
            long now = System.nanoTime();
            if (now - end >= 0) {
                return;
            }
            tick(now);
            LockSupport.parkNanos(this, Math.min(step, end - now));
        }
    }

    /**
     * The timeline ticks each worker's {@code phase} from {@code origin} on: what it held (the warm-up's)
     * is dropped, after one last drain so that nothing of it is left in the recordings' histograms.
     */
    private void startTimeline(Function<Worker, Phase> phase, long origin, Instant wallOrigin) {
        Histogram[] discarded = newHistograms();
        for (Recording r : ticked) {
            r.drainInto(discarded);
        }
        ticked = Arrays.stream(workers).map(w -> phase.apply(w).recording).toArray(Recording[]::new);
        timeline.clear();
        for (Histogram h : totals) {
            h.reset();
        }
        lastCounts = Recording.newCounts();
        timelineOrigin = origin;
        timelineWallOrigin = wallOrigin;
        tickStartNanos = origin;
        currentThroughput = 0;
        p99SoFar = Duration.ZERO;
    }

    /**
     * Ticks the timeline until every worker has stopped issuing (duration, budget or schedule done) or
     * the run is stopped; returns when issuing ended.
     */
    private long measure() {
        long interval = config.reportInterval().toNanos();
        while (!stopRequested) {
            checkWorkers();
            long now = System.nanoTime();
            if (now - (tickStartNanos + interval) >= 0) {
                tick(tickStartNanos + interval);
            }
            boolean allDone = true;
            for (Worker w : workers) {
                allDone &= w.issuingDone;
            }
            if (allDone) {
                return now;
            }
            LockSupport.parkNanos(this, Math.max(0, tickStartNanos + interval - now));
        }
        return stopNanos;
    }

    /** Waits, at most the drain timeout, for the requests still in flight. */
    private void drain() {
        phase = Progress.Phase.DRAINING;
        long interval = config.reportInterval().toNanos();
        long until = System.nanoTime() + config.drainTimeout().toNanos();
        while (!stopRequested) {
            checkWorkers();
            boolean allDrained = true;
            for (Worker w : workers) {
                allDrained &= w.drained;
            }
            long now = System.nanoTime();
            if (allDrained || now - until >= 0) {
                return;
            }
            if (now - (tickStartNanos + interval) >= 0) {
                tick(tickStartNanos + interval);
            }
            LockSupport.parkNanos(this, Math.min(until, tickStartNanos + interval) - now);
        }
    }

    /** Cancels what is left, ends the workers, and delivers the result. */
    private void finish(long issueEnd) throws InterruptedException {
        stopMonitor(); // before the workers end, so that their shutdown does not count as load
        endWorkers();
        long measureStart = measureStartNanos;
        long end = windowEnd(measureStart, issueEnd);
        tick(Math.max(System.nanoTime(), tickStartNanos)); // what completed or was cancelled since the last tick
        BenchmarkResult done = buildResult(Duration.ofNanos(Math.max(0, end - measureStart)));
        logFailures(done);
        phase = Progress.Phase.DONE;
        result.complete(done);
    }

    /**
     * The end of the measured window: the deadline when the duration ended issuing; otherwise the last
     * completion of a measured request (a request budget or a finished schedule), but never later than
     * a stop.
     */
    private long windowEnd(long measureStart, long issueEnd) {
        long deadline = config.duration().map(d -> measureStart + d.toNanos()).orElse(Long.MAX_VALUE);
        long end;
        if (deadline != Long.MAX_VALUE && issueEnd - deadline >= 0) {
            end = deadline;
        } else {
            end = issueEnd;
            for (Worker w : workers) {
                long last = w.measured.lastCompletionNanos;
                if (last != 0 && last - end > 0) {
                    end = last;
                }
            }
            if (deadline != Long.MAX_VALUE && end - deadline > 0) {
                end = deadline;
            }
        }
        if (stopRequested && end - stopNanos > 0) {
            end = stopNanos;
        }
        return Math.max(end, measureStart);
    }

    /** Tells every worker to cancel and close, and waits (bounded) for them to end. */
    private void endWorkers() throws InterruptedException {
        control.stopIssuing = true;
        control.cancel = true;
        wakeWorkers();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
        for (Worker w : workers) {
            long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
            if (!w.join(Math.max(1, left))) {
                throw new IllegalStateException("worker " + w.index + " did not end within " + JOIN_MILLIS + " ms");
            }
        }
        checkWorkers();
    }

    private void abort(Throwable t) {
        control.stopIssuing = true;
        control.cancel = true;
        wakeWorkers();
        if (monitor != null) {
            try {
                monitor.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            for (Worker w : workers) {
                w.join(JOIN_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        phase = Progress.Phase.DONE;
        result.completeExceptionally(t);
    }

    /** Fails the run when a worker died. */
    private void checkWorkers() {
        for (Worker w : workers) {
            Throwable failure = w.failure;
            if (failure != null) {
                throw new IllegalStateException("worker " + w.index + " failed: " + failure, failure);
            }
        }
    }

    private void tick(long endNanos) {
        Histogram[] interval = newHistograms();
        long[] counts = Recording.newCounts();
        for (Recording r : ticked) {
            r.drainInto(interval);
            r.addCountsInto(counts);
        }
        for (int i = 0; i < totals.length; i++) {
            totals[i].add(interval[i]);
        }
        Histogram latency = interval[Recording.LATENCY];
        long length = Math.max(0, endNanos - tickStartNanos);
        if (length > 0 || latency.getTotalCount() > 0 || !Arrays.equals(counts, lastCounts)) {
            Duration offset = Duration.ofNanos(tickStartNanos - timelineOrigin);
            Intervals.Builder b = Intervals.builder(timelineWallOrigin.plus(offset), offset, Duration.ofNanos(length))
                    .latency(latency).serviceTime(interval[Recording.SERVICE]).sendLag(interval[Recording.SEND_LAG]);
            Recording.addDelta(counts, lastCounts, config.successStatuses(), b);
            Interval entry = b.build();
            timeline.add(entry);
            currentThroughput = entry.throughput();
        }
        lastCounts = counts;
        tickStartNanos = endNanos;
        p99SoFar = Duration.ofNanos(totals[Recording.LATENCY].getValueAtPercentile(99) * 1_000);
    }

    private BenchmarkResult buildResult(Duration duration) {
        long sent = 0;
        long bytes = 0;
        long opened = 0;
        long reconnects = 0;
        long[] statuses = new long[Recording.STATUSES];
        long[] failures = new long[FailureKind.values().length];
        for (Worker w : workers) {
            Recording r = w.recording;
            sent += r.sentCount();
            bytes += r.bytes();
            opened += r.connectionsOpened();
            reconnects += r.reconnects();
            for (int s = 0; s < statuses.length; s++) {
                statuses[s] += r.status(s);
            }
            for (FailureKind kind : FailureKind.values()) {
                failures[kind.ordinal()] += r.failures(kind);
            }
        }
        ResultBuilder b = ResultBuilder.of(config)
                .startedAt(startedAt)
                .duration(duration)
                .sent(sent)
                .bytesReceived(bytes)
                .latency(LatencyDistribution.of(totals[Recording.LATENCY]))
                .serviceTime(LatencyDistribution.of(totals[Recording.SERVICE]))
                .sendLag(LatencyDistribution.of(totals[Recording.SEND_LAG]))
                .connectTime(LatencyDistribution.of(totals[Recording.CONNECT]))
                .timing(TimingRecording.merge(Arrays.stream(workers).map(w -> w.recording.timing).toList()))
                .connectionsOpened(opened)
                .reconnects(reconnects)
                .warmupTaken(Duration.ofNanos(warmupNanos))
                .timeline(withSamples(timeline))
                .client(clientStats)
                .interrupted(stopRequested);
        for (int s = 0; s < statuses.length; s++) {
            b.status(s, statuses[s]);
        }
        for (FailureKind kind : FailureKind.values()) {
            b.error(kind, failures[kind.ordinal()]);
        }
        if (config.openLoop()) {
            scheduleFigures(b, duration);
        }
        addParts(b);
        BenchmarkResult built = b.build();
        return ResultBuilder.from(built).warnings(Saturation.warnings(built)).build();
    }

    /** A workload's outcome per endpoint and per instance, each worker's added in; none for a single request. */
    private void addParts(ResultBuilder b) {
        if (config.singleRequest() || config.protocol() == HttpProtocol.HTTP_2) {
            return;
        }
        List<String> names = config.displayTargets();
        for (int e = 0; e < config.endpoints().size(); e++) {
            ResultBuilder.Part part = b.endpoint(config.endpoints().get(e).name());
            for (Worker w : workers) {
                w.measured.parts.addEndpoint(e, part);
            }
        }
        for (int i = 0; i < names.size(); i++) {
            ResultBuilder.Part part = b.instance(names.get(i));
            for (Worker w : workers) {
                w.measured.parts.addInstance(i, part);
            }
        }
    }

    /** Open loop: how far behind schedule the workers issued, and when the last measured arrival went out. */
    private void scheduleFigures(ResultBuilder b, Duration duration) {
        long maxLag = 0;
        long lastIntended = 0;
        long lastLag = 0;
        for (Worker w : workers) {
            maxLag = Math.max(maxLag, w.measured.maxLagNanos);
            long intended = w.measured.lastIntendedNanos;
            if (intended != 0 && (lastIntended == 0 || intended - lastIntended > 0)) {
                lastIntended = w.measured.lastIntendedNanos;
                lastLag = w.measured.lastLagNanos;
            }
        }
        double period = 1e9 / config.rate(); // at the peak rate: the smallest gap between two arrivals
        long issueNanos = lastIntended == 0 ? 0 : lastIntended + lastLag + (long) period - measureStartNanos;
        b.scheduleLag(Duration.ofNanos(maxLag), Duration.ofNanos(lastLag))
                .issueDuration(Duration.ofNanos(Math.min(Math.max(issueNanos, 1), Math.max(1, duration.toNanos()))));
    }

    /** One line per failure kind that occurred, with the first reason seen; no stack traces. */
    private void logFailures(BenchmarkResult r) {
        long overflows = 0;
        for (Worker w : workers) {
            overflows += w.recording.queueOverflows();
        }
        if (overflows > 0) {
            LOG.warn("{} open-loop arrival(s) found their worker's wait queue full and failed as {}; the server "
                    + "could not keep up with the rate on {} connection(s)", overflows,
                    FailureKind.LOCAL_RESOURCES.id(), config.concurrency());
        }
        for (FailureKind kind : FailureKind.values()) {
            long count = r.errors(kind);
            if (count == 0 || kind == FailureKind.CANCELLED) {
                continue;
            }
            String first = null;
            for (Worker w : workers) {
                first = first != null ? first : w.recording.firstMessage(kind);
            }
            LOG.warn("{} request(s) failed as {}; the first: {}", count, kind.id(), first);
        }
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

    /** Waits until {@code deadline}, or until the run is stopped or every worker stopped issuing (its data used up). */
    private void awaitUntil(long deadline) {
        long now;
        while (!stopRequested && !issuingDone() && (now = System.nanoTime()) - deadline < 0) {
            checkWorkers();
            LockSupport.parkNanos(this, Math.min(deadline - now, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Whether every worker stopped issuing: during a warm-up, only when a once feeder was used up. */
    private boolean issuingDone() {
        for (Worker w : workers) {
            if (!w.issuingDone) {
                return false;
            }
        }
        return true;
    }

    private void wakeWorkers() {
        for (Worker w : workers) {
            w.wakeup();
        }
    }
}
