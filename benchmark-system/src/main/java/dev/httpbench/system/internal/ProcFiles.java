package dev.httpbench.system.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads Linux kernel figures from {@code /proc} and {@code /sys} below a root folder: {@code /} for the
 * real machine, a test's temporary folder for a fake tree. Nothing here ever throws for a value that
 * cannot be read: the {@link Reading} says why instead. Immutable and thread-safe; every call reads the
 * files anew.
 */
public final class ProcFiles {
    /** TCP states in {@code /proc/net/tcp}, as the kernel numbers them (include/net/tcp_states.h). */
    private static final int ESTABLISHED = 0x01;
    private static final int TIME_WAIT = 0x06;

    private final Path root;

    public ProcFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The real machine's files. */
    public static ProcFiles system() {
        return new ProcFiles(Path.of("/"));
    }

    public Path root() {
        return root;
    }

    /** The absolute path of {@code relative} below the root, for messages. */
    public Path path(String relative) {
        return root.resolve(relative);
    }

    /** The first line of a file, trimmed; or why it could not be read. */
    public Reading read(String relative) {
        Path file = path(relative);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line = in.readLine();
            if (line == null || line.isBlank()) {
                return Reading.unknown(file + " is empty");
            }
            return Reading.of(line.trim());
        } catch (NoSuchFileException e) {
            return Reading.unknown(file + " does not exist (not Linux, or not visible in this container)");
        } catch (AccessDeniedException e) {
            return Reading.unknown("no permission to read " + file);
        } catch (IOException | RuntimeException e) {
            return Reading.unknown("cannot read " + file + ": " + e);
        }
    }

    /** A kernel setting by its sysctl name, e.g. {@code net.core.somaxconn}, from {@code /proc/sys}. */
    public Reading sysctl(String name) {
        return read("proc/sys/" + name.replace('.', '/'));
    }

    /** All lines of a file, or why it could not be read (as the only element of an unknown reading). */
    public Lines lines(String relative) {
        Path file = path(relative);
        try {
            return new Lines(Files.readAllLines(file, StandardCharsets.US_ASCII), null);
        } catch (NoSuchFileException e) {
            return new Lines(List.of(), file + " does not exist (not Linux, or not visible in this container)");
        } catch (AccessDeniedException e) {
            return new Lines(List.of(), "no permission to read " + file);
        } catch (IOException | RuntimeException e) {
            return new Lines(List.of(), "cannot read " + file + ": " + e);
        }
    }

    /**
     * This process's limit on open files from {@code /proc/self/limits}: the soft and the hard limit,
     * {@link Long#MAX_VALUE} for "unlimited".
     */
    public OpenFilesLimit openFilesLimit() {
        Lines limits = lines("proc/self/limits");
        if (limits.problem() != null) {
            return new OpenFilesLimit(-1, -1, limits.problem());
        }
        for (String line : limits.lines()) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                try {
                    return new OpenFilesLimit(limitValue(f[0]), limitValue(f[1]), null);
                } catch (RuntimeException e) {
                    return new OpenFilesLimit(-1, -1, "unexpected line in " + path("proc/self/limits") + ": '" + line + "'");
                }
            }
        }
        return new OpenFilesLimit(-1, -1, "no 'Max open files' line in " + path("proc/self/limits"));
    }

    private static long limitValue(String text) {
        return "unlimited".equals(text) ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /**
     * This process's resident memory and thread count from {@code /proc/self/status} (its {@code VmRSS}
     * and {@code Threads} lines): one small file and two lines parsed, cheap enough for a sampler that
     * runs once a second and so is never compiled (OSHI's process update cost about 2 ms of CPU there).
     */
    public ProcessStatus selfStatus() {
        Lines status = lines("proc/self/status");
        if (status.problem() != null) {
            return new ProcessStatus(-1, -1, status.problem());
        }
        long rss = -1;
        int threads = -1;
        try {
            for (String line : status.lines()) {
                if (line.startsWith("VmRSS:")) {
                    String value = line.substring("VmRSS:".length()).trim(); // "123456 kB"
                    rss = Long.parseLong(value.substring(0, value.indexOf(' '))) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        } catch (RuntimeException e) {
            return new ProcessStatus(-1, -1, "unexpected VmRSS or Threads line in " + path("proc/self/status"));
        }
        return rss < 0 || threads < 0
                ? new ProcessStatus(-1, -1, "no VmRSS or Threads line in " + path("proc/self/status"))
                : new ProcessStatus(rss, threads, null);
    }

    /**
     * The machine's CPU time in clock ticks since boot from the first line of {@code /proc/stat}
     * ({@code cpu user nice system idle iowait irq softirq steal ...}): busy is all but idle and iowait,
     * total the sum of those eight (the guest fields are part of user already).
     */
    public CpuTicks cpuTicks() {
        Reading first = read("proc/stat");
        if (!first.known()) {
            return new CpuTicks(-1, -1, first.problem());
        }
        String[] f = first.value().split(" +");
        String unexpected = "unexpected first line in " + path("proc/stat") + ": '" + first.value() + "'";
        if (f.length < 9 || !"cpu".equals(f[0])) {
            return new CpuTicks(-1, -1, unexpected);
        }
        try {
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new CpuTicks(total - idle, total, null);
        } catch (NumberFormatException e) {
            return new CpuTicks(-1, -1, unexpected);
        }
    }

    /**
     * Counts TCP connections (IPv4 and IPv6) by state from {@code /proc/net/tcp} and {@code tcp6}, only
     * those whose remote port is {@code remotePort}, or all of them when it is 0. Reads the lines once
     * and parses only the three fields it needs.
     */
    public TcpCounts tcpCounts(int remotePort) {
        int established = 0;
        int timeWait = 0;
        String problem = null;
        int read = 0;
        for (String file : new String[] {"proc/net/tcp", "proc/net/tcp6"}) {
            Path path = path(file);
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.US_ASCII)) {
                in.readLine(); // header
                String line;
                while ((line = in.readLine()) != null) {
                    int state = tcpState(line, remotePort);
                    if (state == ESTABLISHED) {
                        established++;
                    } else if (state == TIME_WAIT) {
                        timeWait++;
                    }
                }
                read++;
            } catch (NoSuchFileException e) {
                // tcp6 is missing when IPv6 is disabled; only both missing makes the counts unknown
                problem = path + " does not exist (not Linux, or not visible in this container)";
            } catch (AccessDeniedException e) {
                problem = "no permission to read " + path;
            } catch (IOException | RuntimeException e) {
                problem = "cannot read " + path + ": " + e;
            }
        }
        return read == 0 ? new TcpCounts(-1, -1, problem) : new TcpCounts(established, timeWait, null);
    }

    /**
     * The state of one {@code /proc/net/tcp} line ({@code sl local_address rem_address st ...}, addresses
     * as {@code HEXIP:HEXPORT}), or -1 when its remote port does not match or the line is malformed.
     */
    static int tcpState(String line, int remotePort) {
        int field = 0;
        int i = 0;
        int n = line.length();
        int remoteStart = -1;
        int remoteEnd = -1;
        while (i < n) {
            while (i < n && line.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < n && line.charAt(i) != ' ') {
                i++;
            }
            if (start == i) {
                break;
            }
            if (field == 2) {
                remoteStart = start;
                remoteEnd = i;
            } else if (field == 3) {
                if (remoteStart < 0 || i - start != 2) {
                    return -1;
                }
                if (remotePort > 0) {
                    int colon = line.lastIndexOf(':', remoteEnd - 1);
                    if (colon < remoteStart || hex(line, colon + 1, remoteEnd) != remotePort) {
                        return -1;
                    }
                }
                return hex(line, start, i);
            }
            field++;
        }
        return -1;
    }

    private static int hex(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }

    /** A value read from a file, or why it could not be read. */
    public record Reading(String value, String problem) {
        static Reading of(String value) {
            return new Reading(value, null);
        }

        static Reading unknown(String problem) {
            return new Reading(null, problem);
        }

        public boolean known() {
            return value != null;
        }
    }

    /** A file's lines, or (empty lines and) why it could not be read. */
    public record Lines(List<String> lines, String problem) {
    }

    /** Soft and hard open-file limits; -1 and a problem when unknown. */
    public record OpenFilesLimit(long soft, long hard, String problem) {
    }

    /** The machine's busy and total CPU ticks since boot; -1 and a problem when unknown. */
    public record CpuTicks(long busy, long total, String problem) {
        public boolean known() {
            return problem == null;
        }

        /** The busy share of the ticks since {@code earlier}, in %; -1 when unknown or no tick passed. */
        public double busyPercentSince(CpuTicks earlier) {
            if (!known() || earlier == null || !earlier.known() || total - earlier.total <= 0) {
                return -1;
            }
            return Math.max(0, Math.min(100, (busy - earlier.busy) * 100.0 / (total - earlier.total)));
        }
    }

    /** Resident memory in bytes and threads; -1 and a problem when unknown. */
    public record ProcessStatus(long rssBytes, int threads, String problem) {
        public boolean known() {
            return problem == null;
        }
    }

    /** Connections by state; -1 and a problem when unknown. */
    public record TcpCounts(int established, int timeWait, String problem) {
        public boolean known() {
            return problem == null;
        }
    }
}
