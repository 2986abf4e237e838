package dev.httpbench.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML or JSON text into {@link Node}s with their lines, through Jackson's streaming parsers
 * (the tree model forgets locations). Duplicate keys are an error here, as they are in neither
 * parser. Stateless; each call uses its own parser.
 */
final class TreeReader {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonFactory JSON = new JsonFactory();

    /** A text that is not well-formed YAML or JSON: the line and why. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;
        final int line;
        final String field;

        SyntaxError(int line, String field, String message) {
            super(message);
            this.line = line;
            this.field = field;
        }
    }

    private TreeReader() {
    }

    /** The document's root, or null when the text holds none. */
    static Node read(String text, boolean json) throws SyntaxError {
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return null;
            }
            return value(p, first, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            throw new SyntaxError(at == null ? 1 : Math.max(1, at.getLineNr()), "",
                    "must be well-formed " + (json ? "JSON" : "YAML") + " but is not: " + firstLine(why));
        } catch (IOException e) {
            throw new SyntaxError(1, "", "could not be read: " + e.getMessage());
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static Node value(JsonParser p, JsonToken t, String path) throws IOException, SyntaxError {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT: {
                LinkedHashMap<String, Node> fields = new LinkedHashMap<>();
                Map<String, Integer> lines = new HashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    String field = path.isEmpty() ? name : path + "." + name;
                    if (fields.containsKey(name)) {
                        throw new SyntaxError(keyLine, field, "must appear once but appears again (first on line "
                                + lines.get(name) + ")");
                    }
                    lines.put(name, keyLine);
                    fields.put(name, value(p, p.nextToken(), field));
                }
                return Node.map(line, fields, lines);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(value(p, i, path + "[" + items.size() + "]"));
                }
                return Node.list(line, items);
            }
            case VALUE_STRING:
                return Node.scalar(Node.Kind.STRING, line, p.getText(), false);
            case VALUE_NUMBER_INT:
                return Node.scalar(Node.Kind.NUMBER, line, p.getText(), true);
            case VALUE_NUMBER_FLOAT:
                return Node.scalar(Node.Kind.NUMBER, line, p.getText(), false);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return Node.scalar(Node.Kind.BOOLEAN, line, p.getText(), false);
            case VALUE_NULL:
                return Node.scalar(Node.Kind.NULL, line, "", false);
            default:
                throw new SyntaxError(line, path, "must be a value but is " + t);
        }
    }
}
