package dev.httpbench.cli.distributed;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.cli.Runner;
import dev.httpbench.cli.Thresholds;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.report.merge.MergeException;
import dev.httpbench.report.merge.MergeReport;
import dev.httpbench.report.merge.MergedTest;
import dev.httpbench.report.merge.Shard;
import dev.httpbench.report.merge.ShardMerge;
import dev.httpbench.report.merge.ShardOutput;
import dev.httpbench.report.merge.ShardReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code httpbench merge SOURCE...}: merges the shards of one distributed test into one exact result and
 * judges the {@code --assert-*} thresholds on it, with the runner's exit codes. A source is a shard's report
 * folder, a folder holding shards' report folders, or a file holding {@code kubectl logs} output with the
 * shards' records. Thread contract: {@link #call()} once, on one thread.
 */
@Command(name = "merge", header = "Merge the shards of one distributed test into one exact result.",
        mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        versionProvider = dev.httpbench.cli.VersionProvider.class,
        description = {
            "Merges the shards of one distributed test into one exact result: counts summed, latency histograms",
            "added (never averaged percentiles), timelines aligned on wall-clock time, every shard's own rows kept.",
            "Warns when a shard is missing, late, client-bound or its clock disagrees. Writes the usual report",
            "folder (summary.json with a 'shards' section) and judges the --assert-* thresholds on the whole.",
            ""},
        footer = {"", "Exit codes: 0 merged, thresholds met; 1 an --assert-* threshold was violated; 2 bad usage or",
            "sources that cannot be merged; 4 the report could not be written."})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SOURCE",
            description = "A shard's report folder (with shard.json), a folder of such folders, or a file with"
                    + " the shards' records (kubectl logs output).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where the merged report folder goes [env OUTPUT_DIR]. Default: results")
    String outputDir;

    @Option(names = "--slo-p99", paramLabel = "DURATION",
            description = "P99 a configuration must meet to be the best one. Default: 150ms")
    String sloP99;

    @Option(names = "--assert-throughput", paramLabel = "R",
            description = "Exit 1 if any merged run's throughput is below R requests/s.")
    String assertThroughput;

    @Option(names = "--assert-p99", paramLabel = "DURATION", description = "Exit 1 if any merged run's P99 is above this.")
    String assertP99;

    @Option(names = "--assert-error-rate", paramLabel = "FRACTION",
            description = "Exit 1 if any merged run's failed/sent is above this fraction (0-1).")
    String assertErrorRate;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private Path reportFolder;

    public MergeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /** The merged report folder, once written. */
    public Path reportFolder() {
        return reportFolder;
    }

    @Override
    public Integer call() {
        List<String> problems = new ArrayList<>();
        Thresholds thresholds = new Thresholds(assertThroughput == null ? null
                : OptionText.number("--assert-throughput", assertThroughput, 0, Double.MAX_VALUE,
                        "a number >= 0 (requests/s)", problems),
                assertP99 == null ? null : OptionText.duration("--assert-p99", assertP99, problems),
                assertErrorRate == null ? null : OptionText.number("--assert-error-rate", assertErrorRate, 0, 1,
                        "a fraction between 0 and 1", problems),
                Map.of());
        Duration slo = sloP99 == null ? Criteria.DEFAULT_SLO_P99 : OptionText.duration("--slo-p99", sloP99, problems);
        String dir = outputDir != null ? outputDir : env.getOrDefault("OUTPUT_DIR", "");
        Path output = Path.of(dir.isBlank() ? "results" : dir.trim());
        List<Shard> shards = new ArrayList<>();
        for (String source : sources) {
            try {
                shards.addAll(read(source));
            } catch (MergeException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("httpbench merge: " + p));
            return Runner.EXIT_USAGE;
        }
        MergedTest merged;
        try {
            merged = ShardMerge.merge(shards);
        } catch (MergeException e) {
            err.println("httpbench merge: " + e.getMessage());
            return Runner.EXIT_USAGE;
        }
        print(merged);
        Assessment assessment = Assessment.of(merged.result().runs(),
                new Criteria(slo, Criteria.DEFAULT_MAX_THROUGHPUT_CV, null));
        out.println();
        out.println("Assessment");
        assessment.lines().forEach(l -> out.println("  " + l));
        try {
            reportFolder = MergeReport.write(output, merged, assessment, null, Environment.current());
        } catch (UncheckedIOException e) {
            err.println("httpbench merge: " + e.getMessage() + ": " + e.getCause().getMessage());
            return Runner.EXIT_FAILED;
        }
        out.println();
        out.println("Report: " + reportFolder.resolve(ReportFolder.HTML));
        out.println("Files:  " + reportFolder + " (summary.json with the shards, results.csv, histograms/)");
        List<String> violations = thresholds.violations(merged.result().runs());
        if (!violations.isEmpty()) {
            violations.forEach(v -> out.println("THRESHOLD VIOLATED: " + v));
            return Runner.EXIT_THRESHOLD;
        }
        if (thresholds.any()) {
            out.println("All thresholds met on the merged result.");
        }
        return Runner.EXIT_OK;
    }

    /** The shards in one source; a record that is cut short is left out with a note on stderr. */
    private List<Shard> read(String source) throws MergeException {
        Path path = Path.of(source);
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(ShardOutput.FILE))) {
                return List.of(ShardReader.read(path));
            }
            List<Shard> shards = new ArrayList<>();
            try (Stream<Path> found = Files.find(path, 3, (p, a) -> a.isRegularFile()
                    && p.getFileName().toString().equals(ShardOutput.FILE))) {
                for (Path file : found.sorted().toList()) {
                    shards.add(ShardReader.read(file.getParent()));
                }
            } catch (IOException e) {
                throw new MergeException(source + ": the folder cannot be read (" + e.getMessage() + ")", e);
            }
            if (shards.isEmpty()) {
                throw new MergeException("SOURCE must hold shard output (" + ShardOutput.FILE
                        + " in it or in a folder below) but '" + source + "' has none");
            }
            return shards;
        }
        if (!Files.isRegularFile(path)) {
            throw new MergeException("SOURCE must be a folder or a file but '" + source + "' does not exist");
        }
        List<ShardRecord.Found> records;
        try (BufferedReader log = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            records = ShardRecord.decode(source, log);
        } catch (IOException e) {
            throw new MergeException(source + ": the file cannot be read as text (" + e.getMessage() + ")", e);
        }
        if (records.isEmpty()) {
            throw new MergeException("SOURCE must hold httpbench shard records but '" + source + "' has none"
                    + " (shards print them with --emit-stdout; `kubectl logs -l ...` needs --tail=-1 to show them whole)");
        }
        List<Shard> shards = new ArrayList<>();
        for (ShardRecord.Found r : records) {
            if (r.problem() != null) {
                err.println("httpbench merge: " + r.source() + ": the record is left out: " + r.problem());
            } else {
                shards.add(ShardReader.read(r.source(), r.files()));
            }
        }
        return shards;
    }

    private void print(MergedTest m) {
        out.printf(Locale.ROOT, "Merged %d of %d shard(s) of test %s: %s %s%n", m.shards().size(), m.count(),
                m.shards().get(0).info().testId(), m.result().matrix().base().method(),
                m.result().matrix().base().displayTarget());
        for (MatrixRun run : m.result().runs()) {
            out.println(line(run.point().name(), run.result(), ""));
            for (Shard s : m.shards()) {
                s.runs().stream().filter(r -> r.point().index() == run.point().index()).findFirst()
                        .ifPresent(r -> out.println(line("  shard " + s.info().label(), r.result(),
                                "  " + s.info().host())));
            }
            run.result().warnings().forEach(w -> out.println("      WARNING: " + w));
        }
    }

    private static String line(String name, BenchmarkResult r, String suffix) {
        String client = r.client().map(c -> String.format(Locale.ROOT, "  client CPU %.0f%%", c.cpuPercent()))
                .orElse("");
        return String.format(Locale.ROOT, "  %-18s %8d requests %10.1f req/s  p50 %-8s p99 %-8s max %-8s failed %d%s%s%s",
                name, r.sent(), r.throughput(), format(r.latency().p50()), format(r.latency().p99()),
                format(r.latency().max()), r.failed(), client, r.interrupted() ? "  (interrupted)" : "", suffix);
    }
}
