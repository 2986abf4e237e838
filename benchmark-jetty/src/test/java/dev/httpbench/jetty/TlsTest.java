package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.testsupport.TlsTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An https server with a self-signed certificate, as staging servers often have. */
@Timeout(60)
class TlsTest {

    @Test
    void selfSignedCertificateFailsAsTlsUnlessTrusted(@TempDir Path dir) throws Exception {
        try (TlsTestServer server = new TlsTestServer(dir)) {
            String url = server.baseUrl() + "/";

            BenchmarkResult validated = Benchmark.target(url).warmup(Duration.ZERO).concurrency(2).requests(6).run();
            assertEquals(6, validated.sent(), validated.toString());
            assertEquals(Map.of(FailureKind.TLS, 6L), validated.errors(), validated.toString());

            BenchmarkResult trusted = Benchmark.target(url)
                    .warmup(Duration.ZERO).concurrency(2).requests(50).trustAllCertificates(true).run();
            assertEquals(50, trusted.succeeded(), trusted.toString());
            assertEquals(List.of(200), List.copyOf(trusted.statusCounts().keySet()));
        }
    }
}
