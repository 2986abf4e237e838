package dev.httpbench.jetty.internal;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.spi.BenchmarkEngine;

/** The Jetty 12 engine, registered as a {@link BenchmarkEngine} service. Thread-safe and stateless. */
public final class JettyEngine implements BenchmarkEngine {

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public BenchmarkRun start(BenchmarkConfig config) {
        JettyRun run = new JettyRun(config);
        run.start();
        return run;
    }
}
