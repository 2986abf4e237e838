package dev.httpbench;

import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.internal.Problems;
import dev.httpbench.internal.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The request of one endpoint of a mix: method, path, headers, body, its weight in the mix and,
 * optionally, the feeder whose rows fill its {@code ${column}} placeholders. Given to
 * {@link BenchmarkConfig.Builder#endpoint(String, Request.Builder)}:
 *
 * <pre>{@code
 * Benchmark.target("http://127.0.0.1:3000")
 *         .endpoint("items", Request.get("/items/${id}").weight(80).feeder(Feeder.csv(Path.of("ids.csv"))))
 *         .endpoint("search", Request.get("/search?q=${term}").weight(15)
 *                 .feeder(Feeder.jsonLines(Path.of("terms.jsonl")).random(7)))
 *         .endpoint("order", Request.post("/orders").jsonBody(Path.of("order.json")).weight(5))
 *         .run();
 * }</pre>
 *
 * <p>Placeholders {@code ${name}} may stand in the path, the query, header values and the body
 * ({@code $${} is a literal {@code ${}). A value is percent-encoded where it lands in the path (all
 * but letters, digits and {@code -._~}) or the query (those and {@code !$'()*,;:@/?} stay), escaped
 * as JSON where it lands inside a string of a JSON body, and sent as is (UTF-8) in a header or any
 * other body. Immutable; derive variants with {@link #toBuilder()}.
 */
public final class Request {
    /** The highest {@link #weight()}. */
    public static final int MAX_WEIGHT = 10_000;
    /** The {@code Content-Type} a {@code jsonBody} sets unless one is given. */
    public static final String JSON = "application/json";

    private final String method;
    private final String path;
    private final List<Map.Entry<String, String>> headers;
    private final Set<String> redactedHeaders;
    private final byte[] body;
    private final Path bodyFile;
    private final boolean json;
    private final int weight;
    private final Feeder feeder;

    private Request(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.headers = List.copyOf(b.headers);
        this.redactedHeaders = Set.copyOf(b.redactedHeaders);
        this.body = b.body.clone();
        this.bodyFile = b.bodyFile;
        this.json = b.json;
        this.weight = b.weight;
        this.feeder = b.feeder;
    }

    /** A {@code GET} of {@code path}, e.g. {@code /items/${id}}, relative to the run's target. */
    public static Builder get(String path) {
        return method("GET", path);
    }

    /** A {@code HEAD} of {@code path}. */
    public static Builder head(String path) {
        return method("HEAD", path);
    }

    /** A {@code POST} to {@code path}; set its body with {@link Builder#body} or {@link Builder#jsonBody}. */
    public static Builder post(String path) {
        return method("POST", path);
    }

    /** A {@code PUT} to {@code path}. */
    public static Builder put(String path) {
        return method("PUT", path);
    }

    /** A {@code PATCH} to {@code path}. */
    public static Builder patch(String path) {
        return method("PATCH", path);
    }

    /** A {@code DELETE} of {@code path}. */
    public static Builder delete(String path) {
        return method("DELETE", path);
    }

    /** A request with any method (an HTTP token, e.g. {@code OPTIONS}) to {@code path}. */
    public static Builder method(String method, String path) {
        return new Builder().method(method).path(path);
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /**
     * The path and query, starting with {@code /}, relative to the run's target (whose own path, if
     * any, comes first); placeholders as written.
     */
    public String path() {
        return path;
    }

    /** The headers in the order they were added; values as written, placeholders included. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The headers, lower case, whose values are never shown (besides {@link RequestSpec#ALWAYS_REDACTED}). */
    public Set<String> redactedHeaders() {
        return redactedHeaders;
    }

    /** The body as written (placeholders included); empty for none. A copy. */
    public byte[] body() {
        return body.clone();
    }

    /** The file the body was read from, if it was. */
    public Optional<Path> bodyFile() {
        return Optional.ofNullable(bodyFile);
    }

    /** Whether the body was given as JSON: sent with {@code Content-Type: application/json} unless one is set. */
    public boolean json() {
        return json;
    }

    /** The share of the mix this endpoint gets: its weight over the sum of all weights. */
    public int weight() {
        return weight;
    }

    /** The feeder whose rows fill this request's placeholders, if it has its own. */
    public Optional<Feeder> feeder() {
        return Optional.ofNullable(feeder);
    }

    /** A builder holding this request's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method;
        b.path = path;
        b.headers.addAll(headers);
        b.redactedHeaders.addAll(redactedHeaders);
        b.body = body;
        b.bodyFile = bodyFile;
        b.json = json;
        b.weight = weight;
        b.feeder = feeder;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && method.equals(r.method) && path.equals(r.path) && headers.equals(r.headers)
                && redactedHeaders.equals(r.redactedHeaders) && Arrays.equals(body, r.body)
                && Objects.equals(bodyFile, r.bodyFile) && json == r.json && weight == r.weight
                && Objects.equals(feeder, r.feeder);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, headers, weight, feeder, Arrays.hashCode(body));
    }

    /** E.g. {@code POST /orders weight 5}; never a header value or the body. */
    @Override
    public String toString() {
        return method + " " + path + " weight " + weight + (feeder == null ? "" : " feeder " + feeder);
    }

    /**
     * Builds a {@link Request}. Each setter checks its own value; {@link #build()} throws one
     * {@link InvalidConfigException} listing every problem, each option named by its setter
     * ({@code path}, {@code header}, {@code weight}, ...). Not thread-safe.
     */
    public static final class Builder {
        private final Problems problems = new Problems();
        private String method = "GET";
        private String path = "/";
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private final Set<String> redactedHeaders = new TreeSet<>();
        private byte[] body = new byte[0];
        private Path bodyFile;
        private boolean json;
        private int weight = 1;
        private Feeder feeder;

        private Builder() {
        }

        private Builder method(String method) {
            Problem p = RequestSpec.methodProblem(method);
            this.method = p == null ? method.toUpperCase(Locale.ROOT) : "GET";
            problems.check("method", p == null, p);
            return this;
        }

        private Builder path(String path) {
            this.path = path == null ? "/" : path;
            Problem p = pathProblem(path);
            problems.check("path", p == null, p);
            return this;
        }

        /**
         * Adds a header; may be called again for the same name. The value may hold placeholders. As for
         * {@link BenchmarkConfig.Builder#header(String, String)}, headers the engine owns are rejected.
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

        /** Never show the value of header {@code name} (case-insensitive); see {@link BenchmarkConfig.Builder#redactHeader}. */
        public Builder redactHeader(String name) {
            Problem p = name == null || name.isBlank() ? Problem.of("redactHeader", "must be a header name", name) : null;
            if (p == null) {
                redactedHeaders.add(name.toLowerCase(Locale.ROOT));
            }
            problems.check("redactHeader", p == null, p);
            return this;
        }

        /** The body, sent as is but for its placeholders; set a {@code Content-Type} header to describe it. */
        public Builder body(byte[] body) {
            problems.check("body", body != null, new Problem("body", "must not be null", null, "body must not be null"));
            this.body = body == null ? new byte[0] : body.clone();
            this.bodyFile = null;
            this.json = false;
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(String body) {
            return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        /** The body read from {@code file} now (a missing file is a problem of {@link #build()}). */
        public Builder body(Path file) {
            read(file, false);
            return this;
        }

        /**
         * A JSON body: sent with {@code Content-Type: application/json} unless a {@code Content-Type}
         * header is set, and a placeholder inside one of its strings is escaped as JSON.
         */
        public Builder jsonBody(String json) {
            body(json);
            this.json = true;
            return this;
        }

        /** A JSON body read from {@code file} now; see {@link #jsonBody(String)}. */
        public Builder jsonBody(Path file) {
            read(file, true);
            return this;
        }

        private void read(Path file, boolean json) {
            this.body = new byte[0];
            this.bodyFile = file;
            this.json = json;
            String option = "body";
            if (file == null) {
                problems.put(option, new Problem(option, "must not be null", null, "body file must not be null"));
                return;
            }
            try {
                this.body = Files.readAllBytes(file);
                problems.clear(option);
            } catch (IOException e) {
                String why = e instanceof NoSuchFileException ? "no such file"
                        : Files.isDirectory(file) ? "a directory" : e.getClass().getSimpleName();
                problems.put(option, new Problem(option, "file must exist and be readable", file.toString(),
                        "body file must exist and be readable but was '" + file + "' (" + why + ")"));
            }
        }

        /** This endpoint's share of the mix, between 1 and {@value Request#MAX_WEIGHT}. Default 1. */
        public Builder weight(int weight) {
            this.weight = weight;
            problems.check("weight", weight >= 1 && weight <= MAX_WEIGHT,
                    Problem.of("weight", "must be between 1 and " + MAX_WEIGHT, weight));
            return this;
        }

        /**
         * The feeder whose rows fill this request's placeholders; this endpoint takes its rows with its
         * own cursor. A placeholder not among its columns is looked up in the run's feeder.
         */
        public Builder feeder(Feeder feeder) {
            this.feeder = feeder;
            problems.check("feeder", feeder != null, new Problem("feeder", "must not be null", null,
                    "feeder must not be null"));
            return this;
        }

        /**
         * Validates and returns the request. The placeholders are checked against the feeders' columns
         * when the run's configuration is built.
         *
         * @throws InvalidConfigException listing every problem
         */
        public Request build() {
            problems.throwIfAny(List.of(), List.of());
            return new Request(this);
        }

        /** The problems found so far, for the configuration's builder, which reports them with the endpoint's name. */
        List<Problem> problems() {
            try {
                problems.throwIfAny(List.of(), List.of());
                return List.of();
            } catch (InvalidConfigException e) {
                return e.problems();
            }
        }

        Request snapshot() {
            return new Request(this);
        }
    }

    /** The problem with a path template, or null. */
    static Problem pathProblem(String path) {
        String rule = "must start with '/' and hold only URI characters and ${name} placeholders";
        if (path == null || !path.startsWith("/")) {
            return Problem.of("path", rule, path == null ? null : "'" + path + "'");
        }
        Template t;
        try {
            t = Template.target(path);
        } catch (Template.TemplateException e) {
            return new Problem("path", rule, Problem.escape(path), "path " + e.getMessage() + " in '" + Problem.escape(path) + "'");
        }
        for (int i = 0; i <= t.slots(); i++) {
            for (byte b : t.literal(i)) {
                int c = b & 0xff;
                if (c <= ' ' || c >= 0x7f || "\"<>\\^`{|}#".indexOf(c) >= 0) {
                    return Problem.of("path", rule + " (encode others as %XX; write placeholders as ${name})",
                            "'" + Problem.escape(path) + "'");
                }
            }
        }
        return null;
    }
}
