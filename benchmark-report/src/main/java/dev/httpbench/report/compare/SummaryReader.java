package dev.httpbench.report.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.spi.Histograms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads a report folder back as the README documents it: {@code summary.json} (schema version 1) and
 * each run's HdrHistogram interval log, whose intervals add up to the run's full histogram. Stateless
 * and thread-safe.
 */
final class SummaryReader {
    static final String SUMMARY = "summary.json";
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SummaryReader() {
    }

    static RunSet read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(SUMMARY) : path;
        if (!Files.isRegularFile(file)) {
            throw new UnreadableReportException(Files.isDirectory(path)
                    ? path + " is not a report folder: it has no " + SUMMARY
                    : path + " does not exist: give a report folder or its " + SUMMARY);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UnreadableReportException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UnreadableReportException("could not read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.path("runs").isArray()) {
            throw new UnreadableReportException(file + " is not an httpbench summary.json: it has no \"runs\" array");
        }
        JsonNode version = root.path("schema_version");
        if (version.isInt() && version.asInt() > SCHEMA_VERSION) {
            throw new UnreadableReportException(file + " has schema_version " + version.asInt()
                    + ", newer than this httpbench reads (" + SCHEMA_VERSION + ")");
        }
        Path folder = file.toAbsolutePath().getParent();
        List<RecordedRun> runs = new ArrayList<>();
        int index = 0;
        for (JsonNode run : root.get("runs")) {
            index++;
            String name = text(file, run, index, "name");
            Double rate = run.path("rate_rps").isNumber() ? run.get("rate_rps").asDouble() : null;
            String key = RunSet.key(integer(file, run, index, "concurrency"), integer(file, run, index, "workers"), rate);
            List<Double> intervals = new ArrayList<>();
            double longest = 0;
            for (JsonNode i : run.path("timeline")) {
                longest = Math.max(longest, i.path("length_s").asDouble());
            }
            for (JsonNode i : run.path("timeline")) {
                // the last interval of a run may be short; a short one's rate is noise, not signal
                if (i.path("length_s").asDouble() >= 0.9 * longest && i.path("throughput_rps").isNumber()) {
                    intervals.add(i.get("throughput_rps").asDouble());
                }
            }
            String log = text(file, run, index, "histogram_log");
            runs.add(new RecordedRun(name, key, number(file, run, index, "throughput_rps"),
                    histogram(folder.resolve(log), name, folder), intervals,
                    run.path("target").asText(root.path("target").asText("")),
                    run.path("method").asText(root.path("method").asText("")), run.path("duration_s").asDouble()));
        }
        if (runs.isEmpty()) {
            throw new UnreadableReportException(file + " holds no run");
        }
        return new RunSet(Files.isDirectory(path) ? path.toString() : file.toString(), runs);
    }

    /** The sum of every interval histogram in an HdrHistogram log (microseconds). */
    static Histogram histogram(Path log, String run, Path folder) {
        if (!Files.isRegularFile(log)) {
            throw new UnreadableReportException(folder.relativize(log.toAbsolutePath()) + ", the latency log of run "
                    + run + ", is missing from " + folder + ": compare needs each run's histogram log (copy the "
                    + "whole report folder)");
        }
        Histogram total = Histograms.newHistogram();
        try (HistogramLogReader reader = new HistogramLogReader(log.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (!(h instanceof Histogram histogram)) {
                    throw new UnreadableReportException(log + " holds a histogram of doubles, not httpbench's "
                            + "latencies in microseconds");
                }
                total.add(histogram);
            }
        } catch (IOException e) {
            throw new UnreadableReportException("could not read " + log + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof UnreadableReportException u) {
                throw u;
            }
            throw new UnreadableReportException(log + " is not a readable HdrHistogram log: " + e, e);
        }
        return total;
    }

    private static JsonNode field(Path file, JsonNode run, int index, String name) {
        JsonNode v = run.get(name);
        if (v == null || v.isNull()) {
            throw new UnreadableReportException(file + ": run " + index + " has no \"" + name + "\"");
        }
        return v;
    }

    private static String text(Path file, JsonNode run, int index, String name) {
        return field(file, run, index, name).asText();
    }

    private static int integer(Path file, JsonNode run, int index, String name) {
        JsonNode v = field(file, run, index, name);
        if (!v.canConvertToInt()) {
            throw new UnreadableReportException(file + ": run " + index + " \"" + name + "\" must be an integer but was " + v);
        }
        return v.asInt();
    }

    private static double number(Path file, JsonNode run, int index, String name) {
        JsonNode v = field(file, run, index, name);
        if (!v.isNumber()) {
            throw new UnreadableReportException(file + ": run " + index + " \"" + name + "\" must be a number but was " + v);
        }
        return v.asDouble();
    }
}
