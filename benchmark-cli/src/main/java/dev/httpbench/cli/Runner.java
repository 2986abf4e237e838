package dev.httpbench.cli;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.FailureKind;
import dev.httpbench.HttpProtocol;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Progress;
import dev.httpbench.Stage;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.cli.demo.DemoTarget;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.system.SystemCheck;
import dev.httpbench.system.SystemReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * The command-line runner's logic, callable in-process: {@link #run(String...)} parses the options,
 * checks the target's health, runs the matrix with a live progress line, prints and writes the
 * assessment and report files, checks the {@code --assert-*} thresholds and returns the exit code.
 *
 * <p>Thread contract: {@link #run(String...)} is called once, on one thread. {@link #interrupt()} may
 * be called from any other thread (the Ctrl-C shutdown hook): it stops the run in progress, whose
 * partial result is written marked interrupted, and {@link #awaitFinished(Duration)} lets that thread
 * wait until the report is on disk.
 */
public final class Runner {
    /** Every run done, every threshold met. */
    public static final int EXIT_OK = 0;
    /** An {@code --assert-*} threshold was violated. */
    public static final int EXIT_THRESHOLD = 1;
    /** Bad usage: an option's value broke its rule. */
    public static final int EXIT_USAGE = 2;
    /** The target did not answer its health check. */
    public static final int EXIT_UNREACHABLE = 3;
    /** The benchmark itself failed (an engine error, a report that could not be written). */
    public static final int EXIT_FAILED = 4;
    /** Stopped by Ctrl-C (128 + SIGINT, as the shell reports it); what was measured was written. */
    public static final int EXIT_INTERRUPTED = 130;

    private static final Duration HEALTH_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(3);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile MatrixRunner matrixRunner;
    private volatile boolean interrupted;
    private volatile Path reportFolder;

    /**
     * @param out where results and the assessment go
     * @param err where progress, warnings and errors go
     * @param env the environment variables to read for absent flags (normally {@code System.getenv()})
     */
    public Runner(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /** Runs the command line; returns the exit code. */
    public int run(String... args) {
        try {
            return runChecked(args);
        } finally {
            out.flush();
            err.flush();
            finished.countDown();
        }
    }

    /** Stops the matrix (as Ctrl-C does): the current run ends, its result is kept and written. */
    public void interrupt() {
        interrupted = true;
        MatrixRunner m = matrixRunner;
        if (m != null) {
            m.stop();
        }
    }

    /** Waits until {@link #run(String...)} has returned; true if it did within {@code timeout}. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether {@link #interrupt()} was called. */
    public boolean interrupted() {
        return interrupted;
    }

    /** The report folder written by the last run, or null. */
    public Path reportFolder() {
        return reportFolder;
    }

    private int runChecked(String[] args) {
        Options options = new Options();
        CommandLine cli = new CommandLine(options);
        cli.setOverwrittenOptionsAllowed(true); // the last value wins, as in most tools
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("httpbench: " + e.getMessage());
            err.println("Run 'httpbench --help' for the options.");
            return EXIT_USAGE;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(out);
            return EXIT_OK;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(out);
            return EXIT_OK;
        }
        Settings s;
        try {
            s = Settings.of(options, env);
        } catch (UsageException e) {
            e.problems().forEach(p -> err.println("httpbench: " + p));
            return EXIT_USAGE;
        }

        DemoTarget demo = null;
        try {
            if (s.checkSystem || s.tuningScript != null) {
                // needs no target: answers before anything starts
                SystemReport system = systemCheck(s);
                if (s.tuningScript != null) {
                    writeTuningScript(system, s.tuningScript);
                }
                if (s.checkSystem) {
                    out.print(system.formatTable());
                    return system.hasCritical() ? EXIT_THRESHOLD : EXIT_OK;
                }
            }

            String base;
            if (s.baseUrl == null) {
                demo = DemoTarget.start();
                base = demo.baseUrl();
                out.println("No --base-url given: benchmarking the embedded demo target at " + base
                        + " (an API with " + DemoTarget.DEFAULT_SLOTS + " slots and varying latency).");
                out.println("It runs inside this process: the client CPU figures and any 'client-bound' warning "
                        + "include the demo server's own work.");
            } else {
                base = s.baseUrl.toString();
            }
            Matrix matrix;
            try {
                matrix = matrix(s, s.targetUrl(base));
            } catch (InvalidConfigException e) {
                e.messages().forEach(p -> err.println("httpbench: " + p));
                return EXIT_USAGE;
            }
            String problem = healthProblem(s.healthUrl(base), s);
            if (problem != null) {
                err.println("httpbench: target unreachable: " + problem);
                err.println("Check --base-url (or BASE_URL) and --health-path; nothing was measured.");
                return EXIT_UNREACHABLE;
            }
            if (s.expectationsNote != null) {
                err.println("httpbench: " + s.expectationsNote);
            }
            SystemReport system = systemCheck(s);
            if (!system.needsAttention().isEmpty()) {
                err.print(system.formatAttention());
                err.println("(httpbench --check-system shows every check; --tuning-script FILE writes the fixes.)");
            }
            return measure(s, matrix);
        } catch (RuntimeException e) {
            err.println("httpbench: the benchmark failed: " + e);
            e.printStackTrace(err);
            return EXIT_FAILED;
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    private Matrix matrix(Settings s, String url) {
        BenchmarkConfig.Builder b = connection(s, url).method(s.method).warmup(s.warmup).timeout(s.timeout)
                .concurrency(s.levels.get(0)).workers(1);
        if (s.duration != null) {
            b.duration(s.duration);
        }
        if (!s.stages.isEmpty()) {
            b.stages(s.stages.toArray(Stage[]::new));
        }
        if (s.numRequests != null) {
            b.requests(s.numRequests);
        }
        if (s.body.length > 0) {
            b.body(s.body);
        }
        return Matrix.builder(b.build()).concurrencyLevels(s.levels).workerCounts(s.workers).rates(s.rates)
                .repeats(s.repeats).build();
    }

    /** What the health check and the runs share: the target, protocol, TLS trust and headers. */
    private static BenchmarkConfig.Builder connection(Settings s, String url) {
        BenchmarkConfig.Builder b = Benchmark.target(url).trustAllCertificates(s.insecure)
                .protocol(s.http2 ? HttpProtocol.HTTP_2 : HttpProtocol.HTTP_1_1);
        for (String[] h : s.headers) {
            b.header(h[0], h[1]); // e.g. credentials, which the health path may need too
        }
        return b;
    }

    /** The machine checked for the largest load the matrix plans, and for the target's port when known. */
    private static SystemReport systemCheck(Settings s) {
        SystemCheck check = SystemCheck.forLoad(s.maxConcurrency(), s.maxWorkers());
        if (s.baseUrl != null) {
            check = check.targetPort(targetPort(s.baseUrl));
        }
        return check.run();
    }

    private void writeTuningScript(SystemReport system, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, system.tuningScript());
            out.println("Tuning script written to " + file + ": review it, then run it as root.");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write --tuning-script " + file, e);
        }
    }

    private static int targetPort(URI target) {
        return target.getPort() > 0 ? target.getPort() : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    }

    /**
     * Null when {@code url} answers 2xx within a few seconds, else what went wrong. The check is one
     * request sent by the engine itself, so it speaks the protocol and TLS settings the benchmark will
     * use, and it closes its connection when done.
     */
    private static String healthProblem(String url, Settings s) {
        BenchmarkResult r;
        try {
            r = connection(s, url).workers(1).concurrency(1).requests(1).connectTimeout(HEALTH_CONNECT_TIMEOUT)
                    .timeout(HEALTH_TIMEOUT).drainTimeout(HEALTH_TIMEOUT).successStatuses("2xx")
                    .monitorInterval(Duration.ZERO).run();
        } catch (IllegalArgumentException e) {
            return "health check GET " + url + " failed: " + e.getMessage();
        }
        if (r.succeeded() == 1) {
            return null;
        }
        if (!r.statusCounts().isEmpty()) {
            return "health check GET " + url + " answered " + r.statusCounts().firstKey() + " (expected 2xx)";
        }
        FailureKind kind = r.errors().keySet().stream().findFirst().orElse(FailureKind.OTHER);
        return "health check GET " + url + " failed: " + switch (kind) {
            case CONNECT_REFUSED -> "connection refused (nothing listening?)";
            case CONNECT_TIMEOUT -> "no connection within " + format(HEALTH_CONNECT_TIMEOUT);
            case REQUEST_TIMEOUT -> "no answer within " + format(HEALTH_TIMEOUT);
            case TLS -> "TLS failed (a self-signed certificate needs --insecure)";
            case DNS -> "the host name could not be resolved";
            case CONNECTION_CLOSED -> "the server closed the connection"
                    + (s.http2 ? " (does it speak HTTP/2?)" : "");
            default -> kind.id();
        };
    }

    private int measure(Settings s, Matrix matrix) {
        int total = matrix.points().size();
        out.printf(Locale.ROOT, "Target %s %s: %d run(s) of %s each after %s warm-up%n", matrix.base().method(),
                matrix.base().displayTarget(), total, matrix.base().duration().map(d -> format(d)
                        + (s.stages.isEmpty() ? "" : " in " + s.stages.size() + " stages")
                        + (s.numRequests != null ? " or " + s.numRequests + " requests" : ""))
                        .orElse(s.numRequests + " requests"), format(s.warmup));
        ProgressLine progress = new ProgressLine(err, total, s.quiet);
        MatrixRunner runner = new MatrixRunner(matrix, new MatrixRunner.Listener() {
            @Override
            public void started(MatrixPoint point, BenchmarkRun run) {
                progress.follow(point, run);
            }

            @Override
            public void finished(MatrixRun run) {
                progress.clear();
                out.println(line(run));
                run.result().warnings().forEach(w -> out.println("      WARNING: " + w));
            }
        });
        matrixRunner = runner;
        if (interrupted) {
            runner.stop();
        }
        MatrixResult result;
        try {
            result = runner.run();
        } finally {
            progress.close();
        }
        Assessment assessment = Assessment.of(result.runs(), new Criteria(s.sloP99,
                Criteria.DEFAULT_MAX_THROUGHPUT_CV, s.expectations));
        out.println();
        out.println("Assessment");
        assessment.lines().forEach(l -> out.println("  " + l));
        Path folder = ReportFolder.write(s.outputDir, result, assessment, s.vmSize, Environment.current());
        reportFolder = folder;
        out.println();
        out.println("Report: " + folder.resolve(ReportFolder.HTML));
        out.println("Files:  " + folder + " (summary.json, results.csv, histograms/)");
        if (result.interrupted() || interrupted) {
            err.println("httpbench: interrupted: " + result.runs().size() + " of " + total
                    + " run(s) measured; the report holds what was measured");
            return EXIT_INTERRUPTED;
        }
        List<String> violations = violations(s, result);
        if (!violations.isEmpty()) {
            violations.forEach(v -> out.println("THRESHOLD VIOLATED: " + v));
            return EXIT_THRESHOLD;
        }
        if (s.assertThroughput != null || s.assertP99 != null || s.assertErrorRate != null) {
            out.println("All thresholds met.");
        }
        return EXIT_OK;
    }

    /** Every run is held to every threshold given. */
    static List<String> violations(Settings s, MatrixResult result) {
        List<String> v = new ArrayList<>();
        for (MatrixRun run : result.runs()) {
            BenchmarkResult r = run.result();
            String name = run.point().name();
            if (s.assertThroughput != null && r.throughput() < s.assertThroughput) {
                v.add(String.format(Locale.ROOT, "%s: throughput %.1f req/s is below --assert-throughput %.1f req/s",
                        name, r.throughput(), s.assertThroughput));
            }
            if (s.assertP99 != null && r.latency().p99().compareTo(s.assertP99) > 0) {
                v.add(name + ": P99 " + format(r.latency().p99()) + " is above --assert-p99 " + format(s.assertP99));
            }
            if (s.assertErrorRate != null && r.errorRate() > s.assertErrorRate) {
                v.add(String.format(Locale.ROOT, "%s: error rate %.4f (%d of %d failed) is above --assert-error-rate %s",
                        name, r.errorRate(), r.failed(), r.sent(), s.assertErrorRate));
            }
        }
        return v;
    }

    private static String line(MatrixRun run) {
        BenchmarkResult r = run.result();
        String client = r.client().map(c -> String.format(Locale.ROOT, "  client CPU %.0f%%", c.cpuPercent()))
                .orElse("");
        return String.format(Locale.ROOT, "  %-18s %8d requests %10.1f req/s  p50 %-8s p99 %-8s max %-8s failed %d%s%s",
                run.point().name(), r.sent(), r.throughput(), format(r.latency().p50()), format(r.latency().p99()),
                format(r.latency().max()), r.failed(), client, r.interrupted() ? "  (interrupted)" : "");
    }

    /**
     * The live progress line on stderr, redrawn twice a second from its own daemon thread while a run
     * goes on. {@link #follow}, {@link #clear} and {@link #close} are called from the runner's thread.
     */
    private static final class ProgressLine implements AutoCloseable {
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
}
