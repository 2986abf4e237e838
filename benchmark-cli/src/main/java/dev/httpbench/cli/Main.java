package dev.httpbench.cli;

import java.time.Duration;

/**
 * {@code java -jar httpbench.jar [options]}: the command-line runner. Ctrl-C stops the run in
 * progress; a shutdown hook waits (bounded) until what was measured has been written.
 */
public final class Main {
    private static final Duration WRITE_GRACE = Duration.ofSeconds(30);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Runner runner = new Runner(System.out, System.err, System.getenv());
        Thread hook = new Thread(() -> {
            runner.interrupt();
            try {
                // the main thread writes the partial report; the JVM exits when this hook returns
                runner.awaitFinished(WRITE_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "httpbench-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = runner.run(args);
        if (runner.interrupted()) {
            return; // the JVM is already shutting down; System.exit would block on the hook
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(code);
    }
}
