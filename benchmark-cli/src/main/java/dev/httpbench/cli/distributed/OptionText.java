package dev.httpbench.cli.distributed;

import dev.httpbench.spi.Durations;
import java.time.Duration;
import java.util.List;

/**
 * The distributed commands' option texts read into values, each bad one reported as a message naming
 * the option, the rule and the value. Stateless.
 */
final class OptionText {
    private OptionText() {
    }

    /** A duration > 0, or null with a message added to {@code problems}. */
    static Duration duration(String option, String text, List<String> problems) {
        try {
            Duration d = Durations.parse(text);
            if (!d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(option + " must be a duration > 0 like 500ms, 30s or 2m but was '" + text + "'");
        return null;
    }

    /** A number in [min, max], or null with a message added to {@code problems}. */
    static Double number(String option, String text, double min, double max, String rule,
            List<String> problems) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(option + " must be " + rule + " but was '" + text + "'");
        return null;
    }
}
