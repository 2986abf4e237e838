package dev.httpbench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A data file whose rows fill the {@code ${column}} placeholders of requests: a CSV file whose first
 * line names the columns, or a JSON-lines file (one JSON object per line; its keys are the columns).
 * Attach one to an endpoint ({@link Request.Builder#feeder(Feeder)}) or to the whole run
 * ({@link BenchmarkConfig.Builder#feeder(Feeder)}). The file is read when the configuration is built:
 * a missing, empty or malformed file fails {@code build()}, before any load, naming the file and line.
 * Immutable; each {@code order} method returns a copy.
 *
 * <pre>{@code
 * Feeder ids = Feeder.csv(Path.of("ids.csv"));                  // sequential, wrapping (the default)
 * Feeder terms = Feeder.jsonLines(Path.of("terms.jsonl")).random(42);
 * Feeder orders = Feeder.csv(Path.of("orders.csv")).once();      // each row sent exactly once
 * }</pre>
 *
 * Each worker takes rows with its own cursor, so that no request touches shared state: see
 * {@link Order} for what each order means with several workers. Warm-up requests take rows too.
 */
public final class Feeder {

    /** How a file is read. */
    public enum Format {
        /** Comma-separated values (RFC 4180 quoting); the first line names the columns. */
        CSV,
        /**
         * One JSON object per line, every line with the same keys; a string value is used as is, other
         * values as their JSON text.
         */
        JSON_LINES
    }

    /** The order in which rows are taken. */
    public enum Order {
        /**
         * In file order, starting again after the last row. With W workers, worker w takes rows w, w+W,
         * w+2W, ... (wrapping), so that together they walk the file in order.
         */
        SEQUENTIAL,
        /** Rows drawn at random (with replacement), reproducible: the same seed gives each worker the same rows. */
        RANDOM,
        /**
         * Each row exactly once, in file order; the run ends when the rows are used up (warm-up included).
         * With W workers, worker w takes rows w, w+W, w+2W, ... and stops after its last one.
         */
        ONCE;

        /** The lower-case name used in scenario files and messages, e.g. {@code once}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path file;
    private final Format format;
    private final Order order;
    private final long seed;

    private Feeder(Path file, Format format, Order order, long seed) {
        this.file = file;
        this.format = format;
        this.order = order;
        this.seed = seed;
    }

    /** A CSV file with a header line, taken {@link Order#SEQUENTIAL sequentially}. */
    public static Feeder csv(Path file) {
        return new Feeder(file, Format.CSV, Order.SEQUENTIAL, 0);
    }

    /** A JSON-lines file, taken {@link Order#SEQUENTIAL sequentially}. */
    public static Feeder jsonLines(Path file) {
        return new Feeder(file, Format.JSON_LINES, Order.SEQUENTIAL, 0);
    }

    /** This file taken in file order, wrapping (the default). */
    public Feeder sequential() {
        return new Feeder(file, format, Order.SEQUENTIAL, 0);
    }

    /** This file's rows drawn at random, reproducibly from {@code seed}. */
    public Feeder random(long seed) {
        return new Feeder(file, format, Order.RANDOM, seed);
    }

    /** This file's rows each used exactly once; the run ends when they are used up. */
    public Feeder once() {
        return new Feeder(file, format, Order.ONCE, 0);
    }

    /** The file, as given (a relative path is read from the working directory). */
    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    public Order order() {
        return order;
    }

    /** The seed of a {@link Order#RANDOM} order; 0 otherwise. */
    public long seed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Feeder f && Objects.equals(file, f.file) && format == f.format && order == f.order
                && seed == f.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, format, order, seed);
    }

    /** E.g. {@code ids.csv (random, seed 42)}. */
    @Override
    public String toString() {
        return file + " (" + order.id() + (order == Order.RANDOM ? ", seed " + seed : "") + ")";
    }
}
