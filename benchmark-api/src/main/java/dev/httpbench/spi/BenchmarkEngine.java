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

    /**
     * Whether this engine runs every configuration, endpoints, feeders and several targets included
     * (it sends {@link Workload}'s requests); when false, {@link dev.httpbench.Benchmark} refuses any
     * configuration that is not a {@link BenchmarkConfig#singleRequest() single request} rather than let
     * the engine send something else than what was asked.
     */
    default boolean supportsWorkloads() {
        return false;
    }

    /** Starts a run in the background and returns at once. */
    BenchmarkRun start(BenchmarkConfig config);
}
