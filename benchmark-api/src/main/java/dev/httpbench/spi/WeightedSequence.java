package dev.httpbench.spi;

import java.util.Arrays;

/**
 * The exact order in which a mix's endpoints are picked: a smooth weighted round-robin (as nginx
 * balances upstreams) computed once over its period, the sum of the weights divided by their greatest
 * common divisor. Every period holds each index exactly its weight's share of times, spread out rather
 * than in runs, so that any window of consecutive picks, however short, holds each index its share to
 * within about one pick: a short run still has the mix. Immutable and thread-safe; each worker picks
 * with its own {@link #cursor(int, int)}, which costs one array read per pick.
 */
public final class WeightedSequence {
    /** The longest period computed: the weights' sum divided by their gcd must not exceed it. */
    public static final int MAX_PERIOD = 1 << 20;

    private final int[] order;

    private WeightedSequence(int[] order) {
        this.order = order;
    }

    /**
     * The sequence for {@code weights}, each >= 1.
     *
     * @throws IllegalArgumentException when there is no weight, one is below 1, or the period is above
     *         {@link #MAX_PERIOD}
     */
    public static WeightedSequence of(int... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights must not be empty");
        }
        int gcd = 0;
        for (int w : weights) {
            if (w < 1) {
                throw new IllegalArgumentException("weights must be >= 1 but were " + Arrays.toString(weights));
            }
            gcd = gcd(gcd, w);
        }
        long period = 0;
        int[] reduced = new int[weights.length];
        for (int i = 0; i < weights.length; i++) {
            reduced[i] = weights[i] / gcd;
            period += reduced[i];
        }
        if (period > MAX_PERIOD) {
            throw new IllegalArgumentException("weights must sum to at most " + MAX_PERIOD + " after dividing by their "
                    + "greatest common divisor but sum to " + period);
        }
        int[] order = new int[(int) period];
        long[] current = new long[reduced.length];
        for (int p = 0; p < order.length; p++) {
            int best = 0;
            for (int i = 0; i < reduced.length; i++) {
                current[i] += reduced[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= period;
            order[p] = best;
        }
        return new WeightedSequence(order);
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** The number of picks after which the sequence repeats. */
    public int period() {
        return order.length;
    }

    /** The index picked at position {@code i} (>= 0) of the endless sequence. */
    public int at(long i) {
        return order[(int) (i % order.length)];
    }

    /**
     * A cursor for worker {@code worker} of {@code workers}: the workers start evenly spaced over the
     * period, so that they do not all send the same endpoint at the same moment.
     */
    public Cursor cursor(int worker, int workers) {
        return new Cursor(order, (int) ((long) worker * order.length / Math.max(1, workers)));
    }

    /** One worker's position in the sequence. Not thread-safe: one per worker thread. */
    public static final class Cursor {
        private final int[] order;
        private int next;

        private Cursor(int[] order, int start) {
            this.order = order;
            this.next = start;
        }

        /** The next index. */
        public int next() {
            int i = order[next];
            next = next + 1 == order.length ? 0 : next + 1;
            return i;
        }
    }
}
