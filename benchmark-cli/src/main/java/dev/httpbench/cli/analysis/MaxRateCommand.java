package dev.httpbench.cli.analysis;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.InvalidConfigException;
import dev.httpbench.MaxRate;
import dev.httpbench.MaxRateSearch;
import dev.httpbench.Slo;
import dev.httpbench.cli.Runner;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code httpbench --find-max-rate --slo-p99 D [--slo-error-rate F]}, callable with plain arguments:
 * runs a {@link MaxRateSearch}, prints each probe as it ends and then the answer, and returns the exit
 * code. Thread contract: {@link #run} on one thread; {@link #stop()} (Ctrl-C) from any thread.
 *
 * <p>Exit codes, as the runner's: {@value Runner#EXIT_OK} a rate met the SLO (the answer says whether
 * it is the server's limit or a lower bound set by the generator); {@value Runner#EXIT_THRESHOLD} no
 * rate met it; {@value Runner#EXIT_USAGE} an invalid search setting; {@value Runner#EXIT_FAILED} the
 * engine failed; {@value Runner#EXIT_INTERRUPTED} stopped.
 */
public final class MaxRateCommand {
    private final MaxRateSearch.Builder search;
    private volatile MaxRateSearch running;
    private volatile boolean stopped;
    private volatile MaxRate answer;

    /** A command that runs {@code search} (the runner sets its start rate and options from the flags). */
    public MaxRateCommand(MaxRateSearch.Builder search) {
        this.search = search;
    }

    /** Searches from {@code base} against {@code slo} with the search's defaults; see {@link #run(PrintStream, PrintStream)}. */
    public static int run(BenchmarkConfig base, Slo slo, PrintStream out, PrintStream err) {
        return new MaxRateCommand(MaxRateSearch.builder(base, slo)).run(out, err);
    }

    /**
     * Runs the search to its end.
     *
     * @param out one line per probe as it ends, then the answer
     * @param err what went wrong
     */
    public int run(PrintStream out, PrintStream err) {
        int[] index = {0};
        MaxRateSearch s;
        try {
            s = search.onProbe(p -> out.println(line(++index[0], p))).build();
        } catch (InvalidConfigException e) {
            e.messages().forEach(m -> err.println("httpbench --find-max-rate: " + m));
            return Runner.EXIT_USAGE;
        }
        running = s;
        if (stopped) {
            s.stop();
        }
        out.println("searching for the highest rate that meets the SLO, from " + rate(s.startRate()) + ":");
        MaxRate m;
        try {
            m = s.run();
        } catch (RuntimeException e) {
            err.println("httpbench --find-max-rate: the benchmark failed: " + e.getMessage());
            return Runner.EXIT_FAILED;
        }
        answer = m;
        out.println();
        out.println(m.explanation());
        return switch (m.stop()) {
            case STOPPED -> Runner.EXIT_INTERRUPTED;
            case NONE_MET -> Runner.EXIT_THRESHOLD;
            default -> m.found() ? Runner.EXIT_OK : Runner.EXIT_THRESHOLD;
        };
    }

    /** Stops the search: the probe in progress ends early and the answer so far is printed. Idempotent. */
    public void stop() {
        stopped = true;
        MaxRateSearch s = running;
        if (s != null) {
            s.stop();
        }
    }

    /** The answer, once {@link #run} has ended with one. */
    public Optional<MaxRate> answer() {
        return Optional.ofNullable(answer);
    }

    /** E.g. {@code probe 4: 800 requests/s: broke the SLO: p99 310ms above the 150ms budget}. */
    static String line(int index, MaxRate.Probe p) {
        return "probe " + index + ": " + rate(p.rate()) + (p.attempt() > 1 ? " (attempt " + p.attempt() + ")" : "")
                + ": " + p.why();
    }

    private static String rate(double r) {
        return (r == Math.rint(r) ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%.1f", r))
                + " requests/s";
    }
}
