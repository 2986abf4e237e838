package dev.httpbench.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a thread that waits for due times (an open-loop worker parking until its next arrival) wake
 * when it asked to. Linux delays each timed sleep by up to the thread's timer slack, 50 us by default,
 * so that it can wake several sleepers at once; for a generator that is 50 us of send lag on every
 * arrival and 50 us more before it sees a response that came in while it slept. Measured on the 2-core
 * development VM, a thread parking until due times 50 us apart: it woke 31 us late at the median and 58
 * us at p90 with the default slack, 5 and 10 us with a slack of 1 ns. The thread writes its own
 * {@code /proc/<tid>/timerslack_ns} (Linux 4.6 and later; a thread may always set its own); elsewhere,
 * and where that fails, nothing changes.
 */
public final class TimerSlack {
    private static final Logger LOG = LoggerFactory.getLogger(TimerSlack.class);

    private TimerSlack() {
    }

    /**
     * Sets the calling thread's timer slack to 1 ns, the least Linux allows; true when it took.
     * Failures are logged at debug level: the thread keeps its slack.
     */
    public static boolean minimize() {
        try {
            Path self = Path.of("/proc/thread-self");
            if (!Files.exists(self)) {
                return false; // not Linux, or a /proc without it
            }
            String task = Files.readSymbolicLink(self).toString(); // "<pid>/task/<tid>"
            Path slack = Path.of("/proc", task.substring(task.lastIndexOf('/') + 1), "timerslack_ns");
            Files.writeString(slack, "1");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot lower the timer slack of {}: {}", Thread.currentThread().getName(), e.toString());
            return false;
        }
    }
}
