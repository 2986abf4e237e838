package dev.httpbench.spi;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkRun;

/**
 * The service that runs benchmarks, found with {@link java.util.ServiceLoader}. Users never call it;
 * {@link dev.httpbench.Benchmark} does. Implementations are thread-safe and stateless between runs.
 */
public interface BenchmarkEngine {

    /** A short name for logs and reports, e.g. {@code jetty}. */
    String name();

    /** Starts a run in the background and returns at once. */
    BenchmarkRun start(BenchmarkConfig config);
}
