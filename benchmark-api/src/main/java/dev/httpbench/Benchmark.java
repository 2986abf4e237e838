package dev.httpbench;

import dev.httpbench.spi.BenchmarkEngine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Iterator;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * The entry point: describe a benchmark fluently and run it.
 *
 * <pre>{@code
 * BenchmarkResult r = Benchmark.target("http://127.0.0.1:3000/health")
 *         .workers(8)
 *         .concurrency(256)
 *         .requests(100_000)
 *         .warmup(Duration.ofSeconds(5))
 *         .run();
 * System.out.println(r);
 * }</pre>
 *
 * The engine that sends the requests is found on the class path with {@link ServiceLoader}: add
 * {@code dev.httpbench:benchmark-jetty}.
 */
public final class Benchmark {
    /** The Maven coordinates of the engine, named in the error when none is found. */
    public static final String ENGINE_ARTIFACT = "dev.httpbench:benchmark-jetty";
    private static final String VERSION = readVersion();

    private Benchmark() {
    }

    /**
     * The version of httpbench on the class path, e.g. {@code 0.1.0}: what the engine puts in its
     * {@code User-Agent} and reports record; {@code unknown} when it cannot be read.
     */
    public static String version() {
        return VERSION;
    }

    private static String readVersion() {
        try (InputStream in = Benchmark.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.startsWith("$") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Starts describing a benchmark against {@code url} (http or https). */
    public static BenchmarkConfig.Builder target(String url) {
        return new BenchmarkConfig.Builder(url);
    }

    /** Starts describing a benchmark against {@code url} (http or https). */
    public static BenchmarkConfig.Builder target(URI url) {
        return new BenchmarkConfig.Builder(url);
    }

    /** Runs {@code config} and blocks until the result is there. */
    public static BenchmarkResult run(BenchmarkConfig config) {
        BenchmarkRun run = start(config);
        try {
            return run.await();
        } catch (InterruptedException e) {
            run.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the benchmark; it was stopped", e);
        }
    }

    /** Starts {@code config} in the background. */
    public static BenchmarkRun start(BenchmarkConfig config) {
        return engine().start(config);
    }

    /**
     * The engine found on the class path.
     *
     * @throws IllegalStateException naming the dependency to add when there is none
     */
    public static BenchmarkEngine engine() {
        Iterator<BenchmarkEngine> engines = ServiceLoader.load(BenchmarkEngine.class).iterator();
        if (!engines.hasNext()) {
            throw new IllegalStateException("no httpbench engine found on the class path: add the dependency "
                    + ENGINE_ARTIFACT + " (a " + BenchmarkEngine.class.getName() + " service)");
        }
        return engines.next();
    }
}
