package dev.httpbench.report;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a result's timeline as an HdrHistogram interval log, readable by HdrHistogram's own
 * {@code HistogramLogReader} and its plotting tools. Values are latencies in microseconds; the log's
 * max column is in milliseconds. Stateless and thread-safe.
 */
public final class HdrLog {
    /** Divide recorded values (microseconds) by this for the log's max column (milliseconds). */
    public static final double MAX_VALUE_UNIT_RATIO = 1_000.0;

    private HdrLog() {
    }

    /** Writes one interval histogram per timeline entry to {@code file}, creating parent folders. */
    public static void write(BenchmarkResult r, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                HistogramLogWriter writer = new HistogramLogWriter(out);
                long base = r.startedAt().toEpochMilli();
                writer.outputComment("httpbench latency log: " + r.config());
                writer.outputComment("values in microseconds, from intended send time to complete response");
                writer.outputLogFormatVersion();
                writer.setBaseTime(base);
                writer.outputBaseTime(base);
                writer.outputStartTime(base);
                writer.outputLegend();
                for (Interval interval : r.timeline()) {
                    Histogram h = interval.latency().histogram();
                    writer.outputIntervalHistogram(interval.offset().toNanos() / 1e9,
                            interval.offset().plus(interval.length()).toNanos() / 1e9, h, MAX_VALUE_UNIT_RATIO);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write HdrHistogram log to " + file, e);
        }
    }
}
