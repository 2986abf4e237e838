package dev.httpbench.matrix;

import dev.httpbench.BenchmarkConfig;
import java.util.Locale;

/**
 * One run of a {@link Matrix}: the configuration to run and which repeat it is. Immutable.
 *
 * @param index position in {@link Matrix#points()}, from 0
 * @param config the configuration of this run (concurrency, workers and rate set)
 * @param repeat which repeat of this configuration, from 1
 */
public record MatrixPoint(int index, BenchmarkConfig config, int repeat) {

    public int concurrency() {
        return config.concurrency();
    }

    public int workers() {
        return config.workers();
    }

    /** The open-loop rate in requests/s, or null for closed loop. */
    public Double rate() {
        return config.openLoop() ? config.rate() : null;
    }

    /**
     * A key shared by the repeats of one configuration, e.g. {@code c128-w8} or {@code c128-w8-r2000}.
     * Also used in file names.
     */
    public String configurationKey() {
        String key = "c" + concurrency() + "-w" + workers();
        if (config.openLoop()) {
            key += "-r" + String.format(Locale.ROOT, "%.0f", config.rate());
        }
        return key;
    }

    /** A name unique within the matrix, e.g. {@code c128-w8-rep2}. */
    public String name() {
        return configurationKey() + "-rep" + repeat;
    }

    /** For progress lines: {@code concurrency 128, 8 workers, repeat 2}. */
    public String describe() {
        return "concurrency " + concurrency() + ", " + workers() + " worker" + (workers() == 1 ? "" : "s")
                + (config.openLoop() ? String.format(Locale.ROOT, ", rate %.0f req/s", config.rate()) : "")
                + ", repeat " + repeat;
    }
}
