package dev.httpbench.report.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.HttpProtocol;
import dev.httpbench.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link BenchmarkConfig} as JSON in {@code shard.json}, and back. Only the display forms of the target
 * and the headers are written (credentials are {@code ***}), and the body only by its length: a config read
 * back describes the run in reports and sends nothing. Durations are ISO-8601 so that they come back exact.
 * Stateless.
 */
final class ConfigJson {
    private ConfigJson() {
    }

    static ObjectNode write(BenchmarkConfig c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("target", c.displayTarget());
        o.put("method", c.method());
        ArrayNode headers = o.putArray("headers");
        for (Map.Entry<String, String> h : c.request().displayHeaders()) {
            headers.addArray().add(h.getKey()).add(h.getValue());
        }
        c.request().redactedHeaders().forEach(o.putArray("redacted_headers")::add);
        o.put("body_bytes", c.request().bodyLength());
        o.put("concurrency", c.concurrency());
        o.put("workers", c.workers());
        if (c.requests().isPresent()) {
            o.put("requests", c.requests().getAsLong());
        } else {
            o.putNull("requests");
        }
        if (c.load() instanceof dev.httpbench.LoadModel.ConstantRate rate) {
            o.put("rate_rps", rate.rate());
        } else {
            o.putNull("rate_rps");
        }
        ArrayNode stages = o.putArray("stages");
        for (Stage st : c.stages()) {
            ObjectNode s = stages.addObject();
            s.put("from_rps", st.fromRate());
            s.put("to_rps", st.toRate());
            s.put("duration", st.duration().toString());
        }
        // stages imply their duration; a derived default is written too, so that it reads back the same
        o.put("duration", c.stages().isEmpty() ? c.duration().map(Duration::toString).orElse(null) : null);
        o.put("warmup", c.warmup().map(Duration::toString).orElse(null));
        o.put("timeout", c.timeout().toString());
        o.put("connect_timeout", c.connectTimeout().toString());
        // null: the request timeout, as the builder derives it
        o.put("drain_timeout", c.drainTimeout().equals(c.timeout()) ? null : c.drainTimeout().toString());
        o.put("report_interval", c.reportInterval().toString());
        o.put("monitor_interval", c.monitorInterval().toString());
        o.put("protocol", c.protocol().name());
        o.put("trust_all_certificates", c.trustAllCertificates());
        o.put("success_statuses", c.successStatuses().toString());
        return o;
    }

    static BenchmarkConfig read(JsonNode o, String where) throws MergeException {
        try {
            BenchmarkConfig.Builder b = Benchmark.target(Json.text(o, "target", where))
                    .method(Json.text(o, "method", where))
                    .concurrency((int) Json.longValue(o, "concurrency", where))
                    .workers((int) Json.longValue(o, "workers", where))
                    .timeout(Json.requiredDuration(o, "timeout", where))
                    .connectTimeout(Json.requiredDuration(o, "connect_timeout", where))
                    .reportInterval(Json.requiredDuration(o, "report_interval", where))
                    .monitorInterval(Json.requiredDuration(o, "monitor_interval", where))
                    .protocol(HttpProtocol.valueOf(Json.text(o, "protocol", where)))
                    .trustAllCertificates(o.path("trust_all_certificates").asBoolean(false))
                    .successStatuses(Json.text(o, "success_statuses", where));
            for (JsonNode h : o.path("headers")) {
                b.header(h.path(0).asText(), h.path(1).asText());
            }
            for (JsonNode name : o.path("redacted_headers")) {
                b.redactHeader(name.asText());
            }
            if (o.hasNonNull("requests")) {
                b.requests(Json.longValue(o, "requests", where));
            }
            if (o.hasNonNull("rate_rps")) {
                b.rate(o.get("rate_rps").asDouble());
            }
            List<Stage> stages = new ArrayList<>();
            for (JsonNode s : o.path("stages")) {
                stages.add(Stage.ramp(s.path("from_rps").asDouble(), s.path("to_rps").asDouble(),
                        Json.requiredDuration(s, "duration", where + " stages")));
            }
            if (!stages.isEmpty()) {
                b.stages(stages.toArray(Stage[]::new));
            }
            Duration duration = Json.duration(o, "duration", where);
            if (duration != null) {
                b.duration(duration);
            }
            Duration drain = Json.duration(o, "drain_timeout", where);
            if (drain != null) {
                b.drainTimeout(drain);
            }
            Duration warmup = Json.duration(o, "warmup", where);
            if (warmup != null) {
                b.warmup(warmup);
            }
            return b.build();
        } catch (IllegalArgumentException e) { // InvalidConfigException included
            throw new MergeException(where + ": the configuration does not read back: " + e.getMessage(), e);
        }
    }
}
