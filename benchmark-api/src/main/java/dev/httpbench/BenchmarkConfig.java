package dev.httpbench;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.internal.FeedAccess;
import dev.httpbench.internal.FeedTable;
import dev.httpbench.internal.Problems;
import dev.httpbench.internal.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The immutable description of one benchmark run: where to send what ({@link #request()}), how
 * ({@link #load()}), how hard and for how long. Create one with {@link Benchmark#target(String)} and
 * the {@link Builder}; derive variants with {@link #toBuilder()}, which keeps only what was set
 * explicitly, so that derived defaults (workers, duration, drain timeout) are derived again.
 * Thread-safe.
 *
 * <p>Closed loop (the default): {@link #concurrency()} requests are in flight at all times; each
 * completion immediately sends the next request. Open loop ({@link #rate()} or {@link #stages()}
 * set): requests are issued on a schedule whether or not earlier ones finished, and latency is
 * measured from each request's intended send time, so that a stalled server cannot hide its stall
 * (coordinated omission).
 *
 * <p>A real workload: several named {@link #endpoints()} with weights, {@link Feeder}s whose rows fill
 * their {@code ${column}} placeholders, and several {@link #targets()} (instances of one service)
 * across which the connections are spread evenly. A run without endpoints sends its single
 * {@link #request()} to its single target, as one endpoint named after the target's path.
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
    /** The longest an automatic warm-up (the default, see {@link #warmup()}) may last: 10 seconds. */
    public static final Duration MAX_AUTOMATIC_WARMUP = Duration.ofSeconds(10);
    /** Default {@link #monitorInterval()}: the generator samples its own cost once a second. */
    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(1);
    /** The longest any duration option may be: 30 days. */
    public static final Duration MAX_DURATION = Duration.ofDays(30);
    /** The most requests in flight (closed loop) or connections (open loop): 100000. */
    public static final int MAX_CONCURRENCY = 100_000;
    /** The highest open-loop rate: 10000000 requests/s. */
    public static final double MAX_RATE = 10_000_000;
    /** The most {@link #endpoints()} a run may have: 100. */
    public static final int MAX_ENDPOINTS = 100;
    /** The most {@link #targets()} a run may have: 100. */
    public static final int MAX_TARGETS = 100;

    static {
        FeedAccess.install((config, feeder) -> {
            FeedTable t = config.tables.get(feeder);
            if (t == null) {
                throw new IllegalArgumentException("feeder " + feeder + " is not one of this configuration's");
            }
            return t;
        });
    }

    private final List<URI> targets;
    private final List<Endpoint> endpoints;
    private final boolean explicitEndpoints;
    private final Feeder feeder; // null: none for the run
    private final Map<Feeder, FeedTable> tables;
    private final Integer workers; // null: derived
    private final int concurrency;
    private final long requests;
    private final Duration duration; // null: derived
    private final Duration warmup; // null: automatic
    private final LoadModel load;
    private final RequestSpec request;
    private final Duration timeout;
    private final Duration connectTimeout;
    private final Duration drainTimeout; // null: the timeout
    private final Duration reportInterval;
    private final Duration monitorInterval;
    private final boolean trustAllCertificates;
    private final HttpProtocol protocol;
    private final StatusCodes successStatuses;

    private BenchmarkConfig(Builder b, LoadModel load, List<Endpoint> endpoints, Map<Feeder, FeedTable> tables) {
        this.targets = List.copyOf(b.targets);
        this.endpoints = List.copyOf(endpoints);
        this.explicitEndpoints = !b.endpoints.isEmpty();
        this.feeder = b.feeder;
        this.tables = Map.copyOf(tables);
        this.workers = b.workers;
        this.concurrency = b.concurrency;
        this.requests = b.requests;
        this.duration = b.duration;
        this.warmup = b.warmup;
        this.load = load;
        this.request = new RequestSpec(b.method, b.headers, b.body, b.redactedHeaders);
        this.timeout = b.timeout;
        this.connectTimeout = b.connectTimeout;
        this.drainTimeout = b.drainTimeout;
        this.reportInterval = b.reportInterval;
        this.monitorInterval = b.monitorInterval;
        this.trustAllCertificates = b.trustAllCertificates;
        this.protocol = b.protocol;
        this.successStatuses = b.successStatuses;
    }

    /**
     * The URL every request is sent to; with several {@link #targets()}, the first. With
     * {@link #endpoints()} given, the base URL their paths are joined to.
     */
    public URI target() {
        return targets.get(0);
    }

    /**
     * The instances of the service under test, at least one, in the order given; they share a path.
     * Each worker spreads its connections evenly across them.
     */
    public List<URI> targets() {
        return targets;
    }

    /**
     * The target as it may be shown or written (reports, logs, summaries): the password of a
     * {@code user:password@} part replaced by {@code ***}; several targets joined by {@code ","}.
     * Every httpbench output shows this, never {@link #target()}.
     */
    public String displayTarget() {
        return targets.stream().map(BenchmarkConfig::redact).collect(Collectors.joining(","));
    }

    /** Each of the {@link #targets()} as it may be shown or written; see {@link #displayTarget()}. */
    public List<String> displayTargets() {
        return targets.stream().map(BenchmarkConfig::redact).toList();
    }

    /**
     * The requests of the run, at least one: those given with {@link Builder#endpoint}, in order, or
     * else the single {@link #request()} as one endpoint named after the target's path. What an engine
     * sends; {@code dev.httpbench.spi.Workload} compiles them.
     */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The feeder shared by all endpoints, if the run has one; endpoints may have their own. */
    public Optional<Feeder> feeder() {
        return Optional.ofNullable(feeder);
    }

    /**
     * Whether the run sends one fixed request to one target (no endpoints, no feeder, one target):
     * the case every engine handles.
     */
    public boolean singleRequest() {
        return !explicitEndpoints && targets.size() == 1;
    }

    /** Whether any feeder of the run is taken {@link Feeder.Order#ONCE once}: the run ends when its rows are used up. */
    public boolean endsWithData() {
        return tables.keySet().stream().anyMatch(f -> f.order() == Feeder.Order.ONCE);
    }

    /** {@code uri} with the password of its user information replaced by {@code ***}. */
    public static String redact(URI uri) {
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return uri.toString();
        }
        int colon = userInfo.indexOf(':');
        String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + RequestSpec.REDACTED;
        return uri.toString().replace(userInfo + "@", shown + "@");
    }

    /**
     * Number of workers, each one event loop with its own connections. Default: the available
     * processors, at most the concurrency.
     */
    public int workers() {
        return workers != null ? workers : Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), concurrency));
    }

    /**
     * Closed loop: requests in flight across all workers. Open loop: the cap on connections (and so on
     * requests being served); requests beyond it wait for a connection, and the wait counts.
     */
    public int concurrency() {
        return concurrency;
    }

    /** The number of measured requests after which the run stops, if set. */
    public OptionalLong requests() {
        return requests > 0 ? OptionalLong.of(requests) : OptionalLong.empty();
    }

    /**
     * How long the measured part of the run lasts, if limited by time: the duration set, the stages'
     * total, or {@link #DEFAULT_DURATION} when neither duration nor {@link #requests()} is set (and no
     * feeder is taken {@link Feeder.Order#ONCE once}: then the run lasts until its rows are used up).
     * When both this and {@link #requests()} are set, whichever is reached first ends the run.
     */
    public Optional<Duration> duration() {
        if (load instanceof LoadModel.Staged staged) {
            return Optional.of(staged.duration());
        }
        return duration != null ? Optional.of(duration)
                : requests > 0 || endsWithData() ? Optional.empty() : Optional.of(DEFAULT_DURATION);
    }

    /**
     * Unrecorded load before measurement starts; connections are opened before it. Empty means
     * automatic (the default): the engine sends unrecorded load until the generator itself has settled
     * (its JIT compiler has finished the hot code, so that compilation neither costs CPU nor adds
     * latency during measurement), at most {@link #MAX_AUTOMATIC_WARMUP}; the result says how long it
     * took ({@link BenchmarkResult#warmupTaken()}). A fixed warm-up, {@link Duration#ZERO} included,
     * is set with {@link Builder#warmup(Duration)}. Either way the warm-up runs everything measurement
     * runs (recording, report ticks, self-monitoring) and rehearses the switch to measurement once
     * (automatic: when the generator first settled, then it must settle again; fixed: at its middle).
     */
    public Optional<Duration> warmup() {
        return Optional.ofNullable(warmup);
    }

    /** How requests are issued: closed loop, constant rate or stages. */
    public LoadModel load() {
        return load;
    }

    /** Whether this is an open-loop run: at a constant {@link #rate()} or following {@link #stages()}. */
    public boolean openLoop() {
        return load.openLoop();
    }

    /**
     * Open loop: the arrival rate in requests/s, for {@link #stages()} the highest rate they reach;
     * 0 for closed loop.
     */
    public double rate() {
        return load.peakRate();
    }

    /** Open loop with a load profile: the stages in order; empty otherwise. */
    public List<Stage> stages() {
        return load.stages();
    }

    /**
     * The arrival rate the run planned over its first {@code window} of measurement, in requests/s:
     * {@link #rate()} for a constant rate, the stages' mean over the window otherwise; 0 in closed
     * loop. What an achieved request rate is judged against.
     */
    public double plannedRate(Duration window) {
        return load.plannedRate(window);
    }

    /**
     * What each request sends: method, headers, body. With {@link #endpoints()} given, the headers
     * common to all of them (method {@code GET}, no body); each endpoint has its own request.
     */
    public RequestSpec request() {
        return request;
    }

    /** The HTTP method, upper case. */
    public String method() {
        return request.method();
    }

    /** Request headers in the order they were added; a name may repeat. */
    public List<Map.Entry<String, String>> headers() {
        return request.headers();
    }

    /** The request body; empty for none. A copy. */
    public byte[] body() {
        return request.body();
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
     * How long requests still in flight when the measured window ends may take to complete before they
     * are aborted and counted as {@link FailureKind#CANCELLED}. Default: the request timeout.
     */
    public Duration drainTimeout() {
        return drainTimeout != null ? drainTimeout : timeout;
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

    /** Whether the engine samples the generator's own cost; see {@link #monitorInterval()}. */
    public boolean monitoring() {
        return !monitorInterval.isZero();
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

    /** The statuses that count as success; others count as failed requests. */
    public StatusCodes successStatuses() {
        return successStatuses;
    }

    /**
     * A builder holding what was set explicitly on this configuration, to derive a variant: defaults
     * that depend on other options (workers, duration, drain timeout) are derived again from the
     * variant's options.
     */
    public Builder toBuilder() {
        Builder b = new Builder(target());
        b.targets.clear();
        b.targets.addAll(targets);
        if (explicitEndpoints) {
            endpoints.forEach(e -> b.endpoints.put(e.name(), e.source().orElseThrow()));
        }
        b.feeder = feeder;
        b.methodSet = !"GET".equals(request.method());
        b.bodySet = request.bodyLength() > 0;
        b.workers = workers;
        b.concurrency = concurrency;
        b.requests = requests;
        b.duration = duration;
        b.warmup = warmup;
        if (load instanceof LoadModel.ConstantRate c) {
            b.rate = c.rate();
        }
        b.stages.addAll(load.stages());
        b.method = request.method();
        b.headers.addAll(request.headers());
        b.redactedHeaders.addAll(request.redactedHeaders());
        b.body = request.body();
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
        StringBuilder s = new StringBuilder(explicitEndpoints ? "" : request.method() + " ").append(displayTarget());
        if (explicitEndpoints) {
            s.append(" endpoints=").append(endpoints.stream().map(e -> e.name() + ":" + e.weight())
                    .collect(Collectors.joining(",")));
        }
        s.append(protocol == HttpProtocol.HTTP_2 ? " HTTP/2" : "")
                .append(" workers=").append(workers())
                .append(" concurrency=").append(concurrency);
        if (load instanceof LoadModel.Staged) {
            s.append(" stages=").append(stages().stream().map(st -> String.format(Locale.ROOT, "%.0f->%.0f/s:%s",
                    st.fromRate(), st.toRate(), format(st.duration()))).collect(Collectors.joining(",")));
        } else if (openLoop()) {
            s.append(" rate=").append(String.format(Locale.ROOT, "%.1f", rate())).append("/s");
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
        return o instanceof BenchmarkConfig c && concurrency == c.concurrency && requests == c.requests
                && targets.equals(c.targets) && endpoints.equals(c.endpoints) && Objects.equals(feeder, c.feeder)
                && Objects.equals(workers, c.workers)
                && Objects.equals(duration, c.duration) && Objects.equals(warmup, c.warmup)
                && load.equals(c.load) && request.equals(c.request) && timeout.equals(c.timeout)
                && connectTimeout.equals(c.connectTimeout) && Objects.equals(drainTimeout, c.drainTimeout)
                && reportInterval.equals(c.reportInterval) && monitorInterval.equals(c.monitorInterval)
                && successStatuses.equals(c.successStatuses) && trustAllCertificates == c.trustAllCertificates
                && protocol == c.protocol;
    }

    @Override
    public int hashCode() {
        return Objects.hash(targets, endpoints, workers, concurrency, requests, duration, load, request);
    }

    /**
     * Builds a {@link BenchmarkConfig}. Each setter checks its own value; {@link #build()} checks the
     * values against each other and throws one {@link InvalidConfigException} listing every problem.
     * Setting an option again replaces the value and its problem. Not thread-safe.
     */
    public static final class Builder {
        private final Problems problems = new Problems();
        private final List<URI> targets = new ArrayList<>(); // empty: a target that could not be parsed
        private final Map<String, Request> endpoints = new LinkedHashMap<>();
        private final Map<String, List<Problem>> endpointProblems = new HashMap<>();
        private Feeder feeder;
        private boolean methodSet;
        private boolean bodySet;
        private Integer workers;
        private int concurrency = DEFAULT_CONCURRENCY;
        private long requests;
        private Duration duration;
        private Duration warmup; // null: automatic
        private double rate;
        private final List<Stage> stages = new ArrayList<>();
        private String method = "GET";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private final java.util.Set<String> redactedHeaders = new java.util.TreeSet<>();
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
            this.targets.add(target);
        }

        Builder(List<URI> targets) {
            targets(targets);
        }

        Builder(String target) {
            if (target == null) {
                this.targets.add(null); // build() reports the missing target
                return;
            }
            try {
                this.targets.add(new URI(target.trim()));
            } catch (URISyntaxException e) {
                problems.put("target", new Problem("target", "must be a valid URI", Problem.escape(target),
                        "target URL must be a valid URI but was '" + Problem.escape(target) + "' (" + e.getReason() + ")"));
            }
        }

        /**
         * Number of workers; each owns one event loop thread and its share of the connections. Must be
         * between 1 and {@link #concurrency(int)}. Default: the number of available processors, at most
         * the concurrency.
         */
        public Builder workers(int workers) {
            this.workers = workers;
            problems.check("workers", workers >= 1, Problem.of("workers", "must be >= 1", workers));
            return this;
        }

        /**
         * Requests in flight across all workers (closed loop), or the connection cap (open loop).
         * Must be between 1 and {@value BenchmarkConfig#MAX_CONCURRENCY}. Default 64.
         */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            problems.check("concurrency", concurrency >= 1 && concurrency <= MAX_CONCURRENCY,
                    Problem.of("concurrency", concurrency < 1 ? "must be >= 1" : "must be <= " + MAX_CONCURRENCY,
                            concurrency));
            return this;
        }

        /** Stop after this many measured requests (>= 1). Unset by default. */
        public Builder requests(long requests) {
            this.requests = requests;
            problems.check("requests", requests >= 1, Problem.of("requests", "must be >= 1", requests));
            return this;
        }

        /**
         * Measure for this long (> 0, at most {@link BenchmarkConfig#MAX_DURATION}). When neither this
         * nor {@link #requests(long)} is set, the run lasts {@link BenchmarkConfig#DEFAULT_DURATION}.
         */
        public Builder duration(Duration duration) {
            this.duration = duration;
            problems.positive("duration", duration, MAX_DURATION);
            return this;
        }

        /**
         * A fixed length of unrecorded load before measurement (>= 0; {@link Duration#ZERO} for none, so
         * that every request sent is recorded). Default: automatic, see {@link BenchmarkConfig#warmup()}.
         */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup == null ? Duration.ZERO : warmup;
            problems.notNegative("warmup", warmup, MAX_DURATION);
            return this;
        }

        /**
         * Lets the engine decide how long to warm up (the default): until the generator has settled, at
         * most {@link BenchmarkConfig#MAX_AUTOMATIC_WARMUP}. See {@link BenchmarkConfig#warmup()}.
         */
        public Builder automaticWarmup() {
            this.warmup = null;
            problems.clear("warmup");
            return this;
        }

        /**
         * Switches to open loop: issue requests at this constant rate in requests/s (> 0, at most
         * {@link BenchmarkConfig#MAX_RATE}), and measure latency from each request's intended send time.
         */
        public Builder rate(double requestsPerSecond) {
            this.rate = requestsPerSecond;
            problems.check("rate", rateOk(requestsPerSecond) && requestsPerSecond > 0,
                    Problem.of("rate", "must be > 0 and <= 10000000 requests/s", requestsPerSecond));
            return this;
        }

        /** Back to closed loop (the default): forgets the rate and the stages. */
        public Builder closedLoop() {
            this.rate = 0;
            this.stages.clear();
            problems.clear("rate");
            problems.clear("stages");
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
                    } else if (st.duration().compareTo(MAX_DURATION) > 0) {
                        found.add("stages[" + i + "] duration must be <= " + format(MAX_DURATION) + " but was "
                                + format(st.duration()));
                    } else if (found.isEmpty()) {
                        planned += st.plannedRequests();
                    }
                    this.stages.add(st);
                }
                if (found.isEmpty() && planned < 1) {
                    found.add("stages must plan at least one request but plan " + planned);
                }
            }
            String joined = String.join("; ", found);
            problems.check("stages", found.isEmpty(), new Problem("stages", "must each have rates >= 0 and a "
                    + "duration > 0 and plan at least one request", List.of(stages == null ? new Stage[0] : stages)
                    .toString(), joined));
            return this;
        }

        private static boolean rateOk(double rate) {
            return rate >= 0 && rate <= MAX_RATE && Double.isFinite(rate);
        }

        /**
         * The instances of the service to spread the load over, replacing the target(s): each an http(s)
         * URL, all with the same path; each worker spreads its connections evenly across them.
         */
        public Builder targets(List<URI> targets) {
            this.targets.clear();
            problems.clear("target");
            if (targets == null || targets.isEmpty()) {
                problems.put("targets", new Problem("targets", "must not be empty", targets == null ? null : "[]",
                        "targets must not be empty but was " + (targets == null ? "null" : "[]")));
            } else {
                problems.clear("targets");
                this.targets.addAll(targets);
            }
            return this;
        }

        /**
         * Adds an endpoint to the mix: a named request with its weight and, optionally, its feeder; the
         * run sends these instead of its single request. Its path is joined to the target's path (the
         * target must have no query). Adding a name again replaces that endpoint in its place. Headers set
         * on this builder go to every endpoint that does not set the same name itself; {@code method}
         * and {@code body} must not be set on this builder then.
         *
         * @param name 1 to 64 letters, digits, {@code .}, {@code _}, {@code -} or {@code /}: how
         *        results and thresholds name the endpoint
         */
        public Builder endpoint(String name, Request.Builder request) {
            if (request == null) {
                return endpoint(name, (Request) null);
            }
            return add(name, request.snapshot(), request.problems());
        }

        /**
         * Adds an endpoint written on one line ({@link Endpoint.Line}, e.g.
         * {@code items=GET /items/${id} weight 80}); see {@link #endpoint(String, Request.Builder)}.
         */
        public Builder endpoint(String line) {
            Endpoint.Line parsed;
            try {
                parsed = Endpoint.Line.parse(line);
            } catch (IllegalArgumentException e) {
                problems.put("endpoint line " + line, new Problem("endpoint", "must be " + Endpoint.LINE_FORM,
                        line == null ? null : "'" + line + "'", "endpoint " + e.getMessage()));
                return this;
            }
            return endpoint(parsed.name(), parsed.request());
        }

        /** Adds an endpoint to the mix; see {@link #endpoint(String, Request.Builder)}. */
        public Builder endpoint(String name, Request request) {
            return add(name, request, request == null ? List.of(new Problem("request", "must not be null", null,
                    "request must not be null")) : List.of());
        }

        private Builder add(String name, Request request, List<Problem> found) {
            if (!Endpoint.validName(name)) {
                problems.put("endpoint " + name, Problem.of("endpoint", "name must be " + Endpoint.NAME_RULE,
                        name == null ? null : "'" + name + "'"));
                return this;
            }
            endpoints.put(name, request);
            endpointProblems.put(name, found.stream().map(p -> endpointProblem(name, p)).toList());
            return this;
        }

        private static Problem endpointProblem(String name, Problem p) {
            return new Problem("endpoint[" + name + "]." + p.option(), p.rule(), p.value(),
                    "endpoint " + name + ": " + p.message());
        }

        /**
         * The feeder shared by every endpoint: a placeholder an endpoint's own feeder does not have is
         * filled from the row this feeder gives that request. Needs endpoints. Replaces an earlier one.
         */
        public Builder feeder(Feeder feeder) {
            this.feeder = feeder;
            problems.check("feeder", feeder != null, new Problem("feeder", "must not be null", null,
                    "feeder must not be null"));
            return this;
        }

        /** The HTTP method, e.g. {@code POST}; an HTTP token. Default {@code GET}. Not with endpoints. */
        public Builder method(String method) {
            Problem p = RequestSpec.methodProblem(method);
            this.methodSet = true;
            this.method = p == null ? method.toUpperCase(Locale.ROOT) : "GET";
            problems.check("method", p == null, p);
            return this;
        }

        /**
         * Adds a request header; may be called again for the same name. The engine owns the message's
         * framing and the connection: {@code Content-Length}, {@code Transfer-Encoding},
         * {@code Connection} and the other hop-by-hop headers are rejected. {@code Host} and
         * {@code User-Agent} replace the engine's.
         */
        public Builder header(String name, String value) {
            Problem p = RequestSpec.headerProblem(name, value);
            if (p == null) {
                headers.add(Map.entry(name, value));
            } else {
                problems.put("header " + name, p);
            }
            return this;
        }

        /**
         * Never show or write the value of header {@code name} (case-insensitive): reports, logs and
         * summaries print {@code ***} instead. {@code Authorization}, {@code Proxy-Authorization} and
         * {@code Cookie} are always redacted.
         */
        public Builder redactHeader(String name) {
            Problem p = name == null || name.isBlank() ? Problem.of("redactHeader", "must be a header name", name) : null;
            if (p == null) {
                redactedHeaders.add(name.toLowerCase(Locale.ROOT));
            }
            problems.check("redactHeader", p == null, p);
            return this;
        }

        /** The request body, sent as is; set a {@code Content-Type} header to describe it. */
        public Builder body(byte[] body) {
            problems.check("body", body != null, new Problem("body", "must not be null", null, "body must not be null"));
            this.body = body == null ? new byte[0] : body.clone();
            this.bodySet = true;
            return this;
        }

        /** The request body as UTF-8 text. */
        public Builder body(String body) {
            return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        /** Per-request timeout (> 0), queueing for a connection included. Default 10s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            problems.positive("timeout", timeout, MAX_DURATION);
            return this;
        }

        /** TCP connect timeout (> 0). Default 5s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            problems.positive("connectTimeout", connectTimeout, MAX_DURATION);
            return this;
        }

        /**
         * How long requests in flight when the measured window ends may still complete (>= 0) before
         * they are aborted and counted as {@link FailureKind#CANCELLED}. Default: the request timeout.
         */
        public Builder drainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
            problems.notNegative("drainTimeout", drainTimeout, MAX_DURATION);
            return this;
        }

        /** Length of each timeline entry, between 100ms and 1h. Default 1s. */
        public Builder reportInterval(Duration reportInterval) {
            this.reportInterval = reportInterval;
            problems.check("reportInterval", reportInterval != null && reportInterval.toMillis() >= 100
                            && reportInterval.compareTo(Duration.ofHours(1)) <= 0,
                    Problem.of("reportInterval", "must be between 100ms and 1h", format(reportInterval)));
            return this;
        }

        /**
         * How often the generator samples its own cost during measurement, between 100ms and 1h, or 0s to
         * switch self-monitoring off (the result then has no {@link BenchmarkResult#client()} figures).
         * Default 1s.
         */
        public Builder monitorInterval(Duration monitorInterval) {
            this.monitorInterval = monitorInterval == null ? DEFAULT_MONITOR_INTERVAL : monitorInterval;
            problems.check("monitorInterval", monitorInterval != null && (monitorInterval.isZero()
                            || monitorInterval.toMillis() >= 100 && monitorInterval.compareTo(Duration.ofHours(1)) <= 0),
                    Problem.of("monitorInterval", "must be 0s (off) or between 100ms and 1h", format(monitorInterval)));
            return this;
        }

        /**
         * The HTTP version to speak: {@link HttpProtocol#HTTP_1_1} (the default) or
         * {@link HttpProtocol#HTTP_2}, where each worker multiplexes its share of the concurrency as
         * streams on one connection.
         */
        public Builder protocol(HttpProtocol protocol) {
            this.protocol = protocol == null ? HttpProtocol.HTTP_1_1 : protocol;
            problems.check("protocol", protocol != null, Problem.of("protocol", "must be HTTP_1_1 or HTTP_2", null));
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
                problems.clear("successStatuses");
            } catch (IllegalArgumentException e) {
                problems.put("successStatuses", new Problem("successStatuses", e.getMessage(),
                        Problem.escape(statuses), "successStatuses " + e.getMessage()));
            }
            return this;
        }

        /**
         * Validates and returns the configuration.
         *
         * @throws InvalidConfigException listing every problem, each naming the option, rule and value
         */
        public BenchmarkConfig build() {
            List<Problem> cross = new ArrayList<>();
            List<Problem> targetProblems = targetProblems();
            if (workers != null && workers >= 1 && concurrency >= 1 && workers > concurrency) {
                cross.add(Problem.of("workers", "must be <= concurrency (" + concurrency + ")", workers));
            }
            if (!stages.isEmpty() && !problems.has("stages")) {
                if (rate != 0) {
                    cross.add(new Problem("rate", "must not be set with stages", Double.toString(rate),
                            "rate and stages are exclusive: set one of them (rate was " + rate + ")"));
                }
                if (duration != null) {
                    cross.add(new Problem("duration", "must not be set with stages", format(duration),
                            "duration must not be set with stages (their total is the duration) but was "
                                    + format(duration)));
                }
            }
            boolean targetsOk = targetProblems.isEmpty() && !problems.has("target") && !problems.has("targets");
            Mix workload = new Mix(targetsOk);
            cross.addAll(workload.problems);
            problems.throwIfAny(targetProblems, cross);
            LoadModel load = !stages.isEmpty() ? new LoadModel.Staged(stages)
                    : rate > 0 ? new LoadModel.ConstantRate(rate) : new LoadModel.ClosedLoop();
            return new BenchmarkConfig(this, load, workload.endpoints, workload.tables);
        }

        private List<Problem> targetProblems() {
            if (problems.has("target") || problems.has("targets")) {
                return List.of(); // already reported
            }
            boolean several = targets.size() > 1;
            List<Problem> found = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                Problem p = targetProblem(targets.get(i), several ? "targets[" + i + "]" : "target URL",
                        several ? "targets" : "target");
                if (p != null) {
                    found.add(p);
                } else if (several && targets.indexOf(targets.get(i)) < i) {
                    found.add(new Problem("targets", "must be distinct", redact(targets.get(i)), "targets must be distinct but "
                            + "targets[" + i + "] repeats '" + redact(targets.get(i)) + "'"));
                }
            }
            if (targets.size() > MAX_TARGETS) {
                found.add(Problem.of("targets", "must be at most " + MAX_TARGETS, targets.size()));
            }
            if (found.isEmpty() && several) {
                for (int i = 1; i < targets.size(); i++) {
                    if (!pathAndQuery(targets.get(i)).equals(pathAndQuery(targets.get(0)))) {
                        found.add(new Problem("targets", "must all have the same path and query",
                                pathAndQuery(targets.get(i)), "targets must all have the same path and query but targets["
                                + i + "] has '" + pathAndQuery(targets.get(i)) + "' and targets[0] '"
                                + pathAndQuery(targets.get(0)) + "'"));
                    }
                }
            }
            return found;
        }

        private static Problem targetProblem(URI target, String label, String option) {
            if (target == null) {
                return new Problem(option, "must not be null", null, label + " must not be null");
            }
            String scheme = target.getScheme() == null ? null : target.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                return new Problem(option, "scheme must be http or https", target.getScheme(),
                        label + " scheme must be http or https but was "
                                + (scheme == null ? "missing" : "'" + target.getScheme() + "'") + " in '" + redact(target) + "'");
            }
            if (target.getHost() == null || target.getHost().isEmpty()) {
                return new Problem(option, "must have a host", redact(target), label + " must have a host but was '"
                        + redact(target) + "'");
            }
            return null;
        }

        /** The request target of a URL: its raw path ({@code /} when empty) and query. */
        private static String pathAndQuery(URI target) {
            String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
            return target.getRawQuery() == null ? path : path + "?" + target.getRawQuery();
        }

        /**
         * The endpoints and feeder tables this builder describes, and their problems: endpoint settings,
         * feeder files (read here, before any load), and placeholders without a column. Not thread-safe.
         */
        private final class Mix {
            final List<Problem> problems = new ArrayList<>();
            final List<Endpoint> endpoints = new ArrayList<>();
            final Map<Feeder, FeedTable> tables = new HashMap<>();
            private final Map<Feeder, String> failed = new HashMap<>();
            private boolean ownUsed;
            private boolean runUsed;

            Mix(boolean targetsOk) {
                RequestSpec common = new RequestSpec(method, headers, body, redactedHeaders);
                if (Builder.this.endpoints.isEmpty()) {
                    if (feeder != null) {
                        problems.add(new Problem("feeder", "needs endpoints", feeder.toString(), "feeder needs endpoints "
                                + "(the single request of a run without endpoints has no placeholders) but was " + feeder));
                    }
                    if (targetsOk) {
                        endpoints.add(Endpoint.single(pathAndQuery(targets.get(0)), common));
                    }
                    return;
                }
                Builder.this.endpoints.keySet().forEach(name -> problems.addAll(endpointProblems.getOrDefault(name, List.of())));
                if (Builder.this.endpoints.size() > MAX_ENDPOINTS) {
                    problems.add(Problem.of("endpoint", "count must be at most " + MAX_ENDPOINTS,
                            Builder.this.endpoints.size()));
                }
                if (methodSet) {
                    problems.add(new Problem("method", "must not be set with endpoints", method, "method must not be set "
                            + "with endpoints (each endpoint has its own) but was " + method));
                }
                if (bodySet) {
                    problems.add(new Problem("body", "must not be set with endpoints", body.length + " bytes",
                            "body must not be set with endpoints (each endpoint has its own) but was " + body.length + " bytes"));
                }
                if (!targetsOk) {
                    return;
                }
                URI base = targets.get(0);
                if (base.getRawQuery() != null) {
                    problems.add(new Problem(targets.size() > 1 ? "targets" : "target", "must have no query with endpoints",
                            redact(base), "target URL must have no query with endpoints (their paths carry it) but was '"
                                    + redact(base) + "'"));
                    return;
                }
                String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
                FeedTable runTable = feeder == null ? null : load(feeder, "feeder", "");
                for (Map.Entry<String, Request> e : Builder.this.endpoints.entrySet()) {
                    String name = e.getKey();
                    Request request = e.getValue();
                    if (request == null || !endpointProblems.getOrDefault(name, List.of()).isEmpty()) {
                        continue;
                    }
                    Endpoint endpoint = Endpoint.of(name, request, basePath, headers, redactedHeaders);
                    endpoints.add(endpoint);
                    FeedTable own = request.feeder().map(f -> load(f, "endpoint[" + name + "].feeder",
                            "endpoint " + name + ": ")).orElse(null);
                    boolean ownFailed = request.feeder().isPresent() && own == null;
                    if (!ownFailed && (feeder == null || runTable != null)) {
                        ownUsed = false;
                        placeholders(endpoint, own, runTable);
                        if (own != null && !ownUsed && request.feeder().get().order() == Feeder.Order.ONCE) {
                            problems.add(unusedOnce("endpoint[" + name + "].feeder", "endpoint " + name + ": ",
                                    request.feeder().get()));
                        }
                    }
                }
                if (runTable != null && !runUsed && feeder.order() == Feeder.Order.ONCE && problems.isEmpty()) {
                    problems.add(unusedOnce("feeder", "", feeder));
                }
            }

            /** A once feeder that no placeholder uses would never run out, and the run would never end. */
            private Problem unusedOnce(String option, String prefix, Feeder f) {
                return new Problem(option, "must fill a placeholder when taken once", String.valueOf(f.file()), prefix
                        + "feeder " + f.file() + " is taken once (the run ends when its rows are used up) so it must "
                        + "fill a placeholder but fills none");
            }

            /** Reads {@code f} once per file and format; null, with a problem, when it cannot be used. */
            private FeedTable load(Feeder f, String option, String prefix) {
                for (Map.Entry<Feeder, FeedTable> t : tables.entrySet()) {
                    if (Objects.equals(t.getKey().file(), f.file()) && t.getKey().format() == f.format()) {
                        tables.put(f, t.getValue());
                        return t.getValue();
                    }
                }
                String why = failed.entrySet().stream().filter(t -> Objects.equals(t.getKey().file(), f.file())
                        && t.getKey().format() == f.format()).map(Map.Entry::getValue).findFirst().orElse(null);
                if (why == null) {
                    try {
                        FeedTable table = FeedTable.read(f);
                        tables.put(f, table);
                        return table;
                    } catch (FeedTable.FeedException ex) {
                        why = ex.getMessage();
                        failed.put(f, why);
                    }
                }
                problems.add(new Problem(option, "must be a readable file with a header and rows", String.valueOf(f.file()),
                        prefix + why));
                return null;
            }

            /** Checks that each placeholder of {@code e} names a column, and that header values hold no CR or LF. */
            private void placeholders(Endpoint e, FeedTable own, FeedTable run) {
                String option = "endpoint[" + e.name() + "].";
                String prefix = "endpoint " + e.name() + ": ";
                check(e, own, run, option + "path", prefix + "path", e.path().getBytes(StandardCharsets.UTF_8), false, true);
                for (Map.Entry<String, String> h : e.request().headers()) {
                    check(e, own, run, option + "header", prefix + "header " + h.getKey(),
                            h.getValue().getBytes(StandardCharsets.UTF_8), true, false);
                }
                byte[] bodyBytes = e.request().body();
                check(e, own, run, option + "body", prefix + "body", bodyBytes, false, false);
            }

            private void check(Endpoint e, FeedTable own, FeedTable run, String option, String where, byte[] text,
                    boolean header, boolean target) {
                Template t;
                try {
                    t = target ? Template.target(new String(text, StandardCharsets.UTF_8))
                            : e.jsonBody() && !header ? Template.json(text) : Template.text(text);
                } catch (Template.TemplateException ex) {
                    problems.add(new Problem(option, "must be a valid template", null, where + " " + ex.getMessage()));
                    return;
                }
                Set<String> reported = new LinkedHashSet<>();
                for (String name : t.names()) {
                    FeedTable table = own != null && own.column(name) >= 0 ? own
                            : run != null && run.column(name) >= 0 ? run : null;
                    if (table == null) {
                        if (reported.add(name)) {
                            problems.add(columnProblem(option, where, name, own, run));
                        }
                        continue;
                    }
                    ownUsed |= table == own;
                    runUsed |= table == run;
                    if (header) {
                        int column = table.column(name);
                        for (int r = 0; r < table.rowCount(); r++) {
                            String v = table.value(r, column);
                            if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                                problems.add(new Problem(option, "values must not contain CR or LF", null, "feeder file "
                                        + table.file() + " line " + table.line(r) + " column " + name
                                        + " must not contain CR or LF (it fills " + where + ") but does"));
                                break;
                            }
                        }
                    }
                }
            }

            private Problem columnProblem(String option, String where, String name, FeedTable own, FeedTable run) {
                List<String> of = new ArrayList<>();
                for (FeedTable t : new FeedTable[] {own, run}) {
                    if (t != null) {
                        of.add(t.file() + " (" + String.join(", ", t.columns()) + ")");
                    }
                }
                String rule = of.isEmpty() ? "placeholder must name a column of a feeder"
                        : "placeholder must name a column of " + String.join(" or of ", of);
                return new Problem(option, rule, "${" + name + "}", where + " " + rule + " but was ${" + name + "}"
                        + (of.isEmpty() ? ", and neither the endpoint nor the run has a feeder" : ""));
            }
        }

        /** Builds and runs the benchmark, blocking until it ends. */
        public BenchmarkResult run() {
            return Benchmark.run(build());
        }

        /** Builds and starts the benchmark; the returned handle can stop it and delivers the result. */
        public BenchmarkRun start() {
            return Benchmark.start(build());
        }

        /**
         * Finds the highest open-loop rate at which the target meets {@code slo}, with these settings for
         * every probe and the search's defaults; see {@link MaxRateSearch} for the search and its options.
         */
        public MaxRate findMaxRate(Slo slo) {
            return MaxRateSearch.builder(build(), slo).run();
        }
    }
}
