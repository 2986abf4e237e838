package dev.httpbench.report.compare;

import java.util.Locale;

/** What a comparison says about a figure, a configuration or the whole. */
public enum Verdict {
    /** Better than the baseline by more than the limit, outside the repeats' spread and beyond the noise. */
    BETTER,
    /** No change that counts: within the limit, inside the repeats' spread, or within the noise. */
    SAME,
    /** Worse than the baseline by more than the limit, outside the repeats' spread and beyond the noise. */
    WORSE,
    /** Not judged: too few latencies on a side to tell this percentile, or nothing to compare it with. */
    INCONCLUSIVE;

    /** Lower case, as printed: {@code worse}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
