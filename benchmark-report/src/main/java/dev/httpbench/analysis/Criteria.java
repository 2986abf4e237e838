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
 * @param minRunDuration runs measured for less than this are too short to judge and left out of the
 *     best configuration, saturation, stability and expectations (like interrupted runs); default 1 s
 * @param vmSize the machine size label the runs were made on (e.g. {@code 8-core}), or null; when
 *     null, the label of {@code expectations}. A core count in the label is compared with
 *     {@code machineCores}.
 * @param machineCores the cores of the machine that generated the load; default this JVM's
 *     available processors, the figure a report's environment records
 */
public record Criteria(Duration sloP99, double maxThroughputCv, ExpectationTable expectations,
        Duration minRunDuration, String vmSize, int machineCores) {
    /** Default SLO: P99 at most 150 ms. */
    public static final Duration DEFAULT_SLO_P99 = Duration.ofMillis(150);
    /** Default stability limit: 10 % coefficient of variation. */
    public static final double DEFAULT_MAX_THROUGHPUT_CV = 0.10;
    /** Default shortest judged run: the length the engine needs before its own CPU figures mean anything. */
    public static final Duration DEFAULT_MIN_RUN_DURATION = Duration.ofSeconds(1);
    /**
     * Saturation: a step up in concurrency that adds less than this fraction of throughput while P99
     * rises by more than {@link #SATURATION_P99_GROWTH} marks the knee.
     */
    public static final double SATURATION_THROUGHPUT_GAIN = 0.10;
    /** See {@link #SATURATION_THROUGHPUT_GAIN}. */
    public static final double SATURATION_P99_GROWTH = 0.10;
    /** A run meets its expectation when within this fraction of the expected throughput and P99. */
    public static final double EXPECTATION_TOLERANCE = 0.10;
    /**
     * Confidence: a difference in throughput stands when it exceeds this many standard errors of the
     * difference (about 95 % two-sided for a normal error); less, and it lies within the noise.
     */
    public static final double CONFIDENCE_STANDARD_ERRORS = 2;
    /** Confidence: the repeats per configuration below which verdicts are called unconfirmed. */
    public static final int CONFIRMING_REPEATS = 2;
    /** Confidence: the repeats suggested at the least, since two repeats give a very rough spread. */
    public static final int SUGGESTED_REPEATS = 3;
    /** Confidence: the full report intervals one run needs before its interval spread estimates its noise. */
    public static final int MIN_NOISE_INTERVALS = 3;
    /** Host saturation: system-wide CPU, % of all cores, from which the machine counts as saturated. */
    public static final double HOST_CPU_LIMIT_PERCENT = 95;
    /**
     * Host saturation is only reported while the generator is below its own limits: its process CPU
     * under this % of its cores (the engine's client-bound limit) ...
     */
    public static final double GENERATOR_CPU_LIMIT_PERCENT = 90;
    /** ... and each worker thread under this % of one core (the engine's client-bound limit). */
    public static final double WORKER_BUSY_LIMIT_PERCENT = 85;
    /** Open loop: the largest schedule lag before the generator counts as having fallen behind. */
    public static final Duration MAX_SCHEDULE_LAG = Duration.ofMillis(10);
    /**
     * Open loop: the share of the offered rate the target must complete (responses per second) not to
     * count as overloaded.
     */
    public static final double MIN_COMPLETED_SHARE = 0.90;

    public Criteria {
        Objects.requireNonNull(sloP99, "sloP99");
        if (sloP99.isNegative() || sloP99.isZero()) {
            throw new IllegalArgumentException("sloP99 must be > 0s but was " + sloP99);
        }
        if (!(maxThroughputCv > 0)) {
            throw new IllegalArgumentException("maxThroughputCv must be > 0 but was " + maxThroughputCv);
        }
        Objects.requireNonNull(minRunDuration, "minRunDuration");
        if (minRunDuration.isNegative()) {
            throw new IllegalArgumentException("minRunDuration must be >= 0s but was " + minRunDuration);
        }
        if (machineCores < 1) {
            throw new IllegalArgumentException("machineCores must be >= 1 but was " + machineCores);
        }
    }

    /**
     * The SLO, stability limit and expectations; the other criteria take their defaults.
     *
     * @param expectations expected figures for the machine size, or null
     */
    public Criteria(Duration sloP99, double maxThroughputCv, ExpectationTable expectations) {
        this(sloP99, maxThroughputCv, expectations, DEFAULT_MIN_RUN_DURATION, null,
                Runtime.getRuntime().availableProcessors());
    }

    /** The defaults: P99 SLO 150 ms, 10 % CV, no expectation table, runs of at least 1 s judged. */
    public static Criteria defaults() {
        return new Criteria(DEFAULT_SLO_P99, DEFAULT_MAX_THROUGHPUT_CV, null);
    }

    public Criteria withSloP99(Duration slo) {
        return new Criteria(slo, maxThroughputCv, expectations, minRunDuration, vmSize, machineCores);
    }

    public Criteria withExpectations(ExpectationTable table) {
        return new Criteria(sloP99, maxThroughputCv, table, minRunDuration, vmSize, machineCores);
    }

    /** Runs measured for less than {@code shortest} are left out of the verdicts. */
    public Criteria withMinRunDuration(Duration shortest) {
        return new Criteria(sloP99, maxThroughputCv, expectations, shortest, vmSize, machineCores);
    }

    /**
     * The machine the load came from: its size label (or null) and its core count, e.g. a report's
     * {@code Environment.cpus()}.
     */
    public Criteria withMachine(String vmSizeLabel, int cores) {
        return new Criteria(sloP99, maxThroughputCv, expectations, minRunDuration, vmSizeLabel, cores);
    }

    /** The machine size label: {@link #vmSize()} when given, else the expectation table's label, else null. */
    public String machineLabel() {
        if (vmSize != null) {
            return vmSize;
        }
        return expectations == null ? null : expectations.label();
    }
}
