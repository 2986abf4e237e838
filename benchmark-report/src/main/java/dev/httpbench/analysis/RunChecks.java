package dev.httpbench.analysis;

import static dev.httpbench.spi.Durations.format;

import dev.httpbench.BenchmarkResult;
import dev.httpbench.ClientStats;
import dev.httpbench.Interval;
import dev.httpbench.matrix.MatrixRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which runs can be judged, and what in a run says that its figures are not the target's alone: a
 * saturated host, a generator behind its schedule, an overloaded target, expectations for another
 * machine size. Stateless and thread-safe.
 */
final class RunChecks {
    /** A core count in a machine size label: {@code 8-core}, {@code 4cores}, {@code 16 vCPU}. */
    private static final Pattern CORES = Pattern.compile("(?i)(\\d+)\\s*[-_ ]?\\s*(?:v?cpus?|v?cores?)\\b");

    private RunChecks() {
    }

    /** Why {@code r} is left out of the verdicts, or empty when it is judged. */
    static Optional<String> exclusion(BenchmarkResult r, Criteria c) {
        if (r.interrupted()) {
            String planned = r.config().duration().map(d -> " of " + format(d)).orElse("");
            String requests = r.config().requests().isPresent()
                    ? " (" + r.sent() + " of " + r.config().requests().getAsLong() + " requests sent)" : "";
            return Optional.of("interrupted after " + format(r.duration()) + planned + requests);
        }
        if (r.duration().compareTo(c.minRunDuration()) < 0) {
            return Optional.of("too short to judge: " + format(r.duration()) + " measured, at least "
                    + format(c.minRunDuration()) + " needed");
        }
        return Optional.empty();
    }

    /** The core count a machine size label names, if it names one. */
    static OptionalInt coresIn(String label) {
        if (label == null) {
            return OptionalInt.empty();
        }
        Matcher m = CORES.matcher(label);
        if (!m.find()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Every warning about {@code runs}, each kind once with the runs it concerns. */
    static List<Assessment.Warning> warnings(List<MatrixRun> runs, Criteria c) {
        List<Assessment.Warning> out = new ArrayList<>();
        hostSaturated(runs).ifPresent(out::add);
        scheduleLag(runs).ifPresent(out::add);
        overloaded(runs).ifPresent(out::add);
        vmSizeCores(c).ifPresent(out::add);
        return out;
    }

    private static Optional<Assessment.Warning> hostSaturated(List<MatrixRun> runs) {
        List<String> names = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (MatrixRun run : runs) {
            ClientStats s = run.result().client().orElse(null);
            if (s == null || s.systemCpuPercent() < Criteria.HOST_CPU_LIMIT_PERCENT || s.cpuPercent() < 0
                    || s.cpuPercent() >= Criteria.GENERATOR_CPU_LIMIT_PERCENT
                    || s.workerBusyPeakPercent() >= Criteria.WORKER_BUSY_LIMIT_PERCENT) {
                continue; // not saturated, unknown, or the generator at its own limit (the engine warns of that)
            }
            names.add(run.point().name());
            figures.add(String.format(Locale.ROOT, "%s (system CPU %.0f %%, generator %.0f %%)", run.point().name(),
                    s.systemCpuPercent(), s.cpuPercent()));
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assessment.Warning("host_saturated", names, String.format(Locale.ROOT,
                "host saturated in %s: the machine's CPU was at %.0f %% or more while the generator stayed below "
                        + "its own limits (%.0f %% of its cores, %.0f %% of one core per worker), so other processes "
                        + "on this machine, the target among them when it runs here, competed for the CPU; the "
                        + "figures show the machine's limit, not the target's alone: give the generator a machine "
                        + "of its own", String.join(", ", figures), Criteria.HOST_CPU_LIMIT_PERCENT,
                Criteria.GENERATOR_CPU_LIMIT_PERCENT, Criteria.WORKER_BUSY_LIMIT_PERCENT)));
    }

    private static Optional<Assessment.Warning> scheduleLag(List<MatrixRun> runs) {
        List<String> names = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (MatrixRun run : runs) {
            BenchmarkResult r = run.result();
            if (r.config().openLoop() && r.maxScheduleLag().compareTo(Criteria.MAX_SCHEDULE_LAG) > 0) {
                names.add(run.point().name());
                figures.add(run.point().name() + " (largest " + format(r.maxScheduleLag()) + ", last "
                        + format(r.finalScheduleLag()) + ")");
            }
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assessment.Warning("schedule_lag", names, "schedule lag in " + String.join(", ",
                figures) + ": the generator fell more than " + format(Criteria.MAX_SCHEDULE_LAG) + " behind its "
                + "open-loop schedule; latency counts from each request's intended send time, so up to that much "
                + "of a latency may be the generator's own delay, not the server's: check the send lag, the "
                + "generator's CPU and its GC pauses"));
    }

    private static Optional<Assessment.Warning> overloaded(List<MatrixRun> runs) {
        List<String> names = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (MatrixRun run : runs) {
            BenchmarkResult r = run.result();
            double offered = r.config().openLoop() ? r.plannedRate() : 0;
            double seconds = r.duration().toNanos() / 1e9;
            if (!(offered > 0) || !(seconds > 0)) {
                continue;
            }
            long responses = r.statusCounts().values().stream().mapToLong(Long::longValue).sum();
            double completed = responses / seconds;
            if (completed >= offered * Criteria.MIN_COMPLETED_SHARE) {
                continue;
            }
            names.add(run.point().name());
            figures.add(String.format(Locale.ROOT, "%s (%.0f responses/s of %.0f requests/s offered, %.0f %%%s)",
                    run.point().name(), completed, offered, 100 * completed / offered, latencyTrend(r)));
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Assessment.Warning("overloaded", names, String.format(Locale.ROOT,
                "target overloaded in %s: it completed less than %.0f %% of the offered rate, so requests queued "
                        + "and latency grows with the run's length: its percentiles describe how long this run "
                        + "lasted, not a steady state; lower the rate to find the rate the target sustains",
                String.join(", ", figures), Criteria.MIN_COMPLETED_SHARE * 100)));
    }

    /** {@code ; p50 12ms in the first interval, 3.1s in the last}, or empty with too few intervals. */
    private static String latencyTrend(BenchmarkResult r) {
        List<Interval> measured = r.timeline().stream().filter(i -> i.latencyCount() > 0).toList();
        if (measured.size() < 2) {
            return "";
        }
        return "; p50 " + format(measured.get(0).p50()) + " in the first interval, "
                + format(measured.get(measured.size() - 1).p50()) + " in the last";
    }

    private static Optional<Assessment.Warning> vmSizeCores(Criteria c) {
        String label = c.machineLabel();
        OptionalInt named = coresIn(label);
        if (named.isEmpty() || named.getAsInt() == c.machineCores()) {
            return Optional.empty();
        }
        return Optional.of(new Assessment.Warning("vm_size_cores", List.of(), "vm size '" + label + "' names "
                + named.getAsInt() + " cores but this machine has " + c.machineCores() + ": figures expected of '"
                + label + "' describe another machine, so comparing these runs with them says little"));
    }
}
