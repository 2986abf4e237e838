package dev.httpbench.cli;

import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The run's report folder, {@code DIR/<yyyyMMdd-HHmmss>/}: created and proven writable before any load,
 * so that a bad {@code --output-dir} costs nothing; written when the matrix is done, or, if writing
 * there fails after all (a full disk), written to a fresh temporary folder instead. Not thread-safe:
 * used by the runner's thread.
 */
final class OutputFolder {
    private static final String PROBE = ".httpbench-probe";

    private final Path folder;

    private OutputFolder(Path folder) {
        this.folder = folder;
    }

    /**
     * Creates the run's folder in {@code dir} and writes and deletes a probe file in it.
     *
     * @param option the flag as the user gave it, for the message
     * @throws UsageException naming the option, the rule, the value and the reason
     */
    static OutputFolder prepare(Path dir, String option, Instant now) throws UsageException {
        try {
            Path folder = ReportFolder.create(dir, now);
            Path probe = folder.resolve(PROBE);
            Files.writeString(probe, "httpbench checks that it can write here\n");
            Files.delete(probe);
            return new OutputFolder(folder);
        } catch (UncheckedIOException e) {
            throw unusable(dir, option, e.getCause());
        } catch (IOException e) {
            throw unusable(dir, option, e);
        }
    }

    private static UsageException unusable(Path dir, String option, IOException e) {
        return new UsageException(java.util.List.of(option + " must be a folder this process can create and write"
                + " in but was '" + dir + "' (" + reason(e) + "); nothing was measured"));
    }

    /** The folder the report goes to. */
    Path folder() {
        return folder;
    }

    /** Deletes the folder if nothing was written into it (the run ended before measuring). */
    void discardIfEmpty() {
        try {
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // not empty, or gone: keep what is there
        }
    }

    /**
     * Where the report went.
     *
     * @param folder the folder holding the report files, or null when none could be written
     * @param problem why the report is not in {@link OutputFolder#folder()}, or null
     */
    record Written(Path folder, String problem) {
    }

    /**
     * Writes every report file, with {@code summarySections} as extra top-level sections of summary.json;
     * on failure, into a temporary folder instead.
     */
    Written write(MatrixResult result, Assessment assessment, String vmSize, Environment env,
            Map<String, ?> summarySections) {
        try {
            ReportFolder.writeInto(folder, result, assessment, vmSize, env, summarySections);
            return new Written(folder, null);
        } catch (UncheckedIOException e) {
            String problem = "could not write the report into " + folder + " (" + reason(e.getCause()) + ")";
            try {
                Path fallback = ReportFolder.write(Files.createTempDirectory("httpbench-"), result, assessment, vmSize,
                        env, summarySections);
                return new Written(fallback, problem + "; it was written to " + fallback + " instead");
            } catch (IOException | UncheckedIOException again) {
                return new Written(null, problem + ", nor into a temporary folder ("
                        + reason(again instanceof UncheckedIOException u ? u.getCause() : (IOException) again) + ")");
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is a file";
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + " does not exist";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
