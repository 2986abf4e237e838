package dev.httpbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One named, weighted request of a run as the engine sends it: the path joined to the targets' base
 * path, the run's headers followed by the endpoint's own, and its feeder. A run without endpoints has
 * exactly one, its single request, named after its path and sent exactly as given (not
 * {@link #templated()}), so that engines handle one case. See {@link BenchmarkConfig#endpoints()}.
 * Immutable.
 */
public final class Endpoint {
    /** What an endpoint name must look like. */
    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_', '-' or '/'";

    private final String name;
    private final int weight;
    private final String path;
    private final RequestSpec request;
    private final Feeder feeder;
    private final boolean templated;
    private final Request source;

    private Endpoint(String name, int weight, String path, RequestSpec request, Feeder feeder, boolean templated,
            Request source) {
        this.name = name;
        this.weight = weight;
        this.path = path;
        this.request = request;
        this.feeder = feeder;
        this.templated = templated;
        this.source = source;
    }

    /** The single request of a run without endpoints: {@code path} (path and query) as given, weight 1. */
    static Endpoint single(String path, RequestSpec request) {
        int query = path.indexOf('?');
        return new Endpoint(query < 0 ? path : path.substring(0, query), 1, path, request, null, false, null);
    }

    /**
     * An endpoint of a mix: {@code basePath} (the targets' path, without a trailing {@code /}) joined
     * to the request's path; {@code runHeaders} come first, but for a name the request sets itself.
     */
    static Endpoint of(String name, Request request, String basePath, List<Map.Entry<String, String>> runHeaders,
            Set<String> runRedacted) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : runHeaders) {
            if (request.headers().stream().noneMatch(own -> own.getKey().equalsIgnoreCase(h.getKey()))) {
                headers.add(h);
            }
        }
        headers.addAll(request.headers());
        if (request.json() && headers.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("content-type"))) {
            headers.add(Map.entry("Content-Type", Request.JSON));
        }
        Set<String> redacted = new java.util.TreeSet<>(runRedacted);
        redacted.addAll(request.redactedHeaders());
        RequestSpec spec = new RequestSpec(request.method(), headers, request.body(), redacted);
        return new Endpoint(name, request.weight(), basePath + request.path(), spec, request.feeder().orElse(null),
                true, request);
    }

    /** Whether {@code name} may name an endpoint. */
    static boolean validName(String name) {
        return name != null && name.matches("[A-Za-z0-9._/-]{1,64}");
    }

    /** The endpoint's name: as given, or for a run's single request its path (without query), e.g. {@code /health}. */
    public String name() {
        return name;
    }

    /** Its share of the mix: this weight over the sum of the endpoints' weights. */
    public int weight() {
        return weight;
    }

    /**
     * The request target sent (path and query, starting with {@code /}), placeholders as written.
     * Shown in reports as it is: placeholders, never the values that fill them.
     */
    public String path() {
        return path;
    }

    /**
     * Method, headers (the run's, then the endpoint's; placeholders as written) and body; its
     * {@link RequestSpec#displayHeaders()} is the only form of the headers an output may show.
     */
    public RequestSpec request() {
        return request;
    }

    /** The endpoint's own feeder, if it has one; the run's is {@link BenchmarkConfig#feeder()}. */
    public Optional<Feeder> feeder() {
        return Optional.ofNullable(feeder);
    }

    /**
     * Whether {@code ${name}} in the path, header values and body are placeholders: true for every
     * endpoint given with {@link BenchmarkConfig.Builder#endpoint}, false for a run's single request,
     * which is sent exactly as given.
     */
    public boolean templated() {
        return templated;
    }

    /**
     * Whether the body is JSON (its {@code Content-Type} is {@code application/json} or ends in
     * {@code +json}): a placeholder inside one of its strings is escaped as JSON.
     */
    public boolean jsonBody() {
        return request.header("content-type").map(t -> {
            String type = t.toLowerCase(Locale.ROOT);
            int semi = type.indexOf(';');
            type = (semi < 0 ? type : type.substring(0, semi)).trim();
            return type.equals(Request.JSON) || type.endsWith("+json");
        }).orElse(false);
    }

    /** The request as given to the builder; empty for a run's single request. */
    Optional<Request> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && name.equals(e.name) && weight == e.weight && path.equals(e.path)
                && request.equals(e.request) && Objects.equals(feeder, e.feeder) && templated == e.templated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, weight, path, request, feeder);
    }

    /**
     * An endpoint written on one line, as the runner's {@code --endpoint} and {@code @LoadTest(endpoints)}
     * take it: {@value #LINE_FORM}, e.g. {@code items=GET /items/${id} weight 80} or
     * {@code order=POST /orders weight 5 json {"sku":"${sku}"}}. The method defaults to {@code GET}, the
     * weight to 1; the body is everything after {@code json} (sent with {@code Content-Type:
     * application/json}) or {@code body}. Only the form is checked here; the name, method, path and
     * weight when the configuration is built. Immutable.
     */
    public record Line(String name, String method, String path, int weight, boolean json, String body) {
        private static final java.util.regex.Pattern FORM = java.util.regex.Pattern.compile(
                "\\s*([^=\\s]+)\\s*=\\s*(?:([A-Za-z]+)\\s+)?(/\\S*)(?:\\s+weight\\s+(\\d{1,9}))?"
                        + "(?:\\s+(json|body)\\s(.*))?\\s*", java.util.regex.Pattern.DOTALL);

        /**
         * Reads one line.
         *
         * @throws IllegalArgumentException when it is not of the form, with the message
         *         {@code must be NAME=[METHOD ]PATH[ weight N][ json TEXT | body TEXT], like 'items=GET
         *         /items/${id} weight 80', but was '...'}
         */
        public static Line parse(String line) {
            java.util.regex.Matcher m = FORM.matcher(line == null ? "" : line);
            if (!m.matches()) {
                throw new IllegalArgumentException("must be " + LINE_FORM + ", like 'items=GET /items/${id} weight 80', "
                        + "but was '" + InvalidConfigException.Problem.escape(String.valueOf(line)) + "'");
            }
            return new Line(m.group(1), m.group(2) == null ? "GET" : m.group(2).toUpperCase(Locale.ROOT), m.group(3),
                    m.group(4) == null ? 1 : Integer.parseInt(m.group(4)), "json".equals(m.group(5)), m.group(6));
        }

        /** The request this line describes. */
        public Request.Builder request() {
            Request.Builder r = Request.method(method, path).weight(weight);
            if (body != null) {
                if (json) {
                    r.jsonBody(body);
                } else {
                    r.body(body);
                }
            }
            return r;
        }
    }

    /** The form of a {@link Line}. */
    public static final String LINE_FORM = "NAME=[METHOD ]PATH[ weight N][ json TEXT | body TEXT]";

    /** E.g. {@code items: GET /items/${id} weight 80 feeder ids.csv (sequential)}; never a header value or the body. */
    @Override
    public String toString() {
        return name + ": " + request.method() + " " + path + " weight " + weight
                + (feeder == null ? "" : " feeder " + feeder);
    }
}
