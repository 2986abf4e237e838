package dev.httpbench.cli.distributed;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A shard's output as one framed record on stdout ({@code --emit-stdout}), so that {@code kubectl logs} is
 * the transport and a Job needs no shared volume. The files a merge needs are gzipped and base64-encoded
 * in lines between unmistakable markers:
 *
 * <pre>
 * === httpbench shard record 3f9c2a1b7e01 begin: shard 1/4, host gen-1, 37 lines ===
 * hbr 3f9c2a1b7e01 0001 H4sIAAAAAAAA/+1Y...
 * ...
 * === httpbench shard record 3f9c2a1b7e01 end ===
 * </pre>
 *
 * <p>Every line carries the record's id (the start of the SHA-256 of its gzipped bytes) and its number, so
 * a reader finds records however log lines are prefixed ({@code kubectl logs --prefix}, {@code --timestamps}),
 * interleaved with other lines or with other pods' records, and checks that each record is whole. The same
 * record twice (a log read twice) is one record. Stateless.
 */
public final class ShardRecord {
    private static final int LINE = 76;
    private static final Pattern BEGIN = Pattern.compile(
            "=== httpbench shard record ([0-9a-f]{12}) begin: shard (\\d+)/(\\d+), host (\\S*), (\\d+) lines ===");
    private static final Pattern DATA = Pattern.compile("hbr ([0-9a-f]{12}) (\\d{4,}) ([A-Za-z0-9+/=]+)\\s*$");
    private static final Pattern END = Pattern.compile("=== httpbench shard record ([0-9a-f]{12}) end ===");

    /**
     * A record found in a log: its files, or why it cannot be used.
     *
     * @param source the log and the record's place in it, e.g. {@code shards.log (shard 1/4, line 120)}
     * @param shard the shard as its begin line says, e.g. {@code 1/4}
     * @param files the files by relative path; empty when {@code problem} is set
     * @param problem why the record is unusable (cut short, corrupt), or null
     */
    public record Found(String source, String shard, Map<String, byte[]> files, String problem) {
    }

    private ShardRecord() {
    }

    /** The record of {@code files} (relative path to content) as lines ending in a newline. */
    public static String encode(String shard, String host, Map<String, byte[]> files) {
        byte[] gzip = gzip(new TreeMap<>(files));
        String id = id(gzip);
        String base64 = Base64.getEncoder().encodeToString(gzip);
        int lines = (base64.length() + LINE - 1) / LINE;
        StringBuilder s = new StringBuilder(base64.length() + lines * 24 + 200);
        s.append("=== httpbench shard record ").append(id).append(" begin: shard ").append(shard).append(", host ")
                .append(host.replaceAll("[^A-Za-z0-9._-]", "_")).append(", ").append(lines).append(" lines ===\n");
        for (int i = 0; i < lines; i++) {
            s.append("hbr ").append(id).append(' ').append(String.format(java.util.Locale.ROOT, "%04d", i + 1))
                    .append(' ').append(base64, i * LINE, Math.min(base64.length(), (i + 1) * LINE)).append('\n');
        }
        s.append("=== httpbench shard record ").append(id).append(" end ===\n");
        return s.toString();
    }

    /** Every record in a log, in the order their begin lines appear; each distinct record once. */
    public static List<Found> decode(String source, BufferedReader log) throws IOException {
        Map<String, Partial> records = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line = log.readLine(); line != null; line = log.readLine()) {
            lineNo++;
            Matcher m = DATA.matcher(line);
            if (m.find()) {
                records.computeIfAbsent(m.group(1), Partial::new).lines.put(Integer.parseInt(m.group(2)), m.group(3));
                continue;
            }
            m = BEGIN.matcher(line);
            if (m.find()) {
                Partial p = records.computeIfAbsent(m.group(1), Partial::new);
                if (p.shard == null) {
                    p.shard = m.group(2) + "/" + m.group(3);
                    p.expected = Integer.parseInt(m.group(5));
                    p.beginLine = lineNo;
                }
                continue;
            }
            m = END.matcher(line);
            if (m.find()) {
                records.computeIfAbsent(m.group(1), Partial::new).ended = true;
            }
        }
        List<Found> found = new ArrayList<>();
        for (Partial p : records.values()) {
            if (p.shard == null) {
                continue; // lines of a record whose begin line is not in this log: reported by nobody's count
            }
            String where = source + " (shard " + p.shard + ", line " + p.beginLine + ")";
            String problem = p.problem();
            Map<String, byte[]> files = Map.of();
            if (problem == null) {
                byte[] gzip = Base64.getMimeDecoder().decode(String.join("", p.lines.values()));
                if (!id(gzip).equals(p.id)) {
                    problem = "its content does not match its checksum (the log was altered)";
                } else {
                    try {
                        files = gunzip(gzip);
                    } catch (IOException | RuntimeException e) {
                        problem = "its content cannot be read (" + e.getMessage() + ")";
                    }
                }
            }
            found.add(new Found(where, p.shard, files, problem));
        }
        return found;
    }

    private static final class Partial {
        final String id;
        final TreeMap<Integer, String> lines = new TreeMap<>();
        String shard;
        int expected;
        int beginLine;
        boolean ended;

        Partial(String id) {
            this.id = id;
        }

        String problem() {
            if (lines.size() != expected || !ended || (!lines.isEmpty() && (lines.firstKey() != 1
                    || lines.lastKey() != expected))) {
                return "it is cut short: " + lines.size() + " of " + expected + " lines" + (ended ? "" : ", no end line")
                        + " (was the log cut? `kubectl logs` with -l shows only the last 10 lines unless given "
                        + "--tail=-1)";
            }
            return null;
        }
    }

    /** The files as one gzip stream: for each, a line {@code file <path> <length>} and then its bytes. */
    private static byte[] gzip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.write(("file " + f.getKey() + " " + f.getValue().length + "\n").getBytes(StandardCharsets.UTF_8));
                out.write(f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> gunzip(byte[] gzip) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            for (String header = line(in); header != null; header = line(in)) {
                String[] parts = header.split(" ");
                if (parts.length != 3 || !parts[0].equals("file")) {
                    throw new IOException("expected 'file PATH LENGTH' but found '" + header + "'");
                }
                byte[] content = in.readNBytes(Integer.parseInt(parts[2]));
                if (content.length != Integer.parseInt(parts[2])) {
                    throw new IOException(parts[1] + " is cut short");
                }
                files.put(parts[1], content);
            }
        }
        return files;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String id(byte[] gzip) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gzip)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
