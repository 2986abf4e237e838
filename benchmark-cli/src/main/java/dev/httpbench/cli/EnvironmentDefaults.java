package dev.httpbench.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * Resolves the {@code ${env:NAME}} and {@code ${env:NAME:-fallback}} defaults of the options from the
 * runner's own environment map rather than {@code System.getenv()}, so that the runner can be run
 * in-process with any environment (the command line turns picocli's own interpolation off). A blank
 * variable counts as unset. Remembers which option took its value from which variable, so that a message
 * can say where a bad value came from. Not thread-safe: one per parse.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z_][A-Z0-9_]*)(?::-(.*))?}");

    private final Map<String, String> env;
    private final Map<String, String> used = new HashMap<>();

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        String declared = arg.defaultValue();
        Matcher m = declared == null ? null : ENV.matcher(declared);
        if (m == null || !m.matches()) {
            return null; // the annotation's own default, if any
        }
        String value = env.get(m.group(1));
        if (value != null && !value.isBlank()) {
            if (arg instanceof OptionSpec option) {
                used.put(option.longestName(), m.group(1));
            }
            return value.trim();
        }
        return m.group(2) != null ? m.group(2) : Option.NULL_VALUE;
    }

    /** The environment itself, for what is read from it beside option defaults (a shard's index). */
    Map<String, String> variables() {
        return env;
    }

    /** The variable option {@code longestName} took its value from, or null. */
    String variableOf(String longestName) {
        return used.get(longestName);
    }
}
