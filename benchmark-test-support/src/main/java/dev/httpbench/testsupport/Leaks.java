package dev.httpbench.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/** Bounded checks that a run left no thread or connection behind. */
public final class Leaks {
    private Leaks() {
    }

    /** Fails unless every {@code httpbench-} thread has ended within 5 seconds. */
    public static void assertNoHttpbenchThreads() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith("httpbench-")).sorted().collect(Collectors.toList());
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        fail("threads left behind after the run: " + alive);
    }

    /** Fails unless the server sees no open connection within 5 seconds. */
    public static void assertNoConnections(IntSupplier openConnections) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (openConnections.getAsInt() > 0) {
            if (System.nanoTime() > deadline) {
                fail("connections left open after the run: " + openConnections.getAsInt());
            }
            Thread.sleep(20);
        }
    }
}
