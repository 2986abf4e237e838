package dev.httpbench.report.compare;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Interval;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One side of a comparison: runs grouped by configuration (the repeats of one concurrency, worker
 * count and rate), each with its full latency histogram. Read from a report folder or its
 * summary.json, or made from results in code. Immutable and thread-safe.
 */
public final class RunSet {
    private final String label;
    private final Map<String, List<RecordedRun>> byConfiguration;

    RunSet(String label, List<RecordedRun> runs) {
        this.label = Objects.requireNonNull(label, "label");
        Map<String, List<RecordedRun>> grouped = new LinkedHashMap<>();
        for (RecordedRun r : runs) {
            grouped.computeIfAbsent(r.configuration(), k -> new ArrayList<>()).add(r);
        }
        grouped.replaceAll((k, v) -> List.copyOf(v));
        this.byConfiguration = grouped;
    }

    /**
     * Reads a report folder (the runner's output: {@code summary.json} and {@code histograms/*.hlog}) or
     * a {@code summary.json} file, whose runs' histogram logs are read from beside it.
     *
     * @throws UnreadableReportException naming the file and what is wrong with it
     */
    public static RunSet read(Path folderOrSummary) {
        return SummaryReader.read(folderOrSummary);
    }

    /** The results of one side, e.g. repeats of one configuration, labelled {@code label}. */
    public static RunSet of(String label, List<BenchmarkResult> results) {
        List<RecordedRun> runs = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            BenchmarkResult r = results.get(i);
            BenchmarkConfig c = r.config();
            String key = key(c.concurrency(), c.workers(), c.openLoop() ? c.rate() : null);
            List<Double> intervals = r.timeline().stream().filter(in -> in.length().equals(c.reportInterval()))
                    .map(Interval::throughput).toList();
            runs.add(new RecordedRun(key + "-" + (i + 1), key, r.throughput(), r.latency().histogram(), intervals,
                    c.displayTarget(), c.method(), r.duration().toNanos() / 1e9));
        }
        return new RunSet(label, runs);
    }

    /** See {@link #of(String, List)}. */
    public static RunSet of(String label, BenchmarkResult... results) {
        return of(label, List.of(results));
    }

    /**
     * The key that the repeats of a configuration share, as the matrix names them: {@code c64-w2}, or
     * {@code c64-w2-r500} in open loop at 500 requests/s.
     */
    static String key(int concurrency, int workers, Double rate) {
        return "c" + concurrency + "-w" + workers + (rate == null ? "" : String.format(Locale.ROOT, "-r%.0f", rate));
    }

    /** Where the runs came from: the folder or file read, or the label given. */
    public String label() {
        return label;
    }

    /** The configurations, in the order their first runs appear. */
    public List<String> configurations() {
        return List.copyOf(byConfiguration.keySet());
    }

    /** How many runs (repeats) {@code configuration} has; 0 when it is not in this set. */
    public int runCount(String configuration) {
        return runs(configuration).size();
    }

    /** Every run, in order. */
    int size() {
        return byConfiguration.values().stream().mapToInt(List::size).sum();
    }

    List<RecordedRun> runs(String configuration) {
        return byConfiguration.getOrDefault(configuration, List.of());
    }

    @Override
    public String toString() {
        return label + " (" + byConfiguration.size() + " configuration" + (byConfiguration.size() == 1 ? "" : "s")
                + ", " + size() + " run" + (size() == 1 ? "" : "s") + ")";
    }
}
