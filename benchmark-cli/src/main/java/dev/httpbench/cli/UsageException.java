package dev.httpbench.cli;

import java.util.List;

/** Bad usage: every problem found, each naming the option, the rule and the value. Exit code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    UsageException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
