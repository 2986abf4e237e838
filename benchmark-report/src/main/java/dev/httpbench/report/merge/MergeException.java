package dev.httpbench.report.merge;

/**
 * Shard outputs that cannot be merged: a file missing or malformed, records of different tests, a
 * shard given twice with different contents. The message names the source, the file and what is wrong.
 */
public final class MergeException extends Exception {
    private static final long serialVersionUID = 1L;

    public MergeException(String message) {
        super(message);
    }

    public MergeException(String message, Throwable cause) {
        super(message, cause);
    }
}
