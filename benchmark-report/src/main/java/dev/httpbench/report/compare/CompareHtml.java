package dev.httpbench.report.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.LatencyDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A comparison as one self-contained HTML page (styles, scripts, data and charts inline; nothing is
 * fetched when it is opened): the verdict, and per configuration its figures and both sides' latency
 * percentile curves overlaid. Charts are drawn by uPlot, inlined from the webjar report.html uses.
 * When the page has rendered, its root element carries {@code data-render="ok"} and
 * {@code data-charts="N"}; a script error sets {@code data-errors}. Stateless and thread-safe.
 */
public final class CompareHtml {
    private static final String TEMPLATE = "/dev/httpbench/report/compare/compare-template.html";
    private static final String UPLOT_VERSION = "/dev/httpbench/report/uplot.properties";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CompareHtml() {
    }

    /** The page as text. */
    public static String render(Comparison comparison) {
        String webjar = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        String json;
        try {
            json = MAPPER.writeValueAsString(data(comparison));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialize the comparison", e);
        }
        json = json.replace("</", "<\\/"); // inside <script>, "</" could end the element early
        String page = resource(TEMPLATE);
        page = page.replace("/*UPLOT_CSS*/", resource(webjar + "uPlot.min.css"));
        page = page.replace("/*DATA*/", json);
        return page.replace("/*UPLOT_JS*/", resource(webjar + "uPlot.iife.min.js"));
    }

    /** Writes {@link #render} to {@code file}, creating its folder. */
    public static void write(Comparison comparison, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(comparison), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static ObjectNode data(Comparison c) {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("baseline", c.baseline());
        d.put("current", c.current());
        d.put("max_regression_percent", c.maxRegressionPercent());
        d.put("verdict", c.verdict().label());
        d.put("summary", c.summary());
        c.onlyInBaseline().forEach(d.putArray("only_in_baseline")::add);
        c.onlyInCurrent().forEach(d.putArray("only_in_current")::add);
        c.notes().forEach(d.putArray("notes")::add);
        ArrayNode axis = d.putArray("percentile_axis");
        for (int k = 0; k <= 50; k++) {
            axis.add(Math.pow(10, k / 10.0)); // 1 / (1 - p): ten points per decade up to 99.999 %
        }
        ArrayNode configurations = d.putArray("configurations");
        for (ConfigurationComparison cc : c.configurations()) {
            ObjectNode o = configurations.addObject();
            o.put("configuration", cc.configuration());
            o.put("verdict", cc.verdict().label());
            o.put("baseline_runs", cc.baselineRuns());
            o.put("current_runs", cc.currentRuns());
            ArrayNode figures = o.putArray("figures");
            for (FigureComparison f : cc.figures()) {
                ObjectNode fo = figures.addObject();
                fo.put("figure", f.figure().label());
                fo.put("baseline", Comparison.value(f.figure(), f.baseline()));
                fo.put("current", Comparison.value(f.figure(), f.current()));
                fo.put("change", Comparison.signed(f.changePercent()));
                fo.put("interval", Double.isNaN(f.lowPercent()) ? "-"
                        : Comparison.signed(f.lowPercent()) + " to " + Comparison.signed(f.highPercent()));
                fo.put("verdict", f.verdict().label());
                fo.put("reason", f.reason());
            }
            curve(o.putArray("baseline_ms"), cc.baselineLatency(), axis);
            curve(o.putArray("current_ms"), cc.currentLatency(), axis);
        }
        return d;
    }

    private static void curve(ArrayNode out, LatencyDistribution latency, ArrayNode axis) {
        for (int i = 0; i < axis.size(); i++) {
            if (latency.count() == 0) {
                out.addNull();
            } else {
                double p = Math.min(100, 100 * (1 - 1 / axis.get(i).asDouble()));
                out.add(latency.percentile(p).toNanos() / 1e6);
            }
        }
    }

    private static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = CompareHtml.class.getResourceAsStream(UPLOT_VERSION)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version");
        if (v == null || v.startsWith("$")) {
            throw new IllegalStateException("version missing from " + UPLOT_VERSION);
        }
        return v;
    }

    private static String resource(String name) {
        try (InputStream in = CompareHtml.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
