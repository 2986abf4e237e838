package dev.httpbench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.matrix.MatrixResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code report.html}: one self-contained page (styles, scripts, data and charts inline; nothing is
 * fetched when it is opened). It shows the assessment and headline figures; throughput and P99
 * against concurrency (or the offered rate) when the matrix varied it; every run's latency by
 * percentile beside its latency histogram; for one run at a time (a picker chooses) throughput or
 * planned versus achieved rate, p50/p90/p99/max latency with service time and send lag where
 * recorded, responses by status and failures by kind, requests in flight and connections, bytes per
 * second and the generator's CPU, all over time; every run's throughput and P99 over time; the runs;
 * and the environment. Charts are drawn by uPlot, inlined from its webjar.
 *
 * <p>Over-time charts have one point per report interval ({@code BenchmarkConfig.reportInterval()}):
 * for short runs use {@link #reportInterval(Duration)}. When the page has rendered, its root element
 * carries {@code data-render="ok"}, {@code data-charts} (how many charts it drew) and
 * {@code data-runs-overflow} (how many pixels the runs table is wider than its box, 0 when it fits);
 * a script error or console error sets {@code data-errors}. Stateless and thread-safe.
 */
public final class HtmlReport {
    /** Runs shorter than this get a finer report interval from {@link #reportInterval(Duration)}. */
    public static final Duration SHORT_RUN = Duration.ofSeconds(20);
    /** The report interval {@link #reportInterval(Duration)} gives short runs. */
    public static final Duration SHORT_RUN_INTERVAL = Duration.ofMillis(100);

    private static final String TEMPLATE = "/dev/httpbench/report/report-template.html";

    private HtmlReport() {
    }

    /**
     * The report interval that gives the over-time charts enough points for a run that lasts
     * {@code runLength}: {@link #SHORT_RUN_INTERVAL} (100 ms) below {@link #SHORT_RUN} (20 s), else the
     * library's default of one second.
     */
    public static Duration reportInterval(Duration runLength) {
        return runLength.compareTo(SHORT_RUN) < 0 ? SHORT_RUN_INTERVAL : BenchmarkConfig.DEFAULT_REPORT_INTERVAL;
    }

    /**
     * The page as text.
     *
     * @param vmSize the machine size label, or null
     */
    public static String render(MatrixResult result, Assessment assessment, String vmSize, Environment env) {
        return render(result, assessment, vmSize, env, Map.of());
    }

    /**
     * The page with the extra summary.json sections it draws: {@code max_rate} (the answer of
     * {@code --find-max-rate}) adds a chart of P99 and error rate against the offered rate, with the SLO
     * and the rate found.
     */
    public static String render(MatrixResult result, Assessment assessment, String vmSize, Environment env,
            Map<String, ?> sections) {
        String webjar = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        String json;
        try {
            json = Jackson.MAPPER.writeValueAsString(ReportData.of(result, assessment, vmSize, env, sections));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize the report data", e);
        }
        // inside <script>, "</" could end the element early; "<\/" is the same string in JSON
        json = json.replace("</", "<\\/");
        String page = resource(TEMPLATE);
        page = page.replace("/*UPLOT_CSS*/", resource(webjar + "uPlot.min.css"));
        page = page.replace("/*DATA*/", json);
        page = page.replace("/*UPLOT_JS*/", resource(webjar + "uPlot.iife.min.js"));
        return page;
    }

    /** Writes {@link #render} to {@code file}. */
    public static void write(MatrixResult result, Assessment assessment, String vmSize, Environment env, Path file) {
        write(result, assessment, vmSize, env, Map.of(), file);
    }

    /** Writes {@link #render(MatrixResult, Assessment, String, Environment, Map)} to {@code file}. */
    public static void write(MatrixResult result, Assessment assessment, String vmSize, Environment env,
            Map<String, ?> sections, Path file) {
        try {
            Files.writeString(file, render(result, assessment, vmSize, env, sections), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The x positions of the percentile chart: 1 / (1 - p/100), ten per decade from 0 % to 99.999 %. */
    static List<Double> percentileAxis() {
        List<Double> xs = new ArrayList<>();
        for (int k = 0; k <= 50; k++) {
            xs.add(Math.pow(10, k / 10.0));
        }
        return xs;
    }

    private static String uplotVersion() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("uplot.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            if (v == null || v.startsWith("$")) {
                throw new IllegalStateException("version missing from dev/httpbench/report/uplot.properties");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
