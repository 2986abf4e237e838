package dev.httpbench.system;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import oshi.jna.platform.linux.LinuxLibc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a generator's housekeeping thread (the coordinator, whose report ticks run during measurement)
 * give way to its workers on a shared core. On Linux the calling thread gets the {@code SCHED_IDLE}
 * policy: it then never preempts a normal thread when it wakes, and runs when the core would otherwise
 * idle (a worker waiting for responses or for its next arrival), with only a tiny share of a core that
 * others saturate. Measured with the worker and its housekeeping pinned to one core, open loop at 20,000
 * requests/s: each report tick (2-6 ms of CPU) otherwise took the core from the worker at once, and the
 * arrivals due meanwhile went out that much late. Elsewhere, and where the call is refused, nothing
 * changes. Any thread; it changes the calling thread and the threads it starts afterwards (they inherit
 * the policy, and {@code SCHED_RESET_ON_FORK} does not reset this one), so a thread that starts workers
 * calls it after starting them. An unprivileged thread cannot return to the normal policy.
 */
public final class BackgroundThread {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundThread.class);
    /** {@code SCHED_IDLE} from Linux's {@code <sched.h>}. */
    private static final int SCHED_IDLE = 5;

    private BackgroundThread() {
    }

    /** The C library's call, bound on first use (JNA, which OSHI brings). */
    private interface Sched extends Library {
        Sched C = Native.load("c", Sched.class);

        int sched_setscheduler(int tid, int policy, int[] param);
    }

    /**
     * Loads the native bindings {@link #makeCurrent()} uses (JNA unpacks and loads a library the first
     * time: tens of milliseconds of CPU), so that a later call is cheap. Any thread; failures are left
     * for {@link #makeCurrent()} to report.
     */
    public static void prepare() {
        if (!Platform.isLinux()) {
            return;
        }
        try {
            LinuxLibc.INSTANCE.gettid();
            Sched.C.hashCode();
        } catch (Throwable t) { // makeCurrent() says why
            LOG.trace("preparing the native bindings failed: {}", t.toString());
        }
    }

    /**
     * Makes the calling thread a background thread, as the class says; true when the system took it.
     * Failures are logged at debug level: the thread then runs at normal priority.
     */
    public static boolean makeCurrent() {
        if (!Platform.isLinux()) {
            return false;
        }
        try {
            int tid = LinuxLibc.INSTANCE.gettid();
            int rc = Sched.C.sched_setscheduler(tid, SCHED_IDLE, new int[] {0});
            if (rc != 0) {
                LOG.debug("sched_setscheduler(SCHED_IDLE) for {} failed: errno {}", Thread.currentThread().getName(),
                        Native.getLastError());
            }
            return rc == 0;
        } catch (Throwable t) { // no JNA, no native library: normal priority
            LOG.debug("cannot make {} a background thread: {}", Thread.currentThread().getName(), t.toString());
            return false;
        }
    }
}
