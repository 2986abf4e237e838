package dev.httpbench.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** Every numbered example runs against the demo target and prints what its comments promise. */
@ResourceLock(Resources.SYSTEM_OUT)
class ExamplesTest {
    private interface Main {
        void run() throws Exception;
    }

    private static String capture(Main main) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(60), main::run);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        // durations print as the text summary prints them (1.25ms, 2s), never as ISO-8601 (PT0.098367S)
        assertFalse(Pattern.compile("\\bPT[0-9.]+[HMS]").matcher(text).find(), text);
        assertFalse(text.matches("(?s).*\\b1 workers\\b.*"), text);
        return text;
    }

    @Test
    void example01PrintsASummaryWhoseCountsAddUp() {
        String out = capture(() -> Example01FirstBenchmark.main(new String[0]));
        Matcher m = Pattern.compile("sent (\\d+) = succeeded (\\d+) \\+ failed (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Long.parseLong(m.group(2)) > 0, out);
        assertTrue(Long.parseLong(m.group(1)) == Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)), out);
    }

    @Test
    void example02ReportsLatencyAndServiceTime() {
        String out = capture(() -> Example02OpenLoop.main(new String[0]));
        assertTrue(out.contains("latency      p50="), out);
        assertTrue(out.contains("service time p50="), out);
        assertTrue(out.contains("of 1000 requests/s"), out);
    }

    @Test
    void example03StopsEarlyWithAnInterruptedResult() {
        String out = capture(() -> Example03ProgressAndStop.main(new String[0]));
        assertTrue(out.contains("MEASURING"), out);
        assertTrue(out.contains("interrupted: true"), out);
    }

    @Test
    void example04WritesAReportFolder() throws Exception {
        String out = capture(() -> Example04MatrixAndReport.main(new String[0]));
        assertTrue(out.contains("Best configuration"), out);
        Matcher m = Pattern.compile("open (.*report\\.html)").matcher(out);
        assertTrue(m.find(), out);
        Path report = Path.of(m.group(1).trim());
        assertTrue(Files.size(report) > 0);
        // the example writes under ./results; remove what this test made
        try (var files = Files.walk(report.getParent())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void example05PostsTheRequestBudget() {
        String out = capture(() -> Example05PostJson.main(new String[0]));
        assertTrue(out.contains("2000 requests in"), out);
    }

    @Test
    void example06SendsTheMixAndReportsEachEndpoint() {
        String out = capture(() -> Example06Workload.main(new String[0]));
        assertTrue(out.contains("product   1600 sent, share 80 %, p99 "), out);
        assertTrue(out.contains("search     200 sent, share 10 %, p99 "), out);
        assertTrue(out.contains("order      200 sent, share 10 %, p99 "), out);
        assertTrue(out.contains("  Endpoint "), out);
        assertTrue(out.contains("  Instance "), out);
    }
}
