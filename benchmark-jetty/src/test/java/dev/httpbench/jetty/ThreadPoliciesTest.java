package dev.httpbench.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkRun;
import dev.httpbench.Progress;
import dev.httpbench.testsupport.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * During measurement the workers keep the normal scheduling policy while the coordinator is an
 * idle-policy thread (so its ticks never preempt a worker on a shared core): it must make itself a
 * background thread only after it started the workers, which would inherit the policy otherwise. The
 * monitor keeps the normal policy, so that its figures survive a core that others saturate; its socket
 * thread (open files and TCP states, a costly kernel walk) is an idle-policy thread too. Workers run
 * with a timer slack of 1 ns.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(60)
class ThreadPoliciesTest {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_IDLE = 5;

    @Test
    void workersKeepTheNormalPolicyAndTheCoordinatorAndSocketCountingYieldToThem() throws Exception {
        try (TestServer server = new TestServer()) {
            BenchmarkRun run = Benchmark.target(server.url("/")).workers(2).concurrency(4).rate(200)
                    .warmup(Duration.ZERO).duration(Duration.ofSeconds(20)).start();
            try {
                while (run.progress().phase() != Progress.Phase.MEASURING || run.progress().sent() < 100) {
                    Thread.sleep(20);
                }
                List<String> normal = new ArrayList<>();
                List<String> background = new ArrayList<>();
                try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                    for (Path task : tasks.toList()) {
                        String name = Files.readString(task.resolve("comm")).strip(); // 15 characters at most
                        int policy = policy(task);
                        if (name.startsWith("httpbench-work") || name.startsWith("httpbench-moni")) {
                            normal.add(name + "=" + policy);
                            assertEquals(SCHED_OTHER, policy, name);
                            if (name.startsWith("httpbench-work")) {
                                assertEquals(1, timerSlack(task), name + ": parks near due times end when asked");
                            }
                        } else if (name.startsWith("httpbench-run") || name.startsWith("httpbench-sock")) {
                            background.add(name + "=" + policy);
                            assertEquals(SCHED_IDLE, policy, name);
                        }
                    }
                }
                assertEquals(3, normal.size(), "two workers and the monitor: " + normal);
                assertEquals(2, background.size(), "the coordinator and the socket thread: " + background);
            } finally {
                run.stop();
                run.result().get();
            }
        }
    }

    /** A thread's timer slack in nanoseconds, from /proc/TID/timerslack_ns. */
    private static long timerSlack(Path task) throws IOException {
        return Long.parseLong(Files.readString(Path.of("/proc", task.getFileName().toString(), "timerslack_ns")).strip());
    }

    /** A thread's scheduling policy: field 41 of its stat file. */
    private static int policy(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }
}
