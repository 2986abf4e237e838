package dev.httpbench.cli;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkRun;
import dev.httpbench.Progress;
import dev.httpbench.matrix.MatrixPoint;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live progress line on stderr, redrawn twice a second from its own daemon thread while a run goes
 * on; nothing at all when quiet. {@link #follow}, {@link #clear} and {@link #close} are called from the
 * runner's thread; drawing and clearing are synchronized so that a line is never half drawn.
 */
final class ProgressLine implements AutoCloseable {
    private final PrintStream err;
    private final int total;
    private final ScheduledExecutorService timer;
    private volatile MatrixPoint point;
    private volatile BenchmarkRun run;
    private int width; // guarded by this

    ProgressLine(PrintStream err, int total, boolean quiet) {
        this.err = err;
        this.total = total;
        this.timer = quiet ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "httpbench-progress");
            t.setDaemon(true);
            return t;
        });
        if (timer != null) {
            timer.scheduleAtFixedRate(this::draw, 500, 500, TimeUnit.MILLISECONDS);
        }
    }

    /** Shows {@code run} from now on. */
    void follow(MatrixPoint point, BenchmarkRun run) {
        this.point = point;
        this.run = run;
    }

    private synchronized void draw() {
        BenchmarkRun r = run;
        MatrixPoint p = point;
        if (r == null || p == null) {
            return;
        }
        Progress pr = r.progress();
        String text = String.format(Locale.ROOT, "[%d/%d %s] %s %s  %d requests  %.0f req/s  p99 %s",
                p.index() + 1, total, p.describe(), pr.phase().name().toLowerCase(Locale.ROOT),
                format(pr.elapsed()), pr.sent(), pr.currentThroughput(), format(pr.p99()));
        err.print("\r" + text + " ".repeat(Math.max(0, width - text.length())));
        err.flush();
        width = text.length();
    }

    /** Erases the line, so that the next output starts on a clean one. */
    synchronized void clear() {
        run = null;
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        clear();
    }
}
