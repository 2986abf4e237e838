package dev.httpbench.report.merge;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkConfig;
import dev.httpbench.BenchmarkResult;
import dev.httpbench.FailureKind;
import dev.httpbench.Interval;
import dev.httpbench.LatencyDistribution;
import dev.httpbench.Timing;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixPoint;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRun;
import dev.httpbench.spi.Histograms;
import dev.httpbench.spi.Intervals;
import dev.httpbench.spi.ResultBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * Merges the shards of one test into one exact result: counts are summed, histograms added (so every
 * percentile is the whole test's, never an average of the shards' percentiles), and the timelines put
 * side by side on wall-clock time. The merged run's window runs from the first shard's start of
 * measurement to the last shard's end, so its throughput is what the target served over the time it
 * was under load. Stateless.
 */
public final class ShardMerge {
    /** A shard that reached the common start later than this is reported late. */
    public static final Duration LATE = Duration.ofMillis(100);
    /**
     * Clocks that certainly disagree by more than this are reported: a quarter of the default one-second
     * report interval, beyond which timeline entries land in the wrong second.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMillis(250);
    /** Measured windows whose starts are further apart than this (or 5 % of the run) are reported. */
    public static final Duration SIMULTANEITY = Duration.ofMillis(250);

    private ShardMerge() {
    }

    /**
     * Merges {@code shards}: every shard of one test, in any order; a shard given twice with the same
     * contents counts once.
     *
     * @throws MergeException when there is nothing to merge, the shards belong to different tests or
     *     disagree on the test's shape, or one shard is given twice with different contents
     */
    public static MergedTest merge(List<Shard> shards) throws MergeException {
        if (shards.isEmpty()) {
            throw new MergeException("nothing to merge: no shard output was found");
        }
        Map<String, List<Shard>> byTest = shards.stream()
                .collect(Collectors.groupingBy(s -> s.info().testId(), LinkedHashMap::new, Collectors.toList()));
        if (byTest.size() > 1) {
            throw new MergeException("the sources hold " + byTest.size() + " different tests: " + byTest.entrySet()
                    .stream().map(e -> "test " + e.getKey() + " (" + e.getValue().stream().map(ShardMerge::describe)
                            .collect(Collectors.joining(", ")) + ")").collect(Collectors.joining("; "))
                    + "; merge one test at a time");
        }
        TreeMap<Integer, Shard> byIndex = new TreeMap<>();
        for (Shard s : shards) {
            Shard earlier = byIndex.putIfAbsent(s.info().index(), s);
            if (earlier != null && !sameOutput(earlier, s)) {
                throw new MergeException("shard " + s.info().label() + " appears twice with different results, in "
                        + earlier.source() + " and in " + s.source() + "; keep the one to merge");
            }
        }
        List<Shard> merged = List.copyOf(byIndex.values());
        Shard first = merged.get(0);
        int count = first.info().count();
        for (Shard s : merged) {
            if (s.info().count() != count) {
                throw new MergeException("the shards disagree on how many there are: " + describe(first) + " says "
                        + count + ", " + describe(s) + " says " + s.info().count());
            }
            String shape = shapeDifference(first.matrix(), s.matrix());
            if (shape != null) {
                throw new MergeException(describe(s) + " ran another test than " + describe(first) + ": " + shape);
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        List<String> warnings = testWarnings(merged, count, missing);
        Matrix matrix = first.matrix();
        List<MatrixRun> runs = new ArrayList<>();
        boolean interrupted = false;
        for (MatrixPoint point : matrix.points()) {
            List<Shard> ran = new ArrayList<>();
            List<BenchmarkResult> results = new ArrayList<>();
            for (Shard s : merged) {
                s.runs().stream().filter(r -> r.point().index() == point.index()).findFirst().ifPresent(r -> {
                    ran.add(s);
                    results.add(r.result());
                });
            }
            if (results.isEmpty()) {
                interrupted = true;
                continue;
            }
            List<String> runWarnings = new ArrayList<>(warnings);
            if (ran.size() < merged.size()) {
                runWarnings.add("shard" + (merged.size() - ran.size() == 1 ? " " : "s ") + merged.stream()
                        .filter(s -> !ran.contains(s)).map(s -> s.info().label()).collect(Collectors.joining(", "))
                        + " did not run " + point.name() + " (stopped before it): its figures hold "
                        + ran.size() + " of " + count + " shards");
            }
            BenchmarkResult r = mergeRun(point.config(), ran, results, runWarnings);
            interrupted |= r.interrupted();
            runs.add(new MatrixRun(point, r));
        }
        Instant startedAt = merged.stream().map(Shard::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        return new MergedTest(new MatrixResult(matrix, startedAt, runs, interrupted || runs.size() < matrix.points().size()),
                merged, count, missing, warnings);
    }

    private static List<String> testWarnings(List<Shard> shards, int count, List<Integer> missing) {
        List<String> w = new ArrayList<>();
        if (!missing.isEmpty()) {
            w.add((missing.size() == 1 ? "shard " : "shards ") + missing.stream().map(i -> i + "/" + count)
                    .collect(Collectors.joining(", ")) + (missing.size() == 1 ? " is" : " are")
                    + " missing: the merged figures hold " + shards.size() + " of " + count
                    + " shards, so the target got less than the test's load");
        }
        for (Shard s : shards) {
            if (s.info().lateness().compareTo(LATE) > 0) {
                w.add("shard " + s.info().label() + " (" + s.info().host() + ") reached the common start "
                        + s.info().startAt() + " " + format(s.info().lateness())
                        + " late: it ran only what was left of the test's window");
            }
        }
        Shard reference = shards.stream().filter(s -> s.info().clock() != null).findFirst().orElse(null);
        if (reference != null) {
            for (Shard s : shards) {
                if (s == reference || s.info().clock() == null) {
                    continue;
                }
                Duration gap = s.info().clock().certainDifference(reference.info().clock());
                if (gap.compareTo(CLOCK_TOLERANCE) > 0) {
                    boolean ahead = s.info().clock().low().compareTo(reference.info().clock().high()) > 0;
                    w.add("the clock of shard " + s.info().label() + " (" + s.info().host() + ") is at least "
                            + format(gap) + (ahead ? " ahead of" : " behind") + " that of shard "
                            + reference.info().label() + " (" + reference.info().host()
                            + "), both measured against the target's Date header: their common start and "
                            + "timelines are off by as much; synchronize the generators' clocks (NTP)");
                }
            }
        }
        Map<List<Integer>, List<Shard>> byWorkers = shards.stream().collect(
                Collectors.groupingBy(s -> s.matrix().workerCounts(), LinkedHashMap::new, Collectors.toList()));
        if (byWorkers.size() > 1) {
            w.add("the shards ran different worker counts (" + byWorkers.entrySet().stream()
                    .map(e -> e.getKey().stream().map(String::valueOf).collect(Collectors.joining(",")) + " on shard"
                            + (e.getValue().size() == 1 ? " " : "s ") + e.getValue().stream().map(s -> s.info().label())
                            .collect(Collectors.joining(", "))).collect(Collectors.joining("; "))
                    + "); the report names runs after shard " + shards.get(0).info().label()
                    + "'s; give --workers to make them equal");
        }
        return w;
    }

    private static BenchmarkResult mergeRun(BenchmarkConfig config, List<Shard> shards, List<BenchmarkResult> results,
            List<String> warnings) {
        Instant start = results.stream().map(BenchmarkResult::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant lastStart = results.stream().map(BenchmarkResult::startedAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant end = results.stream().map(r -> r.startedAt().plus(r.duration())).max(Comparator.naturalOrder())
                .orElseThrow();
        Instant issueEnd = results.stream().map(r -> r.startedAt().plus(r.issueDuration()))
                .max(Comparator.naturalOrder()).orElseThrow();
        ResultBuilder b = ResultBuilder.of(config).startedAt(start).duration(Duration.between(start, end))
                .issueDuration(Duration.between(start, issueEnd));
        Histogram latency = Histograms.newHistogram();
        Histogram service = Histograms.newHistogram();
        Histogram sendLag = Histograms.newHistogram();
        Histogram connect = Histograms.newHistogram();
        Histogram[] phases = new Histogram[Timing.Phase.values().length];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = Histograms.newHistogram();
        }
        long sent = 0;
        long bytes = 0;
        long opened = 0;
        long reconnects = 0;
        Duration warmup = Duration.ZERO;
        Duration maxLag = Duration.ZERO;
        Duration finalLag = Duration.ZERO;
        boolean interrupted = false;
        Duration longest = Duration.ZERO;
        for (BenchmarkResult r : results) {
            sent += r.sent();
            bytes += r.bytesReceived();
            opened += r.connectionsOpened();
            reconnects += r.reconnects();
            r.statusCounts().forEach(b::status);
            for (Map.Entry<FailureKind, Long> e : r.errors().entrySet()) {
                b.error(e.getKey(), e.getValue());
            }
            latency.add(r.latency().histogram());
            service.add(r.serviceTime().histogram());
            sendLag.add(r.sendLag().histogram());
            connect.add(r.connectTime().histogram());
            for (Timing.Phase phase : Timing.Phase.values()) {
                phases[phase.ordinal()].add(r.timing().phase(phase).histogram());
            }
            warmup = max(warmup, r.warmupTaken());
            maxLag = max(maxLag, r.maxScheduleLag());
            finalLag = max(finalLag, r.finalScheduleLag());
            longest = max(longest, r.duration());
            interrupted |= r.interrupted();
        }
        b.sent(sent).bytesReceived(bytes).connectionsOpened(opened).reconnects(reconnects).warmupTaken(warmup)
                .scheduleLag(maxLag, finalLag).interrupted(interrupted)
                .latency(LatencyDistribution.of(latency)).serviceTime(LatencyDistribution.of(service))
                .sendLag(LatencyDistribution.of(sendLag)).connectTime(LatencyDistribution.of(connect))
                .timing(timing(phases))
                .timeline(timeline(config.reportInterval(), start, end, results));
        Duration spread = Duration.between(start, lastStart);
        Duration allowed = max(SIMULTANEITY, longest.dividedBy(20));
        if (spread.compareTo(allowed) > 0) {
            warnings.add("the shards' measured windows started up to " + format(spread) + " apart (more than "
                    + format(allowed) + "): the merged throughput is over their union, "
                    + format(Duration.between(start, end)) + "; a fixed --warmup and a common --start-at keep them together");
        }
        b.warnings(warnings);
        for (int i = 0; i < results.size(); i++) {
            String who = "shard " + shards.get(i).info().label() + " (" + shards.get(i).info().host() + "): ";
            results.get(i).warnings().forEach(w -> b.warning(who + w));
        }
        return b.build();
    }

    private static Timing timing(Histogram[] phases) {
        Timing.Builder t = Timing.builder();
        for (Timing.Phase phase : Timing.Phase.values()) {
            t.phase(phase, LatencyDistribution.of(phases[phase.ordinal()]));
        }
        return t.build();
    }

    /**
     * The shards' timeline entries added up per report interval of wall-clock time: the intervals are aligned
     * on whole multiples of the interval since the epoch (whole seconds by default), the first and last cut
     * to the merged window. A shard's entry that straddles a boundary has its counts split in proportion to
     * the time on each side (the split adds up exactly), so that each interval's throughput is what the
     * target served in it; its latency histogram, which cannot be split, counts in the interval holding most
     * of it.
     */
    static List<Interval> timeline(Duration length, Instant start, Instant end, List<BenchmarkResult> results) {
        long step = length.toNanos();
        long startNanos = epochNanos(start);
        long endNanos = Math.max(epochNanos(end), startNanos + 1);
        long firstBoundary = Math.floorDiv(startNanos, step) * step;
        int buckets = (int) Math.max(1, (endNanos - firstBoundary + step - 1) / step);
        long[] succeeded = new long[buckets];
        long[] failed = new long[buckets];
        Histogram[] histograms = new Histogram[buckets];
        boolean any = false;
        for (BenchmarkResult r : results) {
            for (Interval i : r.timeline()) {
                long from = epochNanos(i.start());
                long to = from + i.length().toNanos();
                int first = bucket(from, firstBoundary, step, buckets);
                int last = to > from ? bucket(to - 1, firstBoundary, step, buckets) : first;
                long[] overlap = new long[last - first + 1];
                int most = 0;
                for (int k = first; k <= last; k++) {
                    long o = Math.min(to, firstBoundary + (k + 1) * step) - Math.max(from, firstBoundary + k * step);
                    overlap[k - first] = Math.max(o, 0);
                    most = overlap[k - first] > overlap[most] ? k - first : most;
                }
                if (to <= from) {
                    overlap[0] = 1; // an empty entry counts where it sits
                }
                split(i.succeeded(), overlap, succeeded, first);
                split(i.failed(), overlap, failed, first);
                if (histograms[first + most] == null) {
                    histograms[first + most] = Histograms.newHistogram();
                }
                histograms[first + most].add(i.latency().histogram());
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        List<Interval> out = new ArrayList<>(buckets);
        for (int k = 0; k < buckets; k++) {
            long from = Math.max(startNanos, firstBoundary + k * step);
            long to = Math.min(endNanos, firstBoundary + (k + 1) * step);
            Histogram h = histograms[k] != null ? histograms[k] : Histograms.newHistogram();
            Duration offset = Duration.ofNanos(from - startNanos);
            out.add(Intervals.of(start.plus(offset), offset, Duration.ofNanos(Math.max(0, to - from)), succeeded[k],
                    failed[k], h));
        }
        return out;
    }

    private static int bucket(long nanos, long firstBoundary, long step, int buckets) {
        return (int) Math.min(buckets - 1, Math.max(0, Math.floorDiv(nanos - firstBoundary, step)));
    }

    /**
     * Adds {@code count} to {@code into[offset + k]} in proportion to {@code weights[k]}, the largest remainders
     * rounded up, so that exactly {@code count} is added.
     */
    static void split(long count, long[] weights, long[] into, int offset) {
        long total = java.util.Arrays.stream(weights).sum();
        if (count == 0 || total == 0) {
            return;
        }
        long given = 0;
        double[] remainders = new double[weights.length];
        for (int k = 0; k < weights.length; k++) {
            double exact = (double) count * weights[k] / total;
            long whole = (long) Math.floor(exact);
            into[offset + k] += whole;
            given += whole;
            remainders[k] = exact - whole;
        }
        for (; given < count; given++) {
            int best = 0;
            for (int k = 1; k < remainders.length; k++) {
                best = remainders[k] > remainders[best] ? k : best;
            }
            into[offset + best]++;
            remainders[best] = -1;
        }
    }

    /** Null when both matrices plan the same runs (worker counts aside), else how they differ. */
    private static String shapeDifference(Matrix a, Matrix b) {
        Map<String, Function<Matrix, Object>> parts = new LinkedHashMap<>();
        parts.put("concurrency levels", Matrix::concurrencyLevels);
        parts.put("rates", Matrix::rates);
        parts.put("repeats", Matrix::repeats);
        parts.put("runs", m -> m.points().size());
        parts.put("target", m -> m.base().displayTarget());
        parts.put("method", m -> m.base().method());
        parts.put("stages", m -> m.base().stages());
        parts.put("requests", m -> m.base().requests());
        parts.put("duration", m -> m.base().duration());
        for (Map.Entry<String, Function<Matrix, Object>> p : parts.entrySet()) {
            Object x = p.getValue().apply(a);
            Object y = p.getValue().apply(b);
            if (!x.equals(y)) {
                return p.getKey() + " " + y + " instead of " + x;
            }
        }
        return null;
    }

    private static boolean sameOutput(Shard a, Shard b) {
        return a.info().equals(b.info()) && a.startedAt().equals(b.startedAt()) && a.runs().size() == b.runs().size()
                && java.util.stream.IntStream.range(0, a.runs().size()).allMatch(i ->
                        a.runs().get(i).result().startedAt().equals(b.runs().get(i).result().startedAt())
                                && a.runs().get(i).result().sent() == b.runs().get(i).result().sent());
    }

    private static String describe(Shard s) {
        return "shard " + s.info().label() + " in " + s.source();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long epochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
