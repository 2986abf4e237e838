package dev.httpbench.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario file that cannot be run, with every problem found in it, each naming the file, the line
 * and the field, e.g. {@code checkout.yaml line 12, endpoints.items.weight: endpoint items: weight must
 * be between 1 and 10000 but was 0}. The message is the problems joined by {@code "; "}.
 */
public final class ScenarioException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param file the scenario file as given
     * @param line the line of the field (1-based)
     * @param field the field's path in the file, e.g. {@code endpoints.items.weight}; empty for the file
     *        as a whole
     * @param message the whole sentence: file, line, field, and what is wrong
     */
    public record Problem(String file, int line, String field, String message) {
        @Override
        public String toString() {
            return message;
        }
    }

    private final transient List<Problem> problems;

    ScenarioException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order of the file. */
    public List<Problem> problems() {
        return problems;
    }

    /** The problems' messages, in order. */
    public List<String> messages() {
        return problems.stream().map(Problem::message).toList();
    }
}
