package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.HttpProtocol;
import dev.httpbench.spi.BenchmarkEngine;

/** The Jetty 12 engine, registered as a {@link BenchmarkEngine} service. Thread-safe and stateless. */
public final class JettyEngine implements BenchmarkEngine {
    static final String HTTP2_WORKLOADS = "protocol http/2 sends a single request to a single target: endpoints, "
            + "feeders and several targets need protocol http/1.1";

    @Override
    public String name() {
        return "jetty";
    }

    /** HTTP/1.1 runs every workload; HTTP/2 a single request only (see {@link #start}). */
    @Override
    public boolean supportsWorkloads() {
        return true;
    }

    /**
     * @throws UnsupportedOperationException for HTTP/2 with endpoints, a feeder or several targets
     */
    @Override
    public BenchmarkRun start(BenchmarkConfig config) {
        if (config.protocol() == HttpProtocol.HTTP_2 && !config.singleRequest()) {
            throw new UnsupportedOperationException(HTTP2_WORKLOADS);
        }
        JettyRun run = new JettyRun(config);
        run.start();
        return run;
    }
}
