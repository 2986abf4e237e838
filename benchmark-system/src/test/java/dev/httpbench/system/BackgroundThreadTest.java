package dev.httpbench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The calling thread gets Linux's idle policy, and threads it starts afterwards inherit it: the engine's
 * coordinator calls it only after starting its workers (the engine's own test checks the run's threads).
 */
@EnabledOnOs(OS.LINUX)
class BackgroundThreadTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;

    @Test
    void theCallingThreadGetsTheIdlePolicyAndTheThreadsItStartsAfterwardsInheritIt() throws Exception {
        int[] policies = {-1, -1, -1};
        boolean[] taken = {false};
        Thread background = new Thread(() -> {
            policies[0] = policy();
            taken[0] = BackgroundThread.makeCurrent();
            policies[1] = policy();
            Thread started = new Thread(() -> policies[2] = policy());
            started.start();
            try {
                started.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        background.start();
        background.join();
        assertEquals(SCHED_OTHER, policies[0], "a new thread's policy");
        assertTrue(taken[0], "makeCurrent() reports the change");
        assertEquals(SCHED_IDLE, policies[1], "after makeCurrent()");
        assertEquals(SCHED_IDLE, policies[2], "a thread the background thread started afterwards");
        assertEquals(SCHED_OTHER, policy(), "the test's own thread is untouched");
    }

    /** The calling thread's scheduling policy: field 41 of /proc/thread-self/stat. */
    private static int policy() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[41 - 3]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
