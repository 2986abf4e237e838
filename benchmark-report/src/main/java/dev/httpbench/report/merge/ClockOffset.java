package dev.httpbench.report.merge;

import java.time.Duration;
import java.util.Objects;

/**
 * How far a shard's wall clock was ahead of a reference clock that every shard can see (the target's
 * {@code Date} header), as the interval the offset certainly lies in: a {@code Date} header has one-second
 * resolution, so one reading only bounds the offset, and several readings narrow the bounds. Immutable.
 *
 * @param low the offset is at least this (negative: the shard's clock is behind)
 * @param high the offset is at most this
 * @param reference what the shard's clock was compared with, e.g. {@code Date header of http://host/health}
 */
public record ClockOffset(Duration low, Duration high, String reference) {
    public ClockOffset {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(reference, "reference");
        if (low.compareTo(high) > 0) {
            throw new IllegalArgumentException("low (" + low + ") must be <= high (" + high + ")");
        }
    }

    /** The middle of the bounds: the best single estimate. */
    public Duration estimate() {
        return low.plus(high.minus(low).dividedBy(2));
    }

    /**
     * By how much the two clocks certainly disagree: zero when the bounds overlap, else the gap between
     * them. Both offsets must be against the same reference.
     */
    public Duration certainDifference(ClockOffset other) {
        Duration ahead = low.minus(other.high);
        Duration behind = other.low.minus(high);
        Duration gap = ahead.compareTo(behind) > 0 ? ahead : behind;
        return gap.isNegative() ? Duration.ZERO : gap;
    }
}
