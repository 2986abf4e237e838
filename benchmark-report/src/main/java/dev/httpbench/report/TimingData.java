package dev.httpbench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;

/**
 * A run's {@link Timing} as report.html draws it: a stacked bar of the mean time a response spent in
 * each phase. Queue, time to first byte and transfer are measured per response, so their share is
 * their mean; connect and TLS are measured per connection, so their share is their total time spread
 * over the responses (with keep-alive nearly nothing, with a new connection per request their mean).
 * Stateless.
 */
final class TimingData {
    private TimingData() {
    }

    /** Puts {@code timing} into {@code run} as {@code timing}: null when no phase was measured. */
    static void put(ObjectNode run, Timing timing) {
        if (timing.isEmpty()) {
            run.putNull("timing");
            return;
        }
        long responses = timing.ttfb().count();
        ArrayNode phases = run.putObject("timing").putArray("phases");
        for (Timing.Phase phase : Timing.Phase.values()) {
            LatencyDistribution d = timing.phase(phase);
            ObjectNode p = phases.addObject();
            p.put("key", phase.key());
            p.put("count", d.count());
            p.put("mean_ms", ReportData.ms(d.mean()));
            p.put("p50_ms", ReportData.ms(d.p50()));
            p.put("p99_ms", ReportData.ms(d.p99()));
            boolean perConnection = phase == Timing.Phase.CONNECT || phase == Timing.Phase.TLS;
            double share = !perConnection ? ReportData.ms(d.mean())
                    : responses > 0 ? ReportData.ms(d.mean()) * d.count() / responses : 0;
            p.put("share_ms", Math.round(share * 1_000) / 1_000.0);
        }
    }
}
