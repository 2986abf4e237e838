package dev.httpbench.jetty;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * Run by {@link OpenFilesLimitTest} in a child JVM whose open-files limit is lower than the
 * connections asked for: one run against {@code args[0]}, then its counts on one line.
 */
public final class OpenFilesProbe {
    private OpenFilesProbe() {
    }

    public static void main(String[] args) throws Exception {
        // a first, small run loads the classes of the failure path while descriptors are still free
        // (classes read from a directory cost a descriptor each)
        int refused;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = probe.getLocalPort();
        }
        Benchmark.target("http://127.0.0.1:" + refused + "/").warmup(Duration.ZERO).concurrency(2).requests(4)
                .monitorInterval(Duration.ZERO).run();
        BenchmarkResult r = Benchmark.target(args[0]).warmup(Duration.ZERO).workers(1)
                .concurrency(Integer.parseInt(args[1])).requests(3_000).monitorInterval(Duration.ZERO).run();
        System.out.println("sent=" + r.sent() + " ok=" + r.succeeded() + " failed=" + r.failed() + " local="
                + r.errors(FailureKind.LOCAL_RESOURCES) + " other=" + r.errors(FailureKind.OTHER));
    }
}
