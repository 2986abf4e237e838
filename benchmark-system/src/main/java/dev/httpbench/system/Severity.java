package dev.httpbench.system;

import java.util.Locale;

/** How much a {@link Check}'s observed value matters for the planned load. */
public enum Severity {
    /** Fine for the planned load. */
    OK,
    /** Works, but may distort results or limit the load; worth changing on a benchmark machine. */
    WARN,
    /** Will make the planned load fail or mislead (e.g. too few open files for the connections). */
    CRITICAL,
    /** Could not be read here (not Linux, no permission, not exposed in a container); the check says why. */
    UNKNOWN;

    /** Lower case, as printed: {@code ok}, {@code warn}, {@code critical}, {@code unknown}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
