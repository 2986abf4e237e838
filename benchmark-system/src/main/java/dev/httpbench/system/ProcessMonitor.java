package dev.httpbench.system;

import dev.httpbench.ClientSample;
import dev.httpbench.ClientStats;
import dev.httpbench.system.internal.ProcFiles;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.software.os.OSProcess;

/**
 * Samples the benchmark's own process about once per interval on one daemon thread,
 * {@code httpbench-monitor-N}: what engines use to fill {@link dev.httpbench.BenchmarkResult#client()}
 * and the timeline's samples. Thread contract: the run's coordinator thread calls {@link #start()},
 * {@link #begin()}, {@link #stop()} and then {@link #samples()}; the baseline of {@link #begin()} goes to
 * the monitor thread through a volatile field; the monitor thread owns the OSHI objects, the samples and
 * every running figure until it ends, and hands them over through {@link Thread#join}. The socket
 * figures come from a second daemon thread, {@code httpbench-sockets-N}, through a volatile
 * field (see below). No worker thread ever touches the monitor, so it can never block one.
 *
 * <p>Per sample: process CPU (from the JVM's process CPU counter, as % of the cores available to the
 * JVM and as CPU time per completed request), resident memory and thread count ({@code /proc/self/status}
 * on Linux, OSHI elsewhere), open file descriptors (OSHI), used heap and GC pause time (MXBeans),
 * system-wide CPU ({@code /proc/stat} on Linux, OSHI elsewhere; OSHI's parsing of both cost about 3 ms
 * a sample in a sampler that runs too rarely to be compiled, and took that from a worker sharing its
 * core), the counts of ESTABLISHED and TIME_WAIT connections to the target's port (read from
 * {@code /proc/net/tcp} and {@code tcp6}, on Linux only), and each worker thread's CPU time over the
 * window as its busy figure
 * (ThreadMXBean: a worker near 100 % of one core is the run's limit however idle the other cores
 * are). Open files and TCP states are costly: reading {@code /proc/net/tcp} and {@code tcp6} walks the
 * kernel's whole table of established connections (about 11 ms of CPU on the 2-core development VM,
 * however few sockets there are). Taken on the monitor's thread, that took the generator's core from a
 * worker for as long at the first sample of every measurement (the open-loop send lag peaked there).
 * So the socket thread reads them at the background policy ({@link BackgroundThread}: only in time the
 * workers leave idle), at the start of each {@link #begin()} and then only as often as keeps it within
 * {@link #COSTLY_SHARE} of one core; a sample takes the latest reading made since the one before, and is
 * -1 in between ("not counted in this sample"). On a core others saturate they may never be read. A
 * figure that cannot be measured is -1; a failing figure never ends the run.
 *
 * <p>Cost, measured with {@code MonitorCost} (a main in the benchmarks module; the command is in its
 * javadoc) over 30 s at the default 1 s interval with 64 open loopback connections, on a shared 2-core
 * Linux VM with JDK 17.0.15, pinned to one core: the sampling thread used 1.75 ms CPU per sample at the
 * normal policy and the socket thread 0.53 ms per sample on average at the idle one (0.23 % of one core
 * together), against 4.9 ms per sample, all at the normal policy, for the build before in the same
 * sitting (OSHI's process update and tick parsing, and the socket figures); a reference thread that
 * only wakes at the same interval used 0.005 %. The limit is 1 %.
 * Preparing OSHI costs about 0.3 s of CPU once per JVM (about 10 ms on later runs); the thread does it
 * while the workers connect, and on a first run without warm-up it counts in the first measured second
 * like any other cost of the generator.
 */
public final class ProcessMonitor {
    private static final Logger LOG = LoggerFactory.getLogger("dev.httpbench.system");
    private static final ProcFiles.TcpCounts NOT_COUNTED = new ProcFiles.TcpCounts(-1, -1, "not counted in this sample");
    /**
     * Share of one core the socket figures (open files, TCP states) may use: 0.1 %. One reading costs
     * about 11 ms of CPU on the development VM (the kernel walks its whole connection table), so they are
     * read about every 11 s there, and at the start of each {@link #begin()}.
     */
    static final double COSTLY_SHARE = 0.001;

    private final long intervalNanos;
    private final int targetPort;
    private final LongSupplier completed;
    private final Supplier<List<Thread>> workerThreads;
    private final ProcFiles proc;
    private final Thread thread;
    private final Thread socketThread;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = pauseCollectors();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();

    private volatile Baseline baseline;
    private volatile boolean stopping;
    /** The socket thread's latest reading; null before its first. */
    private volatile SocketFigures sockets;

    // ---- owned by the monitor thread until it ends; read by the coordinator after join() ----
    private final List<ClientSample> samples = new ArrayList<>();
    private CentralProcessor cpu;
    private OSProcess process;
    private ProcFiles.CpuTicks cpuTicksStart;
    private ProcFiles.CpuTicks cpuTicksLast;
    private long lastNanos;
    private long lastCpuNanos;
    private long lastCompleted;
    private long lastGcMillis;
    private long startNanos;
    private long startCpuNanos;
    private long startCompleted;
    private long startGcMillis;
    private int count;
    private double cpuPeak;
    private long rssPeak;
    private long heapPeak;
    private int threadsPeak;
    private long filesPeak;
    private int establishedPeak;
    private int timeWaitPeak;
    private double gcMaxPercent;
    private ClientStats summary;
    private long filesLimit = -1;
    /**
     * The summary up to the last complete sample, published after each one: what {@link #stop()} returns
     * when the last sample does not finish in time (its thread gets no CPU on a core others saturate).
     */
    private volatile ClientStats lastSummary;
    private List<Thread> workers = List.of();
    private long[] workerCpuStart;
    private long[] workerCpuLast;
    private double workerBusyPeak;
    /** The socket reading the samples took last, so that each reading counts in one sample only. */
    private SocketFigures socketsTaken;

    /**
     * @param runId the run's number, for the thread name
     * @param interval how often to sample (> 0)
     * @param targetPort TCP port of the target, whose connections are counted by state
     * @param completed the number of requests completed so far, read on the monitor thread: any
     *        cheap, thread-safe counter
     * @param workerThreads the threads that do the workers' work, in worker order, read once when
     *        measurement begins; their CPU time is each worker's busy figure
     */
    public ProcessMonitor(int runId, Duration interval, int targetPort, LongSupplier completed,
            Supplier<List<Thread>> workerThreads) {
        this(runId, interval, targetPort, completed, workerThreads, ProcFiles.system());
    }

    ProcessMonitor(int runId, Duration interval, int targetPort, LongSupplier completed,
            Supplier<List<Thread>> workerThreads, ProcFiles proc) {
        this.intervalNanos = interval.toNanos();
        this.targetPort = targetPort;
        this.completed = completed;
        this.workerThreads = workerThreads;
        this.proc = proc;
        this.thread = new Thread(this::run, "httpbench-monitor-" + runId);
        this.thread.setDaemon(true);
        this.socketThread = new Thread(this::countSockets, "httpbench-sockets-" + runId);
        this.socketThread.setDaemon(true);
    }

    /**
     * Starts the threads; the monitor's prepares OSHI (slow the first time in a JVM) while the workers
     * connect.
     */
    public void start() {
        thread.start();
        socketThread.start();
    }

    /**
     * Sampling starts now, or starts over: takes the baseline of the figures the run's averages are
     * computed from, on the calling (coordinator) thread and at once, even while the monitor thread is
     * still preparing OSHI. All of it is cheap: a few MXBean reads and a counter. Called again, the monitor
     * drops what it sampled so far and starts over from the new baseline: an engine begins at the start of
     * the load, so that sampling runs (and is compiled) during the warm-up, and again when measurement starts.
     */
    public void begin() {
        baseline = new Baseline(System.nanoTime(), processCpuNanos(), completed.getAsLong(), gcMillis());
        LockSupport.unpark(thread);
        LockSupport.unpark(socketThread); // a reading for the new start, whenever the workers leave it time
    }

    /**
     * Ends sampling with one last sample, waits for the thread (bounded) and returns the run's summary;
     * null when measurement never began. When the thread does not end in time, the summary up to its
     * last complete sample (null when it completed none). Call it when measurement ends, before the
     * workers stop, so that their shutdown is not counted.
     */
    public ClientStats stop() throws InterruptedException {
        stopping = true;
        LockSupport.unpark(thread);
        LockSupport.unpark(socketThread); // not waited for: at the background policy it ends when it gets the CPU
        thread.join(TimeUnit.SECONDS.toMillis(5));
        if (thread.isAlive()) {
            ClientStats partial = lastSummary;
            LOG.warn("the monitor's last sample did not finish within 5s (its thread got no CPU: the generator's "
                    + "cores were saturated); {}", partial == null ? "the result has no client figures"
                    : "the client figures cover measurement up to the sample before, without the per-interval samples");
            return partial;
        }
        return summary;
    }

    /** Every sample taken, oldest first; call after {@link #stop()}. */
    public List<ClientSample> samples() {
        return thread.isAlive() ? List.of() : List.copyOf(samples);
    }

    /** The monitor's threads (sampling, socket figures), for measuring the monitor's own cost. */
    public List<Thread> threads() {
        return List.of(thread, socketThread);
    }

    private void run() {
        try {
            prepare();
            while (!stopping && baseline == null) {
                LockSupport.park(this);
            }
            Baseline b = baseline;
            if (b == null) {
                return;
            }
            take(b);
            long next = startNanos + intervalNanos;
            while (!stopping) {
                if (baseline != b) {
                    b = baseline; // began again: the samples so far were the warm-up's
                    take(b);
                    next = startNanos + intervalNanos;
                }
                long now = System.nanoTime();
                if (now - next >= 0) {
                    sample(now);
                    while (next - now <= 0) {
                        next += intervalNanos; // skip samples missed while the machine was stalled
                    }
                    continue;
                }
                LockSupport.parkNanos(this, next - now);
            }
            sample(System.nanoTime());
            summary = summarize();
        } catch (Throwable t) {
            LOG.warn("self-monitoring failed; the result has no client figures", t);
        }
    }

    private void prepare() {
        try {
            SystemInfo si = new SystemInfo();
            cpu = si.getHardware().getProcessor();
            process = si.getOperatingSystem().getCurrentProcess();
        } catch (Throwable t) {
            // OSHI needs JNA and a supported OS; without it the MXBean figures still work
            LOG.warn("OSHI is not available here ({}); memory, threads, files and system CPU are unknown",
                    t.toString());
            cpu = null;
            process = null;
        }
    }

    /** Starts the figures over from {@code b}. */
    private void take(Baseline b) {
        filesLimit = proc.openFilesLimit().soft();
        lastSummary = null;
        samples.clear();
        count = 0;
        cpuPeak = 0;
        rssPeak = -1;
        heapPeak = 0;
        threadsPeak = 0;
        filesPeak = -1;
        establishedPeak = -1;
        timeWaitPeak = -1;
        gcMaxPercent = 0;
        workerBusyPeak = -1;
        startNanos = b.nanos();
        startCpuNanos = b.cpuNanos();
        startCompleted = b.completed();
        startGcMillis = b.gcMillis();
        // without /proc, system CPU starts when OSHI is ready: on the first run in a JVM maybe a little later
        cpuTicksStart = systemTicks();
        cpuTicksLast = cpuTicksStart;
        lastNanos = startNanos;
        lastCpuNanos = startCpuNanos;
        lastCompleted = startCompleted;
        lastGcMillis = startGcMillis;
        workers = List.copyOf(workerThreads.get());
        workerCpuStart = workerCpuNanos();
        workerCpuLast = workerCpuStart;
    }

    /** Each worker thread's CPU time in nanoseconds, -1 where unknown (thread ended, not supported). */
    private long[] workerCpuNanos() {
        long[] cpu = new long[workers.size()];
        boolean supported = threadBean.isThreadCpuTimeSupported();
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = supported ? threadBean.getThreadCpuTime(workers.get(i).getId()) : -1;
        }
        return cpu;
    }

    /** Each worker's CPU between two readings, in % of one core; -1 where unknown. */
    private static List<Double> busyPercent(long[] from, long[] to, long wallNanos) {
        List<Double> busy = new ArrayList<>(to.length);
        for (int i = 0; i < to.length; i++) {
            busy.add(from[i] < 0 || to[i] < 0 || wallNanos <= 0 ? -1.0
                    : Math.min(100, (to[i] - from[i]) * 100.0 / wallNanos));
        }
        return busy;
    }

    private void sample(long now) {
        long wall = now - lastNanos;
        if (wall <= 0) {
            return;
        }
        long cpuNanos = processCpuNanos();
        long done = completed.getAsLong();
        long gc = gcMillis();
        double cpuPercent = cpuNanos < 0 ? -1 : percentOfCores(cpuNanos - lastCpuNanos, wall);
        long requests = done - lastCompleted;
        double perRequest = cpuNanos < 0 || requests <= 0 ? -1 : (cpuNanos - lastCpuNanos) / 1e3 / requests;
        double systemCpu = -1;
        long rss = -1;
        int threads = threadBean.getThreadCount(); // Java threads only; the status file counts native ones too
        long files = -1;
        ProcFiles.CpuTicks ticks = systemTicks();
        if (ticks != null) {
            systemCpu = ticks.busyPercentSince(cpuTicksLast);
            cpuTicksLast = ticks;
        }
        ProcFiles.ProcessStatus status = proc.selfStatus(); // Linux; OSHI elsewhere (2 ms a sample here)
        if (status.known()) {
            rss = status.rssBytes();
            threads = status.threads();
        } else if (process != null && process.updateAttributes()) {
            rss = process.getResidentSetSize();
            threads = process.getThreadCount();
        }
        long heap = memory.getHeapMemoryUsage().getUsed();
        ProcFiles.TcpCounts tcp = NOT_COUNTED;
        SocketFigures read = sockets;
        if (read != null && read != socketsTaken && read.nanos() - startNanos >= 0) {
            files = read.openFiles();
            tcp = read.tcp();
            socketsTaken = read;
        }
        double gcPercent = Math.min(100, (gc - lastGcMillis) * 1e6 * 100 / wall);
        long[] workerCpu = workerCpuNanos();
        List<Double> busy = busyPercent(workerCpuLast, workerCpu, wall);

        ClientSample s = ClientSample.builder(Duration.ofNanos(now - startNanos), Duration.ofNanos(wall))
                .cpuPercent(cpuPercent).cpuMicrosPerRequest(perRequest).rssBytes(rss).heapUsedBytes(heap)
                .threads(threads).openFiles(files).systemCpuPercent(systemCpu).tcpEstablished(tcp.established())
                .tcpTimeWait(tcp.timeWait()).gcPause(Duration.ofMillis(gc - lastGcMillis))
                .workerBusyPercent(busy).build();
        samples.add(s);
        count++;
        if (wall >= intervalNanos / 2) {
            // a short last window makes a noisy rate; it counts in the averages but not in the peaks
            cpuPeak = Math.max(cpuPeak, cpuPercent);
            gcMaxPercent = Math.max(gcMaxPercent, gcPercent);
            for (double b : busy) {
                workerBusyPeak = Math.max(workerBusyPeak, b);
            }
        }
        workerCpuLast = workerCpu;
        rssPeak = Math.max(rssPeak, rss);
        heapPeak = Math.max(heapPeak, heap);
        threadsPeak = Math.max(threadsPeak, threads);
        filesPeak = Math.max(filesPeak, files);
        establishedPeak = Math.max(establishedPeak, tcp.established());
        timeWaitPeak = Math.max(timeWaitPeak, tcp.timeWait());
        lastNanos = now;
        lastCpuNanos = cpuNanos;
        lastCompleted = done;
        lastGcMillis = gc;
        lastSummary = summarize();
    }

    private ClientStats summarize() {
        long wall = lastNanos - startNanos;
        if (count == 0 || wall <= 0) {
            return null;
        }
        long requests = lastCompleted - startCompleted;
        double cpuPercent = lastCpuNanos < 0 ? -1 : percentOfCores(lastCpuNanos - startCpuNanos, wall);
        double perRequest = lastCpuNanos < 0 || requests <= 0 ? -1 : (lastCpuNanos - startCpuNanos) / 1e3 / requests;
        double systemCpu = cpuTicksLast == null ? -1 : cpuTicksLast.busyPercentSince(cpuTicksStart);
        List<Double> busy = busyPercent(workerCpuStart, workerCpuLast, wall);
        // the average covers the short last window too; some window was at least that busy
        double busyMax = busy.stream().mapToDouble(Double::doubleValue).max().orElse(-1);
        return ClientStats.builder().cpuPercent(cpuPercent).cpuPeakPercent(Math.max(cpuPeak, cpuPercent))
                .cpuMicrosPerRequest(perRequest).rssPeakBytes(rssPeak).heapPeakBytes(heapPeak).threadsPeak(threadsPeak)
                .systemCpuPercent(systemCpu).openFilesPeak(filesPeak).openFilesLimit(filesLimit)
                .tcpEstablishedPeak(establishedPeak).tcpTimeWaitPeak(timeWaitPeak)
                .gcPauseTotal(Duration.ofMillis(lastGcMillis - startGcMillis)).gcPauseMaxPercent(gcMaxPercent)
                .workerBusyPercent(busy).workerBusyPeakPercent(Math.max(workerBusyPeak, busyMax)).samples(count)
                .build();
    }

    /**
     * The socket thread: reads open files and TCP states at the background policy, at once after each
     * {@link #begin()} and then as often as {@link #COSTLY_SHARE} allows, until the monitor stops.
     */
    private void countSockets() {
        try {
            OSProcess own = null;
            try {
                own = new SystemInfo().getOperatingSystem().getCurrentProcess();
            } catch (Throwable t) {
                // the monitor thread says OSHI is missing; open files are unknown
            }
            BackgroundThread.makeCurrent();
            while (!stopping && baseline == null) {
                LockSupport.park(this);
            }
            Baseline b = null;
            long notBefore = 0;
            while (!stopping) {
                long now = System.nanoTime();
                if (baseline != b || now - notBefore >= 0) {
                    b = baseline;
                    long before = ownCpuNanos();
                    long files = own == null ? -1 : own.getOpenFiles();
                    ProcFiles.TcpCounts tcp = proc.tcpCounts(targetPort);
                    sockets = new SocketFigures(System.nanoTime(), files, tcp);
                    long cost = ownCpuNanos() - before;
                    notBefore = System.nanoTime() + Math.max(intervalNanos, (long) (cost / COSTLY_SHARE));
                    continue;
                }
                LockSupport.parkNanos(this, notBefore - now);
            }
        } catch (Throwable t) {
            LOG.warn("counting open files and connections failed; the result has none", t);
        }
    }

    /** The machine's CPU ticks: from {@code /proc/stat} on Linux, from OSHI elsewhere; null when neither can tell. */
    private ProcFiles.CpuTicks systemTicks() {
        ProcFiles.CpuTicks ticks = proc.cpuTicks();
        if (ticks.known()) {
            return ticks;
        }
        if (cpu == null) {
            return null;
        }
        long[] t = cpu.getSystemCpuLoadTicks();
        long total = 0;
        for (long v : t) {
            total += v;
        }
        long idle = t[CentralProcessor.TickType.IDLE.getIndex()] + t[CentralProcessor.TickType.IOWAIT.getIndex()];
        return new ProcFiles.CpuTicks(total - idle, total, null);
    }

    /** This thread's CPU time, or its wall time where the JVM cannot measure thread CPU time. */
    private long ownCpuNanos() {
        long cpuTime = threadBean.isCurrentThreadCpuTimeSupported() ? threadBean.getCurrentThreadCpuTime() : -1;
        return cpuTime >= 0 ? cpuTime : System.nanoTime();
    }

    private double percentOfCores(long cpuNanos, long wallNanos) {
        return Math.min(100, cpuNanos * 100.0 / wallNanos / cores);
    }

    /** CPU time of the whole process in nanoseconds; -1 when the JVM does not expose it. Any thread. */
    private long processCpuNanos() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    private long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : collectors) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** The collectors whose time is pause time: ZGC's and Shenandoah's "Cycles" and G1's "Concurrent GC" run concurrently. */
    private static List<GarbageCollectorMXBean> pauseCollectors() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(gc -> !gc.getName().contains("Cycles") && !gc.getName().contains("Concurrent"))
                .toList();
    }

    /** One reading of the socket thread: when it ended, open files (-1 unknown) and TCP states. */
    private record SocketFigures(long nanos, long openFiles, ProcFiles.TcpCounts tcp) {
    }

    /** The figures at the start of measurement, taken by the coordinator in {@link #begin()}. */
    private record Baseline(long nanos, long cpuNanos, long completed, long gcMillis) {
    }
}
