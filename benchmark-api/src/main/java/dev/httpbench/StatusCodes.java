package dev.httpbench;

import java.util.BitSet;
import java.util.Objects;

/**
 * A set of HTTP status codes (100–599), written as a comma list of codes, ranges and classes:
 * {@code "200-399"}, {@code "2xx,404"}, {@code "200,204"}. Immutable.
 */
public final class StatusCodes {
    /** The default success set: every 2xx and 3xx status. */
    public static final StatusCodes SUCCESS_DEFAULT = parse("200-399");

    private final BitSet codes;
    private final String spec;

    private StatusCodes(BitSet codes, String spec) {
        this.codes = codes;
        this.spec = spec;
    }

    /**
     * Parses a status set.
     *
     * @throws IllegalArgumentException when the text is not a comma list of codes, {@code a-b} ranges
     *     or {@code Nxx} classes within 100–599
     */
    public static StatusCodes parse(String spec) {
        String problem = "must be a comma list of status codes, ranges or classes within 100-599 "
                + "(e.g. 200-399,404 or 2xx) but was '" + spec + "'";
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(problem);
        }
        BitSet set = new BitSet(600);
        for (String part : spec.split(",")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            int from;
            int to;
            try {
                if (p.matches("[1-5]xx")) {
                    from = (p.charAt(0) - '0') * 100;
                    to = from + 99;
                } else if (p.matches("\\d{3}-\\d{3}")) {
                    from = Integer.parseInt(p.substring(0, 3));
                    to = Integer.parseInt(p.substring(4));
                } else if (p.matches("\\d{3}")) {
                    from = Integer.parseInt(p);
                    to = from;
                } else {
                    throw new IllegalArgumentException(problem);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(problem, e);
            }
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException(problem);
            }
            set.set(from, to + 1);
        }
        return new StatusCodes(set, spec.trim());
    }

    /** Whether {@code status} is in the set. Thread-safe (read-only). */
    public boolean contains(int status) {
        return status >= 0 && codes.get(status);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusCodes other && codes.equals(other.codes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codes);
    }

    /** The text this set was parsed from. */
    @Override
    public String toString() {
        return spec;
    }
}
