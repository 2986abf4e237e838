package dev.httpbench.cli;

import java.time.Duration;
import java.util.List;

/**
 * {@code java -jar httpbench.jar [options] [URL]}: the command-line runner. Ctrl-C (SIGINT) or SIGTERM
 * stops the run in progress; a shutdown hook waits (bounded) until what was measured has been written,
 * and the JVM then exits with 130 or 143 (128 + the signal), as shells report a killed program.
 */
public final class Main {
    private static final Duration WRITE_GRACE = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        quietLogs(List.of(args).contains("--verbose") || List.of(args).contains("-v"));
        Runner runner = new Runner(System.out, System.err, System.getenv());
        Thread hook = new Thread(() -> {
            runner.interrupt();
            try {
                // the main thread writes the partial report; the JVM exits when this hook returns
                runner.awaitFinished(WRITE_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "httpbench-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = runner.run(args);
        if (runner.interrupted()) {
            return; // the JVM is already shutting down; System.exit would block on the hook
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(code);
    }

    /**
     * The engine logs the first failure of each kind with its stack trace, and OSHI logs every reading it
     * cannot make: expected failures that the runner reports in one line of its own. They are shown only
     * with {@code --verbose}. Must run before the first logger is made.
     */
    private static void quietLogs(boolean verbose) {
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.httpbench.jetty", "error");
            System.setProperty("org.slf4j.simpleLogger.log.org.eclipse.jetty", "error");
            System.setProperty("org.slf4j.simpleLogger.log.oshi", "off");
        }
    }
}
