package dev.httpbench.junit.internal;

import static dev.httpbench.junit.LoadTestKeys.PREFIX;

import dev.httpbench.junit.LoadTestKeys;
import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The {@code httpbench.*} configuration parameters, read and checked at once: every malformed value
 * and unknown key is reported in one {@link ExtensionConfigurationException}, each naming the key, the
 * rule and the value. Immutable and thread-safe.
 */
public final class Settings {
    /** What a load test does with its thresholds. */
    public enum Mode {
        ENFORCE, WARN, OFF
    }

    static final Pattern PERCENTILE_KEY = Pattern.compile(Pattern.quote(LoadTestKeys.PERCENTILE_PREFIX)
            + "(\\d+(?:\\.\\d+)?)");
    /**
     * Percentile keys probed even when they are not found among the system properties and
     * {@code junit-platform.properties}: JUnit does not list the launcher's parameters.
     */
    private static final List<String> PROBED_PERCENTILES = List.of("50", "75", "90", "95", "99", "99.5", "99.9",
            "99.99", "100");

    final Optional<String> target;
    final Mode mode;
    final double scale;
    final Optional<Boolean> failOnInconclusive;
    final Optional<Double> minThroughput;
    final Optional<Double> maxErrorRate;
    final SortedMap<Double, Duration> percentiles;
    final Optional<Integer> concurrency;
    final Optional<Integer> workers;
    final Optional<Long> requests;
    final Optional<Duration> duration;
    final Optional<Duration> warmup;
    final Optional<Double> rate;
    final boolean baselineUpdate;
    final Path baselineDir;
    final Optional<Double> maxThroughputDropPercent;
    final Optional<Double> maxP99IncreasePercent;
    final Path reportsDir;

    private Settings(Reader r, Path basedir) {
        target = r.string(LoadTestKeys.TARGET);
        mode = r.value(LoadTestKeys.MODE, "enforce, warn or off", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "enforce" -> Mode.ENFORCE;
            case "warn" -> Mode.WARN;
            case "off" -> Mode.OFF;
            default -> null;
        }).orElse(Mode.ENFORCE);
        scale = r.value(LoadTestKeys.SCALE, "a number > 0", v -> positiveNumber(Double.parseDouble(v))).orElse(1.0);
        failOnInconclusive = r.bool(LoadTestKeys.FAIL_ON_INCONCLUSIVE);
        minThroughput = r.value(LoadTestKeys.MIN_THROUGHPUT, "a number >= 0 (req/s)",
                v -> nonNegative(Double.parseDouble(v)));
        maxErrorRate = r.value(LoadTestKeys.MAX_ERROR_RATE, "a number between 0 and 1", v -> {
            double d = Double.parseDouble(v);
            return d >= 0 && d <= 1 ? d : null;
        });
        SortedMap<Double, Duration> p = new TreeMap<>();
        for (String key : r.percentileKeys()) {
            Matcher m = PERCENTILE_KEY.matcher(key);
            if (m.matches()) {
                double percentile = Double.parseDouble(m.group(1));
                if (percentile > 100) {
                    r.problems.add(key + " must name a percentile between 0 and 100 but named " + m.group(1));
                    continue;
                }
                r.value(key, "a duration > 0 like 150ms", v -> positiveDuration(Durations.parse(v)))
                        .ifPresent(d -> p.put(percentile, d));
            }
        }
        percentiles = p;
        concurrency = r.value(LoadTestKeys.CONCURRENCY, "an integer", Integer::valueOf);
        workers = r.value(LoadTestKeys.WORKERS, "an integer", Integer::valueOf);
        requests = r.value(LoadTestKeys.REQUESTS, "an integer", Long::valueOf);
        duration = r.value(LoadTestKeys.DURATION, "a duration like 500ms, 30s, 2m or PT30S", Durations::parse);
        warmup = r.value(LoadTestKeys.WARMUP, "a duration like 500ms, 30s, 2m or PT30S", Durations::parse);
        rate = r.value(LoadTestKeys.RATE, "a number (requests/s)", Double::valueOf);
        baselineUpdate = r.bool(LoadTestKeys.BASELINE_UPDATE).orElse(false);
        baselineDir = basedir.resolve(r.value(LoadTestKeys.BASELINE_DIR, "a folder path", Path::of)
                .orElse(Path.of("src", "test", "resources")));
        maxThroughputDropPercent = r.value(LoadTestKeys.MAX_THROUGHPUT_DROP_PERCENT, "a number >= 0 (percent)",
                v -> nonNegative(Double.parseDouble(v)));
        maxP99IncreasePercent = r.value(LoadTestKeys.MAX_P99_INCREASE_PERCENT, "a number >= 0 (percent)",
                v -> nonNegative(Double.parseDouble(v)));
        reportsDir = basedir.resolve(r.value(LoadTestKeys.REPORTS_DIR, "a folder path", Path::of)
                .orElse(Path.of("target", "httpbench-reports")));
        for (String key : r.visibleKeys) {
            if (!LoadTestKeys.KEYS.contains(key) && !PERCENTILE_KEY.matcher(key).matches()) {
                r.problems.add("unknown configuration key " + key + " (value '" + r.param.apply(key)
                        .orElse(System.getProperty(key, ""))
                        + "'): keys under " + PREFIX + " must be one of those documented in "
                        + LoadTestKeys.class.getName() + " or " + LoadTestKeys.PERCENTILE_PREFIX + "<percentile>");
            }
        }
        if (!r.problems.isEmpty()) {
            throw new ExtensionConfigurationException("invalid httpbench configuration: "
                    + String.join("; ", r.problems));
        }
    }

    /**
     * Reads the settings.
     *
     * @param param looks up a JUnit configuration parameter (which falls back to system properties and
     *     {@code junit-platform.properties})
     * @param loader where to look for {@code junit-platform.properties}
     * @throws ExtensionConfigurationException listing every malformed value and unknown key
     */
    public static Settings read(Function<String, Optional<String>> param, ClassLoader loader) {
        String basedir = System.getProperty("basedir");
        return new Settings(new Reader(param, visibleKeys(loader)),
                basedir != null && !basedir.isBlank() ? Path.of(basedir) : Path.of(""));
    }

    /** The {@code httpbench.} keys among the system properties and in {@code junit-platform.properties}. */
    private static Set<String> visibleKeys(ClassLoader loader) {
        Set<String> keys = new TreeSet<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                keys.add(name);
            }
        }
        try {
            Enumeration<URL> files = loader.getResources("junit-platform.properties");
            while (files.hasMoreElements()) {
                Properties props = new Properties();
                try (InputStream in = files.nextElement().openStream()) {
                    props.load(in);
                }
                props.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read junit-platform.properties", e);
        }
        return keys;
    }

    private static Double positiveNumber(double value) {
        return value > 0 && Double.isFinite(value) ? value : null;
    }

    private static Duration positiveDuration(Duration value) {
        return !value.isNegative() && !value.isZero() ? value : null;
    }

    private static Double nonNegative(double value) {
        return value >= 0 && Double.isFinite(value) ? value : null;
    }

    /** Reads values and collects the problems. */
    private static final class Reader {
        final Function<String, Optional<String>> param;
        final Set<String> visibleKeys;
        final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> param, Set<String> visibleKeys) {
            this.param = param;
            this.visibleKeys = visibleKeys;
        }

        Optional<String> string(String key) {
            return param.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        }

        Optional<Boolean> bool(String key) {
            return value(key, "true or false", v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> null;
            });
        }

        /** The parsed value; a parser returning null or throwing means the value breaks {@code rule}. */
        <T> Optional<T> value(String key, String rule, Function<String, T> parser) {
            Optional<String> raw = param.apply(key);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            T parsed;
            try {
                parsed = parser.apply(raw.get().trim());
            } catch (RuntimeException e) {
                parsed = null;
            }
            if (parsed == null) {
                problems.add(key + " must be " + rule + " but was '" + raw.get() + "'");
            }
            return Optional.ofNullable(parsed);
        }

        Set<String> percentileKeys() {
            Set<String> keys = new TreeSet<>();
            visibleKeys.stream().filter(k -> PERCENTILE_KEY.matcher(k).matches()).forEach(keys::add);
            for (String p : PROBED_PERCENTILES) {
                String key = LoadTestKeys.PERCENTILE_PREFIX + p;
                if (param.apply(key).isPresent()) {
                    keys.add(key);
                }
            }
            return keys;
        }
    }
}
