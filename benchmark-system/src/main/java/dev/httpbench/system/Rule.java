package dev.httpbench.system;

import dev.httpbench.system.internal.ProcFiles;
import dev.httpbench.system.internal.ProcFiles.Reading;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One family of system checks, a row of {@link SystemCheck}'s table: reads what it needs through
 * {@link Context#proc()} and adds its {@link Check}s (and the tuning they suggest) to the context. A rule
 * never throws for a value it cannot read: it adds an {@link Severity#UNKNOWN} check with the reason.
 * Rules are stateless; a context is used by one thread for one run.
 */
interface Rule {

    void check(Context c);

    /**
     * What one run of the checks shares: the planned load, the files to read, the checks found so far, the
     * tuning they suggest, and what one rule learned for another (the number of local ports).
     */
    final class Context {
        final SystemCheck load;
        final ProcFiles proc;
        final List<Check> checks = new ArrayList<>();
        final SystemCheck.Tuning tuning = new SystemCheck.Tuning();
        long ports = -1; // set by the port range rule; -1 when unknown

        Context(SystemCheck load) {
            this.load = load;
            this.proc = new ProcFiles(load.root());
        }

        ProcFiles proc() {
            return proc;
        }

        int concurrency() {
            return load.concurrency();
        }

        void add(Check check) {
            checks.add(check);
        }

        /** A kernel-setting warning that only matters under load: none for a light one. */
        Severity underLoad(Severity severity) {
            return severity == Severity.WARN && concurrency() < SystemCheck.LIGHT_LOAD_CONNECTIONS ? Severity.OK
                    : severity;
        }

        /** The check for a sysctl that could not be read, or read something unexpected. */
        Check unknown(String name, Reading r, String recommended, String why, String command) {
            String reason = r.known() ? "unexpected content '" + r.value() + "' in " + sysctlPath(name) : r.problem();
            return new Check(name, Severity.UNKNOWN, "unknown: " + reason, recommended, why, command);
        }

        Path sysctlPath(String sysctl) {
            return load.root().resolve("proc/sys/" + sysctl.replace('.', '/'));
        }
    }

    /** Critical below {@code critical}, a warning below {@code ok}. */
    static Severity atLeast(long value, long critical, long ok) {
        return value < critical ? Severity.CRITICAL : value < ok ? Severity.WARN : Severity.OK;
    }

    /** Exactly {@code n} whitespace-separated non-negative numbers, or null. */
    static long[] longs(String text, int n) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != n) {
            return null;
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            if (!parts[i].matches("\\d{1,18}")) {
                return null;
            }
            values[i] = Long.parseLong(parts[i]);
        }
        return values;
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }
}
