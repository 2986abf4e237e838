package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.httpbench.testsupport.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, item 4: with fewer file descriptors than connections, the requests that cannot get one
 * fail as {@code local_resources}, not {@code other}, and every request is still counted. The run
 * happens in a child JVM started under {@code ulimit -n 200} with 400 connections.
 */
@Timeout(120)
class OpenFilesLimitTest {

    @Test
    void runningOutOfFileDescriptorsIsLocalResources() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell for ulimit");
        try (TestServer server = new TestServer()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder("/bin/sh", "-c",
                    "ulimit -n 200 && exec \"$0\" -cp \"$1\" dev.httpbench.jetty.OpenFilesProbe \"$2\" 400",
                    java, System.getProperty("java.class.path"), server.url("/ok"))
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(90, TimeUnit.SECONDS), output);
            assertEquals(0, child.exitValue(), output);

            Matcher m = Pattern.compile("sent=(\\d+) ok=(\\d+) failed=(\\d+) local=(\\d+) other=(\\d+)")
                    .matcher(output);
            assertTrue(m.find(), output);
            Map<String, Long> counts = Map.of("sent", Long.parseLong(m.group(1)), "ok", Long.parseLong(m.group(2)),
                    "failed", Long.parseLong(m.group(3)), "local", Long.parseLong(m.group(4)),
                    "other", Long.parseLong(m.group(5)));
            assertEquals(3_000, counts.get("sent"), output);
            assertEquals(counts.get("sent"), counts.get("ok") + counts.get("failed"), output);
            assertTrue(counts.get("local") > 0, "descriptor exhaustion shows as local_resources: " + output);
            assertEquals(0, counts.get("other"), output);
            assertTrue(counts.get("ok") > 0, "the connections that did open carried requests: " + output);
            assertTrue(output.contains("Too many open files"), "the log names the cause: "
                    + output.lines().filter(l -> l.contains("WARN")).collect(Collectors.joining("\n")));
        }
    }
}
