package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./httpbench}, the README's main command, copied into an empty project with stand-ins for
 * {@code mvn} (which prints colour codes, as Maven does even with {@code -q}) and {@code java}: the build's
 * noise never reaches the terminal, and a failed build shows its output.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs {@code ./httpbench --help}; returns exit code, stderr, stdout. */
    private String[] launch(boolean buildFails) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("..", "httpbench"), project.resolve("httpbench"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/bin/sh\n"
                + "printf '\\033[0m\\033[1m[ERROR]\\033[m compile\\n' >&2\nprintf '\\033[0m'\n"
                + (buildFails ? "exit 1\n"
                        : "mkdir -p benchmark-cli/target && echo jar > benchmark-cli/target/httpbench.jar\n"));
        executable(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        ProcessBuilder pb = new ProcessBuilder("sh", project.resolve("httpbench").toString(), "--help")
                .directory(project.toFile()).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher ended");
        return new String[] {Integer.toString(p.exitValue()), Files.readString(dir.resolve("err"), StandardCharsets.UTF_8),
            Files.readString(dir.resolve("out"), StandardCharsets.UTF_8)};
    }

    @Test
    void aBuildThatSucceedsPrintsOneLineAndRunsTheJar() throws Exception {
        String[] r = launch(false);
        assertEquals("0", r[0], r[1]);
        assertEquals("httpbench: building " + dir.resolve("project").toRealPath() + "/benchmark-cli/target/httpbench.jar"
                + " (mvn -B -q -pl benchmark-cli -am package -DskipTests) ...\n", r[1]);
        assertTrue(r[2].startsWith("java -jar ") && r[2].endsWith("httpbench.jar --help\n"), r[2]);
    }

    @Test
    void aBuildThatFailsShowsItsOutputWithoutColourCodes() throws Exception {
        String[] r = launch(true);
        assertEquals("1", r[0]);
        assertTrue(r[1].endsWith("[ERROR] compile\nhttpbench: the build failed (its output is above)\n"), r[1]);
        assertFalse(r[1].contains("\033"), "no escape codes: " + r[1]);
    }
}
