package dev.httpbench.cli.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Launches httpbench in its own JVM, as a user or a pod would, with a bounded wait: a main class on this
 * test's class path now, and the shaded {@code httpbench.jar} once it is built (the multi-process shard test
 * launches N runners with {@code --shard I/N} this way). Each process's stdout and stderr go to files, so
 * that a test can merge the records they printed. Not thread-safe; one per process.
 */
final class JavaProcess {
    /** What a finished process left behind. */
    record Result(int exitCode, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private JavaProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code mainClass} from this test's class path; stdout and stderr go to {@code logs}/NAME.out and .err. */
    static JavaProcess start(Path logs, String name, Map<String, String> env, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(args));
        return start(logs, name, env, command);
    }

    /** Starts the shaded runner jar, {@code benchmark-cli/target/httpbench.jar}, which {@code mvn package} builds. */
    static JavaProcess startJar(Path jar, Path logs, String name, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return start(logs, name, env, command);
    }

    private static JavaProcess start(Path logs, String name, Map<String, String> env, List<String> command)
            throws IOException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return new JavaProcess(pb.start(), out, err);
    }

    /** Waits at most {@code timeout}; a process still running then is killed and the wait fails. */
    Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the process did not end within " + timeout + "; stderr:\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
