package dev.httpbench.junit.internal;

import java.util.Objects;

/**
 * How one threshold judged one result: the status and a sentence with the measured and expected
 * values, e.g. {@code p99 180ms, expected at most 150ms}. Immutable and thread-safe.
 */
public record Verdict(Status status, String text) {
    /** The three outcomes of a threshold. */
    public enum Status {
        /** The measured value is within the limit. */
        PASSED,
        /** The measured value is beyond the limit. */
        VIOLATED,
        /** The result holds too little data to judge; the text says why. */
        INCONCLUSIVE
    }

    public Verdict {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(text, "text");
    }

    static Verdict passed(String text) {
        return new Verdict(Status.PASSED, text);
    }

    static Verdict violated(String text) {
        return new Verdict(Status.VIOLATED, text);
    }

    static Verdict inconclusive(String text) {
        return new Verdict(Status.INCONCLUSIVE, text);
    }

    /** Whether this verdict fails a gate, given whether inconclusive verdicts fail. */
    public boolean fails(boolean failOnInconclusive) {
        return status == Status.VIOLATED || (status == Status.INCONCLUSIVE && failOnInconclusive);
    }
}
