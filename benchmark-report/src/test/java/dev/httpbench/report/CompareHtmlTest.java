package dev.httpbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.report.compare.Compare;
import dev.httpbench.report.compare.CompareHtml;
import dev.httpbench.report.compare.Comparison;
import dev.httpbench.report.compare.RunSet;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.ResultBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare page: self-contained, its data parses, and it renders in a headless browser (here for the Chromium helper). */
class CompareHtmlTest {

    private static BenchmarkResult result(int concurrency, double scale) {
        Histogram h = Histograms.newHistogram();
        for (int i = 1; i <= 5000; i++) {
            h.recordValue(Math.round(scale * (1000 + i * 10)));
        }
        return ResultBuilder.of(Benchmark.target("http://127.0.0.1:3000/api").concurrency(concurrency).workers(2).build())
                .duration(Duration.ofSeconds(5)).sent(5000).status(200, 5000).latency(LatencyDistribution.of(h)).build();
    }

    private static Comparison comparison() {
        return Compare.builder().build().compare(RunSet.of("base</script>", result(64, 1), result(128, 1)),
                RunSet.of("cur", result(64, 1.3), result(128, 1)));
    }

    @Test
    void thePageNeedsNoNetworkAndCarriesTheComparisonAsJson() throws Exception {
        String html = CompareHtml.render(comparison());
        assertFalse(html.contains("src=\"http"), "no script from the network");
        assertFalse(html.contains("href=\"http"), "no style from the network");
        String json = html.substring(html.indexOf("type=\"application/json\">") + 24, html.indexOf("</script>",
                html.indexOf("type=\"application/json\">")));
        JsonNode data = new ObjectMapper().readTree(json);
        assertEquals("worse", data.get("verdict").asText());
        assertEquals("base</script> (2 configurations, 2 runs)", data.get("baseline").asText(), "</ is escaped inside the script");
        assertEquals(2, data.get("configurations").size());
        assertEquals(51, data.get("configurations").get(0).get("baseline_ms").size());
        assertEquals("worse", data.get("configurations").get(0).get("figures").get(1).get("verdict").asText());
    }

    @Test
    void thePageRendersBothCurvesOfEveryConfigurationInAHeadlessBrowser(@TempDir Path dir) throws Exception {
        Optional<Path> browser = Chromium.find();
        if (Chromium.inCi()) {
            assertTrue(browser.isPresent(), "CI is set but no chromium on the PATH: .ci/run must install it");
        }
        assumeTrue(browser.isPresent(), "chromium not installed; skipped outside CI");
        Path page = dir.resolve("compare.html");
        CompareHtml.write(comparison(), page);
        Path screenshot = Path.of("target", "compare-screenshot.png");
        Files.createDirectories(screenshot.getParent());
        String dom;
        try (Chromium chromium = Chromium.start(browser.get())) {
            Chromium.Page rendered = chromium.open(page, 1400);
            chromium.screenshot(screenshot);
            assertTrue(rendered.console().isEmpty(), "console: " + rendered.console());
            assertEquals(null, rendered.rootAttribute("data-errors"));
            assertEquals("ok", rendered.rootAttribute("data-render"));
            assertEquals("2", rendered.rootAttribute("data-charts"));
            dom = rendered.dom();
        }
        assertNotEquals(0, Files.size(screenshot));
    }
}
