package dev.httpbench.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * What an {@link Assessment} judges runs against. Immutable.
 *
 * @param sloP99 the P99 a configuration must meet to be "best"; default 150 ms
 * @param maxThroughputCv coefficient of variation of throughput across repeats above which a
 *     configuration is flagged unstable, as a fraction; default 0.10 (10 %)
 * @param expectations expected figures for the machine size, or null to skip that comparison
 */
public record Criteria(Duration sloP99, double maxThroughputCv, ExpectationTable expectations) {
    /** Default SLO: P99 at most 150 ms. */
    public static final Duration DEFAULT_SLO_P99 = Duration.ofMillis(150);
    /** Default stability limit: 10 % coefficient of variation. */
    public static final double DEFAULT_MAX_THROUGHPUT_CV = 0.10;
    /**
     * Saturation: a step up in concurrency that adds less than this fraction of throughput while P99
     * rises by more than {@link #SATURATION_P99_GROWTH} marks the knee.
     */
    public static final double SATURATION_THROUGHPUT_GAIN = 0.10;
    /** See {@link #SATURATION_THROUGHPUT_GAIN}. */
    public static final double SATURATION_P99_GROWTH = 0.10;
    /** A run meets its expectation when within this fraction of the expected throughput and P99. */
    public static final double EXPECTATION_TOLERANCE = 0.10;

    public Criteria {
        Objects.requireNonNull(sloP99, "sloP99");
        if (sloP99.isNegative() || sloP99.isZero()) {
            throw new IllegalArgumentException("sloP99 must be > 0s but was " + sloP99);
        }
        if (!(maxThroughputCv > 0)) {
            throw new IllegalArgumentException("maxThroughputCv must be > 0 but was " + maxThroughputCv);
        }
    }

    /** The defaults: P99 SLO 150 ms, 10 % CV, no expectation table. */
    public static Criteria defaults() {
        return new Criteria(DEFAULT_SLO_P99, DEFAULT_MAX_THROUGHPUT_CV, null);
    }

    public Criteria withSloP99(Duration slo) {
        return new Criteria(slo, maxThroughputCv, expectations);
    }

    public Criteria withExpectations(ExpectationTable table) {
        return new Criteria(sloP99, maxThroughputCv, table);
    }
}
