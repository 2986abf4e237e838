package dev.httpbench.cli;

import static dev.httpbench.InvalidConfigException.Problem.escape;

import dev.httpbench.BenchmarkRun;
import dev.httpbench.MaxRate;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.cli.analysis.CompareCommand;
import dev.httpbench.cli.analysis.MaxRateCommand;
import dev.httpbench.cli.analysis.MaxRateReport;
import dev.httpbench.cli.demo.DemoTarget;
import dev.httpbench.cli.distributed.K8sCommand;
import dev.httpbench.cli.distributed.MergeCommand;
import dev.httpbench.cli.distributed.ShardSession;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.report.Environment;
import dev.httpbench.spi.Durations;
import dev.httpbench.system.SystemReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The command-line runner, callable in-process: {@link #run(String...)} parses and checks the options,
 * checks the machine for the planned load and the output folder, checks the target's health, runs the
 * matrix with a live progress line, prints and writes the assessment and the report files, checks the
 * {@code --assert-*} thresholds and returns the exit code. Each step is its own class; this one only
 * orders them and maps outcomes to exit codes. With {@code --find-max-rate} a search replaces the matrix;
 * with {@code --shard} the matrix runs this shard's share after the common start. {@code merge},
 * {@code k8s} and {@code compare} are subcommands, each its own picocli command with the same exit codes.
 *
 * <p>Thread contract: {@link #run(String...)} is called once, on one thread. {@link #interrupt()} may
 * be called from any other thread (the Ctrl-C shutdown hook): it stops the health check or the run in
 * progress, whose partial result is written marked interrupted, and {@link #awaitFinished(Duration)} lets
 * that thread wait until the report is on disk.
 */
public final class Runner {
    /** Every run done, every threshold met. */
    public static final int EXIT_OK = 0;
    /** An {@code --assert-*} threshold was violated (with {@code --check-system}: a critical finding). */
    public static final int EXIT_THRESHOLD = 1;
    /** Bad usage, an unusable output folder, or a critical system finding without {@code --force}. */
    public static final int EXIT_USAGE = 2;
    /** The target did not answer its health check. */
    public static final int EXIT_UNREACHABLE = 3;
    /** The benchmark itself failed (an engine error, a report that could not be written where asked). */
    public static final int EXIT_FAILED = 4;
    /** Stopped by Ctrl-C (128 + SIGINT, as the shell reports it); what was measured was written. */
    public static final int EXIT_INTERRUPTED = 130;

    private final Console console;
    private final Map<String, String> env;
    private final CountDownLatch finished = new CountDownLatch(1);
    private SystemPlan systemPlan = new SystemPlan(Path.of("/"));
    private volatile HealthCheck health;
    private volatile MatrixRunner matrixRunner;
    private volatile MaxRateCommand maxRateSearch;
    private volatile boolean interrupted;
    private volatile Path reportFolder;

    /**
     * @param out where results and the assessment go
     * @param err where progress, warnings and errors go
     * @param env the environment variables to read for absent flags (normally {@code System.getenv()})
     */
    public Runner(PrintStream out, PrintStream err, Map<String, String> env) {
        this.console = new Console(out, err);
        this.env = Map.copyOf(env);
    }

    /** Reads {@code /proc} and {@code /sys} below {@code root} for the system check (tests). */
    Runner systemRoot(Path root) {
        this.systemPlan = new SystemPlan(root);
        return this;
    }

    /** Runs the command line; returns the exit code. */
    public int run(String... args) {
        try {
            return runChecked(args);
        } finally {
            console.out().flush();
            console.err().flush();
            finished.countDown();
        }
    }

    /** Stops the health check or the matrix (as Ctrl-C does): the current run ends, its result is kept. */
    public void interrupt() {
        interrupted = true;
        HealthCheck h = health;
        if (h != null) {
            h.stop();
        }
        MatrixRunner m = matrixRunner;
        if (m != null) {
            m.stop();
        }
        MaxRateCommand search = maxRateSearch;
        if (search != null) {
            search.stop();
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

    /** The command line this runner parses, with the environment as defaults; for help and tests. */
    static CommandLine commandLine(HttpbenchCommand command, EnvironmentDefaults defaults) {
        CommandLine cli = new CommandLine(command);
        cli.setInterpolateVariables(false); // ${env:...} defaults come from EnvironmentDefaults
        cli.setDefaultValueProvider(defaults);
        cli.setOverwrittenOptionsAllowed(true); // the last value wins, as in most tools
        cli.getCommandSpec().parser().collectErrors(true); // every problem at once, in Settings
        return cli;
    }

    /** {@code merge}, {@code k8s} and {@code compare}, printing to this runner's streams. */
    private Map<String, Callable<Integer>> subcommands() {
        Map<String, Callable<Integer>> commands = new LinkedHashMap<>();
        commands.put("merge", new MergeCommand(console.out(), console.err(), env));
        commands.put("k8s", new K8sCommand(console.out(), console.err(), Clock.systemUTC(), Runner::problems));
        commands.put("compare", new CompareCommand(console.out(), console.err()));
        return commands;
    }

    private int runChecked(String[] args) {
        if (args.length > 0 && subcommands().containsKey(args[0])) {
            return subcommand(args[0], Arrays.copyOfRange(args, 1, args.length));
        }
        HttpbenchCommand command = new HttpbenchCommand();
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        CommandLine cli = commandLine(command, defaults);
        // listed by --help and shown by 'help NAME'; run by subcommand() before the runner's own parse
        subcommands().forEach((name, sub) -> cli.addSubcommand(name, sub));
        cli.setOut(new PrintWriter(console.out(), true));
        cli.setErr(new PrintWriter(console.err(), true));
        ParseResult parsed = cli.parseArgs(args);
        if (CommandLine.printHelpIfRequested(parsed)) { // --help, --version, help [subcommand]
            return EXIT_OK;
        }
        Settings s;
        try {
            s = Settings.of(command, parsed, defaults);
        } catch (UsageException e) {
            e.problems().forEach(console::problem);
            console.err().println("Run 'httpbench --help' for the options.");
            return EXIT_USAGE;
        }
        console.verbose(s.verbose());
        try {
            return run(s);
        } catch (RuntimeException e) {
            console.problem("the benchmark failed: " + e, e);
            return EXIT_FAILED;
        }
    }

    /** What the runner would refuse in {@code args} with {@code env}, before anything starts (for k8s). */
    private static List<String> problems(List<String> args, Map<String, String> env) {
        HttpbenchCommand command = new HttpbenchCommand();
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        try {
            Settings.of(command, commandLine(command, defaults).parseArgs(args.toArray(String[]::new)), defaults);
            return List.of();
        } catch (UsageException e) {
            return e.problems();
        }
    }

    /** Runs subcommand {@code name}: picocli reports bad usage (exit 2), the command returns its exit code. */
    private int subcommand(String name, String[] args) {
        CommandLine sub = new CommandLine(subcommands().get(name)).setCommandName("httpbench " + name);
        sub.setOut(new PrintWriter(console.out(), true));
        sub.setErr(new PrintWriter(console.err(), true));
        sub.setParameterExceptionHandler((e, given) -> {
            console.err().println("httpbench " + name + ": " + escape(e.getMessage()));
            console.err().println("Run 'httpbench " + name + " --help' for the options.");
            return EXIT_USAGE;
        });
        sub.setExecutionExceptionHandler((e, cl, parsed) -> {
            console.problem(name + " failed: " + e, e);
            return EXIT_FAILED;
        });
        return sub.execute(args);
    }

    private int run(Settings s) {
        Matrix planned = s.plannedMatrix();
        warnAboutLoweredWorkers(s, planned);
        SystemReport system = systemPlan.check(s.plannedLoad(), s.base).run();
        if (s.checkSystem() || s.tuningScript() != null) {
            return systemOnly(s, system);
        }
        if (system.hasCritical() && !s.force()) {
            console.print(system.formatAttention(), true);
            console.problem("the system check found a critical problem for the planned load: fix it (--tuning-script "
                    + "FILE writes the fixes), or run anyway with --force; nothing was measured");
            return EXIT_USAGE;
        }
        OutputFolder output;
        try {
            output = OutputFolder.prepare(s.outputDir, s.label("--output-dir"), Instant.now());
        } catch (UsageException e) {
            e.problems().forEach(console::problem);
            return EXIT_USAGE;
        }
        if (!system.needsAttention().isEmpty()) {
            console.print(system.formatAttention(), true);
            console.err().println(system.hasCritical() ? "(--force: running anyway.)"
                    : "(httpbench --check-system shows every check; --tuning-script FILE writes the fixes.)");
        }
        DemoTarget demo = null;
        try {
            String base;
            if (s.demo()) {
                demo = DemoTarget.start();
                base = demo.baseUrl();
                console.demo(base, DemoTarget.DEFAULT_SLOTS);
            } else {
                base = s.base.toString();
            }
            int healthy = checkHealth(s, base);
            if (healthy != EXIT_OK) {
                output.discardIfEmpty();
                return healthy;
            }
            if (s.expectationsNote != null) {
                console.problem(s.expectationsNote);
            }
            if (s.findMaxRate()) {
                return findMaxRate(s, s.targetUrl(base), output);
            }
            return measure(s, s.matrix(s.targetUrl(base)), output, URI.create(s.healthUrl(base) != null
                    ? s.healthUrl(base) : s.targetUrl(base)));
        } finally {
            if (demo != null) {
                demo.close();
            }
        }
    }

    /** {@code --check-system} and {@code --tuning-script}: answered before anything starts. */
    private int systemOnly(Settings s, SystemReport system) {
        if (s.tuningScript() != null) {
            Path file = s.tuningScript();
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(file, system.tuningScript());
                console.println("Tuning script written to " + file + ": review it, then run it as root.");
            } catch (IOException e) {
                console.problem("could not write --tuning-script " + file + ": " + e, e);
                return EXIT_FAILED;
            }
        }
        if (s.checkSystem()) {
            console.print(system.formatTable(), false);
            return system.hasCritical() ? EXIT_THRESHOLD : EXIT_OK;
        }
        return EXIT_OK;
    }

    private void warnAboutLoweredWorkers(Settings s, Matrix planned) {
        int asked = s.workers().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<MatrixPoint> lowered = planned.points().stream().filter(p -> p.workers() < asked && p.repeat() == 1)
                .toList();
        if (!lowered.isEmpty()) {
            console.problem(s.label("--workers") + " " + asked + " is more than " + (lowered.size() == 1 ? "a run" : "runs")
                    + " can use: each run gets at most one worker per request in flight ("
                    + String.join(", ", lowered.stream().map(p -> "concurrency " + p.concurrency() + ": "
                            + p.workers() + (p.workers() == 1 ? " worker" : " workers")).distinct().toList()) + ")");
        }
    }

    private int checkHealth(Settings s, String base) {
        if (!s.healthCheck()) {
            return EXIT_OK;
        }
        String healthUrl = s.healthUrl(base);
        HealthCheck check = new HealthCheck(healthUrl != null);
        health = check;
        if (interrupted) {
            check.stop();
        }
        HealthCheck.Outcome outcome;
        try {
            outcome = check.check(healthUrl != null ? s.connection(healthUrl) : s.request(s.targetUrl(base)));
        } finally {
            health = null;
        }
        return switch (outcome.verdict()) {
            case HEALTHY -> EXIT_OK;
            case STOPPED -> {
                console.problem("interrupted during the health check; nothing was measured");
                yield EXIT_INTERRUPTED;
            }
            case UNHEALTHY -> {
                console.problem("target unhealthy: " + outcome.message() + "; nothing was measured");
                yield EXIT_UNREACHABLE;
            }
            case UNREACHABLE -> {
                console.problem("target unreachable: " + outcome.message() + "; nothing was measured");
                yield EXIT_UNREACHABLE;
            }
        };
    }

    /**
     * {@code --find-max-rate}: the search prints each probe and the answer; the probes are written as the
     * report's runs, the answer as summary.json's {@code max_rate} and report.html's max-rate chart.
     */
    private int findMaxRate(Settings s, String url, OutputFolder output) {
        MaxRateCommand search = new MaxRateCommand(s.maxRateSearch(url));
        maxRateSearch = search;
        if (interrupted) {
            search.stop();
        }
        Instant started = Instant.now();
        int code = search.run(console.out(), console.err());
        MaxRate answer = search.answer().orElse(null);
        if (answer == null || answer.probes().isEmpty()) {
            output.discardIfEmpty();
            return code;
        }
        MatrixResult result = MaxRateReport.probes(answer, started);
        Assessment assessment = Assessment.of(result.runs(), s.criteria);
        OutputFolder.Written written = output.write(result, assessment, s.vmSize, Environment.current(),
                Map.of(MaxRateReport.SECTION, MaxRateReport.section(answer)));
        reportFolder = written.folder();
        if (written.folder() != null) {
            console.report(written.folder());
        }
        if (written.problem() != null) {
            console.problem(written.problem());
            return EXIT_FAILED;
        }
        return code;
    }

    private int measure(Settings s, Matrix matrix, OutputFolder output, URI clockReference) {
        int total = matrix.points().size();
        ShardSession shard = s.shardSession();
        if (shard != null) {
            console.println("Shard " + shard.plan() + ": its share of each run below"
                    + (s.startAt == null ? "" : ", starting with every shard at " + s.startAt));
            try {
                shard.awaitStart(clockReference, s.insecure(), matrix.points().get(0).config(), () -> interrupted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                console.problem("interrupted while waiting for the common start; nothing was measured");
                output.discardIfEmpty();
                return EXIT_INTERRUPTED;
            } catch (ShardSession.MissedStartException e) {
                console.problem(e.getMessage());
                output.discardIfEmpty();
                return EXIT_FAILED;
            }
            if (interrupted) {
                console.problem("interrupted while waiting for the common start; nothing was measured");
                output.discardIfEmpty();
                return EXIT_INTERRUPTED;
            }
            if (!shard.lateness().isZero()) {
                console.problem("shard " + shard.plan() + " reached the common start "
                        + Durations.format(shard.lateness()) + " late: its first run is that much"
                        + " shorter, and the merge says so");
            }
        }
        console.plan(matrix);
        ProgressLine progress = new ProgressLine(console.err(), total, s.quiet());
        MatrixRunner.Listener listener = new MatrixRunner.Listener() {
            @Override
            public void started(MatrixPoint point, BenchmarkRun run) {
                progress.follow(point, run);
            }

            @Override
            public void finished(MatrixRun run) {
                progress.clear();
                console.run(run);
            }
        };
        MatrixRunner runner = shard == null ? new MatrixRunner(matrix, listener)
                : new MatrixRunner(matrix, listener, shard::configFor);
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
        Assessment assessment = Assessment.of(result.runs(), s.criteria);
        console.assessment(assessment);
        OutputFolder.Written written = output.write(result, assessment, s.vmSize, Environment.current(), Map.of());
        reportFolder = written.folder();
        if (written.folder() != null) {
            console.report(written.folder());
        }
        if (shard != null && written.folder() != null) {
            shard.finish(written.folder(), result, console.out()); // wherever the report went
        }
        if (written.problem() != null) {
            console.problem(written.problem());
            return EXIT_FAILED;
        }
        if (result.interrupted() || interrupted) {
            console.problem("interrupted: " + result.runs().size() + " of " + total
                    + " run(s) measured; the report holds what was measured");
            return EXIT_INTERRUPTED;
        }
        if (shard != null) {
            if (s.thresholds.any()) {
                console.println("Thresholds are judged on the merged result: httpbench merge SOURCE... "
                        + "--assert-...");
            }
            return EXIT_OK;
        }
        List<String> violations = s.thresholds.violations(result.runs());
        if (!violations.isEmpty()) {
            violations.forEach(v -> console.println("THRESHOLD VIOLATED: " + v));
            return EXIT_THRESHOLD;
        }
        if (s.thresholds.any()) {
            console.println("All thresholds met.");
        }
        return EXIT_OK;
    }
}
