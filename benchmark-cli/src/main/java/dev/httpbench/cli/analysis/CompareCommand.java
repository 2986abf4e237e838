package dev.httpbench.cli.analysis;

import dev.httpbench.cli.Runner;
import dev.httpbench.report.compare.Compare;
import dev.httpbench.report.compare.CompareHtml;
import dev.httpbench.report.compare.Comparison;
import dev.httpbench.report.compare.RunSet;
import dev.httpbench.report.compare.UnreadableReportException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code httpbench compare BASELINE CURRENT [--max-regression PERCENT] [--html FILE]}, the runner's
 * subcommand, also callable with plain arguments ({@link #run}): reads two report folders (or summary.json
 * files), prints the comparison table and the verdict, writes the compare page, and returns the exit code.
 * {@link #run} is stateless and thread-safe; an instance is parsed and called once, on one thread.
 *
 * <p>Exit codes, as the runner's: {@value Runner#EXIT_OK} nothing got worse; {@value Runner#EXIT_THRESHOLD}
 * something got worse than {@code --max-regression} allows; {@value Runner#EXIT_USAGE} bad usage (every
 * problem printed: an unreadable side, a limit out of range, nothing in common);
 * {@value Runner#EXIT_FAILED} the page could not be written.
 */
@Command(name = "compare", header = "Compare two reports: did it get worse?", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
        versionProvider = dev.httpbench.cli.VersionProvider.class,
        description = {
            "Compares two report folders (or their summary.json files): for each configuration in both, throughput",
            "and p50/p90/p99/p99.9 with a verdict (better, same, worse, inconclusive) that accounts for the runs'",
            "own spread and the noise (a bootstrap on the full histograms). Prints a table and writes a page with",
            "both sides' percentile curves overlaid.",
            ""},
        footer = {"", "Exit codes: 0 nothing got worse; 1 something got worse than --max-regression allows; 2 bad",
            "usage (an unreadable side, a limit out of range, no configuration in common); 4 the page could not be",
            "written."})
public final class CompareCommand implements Callable<Integer> {
    /** The compare page's file name when {@code --html} is not given, written beside the current side's summary.json. */
    public static final String PAGE = "compare.html";
    /** {@code --max-regression} when not given, in percent. */
    public static final double DEFAULT_MAX_REGRESSION_PERCENT = 10;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "The report folder (or summary.json) to compare with.")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "The report folder (or summary.json) to judge.")
    Path current;

    @Option(names = "--max-regression", paramLabel = "PERCENT",
            description = "How much worse, in percent, a figure may get before it can count as worse. Default: 10")
    double maxRegressionPercent = DEFAULT_MAX_REGRESSION_PERCENT;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Where to write the page. Default: compare.html beside CURRENT's summary.json")
    Path html;

    private final PrintStream out;
    private final PrintStream err;

    /** A subcommand printing to {@code out} and {@code err}. */
    public CompareCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        return run(baseline, current, maxRegressionPercent, html, out, err);
    }

    /**
     * Compares {@code current} with {@code baseline}.
     *
     * @param maxRegressionPercent {@code --max-regression}: how much worse, in percent, a figure may get
     * @param html {@code --html}: where to write the page; null for {@value #PAGE} beside the current
     *        side's summary.json
     * @param out the table, the verdict and the page's path
     * @param err what went wrong, one line per problem
     */
    public static int run(Path baseline, Path current, double maxRegressionPercent, Path html, PrintStream out,
            PrintStream err) {
        List<String> problems = new ArrayList<>();
        if (!(maxRegressionPercent > 0 && maxRegressionPercent <= 1000)) {
            problems.add(String.format(Locale.ROOT, "--max-regression must be a percentage > 0 and <= 1000 but was %s",
                    maxRegressionPercent));
        }
        RunSet b = read(baseline, "BASELINE", problems);
        RunSet c = read(current, "CURRENT", problems);
        if (b != null && c != null && b.configurations().stream().noneMatch(k -> c.runCount(k) > 0)) {
            problems.add("nothing to compare: no configuration is in both; the baseline has "
                    + String.join(", ", b.configurations()) + ", the current run " + String.join(", ", c.configurations()));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("httpbench compare: " + p));
            return Runner.EXIT_USAGE;
        }
        Comparison comparison = Compare.builder().maxRegressionPercent(maxRegressionPercent).build().compare(b, c);
        out.print(comparison.format());
        Path page = html != null ? html : (Files.isDirectory(current) ? current : current.toAbsolutePath().getParent())
                .resolve(PAGE);
        try {
            CompareHtml.write(comparison, page);
        } catch (UncheckedIOException e) {
            err.println("httpbench compare: could not write " + page + ": " + e.getCause().getMessage());
            return Runner.EXIT_FAILED;
        }
        out.println("compare page: " + page);
        return comparison.worse() ? Runner.EXIT_THRESHOLD : Runner.EXIT_OK;
    }

    private static RunSet read(Path side, String name, List<String> problems) {
        try {
            return RunSet.read(side);
        } catch (UnreadableReportException e) {
            problems.add(name + " " + e.getMessage());
            return null;
        }
    }
}
