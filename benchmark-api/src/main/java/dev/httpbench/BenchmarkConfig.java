package dev.httpbench;

import static dev.httpbench.internal.Durations.format;

import dev.httpbench.internal.ArrivalSchedule;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The immutable description of one benchmark run: where to send what, how hard, for how long.
 * Create one with {@link Benchmark#target(String)} and the {@link Builder}; derive variants with
 * {@link #toBuilder()}. Thread-safe.
 *
 * <p>Closed loop (the default): {@link #concurrency()} requests are in flight at all times; each
 * completion immediately sends the next request. Open loop ({@link #rate()} set): requests are issued
 * on a fixed schedule whether or not earlier ones finished, and latency is measured from each
 * request's intended send time, so that a stalled server cannot hide its stall (coordinated
 * omission).
 */
public final class BenchmarkConfig {
    /** Default {@link #concurrency()}: 64 requests in flight. */
    public static final int DEFAULT_CONCURRENCY = 64;
    /** Default run length when neither requests nor duration is set: 10 seconds. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    /** Default per-request {@link #timeout()}: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@link #connectTimeout()}: 5 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #reportInterval()}: 1 second. */
    public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(1);
    /**
     * The longest an automatic warm-up (the default, see {@link #warmup()}) may last: 10 seconds.
     */
    public static final Duration MAX_AUTOMATIC_WARMUP = Duration.ofSeconds(10);
    /** Default {@link #monitorInterval()}: the generator samples its own cost once a second. */
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(1);

    private final URI target;
    private final int workers;
    private final int concurrency;
    private final long requests;
    private final Duration duration;
    private final Duration warmup;
    private final double rate;
    private final List<Stage> stages;
    private final String method;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration drainTimeout;
    private final Duration reportInterval;
    private final Duration monitorInterval;
    private final boolean trustAllCertificates;
    private final HttpProtocol protocol;
    private final StatusCodes successStatuses;

    private BenchmarkConfig(Builder b, int workers, Duration duration, Duration drainTimeout) {
        this.target = b.target;
        this.workers = workers;
        this.concurrency = b.concurrency;
        this.requests = b.requests;
        this.duration = duration;
        this.warmup = b.warmup;
        this.rate = b.rate;
        this.stages = List.copyOf(b.stages);
        this.method = b.method;
        this.headers = List.copyOf(b.headers);
        this.body = b.body.clone();
        this.timeout = b.timeout;
        this.connectTimeout = b.connectTimeout;
        this.drainTimeout = drainTimeout;
        this.reportInterval = b.reportInterval;
        this.monitorInterval = b.monitorInterval;
        this.trustAllCertificates = b.trustAllCertificates;
        this.protocol = b.protocol;
        this.successStatuses = b.successStatuses;
    }

    /** The URL every request is sent to. */
    public URI target() {
        return target;
    }

    /** Number of workers, each with its own HTTP client, selector and connection pool. */
    public int workers() {
        return workers;
    }

    /**
     * Closed loop: requests in flight across all workers. Open loop: the cap on connections (and so on
     * requests being served); requests beyond it wait in the client's queue, and the wait counts.
     */
    public int concurrency() {
        return concurrency;
    }

    /** Connections each worker may open: ceil(concurrency / workers). */
    public int connectionsPerWorker() {
        return (concurrency + workers - 1) / workers;
    }

    /** The number of measured requests after which the run stops, if set. */
    public OptionalLong requests() {
        return requests > 0 ? OptionalLong.of(requests) : OptionalLong.empty();
    }

    /**
     * How long the measured part of the run lasts, if set. When both this and {@link #requests()}
     * are set, whichever is reached first ends the run.
     */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /**
     * Unrecorded load before measurement starts; connections are opened before it. Empty means
     * automatic (the default): the engine sends unrecorded load until the generator itself has settled
     * (its JIT compiler has finished the hot code, so that compilation neither costs CPU nor adds
     * latency during measurement), at most {@link #MAX_AUTOMATIC_WARMUP}; the result says how long it
     * took ({@link BenchmarkResult#warmupTaken()}). A fixed warm-up, {@link Duration#ZERO} included,
     * is set with {@link Builder#warmup(Duration)}.
     */
    public Optional<Duration> warmup() {
        return Optional.ofNullable(warmup);
    }

    /** Whether this is an open-loop run: at a fixed {@link #rate()} or following {@link #stages()}. */
    public boolean openLoop() {
        return rate > 0 || !stages.isEmpty();
    }

    /**
     * Open loop: the arrival rate in requests/s, for {@link #stages()} the highest rate they reach;
     * 0 for closed loop.
     */
    public double rate() {
        return stages.isEmpty() ? rate
                : stages.stream().mapToDouble(st -> Math.max(st.fromRate(), st.toRate())).max().orElse(0);
    }

    /** Open loop with a load profile: the stages in order; empty otherwise. */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * The arrival rate the run planned over its first {@code window} of measurement, in requests/s:
     * {@link #rate()} for a constant rate, the stages' mean over the window otherwise; 0 in closed
     * loop. What an achieved request rate is judged against.
     */
    public double plannedRate(Duration window) {
        if (!openLoop() || window.isZero() || window.isNegative()) {
            return 0;
        }
        double seconds = window.toNanos() / 1e9;
        return ArrivalSchedule.of(rate, stages, 0).plannedCount(seconds) / seconds;
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** Request headers in the order they were added; a name may repeat. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The request body; empty for none. A copy. */
    public byte[] body() {
        return body.clone();
    }

    /** Per-request timeout, from the moment the request is issued (queueing included). */
    public Duration timeout() {
        return timeout;
    }

    /** TCP connect timeout. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long requests still in flight when the run ends may take to complete before they are
     * aborted and counted as {@link FailureKind#CANCELLED}.
     */
    public Duration drainTimeout() {
        return drainTimeout;
    }

    /** Length of each entry of the result's timeline. */
    public Duration reportInterval() {
        return reportInterval;
    }

    /**
     * How often the engine samples the generator's own process (CPU, memory, threads, files, TCP
     * states) during measurement; {@link Duration#ZERO} when monitoring is off.
     */
    public Duration monitorInterval() {
        return monitorInterval;
    }

    /**
     * Whether an https target's certificate is accepted without validation (self-signed staging
     * servers), as wrk and hey do. Off by default: a certificate that fails validation counts as a
     * {@link FailureKind#TLS} failure.
     */
    public boolean trustAllCertificates() {
        return trustAllCertificates;
    }

    /** The HTTP version spoken; {@link HttpProtocol#HTTP_1_1} by default. */
    public HttpProtocol protocol() {
        return protocol;
    }

    /** Whether the engine samples the generator's own cost; see {@link #monitorInterval()}. */
    public boolean monitoring() {
        return !monitorInterval.isZero();
    }

    /** The statuses that count as success; others count as failed requests. */
    public StatusCodes successStatuses() {
        return successStatuses;
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(target);
        b.workers = workers;
        b.concurrency = concurrency;
        b.requests = requests;
        b.duration = duration;
        b.warmup = warmup;
        b.rate = rate;
        b.stages.addAll(stages);
        if (!stages.isEmpty()) {
            b.duration = null; // the stages' total, derived again
        }
        b.method = method;
        b.headers.addAll(headers);
        b.body = body.clone();
        b.timeout = timeout;
        b.connectTimeout = connectTimeout;
        b.drainTimeout = drainTimeout;
        b.reportInterval = reportInterval;
        b.monitorInterval = monitorInterval;
        b.trustAllCertificates = trustAllCertificates;
        b.protocol = protocol;
        b.successStatuses = successStatuses;
        return b;
    }

    /** One line for logs and reports, e.g. {@code GET http://localhost/ workers=8 concurrency=256 duration=30s}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append(method).append(' ').append(target)
                .append(protocol == HttpProtocol.HTTP_2 ? " HTTP/2" : "")
                .append(" workers=").append(workers)
                .append(" concurrency=").append(concurrency);
        if (!stages.isEmpty()) {
            s.append(" stages=").append(stages.stream().map(st -> String.format(Locale.ROOT, "%.0f->%.0f/s:%s",
                    st.fromRate(), st.toRate(), format(st.duration()))).collect(java.util.stream.Collectors.joining(",")));
        } else if (openLoop()) {
            s.append(" rate=").append(String.format(Locale.ROOT, "%.1f", rate)).append("/s");
        }
        if (requests > 0) {
            s.append(" requests=").append(requests);
        }
        if (duration != null) {
            s.append(" duration=").append(format(duration));
        }
        if (warmup != null) {
            s.append(" warmup=").append(format(warmup)); // automatic, the default, goes unsaid
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BenchmarkConfig c)) {
            return false;
        }
        return workers == c.workers && concurrency == c.concurrency && requests == c.requests
                && Double.compare(rate, c.rate) == 0 && stages.equals(c.stages) && target.equals(c.target)
                && Objects.equals(duration, c.duration) && Objects.equals(warmup, c.warmup)
                && method.equals(c.method) && headers.equals(c.headers) && Arrays.equals(body, c.body)
                && timeout.equals(c.timeout) && connectTimeout.equals(c.connectTimeout)
                && drainTimeout.equals(c.drainTimeout) && reportInterval.equals(c.reportInterval)
                && monitorInterval.equals(c.monitorInterval) && successStatuses.equals(c.successStatuses)
                && trustAllCertificates == c.trustAllCertificates && protocol == c.protocol;
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, workers, concurrency, requests, duration, rate, method);
    }

    /**
     * Builds a {@link BenchmarkConfig}. Each setter checks its own value; {@link #build()} checks the
     * values against each other and throws one {@link InvalidConfigException} listing every problem.
     * Setting an option again replaces the value and its problem. Not thread-safe.
     */
    public static final class Builder {
        private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

        // option name -> problem; replaced when the option is set again
        private final Map<String, String> problems = new LinkedHashMap<>();
        private URI target;
        private Integer workers;
        private int concurrency = DEFAULT_CONCURRENCY;
        private long requests;
        private Duration duration;
        private Duration warmup; // null: automatic
        private double rate;
        private final List<Stage> stages = new ArrayList<>();
        private String method = "GET";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration drainTimeout;
        private Duration reportInterval = DEFAULT_REPORT_INTERVAL;
        private Duration monitorInterval = DEFAULT_MONITOR_INTERVAL;
        private boolean trustAllCertificates;
        private HttpProtocol protocol = HttpProtocol.HTTP_1_1;
        private StatusCodes successStatuses = StatusCodes.SUCCESS_DEFAULT;

        Builder(URI target) {
            this.target = target;
        }

        Builder(String target) {
            if (target == null) {
                problems.put("target", "target URL must not be null");
                return;
            }
            try {
                this.target = new URI(target.trim());
            } catch (URISyntaxException e) {
                problems.put("target", "target URL must be a valid URI but was '" + target + "' (" + e.getReason() + ")");
            }
        }

        /**
         * Number of workers; each owns one HTTP client with its own selector thread and connection pool.
         * Must be between 1 and {@link #concurrency(int)}. Default: the number of available processors,
         * at most the concurrency.
         */
        public Builder workers(int workers) {
            this.workers = workers;
            check("workers", workers >= 1, "workers must be >= 1 but was " + workers);
            return this;
        }

        /**
         * Requests in flight across all workers (closed loop), or the connection cap (open loop).
         * Must be between 1 and 100000. Default 64.
         */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            check("concurrency", concurrency >= 1 && concurrency <= 100_000,
                    concurrency < 1 ? "concurrency must be >= 1 but was " + concurrency
                            : "concurrency must be <= 100000 but was " + concurrency);
            return this;
        }

        /** Stop after this many measured requests (>= 1). Unset by default. */
        public Builder requests(long requests) {
            this.requests = requests;
            check("requests", requests >= 1, "requests must be >= 1 but was " + requests);
            return this;
        }

        /**
         * Measure for this long (> 0). When neither this nor {@link #requests(long)} is set, the run lasts
         * {@link BenchmarkConfig#DEFAULT_DURATION}.
         */
        public Builder duration(Duration duration) {
            this.duration = duration;
            checkPositive("duration", duration);
            return this;
        }

        /**
         * A fixed length of unrecorded load before measurement (>= 0; {@link Duration#ZERO} for none, so
         * that every request sent is recorded). Default: automatic, see {@link BenchmarkConfig#warmup()}.
         */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup == null ? Duration.ZERO : warmup;
            check("warmup", warmup != null && !warmup.isNegative(),
                    "warmup must be >= 0s but was " + format(warmup));
            return this;
        }

        /**
         * Lets the engine decide how long to warm up (the default): until the generator has settled, at
         * most {@link BenchmarkConfig#MAX_AUTOMATIC_WARMUP}. See {@link BenchmarkConfig#warmup()}.
         */
        public Builder automaticWarmup() {
            this.warmup = null;
            problems.remove("warmup");
            return this;
        }

        /**
         * Switches to open loop: issue requests at this constant rate in requests/s (> 0), and measure
         * latency from each request's intended send time.
         */
        public Builder rate(double requestsPerSecond) {
            this.rate = requestsPerSecond;
            check("rate", requestsPerSecond > 0 && requestsPerSecond <= 10_000_000 && Double.isFinite(requestsPerSecond),
                    "rate must be > 0 and <= 10000000 requests/s but was " + requestsPerSecond);
            return this;
        }

        /**
         * Switches to open loop with a load profile: the arrival rate follows the stages in order, each
         * moving linearly from its start to its end rate; latency is measured from each request's
         * intended send time. The run lasts the stages' total duration (do not set {@link #duration}),
         * and a warm-up runs at the first stage's start rate. Replaces earlier stages.
         */
        public Builder stages(Stage... stages) {
            this.stages.clear();
            List<String> found = new ArrayList<>();
            if (stages == null || stages.length == 0) {
                found.add("stages must not be empty");
            } else {
                double planned = 0;
                for (int i = 0; i < stages.length; i++) {
                    Stage st = stages[i];
                    if (st == null) {
                        found.add("stages[" + i + "] must not be null");
                        continue;
                    }
                    if (!rateOk(st.fromRate()) || !rateOk(st.toRate())) {
                        found.add("stages[" + i + "] rates must be >= 0 and <= 10000000 requests/s but were "
                                + st.fromRate() + " and " + st.toRate());
                    }
                    if (st.duration() == null || st.duration().isZero() || st.duration().isNegative()) {
                        found.add("stages[" + i + "] duration must be > 0s but was " + format(st.duration()));
                    } else if (found.isEmpty()) {
                        planned += st.plannedRequests();
                    }
                    this.stages.add(st);
                }
                if (found.isEmpty() && planned < 1) {
                    found.add("stages must plan at least one request but plan " + planned);
                }
            }
            check("stages", found.isEmpty(), String.join("; ", found));
            return this;
        }

        private static boolean rateOk(double rate) {
            return rate >= 0 && rate <= 10_000_000 && Double.isFinite(rate);
        }

        /** The HTTP method, e.g. {@code POST}; an HTTP token. Default {@code GET}. */
        public Builder method(String method) {
            boolean ok = method != null && method.matches(TOKEN);
            this.method = ok ? method.toUpperCase(Locale.ROOT) : "GET";
            check("method", ok, "method must be an HTTP token like GET or POST but was '" + method + "'");
            return this;
        }

        /** Adds a request header; may be called again for the same name. */
        public Builder header(String name, String value) {
            String option = "header " + name;
            if (name == null || !name.matches(TOKEN)) {
                problems.put(option, "header name must be an HTTP token but was '" + name + "'");
            } else if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                problems.put(option, "header " + name + " value must not be null or contain CR or LF but was '"
                        + (value == null ? null : value.replace("\r", "\\r").replace("\n", "\\n")) + "'");
            } else {
                headers.add(Map.entry(name, value));
            }
            return this;
        }

        /** The request body, sent as is; set a {@code Content-Type} header to describe it. */
        public Builder body(byte[] body) {
            check("body", body != null, "body must not be null");
            this.body = body == null ? new byte[0] : body.clone();
            return this;
        }

        /** The request body as UTF-8 text. */
        public Builder body(String body) {
            return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        /** Per-request timeout (> 0), queueing for a connection included. Default 10s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            checkPositive("timeout", timeout);
            return this;
        }

        /** TCP connect timeout (> 0). Default 5s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            checkPositive("connectTimeout", connectTimeout);
            return this;
        }

        /**
         * How long requests in flight at the end may still complete (>= 0) before they are aborted and
         * counted as {@link FailureKind#CANCELLED}. Default: the request timeout.
         */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            check("drainTimeout", drainTimeout != null && !drainTimeout.isNegative(),
                    "drainTimeout must be >= 0s but was " + format(drainTimeout));
            return this;
        }

        /** Length of each timeline entry, between 100ms and 1h. Default 1s. */
        public Builder reportInterval(Duration reportInterval) {
            this.reportInterval = reportInterval;
            check("reportInterval", reportInterval != null && reportInterval.toMillis() >= 100
                            && reportInterval.compareTo(Duration.ofHours(1)) <= 0,
                    "reportInterval must be between 100ms and 1h but was " + format(reportInterval));
            return this;
        }

        /**
         * How often the generator samples its own cost during measurement, between 100ms and 1h, or 0s to
         * switch self-monitoring off (the result then has no {@link BenchmarkResult#client()} figures).
         * Default 1s.
         */
        public Builder monitorInterval(Duration monitorInterval) {
            this.monitorInterval = monitorInterval == null ? DEFAULT_MONITOR_INTERVAL : monitorInterval;
            check("monitorInterval", monitorInterval != null && (monitorInterval.isZero()
                            || monitorInterval.toMillis() >= 100 && monitorInterval.compareTo(Duration.ofHours(1)) <= 0),
                    "monitorInterval must be 0s (off) or between 100ms and 1h but was " + format(monitorInterval));
            return this;
        }

        /**
         * The HTTP version to speak: {@link HttpProtocol#HTTP_1_1} (the default) or
         * {@link HttpProtocol#HTTP_2}, where each worker multiplexes its share of the concurrency as
         * streams on one connection.
         */
        public Builder protocol(HttpProtocol protocol) {
            this.protocol = protocol == null ? HttpProtocol.HTTP_1_1 : protocol;
            check("protocol", protocol != null, "protocol must be HTTP_1_1 or HTTP_2 but was null");
            return this;
        }

        /**
         * Accept an https target's certificate without validating it, e.g. a self-signed staging
         * server, as wrk and hey do. Default {@code false}: a failed validation counts as
         * {@link FailureKind#TLS}.
         */
        public Builder trustAllCertificates(boolean trustAll) {
            this.trustAllCertificates = trustAll;
            return this;
        }

        /**
         * Which statuses count as success, e.g. {@code "200-399"} (the default), {@code "2xx,404"}.
         *
         * @see StatusCodes#parse(String)
         */
        public Builder successStatuses(String statuses) {
            try {
                this.successStatuses = StatusCodes.parse(statuses);
                problems.remove("successStatuses");
            } catch (IllegalArgumentException e) {
                problems.put("successStatuses", "successStatuses " + e.getMessage());
            }
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @throws InvalidConfigException listing every problem, each naming the option, rule and value
         */
        public BenchmarkConfig build() {
            List<String> all = new ArrayList<>(problems.values());
            if (target != null && !problems.containsKey("target")) {
                String scheme = target.getScheme() == null ? null : target.getScheme().toLowerCase(Locale.ROOT);
                if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    all.add(0, "target URL scheme must be http or https but was "
                            + (scheme == null ? "missing" : "'" + target.getScheme() + "'") + " in '" + target + "'");
                } else if (target.getHost() == null || target.getHost().isEmpty()) {
                    all.add(0, "target URL must have a host but was '" + target + "'");
                }
            } else if (target == null && !problems.containsKey("target")) {
                all.add(0, "target URL must not be null");
            }
            int effectiveWorkers = workers != null ? workers
                    : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), concurrency));
            if (workers != null && workers >= 1 && concurrency >= 1 && workers > concurrency) {
                all.add("workers must be <= concurrency (" + concurrency + ") but was " + workers);
            }
            if (!stages.isEmpty() && !problems.containsKey("stages")) {
                if (rate != 0) {
                    all.add("rate and stages are exclusive: set one of them (rate was " + rate + ")");
                }
                if (duration != null) {
                    all.add("duration must not be set with stages (their total is the duration) but was "
                            + format(duration));
                }
            }
            if (!all.isEmpty()) {
                throw new InvalidConfigException(all);
            }
            Duration effectiveDuration = !stages.isEmpty()
                    ? stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus)
                    : duration == null && requests == 0 ? DEFAULT_DURATION : duration;
            return new BenchmarkConfig(this, effectiveWorkers, effectiveDuration,
                    drainTimeout != null ? drainTimeout : timeout);
        }

        /** Builds and runs the benchmark, blocking until it ends. */
        public BenchmarkResult run() {
            return Benchmark.run(build());
        }

        /** Builds and starts the benchmark; the returned handle can stop it and delivers the result. */
        public BenchmarkRun start() {
            return Benchmark.start(build());
        }

        private void check(String option, boolean ok, String problem) {
            if (ok) {
                problems.remove(option);
            } else {
                problems.put(option, problem);
            }
        }

        private void checkPositive(String option, Duration value) {
            check(option, value != null && !value.isNegative() && !value.isZero(),
                    option + " must be > 0s but was " + format(value));
        }
    }
}
