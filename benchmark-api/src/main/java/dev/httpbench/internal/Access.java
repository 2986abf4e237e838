package dev.httpbench.internal;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientSample;
import dev.httpbench.Interval;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import org.HdrHistogram.Histogram;

/**
 * The bridge through which {@code dev.httpbench.spi} constructs the API's value types, whose
 * constructors are private so that users of {@code dev.httpbench} see values, never their assembly.
 * Each value type installs its constructors from its static initializer. Not for use outside
 * benchmark-api.
 */
public final class Access {
    /** Construction of results. */
    public interface Results {
        BenchmarkResult build(ResultBuilder builder);
    }

    /** Construction of timeline entries. */
    public interface Intervals {
        Interval interval(Instant start, Duration offset, Duration length, long succeeded, long failed,
                Histogram latencyMicros, ClientSample client);

        Interval withClient(Interval interval, ClientSample client);
    }

    private static volatile Results results;
    private static volatile Intervals intervals;

    private Access() {
    }

    public static void install(Results r) {
        results = r;
    }

    public static void install(Intervals i) {
        intervals = i;
    }

    public static Results results() {
        if (results == null) {
            initialize(BenchmarkResult.class);
        }
        return results;
    }

    public static Intervals intervals() {
        if (intervals == null) {
            initialize(Interval.class);
        }
        return intervals;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
