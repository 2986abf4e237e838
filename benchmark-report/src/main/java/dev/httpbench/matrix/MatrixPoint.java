package dev.httpbench.matrix;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.LoadModel;
import dev.httpbench.spi.Durations;
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

    /** The open-loop rate in requests/s (for stages their peak), or null for closed loop. */
    public Double rate() {
        return config.openLoop() ? config.rate() : null;
    }

    /**
     * A key shared by the repeats of one configuration, e.g. {@code c128-w8}, {@code c128-w8-r2000} at
     * a constant rate or {@code c128-w8-stages} for a load profile. Also used in file names.
     */
    public String configurationKey() {
        String key = "c" + concurrency() + "-w" + workers();
        if (!config.stages().isEmpty()) {
            key += "-stages";
        } else if (config.openLoop()) {
            key += "-r" + String.format(Locale.ROOT, "%.0f", config.rate());
        }
        return key;
    }

    /** A name unique within the matrix, e.g. {@code c128-w8-rep2}. */
    public String name() {
        return configurationKey() + "-rep" + repeat;
    }

    /**
     * For progress lines: {@code concurrency 128, 8 workers, repeat 2}, with {@code rate 2000 req/s} or
     * {@code stages up to 4000 req/s over 2.5m} in open loop.
     */
    public String describe() {
        String load = "";
        if (config.load() instanceof LoadModel.Staged staged) {
            load = String.format(Locale.ROOT, ", %d stages up to %.0f req/s over %s", staged.stages().size(),
                    staged.peakRate(), Durations.format(staged.duration()));
        } else if (config.openLoop()) {
            load = String.format(Locale.ROOT, ", rate %.0f req/s", config.rate());
        }
        return "concurrency " + concurrency() + ", " + workers() + " worker" + (workers() == 1 ? "" : "s") + load
                + ", repeat " + repeat;
    }
}
