package dev.httpbench.cli.distributed;

import dev.httpbench.Benchmark;
import dev.httpbench.BenchmarkConfig;
import dev.httpbench.analysis.Assessment;
import dev.httpbench.analysis.Criteria;
import dev.httpbench.matrix.Matrix;
import dev.httpbench.matrix.MatrixResult;
import dev.httpbench.matrix.MatrixRunner;
import dev.httpbench.report.Environment;
import dev.httpbench.report.ReportFolder;
import dev.httpbench.testsupport.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * N shards of one test run at once in this JVM, each through a {@link ShardSession} as the runner will drive
 * it: clock probe, common start, its share of every matrix point, its report folder with shard.json, its
 * record on its own stdout. Until the runner takes {@code --shard}, this is how shards run on one machine;
 * {@link #main} is the closing note's 4-shard run.
 */
final class InProcessShards {
    /** What the shards left: one matrix result and one stdout per shard, by index. */
    record Run(List<MatrixResult> results, List<String> stdouts, List<Path> folders) {
    }

    private InProcessShards() {
    }

    /**
     * Runs {@code shards} shards of {@code total} at once, starting together {@code startDelay} from now (the
     * clock probes, about a second, must fit in it), each writing its report folder under {@code dir}.
     */
    static Run run(BenchmarkConfig total, int shards, Duration startDelay, URI clockReference, Path dir)
            throws Exception {
        Matrix matrix = Matrix.builder(total).build();
        StartAt start = StartAt.of(Instant.now().plus(startDelay));
        List<MatrixResult> results = new ArrayList<>();
        List<String> stdouts = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            results.add(null);
            stdouts.add(null);
            folders.add(null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(shards);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    ShardSession session = new ShardSession(new ShardPlan(index, shards), start, true,
                            Map.of("HOSTNAME", "gen-" + index));
                    session.awaitStart(clockReference, false, matrix.points().get(0).config(), () -> false);
                    MatrixResult result = new MatrixRunner(matrix, new MatrixRunner.Listener() { },
                            session::configFor).run();
                    Path folder = ReportFolder.write(dir.resolve("shard-" + index), result,
                            Assessment.of(result.runs(), Criteria.defaults()), null, Environment.current());
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    session.finish(folder, result, new PrintStream(out, true, StandardCharsets.UTF_8));
                    results.set(index, result);
                    stdouts.set(index, out.toString(StandardCharsets.UTF_8));
                    folders.set(index, folder);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(startDelay.toSeconds() + 300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Run(results, stdouts, folders);
    }

    /** The shards' stdout records as {@code kubectl logs -l ... --prefix} would show them, lines interleaved. */
    static String kubectlLogs(List<String> stdouts) {
        StringBuilder log = new StringBuilder();
        List<List<String>> lines = stdouts.stream().map(o -> o.lines().toList()).toList();
        int longest = lines.stream().mapToInt(List::size).max().orElse(0);
        for (int l = 0; l <= longest; l++) {
            for (int i = 0; i < lines.size(); i++) {
                String prefix = "[pod/bench-" + i + "-abcde/httpbench] ";
                if (l < lines.get(i).size()) {
                    log.append(prefix).append(lines.get(i).get(l)).append('\n');
                } else if (l == lines.get(i).size()) {
                    log.append(prefix).append("httpbench: done\n");
                }
            }
        }
        return log.toString();
    }

    /**
     * {@code InProcessShards DIR [SHARDS] [CONCURRENCY] [SECONDS]}: runs the shards against a loopback test
     * server, writes DIR/shards.log and prints the server's own count; then merge DIR/shards.log.
     */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int shards = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        try (TestServer target = new TestServer(); TestServer clock = new TestServer()) {
            // no warm-up: every request the server counts is a measured one
            BenchmarkConfig total = Benchmark.target(target.url("/ok")).concurrency(concurrency).workers(1)
                    .duration(Duration.ofSeconds(seconds)).warmup(Duration.ZERO).build();
            Run run = run(total, shards, Duration.ofSeconds(3), URI.create(clock.url("/health")), dir);
            Files.writeString(dir.resolve("shards.log"), kubectlLogs(run.stdouts()));
            for (int i = 0; i < shards; i++) {
                System.out.println("shard " + i + "/" + shards + ": sent " + run.results().get(i).runs().get(0).result()
                        .sent() + ", folder " + run.folders().get(i));
            }
            System.out.println("target server: " + target.requests() + " requests received, " + target.answered2xx()
                    + " answered 2xx");
        }
    }
}
