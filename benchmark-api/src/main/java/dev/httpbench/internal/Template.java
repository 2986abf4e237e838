package dev.httpbench.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A text with {@code ${name}} placeholders, split into literal bytes and named slots; {@code $${}
 * stands for a literal {@code ${}. Each slot records where it sits, so that its value can be encoded
 * for that place: in a path, in a query, in a JSON string, or as plain text. Immutable.
 */
public final class Template {
    /** Where a placeholder's value lands, which decides how it is encoded. */
    public enum Place {
        /** Before the {@code ?} of a request target: percent-encoded but for unreserved characters. */
        PATH,
        /** After the {@code ?}: percent-encoded but for unreserved characters and {@code !$'()*,;:@/?}. */
        QUERY,
        /** Inside a JSON string of a JSON body: escaped as JSON string content. */
        JSON_STRING,
        /** A header value or a body: the value's UTF-8 bytes as they are. */
        TEXT
    }

    /** What a placeholder name must look like. */
    public static final String NAME_RULE = "a letter or '_' followed by letters, digits, '_', '.' or '-'";

    private final byte[][] literals; // one more than slots
    private final String[] names;
    private final Place[] places;

    private Template(List<byte[]> literals, List<String> names, List<Place> places) {
        this.literals = literals.toArray(new byte[0][]);
        this.names = names.toArray(new String[0]);
        this.places = places.toArray(new Place[0]);
    }

    /** A template without placeholders: {@code bytes} as they are, {@code ${} included. */
    public static Template literal(byte[] bytes) {
        return new Template(List.of(bytes.clone()), List.of(), List.of());
    }

    /** A request target (path and query); slots before the first literal {@code ?} are in the path. */
    public static Template target(String text) throws TemplateException {
        return parse(text.getBytes(StandardCharsets.UTF_8), true, false);
    }

    /** A header value or a body that is not JSON. */
    public static Template text(byte[] bytes) throws TemplateException {
        return parse(bytes, false, false);
    }

    /** A JSON body: slots inside a JSON string are {@link Place#JSON_STRING}, others {@link Place#TEXT}. */
    public static Template json(byte[] bytes) throws TemplateException {
        return parse(bytes, false, true);
    }

    private static Template parse(byte[] in, boolean target, boolean json) throws TemplateException {
        List<byte[]> literals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Place> places = new ArrayList<>();
        ByteArrayOutputStream literal = new ByteArrayOutputStream();
        boolean query = false;
        boolean inString = false;
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '$' && i + 2 < in.length && in[i + 1] == '$' && in[i + 2] == '{') {
                literal.write('$');
                literal.write('{');
                i += 2;
                continue;
            }
            if (b == '$' && i + 1 < in.length && in[i + 1] == '{') {
                int end = indexOf(in, (byte) '}', i + 2);
                if (end < 0) {
                    throw new TemplateException("has a '${' at character " + (i + 1) + " that is never closed with '}'");
                }
                String name = new String(in, i + 2, end - i - 2, StandardCharsets.UTF_8);
                if (!validName(name)) {
                    throw new TemplateException("placeholder name must be " + NAME_RULE + " but was '${" + name + "}'");
                }
                literals.add(literal.toByteArray());
                literal.reset();
                names.add(name);
                places.add(target ? (query ? Place.QUERY : Place.PATH) : json && inString ? Place.JSON_STRING : Place.TEXT);
                i = end;
                continue;
            }
            if (target && b == '?') {
                query = true;
            }
            if (json) {
                if (b == '"') {
                    inString = !inString;
                } else if (b == '\\' && inString && i + 1 < in.length) {
                    literal.write(b);
                    b = in[++i]; // the escaped character cannot end the string
                }
            }
            literal.write(b);
        }
        literals.add(literal.toByteArray());
        return new Template(literals, names, places);
    }

    private static int indexOf(byte[] in, byte b, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code name} is a valid placeholder (and so column) name. */
    public static boolean validName(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_.-]*");
    }

    /** The number of placeholders. */
    public int slots() {
        return names.length;
    }

    /** The literal bytes before slot {@code i}; {@code literal(slots())} is what follows the last. */
    public byte[] literal(int i) {
        return literals[i].clone();
    }

    /** The name in slot {@code i}. */
    public String name(int i) {
        return names[i];
    }

    /** Where slot {@code i} sits. */
    public Place place(int i) {
        return places[i];
    }

    /** The distinct names, in order of first use. */
    public Set<String> names() {
        return new LinkedHashSet<>(Arrays.asList(names));
    }

    /** A template that cannot be parsed; the message completes "<where> ...". */
    public static final class TemplateException extends Exception {
        private static final long serialVersionUID = 1L;

        TemplateException(String message) {
            super(message);
        }
    }
}
