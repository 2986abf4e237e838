package dev.httpbench.scenario;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Feeder;
import dev.httpbench.HttpProtocol;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.Request;
import dev.httpbench.Stage;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A workload described in a file: targets, load settings, feeders and weighted endpoints, in YAML
 * ({@code .yaml}, {@code .yml}) or JSON ({@code .json}); the schema is the README's "Real workloads"
 * section. {@link #read(Path)} checks everything a run would check, feeder files included, and
 * reports every problem with its line and field; {@link #builder()} gives a builder with the file's
 * settings, which a runner or test may override before building. Immutable and thread-safe.
 *
 * <pre>{@code
 * Scenario scenario = Scenario.read(Path.of("checkout.yaml"));
 * BenchmarkResult r = scenario.builder().concurrency(128).run();
 * }</pre>
 */
public final class Scenario {
    /** What a file without targets is checked against; the caller gives the real ones. */
    private static final URI STAND_IN = URI.create("http://localhost/");

    private final Path file;
    private final List<URI> targets;
    private final List<Consumer<BenchmarkConfig.Builder>> steps;

    private Scenario(Path file, List<URI> targets, List<Consumer<BenchmarkConfig.Builder>> steps) {
        this.file = file;
        this.targets = List.copyOf(targets);
        this.steps = List.copyOf(steps);
    }

    /**
     * Reads and checks a scenario file; relative file names in it (feeders, bodies) are resolved
     * against the file's folder. A file without targets is checked as if it had one; give the real
     * ones with {@link BenchmarkConfig.Builder#targets(List)} on {@link #builder()}.
     *
     * @throws ScenarioException listing every problem, each with its line and field
     */
    public static Scenario read(Path file) {
        return new Reader(file).read();
    }

    /** The file, as given. */
    public Path file() {
        return file;
    }

    /** The targets the file names; empty when it names none. */
    public List<URI> targets() {
        return targets;
    }

    /**
     * A new builder with every setting of the file (feeder and body files are read again), to build
     * or to override first. Without targets in the file, set them before building.
     */
    public BenchmarkConfig.Builder builder() {
        BenchmarkConfig.Builder b = targets.isEmpty() ? Benchmark.target((String) null)
                : targets.size() == 1 ? Benchmark.target(targets.get(0)) : Benchmark.targets(targets);
        steps.forEach(s -> s.accept(b));
        return b;
    }

    @Override
    public String toString() {
        return "scenario " + file;
    }

    /** Where an option of the builder was set in the file. */
    private record Location(int line, String field) {
    }

    /** Reads one file: the schema walk, then a trial build whose problems are mapped to lines. Not thread-safe. */
    private static final class Reader {
        private static final List<String> ROOT = List.of("target", "targets", "workers", "concurrency", "requests",
                "duration", "warmup", "rate", "stages", "timeout", "connectTimeout", "drainTimeout", "reportInterval",
                "monitorInterval", "successStatuses", "protocol", "trustAllCertificates", "headers", "redactHeaders",
                "feeder", "endpoints");
        private static final List<String> ENDPOINT = List.of("method", "path", "weight", "headers", "redactHeaders",
                "body", "bodyFile", "json", "jsonFile", "feeder");
        private static final List<String> FEEDER = List.of("file", "format", "order", "seed");

        private final Path file;
        private final String name;
        private final Path dir;
        private final List<ScenarioException.Problem> problems = new ArrayList<>();
        private final Map<String, Location> locations = new HashMap<>();
        private final List<Consumer<BenchmarkConfig.Builder>> steps = new ArrayList<>();
        private final List<URI> targets = new ArrayList<>();

        Reader(Path file) {
            if (file == null) {
                throw new IllegalArgumentException("scenario file must not be null");
            }
            this.file = file;
            this.name = file.toString();
            this.dir = file.getParent() == null ? Path.of("") : file.getParent();
        }

        Scenario read() {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean json = lower.endsWith(".json");
            if (!json && !lower.endsWith(".yaml") && !lower.endsWith(".yml")) {
                throw fail(0, "", "scenario file must end in .yaml, .yml or .json but was '" + name + "'");
            }
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw fail(0, "", "scenario file must exist and be readable but was '" + name + "' (no such file)");
            } catch (CharacterCodingException e) {
                throw fail(0, "", "scenario file " + name + " must be UTF-8 text but is not");
            } catch (IOException e) {
                throw fail(0, "", "scenario file must exist and be readable but was '" + name + "' ("
                        + (Files.isDirectory(file) ? "a directory" : e.getClass().getSimpleName()) + ")");
            }
            Node root;
            try {
                root = TreeReader.read(text, json);
            } catch (TreeReader.SyntaxError e) {
                throw fail(e.line, e.field, (e.field.isEmpty() ? "the file " : e.field + " ") + e.getMessage());
            }
            if (root == null || root.kind != Node.Kind.MAP) {
                throw fail(root == null ? 1 : root.line, "", "the file must hold a map of settings but "
                        + (root == null ? "is empty" : "holds " + root.describe()));
            }
            walk(root);
            Scenario scenario = new Scenario(file, targets, steps);
            try {
                BenchmarkConfig.Builder b = scenario.builder();
                if (targets.isEmpty()) {
                    b.targets(List.of(STAND_IN));
                }
                b.build();
            } catch (InvalidConfigException e) {
                e.problems().forEach(p -> {
                    Location at = locate(p);
                    problems.add(problem(at.line(), at.field(), p.message()));
                });
            }
            if (!problems.isEmpty()) {
                problems.sort(Comparator.comparingInt(ScenarioException.Problem::line));
                throw new ScenarioException(problems);
            }
            return scenario;
        }

        private ScenarioException fail(int line, String field, String message) {
            return new ScenarioException(List.of(problem(line, field, message)));
        }

        private ScenarioException.Problem problem(int line, String field, String message) {
            return new ScenarioException.Problem(name, line, field, line == 0 ? message : name + " line " + line + ": "
                    + message);
        }

        private void report(Node at, String field, String message) {
            problems.add(problem(at.line, field, message));
        }

        /** The location of the option a model problem names: the most specific one recorded. */
        private Location locate(InvalidConfigException.Problem p) {
            Location exact = locations.get(p.option() + "=" + p.value());
            if (exact != null) {
                return exact;
            }
            for (String option = p.option(); !option.isEmpty(); ) {
                Location at = locations.get(option);
                if (at != null) {
                    return at;
                }
                int cut = Math.max(option.lastIndexOf('.'), option.lastIndexOf('['));
                option = cut < 0 ? "" : option.substring(0, cut);
            }
            return new Location(1, "");
        }

        private void at(String option, Node node, String field) {
            locations.put(option, new Location(node.line, field));
        }

        // ---- the schema ----

        private void walk(Node root) {
            unknown(root, "", ROOT);
            Map<String, Node> f = root.fields;
            if (f.containsKey("target") && f.containsKey("targets")) {
                report(f.get("targets"), "targets", "target and targets are exclusive: give one of them");
            } else if (f.containsKey("target")) {
                uri(f.get("target"), "target").ifPresent(targets::add);
                at("target", f.get("target"), "target");
            } else if (f.containsKey("targets")) {
                Node list = f.get("targets");
                at("targets", list, "targets");
                at("target", list, "targets");
                if (list.kind != Node.Kind.LIST || list.items.isEmpty()) {
                    report(list, "targets", "targets must be a list of URLs but was " + list.describe());
                } else {
                    for (int i = 0; i < list.items.size(); i++) {
                        uri(list.items.get(i), "targets[" + i + "]").ifPresent(targets::add);
                    }
                }
            }
            option(f, "workers", n -> integer(n, "workers"), (b, v) -> b.workers(v));
            option(f, "concurrency", n -> integer(n, "concurrency"), (b, v) -> b.concurrency(v));
            option(f, "requests", n -> wholeNumber(n, "requests"), (b, v) -> b.requests(v));
            option(f, "duration", n -> duration(n, "duration"), (b, v) -> b.duration(v));
            option(f, "rate", n -> number(n, "rate"), (b, v) -> b.rate(v));
            option(f, "timeout", n -> duration(n, "timeout"), (b, v) -> b.timeout(v));
            option(f, "connectTimeout", n -> duration(n, "connectTimeout"), (b, v) -> b.connectTimeout(v));
            option(f, "drainTimeout", n -> duration(n, "drainTimeout"), (b, v) -> b.drainTimeout(v));
            option(f, "reportInterval", n -> duration(n, "reportInterval"), (b, v) -> b.reportInterval(v));
            option(f, "monitorInterval", n -> duration(n, "monitorInterval"), (b, v) -> b.monitorInterval(v));
            option(f, "successStatuses", n -> text(n, "successStatuses"), (b, v) -> b.successStatuses(v));
            option(f, "trustAllCertificates", n -> bool(n, "trustAllCertificates"), (b, v) -> b.trustAllCertificates(v));
            option(f, "protocol", this::protocol, (b, v) -> b.protocol(v));
            if (f.containsKey("warmup")) {
                Node n = f.get("warmup");
                at("warmup", n, "warmup");
                if (n.kind == Node.Kind.STRING && n.text.trim().equalsIgnoreCase("auto")) {
                    steps.add(BenchmarkConfig.Builder::automaticWarmup);
                } else {
                    Duration d = duration(n, "warmup");
                    if (d != null) {
                        steps.add(b -> b.warmup(d));
                    }
                }
            }
            if (f.containsKey("stages")) {
                stages(f.get("stages"));
            }
            if (f.containsKey("headers")) {
                List<Map.Entry<String, String>> headers = headers(f.get("headers"), "headers", "");
                steps.add(b -> headers.forEach(h -> b.header(h.getKey(), h.getValue())));
            }
            if (f.containsKey("redactHeaders")) {
                List<String> names = names(f.get("redactHeaders"), "redactHeaders", "redactHeader");
                steps.add(b -> names.forEach(b::redactHeader));
            }
            if (f.containsKey("feeder")) {
                Feeder feeder = feeder(f.get("feeder"), "feeder", "feeder");
                if (feeder != null) {
                    steps.add(b -> b.feeder(feeder));
                }
            }
            if (f.containsKey("endpoints")) {
                endpoints(f.get("endpoints"));
            }
        }

        /** Reads field {@code key} of {@code f} with {@code read} (null: reported) and records the setter. */
        private <T> void option(Map<String, Node> f, String key, Function<Node, T> read,
                java.util.function.BiConsumer<BenchmarkConfig.Builder, T> set) {
            Node n = f.get(key);
            if (n == null) {
                return;
            }
            at(key, n, key);
            T value = read.apply(n);
            if (value != null) {
                steps.add(b -> set.accept(b, value));
            }
        }

        private void unknown(Node map, String prefix, List<String> known) {
            for (String key : map.fields.keySet()) {
                if (!known.contains(key)) {
                    problems.add(problem(map.keyLines.get(key), prefix + key, prefix + key + " is not a known field "
                            + "(known: " + String.join(", ", known) + ")"));
                }
            }
        }

        private java.util.Optional<URI> uri(Node n, String field) {
            String s = text(n, field);
            if (s == null) {
                return java.util.Optional.empty();
            }
            try {
                return java.util.Optional.of(new URI(s.trim()));
            } catch (URISyntaxException e) {
                report(n, field, field + " must be a valid URL but was '" + s + "' (" + e.getReason() + ")");
                return java.util.Optional.empty();
            }
        }

        private String text(Node n, String field) {
            if (!n.scalar() || n.kind == Node.Kind.NULL) {
                report(n, field, field + " must be text but was " + n.describe());
                return null;
            }
            return n.text;
        }

        private Integer integer(Node n, String field) {
            Long v = wholeNumber(n, field);
            if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
                report(n, field, field + " must be a whole number below 2^31 but was " + n.describe());
                return null;
            }
            return v == null ? null : v.intValue();
        }

        private Long wholeNumber(Node n, String field) {
            if (n.kind == Node.Kind.NUMBER && n.integral) {
                try {
                    return Long.parseLong(n.text);
                } catch (NumberFormatException e) {
                    // too large: reported below
                }
            }
            report(n, field, field + " must be a whole number but was " + n.describe());
            return null;
        }

        private Double number(Node n, String field) {
            if (n.kind == Node.Kind.NUMBER) {
                return Double.parseDouble(n.text);
            }
            report(n, field, field + " must be a number but was " + n.describe());
            return null;
        }

        private Boolean bool(Node n, String field) {
            if (n.kind == Node.Kind.BOOLEAN) {
                return Boolean.parseBoolean(n.text);
            }
            report(n, field, field + " must be true or false but was " + n.describe());
            return null;
        }

        private Duration duration(Node n, String field) {
            if (n.kind != Node.Kind.STRING) {
                report(n, field, field + " must be a duration like 500ms, 30s, 2m or PT30S but was " + n.describe());
                return null;
            }
            try {
                return Durations.parse(n.text);
            } catch (IllegalArgumentException e) {
                report(n, field, field + " " + e.getMessage());
                return null;
            }
        }

        private HttpProtocol protocol(Node n) {
            String s = text(n, "protocol");
            if (s == null) {
                return null;
            }
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "http/1.1":
                    return HttpProtocol.HTTP_1_1;
                case "http/2":
                    return HttpProtocol.HTTP_2;
                default:
                    report(n, "protocol", "protocol must be http/1.1 or http/2 but was " + n.describe());
                    return null;
            }
        }

        private void stages(Node n) {
            at("stages", n, "stages");
            if (n.kind != Node.Kind.LIST || n.items.isEmpty()) {
                report(n, "stages", "stages must be a list of {rate, duration} or {from, to, duration} but was "
                        + n.describe());
                return;
            }
            List<Stage> stages = new ArrayList<>();
            for (int i = 0; i < n.items.size(); i++) {
                String field = "stages[" + i + "]";
                Node s = n.items.get(i);
                if (s.kind != Node.Kind.MAP) {
                    report(s, field, field + " must be a map like {rate: 400, duration: 30s} but was " + s.describe());
                    continue;
                }
                unknown(s, field + ".", List.of("rate", "from", "to", "duration"));
                Map<String, Node> f = s.fields;
                boolean ramp = f.containsKey("from") || f.containsKey("to");
                if (ramp == f.containsKey("rate") || ramp && !(f.containsKey("from") && f.containsKey("to"))
                        || !f.containsKey("duration")) {
                    report(s, field, field + " must have either rate and duration or from, to and duration");
                    continue;
                }
                Double from = number(f.get(ramp ? "from" : "rate"), field + (ramp ? ".from" : ".rate"));
                Double to = ramp ? number(f.get("to"), field + ".to") : from;
                Duration d = duration(f.get("duration"), field + ".duration");
                if (from != null && to != null && d != null) {
                    stages.add(Stage.ramp(from, to, d));
                }
            }
            if (stages.size() == n.items.size()) {
                steps.add(b -> b.stages(stages.toArray(new Stage[0])));
            }
        }

        private List<Map.Entry<String, String>> headers(Node n, String field, String option) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            at(option + "header", n, field);
            if (n.kind != Node.Kind.MAP) {
                report(n, field, field + " must be a map of header names to values but was " + n.describe());
                return headers;
            }
            for (Map.Entry<String, Node> h : n.fields.entrySet()) {
                String value = text(h.getValue(), field + "." + h.getKey());
                if (value != null) {
                    headers.add(Map.entry(h.getKey(), value));
                    locations.put(option + "header=" + h.getKey(), new Location(n.keyLines.get(h.getKey()),
                            field + "." + h.getKey()));
                }
            }
            return headers;
        }

        private List<String> names(Node n, String field, String option) {
            at(option, n, field);
            List<Node> items = n.kind == Node.Kind.LIST ? n.items : List.of(n);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String s = text(items.get(i), n.kind == Node.Kind.LIST ? field + "[" + i + "]" : field);
                if (s != null) {
                    names.add(s);
                }
            }
            return names;
        }

        /** A feeder: a file name alone, or {file, format, order, seed}. */
        private Feeder feeder(Node n, String field, String option) {
            at(option, n, field);
            Node fileNode = n;
            Map<String, Node> f = Map.of();
            if (n.kind == Node.Kind.MAP) {
                unknown(n, field + ".", FEEDER);
                f = n.fields;
                fileNode = f.get("file");
                if (fileNode == null) {
                    report(n, field, field + ".file must be given (a .csv or .jsonl file)");
                    return null;
                }
            }
            String fileName = text(fileNode, n.kind == Node.Kind.MAP ? field + ".file" : field);
            if (fileName == null) {
                return null;
            }
            Path path = dir.resolve(fileName);
            String format = fileName.toLowerCase(Locale.ROOT).endsWith(".csv") ? "csv"
                    : fileName.toLowerCase(Locale.ROOT).matches(".*\\.(jsonl|ndjson)") ? "jsonl" : null;
            if (f.containsKey("format")) {
                format = text(f.get("format"), field + ".format");
                if (format != null && !Set.of("csv", "jsonl").contains(format)) {
                    report(f.get("format"), field + ".format", field + ".format must be csv or jsonl but was "
                            + f.get("format").describe());
                    return null;
                }
            }
            if (format == null) {
                report(fileNode, field, field + " file must end in .csv, .jsonl or .ndjson, or have a format, but was '"
                        + fileName + "'");
                return null;
            }
            Feeder feeder = format.equals("csv") ? Feeder.csv(path) : Feeder.jsonLines(path);
            String order = f.containsKey("order") ? text(f.get("order"), field + ".order") : "sequential";
            if (order == null) {
                return null;
            }
            if (f.containsKey("seed") && !order.equals("random")) {
                report(f.get("seed"), field + ".seed", field + ".seed needs order random but the order is " + order);
                return null;
            }
            switch (order) {
                case "sequential":
                    return feeder;
                case "once":
                    return feeder.once();
                case "random":
                    Long seed = f.containsKey("seed") ? wholeNumber(f.get("seed"), field + ".seed") : Long.valueOf(0);
                    return seed == null ? null : feeder.random(seed);
                default:
                    report(f.get("order"), field + ".order", field + ".order must be sequential, random or once but was "
                            + f.get("order").describe());
                    return null;
            }
        }

        private void endpoints(Node n) {
            at("endpoint", n, "endpoints");
            if (n.kind != Node.Kind.MAP || n.fields.isEmpty()) {
                report(n, "endpoints", "endpoints must be a map of endpoint names to requests but was " + n.describe());
                return;
            }
            for (Map.Entry<String, Node> e : n.fields.entrySet()) {
                String endpoint = e.getKey();
                String field = "endpoints." + endpoint;
                Node def = e.getValue();
                int keyLine = n.keyLines.get(endpoint);
                locations.put("endpoint='" + endpoint + "'", new Location(keyLine, field));
                String option = "endpoint[" + endpoint + "].";
                locations.put("endpoint[" + endpoint + "]", new Location(keyLine, field));
                if (def.kind != Node.Kind.MAP) {
                    report(def, field, field + " must be a map with at least a path but was " + def.describe());
                    continue;
                }
                unknown(def, field + ".", ENDPOINT);
                Map<String, Node> f = def.fields;
                if (!f.containsKey("path")) {
                    problems.add(problem(keyLine, field, field + ".path must be given, e.g. /items/${id}"));
                    continue;
                }
                List<Consumer<Request.Builder>> parts = new ArrayList<>();
                int before = problems.size();
                String method = "GET";
                if (f.containsKey("method")) {
                    at(option + "method", f.get("method"), field + ".method");
                    method = text(f.get("method"), field + ".method");
                }
                at(option + "path", f.get("path"), field + ".path");
                String path = text(f.get("path"), field + ".path");
                if (f.containsKey("weight")) {
                    at(option + "weight", f.get("weight"), field + ".weight");
                    Integer w = integer(f.get("weight"), field + ".weight");
                    if (w != null) {
                        parts.add(r -> r.weight(w));
                    }
                }
                if (f.containsKey("headers")) {
                    List<Map.Entry<String, String>> headers = headers(f.get("headers"), field + ".headers", option);
                    parts.add(r -> headers.forEach(h -> r.header(h.getKey(), h.getValue())));
                }
                if (f.containsKey("redactHeaders")) {
                    List<String> names = names(f.get("redactHeaders"), field + ".redactHeaders", option + "redactHeader");
                    parts.add(r -> names.forEach(r::redactHeader));
                }
                body(f, field, option, parts);
                if (f.containsKey("feeder")) {
                    Feeder feeder = feeder(f.get("feeder"), field + ".feeder", option + "feeder");
                    if (feeder != null) {
                        parts.add(r -> r.feeder(feeder));
                    }
                }
                if (problems.size() == before && method != null && path != null) {
                    String m = method;
                    steps.add(b -> {
                        Request.Builder r = Request.method(m, path);
                        parts.forEach(p -> p.accept(r));
                        b.endpoint(endpoint, r);
                    });
                }
            }
        }

        private void body(Map<String, Node> f, String field, String option, List<Consumer<Request.Builder>> parts) {
            List<String> given = ENDPOINT.stream().filter(k -> k.startsWith("body") || k.startsWith("json"))
                    .filter(f::containsKey).toList();
            if (given.isEmpty()) {
                return;
            }
            Node n = f.get(given.get(0));
            at(option + "body", n, field + "." + given.get(0));
            if (given.size() > 1) {
                report(f.get(given.get(1)), field, field + " must have at most one of body, bodyFile, json and jsonFile "
                        + "but has " + String.join(" and ", given));
                return;
            }
            switch (given.get(0)) {
                case "body" -> {
                    String s = text(n, field + ".body");
                    if (s != null) {
                        parts.add(r -> r.body(s));
                    }
                }
                case "bodyFile", "jsonFile" -> {
                    String s = text(n, field + "." + given.get(0));
                    if (s != null) {
                        Path path = dir.resolve(s);
                        boolean json = given.get(0).equals("jsonFile");
                        parts.add(r -> {
                            if (json) {
                                r.jsonBody(path);
                            } else {
                                r.body(path);
                            }
                        });
                    }
                }
                default -> {
                    // json: a JSON text, or YAML structure written out as JSON
                    String s = n.kind == Node.Kind.STRING ? n.text : toJson(n);
                    parts.add(r -> r.jsonBody(s));
                }
            }
        }

        /** {@code n} as JSON text: how a YAML {@code json:} map or list is sent. */
        private static String toJson(Node n) {
            switch (n.kind) {
                case MAP: {
                    StringBuilder s = new StringBuilder("{");
                    n.fields.forEach((k, v) -> s.append(s.length() > 1 ? "," : "").append(quote(k)).append(':')
                            .append(toJson(v)));
                    return s.append('}').toString();
                }
                case LIST: {
                    StringBuilder s = new StringBuilder("[");
                    n.items.forEach(v -> s.append(s.length() > 1 ? "," : "").append(toJson(v)));
                    return s.append(']').toString();
                }
                case STRING:
                    return quote(n.text);
                case NULL:
                    return "null";
                default:
                    return n.text;
            }
        }

        private static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> out.append(c < 0x20 ? String.format(Locale.ROOT, "\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return out.append('"').toString();
        }
    }
}
