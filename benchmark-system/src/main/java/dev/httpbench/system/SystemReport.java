package dev.httpbench.system;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a {@link SystemCheck}: every {@link Check} in a fixed order, and three ways to print
 * them. Immutable and thread-safe.
 */
public final class SystemReport {
    private final SystemCheck check;
    private final List<Check> checks;
    private final Map<String, String> sysctl;
    private final long files;
    private final boolean governor;

    SystemReport(SystemCheck check, List<Check> checks, SystemCheck.Tuning tuning) {
        this.check = check;
        this.checks = List.copyOf(checks);
        this.sysctl = Map.copyOf(tuning.sysctl);
        this.files = tuning.files;
        this.governor = tuning.governor;
    }

    /** Every check, in the order of the table. */
    public List<Check> checks() {
        return checks;
    }

    /** The checks that are warnings or critical. */
    public List<Check> needsAttention() {
        return checks.stream().filter(Check::needsAttention).toList();
    }

    /** Whether any check is critical: the planned load is likely to fail here. */
    public boolean hasCritical() {
        return checks.stream().anyMatch(c -> c.severity() == Severity.CRITICAL);
    }

    /** The full table: one row per check, then for each check why it matters and how to change it. */
    public String formatTable() {
        int nameWidth = Math.max(5, checks.stream().mapToInt(c -> c.name().length()).max().orElse(0));
        int observedWidth = Math.max(8, checks.stream().mapToInt(c -> shortObserved(c).length()).max().orElse(0));
        String row = "%-" + nameWidth + "s  %-8s  %-" + observedWidth + "s  %s%n";
        StringBuilder s = new StringBuilder(title()).append('\n');
        s.append(String.format(Locale.ROOT, row, "CHECK", "STATUS", "OBSERVED", "RECOMMENDED"));
        for (Check c : checks) {
            s.append(String.format(Locale.ROOT, row, c.name(), c.severity().label(), shortObserved(c),
                    c.recommended()));
        }
        s.append('\n');
        for (Check c : checks) {
            details(s, c);
        }
        s.append(verdict());
        return s.toString();
    }

    /** Only the warnings and critical checks, with why and how to fix each; one line when all is well. */
    public String formatAttention() {
        List<Check> attention = needsAttention();
        if (attention.isEmpty()) {
            return title() + ": nothing needs attention" + unknownNote() + "\n";
        }
        StringBuilder s = new StringBuilder(title()).append(": ").append(attention.size())
                .append(attention.size() == 1 ? " item needs" : " items need").append(" attention\n");
        for (Check c : attention) {
            details(s, c);
        }
        s.append(verdict());
        return s.toString();
    }

    /**
     * A shell script with the recommended {@code sysctl} and open-file changes for the checks that are
     * not fine, for the user to review and run as root; httpbench never runs it. When nothing needs to
     * change, the script says so and changes nothing.
     */
    public String tuningScript() {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/sh\n");
        s.append("# Tuning suggested by httpbench for concurrency=").append(check.concurrency())
                .append(", workers=").append(check.workers()).append(".\n");
        s.append("# Review every line, then run it as root: sudo sh <this file>\n");
        s.append("# httpbench never changes system settings itself.\n");
        s.append("set -eu\n\n");
        boolean any = false;
        if (!sysctl.isEmpty()) {
            any = true;
            s.append("# Kernel settings, effective now (each line: the setting, then what it was):\n");
            for (Check c : checks) {
                String value = sysctl.get(c.name());
                if (value != null) {
                    s.append("sysctl -w ").append(c.name()).append("=\"").append(value).append("\"   # was ")
                            .append(c.observed()).append('\n');
                }
            }
            s.append("\n# ... and after a reboot:\n");
            s.append("cat > /etc/sysctl.d/99-httpbench.conf <<'EOF'\n");
            for (Check c : checks) {
                String value = sysctl.get(c.name());
                if (value != null) {
                    s.append(c.name()).append(" = ").append(value).append('\n');
                }
            }
            s.append("EOF\n\n");
        }
        if (files > 0) {
            any = true;
            s.append("# Open files: the limit applies to new login sessions; log in again afterwards.\n");
            s.append("cat > /etc/security/limits.d/99-httpbench.conf <<'EOF'\n");
            s.append("* soft nofile ").append(files).append('\n');
            s.append("* hard nofile ").append(files).append('\n');
            s.append("EOF\n");
            s.append("# For the current shell only (as the user who runs the benchmark): ulimit -n ")
                    .append(files).append("\n\n");
        }
        if (governor) {
            any = true;
            s.append("# CPU frequency: run at full speed (until reboot).\n");
            s.append("for g in /sys/devices/system/cpu/cpu*/cpufreq/scaling_governor; do echo performance > \"$g\"; done\n\n");
        }
        if (!any) {
            s.append("# Nothing to change: every setting httpbench checks is fine for this load.\n");
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return formatTable();
    }

    private String title() {
        return "System check for " + check.concurrency() + " connections, " + check.workers()
                + (check.workers() == 1 ? " worker" : " workers");
    }

    private String verdict() {
        if (hasCritical()) {
            return "Critical items will make the planned load fail or mislead: fix them before measuring.\n";
        }
        return needsAttention().isEmpty() ? "Nothing needs attention" + unknownNote() + ".\n"
                : "No critical items; the warnings may distort the figures" + unknownNote() + ".\n";
    }

    private String unknownNote() {
        long unknown = checks.stream().filter(c -> c.severity() == Severity.UNKNOWN).count();
        return unknown == 0 ? "" : " (" + unknown + " could not be checked here)";
    }

    private static void details(StringBuilder s, Check c) {
        s.append(String.format(Locale.ROOT, "%-8s %s: %s; recommended %s%n", c.severity().label().toUpperCase(Locale.ROOT),
                c.name(), c.observed(), c.recommended()));
        s.append("         why: ").append(c.why()).append('\n');
        s.append("         change: ").append(c.command()).append('\n');
    }

    /** The table cell: an unknown value's reason is in the details below the table. */
    private static String shortObserved(Check c) {
        return c.severity() == Severity.UNKNOWN ? "unknown" : c.observed();
    }
}
