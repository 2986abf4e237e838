package dev.httpbench.cli;

import dev.httpbench.Stage;
import dev.httpbench.analysis.ExpectationTable;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runner's settings, checked: flags first, then the environment variables named in the help,
 * then defaults. Every problem is collected and reported at once. Immutable once built.
 */
final class Settings {
    static final String DEFAULT_LEVELS = "64,128,256,512";
    static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);
    static final Duration DEFAULT_WARMUP = Duration.ofSeconds(1);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_SLO = Duration.ofMillis(150);

    final URI baseUrl; // null: start the demo target
    final String path;
    final Long numRequests;
    final Duration duration; // null: requests only
    final List<Integer> levels;
    final List<Integer> workers;
    final List<Double> rates;
    final List<Stage> stages;
    final Duration warmup;
    final Duration timeout;
    final int repeats;
    final String vmSize;
    final ExpectationTable expectations; // null when no table matches vmSize
    final String expectationsNote; // why there is no table, or null
    final Path outputDir;
    final String healthPath;
    final String method;
    final List<String[]> headers;
    final byte[] body;
    final Duration sloP99;
    final Double assertThroughput;
    final Duration assertP99;
    final Double assertErrorRate;
    final boolean quiet;
    final boolean checkSystem;
    final boolean insecure;
    final boolean http2;
    final Path tuningScript; // null: none

    private final List<String> problems = new ArrayList<>();

    /** The highest concurrency the matrix will run: what the system must be ready for. */
    int maxConcurrency() {
        return levels.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** The most workers the matrix will use. */
    int maxWorkers() {
        return workers.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private Settings(Options o, Map<String, String> env) throws UsageException {
        String base = pick(o.baseUrl, env, "BASE_URL");
        baseUrl = base == null ? null : url(label("--base-url", o.baseUrl, "BASE_URL"), base);
        path = pathOption("--path", o.path == null ? "/" : o.path);
        String n = pick(o.numRequests, env, "NUM_REQUESTS");
        numRequests = n == null ? null : longAtLeast1(label("--num-requests", o.numRequests, "NUM_REQUESTS"), n);
        stages = o.stages == null ? List.of() : stageList(o.stages);
        if (o.stages != null && o.duration != null) {
            problems.add("--duration must not be set with --stages (their total is the duration) but was '"
                    + o.duration + "'");
        }
        if (o.stages != null && o.rate != null) {
            problems.add("--rate and --stages are exclusive: set one of them (--rate was '" + o.rate + "')");
        }
        duration = o.duration != null ? duration("--duration", o.duration, false)
                : numRequests != null || o.stages != null ? null : DEFAULT_DURATION;
        String levelsText = pick(o.concurrentLevels, env, "CONCURRENT_LEVELS");
        levels = intList(label("--concurrent-levels", o.concurrentLevels, "CONCURRENT_LEVELS"),
                levelsText == null ? DEFAULT_LEVELS : levelsText);
        workers = o.workers == null ? List.of(Runtime.getRuntime().availableProcessors())
                : intList("--workers", o.workers);
        rates = o.rate == null ? List.of() : rateList(o.rate);
        warmup = o.warmup == null ? DEFAULT_WARMUP : duration("--warmup", o.warmup, true);
        timeout = o.timeout == null ? DEFAULT_TIMEOUT : duration("--timeout", o.timeout, false);
        repeats = o.repeats == null ? 1 : repeats(o.repeats);
        vmSize = pick(o.vmSize, env, "VM_SIZE");
        String expFile = pick(o.expectations, env, "EXPECTATIONS");
        ExpectationTable table = null;
        String note = null;
        if (vmSize != null) {
            Map<String, ExpectationTable> tables = BuiltInExpectations.tables();
            if (expFile != null) {
                Path file = Path.of(expFile);
                if (!Files.isReadable(file)) {
                    problems.add(label("--expectations", o.expectations, "EXPECTATIONS")
                            + " must be a readable CSV file but was '" + expFile + "'");
                } else {
                    try {
                        tables = ExpectationTable.load(file);
                    } catch (IllegalArgumentException e) {
                        problems.add(label("--expectations", o.expectations, "EXPECTATIONS") + ": " + e.getMessage());
                    }
                }
            }
            table = tables.get(vmSize);
            if (table == null) {
                note = "no expectations for --vm-size '" + vmSize + "' (known: " + String.join(", ", tables.keySet())
                        + "); runs are not compared with expectations";
            }
        }
        if (vmSize == null && expFile != null) {
            note = label("--expectations", o.expectations, "EXPECTATIONS")
                    + " is ignored without --vm-size, which chooses the table";
        }
        expectations = table;
        expectationsNote = note;
        String out = pick(o.outputDir, env, "OUTPUT_DIR");
        outputDir = Path.of(out == null ? "results" : out);
        healthPath = pathOption("--health-path", o.healthPath == null ? "/health" : o.healthPath);
        method = o.method == null ? "GET" : o.method;
        headers = new ArrayList<>();
        for (String h : o.headers) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                problems.add("--header must be 'Name: value' but was '" + h + "'");
            } else {
                headers.add(new String[] {h.substring(0, colon).trim(), h.substring(colon + 1).trim()});
            }
        }
        body = body(o);
        sloP99 = o.sloP99 == null ? DEFAULT_SLO : duration("--slo-p99", o.sloP99, false);
        assertThroughput = o.assertThroughput == null ? null
                : number("--assert-throughput", o.assertThroughput, 0, Double.MAX_VALUE, "a number >= 0 (requests/s)");
        assertP99 = o.assertP99 == null ? null : duration("--assert-p99", o.assertP99, false);
        checkSystem = o.checkSystem;
        insecure = o.insecure;
        http2 = o.http2;
        tuningScript = o.tuningScript == null ? null : Path.of(o.tuningScript);
        assertErrorRate = o.assertErrorRate == null ? null
                : number("--assert-error-rate", o.assertErrorRate, 0, 1, "a fraction between 0 and 1");
        quiet = o.quiet;
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
    }

    /** Checks {@code options}, reading the environment for absent flags. */
    static Settings of(Options options, Map<String, String> env) throws UsageException {
        return new Settings(options, env);
    }

    /** The URL every benchmark request goes to. */
    String targetUrl(String base) {
        return stripSlash(base) + path;
    }

    /** The health check URL. */
    String healthUrl(String base) {
        return stripSlash(base) + healthPath;
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String pick(String flag, Map<String, String> env, String var) {
        if (flag != null) {
            return flag;
        }
        String v = env.get(var);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The option's name, and the variable it came from when the flag was absent. */
    private static String label(String option, String flag, String var) {
        return flag != null ? option : option + " (from " + var + ")";
    }

    private URI url(String name, String text) {
        try {
            URI u = new URI(text.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getRawQuery() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(name + " must be an http or https URL with a host and no query, like http://127.0.0.1:3000, "
                + "but was '" + text + "'");
        return null;
    }

    private String pathOption(String option, String text) {
        if (!text.startsWith("/") || text.chars().anyMatch(c -> c <= ' ')) {
            problems.add(option + " must start with / and contain no spaces but was '" + text + "'");
        }
        return text;
    }

    private Long longAtLeast1(String option, String text) {
        try {
            long v = Long.parseLong(text.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(option + " must be an integer >= 1 but was '" + text + "'");
        return null;
    }

    private List<Integer> intList(String option, String text) {
        List<Integer> out = new ArrayList<>();
        try {
            for (String part : text.split(",", -1)) {
                int v = Integer.parseInt(part.trim());
                if (v < 1 || v > 100_000) {
                    throw new NumberFormatException();
                }
                out.add(v);
            }
            return List.copyOf(out);
        } catch (NumberFormatException e) {
            problems.add(option + " must be a comma list of integers >= 1 (at most 100000) but was '" + text + "'");
            return List.of(1);
        }
    }

    private List<Stage> stageList(String text) {
        List<Stage> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String[] rateAndTime = part.trim().split("/", -1);
            try {
                String[] fromTo = rateAndTime[0].split("-", -1);
                double from = Double.parseDouble(fromTo[0].trim());
                double to = fromTo.length == 2 ? Double.parseDouble(fromTo[1].trim()) : from;
                if (rateAndTime.length != 2 || fromTo.length > 2 || from < 0 || to < 0 || from > 10_000_000
                        || to > 10_000_000) {
                    throw new IllegalArgumentException();
                }
                Duration length = Durations.parse(rateAndTime[1]);
                if (length.isZero() || length.isNegative()) {
                    throw new IllegalArgumentException();
                }
                out.add(Stage.ramp(from, to, length));
            } catch (RuntimeException e) {
                problems.add("--stages must be a comma list of RATE/DURATION or FROM-TO/DURATION with rates in "
                        + "0-10000000 requests/s and durations > 0 (e.g. 0-400/10s,400/20s) but was '" + text + "'");
                return List.of();
            }
        }
        return List.copyOf(out);
    }

    private List<Double> rateList(String text) {
        List<Double> out = new ArrayList<>();
        try {
            for (String part : text.split(",", -1)) {
                double v = Double.parseDouble(part.trim());
                if (!(v > 0) || v > 10_000_000) {
                    throw new NumberFormatException();
                }
                out.add(v);
            }
            return List.copyOf(out);
        } catch (NumberFormatException e) {
            problems.add("--rate must be a comma list of numbers > 0 and <= 10000000 (requests/s) but was '"
                    + text + "'");
            return List.of();
        }
    }

    private int repeats(String text) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1 && v <= 1000) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("--repeats must be an integer between 1 and 1000 but was '" + text + "'");
        return 1;
    }

    private Duration duration(String option, String text, boolean zeroAllowed) {
        try {
            Duration d = Durations.parse(text);
            if (!d.isNegative() && (zeroAllowed || !d.isZero())) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(option + " must be a duration " + (zeroAllowed ? ">= 0" : "> 0") + " like 500ms, 30s or 2m but was '"
                + text + "'");
        return Duration.ofSeconds(1);
    }

    private Double number(String option, String text, double min, double max, String rule) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(option + " must be " + rule + " but was '" + text + "'");
        return null;
    }

    private byte[] body(Options o) {
        if (o.body != null && o.bodyFile != null) {
            problems.add("--body and --body-file must not both be given but were '" + o.body + "' and '"
                    + o.bodyFile + "'");
            return new byte[0];
        }
        if (o.body != null) {
            return o.body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        if (o.bodyFile != null) {
            try {
                return Files.readAllBytes(Path.of(o.bodyFile));
            } catch (IOException | RuntimeException e) {
                problems.add("--body-file must be a readable file but was '" + o.bodyFile + "'");
            }
        }
        return new byte[0];
    }
}
