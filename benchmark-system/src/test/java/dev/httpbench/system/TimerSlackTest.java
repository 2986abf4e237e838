package dev.httpbench.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The calling thread's timer slack drops to 1 ns; other threads keep theirs. */
@EnabledOnOs(OS.LINUX)
class TimerSlackTest {

    @Test
    void theCallingThreadsSlackDropsToOneNanosecondAndNoOtherThreadsDoes() throws Exception {
        long[] slack = {-1, -1};
        boolean[] taken = {false};
        Thread waiter = new Thread(() -> {
            slack[0] = slack();
            taken[0] = TimerSlack.minimize();
            slack[1] = slack();
        });
        waiter.start();
        waiter.join();
        assertTrue(taken[0], "minimize() reports the change");
        assertNotEquals(1, slack[0], "a new thread's slack is the default");
        assertEquals(1, slack[1], "after minimize()");
        assertEquals(slack[0], slack(), "the test's own thread is untouched");
    }

    /** The calling thread's timer slack in nanoseconds, from /proc/TID/timerslack_ns. */
    private static long slack() {
        try {
            String task = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            Path file = Path.of("/proc", task.substring(task.lastIndexOf('/') + 1), "timerslack_ns");
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
