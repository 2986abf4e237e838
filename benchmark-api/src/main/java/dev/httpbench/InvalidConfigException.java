package dev.httpbench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a benchmark configuration is invalid. It carries every problem found, each of which
 * names the option, the rule and the rejected value, e.g. {@code concurrency must be >= 1 but was 0}.
 * The message is the single problem, or all problems joined by {@code "; "}. Tools that expose the
 * options under other names (a command line, annotation attributes) map {@link Problem#option()} to
 * their own name instead of parsing the message.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param option the builder option it concerns, as named by its setter ({@code concurrency},
     *        {@code header}, {@code stages}, {@code target}, ...)
     * @param rule what the value must be, e.g. {@code must be >= 1}
     * @param value the rejected value as text (CR and LF escaped); {@code null} for a missing one
     * @param message the whole sentence: option, rule and value
     */
    public record Problem(String option, String rule, String value, String message) {

        /** The problem whose message is {@code "<option> <rule> but was <value>"}. */
        public static Problem of(String option, String rule, Object value) {
            String v = value == null ? null : escape(String.valueOf(value));
            return new Problem(option, rule, v, option + " " + rule + " but was " + v);
        }

        /** Escapes CR and LF so that a message never breaks a line or a log. */
        public static String escape(String text) {
            return text == null ? null : text.replace("\r", "\\r").replace("\n", "\\n");
        }

        @Override
        public String toString() {
            return message;
        }
    }

    private final transient List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in the order the options were set. */
    public List<Problem> problems() {
        return problems;
    }

    /** The problems' messages, in order. */
    public List<String> messages() {
        return problems.stream().map(Problem::message).toList();
    }
}
