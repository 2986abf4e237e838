package dev.httpbench.report.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The Jackson mapper of the merge package and the checked reads of shard files: a missing or malformed
 * field names the file and the field. Jackson stays inside this package. Thread-safe once built.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** The field {@code name} of {@code node}, which must be present and not null. */
    static JsonNode required(JsonNode node, String name, String where) throws MergeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new MergeException(where + ": field '" + name + "' is missing");
        }
        return v;
    }

    static long longValue(JsonNode node, String name, String where) throws MergeException {
        JsonNode v = required(node, name, where);
        if (!v.canConvertToLong()) {
            throw new MergeException(where + ": field '" + name + "' must be a whole number but was " + v);
        }
        return v.asLong();
    }

    static String text(JsonNode node, String name, String where) throws MergeException {
        JsonNode v = required(node, name, where);
        if (!v.isTextual()) {
            throw new MergeException(where + ": field '" + name + "' must be text but was " + v);
        }
        return v.asText();
    }

    /** An ISO-8601 duration ({@code PT5.000123S}), or null when the field is absent or null. */
    static Duration duration(JsonNode node, String name, String where) throws MergeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Duration.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new MergeException(where + ": field '" + name + "' must be an ISO-8601 duration like PT5S but was "
                    + v);
        }
    }

    static Duration requiredDuration(JsonNode node, String name, String where) throws MergeException {
        required(node, name, where);
        return duration(node, name, where);
    }

    /** An ISO-8601 instant, or null when the field is absent or null. */
    static Instant instant(JsonNode node, String name, String where) throws MergeException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new MergeException(where + ": field '" + name + "' must be an ISO-8601 instant but was " + v);
        }
    }

    static Instant requiredInstant(JsonNode node, String name, String where) throws MergeException {
        required(node, name, where);
        return instant(node, name, where);
    }
}
