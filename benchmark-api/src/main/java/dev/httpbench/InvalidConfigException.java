package dev.httpbench;

import java.util.List;

/**
 * Thrown when a benchmark configuration is invalid. It carries every problem found, each of which
 * names the option, the rule and the rejected value, e.g. {@code concurrency must be >= 1 but was 0}.
 * The message is the single problem, or all problems joined by {@code "; "}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the options were set. */
    public List<String> problems() {
        return problems;
    }
}
