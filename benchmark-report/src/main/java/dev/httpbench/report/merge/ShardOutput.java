package dev.httpbench.report.merge;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.Timing;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a shard writes beyond its usual report folder so that a merge is exact: {@code shard.json}
 * with the shard's identity, host, lateness and clock, the whole test's matrix, and each run's exact
 * times and whole histograms (latency, service time, send lag, connect time). The folder's
 * {@code summary.json} and {@code histograms/*.hlog} hold the rest: counts by status and error kind,
 * the timeline and its interval histograms. Stateless.
 *
 * <p>The {@link MatrixResult} given is the whole test's matrix with this shard's results: each run's
 * point is the whole test's point, each result's config the shard's share that ran.
 */
public final class ShardOutput {
    /** The file's name inside the report folder. */
    public static final String FILE = "shard.json";
    /** The version of shard.json's layout, written as {@code format}. */
    public static final int FORMAT = 1;

    private ShardOutput() {
    }

    /** Writes {@value #FILE} into the report {@code folder}, which {@link ReportFolder} wrote for {@code result}. */
    public static Path write(Path folder, ShardInfo info, MatrixResult result) {
        Path file = folder.resolve(FILE);
        try {
            Json.MAPPER.writeValue(file.toFile(), toJson(info, result));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    /**
     * The files of a shard's report folder a merge reads ({@value #FILE}, {@code summary.json},
     * {@code histograms/*.hlog}), by their path relative to the folder with {@code /} as separator: what
     * a shard sends when its folder cannot be shared (e.g. on stdout).
     */
    public static Map<String, byte[]> files(Path folder) {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            files.put(FILE, Files.readAllBytes(folder.resolve(FILE)));
            files.put(ReportFolder.SUMMARY, Files.readAllBytes(folder.resolve(ReportFolder.SUMMARY)));
            Path histograms = folder.resolve(ReportFolder.HISTOGRAMS);
            if (Files.isDirectory(histograms)) {
                try (Stream<Path> logs = Files.list(histograms)) {
                    for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".hlog")).sorted().toList()) {
                        files.put(ReportFolder.HISTOGRAMS + "/" + log.getFileName(), Files.readAllBytes(log));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the shard output in " + folder, e);
        }
        return files;
    }

    static ObjectNode toJson(ShardInfo info, MatrixResult result) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", Environment.TOOL_NAME);
        tool.put("version", Benchmark.version());
        root.put("test_id", info.testId());
        ObjectNode shard = root.putObject("shard");
        shard.put("index", info.index());
        shard.put("count", info.count());
        root.put("host", info.host());
        root.put("start_at", info.startAt() == null ? null : info.startAt().toString());
        root.put("lateness", info.lateness().toString());
        if (info.clock() == null) {
            root.putNull("clock");
        } else {
            ObjectNode clock = root.putObject("clock");
            clock.put("low", info.clock().low().toString());
            clock.put("high", info.clock().high().toString());
            clock.put("reference", info.clock().reference());
        }
        Matrix m = result.matrix();
        ObjectNode test = root.putObject("test");
        test.set("base", ConfigJson.write(m.base()));
        m.concurrencyLevels().forEach(test.putArray("concurrency_levels")::add);
        m.workerCounts().forEach(test.putArray("workers")::add);
        m.rates().forEach(test.putArray("rates_rps")::add);
        test.put("repeats", m.repeats());
        test.put("started_at", result.startedAt().toString());
        ArrayNode runs = root.putArray("runs");
        for (MatrixRun run : result.runs()) {
            BenchmarkResult r = run.result();
            ObjectNode o = runs.addObject();
            o.put("point", run.point().index());
            o.put("name", run.point().name());
            o.set("config", ConfigJson.write(r.config()));
            o.put("started_at", r.startedAt().toString());
            o.put("duration", r.duration().toString());
            o.put("issue_duration", r.issueDuration().toString());
            o.put("warmup_taken", r.warmupTaken().toString());
            o.put("schedule_lag_max", r.maxScheduleLag().toString());
            o.put("schedule_lag_final", r.finalScheduleLag().toString());
            ObjectNode h = o.putObject("histograms");
            h.put("latency", HistogramCodec.encode(r.latency()));
            h.put("service_time", HistogramCodec.encode(r.serviceTime()));
            h.put("send_lag", HistogramCodec.encode(r.sendLag()));
            h.put("connect_time", HistogramCodec.encode(r.connectTime()));
            for (Timing.Phase phase : Timing.Phase.values()) {
                h.put("timing_" + phase.key(), HistogramCodec.encode(r.timing().phase(phase)));
            }
        }
        return root;
    }
}
