package dev.httpbench.internal;

import dev.httpbench.InvalidConfigException;
import dev.httpbench.InvalidConfigException.Problem;
import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems a builder has found so far, one per option key: setting an option again replaces its
 * problem. Not thread-safe; one per builder.
 */
public final class Problems {
    private final Map<String, Problem> byKey = new LinkedHashMap<>();

    /** Records {@code problem} under {@code key} unless {@code ok}, else forgets the key's problem. */
    public void check(String key, boolean ok, Problem problem) {
        if (ok) {
            byKey.remove(key);
        } else {
            byKey.put(key, problem);
        }
    }

    public void put(String key, Problem problem) {
        byKey.put(key, problem);
    }

    public void clear(String key) {
        byKey.remove(key);
    }

    public boolean has(String key) {
        return byKey.containsKey(key);
    }

    /**
     * Throws one exception listing {@code first}, the recorded problems, then {@code extra}, if there is
     * any problem.
     */
    public void throwIfAny(List<Problem> first, List<Problem> extra) {
        List<Problem> all = new ArrayList<>(first);
        all.addAll(byKey.values());
        all.addAll(extra);
        if (!all.isEmpty()) {
            throw new InvalidConfigException(all);
        }
    }

    /** Checks that {@code value} is > 0 and at most {@code max}. */
    public void positive(String option, Duration value, Duration max) {
        boolean ok = value != null && !value.isNegative() && !value.isZero();
        check(option, ok, Problem.of(option, "must be > 0s", Durations.format(value)));
        if (ok) {
            atMost(option, value, max);
        }
    }

    /** Checks that {@code value} is >= 0 and at most {@code max}. */
    public void notNegative(String option, Duration value, Duration max) {
        boolean ok = value != null && !value.isNegative();
        check(option, ok, Problem.of(option, "must be >= 0s", Durations.format(value)));
        if (ok) {
            atMost(option, value, max);
        }
    }

    private void atMost(String option, Duration value, Duration max) {
        check(option, value.compareTo(max) <= 0, Problem.of(option, "must be <= " + Durations.format(max),
                Durations.format(value)));
    }
}
