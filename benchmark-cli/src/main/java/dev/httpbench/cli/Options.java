package dev.httpbench.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runner's command line as picocli parses it: raw text, checked and converted by {@link Settings}
 * so that every bad value gets one message naming the option, the rule and the value. Options marked
 * with an environment variable read it when the flag is absent. Not thread-safe (parsed once).
 */
@Command(name = "httpbench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpWidth = 110,
        description = {
            "Runs an HTTP load benchmark over a matrix of concurrency levels, worker counts, rates and repeats,",
            "assesses it, and writes summary.json, results.csv, HdrHistogram logs and report.html into",
            "OUTPUT_DIR/<yyyyMMdd-HHmmss>/. Without --base-url it starts an embedded demo target and",
            "benchmarks that.",
            ""},
        footer = {"", "Exit codes: 0 done; 1 an --assert-* threshold was violated (or, with --check-system, a critical",
            "finding); 2 bad usage;",
            "3 target unreachable or unhealthy; 4 the benchmark itself failed;",
            "130 stopped by Ctrl-C (the report holds what was measured)."})
final class Options {
    @Option(names = "--base-url", paramLabel = "URL",
            description = "Target base URL, e.g. http://127.0.0.1:3000 [env BASE_URL]. Default: the embedded demo target.")
    String baseUrl;

    @Option(names = "--path", paramLabel = "PATH", description = "Path requested on the target. Default: /")
    String path;

    @Option(names = "--num-requests", paramLabel = "N",
            description = "Measured requests per run [env NUM_REQUESTS]; without --duration the run lasts until N are sent.")
    String numRequests;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Measured time per run, e.g. 30s. Default: 5s (unless --num-requests is given).")
    String duration;

    @Option(names = "--concurrent-levels", paramLabel = "LIST",
            description = "Concurrency levels, comma list [env CONCURRENT_LEVELS]. Default: 64,128,256,512")
    String concurrentLevels;

    @Option(names = "--workers", paramLabel = "LIST",
            description = "Workers (HTTP clients, each with its own pool); a comma list is a matrix axis. Default: CPU count.")
    String workers;

    @Option(names = "--rate", paramLabel = "R",
            description = "Open loop: requests/s issued on a fixed schedule; a comma list is a matrix axis. Default: closed loop.")
    String rate;

    @Option(names = "--stages", paramLabel = "LIST",
            description = "Open-loop load profile instead of one rate: comma list of RATE/DURATION (hold) or"
                    + " FROM-TO/DURATION (linear ramp) in requests/s, e.g. 0-400/10s,400/20s. Runs last their total.")
    String stages;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Unmeasured warm-up before each run. Default: 1s")
    String warmup;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Per-request timeout. Default: 10s")
    String timeout;

    @Option(names = "--repeats", paramLabel = "N", description = "Runs of each configuration, for stability. Default: 1")
    String repeats;

    @Option(names = "--vm-size", paramLabel = "LABEL",
            description = "Machine size label, recorded and compared with its expectation table (built in: 8-core) [env VM_SIZE].")
    String vmSize;

    @Option(names = "--expectations", paramLabel = "FILE",
            description = "CSV file of expectations (vm_size,concurrency,throughput_rps,p99_ms) [env EXPECTATIONS].")
    String expectations;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Where report folders go [env OUTPUT_DIR]. Default: results")
    String outputDir;

    @Option(names = "--health-path", paramLabel = "PATH",
            description = "Checked before measuring; must answer 2xx. Default: /health")
    String healthPath;

    @Option(names = "--method", paramLabel = "METHOD", description = "HTTP method. Default: GET")
    String method;

    @Option(names = "--header", paramLabel = "'Name: value'", description = "Request header; repeatable.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--body", paramLabel = "TEXT", description = "Request body (UTF-8).")
    String body;

    @Option(names = "--body-file", paramLabel = "FILE", description = "Request body read from a file.")
    String bodyFile;

    @Option(names = "--slo-p99", paramLabel = "DURATION",
            description = "P99 a configuration must meet to be the best one. Default: 150ms")
    String sloP99;

    @Option(names = "--assert-throughput", paramLabel = "R",
            description = "Exit 1 if any run's throughput is below R requests/s.")
    String assertThroughput;

    @Option(names = "--assert-p99", paramLabel = "DURATION", description = "Exit 1 if any run's P99 is above this.")
    String assertP99;

    @Option(names = "--assert-error-rate", paramLabel = "FRACTION",
            description = "Exit 1 if any run's failed/sent is above this fraction (0-1).")
    String assertErrorRate;

    @Option(names = "--http2",
            description = "Speak HTTP/2 (h2c for http://, ALPN for https://): each worker multiplexes its share of the"
                    + " concurrency as streams on one connection. Default: HTTP/1.1.")
    boolean http2;

    @Option(names = {"-k", "--insecure"},
            description = "Accept an https target's certificate without validating it (self-signed staging servers).")
    boolean insecure;

    @Option(names = "--quiet", description = "No live progress line on stderr.")
    boolean quiet;

    @Option(names = "--check-system",
            description = "Print the full system check for the planned load (open files, TCP settings, ports, CPU"
                    + " governor, cores, memory) with advice, then exit: 0 when nothing is critical, 1 otherwise.")
    boolean checkSystem;

    @Option(names = "--tuning-script", paramLabel = "FILE",
            description = "Write a shell script with the recommended sysctl/ulimit changes for the planned load, to"
                    + " review and run as root. httpbench never changes system settings itself.")
    String tuningScript;
}
