package dev.httpbench.spi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One endpoint's request to one target instance, compiled: the HTTP/1.1 message as literal bytes and
 * slots for the feeder values, which {@link Workload} encoded once per row for where they land. A
 * request without placeholders is encoded once, here; one with placeholders is assembled by copying
 * bytes, with no allocation and no character encoding per request. The message is what the engine
 * has always sent: the request line; {@code Host} and {@code User-Agent} unless set; the headers in
 * order; {@code Content-Type: application/octet-stream} for a body without one; {@code Content-Length}
 * for a body and for {@code POST}, {@code PUT} and {@code PATCH}; the body. Immutable and thread-safe.
 */
public final class RequestTemplate {
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CRLF = ascii("\r\n");

    private final String method;
    private final boolean head;
    private final Program start; // everything before Content-Length
    private final Program body;
    private final boolean contentLength;
    private final ByteBuffer staticBytes; // null when the request has placeholders
    private final Program target;
    private final List<String> headerNames;
    private final List<Program> headerValues;
    private final List<Map.Entry<String, String>> staticHeaders; // these three: null when not static
    private final String staticTarget;
    private final byte[] staticBody;
    private final int[] feeds;

    RequestTemplate(String method, Program start, Program body, boolean contentLength, Program target,
            List<String> headerNames, List<Program> headerValues, int[] feeds) {
        this.method = method;
        this.head = method.equals("HEAD");
        this.start = start;
        this.body = body;
        this.contentLength = contentLength;
        this.target = target;
        this.headerNames = List.copyOf(headerNames);
        this.headerValues = List.copyOf(headerValues);
        this.feeds = feeds.clone();
        if (feeds.length == 0) {
            int bodyLength = body.length(null);
            byte[] all = new byte[length(null, bodyLength)];
            write(all, null, bodyLength);
            this.staticBytes = ByteBuffer.allocateDirect(all.length).put(all).flip().asReadOnlyBuffer();
            List<Map.Entry<String, String>> h = new ArrayList<>();
            for (int i = 0; i < headerNames.size(); i++) {
                h.add(Map.entry(headerNames.get(i), headerValues.get(i).string(null)));
            }
            this.staticHeaders = List.copyOf(h);
            this.staticTarget = target.string(null);
            this.staticBody = body.bytes(null);
        } else {
            this.staticBytes = null;
            this.staticHeaders = null;
            this.staticTarget = null;
            this.staticBody = null;
        }
    }

    /** Whether the request has no placeholder: its bytes were encoded once, at compile time. */
    public boolean isStatic() {
        return staticBytes != null;
    }

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** Whether this is a {@code HEAD} request. */
    public boolean head() {
        return head;
    }

    /** The indexes in {@link Workload#feeders()} of the feeders whose rows this request takes. */
    int[] feeds() {
        return feeds;
    }

    /**
     * The request's bytes for the given rows, as a new array: for tests and logs, not for the hot path.
     *
     * @param rows the row taken from each feeder, indexed as {@link Workload#feeders()}; ignored
     *        for a static request
     */
    public byte[] wireBytes(int... rows) {
        int bodyLength = body.length(rows);
        byte[] out = new byte[length(rows, bodyLength)];
        write(out, rows, bodyLength);
        return out;
    }

    /** A read-only view of the pre-encoded bytes of a static request, for one worker. */
    ByteBuffer staticView() {
        return staticBytes.duplicate();
    }

    int staticLength() {
        return staticBytes.capacity();
    }

    /** Assembles the request for {@code rows} into {@code out}. */
    void encode(int[] rows, RequestBuffer out) {
        int bodyLength = body.length(rows);
        int length = length(rows, bodyLength);
        write(out.array(length), rows, bodyLength);
        out.commit(length, head);
    }

    /** Fills {@code out} with the parts of the request for {@code rows}. */
    void parts(int[] rows, RequestParts out) {
        if (staticHeaders != null) {
            out.set(method, staticTarget, staticHeaders, staticBody);
            return;
        }
        List<Map.Entry<String, String>> h = new ArrayList<>(headerNames.size());
        for (int i = 0; i < headerNames.size(); i++) {
            h.add(Map.entry(headerNames.get(i), headerValues.get(i).string(rows)));
        }
        out.set(method, target.string(rows), h, body.bytes(rows));
    }

    private int length(int[] rows, int bodyLength) {
        int n = start.length(rows) + CRLF.length + bodyLength;
        if (contentLength) {
            n += CONTENT_LENGTH.length + digits(bodyLength) + CRLF.length;
        }
        return n;
    }

    private void write(byte[] out, int[] rows, int bodyLength) {
        int at = start.write(out, 0, rows);
        if (contentLength) {
            System.arraycopy(CONTENT_LENGTH, 0, out, at, CONTENT_LENGTH.length);
            at += CONTENT_LENGTH.length;
            int d = digits(bodyLength);
            for (int i = at + d - 1, v = bodyLength; i >= at; i--, v /= 10) {
                out[i] = (byte) ('0' + v % 10);
            }
            at += d;
            out[at++] = '\r';
            out[at++] = '\n';
        }
        out[at++] = '\r';
        out[at++] = '\n';
        body.write(out, at, rows);
    }

    private static int digits(int v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A sequence of literal bytes and slots; slot {@code i} copies {@code values[i][rows[feeds[i]]]}, the
     * value of the row taken from feeder {@code feeds[i]}, already encoded. Immutable.
     */
    static final class Program {
        private final byte[][] literals; // one more than slots
        private final int[] feeds;
        private final byte[][][] values;
        private final int literalLength;

        private Program(List<byte[]> literals, List<Integer> feeds, List<byte[][]> values) {
            this.literals = literals.toArray(new byte[0][]);
            this.feeds = feeds.stream().mapToInt(Integer::intValue).toArray();
            this.values = values.toArray(new byte[0][][]);
            int n = 0;
            for (byte[] l : this.literals) {
                n += l.length;
            }
            this.literalLength = n;
        }

        boolean isEmpty() {
            return literalLength == 0 && feeds.length == 0;
        }

        /** Adds this program's literals and slots to {@code b}. */
        void appendTo(Builder b) {
            for (int i = 0; i < feeds.length; i++) {
                b.literal(literals[i]).slot(feeds[i], values[i]);
            }
            b.literal(literals[feeds.length]);
        }

        int length(int[] rows) {
            int n = literalLength;
            for (int i = 0; i < feeds.length; i++) {
                n += values[i][rows[feeds[i]]].length;
            }
            return n;
        }

        int write(byte[] out, int at, int[] rows) {
            for (int i = 0; i < feeds.length; i++) {
                byte[] l = literals[i];
                System.arraycopy(l, 0, out, at, l.length);
                at += l.length;
                byte[] v = values[i][rows[feeds[i]]];
                System.arraycopy(v, 0, out, at, v.length);
                at += v.length;
            }
            byte[] last = literals[feeds.length];
            System.arraycopy(last, 0, out, at, last.length);
            return at + last.length;
        }

        byte[] bytes(int[] rows) {
            byte[] out = new byte[length(rows)];
            write(out, 0, rows);
            return out;
        }

        String string(int[] rows) {
            return new String(bytes(rows), StandardCharsets.UTF_8);
        }

        /** Builds a program; adjacent literals are merged. Not thread-safe. */
        static final class Builder {
            private final List<byte[]> literals = new ArrayList<>();
            private final List<Integer> feeds = new ArrayList<>();
            private final List<byte[][]> values = new ArrayList<>();
            private final ByteArrayOutputStream literal = new ByteArrayOutputStream();

            Builder literal(byte[] bytes) {
                literal.writeBytes(bytes);
                return this;
            }

            Builder literal(String ascii) {
                return literal(ascii(ascii));
            }

            Builder slot(int feed, byte[][] encodedValues) {
                literals.add(literal.toByteArray());
                literal.reset();
                feeds.add(feed);
                values.add(encodedValues);
                return this;
            }

            Program build() {
                List<byte[]> all = new ArrayList<>(literals);
                all.add(literal.toByteArray());
                return new Program(all, feeds, values);
            }
        }
    }
}
