package dev.httpbench.cli;

import static dev.httpbench.InvalidConfigException.Problem.escape;
import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.PartResult;
import dev.httpbench.Stage;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the runner prints: results, the assessment and the report's place on stdout; problems, notes and
 * warnings on stderr, each one line starting {@code httpbench: } with CR and LF escaped, and a stack
 * trace only with {@code --verbose}. Targets and headers appear only in their display forms, with
 * credentials redacted. Used by the runner's thread only.
 */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private boolean verbose;

    Console(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    void verbose(boolean on) {
        verbose = on;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** A problem, note or warning on stderr. */
    void problem(String message) {
        err.println("httpbench: " + escape(message));
    }

    /** A problem whose cause is shown with {@code --verbose}. */
    void problem(String message, Throwable cause) {
        problem(message);
        if (verbose && cause != null) {
            cause.printStackTrace(err);
        } else if (cause != null) {
            err.println("(--verbose shows the stack trace)");
        }
    }

    /** A line on stdout. */
    void println(String line) {
        out.println(line);
    }

    /** Text of several lines on stdout or stderr, as is. */
    void print(String text, boolean toErr) {
        (toErr ? err : out).print(text);
    }

    void demo(String base, int slots) {
        out.println("No URL given: benchmarking the embedded demo target at " + base + " (an API with " + slots
                + " slots and varying latency).");
        out.println("It runs inside this process: the client CPU figures and any 'client-bound' warning include the"
                + " demo server's own work.");
    }

    /** What the matrix will do, before it starts. */
    void plan(Matrix matrix) {
        BenchmarkConfig base = matrix.base();
        int total = matrix.points().size();
        String length;
        if (!base.stages().isEmpty()) {
            length = format(base.duration().orElseThrow()) + " in " + base.stages().size() + " stages ("
                    + profile(base.stages()) + ")";
        } else {
            length = base.duration().map(d -> format(d) + base.requests().stream()
                    .mapToObj(n -> " or " + n + " requests").findFirst().orElse(""))
                    .orElseGet(() -> base.requests().getAsLong() + " requests");
        }
        String warmup = base.warmup().map(w -> w.isZero() ? "no warm-up" : format(w) + " warm-up")
                .orElse("automatic warm-up");
        out.printf(Locale.ROOT, "Target %s %s%s: %d run%s of %s each, %s%n", base.method(), base.displayTarget(),
                headers(base), total, total == 1 ? "" : "s", length, warmup);
    }

    private static String headers(BenchmarkConfig c) {
        return c.request().displayHeaders().isEmpty() ? "" : " (" + c.request().displayHeaders().stream()
                .map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    /** A stage profile as the command line writes it: {@code 0-400/10s, 400/20s}. */
    static String profile(List<Stage> stages) {
        return stages.stream().map(s -> (s.fromRate() == s.toRate() ? rate(s.fromRate())
                : rate(s.fromRate()) + "-" + rate(s.toRate())) + "/" + format(s.duration()))
                .collect(Collectors.joining(", "));
    }

    private static String rate(double r) {
        return r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r);
    }

    /** One finished run: its figures, then its warnings. */
    void run(MatrixRun run) {
        BenchmarkResult r = run.result();
        String client = r.client().map(c -> String.format(Locale.ROOT, "  client CPU %.0f%%", c.cpuPercent()))
                .orElse("");
        String open = r.config().openLoop() ? String.format(Locale.ROOT, "  achieved %.1f of %.1f req/s planned",
                r.requestRate(), r.plannedRate()) : "";
        out.println(String.format(Locale.ROOT,
                "  %-18s %8d requests %10.1f req/s  p50 %-8s p99 %-8s max %-8s failed %d%s%s%s",
                run.point().name(), r.sent(), r.throughput(), format(r.latency().p50()), format(r.latency().p99()),
                format(r.latency().max()), r.failed(), open, client, r.interrupted() ? "  (interrupted)" : ""));
        parts("endpoint", r.endpoints());
        if (r.instances().size() > 1) {
            parts("instance", r.instances());
        }
        r.warnings().forEach(w -> out.println("      WARNING: " + w));
    }

    /** A workload's parts under their run, one line each, in the run line's columns. */
    private void parts(String kind, Map<String, PartResult> parts) {
        int width = parts.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (PartResult p : parts.values()) {
            out.println(String.format(Locale.ROOT, "    %s %-" + width + "s %8d requests %10.1f req/s  p50 %-8s p99 %-8s max %-8s failed %d",
                    kind, p.name(), p.sent(), p.throughput(), format(p.latency().p50()), format(p.latency().p99()),
                    format(p.latency().max()), p.failed()));
        }
    }

    void assessment(Assessment assessment) {
        out.println();
        out.println("Assessment");
        assessment.lines().forEach(l -> out.println("  " + l));
    }

    void report(Path folder) {
        out.println();
        out.println("Report: " + folder.resolve(dev.httpbench.report.ReportFolder.HTML));
        out.println("Files:  " + folder + " (summary.json, results.csv, histograms/)");
    }
}
