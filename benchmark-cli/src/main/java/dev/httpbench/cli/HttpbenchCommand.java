package dev.httpbench.cli;

import dev.httpbench.Stage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The runner's command line as picocli parses it: typed values (each converter names the rule a value
 * broke), grouped as {@code --help} shows them. Ranges and defaults that the library owns (concurrency,
 * rates, durations, workers, the run length) are not checked or repeated here: {@link Settings} hands the
 * values to the library and names the flag of each problem it finds. {@code ${env:NAME}} defaults are
 * read from the runner's environment by {@link EnvironmentDefaults}. New options go into a group;
 * new subcommands into {@code Runner.subcommands()}, which also lists them in the help. Not thread-safe
 * (parsed once).
 */
@Command(name = "httpbench", versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110, usageHelpAutoWidth = false, abbreviateSynopsis = true,
        subcommands = HelpCommand.class,
        description = {
            "Runs an HTTP load benchmark over a matrix of concurrency levels, worker counts, rates and repeats,",
            "assesses it, and writes summary.json, results.csv, HdrHistogram logs and report.html into",
            "OUTPUT_DIR/<yyyyMMdd-HHmmss>/. Without a URL it starts an embedded demo target and benchmarks that.",
            ""},
        parameterListHeading = "%n", commandListHeading = "%nCommands%n",
        footerHeading = "%nExamples%n",
        footer = {
            "  httpbench http://127.0.0.1:8080/items -c 64 -d 30s",
            "  httpbench http://127.0.0.1:8080/items -c 32,64,128 --repeats 3",
            "  httpbench http://127.0.0.1:8080/orders -m POST -H 'Content-Type: application/json' -b '{\"id\":1}'",
            "  httpbench http://127.0.0.1:8080/ -R 500,1000 -c 256 -d 20s",
            "  httpbench --check-system -c 2000",
            "  httpbench http://127.0.0.1:8080/items --find-max-rate --slo-p99 150ms -c 256",
            "  httpbench compare results/20261130-100000 results/20261130-110000",
            "  httpbench http://10.0.0.5:8080/ -c 512 --shard 0/2 --start-at 2026-11-30T10:15:00Z (and 1/2 elsewhere),",
            "      then: httpbench merge shard-0/ shard-1/ --assert-p99 150ms",
            "",
            "Exit codes",
            "  0    done, every threshold met (--find-max-rate: a rate met the SLO)",
            "  1    an --assert-* threshold was violated (with --check-system: a critical finding; with",
            "       --find-max-rate: no rate met the SLO)",
            "  2    bad usage, an unusable --output-dir, or a critical system finding without --force",
            "  3    target unreachable or its health check did not answer 2xx",
            "  4    the benchmark itself failed, or the report could not be written where asked (a shard: the",
            "       common start came after its window had ended)",
            "  130  stopped by Ctrl-C (SIGINT); 143 by SIGTERM. The report holds what was measured."})
final class HttpbenchCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", converter = Converters.Url.class,
            description = "The URL to load, e.g. http://127.0.0.1:8080/items (base and path in one; instead of"
                    + " --base-url and --path). Default: the embedded demo target.")
    URI url;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Show the version and exit.")
    boolean version;

    @ArgGroup(validate = false, heading = "%nTarget%n", order = 1)
    Target target = new Target();

    @ArgGroup(validate = false, heading = "%nLoad%n", order = 2)
    Load load = new Load();

    @ArgGroup(exclusive = true, heading = "%nOpen loop (one of; default: closed loop)%n", order = 3)
    OpenLoop openLoop = new OpenLoop();

    @ArgGroup(validate = false, heading = "%nRequest%n", order = 4)
    Request request = new Request();

    @ArgGroup(exclusive = true, heading = "%nRequest body (one of; default: none)%n", order = 5)
    Body body = new Body();

    @ArgGroup(validate = false, heading = "%nOutput%n", order = 6)
    Output output = new Output();

    @ArgGroup(validate = false, heading = "%nThresholds (every run must meet each)%n", order = 7)
    Thresholds thresholds = new Thresholds();

    @ArgGroup(validate = false, heading = "%nSystem%n", order = 8)
    SystemOptions system = new SystemOptions();

    @ArgGroup(validate = false, heading = "%nThe highest rate that meets the SLO (instead of the matrix)%n", order = 9)
    MaxRateOptions maxRate = new MaxRateOptions();

    @ArgGroup(validate = false, heading = "%nShards (one test over several generators; then httpbench merge)%n",
            order = 10)
    ShardOptions shards = new ShardOptions();

    @ArgGroup(validate = false, heading = "%nWorkload (README \"Real workloads\")%n", order = 11)
    WorkloadOptions workload = new WorkloadOptions();

    static final class Target {
        @Option(names = "--base-url", paramLabel = "URL[,URL...]", defaultValue = "${env:BASE_URL}", split = ",",
                converter = Converters.BaseUrl.class,
                description = "Target base URL, e.g. http://127.0.0.1:3000 [env BASE_URL]; --path is appended. A comma"
                        + " list: instances of one service, connections spread evenly, results per instance too.")
        List<URI> baseUrls;

        @Option(names = "--path", paramLabel = "PATH", converter = Converters.UrlPath.class,
                description = "Path (and query) requested on --base-url. Default: /")
        String path;

        @Option(names = "--health-path", paramLabel = "PATH", converter = Converters.UrlPath.class,
                description = "Check GET <base>PATH (must answer 2xx) instead of sending one request exactly like"
                        + " the benchmark's before measuring.")
        String healthPath;

        @Option(names = "--no-health-check", description = "Measure without checking the target first.")
        boolean noHealthCheck;

        @Option(names = "--http2",
                description = "Speak HTTP/2 (h2c for http://, ALPN for https://): each worker multiplexes its share"
                        + " of the concurrency as streams on one connection. Default: HTTP/1.1.")
        boolean http2;

        @Option(names = {"-k", "--insecure"},
                description = "Accept an https target's certificate without validating it (self-signed staging"
                        + " servers).")
        boolean insecure;
    }

    static final class Load {
        @Option(names = {"-c", "--concurrent-levels", "--concurrency"}, paramLabel = "LIST", split = ",",
                defaultValue = "${env:CONCURRENT_LEVELS:-64,128,256,512}", converter = Converters.Int.class,
                description = "Requests in flight (closed loop) or connections (open loop); a comma list is a matrix"
                        + " axis (repeating the flag adds levels) [env CONCURRENT_LEVELS]. Default: 64,128,256,512")
        List<Integer> concurrency;

        @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = Converters.Time.class,
                description = "Measured time per run, e.g. 500ms, 30s, 2m. Default: 10s (the library's), or until"
                        + " --num-requests are sent.")
        Duration duration;

        @Option(names = {"-n", "--num-requests"}, paramLabel = "N", defaultValue = "${env:NUM_REQUESTS}",
                converter = Converters.Count.class,
                description = "Measured requests per run [env NUM_REQUESTS]; without --duration a run lasts until N"
                        + " are sent.")
        Long requests;

        @Option(names = {"-w", "-t", "--workers"}, paramLabel = "LIST", split = ",", converter = Converters.Int.class,
                description = "Workers, each an event loop with its own connections; a comma list is a matrix axis."
                        + " At most the concurrency. Default: the CPU count.")
        List<Integer> workers;

        @Option(names = "--warmup", paramLabel = "DURATION", converter = Converters.Time.class,
                description = "Unmeasured load before each run; 0s for none. Default: automatic (until the generator"
                        + " settles, at most 10s).")
        Duration warmup;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Time.class,
                description = "Per-request timeout. Default: 10s")
        Duration timeout;

        @Option(names = "--repeats", paramLabel = "N", converter = Converters.Int.class,
                description = "Runs of each configuration, for the stability check. Default: 1")
        Integer repeats;
    }

    /** Open loop: one rate axis or one load profile. */
    static final class OpenLoop {
        @Option(names = {"-R", "--rate"}, paramLabel = "LIST", split = ",", converter = Converters.Rate.class,
                description = "Open loop: requests/s issued on a fixed schedule; a comma list is a matrix axis."
                        + " Default: closed loop.")
        List<Double> rates;

        @Option(names = "--stages", paramLabel = "LIST", split = ",", converter = Converters.StageSpec.class,
                description = "Open-loop load profile instead of --rate: RATE/DURATION holds, FROM-TO/DURATION ramps"
                        + " linearly (requests/s), e.g. 0-400/10s,400/20s. Runs last the total; no --duration.")
        List<Stage> stages;
    }

    static final class Request {
        @Option(names = {"-m", "--method"}, paramLabel = "METHOD", description = "HTTP method. Default: GET")
        String method;

        @Option(names = {"-H", "--header"}, paramLabel = "'Name: value'", converter = Converters.Header.class,
                description = "Request header; repeatable.")
        List<Map.Entry<String, String>> headers = new ArrayList<>();

        @Option(names = "--redact-header", paramLabel = "NAME",
                description = "Never show or write this header's value (***); repeatable. Authorization, Cookie and"
                        + " Proxy-Authorization always are.")
        List<String> redactHeaders = new ArrayList<>();

    }

    /** The request body: inline or from a file. */
    static final class Body {
        @Option(names = {"-b", "--body"}, paramLabel = "TEXT", description = "Request body (UTF-8).")
        String text;

        @Option(names = "--body-file", paramLabel = "FILE", description = "Request body read from a file.")
        Path file;
    }

    static final class Output {
        @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "${env:OUTPUT_DIR:-results}",
                description = "Where report folders go [env OUTPUT_DIR]; checked before any load. Default: results")
        String outputDir;

        @Option(names = "--vm-size", paramLabel = "LABEL", defaultValue = "${env:VM_SIZE}",
                description = "Machine size label, recorded and compared with its expectation table (built in:"
                        + " 8-core, the incident service's figures) [env VM_SIZE].")
        String vmSize;

        @Option(names = "--expectations", paramLabel = "FILE", defaultValue = "${env:EXPECTATIONS}",
                description = "CSV file of expectations (vm_size,concurrency,throughput_rps,p99_ms) for --vm-size"
                        + " [env EXPECTATIONS].")
        Path expectations;

        @Option(names = "--slo-p99", paramLabel = "DURATION", converter = Converters.Time.class,
                description = "P99 a configuration must meet to be the best one; with --find-max-rate the p99 budget."
                        + " Default: 150ms")
        Duration sloP99;

        @Option(names = {"-q", "--quiet"}, description = "No live progress line on stderr.")
        boolean quiet;

        @Option(names = {"-v", "--verbose"}, description = "Show the stack trace behind an error message.")
        boolean verbose;
    }

    static final class Thresholds {
        @Option(names = "--assert-throughput", paramLabel = "R", converter = Converters.Number.class,
                description = "Exit 1 if a run's throughput is below R requests/s.")
        Double throughput;

        @Option(names = "--assert-p99", paramLabel = "[ENDPOINT=]DURATION", converter = WorkloadOptions.P99Converter.class,
                description = "Exit 1 if a run's P99 is above this; ENDPOINT=DURATION (e.g. order=200ms) judges one"
                        + " --endpoint's P99. Repeatable.")
        List<WorkloadOptions.P99> p99 = new ArrayList<>();

        @Option(names = "--assert-error-rate", paramLabel = "FRACTION", converter = Converters.Number.class,
                description = "Exit 1 if a run's failed/sent is above this fraction (0-1).")
        Double errorRate;
    }

    static final class SystemOptions {
        @Option(names = "--check-system",
                description = "Print the full system check for the planned load (open files, TCP settings, ports,"
                        + " CPU governor, cores, memory) with advice, then exit: 0 when nothing is critical, 1"
                        + " otherwise.")
        boolean checkSystem;

        @Option(names = "--tuning-script", paramLabel = "FILE",
                description = "Write a shell script with the recommended sysctl/ulimit changes for the planned load,"
                        + " to review and run as root. httpbench never changes system settings itself.")
        Path tuningScript;

        @Option(names = "--force",
                description = "Run even when the system check finds a critical problem for the planned load.")
        boolean force;
    }

    /** {@code --find-max-rate}: open-loop probes instead of the matrix. */
    static final class MaxRateOptions {
        @Option(names = "--find-max-rate",
                description = "Search for the highest open-loop rate that meets the SLO (--slo-p99, --slo-error-rate,"
                        + " the achieved rate at most 5% short): double from --rate (default 100) until it breaks, then"
                        + " bisect. One concurrency level (default 256, caps the connections) and worker count.")
        boolean find;

        @Option(names = "--slo-error-rate", paramLabel = "FRACTION", converter = Converters.Number.class,
                description = "The error-rate budget of --find-max-rate: failed/sent at most this (0-1). Default: 0.01")
        Double errorRate;

        @Option(names = "--max-rate", paramLabel = "R", converter = Converters.Number.class,
                description = "The highest rate --find-max-rate probes, requests/s. Default: 10000000")
        Double maxRate;

        @Option(names = "--precision", paramLabel = "PERCENT", converter = Converters.Number.class,
                description = "--find-max-rate stops when the rates that met and broke the SLO are within this. Default: 5")
        Double precision;
    }

    /** One shard of a distributed test. */
    static final class ShardOptions {
        @Option(names = "--shard", paramLabel = "I/N",
                description = "Run shard I (from 0) of N: its exact share of the concurrency, requests and rates.")
        String shard;

        @Option(names = "--shards", paramLabel = "N",
                description = "The number of shards, the index then from JOB_COMPLETION_INDEX (a Kubernetes Indexed"
                        + " Job) [env SHARDS].")
        String shards;

        @Option(names = "--start-at", paramLabel = "TIME",
                description = "Every shard starts at TIME: an ISO-8601 instant (2026-11-30T10:15:00Z) or +30s after"
                        + " HTTPBENCH_CREATED_AT (set by httpbench k8s).")
        String startAt;

        @Option(names = "--emit-stdout",
                description = "Also print the shard's results on stdout as one framed record, for kubectl logs.")
        boolean emitStdout;
    }
}
