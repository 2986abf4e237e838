package dev.httpbench.spi;

import dev.httpbench.Feeder;
import java.util.SplittableRandom;

/**
 * One worker's position in a feeder's rows, so that taking a row touches no shared state. Rows are
 * partitioned by stride: worker w of W takes rows w, w+W, w+2W, ... For {@link Feeder.Order#SEQUENTIAL}
 * it wraps (modulo the row count), so that the workers together walk the file in order;
 * {@link Feeder.Order#ONCE} stops after the worker's last row, so that every row is taken exactly once
 * across the workers; {@link Feeder.Order#RANDOM} draws rows with a generator seeded from the feeder's
 * seed and the worker's index, so that a run with the same seed and workers takes the same rows. Not
 * thread-safe: one per worker thread; no allocation per row.
 */
public final class FeedCursor {
    /** What {@link #next()} returns when a {@link Feeder.Order#ONCE once} cursor has no row left. */
    public static final int EXHAUSTED = -1;

    private final Feeder.Order order;
    private final int rows;
    private final int step;
    private final SplittableRandom random;
    private long next;

    private FeedCursor(Feeder.Order order, int rows, int worker, int workers, long seed) {
        this.order = order;
        this.rows = rows;
        this.step = workers;
        this.next = worker;
        this.random = order == Feeder.Order.RANDOM ? new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (worker + 1))) : null;
    }

    /**
     * The cursor of worker {@code worker} (0-based) of {@code workers} over {@code rows} rows (>= 1).
     *
     * @param seed the generator's seed for {@link Feeder.Order#RANDOM}; ignored otherwise
     */
    public static FeedCursor of(Feeder.Order order, int rows, long seed, int worker, int workers) {
        if (rows < 1 || workers < 1 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("a cursor needs rows >= 1 and 0 <= worker < workers but had rows " + rows
                    + ", worker " + worker + " of " + workers);
        }
        return new FeedCursor(order, rows, worker, workers, seed);
    }

    /** The next row's index, or {@link #EXHAUSTED} when a once cursor has none left. */
    public int next() {
        switch (order) {
            case RANDOM:
                return random.nextInt(rows);
            case ONCE:
                if (next >= rows) {
                    return EXHAUSTED;
                }
                int once = (int) next;
                next += step;
                return once;
            default:
                int row = (int) (next % rows);
                next += step;
                return row;
        }
    }

    /** Whether {@link #next()} would return {@link #EXHAUSTED}: only a once cursor ever is. */
    public boolean exhausted() {
        return order == Feeder.Order.ONCE && next >= rows;
    }

    public Feeder.Order order() {
        return order;
    }
}
