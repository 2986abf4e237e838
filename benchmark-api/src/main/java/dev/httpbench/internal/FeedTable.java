package dev.httpbench.internal;

import dev.httpbench.Feeder;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a feeder's file, read whole when a configuration is built: column names, and for each
 * row its values and the line it starts on (for messages). Immutable after {@link #read(Feeder)}.
 * Messages name the file and line, never a value: a data file may hold credentials.
 */
public final class FeedTable {
    private final String file;
    private final List<String> columns;
    private final String[][] rows;
    private final int[] lines;

    private FeedTable(String file, List<String> columns, List<String[]> rows, List<Integer> lines) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.rows = rows.toArray(new String[0][]);
        this.lines = lines.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Reads {@code feeder}'s file.
     *
     * @throws FeedException whose message says what is wrong, starting with {@code feeder file}
     */
    public static FeedTable read(Feeder feeder) throws FeedException {
        Path path = feeder.file();
        String name = String.valueOf(path);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new FeedException("feeder file must exist and be readable but was '" + name + "' (no such file)");
        } catch (AccessDeniedException e) {
            throw new FeedException("feeder file must exist and be readable but was '" + name + "' (access denied)");
        } catch (CharacterCodingException e) {
            throw new FeedException("feeder file " + name + " must be UTF-8 text but is not");
        } catch (IOException e) {
            throw new FeedException("feeder file must exist and be readable but was '" + name + "' ("
                    + (Files.isDirectory(path) ? "a directory" : e.getClass().getSimpleName()) + ")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new FeedException("feeder file " + name + " must have " + (feeder.format() == Feeder.Format.CSV
                    ? "a header line and at least one row" : "at least one line") + " but is empty");
        }
        return feeder.format() == Feeder.Format.CSV ? csv(name, text) : jsonLines(name, text);
    }

    private static FeedTable csv(String name, String text) throws FeedException {
        List<String[]> records = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quotedRecord = false;
            while (true) {
                if (i < n && text.charAt(i) == '"' && field.length() == 0) {
                    quotedRecord = true;
                    int opened = line;
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new FeedException("feeder file " + name + " line " + opened
                                    + " must close the quote it opens but does not");
                        }
                        char c = text.charAt(i++);
                        if (c == '"') {
                            if (i < n && text.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            field.append(c);
                        }
                    }
                    if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        throw new FeedException("feeder file " + name + " line " + line + " value " + (fields.size() + 1)
                                + " must end at its closing quote but goes on");
                    }
                }
                while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    field.append(text.charAt(i++));
                }
                fields.add(field.toString());
                field.setLength(0);
                if (i < n && text.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < n && text.charAt(i) == '\r') {
                    i++;
                }
                if (i < n && text.charAt(i) == '\n') {
                    i++;
                }
                line++;
                break;
            }
            if (fields.size() == 1 && fields.get(0).isEmpty() && !quotedRecord) {
                continue; // a blank line
            }
            records.add(fields.toArray(new String[0]));
            lines.add(start);
        }
        String[] header = records.get(0);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].isBlank()) {
                throw new FeedException("feeder file " + name + " line " + lines.get(0)
                        + " must name every column but column " + (c + 1) + " has no name");
            }
            if (!seen.add(header[c])) {
                throw new FeedException("feeder file " + name + " line " + lines.get(0)
                        + " must name each column once but names '" + header[c] + "' twice");
            }
        }
        if (records.size() == 1) {
            throw new FeedException("feeder file " + name + " must have at least one row after its header line but has none");
        }
        for (int r = 1; r < records.size(); r++) {
            if (records.get(r).length != header.length) {
                throw new FeedException("feeder file " + name + " line " + lines.get(r) + " must have " + header.length
                        + (header.length == 1 ? " value" : " values") + " like its header but has " + records.get(r).length);
            }
        }
        return new FeedTable(name, List.of(header), records.subList(1, records.size()), lines.subList(1, lines.size()));
    }

    private static FeedTable jsonLines(String name, String text) throws FeedException {
        List<String> columns = null;
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        String[] split = text.split("\r?\n", -1);
        for (int l = 0; l < split.length; l++) {
            if (split[l].isBlank()) {
                continue;
            }
            Map<String, String> object;
            try {
                object = new JsonObjectLine(split[l]).parse();
            } catch (IllegalArgumentException e) {
                throw new FeedException("feeder file " + name + " line " + (l + 1) + " must be one JSON object but is not ("
                        + e.getMessage() + ")");
            }
            if (columns == null) {
                columns = List.copyOf(object.keySet());
            } else if (!object.keySet().equals(Set.copyOf(columns))) {
                List<String> expected = columns;
                String missing = expected.stream().filter(c -> !object.containsKey(c)).findFirst().orElse(null);
                String extra = object.keySet().stream().filter(c -> !expected.contains(c)).findFirst().orElse(null);
                throw new FeedException("feeder file " + name + " line " + (l + 1) + " must have the keys of line "
                        + lines.get(0) + " (" + String.join(", ", columns) + ") but "
                        + (missing != null ? "has no '" + missing + "'" : "has '" + extra + "' too"));
            }
            String[] row = new String[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = object.get(columns.get(c));
            }
            rows.add(row);
            lines.add(l + 1);
        }
        return new FeedTable(name, columns, rows, lines);
    }

    /** The file as given, for messages. */
    public String file() {
        return file;
    }

    public List<String> columns() {
        return columns;
    }

    /** The index of {@code column}, or -1. */
    public int column(String column) {
        return columns.indexOf(column);
    }

    public int rowCount() {
        return rows.length;
    }

    /** The value of {@code column} in {@code row}. */
    public String value(int row, int column) {
        return rows[row][column];
    }

    /** The line of the file where {@code row} starts. */
    public int line(int row) {
        return lines[row];
    }

    /** A file that cannot be used; the message names the file and line and says why. */
    public static final class FeedException extends Exception {
        private static final long serialVersionUID = 1L;

        public FeedException(String message) {
            super(message);
        }
    }

    /**
     * One line of a JSON-lines file: a flat reading of one JSON object whose string values are
     * unescaped and whose other values are kept as their JSON text. Not thread-safe; one per line.
     */
    private static final class JsonObjectLine {
        private final String s;
        private int i;

        JsonObjectLine(String s) {
            this.s = s;
        }

        Map<String, String> parse() {
            Map<String, String> object = new LinkedHashMap<>();
            space();
            expect('{');
            space();
            if (peek() == '}') {
                throw fail("it has no key");
            }
            while (true) {
                space();
                String key = string();
                if (object.containsKey(key)) {
                    throw fail("key '" + key + "' appears twice");
                }
                space();
                expect(':');
                space();
                object.put(key, peek() == '"' ? string() : rawValue());
                space();
                if (peek() == ',') {
                    i++;
                    continue;
                }
                expect('}');
                space();
                if (i < s.length()) {
                    throw fail("more after the object at character " + (i + 1));
                }
                return object;
            }
        }

        private String rawValue() {
            int start = i;
            skipValue();
            return s.substring(start, i);
        }

        private void skipValue() {
            char c = peek();
            if (c == '"') {
                string();
            } else if (c == '{' || c == '[') {
                char close = c == '{' ? '}' : ']';
                i++;
                space();
                if (peek() == close) {
                    i++;
                    return;
                }
                while (true) {
                    space();
                    if (c == '{') {
                        string();
                        space();
                        expect(':');
                        space();
                    }
                    skipValue();
                    space();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect(close);
                    return;
                }
            } else {
                int start = i;
                while (i < s.length() && "{}[],: \t\"".indexOf(s.charAt(i)) < 0) {
                    i++;
                }
                String word = s.substring(start, i);
                if (!word.matches("true|false|null|-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                    i = start;
                    throw fail("expected a value at character " + (start + 1));
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (i >= s.length()) {
                    throw fail("a string is never closed");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = i < s.length() ? s.charAt(i++) : ' ';
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                            throw fail("a bad \\u escape at character " + (i - 1));
                        }
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw fail("a bad escape at character " + (i - 1));
                }
            }
        }

        private void space() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("expected '" + c + "' at character " + (i + 1));
            }
            i++;
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException(why);
        }
    }
}
