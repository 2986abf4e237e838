package dev.httpbench.cli.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.cli.Runner;
import dev.httpbench.testsupport.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code httpbench compare}, {@code merge} and {@code k8s} as the runner's subcommands, in-process. */
@Timeout(120)
class RunnerSubcommandsTest {
    private static TestServer server;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private int httpbench(String... args) {
        out.reset();
        err.reset();
        return new Runner(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The runner's report folder of a short closed-loop run against {@code path}, in {@code dir/name}. */
    private Path runnerReport(String name, String path, String duration) throws IOException {
        Path output = dir.resolve(name);
        assertEquals(Runner.EXIT_OK, httpbench(server.url(path), "--concurrent-levels", "4", "--workers", "1",
                "--duration", duration, "--warmup", "300ms", "--quiet", "--output-dir", output.toString()), err());
        try (Stream<Path> folders = Files.list(output)) {
            return folders.findFirst().orElseThrow();
        }
    }

    @Test
    void compareOfAReportWithItselfIsTheSameExitsZeroAndWritesTheComparePage() throws Exception {
        Path folder = runnerReport("same", "/ok", "1s");
        assertEquals(Runner.EXIT_OK, httpbench("compare", folder.toString(), folder.toString()), err());
        assertTrue(out().contains("\nverdict: same: none of 1 configuration changed beyond the 10 % limit and the noise\n"),
                out());
        assertTrue(out().endsWith("compare page: " + folder.resolve("compare.html") + "\n"), out());
        assertTrue(Files.size(folder.resolve("compare.html")) > 0);
        assertEquals("", err());
    }

    @Test
    @Tag("timing")
    void compareOfAServerMadeThirtyPercentSlowerExitsOne() throws Exception {
        Path baseline = runnerReport("baseline", "/delay?ms=40", "3s");
        Path current = runnerReport("current", "/delay?ms=52", "3s");
        Path page = dir.resolve("pages/compare.html");
        assertEquals(Runner.EXIT_THRESHOLD, httpbench("compare", baseline.toString(), current.toString(),
                "--max-regression", "10", "--html", page.toString()), out());
        assertTrue(out().contains("\nverdict: worse: 1 of 1 configuration got worse (c4-w1)\n"), out());
        assertTrue(Files.size(page) > 0);
    }

    @Test
    void compareReportsBadUsageWithExitTwo() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        assertEquals(Runner.EXIT_USAGE, httpbench("compare", nowhere.toString(), nowhere.toString(),
                "--max-regression", "0"));
        assertEquals("httpbench compare: --max-regression must be a percentage > 0 and <= 1000 but was 0.0\n"
                + "httpbench compare: BASELINE " + nowhere + " does not exist: give a report folder or its summary.json\n"
                + "httpbench compare: CURRENT " + nowhere + " does not exist: give a report folder or its summary.json\n",
                err());
        assertEquals(Runner.EXIT_USAGE, httpbench("compare", nowhere.toString()));
        assertEquals("httpbench compare: Missing required parameter: 'CURRENT'\n"
                + "Run 'httpbench compare --help' for the options.\n", err());
        assertEquals(Runner.EXIT_USAGE, httpbench("compare", "a", "b", "--max-regression", "lots"));
        assertEquals("httpbench compare: Invalid value for option '--max-regression': 'lots' is not a double\n"
                + "Run 'httpbench compare --help' for the options.\n", err());
    }

    @Test
    void eachSubcommandHasItsOwnHelpAndIsListedInTheRunners() {
        assertEquals(Runner.EXIT_OK, httpbench("compare", "--help"));
        assertTrue(out().startsWith("Compare two reports: did it get worse?\nUsage: httpbench compare [-hV]"), out());
        assertEquals(Runner.EXIT_OK, httpbench("help", "merge"));
        assertTrue(out().startsWith("Merge the shards of one distributed test into one exact result.\n"
                + "Usage: httpbench merge [-hV]"), out());
        assertEquals(Runner.EXIT_OK, httpbench("k8s", "--help"));
        assertTrue(out().contains("Usage: httpbench k8s [-hV]"), out());
        assertEquals(Runner.EXIT_OK, httpbench("--help"));
        for (String line : List.of("\n  merge    Merge the shards of one distributed test into one exact result.\n",
                "\n  k8s      Print the Kubernetes manifests (an Indexed Job) of one test in N shards.\n",
                "\n  compare  Compare two reports: did it get worse?\n")) {
            assertTrue(out().contains(line), out());
        }
    }

    @Test
    void mergeAndK8sRunAsSubcommandsWithTheRunnersExitCodes() {
        assertEquals(Runner.EXIT_USAGE, httpbench("merge"));
        assertEquals("httpbench merge: Missing required parameter: 'SOURCE'\n"
                + "Run 'httpbench merge --help' for the options.\n", err());
        Path nowhere = dir.resolve("nowhere");
        assertEquals(Runner.EXIT_USAGE, httpbench("merge", "--assert-p99", "fast", nowhere.toString()));
        assertEquals("httpbench merge: --assert-p99 must be a duration > 0 like 500ms, 30s or 2m but was 'fast'\n"
                + "httpbench merge: SOURCE must be a folder or a file but '" + nowhere + "' does not exist\n", err());

        assertEquals(Runner.EXIT_OK, httpbench("k8s", "--shards", "3", "--base-url", "http://api.staging:8080"));
        assertTrue(out().contains("\nkind: Job\n") && out().contains("\n  completions: 3\n"), out());
        assertTrue(err().startsWith("httpbench k8s: 3 shard(s); they start together at "), err());
        assertEquals(Runner.EXIT_USAGE, httpbench("k8s", "--shards", "4", "--base-url", "http://api:8080",
                "--concurrent-levels", "2", "--duration", "5x"));
        assertEquals("httpbench k8s: every pod's runner would refuse the options: --duration must be a duration like"
                + " 500ms, 30s or 2m but was '5x'\n", err());
        assertEquals("", out(), "no manifests");
        assertEquals(Runner.EXIT_USAGE, httpbench("k8s", "--shards", "4", "--base-url", "http://api:8080",
                "--concurrent-levels", "2"));
        assertEquals("httpbench k8s: every pod's runner would refuse the options: 4 shards need a concurrency of at"
                + " least 4 (one connection each) but it was 2\n", err());
        assertEquals(Runner.EXIT_USAGE, httpbench("k8s", "--shards", "3"));
        assertEquals("httpbench k8s: --base-url must be given: without it each pod would benchmark its own embedded"
                + " demo target\n", err());
    }
}
