package dev.httpbench.examples;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Feeder;
import dev.httpbench.PartResult;
import dev.httpbench.Request;
import dev.httpbench.cli.demo.DemoTarget;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Example 6: a real workload. Two instances of a service, a mix of three endpoints with weights, ids
 * from a CSV file filling a placeholder, and the result per endpoint and per instance.
 */
public final class Example06Workload {
    private Example06Workload() {
    }

    public static void main(String[] args) throws IOException {
        Path ids = Files.createTempFile("ids", ".csv");
        Files.writeString(ids, "id\n17\n42\n7\n");           // a header line names the column
        try (DemoTarget first = DemoTarget.start(); DemoTarget second = DemoTarget.start()) {
            BenchmarkResult result = Benchmark.targets(List.of(URI.create(first.baseUrl()), URI.create(second.baseUrl())))
                    .workers(2)
                    .concurrency(16)                      // 8 connections to each instance
                    .requests(2_000)
                    .endpoint("product", Request.get("/api/products/${id}").weight(8)
                            .feeder(Feeder.csv(ids)))     // ids in file order, wrapping
                    .endpoint("search", Request.get("/api/search?q=red%20shoes").weight(1))
                    .endpoint("order", Request.post("/api/orders").jsonBody("{\"product\":${id}}").weight(1)
                            .feeder(Feeder.csv(ids).random(7)))
                    .run();

            System.out.println(result);                   // with a short table per endpoint and per instance
            for (PartResult endpoint : result.endpoints().values()) {
                System.out.println(String.format(Locale.ROOT, "%-8s %5d sent, share %.0f %%, p99 %s", endpoint.name(),
                        endpoint.sent(), 100.0 * endpoint.sent() / result.sent(), format(endpoint.latency().p99())));
            }
        } finally {
            Files.deleteIfExists(ids);
        }
    }
}
