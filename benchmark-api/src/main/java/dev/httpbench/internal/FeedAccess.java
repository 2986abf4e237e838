package dev.httpbench.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.Feeder;

/**
 * The bridge through which {@code dev.httpbench.spi} reads the feeder files a configuration loaded
 * when it was built, so that the rows an engine sends are the rows that were validated. Installed
 * by {@link BenchmarkConfig}'s static initializer. Not for use outside benchmark-api.
 */
public final class FeedAccess {
    /** The tables of a built configuration. */
    public interface Tables {
        /** The rows of {@code feeder}, which is the run's feeder or an endpoint's. */
        FeedTable table(BenchmarkConfig config, Feeder feeder);
    }

    private static volatile Tables tables;

    private FeedAccess() {
    }

    public static void install(Tables t) {
        tables = t;
    }

    public static Tables tables() {
        if (tables == null) {
            try {
                Class.forName(BenchmarkConfig.class.getName(), true, BenchmarkConfig.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return tables;
    }
}
