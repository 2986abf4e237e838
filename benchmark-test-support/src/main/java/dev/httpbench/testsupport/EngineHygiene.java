package dev.httpbench.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test of this module (extension auto-detection, see junit-platform.properties):
 * a test fails when any thread died of an uncaught exception while it ran, or when an engine thread
 * ({@code httpbench-*}) outlives it. Tests run one at a time in this module, so the process-wide
 * handler sees only the current test's threads.
 */
public final class EngineHygiene implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EngineHygiene.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        List<String> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(thread.getName() + ": " + e));
        context.getStore(NAMESPACE).put("uncaught", uncaught);
        context.getStore(NAMESPACE).put("previous", previous == null ? new Object() : previous);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Object previous = context.getStore(NAMESPACE).get("previous");
        Thread.setDefaultUncaughtExceptionHandler(
                previous instanceof Thread.UncaughtExceptionHandler handler ? handler : null);
        Leaks.assertNoHttpbenchThreads();
        @SuppressWarnings("unchecked")
        List<String> uncaught = (List<String>) context.getStore(NAMESPACE).get("uncaught");
        if (uncaught != null && !uncaught.isEmpty()) {
            fail("threads died of uncaught exceptions during the test: " + uncaught);
        }
    }
}
