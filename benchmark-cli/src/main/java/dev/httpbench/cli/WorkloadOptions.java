package dev.httpbench.cli;

import static dev.httpbench.InvalidConfigException.Problem.escape;

import dev.httpbench.Endpoint;
import dev.httpbench.Feeder;
import dev.httpbench.spi.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The runner's workload options (README "Real workloads"): named, weighted {@code --endpoint}s, the
 * run's {@code --feeder}, a {@code --scenario} file. Several targets come from {@code --base-url}'s comma
 * list. The converters check the syntax of one value; the library checks names, weights, methods,
 * paths, placeholders and files when the configuration is built, and {@link Settings} names the flag.
 * Not thread-safe (parsed once).
 */
final class WorkloadOptions {
    @Option(names = "--endpoint", paramLabel = "SPEC", converter = EndpointConverter.class,
            description = "An endpoint of the mix, repeatable: " + Endpoint.LINE_FORM + ", e.g. 'items=GET /items/${id}"
                    + " weight 80' or 'order=POST /orders weight 5 json {\"sku\":\"${sku}\"}'. ${column} placeholders"
                    + " are filled from --feeder. The path is joined to the URL's path. Default: the URL alone.")
    List<Endpoint.Line> endpoints = new ArrayList<>();

    @Option(names = "--feeder", paramLabel = "'FILE [ORDER]'", converter = FeederConverter.class,
            description = "The run's data file (.csv with a header, .jsonl) whose columns fill ${column} placeholders"
                    + " in endpoints and headers; ORDER: sequential (default, wrapping), once (the run ends when the"
                    + " rows are used up) or random SEED.")
    Feeder feeder;

    @Option(names = "--scenario", paramLabel = "FILE",
            description = "A YAML or JSON workload file (README \"Scenario files\"): its targets, load settings,"
                    + " feeders and endpoints; options given here override its settings.")
    Path scenario;

    static final class EndpointConverter implements ITypeConverter<Endpoint.Line> {
        @Override
        public Endpoint.Line convert(String value) {
            try {
                return Endpoint.Line.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FeederConverter implements ITypeConverter<Feeder> {
        @Override
        public Feeder convert(String value) {
            String[] parts = value.trim().split("\\s+");
            String rule = "must be 'FILE', 'FILE once', 'FILE sequential' or 'FILE random SEED' with a .csv, .jsonl or"
                    + " .ndjson FILE";
            if (parts.length == 0 || parts[0].isEmpty() || parts.length > 3) {
                throw new TypeConversionException(rule + " but was '" + escape(value) + "'");
            }
            String file = parts[0].toLowerCase(Locale.ROOT);
            Feeder f;
            if (file.endsWith(".csv")) {
                f = Feeder.csv(Path.of(parts[0]));
            } else if (file.endsWith(".jsonl") || file.endsWith(".ndjson")) {
                f = Feeder.jsonLines(Path.of(parts[0]));
            } else {
                throw new TypeConversionException(rule + " but was '" + escape(value) + "'");
            }
            String order = parts.length > 1 ? parts[1].toLowerCase(Locale.ROOT) : "sequential";
            if (order.equals("sequential") && parts.length == 2) {
                return f.sequential();
            }
            if (order.equals("once") && parts.length == 2) {
                return f.once();
            }
            if (order.equals("random") && parts.length == 3) {
                try {
                    return f.random(Long.parseLong(parts[2]));
                } catch (NumberFormatException e) {
                    // the rule below
                }
            }
            if (parts.length == 1) {
                return f;
            }
            throw new TypeConversionException(rule + " but was '" + escape(value) + "'");
        }
    }

    /** One {@code --assert-p99}: for the whole run ({@code endpoint} null), or {@code NAME=DURATION} for one endpoint. */
    record P99(String endpoint, Duration limit) {
        @Override
        public String toString() {
            return (endpoint == null ? "" : endpoint + "=") + Durations.format(limit);
        }
    }

    static final class P99Converter implements ITypeConverter<P99> {
        @Override
        public P99 convert(String value) {
            int eq = value.indexOf('=');
            String name = eq < 0 ? null : value.substring(0, eq).trim();
            try {
                Duration d = Durations.parse(eq < 0 ? value : value.substring(eq + 1));
                if (name != null && name.isEmpty()) {
                    throw new IllegalArgumentException("no name");
                }
                return new P99(name, d);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be a duration like 200ms, or ENDPOINT=DURATION like order=200ms,"
                        + " but was '" + escape(value) + "'");
            }
        }
    }
}
