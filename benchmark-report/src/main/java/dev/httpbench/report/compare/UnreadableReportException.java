package dev.httpbench.report.compare;

/**
 * A report folder or summary.json that cannot be compared: missing, not JSON, not an httpbench summary,
 * or without a run's histogram log. The message names the file and what is wrong with it.
 */
public final class UnreadableReportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnreadableReportException(String message) {
        super(message);
    }

    public UnreadableReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
