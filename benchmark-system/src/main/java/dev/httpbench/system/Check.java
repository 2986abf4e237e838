package dev.httpbench.system;

import java.util.Objects;

/**
 * One system check's outcome. Immutable.
 *
 * @param name what was checked, e.g. {@code net.core.somaxconn} or {@code open files (soft)}
 * @param severity how much it matters for the planned load
 * @param observed the value found, or {@code unknown: <why>} when it could not be read
 * @param recommended the value recommended for the planned load
 * @param why why it matters for a load generator
 * @param command the exact command that would change it (or, for counts, show it); httpbench never
 *        runs it
 */
public record Check(String name, Severity severity, String observed, String recommended, String why,
        String command) {

    public Check {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(recommended, "recommended");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(command, "command");
    }

    /** Whether this check is a warning or critical. */
    public boolean needsAttention() {
        return severity == Severity.WARN || severity == Severity.CRITICAL;
    }
}
