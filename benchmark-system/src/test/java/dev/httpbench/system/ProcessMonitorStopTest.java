package dev.httpbench.system;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.ClientStats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A monitor whose last sample never finishes (its thread gets no CPU on a saturated core) still gives
 * the run its client figures, up to the sample before.
 */
@Timeout(60)
class ProcessMonitorStopTest {

    @Test
    void aLastSampleThatDoesNotFinishLeavesTheFiguresUpToTheSampleBefore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean();
        AtomicLong completed = new AtomicLong();
        ProcessMonitor monitor = new ProcessMonitor(1, Duration.ofMillis(100), 1, () -> {
            if (stall.get() && Thread.currentThread().getName().startsWith("httpbench-monitor")) {
                try {
                    release.await(); // the sample the monitor takes when stopped never ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return completed.addAndGet(100);
        }, List::of);
        try {
            monitor.start();
            monitor.begin();
            Thread.sleep(700); // about six samples
            stall.set(true);
            ClientStats figures = monitor.stop();
            assertNotNull(figures, "the figures up to the last complete sample");
            assertTrue(figures.samples() >= 2, figures.toString());
            assertTrue(figures.cpuMicrosPerRequest() > 0, figures.toString());
            assertTrue(monitor.samples().isEmpty(), "the per-interval samples are the thread's until it ends");
        } finally {
            release.countDown();
        }
    }
}
