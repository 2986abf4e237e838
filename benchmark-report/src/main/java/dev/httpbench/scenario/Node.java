package dev.httpbench.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a scenario file with the line it starts on: a map (keys in file order, each with its
 * own line), a list, or a scalar with its text. What the schema reads, so that every problem can name
 * its line; no Jackson type escapes the reader. Immutable once read.
 */
final class Node {
    enum Kind { MAP, LIST, STRING, NUMBER, BOOLEAN, NULL }

    final Kind kind;
    final int line;
    final String text; // scalars
    final boolean integral; // numbers
    final Map<String, Node> fields; // maps, in file order
    final Map<String, Integer> keyLines;
    final List<Node> items; // lists

    private Node(Kind kind, int line, String text, boolean integral, Map<String, Node> fields,
            Map<String, Integer> keyLines, List<Node> items) {
        this.kind = kind;
        this.line = line;
        this.text = text;
        this.integral = integral;
        this.fields = fields;
        this.keyLines = keyLines;
        this.items = items;
    }

    static Node scalar(Kind kind, int line, String text, boolean integral) {
        return new Node(kind, line, text, integral, Map.of(), Map.of(), List.of());
    }

    static Node map(int line, LinkedHashMap<String, Node> fields, Map<String, Integer> keyLines) {
        return new Node(Kind.MAP, line, null, false, fields, keyLines, List.of());
    }

    static Node list(int line, List<Node> items) {
        return new Node(Kind.LIST, line, null, false, Map.of(), Map.of(), List.copyOf(items));
    }

    boolean scalar() {
        return kind != Kind.MAP && kind != Kind.LIST;
    }

    /** How the value is described in a message: its text for a scalar, else what it is. */
    String describe() {
        return switch (kind) {
            case MAP -> "a map";
            case LIST -> "a list";
            case NULL -> "empty";
            case STRING -> "'" + text.replace("\r", "\\r").replace("\n", "\\n") + "'";
            default -> text;
        };
    }
}
