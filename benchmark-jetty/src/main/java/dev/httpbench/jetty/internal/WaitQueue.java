package dev.httpbench.jetty.internal;

/**
 * Open loop: the arrivals of one worker that found no idle slot, oldest first, each with its intended
 * send time and whether it is measured. A ring of primitive arrays that grows
 * by doubling up to a fixed capacity, so a queued arrival allocates nothing. Not thread-safe: one
 * worker thread owns it.
 */
final class WaitQueue {
    private final int capacity;
    private long[] intended = new long[64];
    private boolean[] measured = new boolean[64];
    private int head;
    private int size;

    WaitQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an arrival; false when the queue holds {@code capacity} arrivals already. */
    boolean add(long intendedNanos, boolean isMeasured) {
        if (size >= capacity) {
            return false;
        }
        if (size == intended.length) {
            grow();
        }
        int tail = (head + size) & (intended.length - 1);
        intended[tail] = intendedNanos;
        measured[tail] = isMeasured;
        size++;
        return true;
    }

    private void grow() {
        int n = intended.length;
        long[] i2 = new long[n * 2];
        boolean[] m2 = new boolean[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            i2[k] = intended[from];
            m2[k] = measured[from];
        }
        intended = i2;
        measured = m2;
        head = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long headIntended() {
        return intended[head];
    }

    boolean headMeasured() {
        return measured[head];
    }

    void removeHead() {
        head = (head + 1) & (intended.length - 1);
        size--;
    }
}
