package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.FailureKind;
import dev.httpbench.spi.RequestBuffer;
import dev.httpbench.spi.WorkerRequests;
import dev.httpbench.spi.Workload;
import dev.httpbench.system.TimerSlack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A worker as one event loop on one thread, {@code httpbench-worker-<run>-<index>}, that owns its
 * connections and request {@link Slot slots} (HTTP/1.1: each connection is a slot; HTTP/2: the streams
 * of one connection), its share of the open-loop arrivals, its request and connect timeouts and its
 * {@link Recording}. Thread contract: see {@link Worker}; apart from what {@link Worker} lists,
 * everything here, connections and slots included, is touched by the loop thread only, so nothing per
 * request crosses threads, takes a lock or allocates beyond what response parsing does.
 *
 * <p>Fairness: each select round reads each ready connection once, and at most one buffer, so with
 * thousands of connections none is served again before the others ready in the same round had their
 * turn. Closed loop: a response's completion sends the next request on the same slot at once. Open
 * loop: arrivals are issued at their intended times on an idle slot, or wait in a FIFO for one; near a
 * due time the loop polls and parks for at most {@link #NEAR_PARK_NANOS} instead of sleeping in
 * {@code select}, whose timeout has millisecond granularity.
 */
final class LoopWorker extends Worker implements Runnable {
    /** Read buffer shared by this worker's connections: bytes are parsed as soon as they are read. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Below this distance to the next arrival the loop stops sleeping in select (1 ms granularity). */
    private static final long PRECISE_WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(1_200);
    /**
     * Longest park near a due time: the most a ready socket may wait for the loop there (the VM's
     * wake-up from idle comes on top). With the worker's timer slack at 1 ns ({@link TimerSlack}) a park
     * ends when asked; a shorter cap then only costs CPU: open loop at 20,000 req/s, three alternating
     * rounds, 15 us gave p50 0.074-0.085 ms at 37-42 us CPU per request, 50 us 0.070-0.080 ms at 30-39 us.
     */
    static final long NEAR_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Connections being opened at the same time before the load. */
    static final int MAX_PENDING_CONNECTS = 512;
    /** Longest sleep in select: a safety net, the coordinator wakes the loop when it changes phase. */
    private static final long MAX_SELECT_MILLIS = 100;

    /** HTTP/1.1: the encoded request, positioned by each write; this thread's own view. */
    final ByteBuffer requestView;
    final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    final Selector selector;
    final Deadlines requestTimeouts = new Deadlines();
    final Deadlines connectTimeouts = new Deadlines();
    final long timeoutNanos;
    final long connectTimeoutNanos;
    /** Each target instance's address, resolved on this thread before connecting. */
    final InetSocketAddress[] addresses;
    /** A workload's requests (endpoints, feeders, several instances); null for a single request. */
    final WorkerRequests requests;

    private final Instances instances;
    private final Thread thread;
    private final LoopConnection[] connections;
    private final Slot[] slotList;
    private final SlotRing idle;
    private final SlotRing deferred;
    private final WaitQueue waiting;
    private final OpenLoopScheduler scheduler;
    private final boolean openLoop;
    private final Consumer<SelectionKey> onReady = this::ready;
    private final Set<Class<?>> loggedUnclassified = new HashSet<>();

    private boolean issuing;
    private long inFlight;
    /** HTTP/2: the connection that appended frames or must reconnect this round; null when none. */
    private Http2Connection serviceNeeded;
    /** The phase new requests are issued in. */
    private Phase current;
    /** The phase announced to start at {@link #switchAt}; null when none is. */
    private Phase pending;
    private long switchAt = Long.MAX_VALUE;
    /** The coordinator's last announcement this worker has taken in, and the start it expects next. */
    private RunControl.PhaseStart announced;
    private RunControl.PhaseStart expected;

    /**
     * @param request HTTP/1.1: the run's encoded request; null for HTTP/2
     * @param h2 HTTP/2: the run's request as one connection's HEADERS; null for HTTP/1.1
     * @param workload HTTP/1.1: the run's workload when it is not a single request; else null
     * @param instances the run's target instances (one for a single request)
     */
    LoopWorker(BenchmarkConfig config, RunControl control, int runId, int index, int workers, RequestBytes request,
            Http2Request h2, Workload workload, Instances instances) throws IOException {
        super(config, control, index, workers, workload == null ? null
                : () -> new PartRecording(workload.endpoints().size(), workload.instances().size()));
        this.requestView = request == null ? null : request.view();
        this.instances = instances;
        this.addresses = new InetSocketAddress[instances.size()];
        this.requests = workload == null ? null : workload.forWorker(index, workers);
        this.timeoutNanos = config.timeout().toNanos();
        this.connectTimeoutNanos = config.connectTimeout().toNanos();
        this.openLoop = config.openLoop();
        if (h2 == null) {
            Http1Connection[] http1 = new Http1Connection[slots];
            for (int i = 0; i < slots; i++) {
                int instance = workload == null ? 0 : workload.instanceOf(index, workers, i);
                http1[i] = new Http1Connection(this, request, instance, instances.tls(instance));
            }
            this.connections = http1;
            this.slotList = http1;
        } else {
            Http2Connection connection = new Http2Connection(this, h2, instances.tls(0), slots);
            this.connections = new LoopConnection[] {connection};
            this.slotList = connection.streams();
        }
        this.idle = new SlotRing(slots);
        this.deferred = new SlotRing(slots);
        this.scheduler = openLoop ? new OpenLoopScheduler(index, workers) : null;
        this.waiting = new WaitQueue(openLoop ? waitCapacity(config, workers) : 0);
        this.selector = Selector.open();
        this.thread = new Thread(this, "httpbench-worker-" + runId + "-" + index);
        this.thread.setDaemon(true);
    }

    /**
     * How many arrivals may wait for a connection: twice what the worker's share of the peak rate brings
     * in one request timeout (an arrival waiting longer has timed out anyway), at least 1024, at most 2^20.
     */
    static int waitCapacity(BenchmarkConfig config, int workers) {
        double perTimeout = config.rate() / workers * (config.timeout().toNanos() / 1e9);
        return (int) Math.min(1 << 20, Math.max(1024, Math.ceil(perTimeout * 2)));
    }

    @Override
    void start() {
        thread.start();
    }

    @Override
    void wakeup() {
        selector.wakeup();
    }

    @Override
    boolean join(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    List<Thread> threads() {
        return List.of(thread);
    }

    @Override
    public void run() {
        try {
            TimerSlack.minimize(); // its parks near due times end when asked, not up to 50 us later
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = instances.address(i); // resolved once; unresolved fails each connect as DNS
            }
            preconnect();
            connected = true;
            control.nudgeCoordinator();
            while (control.loadStartNanos == Long.MAX_VALUE && !control.cancel) {
                selector.select(onReady, MAX_SELECT_MILLIS); // an idle connection may be closed meanwhile
            }
            if (!control.cancel) {
                loop(control.loadStartNanos);
            }
        } catch (Throwable t) {
            JettyRun.LOG.error("worker {} failed", index, t);
            failure = t;
        } finally {
            cancelAll();
            try {
                selector.close();
            } catch (IOException e) {
                JettyRun.LOG.debug("closing the selector of worker {}: {}", index, e.toString());
            }
            connected = true;
            publishIssuingDone();
            publishDrained();
        }
    }

    /**
     * Opens every connection (TLS handshake included) before any request, each bounded by the connect
     * timeout, at most {@link #MAX_PENDING_CONNECTS} at a time: 10,000 SYNs at once overflow a server's
     * accept queue, and the dropped ones would wait for SYN retransmission (1 s, 3 s) or time out.
     */
    private void preconnect() throws IOException {
        int started = 0;
        // until open, or until the coordinator stopped waiting (those still closed connect on their first request)
        while (!control.cancel && control.loadStartNanos == Long.MAX_VALUE) {
            int opening = opening(started);
            long now = System.nanoTime();
            while (started < connections.length && opening < MAX_PENDING_CONNECTS) {
                connections[started++].connect(now);
                opening++;
            }
            if (opening(started) == 0 && started == connections.length) {
                return;
            }
            selector.select(onReady, MAX_SELECT_MILLIS);
            expire(System.nanoTime());
        }
    }

    /** How many of the first {@code started} connections are still opening. */
    private int opening(int started) {
        int opening = 0;
        for (int i = 0; i < started; i++) {
            if (!connections[i].isOpen() && !connections[i].isClosed()) {
                opening++;
            }
        }
        return opening;
    }

    private void loop(long loadStart) throws IOException {
        issuing = true;
        current = warmup;
        if (openLoop) {
            for (Slot s : slotList) {
                idle.add(s);
            }
            scheduler.start(warmup, loadStart);
        } else {
            for (Slot s : slotList) {
                deferred.add(s); // each slot takes its first request in the first round
            }
        }
        readControl();
        if (pending != null && switchAt - loadStart <= 0) {
            startPending(); // measurement from the start: no warm-up
        }
        while (!control.cancel) {
            long now = System.nanoTime();
            readControl();
            if (issuing && (control.stopIssuing || !openLoop && now - measured.deadline >= 0)) {
                stopIssuing();
            }
            if (openLoop) {
                releaseArrivals(now);
            }
            serveDeferred(now);
            expire(now);
            if (!issuing && inFlight == 0) {
                publishDrained();
            }
            if (serviceNeeded != null) {
                Http2Connection c = serviceNeeded;
                serviceNeeded = null;
                c.service(now);
            }
            await();
        }
    }

    /** Takes in the coordinator's announcement of the next phase, if it is new. */
    private void readControl() {
        RunControl.PhaseStart next = control.nextPhase;
        if (next != announced) { // taken at the rehearsal and at measurement: compiled before measurement
            announced = next;
            expect(next);
        }
    }

    private void expect(RunControl.PhaseStart start) {
        expected = start;
        pending = start.measured() ? measured : rehearsal;
        switchAt = start.startNanos();
        if (start.measured()) {
            measured.deadline = deadline(switchAt);
        }
    }

    /** The announced phase starts: requests issued from now on belong to it. */
    private void startPending() {
        current = pending;
        if (openLoop) {
            scheduler.start(current, switchAt);
        }
        if (expected.then() != null) {
            expect(expected.then());
        } else {
            pending = null;
            switchAt = Long.MAX_VALUE;
        }
    }

    private void stopIssuing() {
        issuing = false;
        publishIssuingDone();
    }

    // ---- issuing ----

    /** Open loop: issues every arrival that is due, on an idle connection or into the wait queue. */
    private void releaseArrivals(long now) {
        while (issuing) {
            if (requests != null && requests.exhausted()) {
                stopIssuing(); // a once feeder's rows are used up: the run ends with its data
                return;
            }
            long due = scheduler.next();
            if (pending != null && due - switchAt >= 0) {
                startPending(); // this arrival and the next belong to the announced phase's schedule
                continue;
            }
            Phase p = current;
            if (due == Long.MAX_VALUE || due - p.deadline >= 0 || p.budget == 0) {
                if (p == measured) {
                    stopIssuing(); // the schedule, the duration or the budget is complete
                }
                return; // a warm-up without arrivals waits for measurement
            }
            if (due - now > 0) {
                return;
            }
            long lag = now - due; // the schedule's lag, for the open-loop figures; the send lag comes at the write
            p.budget--;
            p.recording.sent();
            p.maxLagNanos = Math.max(p.maxLagNanos, lag);
            p.lastLagNanos = lag;
            p.lastIntendedNanos = due;
            scheduler.advance();
            inFlight++;
            Slot c = waiting.isEmpty() ? idle.poll() : null;
            if (c != null) {
                c.dispatch(due, p, now);
            } else if (!waiting.add(due, p)) {
                inFlight--;
                p.recording.queueOverflow();
                p.recording.failure(FailureKind.LOCAL_RESOURCES, 0, -1, "worker " + index
                        + "'s queue of arrivals waiting for a free connection is full (" + waiting.size() + ")");
            }
        }
    }

    /** Closed loop: the next request on {@code c}, if time and budget remain. */
    private void issueClosedLoop(Slot c, long now) {
        if (!issuing) {
            return;
        }
        if (requests != null && requests.exhausted()) {
            stopIssuing(); // a once feeder's rows are used up: the run ends with its data
            return;
        }
        if (pending != null && now - switchAt >= 0) {
            startPending();
        }
        Phase p = current;
        if (now - p.deadline >= 0 || p.budget == 0) {
            stopIssuing();
            return;
        }
        p.budget--;
        p.recording.sent();
        inFlight++;
        c.dispatch(now, p, now);
    }

    /** Open loop: a slot is free; it takes the oldest waiting arrival or joins the idle ones. */
    private void becameFree(Slot c, long now) {
        if (waiting.isEmpty()) {
            idle.add(c);
            return;
        }
        long intended = waiting.headIntended();
        Phase p = waiting.headPhase();
        waiting.removeHead();
        c.dispatch(intended, p, now);
    }

    /**
     * Slots whose request failed take their next work here, one round later rather than from inside
     * the failure, so that a connection failing at once (refused) cannot recurse.
     */
    private void serveDeferred(long now) {
        for (int n = deferred.size(); n > 0; n--) {
            Slot c = deferred.poll();
            if (openLoop) {
                becameFree(c, now);
            } else {
                issueClosedLoop(c, now);
            }
        }
    }

    // ---- called by slots ----

    void responded(Slot c, int status, long latency, long service, long now) {
        inFlight--;
        Phase p = c.phase;
        // phases: open loop only a queue; a response always has its first byte, set when it was read
        long first = c.firstByteNanos != 0 ? c.firstByteNanos : now;
        p.recording.response(status, latency, service, c.lagNanos, c.bodyBytes,
                openLoop ? c.dispatchNanos - c.intendedNanos : -1,
                c.writeNanos != 0 ? first - c.writeNanos : -1, now - first);
        if (p.parts != null && c.endpoint >= 0) {
            p.parts.response(c.endpoint, c.instance, status, latency, c.bodyBytes);
        }
        p.lastCompletionNanos = now;
        if (openLoop) {
            becameFree(c, now);
        } else {
            issueClosedLoop(c, now);
        }
    }

    void failed(Slot c, FailureKind kind, String message) {
        inFlight--;
        Phase p = c.phase;
        p.recording.failure(kind, c.bodyBytes, c.lagNanos, message);
        if (p.parts != null && c.endpoint >= 0) {
            p.parts.failure(c.endpoint, c.instance, kind, c.bodyBytes);
        }
        p.lastCompletionNanos = System.nanoTime();
        deferred.add(c);
    }

    /**
     * A workload's slot {@code c} took its request: picks the endpoint and puts its bytes in {@code out};
     * false when a once feeder has no row left for it (an open-loop arrival that waited for a slot while
     * the last rows went out), and the request then fails as cancelled.
     */
    boolean take(Slot c, RequestBuffer out) {
        int e = requests.next(c.instance, out);
        c.endpoint = e;
        if (e == WorkerRequests.EXHAUSTED) {
            c.failed(FailureKind.CANCELLED, "the once feeder's rows were used up before it got a connection");
            return false;
        }
        c.phase.parts.sent(e, c.instance);
        return true;
    }

    /** HTTP/2: {@code c} has frames to write or streams waiting for a new connection; served before the loop sleeps. */
    void needsService(Http2Connection c) {
        serviceNeeded = c;
    }

    /** A failure no kind matched: logged with its stack trace once per exception type and worker. */
    void unclassified(Throwable e) {
        if (loggedUnclassified.add(e.getClass())) {
            JettyRun.LOG.warn("request failed with an unclassified error (counted as 'other'; logged once per type)",
                    e);
        }
    }

    // ---- timers and waiting ----

    private void expire(long now) {
        Deadlines.Entry e;
        while ((e = connectTimeouts.expired(now)) != null) {
            e.onExpiry.run();
            connectTimeouts.remove(e);
        }
        while ((e = requestTimeouts.expired(now)) != null) {
            e.onExpiry.run();
            requestTimeouts.remove(e);
        }
        while (!waiting.isEmpty() && waiting.headIntended() + timeoutNanos - now <= 0) {
            Phase p = waiting.headPhase();
            waiting.removeHead();
            inFlight--;
            p.recording.failure(FailureKind.REQUEST_TIMEOUT, 0, -1, "no free connection within "
                    + timeoutNanos / 1_000_000 + " ms");
            p.lastCompletionNanos = now;
        }
    }

    /** Waits for I/O until the next timer; near an arrival's due time by polling and short parks. */
    private void await() throws IOException {
        if (!deferred.isEmpty()) {
            selector.selectNow(onReady);
            return;
        }
        long now = System.nanoTime();
        long arrival = openLoop && issuing ? scheduler.next() : Long.MAX_VALUE;
        long timer = Math.min(connectTimeouts.next(), requestTimeouts.next());
        if (!waiting.isEmpty()) {
            timer = Math.min(timer, waiting.headIntended() + timeoutNanos);
        }
        if (issuing) {
            timer = Math.min(timer, measured.deadline);
        }
        long untilArrival = arrival == Long.MAX_VALUE ? Long.MAX_VALUE : arrival - now;
        long untilTimer = timer == Long.MAX_VALUE ? Long.MAX_VALUE : timer - now;
        if (untilArrival <= 0 || untilTimer <= 0) {
            selector.selectNow(onReady);
            return;
        }
        if (untilArrival < PRECISE_WINDOW_NANOS) {
            if (selector.selectNow(onReady) == 0) {
                LockSupport.parkNanos(Math.min(untilArrival, NEAR_PARK_NANOS));
            }
            return;
        }
        long millis = MAX_SELECT_MILLIS;
        if (untilArrival != Long.MAX_VALUE) {
            millis = Math.min(millis, (untilArrival - PRECISE_WINDOW_NANOS) / 1_000_000 + 1);
        }
        if (untilTimer != Long.MAX_VALUE) {
            millis = Math.min(millis, (untilTimer + 999_999) / 1_000_000);
        }
        selector.select(onReady, Math.max(1, millis));
    }

    private void ready(SelectionKey key) {
        if (key.isValid()) {
            ((LoopConnection) key.attachment()).ready(key.readyOps(), System.nanoTime());
        }
    }

    /** Counts what is still in flight as cancelled and closes every connection. */
    private void cancelAll() {
        for (Slot s : slotList) {
            if (s.busy) {
                Phase p = s.phase;
                p.recording.failure(FailureKind.CANCELLED, s.bodyBytes, s.lagNanos, null);
                if (p.parts != null && s.endpoint >= 0) {
                    p.parts.failure(s.endpoint, s.instance, FailureKind.CANCELLED, s.bodyBytes);
                }
                s.abandon();
            }
        }
        for (LoopConnection c : connections) {
            c.close();
        }
        while (!waiting.isEmpty()) {
            waiting.headPhase().recording.failure(FailureKind.CANCELLED, 0, -1, null);
            waiting.removeHead();
        }
        inFlight = 0;
    }

    /** A FIFO of slots with room for all of a worker's slots. Loop thread only. */
    private static final class SlotRing {
        private final Slot[] ring;
        private int head;
        private int size;

        SlotRing(int capacity) {
            ring = new Slot[Math.max(1, capacity)];
        }

        void add(Slot c) {
            ring[(head + size) % ring.length] = c;
            size++;
        }

        Slot poll() {
            if (size == 0) {
                return null;
            }
            Slot c = ring[head];
            ring[head] = null;
            head = (head + 1) % ring.length;
            size--;
            return c;
        }

        int size() {
            return size;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
