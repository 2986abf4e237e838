package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.testsupport.TestServer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the runner checks before any load (output folder, the system for the planned load), how it ends
 * when stopped early, and how it explains failures: the fault matrix's findings, each kept fixed.
 */
class RunnerSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void anOutputDirThatIsAFileExits2BeforeAnyRequest() throws Exception {
        Harness h = new Harness(dir);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        long before = server.requests();
        assertEquals(Runner.EXIT_USAGE, h.run(h.tiny(server.url("/ok"), "--output-dir", file.toString())));
        assertEquals("httpbench: --output-dir must be a folder this process can create and write in but was '" + file
                + "' (" + file + " is a file); nothing was measured\n", h.err());
        assertEquals(before, server.requests(), "not even the health check was sent");
    }

    @Test
    void anOutputDirFromTheEnvironmentThatIsAFileIsNamedSo() throws Exception {
        Harness h = new Harness(dir);
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        int code = h.run(h.runner(Map.of("OUTPUT_DIR", file.toString())), "-d", "300ms", "-c", "1", "-q",
                server.url("/ok"));
        assertEquals(Runner.EXIT_USAGE, code);
        assertTrue(h.err().startsWith("httpbench: --output-dir (from OUTPUT_DIR) must be a folder this process can "
                + "create and write in but was '" + file + "'"), h.err());
    }

    @Test
    void anUnwritableOutputDirExits2BeforeAnyRequest() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc, where nobody may create folders");
        Harness h = new Harness(dir);
        long before = server.requests();
        assertEquals(Runner.EXIT_USAGE, h.run(h.tiny(server.url("/ok"), "--output-dir", "/proc/httpbench-test")));
        assertTrue(h.err().startsWith("httpbench: --output-dir must be a folder this process can create and write in "
                + "but was '/proc/httpbench-test' ("), h.err());
        assertEquals(before, server.requests());
    }

    @Test
    void whenTheReportCannotBeWrittenAtTheEndItGoesToATemporaryFolderAndExits4() throws Exception {
        Harness h = new Harness(dir);
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> h.runner(Map.of()).run(
                h.tiny(server.url("/ok"), "--duration", "2s")));
        // the run folder exists before the load starts: take it away, as a full or lost disk would
        Path folder = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (folder == null && System.nanoTime() - deadline < 0) {
            try (Stream<Path> list = Files.list(dir)) {
                folder = list.findFirst().orElse(null);
            }
            Thread.sleep(10);
        }
        assertTrue(folder != null, "the run folder was created before measuring");
        Files.delete(folder);
        Files.writeString(folder, "not a folder any more");

        assertEquals(Runner.EXIT_FAILED, code.get(60, TimeUnit.SECONDS), h.err());
        Matcher m = Pattern.compile("httpbench: could not write the report into " + Pattern.quote(folder.toString())
                + " \\(.*\\); it was written to (.*) instead\n").matcher(h.err());
        assertTrue(m.find(), h.err());
        Path fallback = Path.of(m.group(1));
        try {
            JsonNode s = JSON.readTree(fallback.resolve("summary.json").toFile());
            assertEquals(1, s.get("runs").size());
            assertTrue(Files.size(fallback.resolve("report.html")) > 0);
            assertTrue(h.out().contains("Report: " + fallback.resolve("report.html")), h.out());
        } finally {
            try (Stream<Path> all = Files.walk(fallback.getParent())) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A fake /proc whose open-file limit cannot carry the planned connections. */
    private Path tightOpenFiles() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/limits"), """
                Limit                     Soft Limit           Hard Limit           Units
                Max open files            100                  100                  files
                """);
        return root;
    }

    @Test
    void aCriticalSystemFindingForThePlannedLoadStopsTheRunUnlessForced() throws Exception {
        Harness h = new Harness(dir.resolve("out"));
        Runner runner = h.runner(Map.of()).systemRoot(tightOpenFiles());
        long before = server.requests();
        assertEquals(Runner.EXIT_USAGE, h.run(runner, h.tiny(server.url("/ok"))));
        assertTrue(h.err().contains("CRITICAL open files (soft): 100; recommended >= 516 (suggested 65536)"), h.err());
        assertTrue(h.err().contains("change: ulimit -n 65536"), "advice fits the load, not the current 100:\n" + h.err());
        assertTrue(h.err().endsWith("httpbench: the system check found a critical problem for the planned load: fix it "
                + "(--tuning-script FILE writes the fixes), or run anyway with --force; nothing was measured\n"), h.err());
        assertEquals(before, server.requests());

        Harness forced = new Harness(dir.resolve("out"));
        Runner again = forced.runner(Map.of()).systemRoot(tightOpenFiles());
        assertEquals(Runner.EXIT_OK, forced.run(again, forced.tiny(server.url("/ok"), "--force")), forced.err());
        assertTrue(forced.err().contains("(--force: running anyway.)"), forced.err());
    }

    @Test
    void moreWorkersThanTheConcurrencyAreSaidToBeCutAndTheSystemCheckPlansForTheRealNumber() {
        Harness h = new Harness(dir);
        int code = h.run("--check-system", "-w", "10000", "-c", "4");
        assertTrue(code == Runner.EXIT_OK || code == Runner.EXIT_THRESHOLD, "exit " + code);
        assertEquals("httpbench: -w 10000 is more than a run can use: each run gets at most one worker per request in "
                + "flight (concurrency 4: 4 workers)\n", h.err());
        assertTrue(h.out().startsWith("System check for 4 connections, 4 workers\n"), h.out());
    }

    @Test
    void ctrlCDuringTheHealthCheckStopsAtOnceAndExits130() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CountDownLatch accepted = new CountDownLatch(1);
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.add(silent.accept()); // accepts, never answers
                    accepted.countDown();
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            Harness h = new Harness(dir);
            Runner runner = h.runner(Map.of());
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> runner.run(h.tiny(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/")));
            assertTrue(accepted.await(20, TimeUnit.SECONDS), "the health check connected");
            runner.interrupt();
            assertEquals(Runner.EXIT_INTERRUPTED, code.get(20, TimeUnit.SECONDS));
            assertEquals("httpbench: interrupted during the health check; nothing was measured\n", h.err());
            assertEquals(0, h.filesIn(dir), "no report folder is left behind");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aCertificateForAnotherHostIsReportedAsAHostNameMismatch() throws Exception {
        try (OtherHostTlsServer tls = new OtherHostTlsServer(dir.resolve("tls"))) {
            Harness h = new Harness(dir.resolve("out"));
            String url = tls.baseUrl() + "/";
            assertEquals(Runner.EXIT_UNREACHABLE, h.run(h.tiny(url)));
            assertEquals("httpbench: target unreachable: health check GET " + url + " failed: TLS failed: the "
                    + "certificate is not trusted (self-signed or an unknown CA) and is issued for other.example, not "
                    + "127.0.0.1; use a host name it names, or --insecure to accept it anyway; nothing was measured\n",
                    h.err());
        }
    }
}
