package dev.httpbench.spi;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Endpoint;
import dev.httpbench.Feeder;
import dev.httpbench.internal.FeedAccess;
import dev.httpbench.internal.FeedTable;
import dev.httpbench.internal.Template;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a run sends, compiled for an engine: its {@link #endpoints()} with their exact weighted
 * {@link #sequence()}, its target {@link #instances()}, its {@link #feeders()}, and a
 * {@link RequestTemplate} per endpoint and instance. Built once per run, before any load; every feeder
 * value is encoded here, once per row, for the place it fills (path, query, JSON string, text), so
 * that a request costs only byte copies. Immutable and thread-safe; each worker thread takes its own
 * {@link #forWorker(int, int) WorkerRequests}, which holds everything that changes per request.
 *
 * <pre>{@code
 * Workload workload = Workload.of(config);                  // once per run
 * WorkerRequests requests = workload.forWorker(w, workers); // once per worker, on its thread
 * int instance = workload.instanceOf(w, workers, c);        // once per connection c of the worker
 * RequestBuffer buffer = new RequestBuffer(512);            // once per connection
 * int endpoint = requests.next(instance, buffer);           // per request: write buffer.bytes()
 * if (endpoint == WorkerRequests.EXHAUSTED) { ... }         // a once feeder is used up: issue no more
 * }</pre>
 */
public final class Workload {
    /** The {@code User-Agent} sent unless a request sets its own. */
    public static final String USER_AGENT = "httpbench/" + Benchmark.version();

    private final BenchmarkConfig config;
    private final List<Endpoint> endpoints;
    private final List<URI> instances;
    private final List<Feeder> feeders = new ArrayList<>();
    private final List<FeedTable> tables = new ArrayList<>();
    private final RequestTemplate[][] templates;
    private final int[][] endpointFeeds;
    private final WeightedSequence sequence;
    private final Map<String, byte[][]> encoded = new HashMap<>(); // only while compiling

    private Workload(BenchmarkConfig config) {
        this.config = config;
        this.endpoints = config.endpoints();
        this.instances = config.targets();
        int runFeed = -1;
        if (config.feeder().isPresent()) {
            runFeed = addFeed(config.feeder().get());
        }
        this.templates = new RequestTemplate[endpoints.size()][instances.size()];
        this.endpointFeeds = new int[endpoints.size()][];
        int[] weights = new int[endpoints.size()];
        for (int e = 0; e < endpoints.size(); e++) {
            Endpoint endpoint = endpoints.get(e);
            weights[e] = endpoint.weight();
            int ownFeed = endpoint.feeder().isPresent() ? addFeed(endpoint.feeder().get()) : -1;
            for (int i = 0; i < instances.size(); i++) {
                templates[e][i] = compile(endpoint, instances.get(i), ownFeed, runFeed);
            }
            endpointFeeds[e] = templates[e][0].feeds();
        }
        this.sequence = WeightedSequence.of(weights);
        encoded.clear();
    }

    /** Compiles {@code config}'s requests, as built (its feeder files were read and checked then). */
    public static Workload of(BenchmarkConfig config) {
        return new Workload(config);
    }

    private int addFeed(Feeder feeder) {
        feeders.add(feeder);
        tables.add(FeedAccess.tables().table(config, feeder));
        return feeders.size() - 1;
    }

    /** The endpoints, at least one, in the configuration's order: the indexes every method here uses. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The target instances, at least one, in the configuration's order. */
    public List<URI> instances() {
        return instances;
    }

    /**
     * The feeders whose rows requests take, each with its own cursor per worker: the run's first, if
     * any, then each endpoint's own, in endpoint order.
     */
    public List<Feeder> feeders() {
        return List.copyOf(feeders);
    }

    /** Whether no request has a placeholder: every request's bytes are encoded once, before the run. */
    public boolean isStatic() {
        for (RequestTemplate[] byInstance : templates) {
            if (!byInstance[0].isStatic()) {
                return false;
            }
        }
        return true;
    }

    /** The exact order in which endpoints are picked; see {@link WeightedSequence}. */
    public WeightedSequence sequence() {
        return sequence;
    }

    /** The compiled request of endpoint {@code endpoint} to instance {@code instance}. */
    public RequestTemplate template(int endpoint, int instance) {
        return templates[endpoint][instance];
    }

    /**
     * The instance that connection {@code connection} of worker {@code worker} of {@code workers} talks to,
     * when each worker keeps its exact share of {@link BenchmarkConfig#concurrency()} connections
     * ({@code concurrency / workers}, the first {@code concurrency % workers} workers one more): the
     * run's connections, numbered worker after worker, go to the instances in turn, so that every
     * instance gets the same number of connections (within one), and so does each worker's share.
     */
    public int instanceOf(int worker, int workers, int connection) {
        int c = config.concurrency();
        long first = (long) worker * (c / workers) + Math.min(worker, c % workers);
        return (int) ((first + connection) % instances.size());
    }

    /** The per-request state of worker {@code worker} (0-based) of {@code workers}: call on that worker's thread. */
    public WorkerRequests forWorker(int worker, int workers) {
        return new WorkerRequests(this, worker, workers);
    }

    RequestTemplate[][] templates() {
        return templates;
    }

    int[][] endpointFeeds() {
        return endpointFeeds;
    }

    FeedCursor cursor(int feed, int worker, int workers) {
        Feeder f = feeders.get(feed);
        return FeedCursor.of(f.order(), tables.get(feed).rowCount(), f.seed(), worker, workers);
    }

    // ---- compiling ----

    private RequestTemplate compile(Endpoint endpoint, URI instance, int ownFeed, int runFeed) {
        String method = endpoint.request().method();
        List<Map.Entry<String, String>> headers = endpoint.request().headers();
        Set<Integer> feeds = new LinkedHashSet<>();
        RequestTemplate.Program target = program(endpoint, endpoint.path().getBytes(StandardCharsets.UTF_8),
                Kind.TARGET, ownFeed, runFeed, feeds);
        List<String> names = new ArrayList<>();
        List<RequestTemplate.Program> values = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            names.add(h.getKey());
            values.add(program(endpoint, h.getValue().getBytes(StandardCharsets.UTF_8), Kind.TEXT, ownFeed, runFeed,
                    feeds));
        }
        RequestTemplate.Program body = program(endpoint, endpoint.request().body(),
                endpoint.jsonBody() ? Kind.JSON : Kind.TEXT, ownFeed, runFeed, feeds);

        RequestTemplate.Program.Builder start = new RequestTemplate.Program.Builder().literal(method + " ");
        target.appendTo(start);
        start.literal(" HTTP/1.1\r\n");
        if (!has(headers, "host")) {
            start.literal("Host: " + hostHeader(instance) + "\r\n");
        }
        if (!has(headers, "user-agent")) {
            start.literal("User-Agent: " + USER_AGENT + "\r\n");
        }
        for (int i = 0; i < names.size(); i++) {
            start.literal(names.get(i) + ": ");
            values.get(i).appendTo(start);
            start.literal("\r\n");
        }
        boolean hasBody = !body.isEmpty();
        if (hasBody && !has(headers, "content-type")) {
            start.literal("Content-Type: application/octet-stream\r\n");
        }
        boolean contentLength = hasBody || method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return new RequestTemplate(method, start.build(), body, contentLength, target, names, values,
                feeds.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean has(List<Map.Entry<String, String>> headers, String name) {
        return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
    }

    private enum Kind { TARGET, TEXT, JSON }

    private RequestTemplate.Program program(Endpoint endpoint, byte[] text, Kind kind, int ownFeed, int runFeed,
            Set<Integer> feeds) {
        Template t;
        try {
            t = !endpoint.templated() ? Template.literal(text)
                    : kind == Kind.TARGET ? Template.target(new String(text, StandardCharsets.UTF_8))
                    : kind == Kind.JSON ? Template.json(text) : Template.text(text);
        } catch (Template.TemplateException e) {
            throw new IllegalStateException("endpoint " + endpoint.name() + " was built with a template it cannot "
                    + "parse: " + e.getMessage(), e);
        }
        RequestTemplate.Program.Builder b = new RequestTemplate.Program.Builder();
        for (int i = 0; i < t.slots(); i++) {
            b.literal(t.literal(i));
            String name = t.name(i);
            int feed = ownFeed >= 0 && tables.get(ownFeed).column(name) >= 0 ? ownFeed
                    : runFeed >= 0 && tables.get(runFeed).column(name) >= 0 ? runFeed : -1;
            if (feed < 0) {
                throw new IllegalStateException("endpoint " + endpoint.name() + " was built with placeholder ${" + name
                        + "}, which no feeder has");
            }
            feeds.add(feed);
            b.slot(feed, encoded(tables.get(feed), name, t.place(i)));
        }
        return b.literal(t.literal(t.slots())).build();
    }

    /** Every row's value of {@code column}, encoded for {@code place}; once per table, column and place. */
    private byte[][] encoded(FeedTable table, String column, Template.Place place) {
        String key = System.identityHashCode(table) + "/" + table.file() + "/" + column + "/" + place;
        return encoded.computeIfAbsent(key, k -> {
            int c = table.column(column);
            byte[][] values = new byte[table.rowCount()][];
            for (int r = 0; r < values.length; r++) {
                values[r] = encode(table.value(r, c), place);
            }
            return values;
        });
    }

    /** {@code value} as it must be written where {@code place} says. */
    static byte[] encode(String value, Template.Place place) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        switch (place) {
            case PATH:
            case QUERY: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 8);
                for (byte b : utf8) {
                    int c = b & 0xff;
                    if (unreserved(c) || place == Template.Place.QUERY && "!$'()*,;:@/?".indexOf(c) >= 0) {
                        out.write(c);
                    } else {
                        out.write('%');
                        out.write(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                        out.write(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                    }
                }
                return out.toByteArray();
            }
            case JSON_STRING: {
                StringBuilder s = new StringBuilder(value.length() + 8);
                for (int i = 0; i < value.length(); i++) {
                    char ch = value.charAt(i);
                    switch (ch) {
                        case '"' -> s.append("\\\"");
                        case '\\' -> s.append("\\\\");
                        case '\n' -> s.append("\\n");
                        case '\r' -> s.append("\\r");
                        case '\t' -> s.append("\\t");
                        case '\b' -> s.append("\\b");
                        case '\f' -> s.append("\\f");
                        default -> {
                            if (ch < 0x20) {
                                s.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                            } else {
                                s.append(ch);
                            }
                        }
                    }
                }
                return s.toString().getBytes(StandardCharsets.UTF_8);
            }
            default:
                return utf8;
        }
    }

    private static boolean unreserved(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** The {@code Host} header for {@code target}: its host, and its port unless the scheme's default. */
    static String hostHeader(URI target) {
        int port = target.getPort();
        int defaultPort = "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
        return port < 0 || port == defaultPort ? target.getHost() : target.getHost() + ":" + port;
    }
}
