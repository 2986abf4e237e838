package dev.httpbench.jetty.internal;

/**
 * Open loop: the arrivals of one worker that found no idle slot, oldest first, each with its intended
 * send time and the phase it was issued in. A ring of primitive arrays that grows
 * by doubling up to a fixed capacity, so a queued arrival allocates nothing. Not thread-safe: one
 * worker thread owns it.
 */
final class WaitQueue {
    private final int capacity;
    private long[] intended = new long[64];
    private Phase[] phases = new Phase[64];
    private int head;
    private int size;

    WaitQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Adds an arrival; false when the queue holds {@code capacity} arrivals already. */
    boolean add(long intendedNanos, Phase phase) {
        if (size >= capacity) {
            return false;
        }
        if (size == intended.length) {
            grow();
        }
        int tail = (head + size) & (intended.length - 1);
        intended[tail] = intendedNanos;
        phases[tail] = phase;
        size++;
        return true;
    }

    private void grow() {
        int n = intended.length;
        long[] i2 = new long[n * 2];
        Phase[] p2 = new Phase[n * 2];
        for (int k = 0; k < size; k++) {
            int from = (head + k) & (n - 1);
            i2[k] = intended[from];
            p2[k] = phases[from];
        }
        intended = i2;
        phases = p2;
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

    Phase headPhase() {
        return phases[head];
    }

    void removeHead() {
        phases[head] = null;
        head = (head + 1) & (intended.length - 1);
        size--;
    }
}
