package dev.httpbench.report;

import dev.httpbench.Benchmark;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a benchmark ran: tool version, Java, operating system, cores and memory of the load
 * generator. Immutable.
 *
 * @param toolVersion the httpbench version
 * @param javaVersion e.g. {@code 17.0.15}
 * @param javaVendor e.g. {@code Debian}
 * @param os name, version and architecture
 * @param cpus processors available to the JVM
 * @param maxHeapBytes the JVM's maximum heap
 * @param host the load generator's host name, or {@code unknown}
 */
public record Environment(String toolVersion, String javaVersion, String javaVendor, String os, int cpus,
        long maxHeapBytes, String host) {
    /** The tool name written into summary.json. */
    public static final String TOOL_NAME = "httpbench";

    /** The environment of this JVM. */
    public static Environment current() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "unknown";
        }
        return new Environment(Benchmark.version(), System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(), host);
    }

    /** Label/value pairs for reports. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("httpbench", toolVersion);
        m.put("Java", javaVersion + " (" + javaVendor + ")");
        m.put("OS", os);
        m.put("CPUs", Integer.toString(cpus));
        m.put("Max heap", (maxHeapBytes / (1024 * 1024)) + " MB");
        m.put("Host", host);
        return m;
    }
}
