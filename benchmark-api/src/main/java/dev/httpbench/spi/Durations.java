package dev.httpbench.spi;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short human formats for durations ("250ms", "1.5s", "2m") and their parsing. */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** Formats with the largest unit that keeps the number readable, e.g. {@code 1.25ms}, {@code 30s}. */
    public static String format(Duration d) {
        if (d == null) {
            return "null";
        }
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException overflow) {
            return d.toSeconds() + "s";
        }
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        if (abs == 0) {
            return "0s";
        }
        if (abs < 1_000) {
            return sign + abs + "ns";
        }
        if (abs < 1_000_000) {
            return sign + trim(abs / 1e3) + "us";
        }
        if (abs < 1_000_000_000) {
            return sign + trim(abs / 1e6) + "ms";
        }
        if (abs < 120_000_000_000L) {
            return sign + trim(abs / 1e9) + "s";
        }
        if (abs < 7_200_000_000_000L) {
            return sign + trim(abs / 60e9) + "m";
        }
        return sign + trim(abs / 3600e9) + "h";
    }

    /** Milliseconds with three decimals, for tables: {@code 12.345}. */
    public static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /**
     * Parses {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 250us} or an
     * ISO-8601 duration ({@code PT30S}).
     *
     * @throws IllegalArgumentException naming the accepted forms when the text is none of them
     */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = TEXT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            double nanosPerUnit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            double nanos = value * nanosPerUnit;
            // beyond what nanoseconds hold (292 years) is beyond every option's limit anyway
            return nanos < Long.MAX_VALUE ? Duration.ofNanos(Math.round(nanos))
                    : Duration.ofSeconds((long) Math.min(value * nanosPerUnit / 1e9, Long.MAX_VALUE / 2));
        }
        try {
            return Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "must be a duration like 500ms, 30s, 2m or PT30S but was '" + text + "'");
        }
    }

    private static String trim(double value) {
        String s = String.format(Locale.ROOT, value >= 100 ? "%.0f" : value >= 10 ? "%.1f" : "%.2f", value);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
