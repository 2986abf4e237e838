package dev.httpbench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson mapper of the report writers: pretty-printed, keys in insertion order. Jackson stays
 * inside this package; no public signature of benchmark-report mentions it. Thread-safe once built.
 */
final class Jackson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Jackson() {
    }
}
