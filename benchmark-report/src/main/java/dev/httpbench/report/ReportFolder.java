package dev.httpbench.report;

import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes every report file of a matrix into a new folder {@code DIR/yyyyMMdd-HHmmss/} (UTC start
 * time), never overwriting an earlier one: when the folder exists a suffix {@code -2}, {@code -3}, ...
 * is added. The folder holds {@code summary.json}, {@code results.csv}, {@code histograms/*.hlog} and
 * {@code report.html}. Stateless; safe to call from several threads (each gets its own folder).
 */
public final class ReportFolder {
    /** File names inside the folder. */
    public static final String SUMMARY = "summary.json";
    public static final String CSV = "results.csv";
    public static final String HTML = "report.html";
    public static final String HISTOGRAMS = "histograms";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportFolder() {
    }

    /** Creates {@code DIR/<yyyyMMdd-HHmmss>[-N]/} for {@code startedAt} and returns it. */
    public static Path create(Path dir, Instant startedAt) {
        String stamp = STAMP.format(startedAt);
        try {
            Files.createDirectories(dir);
            for (int n = 1; ; n++) {
                Path folder = dir.resolve(n == 1 ? stamp : stamp + "-" + n);
                try {
                    return Files.createDirectory(folder);
                } catch (FileAlreadyExistsException taken) {
                    // an earlier invocation in the same second: try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report folder in " + dir, e);
        }
    }

    /** The path of a run's HdrHistogram log relative to the folder, e.g. {@code histograms/01-c64-w2-rep1.hlog}. */
    public static String histogramFileName(MatrixPoint point) {
        return HISTOGRAMS + "/" + String.format(Locale.ROOT, "%02d", point.index() + 1) + "-" + point.name() + ".hlog";
    }

    /**
     * Writes every file into a new folder under {@code dir} and returns the folder.
     *
     * @param vmSize the machine size label, or null
     */
    public static Path write(Path dir, MatrixResult result, Assessment assessment, String vmSize, Environment env) {
        return write(dir, result, assessment, vmSize, env, Map.of());
    }

    /**
     * As {@link #write(Path, MatrixResult, Assessment, String, Environment)}, with extra top-level sections
     * in summary.json (see {@link SummaryJson#write(MatrixResult, Assessment, String, Environment, Map, Path)}).
     */
    public static Path write(Path dir, MatrixResult result, Assessment assessment, String vmSize, Environment env,
            Map<String, ?> summarySections) {
        Path folder = create(dir, result.startedAt());
        writeInto(folder, result, assessment, vmSize, env, summarySections);
        return folder;
    }

    /**
     * Writes every file into {@code folder}, an existing folder made by {@link #create(Path, Instant)}
     * (a runner creates it before measuring, to know early that it can write there).
     *
     * @throws UncheckedIOException when a file cannot be written
     */
    public static void writeInto(Path folder, MatrixResult result, Assessment assessment, String vmSize,
            Environment env, Map<String, ?> summarySections) {
        try {
            Files.createDirectories(folder.resolve(HISTOGRAMS));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + folder.resolve(HISTOGRAMS), e);
        }
        for (MatrixRun run : result.runs()) {
            HdrLog.write(run.result(), folder.resolve(histogramFileName(run.point())));
        }
        SummaryJson.write(result, assessment, vmSize, env, summarySections, folder.resolve(SUMMARY));
        ResultsCsv.write(result.runs(), folder.resolve(CSV));
        HtmlReport.write(result, assessment, vmSize, env, summarySections, folder.resolve(HTML));
    }
}
