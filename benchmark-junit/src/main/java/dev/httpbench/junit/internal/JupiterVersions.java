package dev.httpbench.junit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Checks that the JUnit Jupiter a test runs on can carry {@code @LoadTest}: 5.13 or newer (from 5.13
 * JUnit closes the {@link AutoCloseable} values of an extension's store, which is how an interrupted
 * test stops its load), with the api and the engine of one version. A build that pairs them wrongly
 * otherwise fails later with a bare {@code NoSuchMethodError}, or not at all while a stopped test leaves
 * its load running. Stateless and thread-safe.
 */
public final class JupiterVersions {
    /** The oldest Jupiter that closes stored {@link AutoCloseable}s. */
    static final int[] OLDEST = {5, 13};
    /** The JUnit version benchmark-junit is built and tested with, from a resource filtered at build time. */
    static final String BUILT_WITH = builtWith();

    private JupiterVersions() {
    }

    /** @throws ExtensionConfigurationException naming the versions found and how to align them */
    static void check() {
        problem(Test.class.getPackage().getImplementationVersion(), engineVersion()).ifPresent(p -> {
            throw new ExtensionConfigurationException(p);
        });
    }

    /**
     * What is wrong with running on {@code api} and {@code engine} (versions as in the jars' manifests,
     * null when unknown), if anything. Unknown versions (a repackaged JUnit) are not judged.
     */
    static Optional<String> problem(String api, String engine) {
        if (api == null || engine == null) {
            return Optional.empty();
        }
        boolean tooOld = older(api) || older(engine);
        if (!tooOld && api.equals(engine)) {
            return Optional.empty();
        }
        return Optional.of("httpbench's @LoadTest needs JUnit Jupiter " + OLDEST[0] + "." + OLDEST[1]
                + " or newer, with junit-jupiter-api and junit-jupiter-engine of one version, but this test runs on "
                + "junit-jupiter-api " + api + " and junit-jupiter-engine " + engine + ": import org.junit:junit-bom "
                + BUILT_WITH + " (the version benchmark-junit is built with) in <dependencyManagement>, or declare "
                + "org.junit.jupiter:junit-jupiter " + BUILT_WITH + ", so that every JUnit artifact has that version");
    }

    private static String builtWith() {
        try (InputStream in = JupiterVersions.class.getResourceAsStream("junit.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version");
            if (v == null || v.startsWith("$")) {
                throw new IllegalStateException("version missing from dev/httpbench/junit/internal/junit.properties");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String engineVersion() {
        try {
            Package p = Class.forName("org.junit.jupiter.engine.JupiterTestEngine", false,
                    JupiterVersions.class.getClassLoader()).getPackage();
            return p == null ? null : p.getImplementationVersion();
        } catch (ClassNotFoundException | LinkageError e) {
            return null; // no Jupiter engine on this class path: JUnit would not be running us
        }
    }

    /** Whether {@code version} (e.g. {@code 5.10.2}, {@code 6.0.0-M1}) is older than {@link #OLDEST}. */
    private static boolean older(String version) {
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major < OLDEST[0] || (major == OLDEST[0] && minor < OLDEST[1]);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
