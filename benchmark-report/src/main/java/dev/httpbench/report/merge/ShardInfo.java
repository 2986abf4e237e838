package dev.httpbench.report.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Who a shard was and how it started: what a merge needs beyond the shard's report folder. Written as
 * {@code shard.json} next to {@code summary.json}. Immutable.
 *
 * @param index the shard, from 0
 * @param count how many shards the test has
 * @param testId the same for every shard of one test; a merge refuses records of different tests
 * @param host the generator's host name
 * @param startAt the common start every shard waited for, or null when there was none
 * @param lateness how late this shard reached the common start (zero when on time or without one)
 * @param clock how far its clock was ahead of the target's, or null when that could not be measured
 */
public record ShardInfo(int index, int count, String testId, String host, Instant startAt, Duration lateness,
        ClockOffset clock) {
    public ShardInfo {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard index must be between 0 and count - 1 but was " + index + " of "
                    + count);
        }
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(lateness, "lateness");
    }

    /** {@code 2/4}: the index and the count, as the command line writes a shard. */
    public String label() {
        return index + "/" + count;
    }
}
