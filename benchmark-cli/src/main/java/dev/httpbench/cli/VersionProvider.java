package dev.httpbench.cli;

import dev.httpbench.Benchmark;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of the runner and its subcommands: the httpbench version and the Java it runs on. Stateless. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"httpbench " + Benchmark.version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
