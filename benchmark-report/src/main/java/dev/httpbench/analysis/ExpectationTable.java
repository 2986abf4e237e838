package dev.httpbench.analysis;

import dev.httpbench.spi.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Expected throughput and P99 per concurrency level for machines of one size (a {@code --vm-size}
 * label such as {@code 8-core}). Immutable and thread-safe.
 *
 * <p>Tables are read from CSV with the header {@code vm_size,concurrency,throughput_rps,p99_ms}, one
 * row per label and level; {@code #} starts a comment line. The runner ships one table: the figures
 * of the incident that started httpbench (see the runner's {@code --vm-size}).
 */
public final class ExpectationTable {
    /** The CSV header every expectations file starts with. */
    public static final String HEADER = "vm_size,concurrency,throughput_rps,p99_ms";

    private final String label;
    private final List<Expectation> rows;

    public ExpectationTable(String label, List<Expectation> rows) {
        this.label = label;
        this.rows = List.copyOf(rows);
    }

    /** The machine size label, e.g. {@code 8-core}. */
    public String label() {
        return label;
    }

    /** One row per concurrency level. */
    public List<Expectation> rows() {
        return rows;
    }

    /** The expectation for exactly this concurrency level, if the table has one. */
    public Optional<Expectation> at(int concurrency) {
        return rows.stream().filter(e -> e.concurrency() == concurrency).findFirst();
    }

    /**
     * Reads tables from a CSV file.
     *
     * @throws IllegalArgumentException naming the file, line and rule when a line is malformed
     */
    public static Map<String, ExpectationTable> load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read expectations file " + file, e);
        }
    }

    /**
     * Parses tables from CSV text; {@code source} names it in error messages.
     *
     * @throws IllegalArgumentException naming the source, line and rule when a line is malformed
     */
    public static Map<String, ExpectationTable> parse(String csv, String source) {
        Map<String, List<Expectation>> byLabel = new LinkedHashMap<>();
        String[] lines = csv.split("\\R");
        boolean header = false;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
                    throw new IllegalArgumentException(source + " line " + (n + 1) + " must be the header '"
                            + HEADER + "' but was '" + line + "'");
                }
                header = true;
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length != 4) {
                    throw new NumberFormatException();
                }
                int concurrency = Integer.parseInt(f[1].trim());
                double throughput = Double.parseDouble(f[2].trim());
                double p99Millis = Double.parseDouble(f[3].trim());
                if (f[0].isBlank() || concurrency < 1 || !(throughput > 0) || !(p99Millis > 0)) {
                    throw new NumberFormatException();
                }
                byLabel.computeIfAbsent(f[0].trim(), k -> new ArrayList<>()).add(new Expectation(concurrency,
                        throughput, Duration.ofNanos(Math.round(p99Millis * 1e6))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + " line " + (n + 1) + " must be 'label,concurrency >= 1,"
                        + "throughput_rps > 0,p99_ms > 0' but was '" + line + "'");
            }
        }
        Map<String, ExpectationTable> tables = new LinkedHashMap<>();
        byLabel.forEach((label, rows) -> tables.put(label, new ExpectationTable(label, rows)));
        return Collections.unmodifiableMap(tables);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(label).append(':');
        for (Expectation e : rows) {
            s.append(String.format(Locale.ROOT, " %d concurrent -> %.0f req/s at P99 %s;", e.concurrency(),
                    e.throughput(), Durations.format(e.p99())));
        }
        return s.toString();
    }
}
