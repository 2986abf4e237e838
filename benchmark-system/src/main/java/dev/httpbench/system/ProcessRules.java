package dev.httpbench.system;

import static dev.httpbench.system.Rule.atLeast;

import dev.httpbench.system.internal.ProcFiles;

/** The rules for this process and its connections: the open-file limit, TIME_WAIT and ESTABLISHED. Stateless. */
final class ProcessRules {
    private ProcessRules() {
    }

    /** The soft and hard open-file limits against the connections, with advice that fits the load. */
    record OpenFiles() implements Rule {
        @Override
        public void check(Context c) {
            long required = (long) c.concurrency() + SystemCheck.FILES_HEADROOM;
            long suggested = Math.max(SystemCheck.SUGGESTED_FILES, Long.highestOneBit(required * 2 - 1) << 1);
            String recommended = ">= " + required * 2 + " (suggested " + suggested + ")";
            String why = "every connection is one open file; at the limit new connections fail with 'Too many open "
                    + "files'. httpbench needs " + c.concurrency() + " connections + about " + SystemCheck.FILES_HEADROOM
                    + " for the JVM";
            String raiseHard = "echo '* hard nofile " + suggested + "' | sudo tee -a /etc/security/limits.d/99-httpbench.conf";
            ProcFiles.OpenFilesLimit limit = c.proc().openFilesLimit();
            if (limit.problem() != null) {
                String unknown = "unknown: " + limit.problem();
                c.add(new Check("open files (soft)", Severity.UNKNOWN, unknown, recommended, why, "ulimit -n " + suggested));
                c.add(new Check("open files (hard)", Severity.UNKNOWN, unknown, recommended, why, raiseHard));
                return;
            }
            Severity soft = atLeast(limit.soft(), required, required * 2);
            Severity hard = atLeast(limit.hard(), required, required * 2);
            // the advice names a limit that fits the load: up to the hard limit when that is enough, else past it
            String softCommand = limit.hard() >= required
                    ? "ulimit -n " + Math.min(suggested, limit.hard()) + "   # in the shell that starts the benchmark, "
                            + "up to the hard limit"
                    : "ulimit -n " + suggested + "   # after raising the hard limit (" + limitText(limit.hard())
                            + " is too low for " + c.concurrency() + " connections), in the shell that starts the "
                            + "benchmark";
            c.add(new Check("open files (soft)", soft, limitText(limit.soft()), recommended,
                    why + "; the JVM raises its soft limit to the hard limit at start (unless -XX:-MaxFDLimit), "
                            + "so this is the value a benchmark gets", softCommand));
            c.add(new Check("open files (hard)", hard, limitText(limit.hard()), recommended,
                    "the ceiling for the soft limit; only root can raise it", raiseHard + "   # then log in again"));
            if (soft != Severity.OK || hard != Severity.OK) {
                c.tuning.files = suggested;
            }
        }

        private static String limitText(long value) {
            return value == Long.MAX_VALUE ? "unlimited" : Long.toString(value);
        }
    }

    /** TIME_WAIT against the local ports, and connections already open to the target. */
    record Connections() implements Rule {
        @Override
        public void check(Context c) {
            int targetPort = c.load.targetPort();
            ProcFiles.TcpCounts tcp = c.proc().tcpCounts(targetPort);
            String scope = targetPort > 0 ? " to port " + targetPort : "";
            String twName = "TCP TIME_WAIT" + scope;
            String twWhy = "connections closed recently; each keeps its local port for a minute, so many of them "
                    + "leave too few ports for the planned " + c.concurrency() + " connections";
            String twCommand = "ss -Htan state time-wait | wc -l   # to watch; sudo sysctl -w net.ipv4.tcp_tw_reuse=1 "
                    + "lets new connections reuse them";
            String estName = "TCP ESTABLISHED" + scope;
            String estWhy = targetPort > 0
                    ? "connections already open to the target's port: another client loading the target would mix "
                            + "its load into the results"
                    : "connections open on this machine now, for reference";
            String estCommand = "ss -Htan state established" + (targetPort > 0 ? " '( dport = :" + targetPort + " )'" : "");
            if (!tcp.known()) {
                String unknown = "unknown: " + tcp.problem();
                c.add(new Check(twName, Severity.UNKNOWN, unknown, "few", twWhy, twCommand));
                c.add(new Check(estName, Severity.UNKNOWN, unknown, targetPort > 0 ? "0" : "any", estWhy, estCommand));
                return;
            }
            Severity tw;
            String twRecommended;
            if (c.ports > 0) {
                twRecommended = "< " + c.ports / 2 + " (half the local ports)";
                tw = tcp.timeWait() + c.concurrency() > c.ports ? Severity.CRITICAL
                        : tcp.timeWait() >= c.ports / 2 ? Severity.WARN : Severity.OK;
            } else {
                twRecommended = "few (the local port range is unknown)";
                tw = Severity.OK;
            }
            c.add(new Check(twName, tw, Integer.toString(tcp.timeWait()), twRecommended, twWhy, twCommand));
            Severity est = targetPort > 0 && tcp.established() > 0 ? Severity.WARN : Severity.OK;
            c.add(new Check(estName, est, Integer.toString(tcp.established()), targetPort > 0 ? "0" : "any", estWhy,
                    estCommand));
        }
    }
}
