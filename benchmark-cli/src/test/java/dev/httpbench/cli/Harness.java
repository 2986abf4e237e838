package dev.httpbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the runner in-process with captured output, bounded in time. One per test. */
final class Harness {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Path dir;

    Harness(Path dir) {
        this.dir = dir;
    }

    Runner runner(Map<String, String> env) {
        return new Runner(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    int run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runner(Map.of()).run(args));
    }

    int run(Runner runner, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> runner.run(args));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    void reset() {
        out.reset();
        err.reset();
    }

    /** Tiny settings into {@link #dir}; an option in {@code more} replaces the tiny one. */
    String[] tiny(String... more) {
        List<String> args = new ArrayList<>();
        List<String> defaults = List.of("--duration", "300ms", "--warmup", "0s", "--workers", "1",
                "--concurrent-levels", "2", "--output-dir", dir.toString());
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!List.of(more).contains(defaults.get(i))) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        args.add("--quiet");
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** The one report folder in {@link #dir}. */
    Path onlyReportFolder() throws IOException {
        try (Stream<Path> folders = Files.list(dir)) {
            List<Path> all = folders.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    long filesIn(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
