package dev.httpbench.internal;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.PartResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-endpoint and per-instance lines of the text summary: one short table each, only for a result
 * that has them (a run with endpoints, or with several targets). Stateless.
 */
public final class PartsTable {
    private PartsTable() {
    }

    /** Appends the endpoints' table, then the instances' (when there are several), to {@code s}. */
    public static void append(StringBuilder s, BenchmarkResult r) {
        table(s, "Endpoint", r.endpoints());
        if (r.instances().size() > 1) {
            table(s, "Instance", r.instances());
        }
    }

    private static void table(StringBuilder s, String label, Map<String, PartResult> parts) {
        if (parts.isEmpty()) {
            return;
        }
        int width = label.length();
        for (String name : parts.keySet()) {
            width = Math.max(width, name.length());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {label, "sent", "ok", "failed", "req/s", "p50", "p99", "max"});
        for (PartResult p : parts.values()) {
            rows.add(new String[] {p.name(), Long.toString(p.sent()), Long.toString(p.succeeded()),
                    Long.toString(p.failed()), String.format(Locale.ROOT, "%.2f", p.throughput()),
                    format(p.latency().p50()), format(p.latency().p99()), format(p.latency().max())});
        }
        int[] widths = new int[rows.get(0).length];
        widths[0] = width;
        for (String[] row : rows) {
            for (int i = 1; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ").append(String.format(Locale.ROOT, "%-" + widths[0] + "s", row[0]));
            for (int i = 1; i < row.length; i++) {
                line.append("  ").append(String.format(Locale.ROOT, "%" + widths[i] + "s", row[i]));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
