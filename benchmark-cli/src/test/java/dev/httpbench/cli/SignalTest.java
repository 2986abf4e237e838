package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as its own process, stopped by SIGTERM as a CI job or a container stop would: it writes what
 * was measured, marked interrupted, and exits 143 (128 + SIGTERM), as documented next to 130 for Ctrl-C.
 */
class SignalTest {
    @TempDir
    Path dir;

    @Test
    void sigtermWritesWhatWasMeasuredAndExits143() throws Exception {
        try (TestServer server = new TestServer()) {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), server.url("/ok"), "-d", "60s", "-c", "2", "-w", "1", "--warmup", "0s", "-q",
                    "--output-dir", dir.resolve("out").toString())
                    .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile())
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (server.ok() < 50 && p.isAlive() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(20);
                }
                assertTrue(server.ok() >= 50, "the run was measuring: " + Files.readString(dir.resolve("stderr")));
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(40, TimeUnit.SECONDS), "the runner ended after SIGTERM");
            } finally {
                p.destroyForcibly();
            }
            String err = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
            assertEquals(143, p.exitValue(), err);
            assertTrue(err.contains("httpbench: interrupted: 1 of 1 run(s) measured; the report holds what was measured"),
                    err);
            assertFalse(err.contains("\tat "), "no stack trace: " + err);
            List<Path> folders;
            try (Stream<Path> list = Files.list(dir.resolve("out"))) {
                folders = list.toList();
            }
            assertEquals(1, folders.size());
            JsonNode s = new ObjectMapper().readTree(folders.get(0).resolve("summary.json").toFile());
            assertTrue(s.get("interrupted").asBoolean());
            assertTrue(s.at("/runs/0/requests/succeeded").asLong() > 0);
        }
    }
}
