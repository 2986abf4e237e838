package dev.httpbench.cli;

import dev.httpbench.analysis.ExpectationTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The expectation tables the runner ships for {@code --vm-size}: the figures of the incident that
 * started httpbench, the "Reframe" service on an 8-core cloud VM (~2500 req/s with P99 ~85 ms at 128
 * concurrent, ~4000 req/s with P99 ~110 ms at 256). They describe that service, not yours: supply your
 * own file with {@code --expectations}. Stateless.
 */
public final class BuiltInExpectations {
    private static final String RESOURCE = "expectations.csv";

    private BuiltInExpectations() {
    }

    /** The shipped tables, by label. */
    public static Map<String, ExpectationTable> tables() {
        try (InputStream in = BuiltInExpectations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("built-in expectations " + RESOURCE + " missing from the jar");
            }
            return ExpectationTable.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in expectations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
